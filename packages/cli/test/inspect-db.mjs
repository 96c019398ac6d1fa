// Reads what a test needs straight from the tables, outside vitest, through
// the built sink-postgres package (the same way the built pdm opens them):
//   node inspect-db.mjs <database> <schema> <pullSchema> <pullId> <healthSystem>
//   node inspect-db.mjs --drop <postgres-url> <schema>
import { createDatabase } from '@provider-data/sink-postgres';

const args = process.argv.slice(2);
if (args[0] === '--drop') {
  const { db, close } = await createDatabase(args[1]);
  await db.schema.dropSchema(args[2]).ifExists().cascade().execute();
  await close();
} else {
  const [url, schema, pullSchema, pullId, healthSystem] = args;
  const { db, close } = await createDatabase(url);
  const count = async (table) =>
    Number(
      (
        await db
          .withSchema(schema)
          .selectFrom(table)
          .select((eb) => eb.fn.countAll().as('n'))
          .where('health_system', '=', healthSystem)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const pull = await db
    .withSchema(pullSchema)
    .selectFrom('data_pulls')
    .select(['status'])
    .where('pull_id', '=', pullId)
    .executeTakeFirst();
  const quarantine = await db
    .withSchema(schema)
    .selectFrom('quarantine')
    .select((eb) => ['reason', eb.fn.countAll().as('n')])
    .where('pull_id', '=', pullId)
    .groupBy('reason')
    .execute();
  process.stdout.write(
    JSON.stringify({
      status: pull?.status ?? null,
      rows: {
        practitioner: await count('practitioners'),
        practice: await count('practices'),
        provider: await count('providers'),
      },
      quarantineByReason: Object.fromEntries(quarantine.map((q) => [q.reason, Number(q.n)])),
    }),
  );
  await close();
}
