import { sql } from 'kysely';
import { type CopyIn, postgresCopyIn } from '@provider-data/sink-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  addOverride,
  explainPerson,
  listReview,
  resolveIdentities,
  unlinkPractitioner,
} from '../src/index.js';
import { refreshFeatures } from '../src/refresh-features.js';
import {
  closeSuite,
  type Doctor,
  type IdentitySuite,
  idOf,
  newPullId,
  openSuite,
  partition,
  personsOf,
  resetSchemas,
  targets,
  writeDoctors,
} from './identity-db.js';

const TN = 'Tamil Nadu Medical Council';

/** Doctors of both chains: true matches, hard negatives, a typo, a switchboard and a chain. */
const DOCTORS: Doctor[] = [
  // Same registration, names in another order.
  {
    healthSystem: 'apollo',
    sourceId: 'A1',
    displayName: 'K. Ramesh Kumar',
    registrationCouncil: TN,
    registrationNumber: '12345',
    phone: '+919840012345',
  },
  {
    healthSystem: 'fortis',
    sourceId: 'F1',
    displayName: 'Ramesh Kumar K',
    registrationCouncil: TN,
    registrationNumber: '12345',
    phone: '+919840099999',
  },
  // No registration: phone, email and name.
  {
    healthSystem: 'apollo',
    sourceId: 'A2',
    displayName: 'Priya Sharma',
    gender: 'female',
    specialties: ['dermatology'],
    phone: '+919800000001',
    email: 'priya.sharma@example.org',
  },
  {
    healthSystem: 'fortis',
    sourceId: 'F2',
    displayName: 'Priya Sharma',
    gender: 'female',
    specialties: ['dermatology'],
    phone: '+919800000001',
    email: 'priya.sharma@example.org',
  },
  // Same common name, city and specialty; different registrations: two people.
  {
    healthSystem: 'apollo',
    sourceId: 'A3',
    displayName: 'Suresh Kumar',
    registrationCouncil: TN,
    registrationNumber: '11111',
    phone: '+919811111111',
  },
  {
    healthSystem: 'fortis',
    sourceId: 'F3',
    displayName: 'Suresh Kumar',
    registrationCouncil: TN,
    registrationNumber: '22222',
    phone: '+919822222222',
  },
  // Registration numbers one keystroke apart, all else agreeing: review.
  {
    healthSystem: 'apollo',
    sourceId: 'A4',
    displayName: 'Anita Desai',
    gender: 'female',
    registrationCouncil: TN,
    registrationNumber: '54321',
    phone: '+919833333333',
    email: 'anita@example.org',
  },
  {
    healthSystem: 'fortis',
    sourceId: 'F4',
    displayName: 'Anita Desai',
    gender: 'female',
    registrationCouncil: TN,
    registrationNumber: '54312',
    phone: '+919833333333',
    email: 'anita@example.org',
  },
  // A chain: F6 (no registration) looks like both A6 and A7, who have different registrations.
  {
    healthSystem: 'apollo',
    sourceId: 'A6',
    displayName: 'Mohan Das',
    specialties: ['neurology'],
    registrationCouncil: TN,
    registrationNumber: '77777',
    phone: '+919866666666',
    email: 'mohan@example.org',
  },
  {
    healthSystem: 'fortis',
    sourceId: 'F6',
    displayName: 'Mohan Das',
    specialties: ['neurology'],
    phone: '+919866666666',
    email: 'mohan.das@example.org',
  },
  {
    healthSystem: 'apollo',
    sourceId: 'A7',
    displayName: 'Mohan Das',
    specialties: ['neurology'],
    registrationCouncil: TN,
    registrationNumber: '88888',
    phone: '+919877777777',
    email: 'mohan.das@example.org',
  },
  // A switchboard: five Fortis doctors share one phone; an Apollo doctor of another name has it too.
  ...['Arjun Mehta', 'Kavita Rao', 'Sunil Joshi', 'Deepa Nair', 'Farhan Ali'].map(
    (displayName, i): Doctor => ({
      healthSystem: 'fortis',
      sourceId: `FS${i}`,
      displayName,
      specialties: ['orthopaedics'],
      phone: '+914428293333',
    }),
  ),
  {
    healthSystem: 'apollo',
    sourceId: 'AS',
    displayName: 'Arvind Mehta',
    specialties: ['orthopaedics'],
    phone: '+914428293333',
  },
];

const byId = (sourceId: string) => idOf(DOCTORS.find((d) => d.sourceId === sourceId) as Doctor);

describe.each(targets)('resolveIdentities on $name', (target) => {
  let suite: IdentitySuite | undefined;
  const schema = () => (suite as IdentitySuite).schemas.schema;
  const db = () => (suite as IdentitySuite).db;
  beforeAll(async () => {
    if (target.skip) return;
    suite = await openSuite(target.name);
  });
  afterAll(() => closeSuite(suite));
  const fresh = async () => {
    await resetSchemas(suite as IdentitySuite);
    await writeDoctors(db(), schema(), DOCTORS);
  };

  it.skipIf(target.skip)(
    'links true matches, keeps hard negatives apart, and sends a typo to review',
    async () => {
      await fresh();
      const result = await resolveIdentities(db(), { schema: schema(), mode: 'full' });
      const persons = await personsOf(db(), schema());
      const same = (x: string, y: string) =>
        persons.get(byId(x)) !== undefined && persons.get(byId(x)) === persons.get(byId(y));
      expect(same('A1', 'F1')).toBe(true);
      expect(same('A2', 'F2')).toBe(true);
      expect(same('A3', 'F3')).toBe(false);
      expect(same('A4', 'F4')).toBe(false);
      expect(same('A6', 'A7')).toBe(false);
      expect(['FS0', 'FS1', 'FS2', 'FS3', 'FS4'].some((f) => same('AS', f))).toBe(false);
      const review = await listReview(db(), { schema: schema() });
      expect(review.items.map((i) => [i.practitionerA.id, i.practitionerB.id].sort())).toContainEqual(
        [byId('A4'), byId('F4')].sort(),
      );
      expect(review.items.find((i) => i.reason === 'registration_typo')?.evidence.summary).toContain(
        'same mobile phone',
      );
      expect(result.persons).toBe(new Set(persons.values()).size);
      const { rows } = await sql<{ method: string; evidence: { summary: string; matched_with: string } }>`
      SELECT method, evidence FROM ${sql.id(schema(), 'person_links')} WHERE practitioner_id = ${byId('F1')}`.execute(
        db(),
      );
      expect(rows[0]?.method).toBe('deterministic');
      expect(rows[0]?.evidence.summary).toContain('same registration number in the same council');
      expect(rows[0]?.evidence.matched_with).toBe(byId('A1'));
    },
  );

  it.skipIf(target.skip)('never puts two registrations of one council into a person', async () => {
    const { rows } = await sql<{ n: unknown }>`
      SELECT count(*) AS n FROM (
        SELECT l.person_id FROM ${sql.id(schema(), 'person_links')} l
        JOIN ${sql.id(schema(), 'practitioners')} p ON p.id = l.practitioner_id
        WHERE p.registration_number IS NOT NULL
        GROUP BY l.person_id, p.registration_council HAVING count(DISTINCT p.registration_number) > 1) x`.execute(
      db(),
    );
    expect(Number(rows[0]?.n)).toBe(0);
    const persons = await personsOf(db(), schema());
    // F6 went with one of them, not both.
    expect(persons.get(byId('F6'))).toBeDefined();
    expect([persons.get(byId('A6')), persons.get(byId('A7'))]).toContain(persons.get(byId('F6')));
  });

  it.skipIf(target.skip)(
    'keeps person ids across a rebuild, and on another database with the same data',
    async () => {
      const before = await personsOf(db(), schema());
      await resolveIdentities(db(), { schema: schema(), mode: 'full' });
      expect(await personsOf(db(), schema())).toEqual(before);
      await fresh();
      await resolveIdentities(db(), { schema: schema(), mode: 'full' });
      expect(await personsOf(db(), schema())).toEqual(before);
    },
  );

  it.skipIf(target.skip)('respects overrides in every later run, full or incremental', async () => {
    await addOverride(db(), {
      schema: schema(),
      practitioners: [byId('A4'), byId('F4')],
      kind: 'must_link',
      note: 'typo in the Fortis number',
    });
    await addOverride(db(), {
      schema: schema(),
      practitioners: [byId('A2'), byId('F2')],
      kind: 'cannot_link',
      note: 'sisters sharing a clinic',
    });
    expect(
      (await listReview(db(), { schema: schema() })).items.some(
        (i) => i.practitionerA.id === [byId('A4'), byId('F4')].sort()[0],
      ),
    ).toBe(false);
    for (const mode of ['full', 'incremental', 'full'] as const) {
      await resolveIdentities(db(), { schema: schema(), mode });
      const persons = await personsOf(db(), schema());
      expect(persons.get(byId('A4'))).toBe(persons.get(byId('F4')));
      expect(persons.get(byId('A4'))).toBeDefined();
      expect(
        persons.get(byId('A2')) === persons.get(byId('F2')) && persons.get(byId('A2')) !== undefined,
      ).toBe(false);
    }
    const explained = await explainPerson(db(), { schema: schema(), id: byId('F4') });
    expect(explained.members.map((m) => m.method)).toEqual(['must_link', 'must_link']);
    expect(explained.overrides[0]?.note).toBe('typo in the Fortis number');
    await expect(
      addOverride(db(), { schema: schema(), practitioners: [byId('A1'), byId('A1')], kind: 'must_link' }),
    ).rejects.toMatchObject({ code: 'same_practitioner' });
    await expect(
      addOverride(db(), {
        schema: schema(),
        practitioners: [byId('A1'), '00000000-0000-4000-8000-00000000dead'],
        kind: 'must_link',
      }),
    ).rejects.toMatchObject({ code: 'practitioner_not_found' });
  });

  it.skipIf(target.skip)('unlinks a practitioner from its person', async () => {
    expect(await unlinkPractitioner(db(), { schema: schema(), practitioner: byId('F1') })).toEqual([
      byId('A1'),
    ]);
    await resolveIdentities(db(), { schema: schema(), mode: 'incremental' });
    const persons = await personsOf(db(), schema());
    expect(persons.has(byId('F1'))).toBe(false);
    expect(persons.has(byId('A1'))).toBe(false);
  });

  it.skipIf(target.skip)('a merge keeps the older person and records where the other went', async () => {
    await fresh();
    await resolveIdentities(db(), { schema: schema(), mode: 'full' });
    const before = await personsOf(db(), schema());
    const older = before.get(byId('A2')) as string;
    const younger = before.get(byId('A1')) as string;
    await sql`UPDATE ${sql.id(schema(), 'persons')} SET created_at = now() - interval '1 day' WHERE id = ${older}`.execute(
      db(),
    );
    await addOverride(db(), { schema: schema(), practitioners: [byId('A1'), byId('A2')], kind: 'must_link' });
    await resolveIdentities(db(), { schema: schema(), mode: 'incremental' });
    const after = await personsOf(db(), schema());
    for (const s of ['A1', 'F1', 'A2', 'F2']) expect(after.get(byId(s))).toBe(older);
    const { rows } = await sql<{ merged_into: string | null }>`
      SELECT merged_into FROM ${sql.id(schema(), 'persons')} WHERE id = ${younger}`.execute(db());
    expect(rows[0]?.merged_into).toBe(older);
    expect((await explainPerson(db(), { schema: schema(), id: younger })).personId).toBe(older);
  });

  it.skipIf(target.skip)('an incremental run after a pull gives what a full rebuild gives', async () => {
    await fresh();
    await resolveIdentities(db(), { schema: schema(), mode: 'full' });
    const pullId = newPullId();
    // The pull changes a doctor's phone, adds the Fortis copy of A3, and an unrelated doctor.
    await writeDoctors(
      db(),
      schema(),
      [
        { ...(DOCTORS[3] as Doctor), phone: '+919800000099' },
        {
          healthSystem: 'fortis',
          sourceId: 'F30',
          displayName: 'Dr. Suresh Kumar',
          registrationCouncil: TN,
          registrationNumber: '11111',
        },
        {
          healthSystem: 'fortis',
          sourceId: 'F31',
          displayName: 'Lakshmi Iyer',
          gender: 'female',
          phone: '+919812345678',
        },
      ],
      pullId,
    );
    const incremental = await resolveIdentities(db(), { schema: schema(), mode: 'incremental', pullId });
    expect(incremental.practitioners.changed).toBe(3);
    expect(incremental.practitioners.decided).toBeLessThan(DOCTORS.length);
    const afterIncremental = await personsOf(db(), schema());
    expect(afterIncremental.get(byId('A3'))).toBe(
      afterIncremental.get(idOf({ healthSystem: 'fortis', sourceId: 'F30' })),
    );
    const reviewIncremental = await listReview(db(), { schema: schema() });
    await resolveIdentities(db(), { schema: schema(), mode: 'full' });
    expect(await personsOf(db(), schema())).toEqual(afterIncremental);
    expect(await partition(db(), schema())).toEqual(await partition(db(), schema()));
    expect((await listReview(db(), { schema: schema() })).items).toEqual(reviewIncremental.items);
  });

  it.skipIf(target.skip)('compares the namesakes of a large name block only within a specialty', async () => {
    await resetSchemas(suite as IdentitySuite);
    // One name block, `anil+m` in Chennai: two cardiologists and a dermatologist, no identifiers.
    const namesakes: Doctor[] = [
      { healthSystem: 'apollo', sourceId: 'N1', displayName: 'Anil Mehta' },
      { healthSystem: 'fortis', sourceId: 'N2', displayName: 'Dr. Anil M' },
      { healthSystem: 'fortis', sourceId: 'N3', displayName: 'Anil Menon', specialties: ['dermatology'] },
    ];
    await writeDoctors(db(), schema(), namesakes);
    const small = await resolveIdentities(db(), { schema: schema(), mode: 'full', nameBlockSizeLimit: 3 });
    expect(small.pairs.compared).toBe(3);
    // Over the limit, the block gives way to `anil+m|cardiology`: one pair, the dermatologist alone.
    const large = await resolveIdentities(db(), { schema: schema(), mode: 'full', nameBlockSizeLimit: 2 });
    expect(large.pairs.compared).toBe(1);
    const { rows } = await sql<{ n: unknown }>`
        SELECT count(*) AS n FROM ${sql.id(schema(), 'identity_features')}
        WHERE block_keys @> ARRAY['s:chennai:anil+m|cardiology']`.execute(db());
    expect(Number(rows[0]?.n)).toBe(2);
  });
});

describe.skipIf(!process.env.PDM_TEST_DATABASE_URL)('features by COPY on postgres', () => {
  let suite: IdentitySuite | undefined;
  beforeAll(async () => {
    suite = await openSuite('postgres');
  });
  afterAll(async () => {
    await closeSuite(suite);
  });
  // The sink's COPY through the suite database's own pool.
  const copy = (statement: string, chunks: AsyncIterable<string>) =>
    (postgresCopyIn((suite as IdentitySuite).db) as CopyIn)(statement, chunks);
  const features = async (schema: string) =>
    (
      await sql<
        Record<string, unknown>
      >`SELECT * FROM ${sql.id(schema, 'identity_features')} ORDER BY practitioner_id`.execute(
        (suite as IdentitySuite).db,
      )
    ).rows.map(({ node: _node, updated_at: _updated, ...row }) => row);

  it('stores what inserting stores, builds the dropped indexes again, and links the same persons', async () => {
    const s = suite as IdentitySuite;
    await writeDoctors(s.db, s.schemas.schema, DOCTORS);
    // JSON batches, the path PGlite takes.
    await resolveIdentities(s.db, { schema: s.schemas.schema, mode: 'full', copy: false });
    const inserted = await features(s.schemas.schema);
    const persons = await partition(s.db, s.schemas.schema);
    await resetSchemas(s);
    const schema = s.schemas.schema;
    await writeDoctors(s.db, schema, DOCTORS);
    // A bulk refresh (the table empty): the secondary indexes are dropped and built after the COPY.
    const refreshed = await s.db.connection().execute(async (conn) => {
      const result = await refreshFeatures(conn, { schema, hprIdFields: ['hprId'], copy, bulkThreshold: 0 });
      const { rows } = await sql<{ n: unknown }>`SELECT count(*) AS n FROM identity_changed`.execute(conn);
      await sql`DROP TABLE identity_changed`.execute(conn);
      return { ...result, changedNodes: Number(rows[0]?.n) };
    });
    expect(refreshed).toEqual({
      read: DOCTORS.length,
      changed: DOCTORS.length,
      changedNodes: DOCTORS.length,
    });
    expect(await features(schema)).toEqual(inserted);
    const { rows: indexes } = await sql<{ indexname: string }>`
      SELECT indexname FROM pg_indexes WHERE schemaname = ${schema} AND tablename = 'identity_features'
      ORDER BY 1`.execute(s.db);
    expect(indexes.map((i) => i.indexname)).toEqual([
      'identity_features_email_idx',
      'identity_features_name_key_idx',
      'identity_features_node_key',
      'identity_features_phone_idx',
      'identity_features_pkey',
    ]);
    await sql`DELETE FROM ${sql.id(schema, 'identity_features')}`.execute(s.db);
    await resolveIdentities(s.db, { schema, mode: 'full', copy });
    expect(await features(schema)).toEqual(inserted);
    expect(await partition(s.db, schema)).toEqual(persons);
    // The default (on this database, a COPY through the pool of the sink's createDatabase) stores the same.
    await sql`DELETE FROM ${sql.id(schema, 'identity_features')}`.execute(s.db);
    const byDefault = await resolveIdentities(s.db, { schema, mode: 'full' });
    expect(byDefault.practitioners.changed).toBe(DOCTORS.length);
    expect(await features(schema)).toEqual(inserted);
    expect(await partition(s.db, schema)).toEqual(persons);
  });
});
