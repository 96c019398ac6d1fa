import path from 'node:path';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { targets } from '../../sink-postgres/src/test-support.js';
import { exportFhir, HPR_SYSTEM, type Practitioner, type PractitionerRole } from '../src/index.js';
import { unresolvedReferences, validationFailures } from './fhir-validation.js';
import { allResources, loadPull, readNdjsonExport } from './generated-pulls.js';
import { suiteDatabase } from './suite-database.js';
import { addPerson, createIdentityTables, link } from './identity-tables.js';

describe.each(targets)('persons from identity on $name', (target) => {
  const { skip } = target;
  let apollo: string[];
  let fortis: string[];
  const persons: { pair: string; merged: string; survivor: string } = { pair: '', merged: '', survivor: '' };

  const suite = suiteDatabase(target, async (db, schemas) => {
    await loadPull(db, schemas, 'apollo', { doctors: 30, cities: 2, dirt: 0, seed: 41 });
    await loadPull(db, schemas, 'fortis', { doctors: 30, cities: 2, dirt: 0, seed: 42 });
    await createIdentityTables(db, schemas.schema);
    const ids = async (system: string) =>
      (
        await sql<{ id: string }>`SELECT id FROM ${sql.id(schemas.schema, 'practitioners')}
          WHERE health_system = ${system} ORDER BY id`.execute(db)
      ).rows.map((r) => r.id);
    apollo = await ids('apollo');
    fortis = await ids('fortis');
    // Everyone a singleton but: apollo[0] + fortis[0] one person; fortis[1] linked to a
    // person since merged into apollo[1]'s; fortis[2] not seen by identity yet.
    persons.pair = await addPerson(db, schemas.schema);
    await link(db, schemas.schema, apollo[0]!, persons.pair);
    await link(db, schemas.schema, fortis[0]!, persons.pair);
    persons.survivor = await addPerson(db, schemas.schema);
    await link(db, schemas.schema, apollo[1]!, persons.survivor);
    persons.merged = await addPerson(db, schemas.schema);
    await link(db, schemas.schema, fortis[1]!, persons.merged);
    await sql`UPDATE ${sql.id(schemas.schema, 'persons')} SET merged_into = ${persons.survivor}
      WHERE id = ${persons.merged}`.execute(db);
    for (const id of [...apollo.slice(2), ...fortis.slice(3)]) {
      await link(db, schemas.schema, id, await addPerson(db, schemas.schema), 'singleton');
    }
    // The same HPR id, as each chain writes it.
    const setRaw = (id: string, key: string, value: string) =>
      sql`UPDATE ${sql.id(schemas.schema, 'practitioners')} SET raw = raw || jsonb_build_object(${key}::text, ${value}::text)
        WHERE id = ${id}`.execute(db);
    await setRaw(apollo[0]!, 'hprId', '71-1234-5678-9012');
    await setRaw(fortis[0]!, 'hpr_id', '71123456789012');
  });

  it.skipIf(skip)("one Practitioner per person, carrying every linked source's identifiers", async () => {
    const out = path.join(suite.work, 'full');
    const result = await exportFhir(suite.db, { out, ...suite.schemas });
    expect(result.identity).toBe(true);
    const byType = await readNdjsonExport(out);
    const practitioners = byType.Practitioner as Practitioner[];
    const byId = new Map(practitioners.map((p) => [p.id, p]));
    // 60 rows; the pair and the merge make two fewer resources.
    expect(practitioners).toHaveLength(58);
    const systems = (p: Practitioner | undefined) =>
      p?.identifier?.map((i) => i.system.split('/sid/')[1] ?? i.system).sort();
    expect(systems(byId.get(persons.pair))).toEqual(
      expect.arrayContaining(['apollo/practitioner', 'fortis/practitioner', HPR_SYSTEM]),
    );
    expect(byId.get(persons.pair)?.identifier?.filter((i) => i.system === HPR_SYSTEM)).toEqual([
      expect.objectContaining({ value: '71-1234-5678-9012' }),
    ]);
    // Links to a merged person follow the merge.
    expect(byId.has(persons.merged)).toBe(false);
    expect(systems(byId.get(persons.survivor))).toEqual(
      expect.arrayContaining(['apollo/practitioner', 'fortis/practitioner']),
    );
    // A practitioner identity has not seen is its own Practitioner.
    expect(byId.get(fortis[2]!)?.identifier?.[0]?.system).toMatch(/\/sid\/fortis\/practitioner$/);
    const roles = byType.PractitionerRole as PractitionerRole[];
    const roleTargets = new Set(roles.map((r) => r.practitioner.reference));
    expect(roleTargets.has(`Practitioner/${persons.pair}`)).toBe(true);
    expect([...roleTargets].some((ref) => ref?.endsWith(apollo[0]!) || ref?.endsWith(fortis[0]!))).toBe(
      false,
    );
    const resources = allResources(byType);
    expect(unresolvedReferences(resources)).toEqual([]);
    expect(validationFailures(resources)).toEqual([]);
  });

  it.skipIf(skip)(
    'pages of two rows write the same export: a person split by a page is still one',
    async () => {
      const whole = await readNdjsonExport(path.join(suite.work, 'full'));
      const out = path.join(suite.work, 'paged');
      await exportFhir(suite.db, { out, ...suite.schemas, pageSize: 2 });
      expect(await readNdjsonExport(out)).toEqual(whole);
    },
  );

  it.skipIf(skip)('--system exports whole persons that have a record of that system', async () => {
    const out = path.join(suite.work, 'apollo');
    await exportFhir(suite.db, { out, ...suite.schemas, healthSystem: 'apollo' });
    const practitioners = (await readNdjsonExport(out)).Practitioner as Practitioner[];
    expect(practitioners).toHaveLength(30);
    expect(
      practitioners
        .find((p) => p.id === persons.pair)
        ?.identifier?.some((i) => i.system.endsWith('/sid/fortis/practitioner')),
    ).toBe(true);
  });

  it.skipIf(skip)('identity off: one Practitioner per row', async () => {
    const out = path.join(suite.work, 'rows');
    const result = await exportFhir(suite.db, { out, ...suite.schemas, identity: 'off' });
    expect(result.identity).toBe(false);
    expect(result.counts.Practitioner).toBe(60);
  });

  it.skipIf(skip)(
    'since a pull: a re-link writes the person and its roles again and retires the emptied person',
    async () => {
      // A later pull with the same content, after identity's first run: nothing changed since it.
      const since = await loadPull(suite.db, suite.schemas, 'fortis', {
        doctors: 30,
        cities: 2,
        dirt: 0,
        seed: 42,
      });
      const quiet = await exportFhir(suite.db, {
        out: path.join(suite.work, 'quiet'),
        ...suite.schemas,
        sincePullId: since,
      });
      expect(quiet.total).toBe(1);
      const emptied = (
        await sql<{ person_id: string }>`SELECT person_id FROM ${sql.id(suite.schemas.schema, 'person_links')}
        WHERE practitioner_id = ${fortis[3]!}`.execute(suite.db)
      ).rows[0]!.person_id;
      // identity decides that fortis[3] is apollo[2]'s person; its singleton is left empty.
      const target = (
        await sql<{ person_id: string }>`SELECT person_id FROM ${sql.id(suite.schemas.schema, 'person_links')}
        WHERE practitioner_id = ${apollo[2]!}`.execute(suite.db)
      ).rows[0]!.person_id;
      await link(suite.db, suite.schemas.schema, fortis[3]!, target);
      await sql`UPDATE ${sql.id(suite.schemas.schema, 'persons')} SET updated_at = now() WHERE id = ${emptied}`.execute(
        suite.db,
      );
      const out = path.join(suite.work, 'since');
      await exportFhir(suite.db, { out, ...suite.schemas, sincePullId: since });
      const byType = await readNdjsonExport(out);
      const practitioners = byType.Practitioner as Practitioner[];
      expect(practitioners.find((p) => p.id === emptied)).toEqual({
        resourceType: 'Practitioner',
        id: emptied,
        active: false,
      });
      const joined = practitioners.find((p) => p.id === target)!;
      expect(joined.identifier?.filter((i) => i.use === 'usual')).toHaveLength(2);
      const roles = byType.PractitionerRole as PractitionerRole[];
      expect(roles.length).toBeGreaterThan(0);
      expect(roles.every((r) => r.practitioner.reference === `Practitioner/${target}`)).toBe(true);
      const resources = allResources(byType);
      expect(unresolvedReferences(resources)).toEqual([]);
      expect(validationFailures(resources)).toEqual([]);
    },
  );
});
