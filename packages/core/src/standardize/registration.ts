import { STATE_NAMES } from './india-places.js';
import { standardized, type Standardized } from './standardized.js';
import { cleanString, describe, isBlank, lookupKey } from './text.js';

/** Registration with practitioner council's canonical name. */
export interface Registration {
  council: string;
  number: string;
}

const NATIONAL: readonly [string, string[]][] = [
  ['National Medical Commission', ['NMC', 'National Medical Commission']],
  ['Medical Council of India', ['MCI', 'Medical Council of India', 'Indian Medical Register', 'IMR']],
  ['Dental Council of India', ['DCI', 'Dental Council of India']],
];

// State medical councils by abbreviation. `GMC` (Goa, Gujarat) and `MMC`
// (Maharashtra, Manipur) are resolved with the state when one is given;
// without one they mean the larger council.
const STATE_COUNCILS: readonly [string, string, string[]][] = [
  ['Andhra Pradesh Medical Council', 'Andhra Pradesh', ['APMC']],
  ['Arunachal Pradesh Medical Council', 'Arunachal Pradesh', ['ARMC']],
  ['Assam Medical Council', 'Assam', ['AMC']],
  ['Bihar Medical Council', 'Bihar', ['BMC', 'BCMR', 'Bihar Council of Medical Registration']],
  ['Chhattisgarh Medical Council', 'Chhattisgarh', ['CGMC']],
  ['Delhi Medical Council', 'Delhi', ['DMC']],
  ['Goa Medical Council', 'Goa', ['GMC']],
  ['Gujarat Medical Council', 'Gujarat', ['GMC', 'GUJMC']],
  ['Haryana Medical Council', 'Haryana', ['HMC', 'HRMC']],
  ['Himachal Pradesh Medical Council', 'Himachal Pradesh', ['HPMC']],
  ['Jammu and Kashmir Medical Council', 'Jammu and Kashmir', ['JKMC']],
  ['Jharkhand Medical Council', 'Jharkhand', ['JMC', 'JHMC']],
  ['Karnataka Medical Council', 'Karnataka', ['KMC']],
  [
    'Travancore Cochin Medical Council',
    'Kerala',
    ['TCMC', 'TCMC Kerala', 'Kerala Medical Council', 'Travancore Cochin Council for Modern Medicine'],
  ],
  ['Madhya Pradesh Medical Council', 'Madhya Pradesh', ['MPMC']],
  ['Maharashtra Medical Council', 'Maharashtra', ['MMC']],
  ['Manipur Medical Council', 'Manipur', ['MMC', 'MNMC']],
  ['Meghalaya Medical Council', 'Meghalaya', ['MGMC']],
  ['Mizoram Medical Council', 'Mizoram', ['MZMC']],
  ['Nagaland Medical Council', 'Nagaland', ['NLMC']],
  [
    'Odisha Council of Medical Registration',
    'Odisha',
    ['OCMR', 'Orissa Council of Medical Registration', 'Odisha Medical Council'],
  ],
  ['Punjab Medical Council', 'Punjab', ['PMC']],
  ['Rajasthan Medical Council', 'Rajasthan', ['RMC']],
  ['Sikkim Medical Council', 'Sikkim', ['SMC']],
  ['Tamil Nadu Medical Council', 'Tamil Nadu', ['TNMC']],
  ['Telangana State Medical Council', 'Telangana', ['TSMC', 'TGMC', 'Telangana Medical Council']],
  ['Tripura Medical Council', 'Tripura', ['TMC']],
  ['Uttar Pradesh Medical Council', 'Uttar Pradesh', ['UPMC']],
  ['Uttarakhand Medical Council', 'Uttarakhand', ['UKMC', 'UMC']],
  ['West Bengal Medical Council', 'West Bengal', ['WBMC']],
];

/** Council lookup key → canonical councils (several when an abbreviation is shared). */
const COUNCILS = new Map<string, string[]>();
/** Canonical council → its abbreviations, to strip from registration numbers. */
const ABBREVIATIONS = new Map<string, string[]>();
const COUNCIL_STATE = new Map<string, string>();
const addCouncil = (key: string, council: string): void => {
  const k = lookupKey(key.replace(/&/g, ' and '));
  const list = COUNCILS.get(k) ?? [];
  if (!list.includes(council)) list.push(council);
  COUNCILS.set(k, list);
};
for (const [council, aliases] of NATIONAL) {
  addCouncil(council, council);
  for (const a of aliases) addCouncil(a, council);
  ABBREVIATIONS.set(
    council,
    aliases.filter((a) => /^[A-Z]+$/.test(a)),
  );
}
for (const [council, state, aliases] of STATE_COUNCILS) {
  addCouncil(council, council);
  for (const a of aliases) addCouncil(a, council);
  COUNCIL_STATE.set(council, state);
  ABBREVIATIONS.set(
    council,
    aliases.filter((a) => /^[A-Z]+$/.test(a)),
  );
}
// `Tamil Nadu State Medical Council`, `Medical Council of Tamil Nadu`, `Orissa Medical Council`.
for (const [state, aliases] of STATE_NAMES) {
  const council = STATE_COUNCILS.find(([, s]) => s === state)?.[0];
  if (council === undefined) continue;
  for (const name of [state, ...aliases.filter((a) => a.length > 2)]) {
    addCouncil(`${name} Medical Council`, council);
    addCouncil(`${name} State Medical Council`, council);
    addCouncil(`Medical Council of ${name}`, council);
  }
}

function resolveCouncil(text: string, state: string | null): string | undefined {
  const candidates = COUNCILS.get(lookupKey(text.replace(/&/g, ' and ')));
  if (candidates === undefined) return undefined;
  if (candidates.length === 1 || state === null) return candidates[0];
  return candidates.find((c) => COUNCIL_STATE.get(c) === state) ?? candidates[0];
}

const NUMBER_MARKERS = /^(?:(?:reg(?:istration|n|d)?|r|no|num|number)\b\.?[\s:./#-]*)+/i;

/** Strips a leading council abbreviation (when it names `council`) and registration markers: `DMC/R/12345` → `12345`. */
function cleanNumber(
  text: string,
  council: string | null,
  state: string | null,
): { number: string; council: string | null } {
  let rest = text.trim();
  let found = council;
  const prefix = /^([A-Za-z]{2,6})\s*[-/:.#\s]\s*(?=\S)/.exec(rest);
  if (prefix !== null) {
    const named = resolveCouncil(prefix[1]!, state);
    if (
      named !== undefined &&
      (found === null || named === found || ABBREVIATIONS.get(found)?.includes(prefix[1]!.toUpperCase()))
    ) {
      found ??= named;
      rest = rest.slice(prefix[0].length);
    }
  }
  rest = rest.replace(NUMBER_MARKERS, '');
  return { number: rest.replace(/\s+/g, '').toUpperCase(), council: found };
}

/**
 * Normalizes a practitioner's registration: the council's canonical name
 * (`DMC` → `Delhi Medical Council`) and the number trimmed and upper-cased,
 * without a leading council abbreviation or `Reg. No.` marker that only
 * repeats the council (`DMC/R/12345` → `12345`). Null when there is no
 * number.
 *
 * ### Examples
 * ```ts
 * import { standardizeRegistration } from '@provider-data/core';
 *
 * standardizeRegistration('DMC', 'DMC/R/12345').value;
 * // { council: 'Delhi Medical Council', number: '12345' }
 * ```
 */
export function standardizeRegistration(
  council: unknown,
  number: unknown,
  state?: string | null,
): Standardized<Registration | null> {
  const unmapped: string[] = [];
  const warnings: string[] = [];
  let numberText: string | null = null;
  if (typeof number === 'number' && Number.isSafeInteger(number) && number >= 0) numberText = String(number);
  else if (typeof number === 'string') numberText = cleanString(number);
  else if (!isBlank(number)) unmapped.push(describe(number));

  let councilText: string | null = null;
  if (typeof council === 'string') councilText = cleanString(council);
  else if (!isBlank(council)) unmapped.push(describe(council));
  const stateName = typeof state === 'string' ? state : null;
  let canonical = councilText === null ? null : (resolveCouncil(councilText, stateName) ?? null);
  if (councilText !== null && canonical === null) unmapped.push(councilText);

  if (numberText === null) return standardized(null, unmapped);
  const cleaned = cleanNumber(numberText, canonical, stateName);
  canonical = cleaned.council;
  if (cleaned.number === '' || !/[\dA-Z]/.test(cleaned.number)) {
    unmapped.push(numberText);
    return standardized(null, unmapped);
  }
  // An unknown council keeps its own wording; a missing one is an empty string.
  const councilName = canonical ?? councilText ?? '';
  if (councilName === '') warnings.push('registration_council_missing');
  return standardized({ council: councilName, number: cleaned.number }, unmapped, warnings);
}
