import { createGunzip, type Gunzip } from 'node:zlib';

/** The gzip data itself is bad (cut off, not gzip): bad data, as opposed to a failing object stream. */
export class GzipDataError extends Error {
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'GzipDataError';
  }
}

/**
 * Decompresses `body` chunk by chunk. Each compressed chunk is fed to zlib and
 * all of its output is collected before the next is read, so nothing that
 * decompressed before an error is lost (an iterator over a destroyed stream
 * drops its buffered data). An error thrown while reading `body` passes through
 * unchanged (infrastructure); an error of the gzip data is a {@link GzipDataError}
 * raised after every byte decompressed before it was yielded.
 */
export async function* gunzipChunks(body: AsyncIterable<Uint8Array | string>): AsyncGenerator<Buffer> {
  const gunzip = createGunzip();
  const out: Buffer[] = [];
  let failure: Error | undefined;
  gunzip.on('data', (chunk: Buffer) => out.push(chunk));
  gunzip.on('error', (error: Error) => {
    failure ??= error;
  });
  try {
    for await (const chunk of body) {
      await settle(gunzip, (done) => gunzip.write(chunk, done));
      while (out.length > 0) yield out.shift()!;
      if (failure) throw dataError(failure);
    }
    await settle(gunzip, (done) => {
      gunzip.once('end', done);
      gunzip.end();
    });
    while (out.length > 0) yield out.shift()!;
    if (failure) throw dataError(failure);
  } finally {
    gunzip.destroy();
  }
}

/** Starts a zlib step and resolves when it is done, or when the stream closes after an error. */
function settle(gunzip: Gunzip, start: (done: () => void) => void): Promise<void> {
  return new Promise((resolve) => {
    let settled = false;
    const finish = () => {
      if (settled) return;
      settled = true;
      gunzip.off('close', finish);
      resolve();
    };
    gunzip.once('close', finish);
    start(finish);
  });
}

function dataError(error: Error): GzipDataError {
  const code = (error as Error & { code?: unknown }).code;
  return new GzipDataError(typeof code === 'string' ? code : 'Z_ERROR', error.message, { cause: error });
}
