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
 * punctuation dropped, `&` read as `and`, `Rd` as `road`, `Center` as `centre`.
 *
 * ### Examples
 * ```ts
 * import { nameWords } from '@provider-data/enricher-places';
 *
 * nameWords('Sri Ramachandra Medical Center, Porur Rd.'); // ['sri', 'ramachandra', 'medical', 'centre', 'porur', 'road']
 * ```
 */
export function nameWords(text: string | null | undefined): string[] {
  if (!text) return [];
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .map((word) => SPELLED_OUT[word] ?? word);
}

/** The distinctive lower-case words of a name (punctuation split, stopwords dropped). */
export function nameTokens(name: string): Set<string> {
  const words = nameWords(name);
  const distinctive = words.filter((w) => !NAME_STOPWORDS.has(w));
  // A name made only of stopwords ("The Hospital") is compared on its words.
  return new Set(distinctive.length > 0 ? distinctive : words);
}

/**
 * The Sørensen–Dice similarity of two names' distinctive words, from 0 (no
 * word shared) to 1 (the same words, in any order).
 *
 * ### Examples
 * ```ts
 * import { nameSimilarity } from '@provider-data/enricher-places';
 *
 * nameSimilarity('Apollo Hospitals, Greams Road', 'Apollo Hospital Greams Rd'); // 1
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
