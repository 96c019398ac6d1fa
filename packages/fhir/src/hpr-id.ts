/**
 * A Health Professional Registry (ABDM) id in its written form
 * `XX-XXXX-XXXX-XXXX`, from 14 digits with or without hyphens or spaces;
 * null for anything else, so that a malformed value is never exported as an
 * HPR id.
 *
 * ### Examples
 * ```ts
 * import { normalizeHprId } from '@provider-data/fhir';
 *
 * normalizeHprId('71123456789012'); // '71-1234-5678-9012'
 * normalizeHprId('HPR-42'); // null
 * ```
 */
export function normalizeHprId(value: unknown): string | null {
  if (typeof value !== 'string' && typeof value !== 'number') return null;
  const text = String(value).trim();
  if (!/^[\d\s-]+$/.test(text)) return null;
  const digits = text.replace(/\D/g, '');
  if (digits.length !== 14) return null;
  return `${digits.slice(0, 2)}-${digits.slice(2, 6)}-${digits.slice(6, 10)}-${digits.slice(10)}`;
}
