import { PdmError } from '../errors.js';
import { pullPrefix } from '../pull/data-pull.js';
import type { SourceContext, SourceFile } from '../source/source.js';

/** A data file of a pull, with what its key says about it. */
export type LayoutFile<T> = SourceFile & { relativeKey: string } & T;

/** Options of {@link listPullFiles}. */
export interface PullLayout<T> {
  /**
   * Reads a key relative to `<system>/datapulls/<timestamp>/by_city/`
   * (`gurgaon/doctors.ndjson.gz`, `Chennai.json`): what the file is, or null
   * for a key that is not data (a README, `.keep`, a sub-folder).
   */
  match(relativeKey: string): T | null;
  /** The order of the files; default by key. */
  compare?(a: LayoutFile<T>, b: LayoutFile<T>): number;
}

/**
 * Thrown when a `full` pull's prefix holds no data file: the listing found
 * no key under `<system>/datapulls/<timestamp>/by_city/`, or only keys the
 * layout ignores. An empty snapshot proves nothing, so the pull fails with
 * this error (code `no_data_files`) rather than end `processed` with nothing
 * read and deactivate every record of the health system. (An `incremental`
 * pull with no file is a pull with no change: a warning, not an error.)
 */
export class NoDataFilesError extends PdmError {
  override readonly name = 'NoDataFilesError';
  constructor(
    readonly prefix: string,
    readonly ignoredKeys: readonly string[],
  ) {
    const shown = ignoredKeys.slice(0, 5).join(', ');
    super(
      'no_data_files',
      ignoredKeys.length === 0
        ? `no object under ${prefix}: the pull has no files`
        : `none of the ${ignoredKeys.length} keys under ${prefix} is a data file (${shown}${ignoredKeys.length > 5 ? ', …' : ''})`,
    );
  }
}

/**
 * Lists a pull's data files under `pullPrefix(pull)`, which is
 * `<system>/datapulls/<timestamp>/by_city/` (already ending in `by_city/`):
 * `layout.match` sees each key relative to it and keeps or ignores it, and
 * the files come in `layout.compare` order. A `full` pull with no data file
 * throws {@link NoDataFilesError}, naming the keys it ignored; an
 * `incremental` one logs a warning (`no data files`) and lists nothing.
 *
 * ### Examples
 * ```ts
 * import type { SourceContext } from '@provider-data/core';
 * import { listPullFiles } from '@provider-data/core/kit';
 *
 * declare const context: SourceContext;
 * // by_city/<city-slug>/doctors.csv
 * const files = await listPullFiles(context, {
 *   match: (key) => /^([^/]+)\/doctors\.csv$/.exec(key) && { city: key.split('/')[0]! },
 * });
 * for (const file of files) console.log(file.key, file.city);
 * ```
 */
export async function listPullFiles<T>(
  context: SourceContext,
  layout: PullLayout<T>,
): Promise<LayoutFile<T>[]> {
  const prefix = pullPrefix(context.pull);
  const found: LayoutFile<T>[] = [];
  const ignored: string[] = [];
  for await (const object of context.store.list(prefix, {
    bucket: context.pull.bucket,
    signal: context.signal,
  })) {
    const relativeKey = object.key.slice(prefix.length);
    const matched = layout.match(relativeKey);
    if (matched === null) ignored.push(relativeKey);
    else {
      const file: LayoutFile<T> = { ...matched, key: object.key, size: object.size, relativeKey };
      if (object.etag) file.etag = object.etag;
      found.push(file);
    }
  }
  if (found.length === 0) {
    const error = new NoDataFilesError(prefix, ignored);
    if (context.pull.dataType === 'full') throw error;
    context.logger.warn({ prefix, ignoredKeys: ignored.length }, `no data files: ${error.message}`);
  }
  const byKey = (a: LayoutFile<T>, b: LayoutFile<T>) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);
  const compare = layout.compare;
  return found.sort(compare ? (a, b) => compare(a, b) || byKey(a, b) : byKey);
}

/**
 * The `SourceFile`s of {@link listPullFiles} as a source's `listFiles` yields them.
 *
 * ### Examples
 * ```ts
 * import type { Source } from '@provider-data/core';
 * import { listPullFiles, sourceFiles } from '@provider-data/core/kit';
 *
 * const listFiles: Source['listFiles'] = (context) =>
 *   sourceFiles(listPullFiles(context, { match: (key) => (key.endsWith('.csv') ? {} : null) }));
 * ```
 */
export async function* sourceFiles(files: Promise<readonly SourceFile[]>): AsyncGenerator<SourceFile> {
  for (const { key, size, etag } of await files) yield etag ? { key, size, etag } : { key, size };
}
