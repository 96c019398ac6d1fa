// The benchmark's file threads: `--threads N` (createFileThreads), `--calling-thread`
// (the benchmark's own thread runs files too) and `--thread-young N` (a thread's young
// generation in MB; 24 by default, the deployment's 8 MB semi-space).
import { createFileThreads, type FileThreads } from '@provider-data/core';
import type { BenchThreadData } from './thread-setup.js';

/** The file threads `args` ask for, each building its parts from `data`; none without `--threads`. */
export function benchFileThreads(
  args: Record<string, string>,
  data: Omit<BenchThreadData, 'connections'>,
): { runner: FileThreads | undefined; flags: string } {
  const threads = args.threads === undefined ? 0 : Number(args.threads);
  if (threads === 0) return { runner: undefined, flags: '' };
  const callingThread = args['calling-thread'] === 'true';
  const young = Number(args['thread-young'] ?? 24);
  const runner = createFileThreads({
    // The setup module is bundled beside the benchmark's (scripts/bench/launch.ts).
    setup: new URL('./thread-setup.mjs', import.meta.url),
    data: { ...data, connections: 3 } satisfies BenchThreadData,
    threads,
    callingThread,
    // The deployment's old space, and its young generation unless `--thread-young` says otherwise.
    resourceLimits: { maxYoungGenerationSizeMb: young, maxOldGenerationSizeMb: 160 },
  });
  const flags = ` --threads ${threads}${callingThread ? ' --calling-thread' : ''}${young !== 24 ? ` --thread-young ${young}` : ''}`;
  return { runner, flags };
}
