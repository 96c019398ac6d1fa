import { discoverPlugins } from '@provider-data/core/discover';
import type { ExpectedPullOutcome } from '@provider-data/core/testing';
import { CliError, ExitCode } from './exit-codes.js';

const installed = (await discoverPlugins()).filter((p) => p.loadGenerator !== undefined);

/**
 * The health systems `pdm generate` and the demo can make fake pulls of: the
 * installed plugin packages whose marker names a generator (`PDM_PLUGINS`
 * narrows them).
 */
export const GENERATED_SYSTEMS = installed.map((p) => p.plugin.key) as unknown as readonly [
  string,
  ...string[],
];
/** One of {@link GENERATED_SYSTEMS}. */
export type GeneratedSystem = string;

/** What to generate. */
export interface GeneratePullOptions {
  seed: number;
  doctors: number;
  cities: number;
  /** Share of records and files made dirty on purpose, 0–1. */
  dirt: number;
  /** The pull timestamp, `YYYYMMDDTHHMMSSZ`; the generators' default when absent. */
  timestamp?: string;
  /** The folder that mirrors the bucket. */
  dir: string;
}

/** A generated pull: its timestamp, the keys written, and what processing it must produce. */
export interface GeneratedPull {
  pullTimestamp: string;
  keys: string[];
  expected: ExpectedPullOutcome;
}

/**
 * Writes a fake pull of `system` into a folder laid out like the bucket, with
 * the plugin's own generator. The generators are loaded only when asked for:
 * they live in the plugins' `/testing` entries.
 */
export async function generatePull(
  system: GeneratedSystem,
  options: GeneratePullOptions,
): Promise<GeneratedPull> {
  const { dir, timestamp, ...rest } = options;
  const input = { ...rest, ...(timestamp ? { timestamp } : {}), target: { dir } };
  const load = installed.find((p) => p.plugin.key === system)?.loadGenerator;
  if (!load) {
    throw new CliError(`no installed plugin generates ${system} pulls`, ExitCode.usage, 'unknown_system');
  }
  return normalize(await (await load())(input));
}

function normalize(pull: {
  pullTimestamp: string;
  keys: readonly string[];
  expected: ExpectedPullOutcome;
}): GeneratedPull {
  return { pullTimestamp: pull.pullTimestamp, keys: [...pull.keys], expected: pull.expected };
}
