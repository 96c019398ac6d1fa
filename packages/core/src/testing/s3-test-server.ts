import { type ChildProcess, spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { ObjectStore } from '../object-store/object-store.js';
import { createS3ObjectStore, type S3ObjectStoreOptions } from '../object-store/s3-object-store.js';

/** A running S3-compatible server (s3rver) on loopback, in a child process. */
export interface S3TestServer {
  endpoint: string;
  bucket: string;
  /** Connection options for {@link createS3ObjectStore} and other S3 clients. */
  connection: Required<Pick<S3ObjectStoreOptions, 'endpoint' | 'forcePathStyle' | 'credentials' | 'region'>>;
  client: S3Client;
  /** A store over the server's bucket; extra options (page size, attempts) are passed through. */
  store(options?: Partial<S3ObjectStoreOptions>): ObjectStore;
  put(key: string, body: string | Uint8Array): Promise<void>;
  putFile(key: string, file: string): Promise<void>;
  /** Stops the server, keeping its data, so that a test can show S3 unreachable. */
  stop(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  start(): Promise<void>;
  close(): Promise<void>;
}

const SERVER_SCRIPT = `
const S3rver = require(process.env.S3RVER_PATH);
const server = new S3rver({
  address: '127.0.0.1', port: Number(process.env.S3RVER_PORT), silent: true,
  directory: process.env.S3RVER_DIR, configureBuckets: [{ name: process.env.S3RVER_BUCKET }],
});
server.run().then((address) => process.stdout.write(JSON.stringify({ port: address.port }) + '\\n'),
  (error) => { console.error(error); process.exit(1); });
process.on('SIGTERM', () => server.close().finally(() => process.exit(0)));
`;

/**
 * Starts s3rver on 127.0.0.1 in a child process (it needs OpenSSL's legacy
 * provider for its continuation tokens on Node 17+), with one bucket. Tests
 * talk to it through the real AWS SDK.
 *
 * ### Examples
 * ```ts
 * import { startS3TestServer } from '@provider-data/core/testing';
 *
 * const s3 = await startS3TestServer();
 * await s3.put('apollo/datapulls/20261120T053000Z/by_city/Pune.json', '{}');
 * for await (const object of s3.store().list('apollo/')) console.log(object.key);
 * await s3.close();
 * ```
 */
export async function startS3TestServer(options: { bucket?: string } = {}): Promise<S3TestServer> {
  const bucket = options.bucket ?? 'provider-pulls';
  const dir = await mkdtemp(path.join(tmpdir(), 'pdm-s3rver-'));
  const s3rverPath = createRequire(import.meta.url).resolve('s3rver');
  let child: ChildProcess | undefined;
  let port = 0;

  async function start(): Promise<void> {
    const proc = spawn(process.execPath, ['--openssl-legacy-provider', '-e', SERVER_SCRIPT], {
      env: {
        ...process.env,
        NODE_OPTIONS: '',
        S3RVER_PATH: s3rverPath,
        S3RVER_PORT: String(port),
        S3RVER_DIR: dir,
        S3RVER_BUCKET: bucket,
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child = proc;
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      proc.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const line = out.split('\n')[0];
        if (out.includes('\n') && line) resolve(JSON.parse(line).port);
      });
      proc.once('exit', (code) => reject(new Error(`s3rver exited with code ${code}`)));
    });
  }

  async function stop(): Promise<void> {
    const proc = child;
    child = undefined;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
  }

  await start();
  const endpoint = `http://127.0.0.1:${port}`;
  const connection = {
    endpoint,
    forcePathStyle: true,
    region: 'us-east-1',
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
  };
  const client = new S3Client({
    ...connection,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });

  return {
    endpoint,
    bucket,
    connection,
    client,
    store: (extra = {}) => createS3ObjectStore({ ...connection, bucket, maxAttempts: 2, ...extra }),
    async put(key, body) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    async putFile(key, file) {
      const { size } = await stat(file);
      await client.send(
        new PutObjectCommand({ Bucket: bucket, Key: key, Body: createReadStream(file), ContentLength: size }),
      );
    },
    stop,
    start,
    async close() {
      client.destroy();
      await stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
