import { z } from 'zod';

/** `full`: a complete snapshot; `incremental`: only changed records. */
export const DataType = z.enum(['full', 'incremental']);
export type DataType = z.infer<typeof DataType>;

/** The lifecycle of a pull row. */
export const PullStatus = z.enum(['pending', 'processing', 'processed', 'failed']);
export type PullStatus = z.infer<typeof PullStatus>;

/** `YYYYMMDDTHHMMSSZ`, the `<timestamp>` segment of a pull's S3 prefix. */
export const PullTimestamp = z.string().regex(/^\d{8}T\d{6}Z$/, 'expected YYYYMMDDTHHMMSSZ');

/**
 * One row of `provider_connector.data_pulls`: a delivery of one health
 * system's files, announced by the upstream connector.
 *
 * ### Examples
 * ```ts
 * import { DataPull, pullPrefix } from '@provider-data/core';
 *
 * const pull = DataPull.parse({
 *   pullId: 'f3e51f05-6517-4099-b216-d7850fd6a418', healthSystem: 'apollo',
 *   pullTimestamp: '20261120T053000Z', dataType: 'full', bucket: null, status: 'pending',
 * });
 * pullPrefix(pull); // 'apollo/datapulls/20261120T053000Z/by_city/'
 * ```
 */
export const DataPull = z.object({
  pullId: z.uuid(),
  healthSystem: z.string().min(1),
  pullTimestamp: PullTimestamp,
  dataType: DataType,
  bucket: z.string().nullable(),
  status: PullStatus,
  createdAt: z.date().optional(),
});
export type DataPull = z.infer<typeof DataPull>;

/** The S3 key prefix of a pull's city files: `<system>/datapulls/<timestamp>/by_city/`. */
export function pullPrefix(pull: Pick<DataPull, 'healthSystem' | 'pullTimestamp'>): string {
  return `${pull.healthSystem}/datapulls/${pull.pullTimestamp}/by_city/`;
}

/**
 * A file's key relative to its pull's prefix (`Pune.json`), or undefined for
 * a key outside it: what names the same file from one pull to the next.
 *
 * ### Examples
 * ```ts
 * import { keyInPull } from '@provider-data/core';
 *
 * const pull = { healthSystem: 'apollo', pullTimestamp: '20261120T053000Z' };
 * keyInPull(pull, 'apollo/datapulls/20261120T053000Z/by_city/Pune.json'); // 'Pune.json'
 * ```
 */
export function keyInPull(
  pull: Pick<DataPull, 'healthSystem' | 'pullTimestamp'>,
  key: string,
): string | undefined {
  const prefix = pullPrefix(pull);
  return key.startsWith(prefix) ? key.slice(prefix.length) : undefined;
}

/** The instant a pull's timestamp names. */
export function pullTime(pull: Pick<DataPull, 'pullTimestamp'>): Date {
  const t = pull.pullTimestamp;
  return new Date(
    Date.UTC(
      +t.slice(0, 4),
      +t.slice(4, 6) - 1,
      +t.slice(6, 8),
      +t.slice(9, 11),
      +t.slice(11, 13),
      +t.slice(13, 15),
    ),
  );
}

/** True when `value` is a UUID in its canonical text form. */
export function isUuid(value: unknown): value is string {
  return (
    typeof value === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
  );
}
