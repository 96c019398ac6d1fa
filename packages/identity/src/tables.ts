import { sql } from 'kysely';

/** A qualified table of the identity schema. */
export const tableOf = (schema: string) => (name: string) => sql.id(schema, name);

/** Rows of a JSON array as a record set, so one statement takes a whole batch. */
export const batchJson = (rows: readonly object[]) => JSON.stringify(rows);

/** Counts come back as numbers from PGlite and strings from node-postgres. */
export const num = (value: unknown): number => Number(value ?? 0);
