import { TextDecoder } from 'node:util';

/** How much of a file decides its encoding. */
const SNIFF_BYTES = 64 * 1024;

/**
 * Decodes a file's byte chunks to text: as UTF-8 when its first 64 KiB are
 * valid UTF-8, else as Windows-1252 (the encoding spreadsheet exports on
 * Windows write, where `é` is the single byte `E9`). A file that mixes both
 * after its first 64 KiB gets U+FFFD for the bytes that are not UTF-8.
 * String chunks are already text and pass as they are. Run
 * `requireUtf8` before it to refuse UTF-16 and UTF-32.
 *
 * ### Examples
 * ```ts
 * import { decodeText } from '@provider-data/core/kit';
 *
 * async function* bytes() { yield new Uint8Array([0x43, 0x61, 0x66, 0xe9]); }
 * for await (const text of decodeText(bytes())) console.log(text); // 'Café'
 * ```
 */
export async function* decodeText(chunks: AsyncIterable<Uint8Array | string>): AsyncGenerator<string> {
  const held: Uint8Array[] = [];
  let heldBytes = 0;
  let decoder: TextDecoder | null = null;
  const decide = function* (): Generator<string> {
    const sniff = new TextDecoder('utf-8', { fatal: true });
    let utf8 = true;
    try {
      for (const chunk of held) sniff.decode(chunk, { stream: true });
    } catch {
      utf8 = false;
    }
    decoder = new TextDecoder(utf8 ? 'utf-8' : 'windows-1252');
    for (const chunk of held.splice(0)) yield decoder.decode(chunk, { stream: true });
  };
  for await (const chunk of chunks) {
    if (typeof chunk === 'string') {
      yield chunk;
      continue;
    }
    if (decoder) {
      yield (decoder as TextDecoder).decode(chunk, { stream: true });
      continue;
    }
    held.push(chunk);
    heldBytes += chunk.length;
    if (heldBytes >= SNIFF_BYTES) yield* decide();
  }
  if (!decoder) yield* decide();
  const rest = (decoder as unknown as TextDecoder).decode();
  if (rest !== '') yield rest;
}
