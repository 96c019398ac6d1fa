/**
 * Pages of a keyset-paginated query, in key order: each page starts after
 * the last key of the one before, so that every page is an index range scan
 * and memory holds one page (and the next, fetched while the caller works on
 * this one: the database and Node then run side by side).
 */
export async function* keysetPages<Row, Key>(
  fetchPage: (after: Key | undefined) => Promise<Row[]>,
  keyOf: (row: Row) => Key,
  pageSize: number,
): AsyncGenerator<Row[]> {
  let next: Promise<Row[]> | undefined = fetchPage(undefined);
  try {
    while (next) {
      const rows: Row[] = await next;
      const last = rows[rows.length - 1];
      next = rows.length === pageSize && last !== undefined ? fetchPage(keyOf(last)) : undefined;
      if (rows.length > 0) yield rows;
    }
  } finally {
    // A consumer that stopped early leaves no query unawaited.
    await next?.catch(() => {});
  }
}
