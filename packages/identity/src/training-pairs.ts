import { type Kysely, sql } from 'kysely';
import { num, tableOf } from './tables.js';

/**
 * Fills the temp table `identity_training_pairs` with the pairs the model is
 * estimated on: those of the broad blocking (registration, HPR id, phone,
 * e-mail, and a name word with an initial in a city, each key of at most
 * `blockSizeLimit` members), among the practitioners of whole cities taken
 * in an order fixed by the cities' names until `sampleSize` practitioners
 * (all of them when there are fewer).
 *
 * EM needs the mixture of matches and non-matches that broad blocks hold:
 * on the pairs of the finer keys that a large run compares (a name key with
 * a specialty), nearly all non-matches are namesakes of one specialty, and
 * EM took those for matches (at 200,000 practitioners: 29,000 pairs refused
 * by the guard, 34,000 sent to review). Whole cities keep each block as the
 * full data has it; the sample keeps the cost of estimating bounded.
 */
export async function trainingPairs(
  conn: Kysely<unknown>,
  schema: string,
  blockSizeLimit: number,
  sampleSize: number,
): Promise<number> {
  const t = tableOf(schema);
  const { rows: total } = await sql<{ n: unknown }>`
    SELECT count(*) AS n FROM ${t('identity_features')}`.execute(conn);
  if (num(total[0]?.n) <= sampleSize) {
    await sql`CREATE TEMP TABLE identity_training_nodes AS SELECT node FROM ${t('identity_features')}`.execute(
      conn,
    );
  } else {
    await sql`CREATE TEMP TABLE identity_training_nodes AS
      WITH by_city AS (
        SELECT cities[1] AS city, count(*) AS n FROM ${t('identity_features')}
        WHERE cardinality(cities) > 0 GROUP BY 1),
      chosen AS (
        SELECT city FROM (SELECT city, sum(n) OVER (ORDER BY md5(city), city) - n AS before FROM by_city) c
        WHERE before < ${sampleSize})
      SELECT f.node FROM ${t('identity_features')} f WHERE f.cities[1] IN (SELECT city FROM chosen)`.execute(
      conn,
    );
  }
  await sql`CREATE TEMP TABLE identity_training_keys AS
    SELECT f.node, k.key FROM ${t('identity_features')} f JOIN identity_training_nodes n ON n.node = f.node
    CROSS JOIN LATERAL unnest(f.block_keys) AS k(key) WHERE k.key NOT LIKE 's:%'`.execute(conn);
  await sql`ANALYZE identity_training_keys`.execute(conn);
  await sql`CREATE TEMP TABLE identity_training_pairs AS
    SELECT DISTINCT x.node AS a, y.node AS b
    FROM identity_training_keys x
    JOIN (SELECT key FROM identity_training_keys GROUP BY key HAVING count(*) BETWEEN 2 AND ${blockSizeLimit}) s
      ON s.key = x.key
    JOIN identity_training_keys y ON y.key = x.key AND y.node > x.node`.execute(conn);
  await sql`CREATE INDEX ON identity_training_pairs (a, b)`.execute(conn);
  await sql`ANALYZE identity_training_pairs`.execute(conn);
  const { rows } = await sql<{ n: unknown }>`SELECT count(*) AS n FROM identity_training_pairs`.execute(conn);
  return num(rows[0]?.n);
}
