import { randomUUID } from 'node:crypto';
import { registerPull } from '@provider-data/sink-postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLambdaApp, type LambdaApp } from '../src/app.js';
import { parseSecretReference } from '../src/secret-reference.js';
import { databaseUrlFromSecret } from '../src/secret-source.js';
import { type AwsSecretsTestServer, startAwsSecretsServer } from './aws-secrets-server.js';
import {
  captureLines,
  createScenario,
  DB_PASSWORD,
  lambdaContext,
  openTestConnection,
  pullRow,
  type TestConnection,
  type TestDatabase,
} from './support.js';

const SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:provider-data/database-AbCdEf';
const PLACES_PARAMETER = '/provider-data/places-api-key';
const PLACES_KEY = 'AIza-from-parameter-store-91xQ';

let connection: TestConnection;
let aws: AwsSecretsTestServer;
const logs = captureLines();
const apps: LambdaApp[] = [];
const scenarios: TestDatabase[] = [];
const savedEnv = { ...process.env };

/** A container whose secrets live in the local Secrets Manager and Parameter Store. */
function container(database: TestDatabase, extra: Record<string, string> = {}) {
  const { PDM_DATABASE_URL: _fromEnvironment, ...env } = database.env;
  const app = createLambdaApp(
    {
      ...env,
      PDM_DATABASE_URL_SECRET: SECRET_ARN,
      PDM_PLACES_API_KEY_SECRET: `ssm:${PLACES_PARAMETER}`,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
      AWS_ENDPOINT_URL_SSM: aws.url,
      AWS_REGION: 'us-east-1',
      ...extra,
    },
    { logDestination: logs, database: database.inject },
  );
  apps.push(app);
  return app;
}

async function scenario(label: string) {
  const database = await createScenario(connection, label);
  scenarios.push(database);
  return database;
}

const reads = (target: string) => aws.requests.filter((r) => r.target === target);

beforeAll(async () => {
  // The SDK's default credential chain reads these, as it reads a role's in Lambda.
  process.env.AWS_ACCESS_KEY_ID = 'AKIDLOCALTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'local-test-secret';
  [connection, aws] = await Promise.all([
    openTestConnection('the Lambda secrets tests'),
    startAwsSecretsServer(),
  ]);
  aws.secrets.set(SECRET_ARN, connection.url);
  aws.parameters.set(PLACES_PARAMETER, PLACES_KEY);
});

afterAll(async () => {
  for (const app of apps) await app.close();
  for (const database of scenarios) await database.drop().catch(() => {});
  await connection?.close();
  await aws?.close();
  process.env = savedEnv;
});

describe('secrets from Secrets Manager and Parameter Store', () => {
  it('reads the database URL and the Places key once, through the real SDK, and keeps them across invocations', async () => {
    const database = await scenario('secrets');
    const app = container(database);
    const pull = await registerPull(
      database.handle.db,
      { healthSystem: 'unknown-chain', pullTimestamp: '20261120T053000Z', dataType: 'full' },
      { pullSchema: database.names.pullSchema },
    );
    // The database the secret names answers: a registered pull is found (its chain has no plugin: 500),
    // an unregistered one is not (404).
    const known = await app.handler({ pull_id: pull.pullId, action: 'process_data' }, lambdaContext());
    expect(known.body).toMatchObject({ code: 'unknown_health_system' });
    for (let i = 0; i < 2; i++) {
      const unknown = await app.handler({ pull_id: randomUUID(), action: 'process_data' }, lambdaContext());
      expect(unknown.statusCode).toBe(404);
    }
    expect((await pullRow(database, pull.pullId)).status).toBe('pending');

    expect(reads('secretsmanager.GetSecretValue')).toEqual([
      { target: 'secretsmanager.GetSecretValue', id: SECRET_ARN, signed: true },
    ]);
    expect(reads('AmazonSSM.GetParameter')).toEqual([
      { target: 'AmazonSSM.GetParameter', id: PLACES_PARAMETER, decrypt: true, signed: true },
    ]);
    const loaded = logs.lines.map((l) => JSON.parse(l)).find((l) => l.message === 'configuration loaded');
    expect(loaded.config).toMatchObject({ database: 'from its secret', placesKey: 'from its secret' });
  });

  it('reads a secret again after PDM_SECRETS_MAX_AGE_S, and reopens the database when it changed', async () => {
    const database = await scenario('rotation');
    const id = 'provider-data/rotating-database';
    aws.secrets.set(id, database.url);
    const app = container(database, { PDM_DATABASE_URL_SECRET: id, PDM_SECRETS_MAX_AGE_S: '1' });
    const invoke = () => app.handler({ pull_id: randomUUID(), action: 'process_data' }, lambdaContext());
    expect((await invoke()).statusCode).toBe(404);
    expect((await invoke()).statusCode).toBe(404);
    expect(reads('secretsmanager.GetSecretValue').filter((r) => r.id === id)).toHaveLength(1);

    // Rotated: a new password (trust authentication ignores it; the function must not).
    const rotated = new URL(database.url);
    rotated.password = 'rotated-Password-2';
    if (connection.kind === 'postgres') aws.secrets.set(id, rotated.toString());
    else aws.secrets.set(id, 'memory://rotated');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await invoke()).statusCode).toBe(404);
    expect(reads('secretsmanager.GetSecretValue').filter((r) => r.id === id)).toHaveLength(2);
    expect(logs.lines.some((l) => l.includes('secrets changed: reopening the database'))).toBe(true);
  });

  it('builds the URL from an RDS-managed secret (username, password, host, port, dbname)', () => {
    const url = databaseUrlFromSecret(
      JSON.stringify({
        engine: 'postgres',
        host: 'db.internal',
        port: 5432,
        username: 'app',
        password: 'p@ss/word',
        dbname: 'providers',
      }),
    );
    expect(url).toBe('postgres://app:p%40ss%2Fword@db.internal:5432/providers');
    expect(() => databaseUrlFromSecret('{"host": "db"}')).toThrow(
      'its JSON has no username, password and host',
    );
    expect(() => databaseUrlFromSecret('{not json')).toThrow('it starts with { but is not JSON');
  });

  it('answers 500 secret_unavailable naming the variable and the secret, never a value, and throws it for an Event invocation', async () => {
    const database = await scenario('missing');
    const app = container(database, { PDM_DATABASE_URL_SECRET: 'provider-data/no-such-secret' });
    const event = { pull_id: randomUUID(), action: 'process_data' };
    const response = await app.handler(event, lambdaContext());
    expect(response).toEqual({
      statusCode: 500,
      body: {
        code: 'secret_unavailable',
        message:
          "[config] could not read PDM_DATABASE_URL_SECRET (Secrets Manager secret provider-data/no-such-secret): Secrets Manager can't find the specified secret.",
      },
    });
    await expect(app.handler({ ...event, invocation_type: 'Event' }, lambdaContext())).rejects.toMatchObject({
      name: 'secret_unavailable',
      statusCode: 500,
    });
  });

  it('scrubs a password that arrived in a secret from every line and answer', async () => {
    const database = await scenario('scrub');
    const id = 'provider-data/unreachable-database';
    aws.secrets.set(id, `postgres://lambda:${DB_PASSWORD}@127.0.0.1:9/providers?connect_timeout=2`);
    // Without an injected database, so that the URL from the secret is the one opened.
    const { PDM_DATABASE_URL: _url, ...env } = database.env;
    const app = createLambdaApp(
      {
        ...env,
        PDM_DATABASE_URL_SECRET: id,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: aws.url,
        AWS_REGION: 'us-east-1',
        PDM_LOG_LEVEL: 'debug',
      },
      { logDestination: logs },
    );
    apps.push(app);
    const response = await app.handler({ pull_id: randomUUID(), action: 'process_data' }, lambdaContext());
    expect(response.statusCode).toBe(500);
    expect(JSON.stringify(response)).not.toContain(DB_PASSWORD);
    expect(logs.lines.join('\n')).not.toContain(DB_PASSWORD);
    expect(logs.lines.join('\n')).not.toContain(PLACES_KEY);
  });
});

describe('secret references', () => {
  it('tells Secrets Manager from Parameter Store, and refuses what is neither', () => {
    expect(parseSecretReference(SECRET_ARN)).toEqual({ service: 'secrets-manager', id: SECRET_ARN });
    expect(parseSecretReference('provider-data/database')).toEqual({
      service: 'secrets-manager',
      id: 'provider-data/database',
    });
    expect(parseSecretReference('secretsmanager:prod/db')).toEqual({
      service: 'secrets-manager',
      id: 'prod/db',
    });
    expect(parseSecretReference('ssm:/provider-data/db')).toEqual({
      service: 'ssm',
      id: '/provider-data/db',
    });
    const parameterArn = 'arn:aws:ssm:ap-south-1:123456789012:parameter/provider-data/db';
    expect(parseSecretReference(parameterArn)).toEqual({ service: 'ssm', id: parameterArn });
    expect(parseSecretReference('arn:aws:s3:::bucket')).toEqual({
      error: 'expected the ARN of a Secrets Manager secret or of an SSM parameter',
    });
    expect(parseSecretReference('ssm:has spaces')).toHaveProperty('error');
    expect(() =>
      createLambdaApp({ PDM_DATABASE_URL: 'postgres://x@h/db', PDM_DATABASE_URL_SECRET: 'prod/db' }),
    ).toThrow('PDM_DATABASE_URL and PDM_DATABASE_URL_SECRET are both set: keep one');
    expect(() => createLambdaApp({ PDM_DATABASE_URL_SECRET: 'arn:aws:iam::1:role/x' })).toThrow(
      'PDM_DATABASE_URL_SECRET expected the ARN of a Secrets Manager secret or of an SSM parameter',
    );
  });
});
