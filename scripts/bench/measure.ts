// Process-level measurements for the benchmark: wall time and peak RSS.
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';

/**
 * `process.memoryUsage()`, V8's own malloc'ed memory (compiler and parser
 * zones, outside its heap) and, on Linux, the resident pages mapped from
 * files (the Node binary's code) and the anonymous ones (V8's heap, and what
 * malloc holds: freed or not): what "the rest" of a peak is made of.
 */
export type MemorySample = NodeJS.MemoryUsage & { v8Malloced: number; rssFile: number; rssAnon: number };

/** `RssFile` and `RssAnon` of /proc/self/status, in bytes (NaN where there is none). */
function residentKinds(): { rssFile: number; rssAnon: number } {
  let status = '';
  try {
    status = readFileSync('/proc/self/status', 'utf8');
  } catch {}
  const field = (name: string) => {
    const kib = new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1];
    return kib === undefined ? Number.NaN : Number(kib) * 1024;
  };
  return { rssFile: field('RssFile'), rssAnon: field('RssAnon') };
}

/** `usage` with what only the peak's line needs: read at a new peak, not at every sample. */
function detailed(usage: NodeJS.MemoryUsage): MemorySample {
  return { ...usage, v8Malloced: getHeapStatistics().malloced_memory, ...residentKinds() };
}

/** Samples the process's resident memory every `intervalMs` until stopped. */
export function sampleMemory(intervalMs = 50): {
  stop(): number;
  peak(): number;
  peakHeap(): number;
  /** The sample when the resident memory peaked: where the peak was. */
  atPeak(): MemorySample;
} {
  let atPeak = detailed(process.memoryUsage());
  let peakHeap = atPeak.heapUsed;
  const timer = setInterval(() => {
    const usage = process.memoryUsage();
    if (usage.rss > atPeak.rss) atPeak = detailed(usage);
    if (usage.heapUsed > peakHeap) peakHeap = usage.heapUsed;
  }, intervalMs);
  timer.unref();
  return {
    peak: () => atPeak.rss,
    peakHeap: () => peakHeap,
    atPeak: () => atPeak,
    stop() {
      clearInterval(timer);
      return atPeak.rss;
    },
  };
}

/** Where resident memory is: V8's heap (reserved and used), and memory outside it (buffers). */
export function memoryLine(usage: MemorySample): string {
  return `rss ${mib(usage.rss)} = heap ${mib(usage.heapTotal)} reserved (${mib(usage.heapUsed)} used) + external ${mib(usage.external)} (array buffers ${mib(usage.arrayBuffers)}) + the rest ${mib(usage.rss - usage.heapTotal - usage.external)} (of it V8's malloc ${mib(usage.v8Malloced)}, mapped from files ${mib(usage.rssFile)}); anonymous ${mib(usage.rssAnon)} in all`;
}

export function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

export function rate(rows: number, ms: number): number {
  return ms > 0 ? Math.round((rows * 1000) / ms) : 0;
}

export function fmt(n: number): string {
  return n.toLocaleString('en-US');
}

export function parseArgs(argv: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) continue;
    const [key, value] = arg.slice(2).split('=', 2) as [string, string | undefined];
    if (value !== undefined) out[key] = value;
    else if (argv[i + 1] && !argv[i + 1]!.startsWith('--')) out[key] = argv[++i]!;
    else out[key] = 'true';
  }
  return out;
}
