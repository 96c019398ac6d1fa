import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureBuilt, inspectDatabase, pdm } from './pdm.js';

/** A database the flow runs against. */
export interface FlowTarget {
  /** Opens the database for the suite; returns its URL or folder, its schemas and the cleanup. */
  setup(work: string): Promise<{
    database: string;
    schemas: { schema: string; pullSchema: string };
    cleanup(): Promise<void>;
  }>;
  /** Also run the checks of every exit code (once per machine is enough: on the fastest database). */
  edgeCases: boolean;
  /** Also run a Fortis pull through the same database. */
  fortis: boolean;
  /** Run the independent checks at the same time (a server; never one PGlite folder from two processes). */
  concurrent: boolean;
}

interface Generated {
  pullTimestamp: string;
  expected: {
    files: number;
    failedFiles: number;
    records: { read: number; quarantined: number };
    rows: { practitioner: number; practice: number; provider: number };
    quarantineByReason: Record<string, number>;
  };
}

/**
 * generate → register → process → pull against one database, checking the
 * tables against what the generator expects; with `edgeCases`, also pulls,
 * quarantine, reprocess and every exit code.
 */
export function pullFlowSuite(target: FlowTarget): void {
  let work: string;
  let db: string[];
  let database: string;
  let schemas: { schema: string; pullSchema: string };
  let cleanup: () => Promise<void> = async () => {};
  const pulls: Record<string, { pullId: string; generated: Generated }> = {};

  beforeAll(async () => {
    await ensureBuilt();
    work = await mkdtemp(path.join(tmpdir(), 'pdm-flow-'));
    ({ database, schemas, cleanup } = await target.setup(work));
    db = ['--database', database, '--schema', schemas.schema, '--pull-schema', schemas.pullSchema];
  }, 600_000);

  afterAll(async () => {
    await cleanup();
    await rm(work, { recursive: true, force: true });
  });

  it('migrate creates the tables', async () => {
    const { code, stdout } = await pdm(['migrate', ...db, '--json'], { cwd: work });
    expect(code).toBe(0);
    const result = JSON.parse(stdout);
    // A fresh database: every migration of the sink, in order.
    expect(result.applied.slice(0, 2)).toEqual(['0001_data_pulls', '0002_canonical_tables']);
    expect([...result.applied].sort()).toEqual(result.applied);
    expect(result.schema).toBe(schemas.schema);
    expect(JSON.stringify(result)).not.toMatch(/:[^:@/]+@/); // no password in the database label
  });

  const each = target.concurrent ? it.concurrent : it;
  const systems = target.fortis ? (['apollo', 'fortis'] as const) : (['apollo'] as const);

  it.each(systems)(
    '%s: generate, register, process, pull; the tables hold what the generator expects',
    async (system) => {
      const gen = await pdm(
        [
          'generate',
          '--system',
          system,
          '--doctors',
          '60',
          '--cities',
          '3',
          '--dirt',
          '0.1',
          '--seed',
          '5',
          '--out',
          'pulls',
          '--json',
        ],
        { cwd: work },
      );
      expect(gen.code).toBe(0);
      const generated = JSON.parse(gen.stdout) as Generated;
      expect(generated.pullTimestamp).toMatch(/^\d{8}T\d{6}Z$/);

      const reg = await pdm(
        ['register', '--system', system, '--timestamp', generated.pullTimestamp, '--type', 'full', ...db],
        { cwd: work },
      );
      expect(reg.code).toBe(0);
      const pullId = reg.stdout.trim();
      expect(pullId).toMatch(/^[0-9a-f-]{36}$/);
      pulls[system] = { pullId, generated };

      const processed = await pdm(['process', pullId, '--store', 'pulls', ...db, '--json'], { cwd: work });
      expect(processed.code).toBe(0);
      expect(processed.stderr).toBe(''); // --json: no progress, nothing but the JSON
      const { status, summary } = JSON.parse(processed.stdout);
      expect(status).toBe('processed');
      expect(summary.reconciled).toBe(true);
      expect(summary.records.read).toBe(generated.expected.records.read);
      expect(summary.records.quarantined).toBe(generated.expected.records.quarantined);
      expect(summary.files.total).toBe(generated.expected.files);

      const shown = await pdm(['pull', pullId, ...db, '--json'], { cwd: work });
      expect(shown.code).toBe(0);
      const pull = JSON.parse(shown.stdout);
      expect(pull.status).toBe('processed');
      expect(pull.failedFiles).toHaveLength(generated.expected.failedFiles);
      expect(pull.quarantineByReason).toEqual(generated.expected.quarantineByReason);

      const state = await inspectDatabase(database, schemas, pullId, system);
      expect(state.status).toBe('processed');
      expect(state.rows).toEqual(generated.expected.rows);
      expect(state.quarantineByReason).toEqual(generated.expected.quarantineByReason);
    },
  );

  if (!target.edgeCases) return;

  each('pull shows the summary, failed files and unmapped specialties as text', async () => {
    const { pullId, generated } = pulls.apollo!;
    const { code, stdout } = await pdm(['pull', pullId, ...db], { cwd: work });
    expect(code).toBe(0);
    expect(stdout).toContain(`apollo full pull ${pullId} (${generated.pullTimestamp})`);
    expect(stdout).toMatch(/status\s+processed/);
    expect(stdout).toContain(`read ${generated.expected.records.read} = loaded`);
    expect(stdout).toMatch(/failed files\s+\d/);
    for (const reason of Object.keys(generated.expected.quarantineByReason)) expect(stdout).toContain(reason);
  });

  each('pulls lists the pulls with status and counts', async () => {
    const text = await pdm(['pulls', ...db], { cwd: work });
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/^pull id\s+system\s+timestamp/);
    expect(text.stdout).toMatch(
      new RegExp(`${pulls.apollo!.pullId}\\s+apollo\\s+\\d{8}T\\d{6}Z\\s+full\\s+processed`),
    );
    const json = await pdm(['pulls', '--limit', '50', ...db, '--json'], { cwd: work });
    expect(json.code).toBe(0);
    const listed = JSON.parse(json.stdout);
    const apollo = listed.find((p: { pullId: string }) => p.pullId === pulls.apollo!.pullId);
    expect(apollo).toMatchObject({
      healthSystem: 'apollo',
      dataType: 'full',
      status: 'processed',
      attempts: 1,
    });
    expect(apollo.records.read).toBe(pulls.apollo!.generated.expected.records.read);
    const limited = await pdm(['pulls', '--limit', '1', ...db, '--json'], { cwd: work });
    expect(JSON.parse(limited.stdout)).toHaveLength(1);
  });

  each('quarantine lists rejected records as a table, and as JSON filtered by reason', async () => {
    const { pullId, generated } = pulls.apollo!;
    const table = await pdm(['quarantine', pullId, '--limit', '3', ...db], { cwd: work });
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^file\s+position\s+entity\s+source id\s+reason\s+message/);
    const total = Object.values(generated.expected.quarantineByReason).reduce((a, b) => a + b, 0);
    expect(table.stdout).toContain(`3 of ${total} rows quarantined`);

    const [reason, count] = Object.entries(generated.expected.quarantineByReason).sort(
      (a, b) => b[1] - a[1],
    )[0]!;
    const json = await pdm(['quarantine', pullId, '--reason', reason, '--limit', '1000', ...db, '--json'], {
      cwd: work,
    });
    expect(json.code).toBe(0);
    const result = JSON.parse(json.stdout);
    expect(result.total).toBe(count);
    expect(result.rows).toHaveLength(count);
    for (const row of result.rows) expect(row.reason).toBe(reason);
  });

  each.each([['pull'], ['quarantine'], ['process']])(
    '%s of a pull that does not exist exits 3',
    async (command) => {
      const missing = randomUUID();
      const { code, stderr } = await pdm([command, missing, ...db], { cwd: work });
      expect(code).toBe(3);
      expect(stderr.trim()).toMatch(new RegExp(`^pdm: .*data pull ${missing} was not found$`));
    },
  );

  each('register refuses a health system with no plugin (exit 2)', async () => {
    const { code, stderr } = await pdm(
      ['register', '--system', 'acme', '--timestamp', '20261120T053000Z', '--type', 'full', ...db],
      { cwd: work },
    );
    expect(code).toBe(2);
    expect(stderr).toContain('pdm: --system must be a registered health system: apollo, fortis');
  });

  each('register --json returns the pending pull with the id asked for', async () => {
    const pullId = randomUUID();
    const { code, stdout } = await pdm(
      [
        'register',
        '--system',
        'fortis',
        '--timestamp',
        '20261121T060000Z',
        '--type',
        'incremental',
        '--pull-id',
        pullId,
        '--bucket',
        'provider-pulls',
        ...db,
        '--json',
      ],
      { cwd: work },
    );
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({
      pullId,
      healthSystem: 'fortis',
      dataType: 'incremental',
      bucket: 'provider-pulls',
      status: 'pending',
    });
  });
  // Last and alone: it changes the pull's status while it runs.
  it('processing a processed pull again exits 4; --reprocess runs it and changes nothing', async () => {
    const { pullId } = pulls.apollo!;
    const again = await pdm(['process', pullId, '--store', 'pulls', ...db], { cwd: work });
    expect(again.code).toBe(4);
    expect(again.stderr).toContain('is already processed; pass --reprocess to run it again');

    const rerun = await pdm(['process', pullId, '--reprocess', '--lease', '90s', '--store', 'pulls', ...db], {
      cwd: work,
    });
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`apollo full pull ${pullId}`);
    expect(rerun.stdout).toMatch(/practitioner\s+\d+\s+0\s+0\s+[1-9]/); // read, inserted 0, updated 0, unchanged n
    expect(rerun.stdout).toContain('enrichment    skipped (no Places key)');
    expect(rerun.stdout).toContain('PDM_PLACES_API_KEY');
    // Not a terminal: plain progress lines on stderr.
    expect(rerun.stderr).toMatch(/apollo · \d+\/\d+ files · [\d,]+ records · [\d,]+ rec\/s/);
    expect(rerun.stderr).not.toContain('\r');
  });
}
