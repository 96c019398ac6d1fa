import { createWriteStream, type WriteStream } from 'node:fs';
import { finished } from 'node:stream/promises';

/** A file written in chunks, waiting when the disk falls behind so that memory stays flat. */
export interface TextFile {
  path: string;
  write(text: string): Promise<void>;
  close(): Promise<void>;
}

/** Resolves when the stream's buffer has drained; rejects when it fails first. */
function drained(stream: WriteStream): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = () => {
      stream.off('error', onError);
      resolve();
    };
    const onError = (error: unknown) => {
      stream.off('drain', onDrain);
      reject(error);
    };
    stream.once('drain', onDrain);
    stream.once('error', onError);
  });
}

/** Opens `path` for writing (truncating it). */
export function openTextFile(path: string): TextFile {
  const stream: WriteStream = createWriteStream(path, { encoding: 'utf8' });
  let failure: unknown;
  stream.on('error', (error) => {
    failure = error;
  });
  return {
    path,
    async write(text) {
      if (failure) throw failure;
      if (!stream.write(text)) await drained(stream);
    },
    async close() {
      stream.end();
      await finished(stream);
      if (failure) throw failure;
    },
  };
}
