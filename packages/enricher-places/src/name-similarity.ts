/**
 * Words that say what kind of place or company it is, not which one: they
 * are dropped before names are compared, so that "Apollo Hospitals" and
 * "Apollo Hospital Pvt Ltd" are the same name.
 */
export const NAME_STOPWORDS: ReadonlySet<string> = new Set([
  'the',
  'a',
  'an',
  'of',
  'and',
  'at',
  'hospital',
  'hospitals',
  'ltd',
  'limited',
  'pvt',
  'private',
  'inc',
  'llp',
  'co',
]);

/**
 * Words that describe the kind or size of a general facility, not whose it
 * is: "Fortis Hospital" and "Fortis Multi Speciality Hospital" have one brand.
 * Words that name a different service (`diagnostic`, `pharmacy`, `dental`,
 * `cradle`, `sugar`, `day`, `surgery`) are not among them: "Apollo Pharmacy"
 * is not "Apollo Clinic".
 */
export const FACILITY_WORDS: ReadonlySet<string> = new Set([
  'hospital',
  'clinic',
  'polyclinic',
  'centre',
  'medical',
  'multispeciality',
  'multispecialty',
  'multi',
  'speciality',
  'specialty',
  'superspeciality',
  'superspecialty',
  'super',
  'nursing',
  'home',
  'institute',
  'science',
  'research',
  'health',
  'healthcare',
]);

/**
 * A word without a plural ending (`hospitals`, `diagnostics`, `specialities`),
 * so that both sides read alike; names that merely end in `s` (`Fortis`,
 * `Paras`, `Lotus`) are left alone.
 */
export function singular(word: string): string {
  if (word.length <= 4) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  return /[^aiosu]s$/.test(word) ? word.slice(0, -1) : word;
}

// Abbreviations of Indian addresses and names, spelled out so that both sides read alike.
const SPELLED_OUT: Readonly<Record<string, string>> = {
  rd: 'road',
  ngr: 'nagar',
  hosp: 'hospital',
  center: 'centre',
  centers: 'centres',
};

/**
 * The words of a name or address, in order: lower-cased, accents and
 * punctuation dropped, `&` read as `and`, `Rd` as `road`, `Center` as
 * `centre`, and a locality's `Nagar` joined to the word before it, as it is
 * often written (`Indira Nagar` reads `indiranagar`).
 *
 * ### Examples
 * ```ts
 * import { nameWords } from '@provider-data/enricher-places';
 *
 * nameWords('Sri Ramachandra Medical Center, Porur Rd.'); // ['sri', 'ramachandra', 'medical', 'centre', 'porur', 'road']
 * nameWords('Anna Nagar'); // ['annanagar']
 * ```
 */
export function nameWords(text: string | null | undefined): string[] {
  if (!text) return [];
  const words = text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => SPELLED_OUT[word] ?? word);
  const joined: string[] = [];
  for (const word of words) {
    if (word === 'nagar' && joined.length > 0) joined.push(`${joined.pop()}nagar`);
    else joined.push(word);
  }
  return joined;
}

/**
 * The distinctive words of a name: {@link nameWords}, singular, without
 * stopwords and the words of {@link FACILITY_WORDS}.
 */
export function nameTokens(name: string): Set<string> {
  const words = nameWords(name).map(singular);
  const distinctive = words.filter((w) => !NAME_STOPWORDS.has(w) && !FACILITY_WORDS.has(w));
  // A name made only of such words ("The Hospital") is compared on its words.
  return new Set(distinctive.length > 0 ? distinctive : words);
}

/**
 * The Sørensen–Dice similarity of two names' distinctive words (what is left
 * without words like `hospital`, `clinic`, `multispeciality`, `pvt ltd`), from
 * 0 (no word shared) to 1 (the same words, in any order).
 *
 * ### Examples
 * ```ts
 * import { nameSimilarity } from '@provider-data/enricher-places';
 *
 * nameSimilarity('Apollo Hospitals, Greams Road', 'Apollo Hospital Greams Rd'); // 1
 * nameSimilarity('Fortis Hospital, Shalimar Bagh', 'Fortis Shalimar Bagh Multi Speciality Hospital'); // 1
 * nameSimilarity('Kumar Clinic', 'Sunrise Diagnostics'); // 0
 * ```
 */
export function nameSimilarity(a: string, b: string): number {
  const left = nameTokens(a);
  const right = nameTokens(b);
  if (left.size === 0 || right.size === 0) return 0;
  let shared = 0;
  for (const word of left) if (right.has(word)) shared++;
  return (2 * shared) / (left.size + right.size);
}
