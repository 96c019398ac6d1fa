import { createHash } from 'node:crypto';

/** The UUID namespace of this project's stable ids. Never change it: ids are a public contract. */
export const PROVIDER_DATA_NAMESPACE = '6f1c1c2e-5a8b-4f6e-9d3a-2b7c8e4f1a90';

const namespaceBytes = Buffer.from(PROVIDER_DATA_NAMESPACE.replaceAll('-', ''), 'hex');

/**
 * A name-based UUID (version 5, RFC 9562) of `parts`, joined with a unit
 * separator. The same parts give the same id on any machine, in any run.
 *
 * ### Examples
 * ```ts
 * import { stableId } from '@provider-data/core';
 *
 * stableId('practitioner', 'apollo', 'AD-000123'); // always the same UUID
 * ```
 */
export function stableId(...parts: string[]): string {
  const hash = createHash('sha1').update(namespaceBytes).update(parts.join('\u001f'), 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The stable id of a practitioner of `healthSystem` with source id `sourceId`. */
export function practitionerId(healthSystem: string, sourceId: string): string {
  return stableId('practitioner', healthSystem, sourceId);
}

/** The stable id of a practice of `healthSystem` with source id `sourceId`. */
export function practiceId(healthSystem: string, sourceId: string): string {
  return stableId('practice', healthSystem, sourceId);
}

/** The stable id of a provider: a practitioner at a practice, both by source id. */
export function providerId(
  healthSystem: string,
  practitionerSourceId: string,
  practiceSourceId: string,
): string {
  return stableId('provider', healthSystem, practitionerSourceId, practiceSourceId);
}
