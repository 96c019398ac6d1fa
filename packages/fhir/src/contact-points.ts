import type { Address, ContactPoint } from './fhir-resources.js';
import type { PracticeRow } from './export-rows.js';

/** Phones (E.164) and emails as ContactPoints, each value once, in order. */
export function contactPoints(
  phones: readonly (string | null)[],
  emails: readonly (string | null)[],
  use: 'work' | 'mobile',
): ContactPoint[] {
  const out: ContactPoint[] = [];
  const seen = new Set<string>();
  const add = (system: 'phone' | 'email', value: string | null) => {
    if (!value || seen.has(`${system}:${value}`)) return;
    seen.add(`${system}:${value}`);
    out.push({ system, value, use });
  };
  for (const phone of phones) add('phone', phone);
  // An email is nobody's mobile: it is always a work address.
  for (const email of emails) {
    if (!email || seen.has(`email:${email}`)) continue;
    seen.add(`email:${email}`);
    out.push({ system: 'email', value: email, use: 'work' });
  }
  return out;
}

/**
 * A practice's address: the street line and the locality as lines (FHIR has
 * no locality, and `district` means an administrative district, which the
 * canonical model does not have), city, state, PIN code, country `IN`.
 */
export function practiceAddress(practice: PracticeRow): Address | undefined {
  const line = [practice.address_line, practice.locality].filter((part): part is string => !!part);
  const parts = [...line, practice.city, practice.state, practice.pincode].filter(
    (part): part is string => !!part,
  );
  if (parts.length === 0) return undefined;
  return {
    use: 'work',
    type: 'physical',
    text: [...parts, 'India'].join(', '),
    ...(line.length > 0 ? { line } : {}),
    ...(practice.city ? { city: practice.city } : {}),
    ...(practice.state ? { state: practice.state } : {}),
    ...(practice.pincode ? { postalCode: practice.pincode } : {}),
    country: 'IN',
  };
}
