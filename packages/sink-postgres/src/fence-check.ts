import { describeFence, type FencingToken, LeaseLostError } from '@provider-data/core';
import { type CompiledQuery, type Kysely, sql } from 'kysely';
import type { Database } from './database-types.js';
import { qualified, type SchemaNames } from './schema-names.js';

/** Runs one statement in the transaction of the write it fences. */
export type RunInTransaction = (query: CompiledQuery) => Promise<unknown[]>;

/**
 * Proves, inside the transaction of a write, that the claim `token` names is
 * still held with an unexpired lease, or rejects {@link LeaseLostError} (and
 * the caller rolls the transaction back). The row is locked `FOR KEY SHARE`
 * until the commit: a takeover, which locks it `FOR UPDATE` first, waits for
 * this write or finds it refused; a renewal, which updates no key, does not
 * wait. A pull token names its `data_pulls` row (worker, attempt), a file
 * token its `pull_files` row (worker, claim number). Writes call it first
 * (no work for a lost claim) and last (no commit for a lease that ran out
 * while they ran).
 */
export async function assertFenceHeld(
  db: Kysely<Database>,
  run: RunInTransaction,
  names: SchemaNames,
  token: FencingToken | undefined,
  action: string,
): Promise<void> {
  if (token === undefined) return;
  const held =
    token.kind === 'pull'
      ? sql`SELECT 1 FROM ${qualified(names.pullSchema, 'data_pulls')}
           WHERE pull_id = ${token.pullId}::uuid AND status = 'processing'
             AND claimed_by = ${token.workerId} AND attempts = ${token.attempt}
             AND lease_expires_at > clock_timestamp()
           FOR KEY SHARE`
      : sql`SELECT 1 FROM ${qualified(names.schema, 'pull_files')}
           WHERE pull_id = ${token.pullId}::uuid AND object_key = ${token.objectKey}
             AND claimed_by = ${token.workerId} AND claims = ${token.claim}
             AND lease_expires_at > clock_timestamp()
           FOR KEY SHARE`;
  const rows = await run(held.compile(db));
  if (rows.length === 0) {
    throw new LeaseLostError(
      `${describeFence(token)} is no longer held (its lease ran out, or another worker took it over): ` +
        `${action} was rolled back`,
      token.pullId,
      { plugin: 'postgres', stage: 'sink' },
    );
  }
}
