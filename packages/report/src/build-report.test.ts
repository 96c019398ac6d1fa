import { cityArea, InvalidRequestError, PullNotFoundError } from '@provider-data/core';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_LIKE_PULLS, openReportFixture, type ReportFixture, targets } from '../test/report-fixture.js';
import { buildReport } from './build-report.js';

const rowCount = async (f: ReportFixture, table: string, where: ReturnType<typeof sql>) =>
  Number(
    (
      await sql<{
        n: unknown;
      }>`SELECT count(*) AS n FROM ${sql.id(f.schemas.schema, table)} t WHERE ${where}`.execute(f.handle.db)
    ).rows[0]?.n,
  );

for (const target of targets) {
  describe.skipIf(!target.url)(`the report on ${target.name}`, () => {
    let f: ReportFixture;
    const pull = (i: number) => f.pulls[i]!;
    const report = (options: { pullId?: string; healthSystem?: string }) =>
      buildReport(f.handle.db, { ...f.schemas, ...options, now: new Date('2026-11-27T06:00:00Z') });

    beforeAll(async () => {
      f = await openReportFixture(target.url as string, DEMO_LIKE_PULLS);
    }, 300_000);
    afterAll(async () => {
      await f?.close();
    });

    it('reports a pull: the rows it last saw, its quarantine and its changes against the previous pull', async () => {
      const { pullId, summary } = pull(2);
      const { data, html } = await report({ pullId });
      const seen = sql`t.health_system = 'apollo' AND t.last_seen_pull_id = ${pullId}::uuid`;
      expect(data.totals).toEqual({
        practitioner: await rowCount(f, 'practitioners', seen),
        practice: await rowCount(f, 'practices', seen),
        provider: await rowCount(f, 'providers', seen),
      });
      expect(data.scope).toMatchObject({ kind: 'pull', healthSystem: 'apollo', laterPulls: 0 });
      expect(data.scope.previousPull?.pullId).toBe(pull(0).pullId);
      const byReason = Object.values(summary.quarantineByReason).reduce((a, b) => a + b, 0);
      expect(data.quarantine?.total).toBe(byReason);
      expect(data.quarantine?.total).toBe(await rowCount(f, 'quarantine', sql`t.pull_id = ${pullId}::uuid`));
      for (const reason of data.quarantine?.byReason ?? []) {
        expect(reason.samples.length).toBe(Math.min(3, reason.count));
      }
      const apolloPractitioners = data.changes?.entities.find((e) => e.entity === 'practitioner');
      expect(apolloPractitioners).toMatchObject({
        inserted: summary.entities.practitioner.inserted,
        updated: summary.entities.practitioner.updated,
        unchanged: summary.entities.practitioner.unchanged,
      });
      // The second Apollo pull changes records, and the summary says which columns changed.
      expect(summary.entities.practitioner.updated).toBeGreaterThan(0);
      const changed = data.changes?.changedFields ?? [];
      expect(
        changed.filter((c) => c.entity === 'practitioner').reduce((a, c) => a + c.count, 0),
      ).toBeGreaterThanOrEqual(summary.entities.practitioner.updated);
      expect(html.startsWith('<!doctype html>')).toBe(true);
      // Self-contained: no script, no stylesheet or image to fetch, no link off the page.
      expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|href="(?!#)/i);
    });

    it("warns on an earlier pull's report that later pulls have seen its rows since", async () => {
      const { data, html } = await report({ pullId: pull(0).pullId });
      expect(data.scope.laterPulls).toBe(1);
      expect(data.scope.previousPull).toBeNull();
      expect(html).toContain('1 later pull(s) of apollo');
    });

    it("reports a health system's active rows and its latest processed pull", async () => {
      const { data } = await report({ healthSystem: 'fortis' });
      expect(data.scope).toMatchObject({ kind: 'system', healthSystem: 'fortis' });
      expect(data.scope.pull?.pullId).toBe(pull(1).pullId);
      expect(data.totals.practitioner).toBe(
        await rowCount(f, 'practitioners', sql`t.health_system = 'fortis' AND t.active`),
      );
      expect(data.trend.map((t) => t.pullId)).toEqual([pull(1).pullId]);
      expect(data.trend[0]?.read).toBe(pull(1).summary.records.read);
      // Migration 0006 creates the identity tables; nothing is linked yet.
      expect(data.identity).toMatchObject({ linked: 0, persons: 0 });
    });

    it('refuses what it cannot report on, with errors that say why', async () => {
      await expect(report({ pullId: '5b4c1c1e-0000-4000-8000-000000000000' })).rejects.toBeInstanceOf(
        PullNotFoundError,
      );
      await expect(report({ healthSystem: 'manipal' })).rejects.toThrow(
        'no pull of health system "manipal"; systems with pulls: apollo, fortis',
      );
      await expect(report({ pullId: pull(1).pullId, healthSystem: 'apollo' })).rejects.toBeInstanceOf(
        InvalidRequestError,
      );
      await expect(report({})).rejects.toThrow('a report needs a pull id or a health system');
    });

    it('judges phones, emails, PINs and coordinates with the standardizers and the city centres', async () => {
      const db = f.handle.db;
      const t = (name: string) => sql.id(f.schemas.schema, name);
      const fortis = sql`health_system = 'fortis' AND active`;
      const before = (await report({ healthSystem: 'fortis' })).data;
      const field = (d: typeof before, entity: string, name: string) =>
        d.fields.find((x) => x.entity === entity && x.field === name)!;
      const [one] = (
        await sql<{
          id: string;
        }>`SELECT id FROM ${t('practitioners')} WHERE ${fortis} AND phone IS NOT NULL ORDER BY id LIMIT 1`.execute(
          db,
        )
      ).rows;
      await sql`UPDATE ${t('practitioners')} SET phone = '+911234', email = 'not an address' WHERE id = ${one!.id}::uuid`.execute(
        db,
      );
      const practices = (
        await sql<{
          id: string;
        }>`SELECT id FROM ${t('practices')} WHERE ${fortis} ORDER BY id LIMIT 3`.execute(db)
      ).rows.map((r) => r.id);
      const chennai = cityArea('Chennai')!;
      await sql`UPDATE ${t('practices')} SET latitude = NULL, longitude = NULL WHERE ${fortis}`.execute(db);
      const place = (i: number, lat: number, lng: number, city: string, state: string, pincode: string) =>
        sql`UPDATE ${t('practices')} SET latitude = ${lat}, longitude = ${lng}, city = ${city}, state = ${state}, pincode = ${pincode}
          WHERE id = ${practices[i]}::uuid`.execute(db);
      await place(0, chennai.lat + 0.1, chennai.lng - 0.05, 'Chennai', 'Tamil Nadu', '600006'); // near its city
      await place(1, 28.61, 77.21, 'Chennai', 'Tamil Nadu', '110001'); // in Delhi, a Delhi PIN: far, and a PIN of another state
      await place(2, 0, 0, 'Chennai', 'Tamil Nadu', '600006'); // not in India
      const after = (await report({ healthSystem: 'fortis' })).data;
      expect(after.coordinates).toEqual({
        present: 3,
        insideIndia: 2,
        nearCity: 1,
        cityUnknown: 0,
        reachKm: 50,
      });
      expect(field(after, 'practice', 'coordinates')).toMatchObject({ present: 3, valid: 1 });
      const phone = field(after, 'practitioner', 'phone');
      expect(phone.valid).toBe((field(before, 'practitioner', 'phone').valid ?? 0) - 1);
      const email = field(after, 'practitioner', 'email');
      expect(email.present - (email.valid ?? 0)).toBe(
        field(before, 'practitioner', 'email').present -
          (field(before, 'practitioner', 'email').valid ?? 0) +
          1,
      );
      const pin = field(after, 'practice', 'pincode');
      expect(pin.present - (pin.valid ?? 0)).toBeGreaterThanOrEqual(1);
    });

    it('reads identity links and enrichment evidence when their tables and column exist', async () => {
      const db = f.handle.db;
      const t = (name: string) => sql.id(f.schemas.schema, name);
      await sql`CREATE TABLE IF NOT EXISTS ${t('persons')} (id uuid PRIMARY KEY, created_at timestamptz DEFAULT now(),
        updated_at timestamptz DEFAULT now(), merged_into uuid NULL REFERENCES ${t('persons')} (id))`.execute(
        db,
      );
      await sql`CREATE TABLE IF NOT EXISTS ${t('person_links')} (practitioner_id uuid PRIMARY KEY REFERENCES ${t('practitioners')} (id),
        person_id uuid NOT NULL REFERENCES ${t('persons')} (id), method text NOT NULL,
        match_probability double precision NULL, evidence jsonb NOT NULL, linked_at timestamptz DEFAULT now())`.execute(
        db,
      );
      // Every active practitioner its own person, then one Fortis practitioner linked to an Apollo one.
      await sql`INSERT INTO ${t('persons')} (id) SELECT id FROM ${t('practitioners')} WHERE active`.execute(
        db,
      );
      await sql`INSERT INTO ${t('person_links')} (practitioner_id, person_id, method, evidence)
        SELECT id, id, 'singleton', '{}'::jsonb FROM ${t('practitioners')} WHERE active`.execute(db);
      const first = async (system: string) =>
        (
          await sql<{
            id: string;
          }>`SELECT id FROM ${t('practitioners')} WHERE health_system = ${system} AND active ORDER BY id LIMIT 1`.execute(
            db,
          )
        ).rows[0]!.id;
      const [apollo, fortis] = [await first('apollo'), await first('fortis')];
      await sql`UPDATE ${t('person_links')} SET person_id = ${apollo}::uuid, method = 'deterministic', match_probability = 0.999
        WHERE practitioner_id = ${fortis}::uuid`.execute(db);
      await sql`UPDATE ${t('practices')} SET enrichment_evidence = '{"rule":"city_mismatch"}'::jsonb WHERE health_system = 'fortis'`.execute(
        db,
      );

      const { data } = await report({ healthSystem: 'fortis' });
      const fortisActive = data.totals.practitioner;
      expect(data.identity).toEqual({
        linked: fortisActive,
        unlinked: 0,
        byMethod: [
          { method: 'singleton', count: fortisActive - 1 },
          { method: 'deterministic', count: 1 },
        ],
        persons: fortisActive,
        crossSystemPersons: 1,
        multiPractitionerPersons: 1,
      });
      expect(data.enrichment.evidence).toEqual({
        column: 'enrichment_evidence',
        byRule: [{ rule: 'city_mismatch', count: data.totals.practice }],
      });
    });

    it('escapes what the data holds: a hostile name or quarantined text never becomes markup', async () => {
      const db = f.handle.db;
      await sql`UPDATE ${sql.id(f.schemas.schema, 'quarantine')}
        SET message = '<script>alert(1)</script>', raw = '<img src=x onerror=alert(2)>'
        WHERE pull_id = ${pull(2).pullId}::uuid`.execute(db);
      const { html } = await report({ pullId: pull(2).pullId });
      expect(html).not.toContain('<script>');
      expect(html).not.toContain('<img');
      expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    });
  });
}
