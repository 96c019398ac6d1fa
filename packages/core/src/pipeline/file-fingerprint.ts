import { createHash } from 'node:crypto';
import { type DataPull, keyInPull, pullTime } from '../pull/data-pull.js';
import type { RegisteredHealthSystem } from '../registry/registry.js';
import type { SourceFile } from '../source/source.js';

/**
 * What decides the canonical records a file becomes, as one string: the
 * plugin (key and {@link HealthSystemPlugin.version}), a digest of its
 * validated config, the pull's year (standardizers read the pull's time only
 * for years of experience), the file's key under the pull's prefix, and the
 * object store's ETag of its bytes. Two files with the same fingerprint
 * become the same records; that is what lets a sink repeat the earlier load
 * of a byte-identical file instead of reading it
 * ({@link Sink.repeatUnchangedFile}).
 *
 * Undefined when any part is unknown: a plugin without a version, a store
 * that gives no ETag (the local directory store), a key outside the prefix.
 *
 * ### Examples
 * ```ts
 * import { fileFingerprint, type DataPull, type RegisteredHealthSystem } from '@provider-data/core';
 *
 * declare const healthSystem: RegisteredHealthSystem;
 * declare const pull: DataPull;
 * const fingerprint = fileFingerprint(healthSystem, pull, {
 *   key: 'apollo/datapulls/20261120T053000Z/by_city/Pune.json', size: 120, etag: '"9b2cf535f27731c974343645a3985328"',
 * });
 * console.log(fingerprint ?? 'read it');
 * ```
 */
export function fileFingerprint(
  healthSystem: Pick<RegisteredHealthSystem, 'key' | 'plugin' | 'config'>,
  pull: DataPull,
  file: SourceFile,
): string | undefined {
  const version = healthSystem.plugin.version;
  const key = keyInPull(pull, file.key);
  if (!version || !file.etag || key === undefined) return undefined;
  const config = createHash('sha1')
    .update(JSON.stringify(healthSystem.config ?? null))
    .digest('hex')
    .slice(0, 16);
  const year = pullTime(pull).getUTCFullYear();
  return JSON.stringify([`${healthSystem.key}@${version}`, config, year, key, file.etag]);
}
