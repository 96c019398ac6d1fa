import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { standardizePhone, standardizeSpecialties } from '@provider-data/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildReport } from '../src/index.js';
import { DEMO_LIKE_PULLS, openReportFixture, type ReportFixture } from './report-fixture.js';

const CHROMIUM = process.env.PDM_CHROMIUM ?? '/usr/bin/chromium';
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Kept for people to look at (gitignored): the page and its screenshot. */
const ARTIFACTS = path.join(import.meta.dirname, '..', '.artifacts');
const CHARTS = [
  'completeness',
  'specialties-unmapped',
  'quarantine-reasons',
  'changes',
  'changed-fields',
  'enrichment',
  'map',
  'trend',
];

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium)
  console.warn(
    `browser test skipped: no Chromium at ${CHROMIUM} (apt-get install chromium, or set PDM_CHROMIUM)`,
  );

describe.skipIf(!hasChromium)('the report in a real browser (Chromium)', () => {
  let f: ReportFixture;
  let metrics: Map<string, { value: number; text: string }>;
  const problems: string[] = [];
  const requests: string[] = [];
  let charts: { id: string; svgs: number; width: number; height: number; marks: number }[] = [];

  beforeAll(async () => {
    // PostgreSQL when there is one (as in CI), else PGlite.
    f = await openReportFixture(process.env.PDM_TEST_DATABASE_URL ?? 'memory://', DEMO_LIKE_PULLS);
    const { html } = await buildReport(f.handle.db, { ...f.schemas, pullId: f.pulls[2]!.pullId });
    await mkdir(ARTIFACTS, { recursive: true });
    const file = path.join(ARTIFACTS, 'report.html');
    await writeFile(file, html);

    const { chromium } = await import('playwright-core');
    const profile = await mkdtemp(path.join(tmpdir(), 'pdm-chromium-'));
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: FLAGS,
      viewport: { width: 1300, height: 900 },
    });
    try {
      const page = await context.newPage();
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
      });
      page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
      // The page must need nothing from outside: every request but the file itself is refused and noted.
      await page.route('**/*', (route) => {
        const url = route.request().url();
        if (url === pathToFileURL(file).href) return route.continue();
        requests.push(url);
        return route.abort();
      });
      await page.goto(pathToFileURL(file).href, { waitUntil: 'load' });
      metrics = new Map(
        await page.$$eval('[data-metric]', (cells) =>
          cells.map((c) => [
            c.getAttribute('data-metric') ?? '',
            { value: Number(c.getAttribute('data-value')), text: (c.textContent ?? '').trim() },
          ]),
        ),
      );
      charts = await page.$$eval('figure[data-chart]', (figures) =>
        figures.map((fig) => {
          const svg = fig.querySelector('svg');
          const box = svg?.getBoundingClientRect();
          return {
            id: fig.getAttribute('data-chart') ?? '',
            svgs: fig.querySelectorAll('svg').length,
            width: box?.width ?? 0,
            height: box?.height ?? 0,
            marks: svg?.querySelectorAll('[role="graphics-symbol"], path[aria-roledescription]').length ?? 0,
          };
        }),
      );
      await page.screenshot({ path: path.join(ARTIFACTS, 'report.png'), fullPage: true });
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  }, 300_000);
  afterAll(async () => {
    await f?.close();
  });

  const metric = (name: string) => {
    const m = metrics.get(name);
    if (!m) throw new Error(`the page shows no ${name}`);
    expect(m.text).toBe(m.value.toLocaleString('en-US'));
    return m.value;
  };
  const q = async <R>(query: ReturnType<typeof sql<R>>) => (await query.execute(f.handle.db)).rows;
  const t = (name: string) => sql.id(f.schemas.schema, name);

  it('opens with no console error and no request beyond the file', () => {
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
  });

  it('draws every chart, each a visible SVG with marks, beside its table', () => {
    for (const id of CHARTS) {
      const chart = charts.find((c) => c.id === id);
      expect(chart, `chart ${id}`).toBeDefined();
      expect(chart?.svgs).toBe(1);
      expect(chart?.width).toBeGreaterThan(100);
      expect(chart?.height).toBeGreaterThan(40);
      expect(chart?.marks).toBeGreaterThan(0);
    }
  });

  it('shows the numbers the database holds', async () => {
    const pull = f.pulls[2]!;
    const seen = sql`health_system = 'apollo' AND last_seen_pull_id = ${pull.pullId}::uuid`;
    for (const [entity, table] of [
      ['practitioner', 'practitioners'],
      ['practice', 'practices'],
      ['provider', 'providers'],
    ] as const) {
      const [row] = await q(sql<{ n: unknown }>`SELECT count(*) AS n FROM ${t(table)} WHERE ${seen}`);
      expect(metric(`totals.${entity}`)).toBe(Number(row?.n));
      const stored = pull.summary.entities[entity];
      expect(metric(`changes.${entity}.inserted`)).toBe(stored.inserted);
      expect(metric(`changes.${entity}.updated`)).toBe(stored.updated);
      expect(metric(`changes.${entity}.unchanged`)).toBe(stored.unchanged);
    }
    const reasons = await q(sql<{ reason: string; n: unknown }>`
      SELECT reason, count(*) AS n FROM ${t('quarantine')} WHERE pull_id = ${pull.pullId}::uuid GROUP BY reason`);
    for (const r of reasons) expect(metric(`quarantine.reason.${r.reason}`)).toBe(Number(r.n));
    expect(metric('quarantine.total')).toBe(reasons.reduce((sum, r) => sum + Number(r.n), 0));
    for (const [field, count] of Object.entries(pull.summary.changedFields?.practitioner ?? {}))
      expect(metric(`changes.field.practitioner.${field}`)).toBe(count);
    const statuses = await q(sql<{ s: string; n: unknown }>`
      SELECT enrichment_status AS s, count(*) AS n FROM ${t('practices')} WHERE ${seen} GROUP BY 1`);
    for (const s of statuses) expect(metric(`enrichment.status.${s.s}`)).toBe(Number(s.n));

    // Validity and wordings, recomputed row by row here rather than grouped as the report does.
    const phones = await q(
      sql<{ phone: string | null }>`SELECT phone FROM ${t('practitioners')} WHERE ${seen}`,
    );
    const present = phones.filter((p) => p.phone);
    expect(metric('field.practitioner.phone.present')).toBe(present.length);
    expect(metric('field.practitioner.phone.valid')).toBe(
      present.filter((p) => standardizePhone(p.phone).value === p.phone).length,
    );
    const wordings = await q(
      sql<{ raw: string[] }>`SELECT specialties_raw AS raw FROM ${t('practitioners')} WHERE ${seen}`,
    );
    const distinct = new Set(wordings.flatMap((w) => w.raw).filter(Boolean));
    expect(metric('specialties.distinct')).toBe(distinct.size);
    expect(metric('specialties.distinctMapped')).toBe(
      [...distinct].filter((w) => standardizeSpecialties(w).value.length > 0).length,
    );
    const [located] = await q(sql<{ n: unknown }>`
      SELECT count(*) AS n FROM ${t('practices')} WHERE ${seen} AND latitude IS NOT NULL AND longitude IS NOT NULL`);
    expect(metric('map.withCoordinates')).toBe(Number(located?.n));
    for (const p of f.pulls.filter((x) => x.spec.system === 'apollo')) {
      expect(metric(`trend.${p.pullId}.read`)).toBe(p.summary.records.read);
      expect(metric(`trend.${p.pullId}.quarantined`)).toBe(p.summary.records.quarantined);
    }
  });
});
