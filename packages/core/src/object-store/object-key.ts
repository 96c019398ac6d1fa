/**
 * Why an object key must not be read as part of a pull, or null when it may:
 * it must lie under the pull's prefix and have no empty, `.` or `..` segment
 * and no control character. S3 keys are plain strings, but a local folder
 * store would resolve `..`, and a key like `by_city/../x` is never a file a
 * health system meant to deliver.
 *
 * ### Examples
 * ```ts
 * import { unsafeKeyReason } from '@provider-data/core';
 *
 * unsafeKeyReason('fortis/datapulls/20261120T053000Z/by_city/../doctors.ndjson', 'fortis/datapulls/20261120T053000Z/by_city/');
 * // 'the key has a "..", "." or empty segment'
 * ```
 */
export function unsafeKeyReason(key: string, prefix: string): string | null {
  if (!key.startsWith(prefix)) return `the key is outside the pull's prefix ${prefix}`;
  if (/[\u0000-\u001f\u007f]/.test(key)) return 'the key has a control character';
  if (key.split('/').some((segment) => segment === '..' || segment === '.' || segment === '')) {
    return 'the key has a "..", "." or empty segment';
  }
  return null;
}
