import type { Source } from '@provider-data/core';
import { listPullFiles, readNdjson, sourceFiles } from '@provider-data/core/kit';

/**
 * The default {@link FortisSourceOptions.maxLineBytes}: 8 MiB, a thousand times a large doctor line.
 *
 * ### Examples
 * ```ts
 * import { createFortisSource, DEFAULT_MAX_LINE_BYTES } from '@provider-data/plugin-fortis';
 *
 * const source = createFortisSource({ maxLineBytes: DEFAULT_MAX_LINE_BYTES / 2 });
 * ```
 */
export const DEFAULT_MAX_LINE_BYTES = 8 * 1024 * 1024;

/** Options of {@link createFortisSource}. */
export interface FortisSourceOptions {
  /** A line longer than this is quarantined as `record_too_large` without being held in memory. */
  maxLineBytes?: number;
}

/** What a Fortis data file holds, from its name. */
export type FortisFileKind = 'facilities' | 'doctors';

/** A data file of a Fortis pull, parsed from its key. */
export interface FortisFileKey {
  /** The city folder: `gurgaon`, `new-delhi`. */
  citySlug: string;
  kind: FortisFileKind;
  gzip: boolean;
}

const FILE_NAME = /^([^/]+)\/(facilities|doctors)\.ndjson(\.gz)?$/;
const BASE_NAME = /(?:^|\/)(facilities|doctors)\.ndjson(?:\.gz)?$/;

/**
 * Parses the part of a key after the pull's `by_city/` prefix:
 * `gurgaon/doctors.ndjson.gz` is the doctors of `gurgaon`, compressed. Any
 * other key (a manifest, a README, a nested folder) is not a data file: `null`.
 *
 * ### Examples
 * ```ts
 * import { parseFortisFileKey } from '@provider-data/plugin-fortis';
 *
 * parseFortisFileKey('gurgaon/doctors.ndjson.gz'); // { citySlug: 'gurgaon', kind: 'doctors', gzip: true }
 * parseFortisFileKey('README.txt'); // null
 * ```
 */
export function parseFortisFileKey(relativeKey: string): FortisFileKey | null {
  const match = FILE_NAME.exec(relativeKey);
  if (!match) return null;
  return { citySlug: match[1]!, kind: match[2] as FortisFileKind, gzip: match[3] !== undefined };
}

const RECORD_KIND = {
  facilities: { type: 'facility', entity: 'practice' },
  doctors: { type: 'doctor', entity: 'practitioner' },
} as const;

/**
 * The Fortis {@link Source}: lists `fortis/datapulls/<ts>/by_city/<city-slug>/`
 * `facilities.ndjson` and `doctors.ndjson` (either may be `.gz`), a city's
 * facilities before its doctors, and streams their lines (core's `readNdjson`).
 *
 * Per line: blank lines are skipped; a line that is not JSON is a
 * `invalid_json` issue, JSON that is not an object a `not_an_object` issue, a
 * line over `maxLineBytes` a `record_too_large` issue; each costs that line
 * only. A last line without a line feed that is not JSON means the export was
 * cut off: every complete line is yielded, then the file fails with
 * `truncated_file`. A gzip stream that ends early does the same; one that is
 * not gzip at all fails with `invalid_gzip`. A file in UTF-16 or UTF-32 (by
 * its byte-order mark or its NUL bytes) fails with `unsupported_encoding`
 * before any line is read. A pull with no data file fails with `NoDataFilesError`.
 *
 * ### Examples
 * ```ts
 * import { createLocalObjectStore, silentLogger, type DataPull } from '@provider-data/core';
 * import { createFortisSource } from '@provider-data/plugin-fortis';
 *
 * declare const pull: DataPull;
 * const source = createFortisSource({ maxLineBytes: 1 << 20 });
 * const context = { pull, store: createLocalObjectStore('./pulls'), logger: silentLogger };
 * for await (const file of source.listFiles(context)) {
 *   for await (const item of source.readFile(file, context)) console.log(file.key, item.position, item.kind);
 * }
 * ```
 */
export function createFortisSource(options: FortisSourceOptions = {}): Source {
  const maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  return {
    // A city's facilities before its doctors: not needed for correctness (providers
    // resolve at the end of the pull), but a sink sees practices before their providers.
    listFiles: (context) =>
      sourceFiles(
        listPullFiles(context, {
          match: parseFortisFileKey,
          compare: (a, b) =>
            compare(a.citySlug, b.citySlug) || (a.kind === b.kind ? 0 : a.kind === 'facilities' ? -1 : 1),
        }),
      ),
    async *readFile(file, context) {
      const kind: FortisFileKind = BASE_NAME.exec(file.key)?.[1] === 'facilities' ? 'facilities' : 'doctors';
      const body = await context.store.open(file.key, {
        bucket: context.pull.bucket,
        signal: context.signal,
      });
      const gzip = file.key.endsWith('.gz');
      yield* readNdjson(body, {
        kind: RECORD_KIND[kind],
        gzip,
        maxLineBytes,
        plugin: 'fortis',
        objectKey: file.key,
      });
    },
  };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
