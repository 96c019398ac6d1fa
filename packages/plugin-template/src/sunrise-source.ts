import type { Source } from '@provider-data/core';
import { listPullFiles, readCsv, sourceFiles } from '@provider-data/core/kit';

/** Options of {@link createSunriseSource}. */
export interface SunriseSourceOptions {
  /** A row longer than this many bytes stops its file (`record_too_large`). Default 16 MiB. */
  maxRecordBytes?: number;
}

/** `<city-slug>/clinics.csv` or `<city-slug>/doctors.csv`, relative to the pull's `by_city/`. */
const FILE = /^([^/]+)\/(clinics|doctors)\.csv$/;
const KIND = {
  clinics: { type: 'clinic', entity: 'practice' },
  doctors: { type: 'doctor', entity: 'practitioner' },
} as const;

/**
 * The Sunrise {@link Source}: lists `sunrise/datapulls/<ts>/by_city/<city-slug>/`
 * `clinics.csv` and `doctors.csv`, a city's clinics before its doctors, and
 * streams their rows with core's `readCsv` (header names as fields, ragged
 * rows quarantined by line number, UTF-8 or Windows-1252, a cut-off last row
 * failing the file after the rows before it). Other keys are ignored.
 *
 * ### Examples
 * ```ts
 * import { createLocalObjectStore, silentLogger, type DataPull } from '@provider-data/core';
 * import { createSunriseSource } from '@provider-data/plugin-template';
 *
 * declare const pull: DataPull;
 * const source = createSunriseSource();
 * const context = { pull, store: createLocalObjectStore('./pulls'), logger: silentLogger };
 * for await (const file of source.listFiles(context)) console.log(file.key);
 * ```
 */
export function createSunriseSource(options: SunriseSourceOptions = {}): Source {
  return {
    listFiles: (context) =>
      sourceFiles(
        listPullFiles(context, {
          match: (key) => {
            const found = FILE.exec(key);
            return found ? { city: found[1]!, kind: found[2] as keyof typeof KIND } : null;
          },
          compare: (a, b) => a.city.localeCompare(b.city) || a.kind.localeCompare(b.kind),
        }),
      ),
    async *readFile(file, context) {
      const kind = file.key.endsWith('/clinics.csv') ? KIND.clinics : KIND.doctors;
      const body = await context.store.open(file.key, {
        bucket: context.pull.bucket,
        signal: context.signal,
      });
      yield* readCsv(body, {
        kind,
        maxRecordBytes: options.maxRecordBytes,
        plugin: 'sunrise',
        objectKey: file.key,
      });
    },
  };
}
