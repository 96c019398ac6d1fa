import type { FacilityType } from '../model/common.js';
import { standardized, type Standardized } from './standardized.js';
import { cleanString, describe, isBlank, lookupKey } from './text.js';

const TYPES = new Map<string, FacilityType>([
  ['hospital', 'hospital'],
  ['hospitals', 'hospital'],
  ['multispeciality hospital', 'hospital'],
  ['multi speciality hospital', 'hospital'],
  ['multispecialty hospital', 'hospital'],
  ['super speciality hospital', 'hospital'],
  ['heart institute', 'hospital'],
  ['medical college', 'hospital'],
  ['nursing home', 'hospital'],
  // Apollo Cradle: maternity and children's hospitals.
  ['cradle', 'hospital'],
  ['clinic', 'clinic'],
  ['clinics', 'clinic'],
  ['polyclinic', 'clinic'],
  ['medical centre', 'clinic'],
  ['medical center', 'clinic'],
  ['sugar', 'clinic'],
  ['dental clinic', 'clinic'],
  ['opd', 'clinic'],
  // Apollo Spectra: short-stay surgery.
  ['spectra', 'day_care'],
  ['day care', 'day_care'],
  ['daycare', 'day_care'],
  ['day care centre', 'day_care'],
  ['day surgery', 'day_care'],
  ['short stay surgery', 'day_care'],
  ['diagnostic centre', 'diagnostic_centre'],
  ['diagnostic center', 'diagnostic_centre'],
  ['diagnostics', 'diagnostic_centre'],
  ['diagnostic', 'diagnostic_centre'],
  ['lab', 'diagnostic_centre'],
  ['labs', 'diagnostic_centre'],
  ['laboratory', 'diagnostic_centre'],
  ['pathology lab', 'diagnostic_centre'],
  ['imaging centre', 'diagnostic_centre'],
  ['imaging center', 'diagnostic_centre'],
  ['other', 'other'],
]);

// Looser wordings (`Apollo Speciality Hospital`, `Fortis Day Care Centre`) by their head word.
const HEAD_WORDS: readonly [RegExp, FacilityType][] = [
  [/\b(?:day ?care|day surgery|spectra)\b/, 'day_care'],
  [/\b(?:diagnostics?|lab|labs|laboratory|imaging|pathology|radiology)\b/, 'diagnostic_centre'],
  [/\b(?:hospitals?|cradle|institute|medical college|nursing home)\b/, 'hospital'],
  [/\b(?:clinics?|polyclinic|medical cent(?:re|er))\b/, 'clinic'],
];

/**
 * Maps a source's facility category to a canonical facility type; unknown
 * categories are `other`, with the wording in `unmapped`.
 *
 * ### Examples
 * ```ts
 * import { standardizeFacilityType } from '@provider-data/core';
 *
 * standardizeFacilityType('Spectra').value; // 'day_care'
 * standardizeFacilityType('HEART_INSTITUTE').value; // 'hospital'
 * ```
 */
export function standardizeFacilityType(raw: unknown): Standardized<FacilityType> {
  if (isBlank(raw)) return standardized('other');
  const text = typeof raw === 'string' ? cleanString(raw) : null;
  if (text === null) return standardized('other', [describe(raw)]);
  const key = lookupKey(text);
  const exact = TYPES.get(key);
  if (exact !== undefined) return standardized(exact);
  for (const [pattern, type] of HEAD_WORDS) if (pattern.test(key)) return standardized(type);
  return standardized('other', [text]);
}
