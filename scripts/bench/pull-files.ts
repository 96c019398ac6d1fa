// The benchmark's pulls on disk: the files of a generated pull, and the next
// full pull made from them (the same bytes but for a share of the doctors).
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, rm, stat } from 'node:fs/promises';
import { once } from 'node:events';
import path from 'node:path';
import { createInterface } from 'node:readline';

/** Every file under `dir`, by its key (the path under `dir`). */
export async function filesUnder(dir: string): Promise<{ key: string; file: string; size: number }[]> {
  const out: { key: string; file: string; size: number }[] = [];
  async function walk(folder: string): Promise<void> {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) await walk(full);
      else
        out.push({
          key: path.relative(dir, full).split(path.sep).join('/'),
          file: full,
          size: (await stat(full)).size,
        });
    }
  }
  await walk(dir);
  return out;
}

/**
 * Uploads (with `put`) the next pull of the files under `dir` (generated for `from`): the
 * same bytes under the `to` timestamp, except that `target` doctors get a
 * new last digit of their mobile, taken from the largest files first. The
 * edit streams line by line through a file on disk, so that it leaves this
 * process's memory as it was. Returns the doctors and files changed.
 */
export async function uploadNextPull(
  put: (key: string, file: string) => Promise<unknown>,
  dir: string,
  from: string,
  to: string,
  target: number,
): Promise<{ doctors: number; files: number }> {
  let left = target;
  let files = 0;
  for (const { key, file } of (await filesUnder(dir)).sort((a, b) => b.size - a.size)) {
    const next = key.replace(`/${from}/`, `/${to}/`);
    if (left <= 0 || file.endsWith('.gz')) {
      await put(next, file);
      continue;
    }
    const edited = `${file}.next`;
    const before = left;
    const out = createWriteStream(edited);
    let first = true;
    for await (const line of createInterface({
      input: createReadStream(file),
      crlfDelay: Number.POSITIVE_INFINITY,
    })) {
      const changed = line.replace(/("mobile":"\+91-\d{9})(\d)/g, (whole, head: string, last: string) =>
        left-- > 0 ? `${head}${(Number(last) + 1) % 10}` : whole,
      );
      if (!out.write(`${first ? '' : '\n'}${changed}`)) await once(out, 'drain');
      first = false;
    }
    out.end();
    await once(out, 'finish');
    left = Math.max(left, 0);
    if (left < before) files++;
    await put(next, left < before ? edited : file);
    await rm(edited);
  }
  return { doctors: target - left, files };
}
