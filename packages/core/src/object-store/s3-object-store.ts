import {
  GetObjectCommand,
  type GetObjectCommandOutput,
  ListObjectsV2Command,
  type ListObjectsV2CommandOutput,
  S3Client,
  type S3ClientConfig,
} from '@aws-sdk/client-s3';
import { PassThrough, Readable } from 'node:stream';
import { ConfigError, ObjectStoreError } from '../errors.js';
import type { ObjectInfo, ObjectStore, ObjectStoreCallOptions } from './object-store.js';

/** The subset of the AWS SDK's `S3Client` this store needs: `send` of two commands. */
export interface S3ClientLike {
  send(
    command: ListObjectsV2Command,
    options?: { abortSignal?: AbortSignal },
  ): Promise<ListObjectsV2CommandOutput>;
  send(command: GetObjectCommand, options?: { abortSignal?: AbortSignal }): Promise<GetObjectCommandOutput>;
}

/** Options of {@link createS3ObjectStore}. */
export interface S3ObjectStoreOptions {
  /** The bucket used when a pull names none. */
  bucket?: string;
  /** Your own client; when given, the connection options below are ignored. */
  client?: S3ClientLike;
  region?: string;
  /** An S3-compatible server, e.g. `http://127.0.0.1:4569`. */
  endpoint?: string;
  /** Path-style addressing (`endpoint/bucket/key`), which most S3-compatible servers need. */
  forcePathStyle?: boolean;
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
  /** Attempts per request, the SDK's own retry with backoff. Default 3. */
  maxAttempts?: number;
  /** Keys per listing page (S3's maximum and default is 1000). */
  pageSize?: number;
}

function describe(error: unknown): string {
  const e = error as { name?: string; $metadata?: { httpStatusCode?: number }; code?: string };
  const status = e?.$metadata?.httpStatusCode;
  return [e?.name ?? e?.code ?? 'error', status ? `HTTP ${status}` : ''].filter(Boolean).join(', ');
}

/**
 * An {@link ObjectStore} over Amazon S3 or any S3-compatible server, with the
 * AWS SDK v3: paginated listing, streamed bodies. Checksums are computed and
 * validated only when the server requires them, which keeps S3-compatible
 * servers' bodies intact.
 *
 * ### Examples
 * ```ts
 * import { createS3ObjectStore } from '@provider-data/core';
 *
 * const store = createS3ObjectStore({ bucket: 'provider-pulls', region: 'ap-south-1' });
 * const local = createS3ObjectStore({
 *   bucket: 'pulls', endpoint: 'http://127.0.0.1:4569', forcePathStyle: true,
 *   credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' }, region: 'us-east-1',
 * });
 * ```
 */
export function createS3ObjectStore(options: S3ObjectStoreOptions = {}): ObjectStore {
  const config: S3ClientConfig = {
    region: options.region ?? process.env.AWS_REGION ?? 'us-east-1',
    maxAttempts: options.maxAttempts ?? 3,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  if (options.endpoint) config.endpoint = options.endpoint;
  if (options.forcePathStyle !== undefined) config.forcePathStyle = options.forcePathStyle;
  if (options.credentials) config.credentials = options.credentials;
  const client: S3ClientLike = options.client ?? new S3Client(config);

  function bucketOf(callOptions?: ObjectStoreCallOptions): string {
    const bucket = callOptions?.bucket ?? options.bucket;
    if (!bucket)
      throw new ConfigError('no S3 bucket: the pull names none and no default bucket is configured');
    return bucket;
  }

  return {
    name: `s3:${options.bucket ?? ''}`,
    async *list(prefix, callOptions): AsyncIterable<ObjectInfo> {
      const bucket = bucketOf(callOptions);
      let token: string | undefined;
      do {
        let page: ListObjectsV2CommandOutput;
        try {
          page = await client.send(
            new ListObjectsV2Command({
              Bucket: bucket,
              Prefix: prefix,
              ContinuationToken: token,
              MaxKeys: options.pageSize,
            }),
            { abortSignal: callOptions?.signal },
          );
        } catch (error) {
          throw new ObjectStoreError(`could not list s3://${bucket}/${prefix}: ${describe(error)}`, {
            cause: error,
          });
        }
        for (const object of page.Contents ?? []) {
          if (!object.Key) continue;
          const info: ObjectInfo = { key: object.Key, size: object.Size ?? 0 };
          if (object.ETag) info.etag = object.ETag;
          yield info;
        }
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
    },
    async open(key, callOptions): Promise<Readable> {
      const bucket = bucketOf(callOptions);
      let output: GetObjectCommandOutput;
      try {
        output = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }), {
          abortSignal: callOptions?.signal,
        });
      } catch (error) {
        throw new ObjectStoreError(`could not read s3://${bucket}/${key}: ${describe(error)}`, {
          cause: error,
          objectKey: key,
        });
      }
      const body = output.Body;
      if (!(body instanceof Readable)) {
        throw new ObjectStoreError(`s3://${bucket}/${key} has no streamable body`, { objectKey: key });
      }
      // A connection that breaks mid-body is broken infrastructure, not bad data:
      // re-raise it as an ObjectStoreError so sources and the pipeline can tell.
      const out = new PassThrough({ highWaterMark: 1 << 20 });
      body.on('error', (error) =>
        out.destroy(
          new ObjectStoreError(`reading s3://${bucket}/${key} failed: ${describe(error)}`, {
            cause: error,
            objectKey: key,
          }),
        ),
      );
      out.on('close', () => {
        if (!body.destroyed) body.destroy();
      });
      return body.pipe(out);
    },
  };
}
