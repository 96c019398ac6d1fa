import type { Gender } from '../model/common.js';
import { standardized, type Standardized } from './standardized.js';
import { cleanString, describe, isBlank } from './text.js';

const GENDERS = new Map<string, Gender>([
  ['m', 'male'],
  ['male', 'male'],
  ['man', 'male'],
  ['f', 'female'],
  ['female', 'female'],
  ['woman', 'female'],
  ['o', 'other'],
  ['other', 'other'],
  ['others', 'other'],
  ['transgender', 'other'],
  ['trans', 'other'],
  ['t', 'other'],
  ['tg', 'other'],
  ['third gender', 'other'],
  ['non-binary', 'other'],
  ['nonbinary', 'other'],
  ['u', 'unknown'],
  ['unknown', 'unknown'],
  ['na', 'unknown'],
  ['n/a', 'unknown'],
  ['not specified', 'unknown'],
  ['prefer not to say', 'unknown'],
]);

/**
 * Maps a source's gender wording to the FHIR administrative gender code.
 *
 * ### Examples
 * ```ts
 * import { standardizeGender } from '@provider-data/core';
 *
 * standardizeGender('F').value; // 'female'
 * standardizeGender('').value; // 'unknown'
 * ```
 */
export function standardizeGender(raw: unknown): Standardized<Gender> {
  if (isBlank(raw)) return standardized('unknown');
  const text = typeof raw === 'string' ? cleanString(raw) : null;
  const gender = text === null ? undefined : GENDERS.get(text.toLowerCase().replace(/\.$/, ''));
  return gender === undefined ? standardized('unknown', [describe(raw)]) : standardized(gender);
}
