// A file's merge inserts the rows whose keys are not stored with a plain
// INSERT (`splitNew`); a key that another transaction inserts meanwhile must
// not fail the file: the merge runs again the plain way and updates the row.
// PostgreSQL only: PGlite has one connection, so nothing inserts meanwhile.
import { randomUUID } from 'node:crypto';
import type { CanonicalBatch } from '@provider-data/core';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createPostgresSink } from './postgres-sink.js';
import {
  fileResult,
  freshSchemas,
  HEALTH_SYSTEM,
  newPull,
  openTestDatabase,
  practitioner,
  type TestDatabase,
  type TestSchemas,
} from './test-support.js';

const postgresUrl = process.env.PDM_TEST_DATABASE_URL;

describe.skipIf(!postgresUrl)('a merge whose new key another transaction inserts meanwhile', () => {
  let database: TestDatabase;
  let schemas: TestSchemas;
  let other: pg.Client;

  beforeAll(async () => {
    database = await openTestDatabase('postgres', postgresUrl);
  });
  afterAll(async () => {
    await database?.handle.close();
  });
  beforeEach(async () => {
    schemas = await freshSchemas(database.handle.db);
    other = new pg.Client(postgresUrl);
    await other.connect();
  });
  afterEach(async () => {
    await other.end();
    await schemas.drop();
  });

  it('waits for it, then merges the plain way: the row is updated and the file commits', async () => {
    const sink = createPostgresSink(database.handle.db, schemas);
    const pull = await newPull(database.handle.db, schemas.pullSchema);
    const d1 = practitioner('D1');
    // Another transaction inserts D1 and holds it uncommitted.
    await other.query('BEGIN');
    await other.query(
      `INSERT INTO "${schemas.schema}".practitioners
        (id, health_system, source_id, display_name, gender, first_seen_pull_id, last_seen_pull_id, content_hash)
        VALUES ($1, $2, 'D1', 'inserted meanwhile', 'unknown', $3, $3, 'x')`,
      [d1.id, HEALTH_SYSTEM, randomUUID()],
    );
    const writer = await sink.openFile(pull, { key: 'f.json', size: 0 });
    const batch: CanonicalBatch = {
      practitioners: [d1, practitioner('D2')],
      practices: [],
      providers: [],
      quarantine: [],
    };
    await writer.write(batch);
    // The merge's plain insert of D1 waits on the other transaction's row, then meets it once committed.
    const committing = writer.commit(fileResult('f.json'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await other.query('COMMIT');
    const counts = await committing;
    expect(counts.practitioner).toEqual({ inserted: 1, updated: 1, unchanged: 0, superseded: 0 });
    const rows = await database.handle.db
      .withSchema(schemas.schema)
      .selectFrom('practitioners')
      .select(['source_id', 'display_name', 'last_seen_pull_id'])
      .orderBy('source_id')
      .execute();
    expect(rows).toEqual([
      { source_id: 'D1', display_name: d1.displayName, last_seen_pull_id: pull.pullId },
      { source_id: 'D2', display_name: practitioner('D2').displayName, last_seen_pull_id: pull.pullId },
    ]);
  });
});
