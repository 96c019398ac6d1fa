// A worker process for the fault suite: processes one pull from a local pull
// folder into PostgreSQL, alone (`exclusive`) or sharing it (`shared`), and
// prints one JSON line with its outcome. Started with
// `node --conditions=source --import tsx test/faults/support/worker.ts`.
//
// With PDM_WAIT_FOR_GO=true it loads its modules, prints `{"event":"ready"}`
// and waits for one line on stdin before it touches the pull, so that a test
// can start it ahead of time and know that its kills land in the pipeline,
// not in module loading.
import { createInterface } from 'node:readline';
import {
  createLocalObjectStore,
  createRegistry,
  defineHealthSystem,
  processPull,
  runPullWorker,
} from '@provider-data/core';
import { apolloPlugin } from '@provider-data/plugin-apollo';
import { fortisPlugin } from '@provider-data/plugin-fortis';
import {
  createDatabase,
  createPostgresFileQueue,
  createPostgresPullStore,
  createPostgresSink,
} from '@provider-data/sink-postgres';

const env = process.env;
const REQUIRED = [
  'PDM_DATABASE_URL',
  'PDM_SCHEMA',
  'PDM_PULL_SCHEMA',
  'PDM_STORE_DIR',
  'PDM_PULL_ID',
] as const;
const missing = REQUIRED.filter((name) => !env[name]);
if (missing.length > 0) {
  console.log(JSON.stringify({ status: 'error', code: 'usage', message: `missing ${missing.join(', ')}` }));
  process.exit(2);
}
const mode = env.PDM_MODE ?? 'exclusive';
if (mode !== 'exclusive' && mode !== 'shared') {
  console.log(JSON.stringify({ status: 'error', code: 'usage', message: `unknown PDM_MODE ${mode}` }));
  process.exit(2);
}

async function waitForGo(): Promise<void> {
  console.log(JSON.stringify({ event: 'ready' }));
  const lines = createInterface({ input: process.stdin });
  await new Promise<void>((resolve, reject) => {
    lines.once('line', () => resolve());
    lines.once('close', () => reject(new Error('stdin closed before go')));
  });
  lines.close();
}

/**
 * With PDM_STALL_ON=<doctor_code> and PDM_STALL_MS, Fortis's transformer
 * holds the event loop that long on that doctor, once, as a quadratic
 * algorithm on a long list did: the lease timer cannot fire meanwhile.
 */
function fortisStallingOn(doctorCode: string | undefined, ms: number) {
  if (!doctorCode) return fortisPlugin;
  let stalled = false;
  return defineHealthSystem({
    ...fortisPlugin,
    create(config) {
      const roles = fortisPlugin.create(config);
      return {
        source: roles.source,
        transformer: {
          transform(record, context) {
            if (!stalled && (record.value as { doctor_code?: unknown }).doctor_code === doctorCode) {
              stalled = true;
              console.log(JSON.stringify({ event: 'stalling', ms }));
              const until = Date.now() + ms;
              while (Date.now() < until) {}
            }
            return roles.transformer.transform(record, context);
          },
        },
      };
    },
  });
}

const names = { schema: env.PDM_SCHEMA!, pullSchema: env.PDM_PULL_SCHEMA! };
const { db, close } = await createDatabase(env.PDM_DATABASE_URL!, {
  maxConnections: 3,
  applicationName: `pdm-fault-worker-${env.PDM_WORKER_NAME ?? 'worker'}`,
});
const common = {
  pullId: env.PDM_PULL_ID!,
  registry: createRegistry()
    .register(apolloPlugin)
    .register(fortisStallingOn(env.PDM_STALL_ON, Number(env.PDM_STALL_MS ?? 0))),
  pullStore: createPostgresPullStore(db, names),
  sink: createPostgresSink(db, names),
  store: createLocalObjectStore(env.PDM_STORE_DIR!),
  workerId: `${env.PDM_WORKER_NAME ?? 'worker'}:${process.pid}`,
  leaseMs: Number(env.PDM_LEASE_MS ?? 2000),
  batchSize: Number(env.PDM_BATCH_SIZE ?? 200),
};
try {
  if (env.PDM_WAIT_FOR_GO === 'true') await waitForGo();
  if (mode === 'shared') {
    const result = await runPullWorker({ ...common, fileQueue: createPostgresFileQueue(db, names) });
    console.log(JSON.stringify({ status: result.status, filesProcessed: result.filesProcessed }));
  } else {
    const result = await processPull({ ...common, reprocess: env.PDM_REPROCESS === 'true' });
    console.log(JSON.stringify({ status: result.status, records: result.summary.records }));
  }
} catch (error) {
  console.log(
    JSON.stringify({
      status: 'error',
      code: (error as { code?: string }).code,
      message: String((error as Error).message),
    }),
  );
  process.exitCode = 1;
} finally {
  await close();
}
