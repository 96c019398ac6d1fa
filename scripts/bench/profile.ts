// A CPU profile of part of a run, summarized by self time per function.
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import path from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}

export async function startProfile(): Promise<{ stop(file: string): Promise<string[]> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 1000 });
  await session.post('Profiler.start');
  return {
    async stop(file) {
      const { profile } = (await session.post('Profiler.stop')) as unknown as {
        profile: { nodes: ProfileNode[]; samples: number[] };
      };
      session.disconnect();
      await writeFile(file, JSON.stringify(profile));
      const total = profile.samples.length;
      const byFunction = new Map<string, number>();
      for (const node of profile.nodes) {
        const { functionName, url, lineNumber } = node.callFrame;
        const where = url
          ? `${path.relative(process.cwd(), url.replace('file://', ''))}:${lineNumber + 1}`
          : '';
        const name = `${functionName || '(anonymous)'} ${where}`.trim();
        byFunction.set(name, (byFunction.get(name) ?? 0) + (node.hitCount ?? 0));
      }
      return [...byFunction.entries()]
        .sort((a, b) => b[1] - a[1])
        .slice(0, 15)
        .map(([name, hits]) => `${((hits * 100) / total).toFixed(1).padStart(5)}%  ${name}`);
    },
  };
}
