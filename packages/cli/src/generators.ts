import type { ExpectedPullOutcome } from '@provider-data/core/testing';

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
    const { generateApolloPull } = await import('@provider-data/plugin-apollo/testing');
    return normalize(await generateApolloPull(input));
  }
  const { generateFortisPull } = await import('@provider-data/plugin-fortis/testing');
  return normalize(await generateFortisPull(input));
}

function normalize(pull: {
  pullTimestamp: string;
  keys: readonly string[];
  expected: ExpectedPullOutcome;
}): GeneratedPull {
  return { pullTimestamp: pull.pullTimestamp, keys: [...pull.keys], expected: pull.expected };
}
