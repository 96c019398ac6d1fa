import type { Source } from '@provider-data/core';
import { listPullFiles, readJsonDocument, sourceFiles } from '@provider-data/core/kit';

/** Options of {@link createApolloSource}. */
export interface ApolloSourceOptions {
  /** The suffix of data files directly under `by_city/`. Default `.json`. */
  fileSuffix?: string;
  /** A hospital or doctor record whose JSON text passes this many bytes is quarantined (`record_too_large`). Default 16 MiB. */
  maxRecordBytes?: number;
}

const ARRAYS = {
  hospitals: { type: 'hospital', entity: 'practice' },
  doctors: { type: 'doctor', entity: 'practitioner' },
} as const;

/**
 * The {@link Source} of Apollo pulls: lists `apollo/datapulls/<ts>/by_city/*.json`
 * and streams each city document's `hospitals` and `doctors` elements as raw
 * records (`type` `hospital` / `doctor`, `position` `hospitals[3]` / `doctors[17]`),
 * never holding a whole file or array (core's `readJsonDocument`).
 *
 * Keys that are not `*.json` directly under `by_city/` (`.keep`, `README.txt`,
 * sub-folders, the pull's `_manifest.json`) are ignored; a pull with none
 * fails with `NoDataFilesError`. A file that is empty, not JSON, or cut off
 * throws a `FileDataError` (`empty_file`, `invalid_json`, `truncated_file`)
 * after every complete record before the break.
 *
 * ### Examples
 *
 * ```ts
 * import { createLocalObjectStore, silentLogger, type DataPull } from '@provider-data/core';
 * import { createApolloSource } from '@provider-data/plugin-apollo';
 *
 * declare const pull: DataPull;
 * const source = createApolloSource();
 * const context = { pull, store: createLocalObjectStore('./pulls'), logger: silentLogger };
 * for await (const file of source.listFiles(context)) {
 *   for await (const item of source.readFile(file, context)) console.log(item.position);
 * }
 * ```
 */
export function createApolloSource(options: ApolloSourceOptions = {}): Source {
  const suffix = options.fileSuffix ?? '.json';
  const maxRecordChars = options.maxRecordBytes ?? 16 * 1024 * 1024;
  const isCityFile = (name: string) =>
    !name.includes('/') && name.endsWith(suffix) && name.length > suffix.length;
  return {
    listFiles: (context) =>
      sourceFiles(listPullFiles(context, { match: (name) => (isCityFile(name) ? {} : null) })),
    readFile(file, context) {
      const open = () =>
        context.store.open(file.key, { bucket: context.pull.bucket, signal: context.signal });
      return readJsonDocument(open, { arrays: ARRAYS, maxRecordChars });
    },
  };
}
