// The setup of the benchmark's file threads (`--threads N`; see createFileThreads):
// each thread builds the same registry, object store and sink as the benchmark's own thread.
import {
  createLocalObjectStore,
  createS3ObjectStore,
  type FileThreadSetup,
  registryOf,
  type S3ObjectStoreOptions,
} from '@provider-data/core';
import { discoverPlugins } from '@provider-data/core/discover';
import { createDatabase, createPostgresSink } from '@provider-data/sink-postgres';

/** What the benchmark (or the probe) sends each thread. */
export interface BenchThreadData {
  databaseUrl: string;
  schema: string;
  pullSchema: string;
  /** `--systems`, as discoverPlugins takes it. */
  systems?: string;
  /** The pulls' S3 bucket and connection, or a local directory of pull files. */
  s3?: S3ObjectStoreOptions;
  dir?: string;
  /** Connections of the thread's sink: one a file it runs at once, and one more. */
  connections: number;
}

export default async function setup(data: BenchThreadData): Promise<FileThreadSetup> {
  const registry = registryOf(await discoverPlugins({ only: data.systems }));
  const store = data.s3 ? createS3ObjectStore(data.s3) : createLocalObjectStore(data.dir ?? '.');
  const { db, close } = await createDatabase(data.databaseUrl, { maxConnections: data.connections });
  const sink = createPostgresSink(db, { schema: data.schema, pullSchema: data.pullSchema });
  return { registry, store, sink, close };
}
