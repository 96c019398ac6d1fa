import { FACILITY_WORDS, NAME_STOPWORDS, nameWords, singular } from './name-similarity.js';

/**
 * The words of texts for comparing places: {@link nameWords}, singular.
 *
 * ### Examples
 * ```ts
 * import { placeWords } from '@provider-data/enricher-places';
 *
 * placeWords('Apollo Hospitals', 'Anna Nagar'); // ['apollo', 'hospital', 'annanagar']
 * ```
 */
export function placeWords(...texts: (string | null | undefined)[]): string[] {
  return texts.flatMap((text) => nameWords(text).map(singular));
}

/** The words of `haystack` and every two neighbours joined, so that "Indira Nagar" also reads "indiranagar". */
function wordSet(haystack: readonly string[]): Set<string> {
  const set = new Set(haystack);
  for (let i = 0; i + 1 < haystack.length; i++) set.add(haystack[i]! + haystack[i + 1]!);
  return set;
}

/**
 * True when every word of `needles` is in `haystack`, reading two neighbour
 * words and one compound ("Indira Nagar", "Indiranagar") as the same.
 *
 * ### Examples
 * ```ts
 * import { hasAllWords, placeWords } from '@provider-data/enricher-places';
 *
 * hasAllWords(placeWords('Indira Nagar'), placeWords('100 Feet Rd, Indiranagar, Bengaluru')); // true
 * ```
 */
export function hasAllWords(needles: readonly string[], haystack: readonly string[]): boolean {
  const set = wordSet(haystack);
  for (let i = 0; i < needles.length; i++) {
    const word = needles[i]!;
    if (set.has(word)) continue;
    const next = needles[i + 1];
    if (next !== undefined && set.has(word + next)) {
      i++;
      continue;
    }
    return false;
  }
  return true;
}

/**
 * A name's leading part and what follows it (after a comma, ` - ` or in
 * parentheses), where sources put the locality.
 *
 * ### Examples
 * ```ts
 * import { splitName } from '@provider-data/enricher-places';
 *
 * splitName('Apollo Clinic, Indiranagar'); // { head: 'Apollo Clinic', tail: 'Indiranagar' }
 * ```
 */
export function splitName(name: string): { head: string; tail: string | null } {
  const match = /\s*(?:,|\s[-–]\s|\()/.exec(name);
  if (!match) return { head: name, tail: null };
  const tail = name.slice(match.index + match[0].length).replace(/\)\s*$/, '');
  return { head: name.slice(0, match.index), tail: tail.trim() || null };
}

/**
 * The brand words of a name: the words of its leading part that are not
 * facility words, stopwords, numbers, or words of where it is (`placeText`:
 * its locality, address and city). "Fortis Clinic, Rajouri Garden" → `fortis`;
 * "Max Multispeciality Clinic Rajouri Garden" at "Rajouri Garden, New Delhi" → `max`.
 *
 * ### Examples
 * ```ts
 * import { brandWords } from '@provider-data/enricher-places';
 *
 * brandWords('Apollo Clinic Indira Nagar', ['Indira Nagar, Lucknow, Uttar Pradesh 226016']); // ['apollo']
 * ```
 */
export function brandWords(name: string, placeText: readonly (string | null | undefined)[]): string[] {
  const { head, tail } = splitName(name);
  const where = wordSet(placeWords(tail, ...placeText));
  const words = placeWords(head).filter(
    (w) => !NAME_STOPWORDS.has(w) && !FACILITY_WORDS.has(w) && !/^\d+$/.test(w),
  );
  const brand: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    if (next !== undefined && where.has(word + next)) {
      i++;
      continue;
    }
    if (!where.has(word)) brand.push(word);
  }
  return brand;
}
