import type { Database } from '@provider-data/sink-postgres';
import { type Kysely, type RawBuilder, sql } from 'kysely';
import type { PullSummary } from '@provider-data/core';
import type { ResolvedReportOptions } from './report-options.js';
import type { ReportScope } from './report-data.js';

/** What every query of the report works with. */
export interface ReportContext {
  db: Kysely<Database>;
  options: ResolvedReportOptions;
  scope: ReportScope;
  /** The stored summary of the scope's pull, when it has one. */
  summary: PullSummary | undefined;
  /** A canonical table of the report's schema, quoted. */
  table(name: string): RawBuilder<unknown>;
  /** The rows in scope of a canonical table aliased `t`. */
  inScope: RawBuilder<unknown>;
}

/** The context of a resolved scope. */
export function reportContext(
  db: Kysely<Database>,
  options: ResolvedReportOptions,
  scope: ReportScope,
  summary: PullSummary | undefined,
): ReportContext {
  const pullId = scope.kind === 'pull' ? scope.pull?.pullId : undefined;
  const inScope = pullId
    ? sql`t.health_system = ${scope.healthSystem} AND t.last_seen_pull_id = ${pullId}::uuid`
    : sql`t.health_system = ${scope.healthSystem} AND t.active`;
  return {
    db,
    options,
    scope,
    summary,
    table: (name) => sql.id(options.schema, name),
    inScope,
  };
}

/** A count from the driver: pg returns `bigint` as text, PGlite as a number. */
export const count = (value: unknown): number => Number(value ?? 0);
