import type { ExpectedPullOutcome } from '@provider-data/core/testing';
import { CliError, ExitCode } from './exit-codes.js';

/** The health systems `pdm generate` and the demo can make fake pulls of. */
export const GENERATED_SYSTEMS = ['apollo', 'fortis'] as const;
/** One of {@link GENERATED_SYSTEMS}. */
export type GeneratedSystem = (typeof GENERATED_SYSTEMS)[number];

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
  if (system === 'apollo') {
    const { generateApolloPull } = await loadGenerators(() => import('@provider-data/plugin-apollo/testing'));
    return normalize(await generateApolloPull(input));
  }
  const { generateFortisPull } = await loadGenerators(() => import('@provider-data/plugin-fortis/testing'));
  return normalize(await generateFortisPull(input));
}

// The generators sit in the plugins' test kits, which load `vitest` (an
// optional peer of @provider-data/core/testing): say so instead of a stack.
async function loadGenerators<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    const e = error as { code?: string; message?: string };
    if (e?.code === 'ERR_MODULE_NOT_FOUND' && /'vitest'|"vitest"/.test(e.message ?? '')) {
      throw new CliError(
        'the fake-pull generators need the optional package vitest; install it next to pdm (npm i -g vitest)',
        ExitCode.config,
        'missing_optional_dependency',
      );
    }
    throw error;
  }
}

function normalize(pull: {
  pullTimestamp: string;
  keys: readonly string[];
  expected: ExpectedPullOutcome;
}): GeneratedPull {
  return { pullTimestamp: pull.pullTimestamp, keys: [...pull.keys], expected: pull.expected };
}
