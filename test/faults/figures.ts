// The fault suites' figures, collected into test/faults/.figures/*.json and
// written into RELIABILITY.md by scripts/reliability-report.ts.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

const dir = path.join(import.meta.dirname, '.figures');

export async function recordFigure(name: string, figures: Record<string, unknown>): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(
    path.join(dir, `${name}.json`),
    `${JSON.stringify({ ...figures, at: new Date().toISOString() }, null, 2)}\n`,
  );
}
