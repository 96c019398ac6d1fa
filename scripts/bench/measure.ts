// Process-level measurements for the benchmark: wall time and peak RSS.

/** Samples the process's resident memory every `intervalMs` until stopped. */
export function sampleMemory(intervalMs = 50): { stop(): number; peak(): number; peakHeap(): number } {
  let peak = process.memoryUsage().rss;
  let peakHeap = process.memoryUsage().heapUsed;
  const timer = setInterval(() => {
    const { rss, heapUsed } = process.memoryUsage();
    if (rss > peak) peak = rss;
    if (heapUsed > peakHeap) peakHeap = heapUsed;
  }, intervalMs);
  timer.unref();
  return {
    peak: () => peak,
    peakHeap: () => peakHeap,
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
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
