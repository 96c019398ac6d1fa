import { createHash, hash } from 'node:crypto';

/** The UUID namespace of this project's stable ids. Never change it: ids are a public contract. */
export const PROVIDER_DATA_NAMESPACE = '6f1c1c2e-5a8b-4f6e-9d3a-2b7c8e4f1a90';

const namespaceBytes = Buffer.from(PROVIDER_DATA_NAMESPACE.replaceAll('-', ''), 'hex');

// The namespace, then the name's UTF-8 bytes: one buffer for every id, hashed in one call
// (no Hash object, no digest buffer per id; ids are made several times a record).
const scratch = Buffer.alloc(4096);
namespaceBytes.copy(scratch, 0);
const NAME_ROOM = scratch.length - namespaceBytes.length;

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
  const name = parts.join('\u001f');
  // A UTF-16 code unit is at most 3 bytes of UTF-8: a name that may not fit takes the long way.
  const hex =
    name.length * 3 <= NAME_ROOM
      ? hash(
          'sha1',
          scratch.subarray(0, namespaceBytes.length + scratch.write(name, namespaceBytes.length)),
          'hex',
        )
      : createHash('sha1').update(namespaceBytes).update(name, 'utf8').digest('hex');
  // Version 5 in the 13th hex digit, the variant (binary 10xx) in the 17th.
  const variant = '89ab'[Number.parseInt(hex[16]!, 16) & 3];
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
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
