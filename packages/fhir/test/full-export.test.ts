import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { targets } from '../../sink-postgres/src/test-support.js';
import { exportFhir, type FhirResource } from '../src/index.js';
import { unresolvedReferences, validationFailures } from './fhir-validation.js';
import { allResources, loadPull, readNdjsonExport } from './generated-pulls.js';
import { suiteDatabase } from './suite-database.js';

const SIZE = { doctors: 120, cities: 3, dirt: 0.05 };

describe.each(targets)('a full export on $name', (target) => {
  const { skip } = target;
  const suite = suiteDatabase(target, async (db, schemas) => {
    await loadPull(db, schemas, 'apollo', { ...SIZE, seed: 11 });
    await loadPull(db, schemas, 'fortis', { ...SIZE, seed: 12 });
  });

  const count = async (table: string, where = sql`true`) => {
    const { rows } = await sql<{
      n: number | string;
    }>`SELECT count(*) AS n FROM ${sql.id(suite.schemas.schema, table)} WHERE ${where}`.execute(suite.db);
    return Number(rows[0]?.n);
  };

  it.skipIf(skip)(
    'writes one NDJSON file per type, every resource valid R4, every reference inside the export',
    async () => {
      const out = path.join(suite.work, 'full');
      const result = await exportFhir(suite.db, { out, ...suite.schemas });
      const byType = await readNdjsonExport(out);
      const resources = allResources(byType);
      expect(Object.keys(byType).sort()).toEqual([
        'CodeSystem',
        'Location',
        'Organization',
        'Practitioner',
        'PractitionerRole',
      ]);
      expect(validationFailures(resources)).toEqual([]);
      expect(unresolvedReferences(resources)).toEqual([]);
      // One resource per row: nothing lost, nothing twice.
      expect(byType.Practitioner).toHaveLength(await count('practitioners'));
      expect(byType.Location).toHaveLength(await count('practices'));
      expect(byType.PractitionerRole).toHaveLength(await count('providers'));
      expect(byType.Organization).toHaveLength(
        2 + (await count('practices', sql`facility_type = 'hospital'`)),
      );
      expect(new Set(resources.map((r) => `${r.resourceType}/${r.id}`)).size).toBe(resources.length);
      // Migration 0006 creates identity's tables; with no links each row is its own Practitioner.
      expect(result.identity).toBe(true);
      expect(result.total).toBe(resources.length);
      const manifest = JSON.parse(await readFile(result.manifest, 'utf8'));
      expect(manifest.output).toEqual(
        Object.entries(byType)
          .map(([type, list]) => ({ type, url: `${type}.ndjson`, count: list.length }))
          .sort(
            (a, b) =>
              ['CodeSystem', 'Organization', 'Location', 'Practitioner', 'PractitionerRole'].indexOf(a.type) -
              ['CodeSystem', 'Organization', 'Location', 'Practitioner', 'PractitionerRole'].indexOf(b.type),
          ),
      );
    },
  );

  it.skipIf(skip)('an export that fails leaves the previous one in the folder as it was', async () => {
    const out = path.join(suite.work, 'kept');
    await exportFhir(suite.db, { out, ...suite.schemas, healthSystem: 'apollo' });
    const before = await readNdjsonExport(out);
    const manifest = await readFile(path.join(out, 'manifest.json'), 'utf8');
    await expect(
      exportFhir(suite.db, { out, ...suite.schemas, sincePullId: 'f3e51f05-6517-4099-b216-d7850fd6a418' }),
    ).rejects.toThrow('data pull f3e51f05-6517-4099-b216-d7850fd6a418 was not found');
    expect(await readNdjsonExport(out)).toEqual(before);
    expect(await readFile(path.join(out, 'manifest.json'), 'utf8')).toBe(manifest);
    expect((await readdir(out)).filter((name) => name.startsWith('.'))).toEqual([]);
  });

  it.skipIf(skip)('--system exports one health system and what it references', async () => {
    const out = path.join(suite.work, 'fortis');
    await exportFhir(suite.db, { out, ...suite.schemas, healthSystem: 'fortis' });
    const resources = allResources(await readNdjsonExport(out));
    const practitioners = resources.filter(
      (r): r is Extract<FhirResource, { resourceType: 'Practitioner' }> => r.resourceType === 'Practitioner',
    );
    expect(practitioners).toHaveLength(await count('practitioners', sql`health_system = 'fortis'`));
    expect(practitioners.every((p) => p.identifier?.[0]?.system.endsWith('/sid/fortis/practitioner'))).toBe(
      true,
    );
    expect(unresolvedReferences(resources)).toEqual([]);
    expect(validationFailures(resources)).toEqual([]);
  });

  it.skipIf(skip)(
    '--bundle writes transaction Bundles of PUTs that validate, in reference order',
    async () => {
      const out = path.join(suite.work, 'bundles');
      const result = await exportFhir(suite.db, { out, ...suite.schemas, bundle: true, bundleSize: 200 });
      expect(result.files.every((f) => f.type === 'Bundle' && f.count <= 200)).toBe(true);
      const bundles = await Promise.all(
        result.files.map(async (f) => JSON.parse(await readFile(path.join(out, f.url), 'utf8'))),
      );
      expect(validationFailures(bundles)).toEqual([]);
      const seen = new Set<string>();
      for (const bundle of bundles) {
        expect(bundle.type).toBe('transaction');
        for (const entry of bundle.entry) {
          expect(entry.request).toEqual({
            method: 'PUT',
            url: `${entry.resource.resourceType}/${entry.resource.id}`,
          });
          // Posted in order, a bundle never references what a later one brings.
          for (const ref of unresolvedReferences([entry.resource]))
            expect(
              seen.has(ref) ||
                bundle.entry.some(
                  (e: { resource: FhirResource }) => `${e.resource.resourceType}/${e.resource.id}` === ref,
                ),
            ).toBe(true);
        }
        for (const entry of bundle.entry) seen.add(`${entry.resource.resourceType}/${entry.resource.id}`);
      }
      expect(bundles.reduce((n, b) => n + b.entry.length, 0)).toBe(result.total);
    },
  );
});
