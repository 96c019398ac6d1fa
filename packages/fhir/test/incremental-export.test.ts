import path from 'node:path';
import { text } from 'node:stream/consumers';
import { practitionerId } from '@provider-data/core';
import { describe, expect, it } from 'vitest';
import { targets } from '../../sink-postgres/src/test-support.js';
import { exportFhir, type Practitioner, type PractitionerRole } from '../src/index.js';
import { unresolvedReferences, validationFailures } from './fhir-validation.js';
import { allResources, loadPull, readNdjsonExport } from './generated-pulls.js';
import { suiteDatabase } from './suite-database.js';

const APOLLO = { doctors: 40, cities: 2, dirt: 0, seed: 31 };

describe.each(targets)('an incremental export on $name', (target) => {
  const { skip } = target;
  let firstApollo: string;
  let secondApollo: string;
  const changed = { doctorId: '', practitionerId: '' };
  const dropped = { doctorId: '', practitionerId: '' };

  const suite = suiteDatabase(target, async (db, schemas) => {
    await loadPull(db, schemas, 'fortis', { doctors: 30, cities: 2, dirt: 0, seed: 32 });
    firstApollo = await loadPull(db, schemas, 'apollo', APOLLO);
    // The next delivery: one doctor's mobile changed, another no longer listed.
    secondApollo = await loadPull(db, schemas, 'apollo', APOLLO, async (store, keys) => {
      const key = keys.find((k) => /by_city\/[^/]+\.json$/.test(k))!;
      const document = JSON.parse(await text(await store.open(key)));
      const [first, second] = document.doctors;
      first.mobile = '+91 98400 99999';
      Object.assign(changed, {
        doctorId: first.doctorId,
        practitionerId: practitionerId('apollo', first.doctorId),
      });
      Object.assign(dropped, {
        doctorId: second.doctorId,
        practitionerId: practitionerId('apollo', second.doctorId),
      });
      document.doctors.splice(1, 1);
      await store.put(key, JSON.stringify(document));
    });
  });

  it.skipIf(skip)(
    'since a pull: the changed and the deactivated records, and what they reference',
    async () => {
      const out = path.join(suite.work, 'since-first');
      const result = await exportFhir(suite.db, { out, ...suite.schemas, sincePullId: firstApollo });
      expect(result.since?.pullId).toBe(firstApollo);
      const byType = await readNdjsonExport(out);
      const practitioners = byType.Practitioner as Practitioner[];
      const roles = byType.PractitionerRole as PractitionerRole[];
      expect(practitioners.map((p) => p.id).sort()).toEqual(
        [changed.practitionerId, dropped.practitionerId].sort(),
      );
      const mobile = practitioners.find((p) => p.id === changed.practitionerId)!;
      expect(mobile.active).toBe(true);
      expect(mobile.telecom).toContainEqual({ system: 'phone', value: '+919840099999', use: 'mobile' });
      const gone = practitioners.find((p) => p.id === dropped.practitionerId)!;
      expect(gone.active).toBe(false);
      // The dropped doctor's roles were deactivated with it; the changed doctor's roles did not change.
      expect(roles.length).toBeGreaterThan(0);
      expect(
        roles.every(
          (r) => r.active === false && r.practitioner.reference === `Practitioner/${dropped.practitionerId}`,
        ),
      ).toBe(true);
      // Nothing of Fortis changed after the first Apollo pull.
      expect(allResources(byType).some((r) => JSON.stringify(r).includes('/sid/fortis/'))).toBe(false);
      const resources = allResources(byType);
      expect(unresolvedReferences(resources)).toEqual([]);
      expect(validationFailures(resources)).toEqual([]);
    },
  );

  it.skipIf(skip)('since the latest pull: nothing but the CodeSystem', async () => {
    const out = path.join(suite.work, 'since-second');
    const result = await exportFhir(suite.db, { out, ...suite.schemas, sincePullId: secondApollo });
    expect(result.total).toBe(1);
    expect(result.counts.CodeSystem).toBe(1);
  });

  it.skipIf(skip)('a full export after both pulls lists the deactivated doctor as inactive', async () => {
    const out = path.join(suite.work, 'full');
    await exportFhir(suite.db, { out, ...suite.schemas });
    const practitioners = (await readNdjsonExport(out)).Practitioner as Practitioner[];
    expect(practitioners.filter((p) => !p.active).map((p) => p.id)).toEqual([dropped.practitionerId]);
  });
});
