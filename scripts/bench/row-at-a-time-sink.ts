// The original system's write path, for comparison: one INSERT per record,
// each in its own transaction (autocommit). Providers are inserted at the end
// of the pull, each after a look-up of its practice.
import {
  copyJson,
  type FileResult,
  PRACTICE_COLUMNS,
  PRACTITIONER_COLUMNS,
  PROVIDER_COLUMNS,
  type Practice,
  type Practitioner,
  type Provider,
  practiceCodec,
  practitionerCodec,
  providerCodec,
  type RowCodec,
  rowHash,
  type Sink,
} from '@provider-data/core';
import type pg from 'pg';
import { canonicalLine, providerLine } from '../../packages/sink-postgres/src/canonical-rows.js';

const ESCAPES: Record<string, string> = { t: '\t', n: '\n', r: '\r', '\\': '\\' };

/** COPY text fields back to query parameters. */
function params(line: string, skip: number): (string | null)[] {
  return line
    .replace(/\n$/, '')
    .split('\t')
    .slice(skip)
    .map((field) => (field === '\\N' ? null : field.replace(/\\(.)/g, (_, c: string) => ESCAPES[c] ?? c)));
}

/** A record's COPY line (position 0) with its hash as the last field. */
function encode<T extends { raw: unknown }>(codec: RowCodec<T>, record: T): string {
  const content = codec.content(record);
  return canonicalLine(0, content, copyJson(record.raw), rowHash(content));
}

function upsertSql(table: string, columns: readonly string[]): string {
  const all = [...columns, 'content_hash', 'first_seen_pull_id', 'last_seen_pull_id'];
  const values = all.map((_, i) => `$${i + 1}`).join(', ');
  const updates = [...columns.filter((c) => c !== 'id'), 'content_hash', 'last_seen_pull_id']
    .map((c) => `${c} = excluded.${c}`)
    .join(', ');
  return `INSERT INTO ${table} (${all.join(', ')}) VALUES (${values}) ON CONFLICT (health_system, source_id) DO UPDATE SET ${updates}, updated_at = now()`;
}

export function createRowAtATimeSink(pool: pg.Pool, schema: string): Sink & { rows: number } {
  const practitionerSql = upsertSql(`${schema}.practitioners`, PRACTITIONER_COLUMNS);
  const practiceSql = upsertSql(`${schema}.practices`, PRACTICE_COLUMNS);
  const providerColumns = [...PROVIDER_COLUMNS, 'content_hash', 'first_seen_pull_id', 'last_seen_pull_id'];
  const providerSql = `INSERT INTO ${schema}.providers (${providerColumns.join(', ')}) VALUES (${providerColumns
    .map((_, i) => `$${i + 1}`)
    .join(', ')}) ON CONFLICT (id) DO UPDATE SET content_hash = excluded.content_hash, updated_at = now()`;
  const providers: Provider[] = [];
  const sink = {
    name: 'row-at-a-time',
    rows: 0,
    checkpoints: async () => new Map<string, FileResult>(),
    async openFile(pull: { pullId: string }) {
      return {
        async write(batch: { practitioners: Practitioner[]; practices: Practice[]; providers: Provider[] }) {
          for (const p of batch.practices) {
            await pool.query(practiceSql, [...params(encode(practiceCodec, p), 1), pull.pullId, pull.pullId]);
            sink.rows++;
          }
          for (const p of batch.practitioners) {
            await pool.query(practitionerSql, [
              ...params(encode(practitionerCodec, p), 1),
              pull.pullId,
              pull.pullId,
            ]);
            sink.rows++;
          }
          providers.push(...batch.providers);
        },
        commit: async () => ({
          practitioner: { inserted: 0, updated: 0, unchanged: 0, superseded: 0 },
          practice: { inserted: 0, updated: 0, unchanged: 0, superseded: 0 },
        }),
        abort: async () => {},
      };
    },
    async finishPull(pull: { pullId: string }) {
      for (const p of providers) {
        const found = await pool.query(`SELECT 1 FROM ${schema}.practices WHERE id = $1`, [p.practiceId]);
        if (found.rowCount === 0) continue;
        const content = providerCodec.content(p);
        const fields = params(providerLine(0, pull.pullId, '', content, rowHash(content)), 3);
        await pool.query(providerSql, [...fields, pull.pullId, pull.pullId]);
        sink.rows++;
      }
      return {
        providers: { inserted: 0, updated: 0, unchanged: 0, superseded: 0, quarantined: 0 },
        deactivated: { practitioner: 0, practice: 0, provider: 0 },
      };
    },
    resetPull: async () => {},
  };
  return sink;
}
