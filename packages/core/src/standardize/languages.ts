import { standardized, type Standardized } from './standardized.js';
import { BoundedCache, cleanString, describe, isBlank, lookupKey, memoized } from './text.js';

/**
 * Language names to codes: ISO 639-1 where one exists, else the ISO 639-2/3
 * code (Bodo `brx`, Dogri `doi`, Konkani `kok`, Maithili `mai`, Manipuri
 * `mni`, Santali `sat`, Tulu `tcy`, Bhojpuri `bho`).
 */
const LANGUAGE_NAMES: readonly [string, string[]][] = [
  ['en', ['english', 'eng']],
  // The 22 languages of the Eighth Schedule.
  ['as', ['assamese', 'asamiya', 'axomiya']],
  ['bn', ['bengali', 'bangla']],
  ['brx', ['bodo', 'boro']],
  ['doi', ['dogri']],
  ['gu', ['gujarati', 'gujrati', 'gujarathi']],
  ['hi', ['hindi', 'hindustani']],
  ['kn', ['kannada', 'kanada', 'kannad']],
  ['ks', ['kashmiri', 'koshur']],
  ['kok', ['konkani']],
  ['mai', ['maithili']],
  ['ml', ['malayalam', 'malyalam', 'malayalum']],
  ['mni', ['manipuri', 'meitei', 'meithei', 'meiteilon']],
  ['mr', ['marathi']],
  ['ne', ['nepali', 'nepalese']],
  ['or', ['odia', 'oriya']],
  ['pa', ['punjabi', 'panjabi']],
  ['sa', ['sanskrit']],
  ['sat', ['santali', 'santhali']],
  ['sd', ['sindhi']],
  ['ta', ['tamil', 'tamizh']],
  ['te', ['telugu', 'telegu', 'telgu']],
  ['ur', ['urdu']],
  // Other Indian languages heard in consulting rooms.
  ['tcy', ['tulu']],
  ['bho', ['bhojpuri']],
  ['raj', ['rajasthani']],
  ['mwr', ['marwari']],
  ['bgc', ['haryanvi']],
  ['kha', ['khasi']],
  ['lus', ['mizo']],
  ['kfa', ['kodava', 'coorgi']],
  // Foreign languages.
  ['ar', ['arabic']],
  ['fr', ['french']],
  ['de', ['german']],
  ['es', ['spanish']],
  ['pt', ['portuguese']],
  ['it', ['italian']],
  ['ru', ['russian']],
  ['uk', ['ukrainian']],
  ['pl', ['polish']],
  ['nl', ['dutch']],
  ['sv', ['swedish']],
  ['no', ['norwegian']],
  ['da', ['danish']],
  ['fi', ['finnish']],
  ['el', ['greek']],
  ['tr', ['turkish']],
  ['fa', ['persian', 'farsi']],
  ['ps', ['pashto', 'pushto']],
  ['he', ['hebrew']],
  ['zh', ['chinese', 'mandarin']],
  ['ja', ['japanese']],
  ['ko', ['korean']],
  ['th', ['thai']],
  ['vi', ['vietnamese']],
  ['id', ['indonesian', 'bahasa indonesia']],
  ['ms', ['malay', 'bahasa melayu']],
  ['tl', ['tagalog', 'filipino']],
  ['my', ['burmese', 'myanmar']],
  ['si', ['sinhala', 'sinhalese']],
  ['bo', ['tibetan']],
  ['dz', ['dzongkha']],
  ['sw', ['swahili', 'kiswahili']],
  ['am', ['amharic']],
  ['so', ['somali']],
  ['ha', ['hausa']],
  ['yo', ['yoruba']],
  ['uz', ['uzbek']],
  ['kk', ['kazakh']],
];

const BY_NAME = new Map<string, string>();
const CODES = new Set<string>();
for (const [code, names] of LANGUAGE_NAMES) {
  CODES.add(code);
  for (const name of names) BY_NAME.set(name, code);
}

const SEPARATORS = /[,|;/\n]+|\s+(?:and|&)\s+|&/i;
const CACHE = new BoundedCache<string[] | null>(1024);

/** The codes one fragment names: `Hindi`, `hi`, or space-separated names `Hindi English`. */
function codesOf(fragment: string): string[] | null {
  const key = lookupKey(fragment)
    .replace(/\blanguages?\b/g, '')
    .trim();
  const whole = BY_NAME.get(key) ?? (CODES.has(key) ? key : undefined);
  if (whole !== undefined) return [whole];
  // Codes such as `or` and `as` are English words too: only names count here.
  const words = key.split(' ');
  const codes = words.map((w) => BY_NAME.get(w));
  return words.length > 1 && codes.every((c) => c !== undefined) ? (codes as string[]) : null;
}

const RESULT_CACHE = new BoundedCache<Standardized<string[]>>(4096);

/**
 * Maps spoken-language names to ISO 639 codes, de-duplicated in input
 * order. Accepts a comma- or pipe-separated string or an array of strings.
 *
 * ### Examples
 * ```ts
 * import { standardizeLanguages } from '@provider-data/core';
 *
 * standardizeLanguages('English, Tamil, Hindi').value; // ['en', 'ta', 'hi']
 * standardizeLanguages('Hindi|English|Punjabi').value; // ['hi', 'en', 'pa']
 * ```
 */
export function standardizeLanguages(raw: unknown): Standardized<string[]> {
  return memoized(RESULT_CACHE, raw, standardizeLanguagesUncached, (codes) => codes.slice());
}

function standardizeLanguagesUncached(raw: unknown): Standardized<string[]> {
  const value: string[] = [];
  const unmapped: string[] = [];
  const add = (text: string): void => {
    for (const part of text.split(SEPARATORS)) {
      const fragment = cleanString(part);
      if (fragment === null) continue;
      let codes = CACHE.get(fragment);
      if (codes === undefined) {
        codes = codesOf(fragment);
        CACHE.set(fragment, codes);
      }
      if (codes === null) unmapped.push(fragment);
      else for (const code of codes) if (!value.includes(code)) value.push(code);
    }
  };
  if (typeof raw === 'string') add(cleanString(raw) ?? '');
  else if (Array.isArray(raw)) {
    for (const item of raw) {
      if (typeof item === 'string') add(cleanString(item) ?? '');
      else if (!isBlank(item)) unmapped.push(describe(item));
    }
  } else if (!isBlank(raw)) unmapped.push(describe(raw));
  return standardized(value, unmapped);
}
