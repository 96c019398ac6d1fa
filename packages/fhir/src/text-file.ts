import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

/** A file written in chunks, waiting when the disk falls behind so that memory stays flat. */
export interface TextFile {
  path: string;
  write(text: string): Promise<void>;
  close(): Promise<void>;
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
      if (!stream.write(text)) await Promise.race([once(stream, 'drain'), once(stream, 'error')]);
      if (failure) throw failure;
    },
    async close() {
      stream.end();
      await finished(stream);
      if (failure) throw failure;
    },
  };
}
