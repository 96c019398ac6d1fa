import {
  type DataPull,
  type FinishPullOptions,
  type FinishPullResult,
  PROVIDER_COLUMNS,
  pullPrefix,
} from '@provider-data/core';
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database } from './database-types.js';
import { assertFenceHeld } from './fence-check.js';
import { toCount, type UpsertCountsRow, upsertStatement } from './merge-statements.js';
import { providerTablesOf, resolvedPendingProviders } from './provider-merge.js';
import { type SchemaNames, qualified } from './schema-names.js';

/**
 * Ends a pull in one transaction, which first proves the claim of
 * `options.fence` (when given) still held. Most providers were merged at their file's
 * commit; what is pending is those whose practitioner or practice was not
 * stored then:
 *
 * 1. pending providers whose practice or practitioner is stored nowhere (in
 *    no file of the pull and in no earlier pull) become quarantine rows,
 *    reason `unknown_practice`;
 * 2. the others are merged into `providers`, the latest staged entry per
 *    provider id winning (the earlier ones count as superseded);
 * 3. with `deactivate`, every active row of the health system that this pull
 *    did not see becomes inactive, one statement per table;
 * 4. the pull's pending providers are deleted.
 */
export async function finishPull(
  db: Kysely<Database>,
  names: SchemaNames,
  pull: DataPull,
  options: FinishPullOptions,
): Promise<FinishPullResult> {
  const t = (name: string) => qualified(names.schema, name);
  const pullId = pull.pullId;
  const prefix = pullPrefix(pull);
  return db.transaction().execute(async (trx) => {
    const run = async (query: CompiledQuery) => (await trx.executeQuery(query)).rows;
    await assertFenceHeld(db, run, names, options.fence, `the finish of pull ${pullId}`);
    // Finishing again (a worker died after this committed, before the pull
    // was marked) answers what the first finish did, and does nothing.
    const done = await sql<{ result: FinishPullResult | string }>`
      SELECT result FROM ${t('pull_finishes')} WHERE pull_id = ${pullId}::uuid FOR UPDATE`.execute(trx);
    const previous = done.rows[0]?.result;
    if (previous) return typeof previous === 'string' ? (JSON.parse(previous) as FinishPullResult) : previous;

    const practiceKnown = sql`EXISTS (SELECT 1 FROM ${t('practices')} pr
      WHERE pr.health_system = p.health_system AND pr.source_id = p.practice_source_id)`;
    const practitionerKnown = sql`EXISTS (SELECT 1 FROM ${t('practitioners')} pt
      WHERE pt.health_system = p.health_system AND pt.source_id = p.practitioner_source_id)`;
    const quarantined = await sql<{ quarantined: number | string }>`
      WITH unresolved AS (
        DELETE FROM ${t('pending_providers')} p
        WHERE p.pull_id = ${pullId}::uuid AND NOT (${practiceKnown} AND ${practitionerKnown})
        RETURNING p.*, ${practiceKnown} AS practice_known
      ),
      moved AS (
        INSERT INTO ${t('quarantine')} (pull_id, health_system, object_key, position, entity, source_id, reason, message, raw)
        SELECT pull_id, health_system, object_key, NULL, 'provider',
          practitioner_source_id || '@' || practice_source_id,
          'unknown_practice',
          CASE WHEN practice_known
            THEN 'practitioner ' || practitioner_source_id || ' is in no file of the pull and not stored'
            ELSE 'practice ' || practice_source_id || ' is in no file of the pull and not stored'
          END,
          jsonb_build_object(
            'id', id, 'healthSystem', health_system,
            'practitionerId', practitioner_id, 'practiceId', practice_id,
            'practitionerSourceId', practitioner_source_id, 'practiceSourceId', practice_source_id,
            'designation', designation, 'department', department, 'specialties', specialties,
            'consultationFeeInr', consultation_fee_inr, 'schedule', schedule, 'active', active
          )::text
        FROM unresolved
        ORDER BY seq
        RETURNING 1
      )
      SELECT count(*) AS quarantined FROM moved`.execute(trx);

    const staged = await sql<{ total: number | string; distinct_ids: number | string }>`
      SELECT count(*) AS total, count(DISTINCT id) AS distinct_ids
      FROM ${t('pending_providers')} WHERE pull_id = ${pullId}::uuid`.execute(trx);
    const total = toCount(staged.rows[0]?.total);
    const distinct = toCount(staged.rows[0]?.distinct_ids);

    let inserted = 0;
    let updated = 0;
    if (total > 0) {
      const incoming = resolvedPendingProviders(providerTablesOf(t), pullId);
      const result = await upsertStatement({
        target: t('providers'),
        incoming,
        columns: PROVIDER_COLUMNS,
        conflict: ['id'],
        pullId,
        // Each provider's own file, which staged it.
        seenIn: sql`CASE WHEN left(object_key, ${prefix.length}) = ${prefix}
          THEN substr(object_key, ${prefix.length + 1}) END`,
      }).execute(trx);
      const row: UpsertCountsRow | undefined = result.rows[0];
      inserted = toCount(row?.inserted);
      updated = toCount(row?.updated);
    }

    const deactivated = { practitioner: 0, practice: 0, provider: 0 };
    if (options.deactivate) {
      const tables = [
        ['practitioner', 'practitioners'],
        ['practice', 'practices'],
        ['provider', 'providers'],
      ] as const;
      for (const [entity, name] of tables) {
        const result = await sql`UPDATE ${t(name)} SET active = false, updated_at = now()
          WHERE health_system = ${pull.healthSystem} AND active AND last_seen_pull_id <> ${pullId}::uuid`.execute(
          trx,
        );
        deactivated[entity] = Number(result.numAffectedRows ?? 0n);
      }
    }

    await sql`DELETE FROM ${t('pending_providers')} WHERE pull_id = ${pullId}::uuid`.execute(trx);

    const finished: FinishPullResult = {
      providers: {
        inserted,
        updated,
        unchanged: distinct - inserted - updated,
        superseded: total - distinct,
        quarantined: toCount(quarantined.rows[0]?.quarantined),
      },
      deactivated,
    };
    await sql`INSERT INTO ${t('pull_finishes')} (pull_id, result) VALUES (${pullId}::uuid, ${JSON.stringify(finished)}::jsonb)`.execute(
      trx,
    );
    await assertFenceHeld(db, run, names, options.fence, `the finish of pull ${pullId}`);
    return finished;
  });
}
