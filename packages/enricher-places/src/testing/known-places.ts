import { nameTokens, nameWords } from '../name-similarity.js';

/** A place the test server knows, answered to inputs that name it. */
export interface KnownPlace {
  placeId: string;
  name: string;
  formattedAddress: string;
  lat: number;
  lng: number;
  /** `OPERATIONAL` (the default), `CLOSED_TEMPORARILY` or `CLOSED_PERMANENTLY`. */
  businessStatus?: string;
  formattedPhoneNumber?: string;
  internationalPhoneNumber?: string;
  website?: string;
  /**
   * Other inputs the server answers with this place, ranked above places
   * found by name, as when Google ranks a wrong place first. An input
   * counts when it has every distinctive word of an entry.
   */
  answersTo?: string[];
}

// Words of names and addresses, read once per text: a search looks at every known place.
const tokensOf = new Map<string, string[]>();
const wordsOf = new Map<string, string[]>();
const memo = (cache: Map<string, string[]>, text: string, read: (text: string) => string[]) => {
  let words = cache.get(text);
  if (!words) {
    if (cache.size > 100_000) cache.clear();
    words = read(text);
    cache.set(text, words);
  }
  return words;
};

/** The share of a name's distinctive words that the text has; 0 when it lacks the first (the brand). */
function containment(name: string, words: Set<string>): number {
  const tokens = memo(tokensOf, name, (text) => [...nameTokens(text)]);
  if (tokens.length === 0 || !words.has(tokens[0]!)) return 0;
  return tokens.filter((token) => words.has(token)).length / tokens.length;
}

/** The share of an address's words that the text has. */
function addressOverlap(address: string, words: Set<string>): number {
  const parts = memo(wordsOf, address, nameWords);
  return parts.length === 0 ? 0 : parts.filter((w) => words.has(w)).length / parts.length;
}

/**
 * Known places that the text names, best first: a place whose `answersTo`
 * entry the text has wholly comes first; then places by the share of their
 * name's distinctive words the text has (at least 60%, the first of them
 * among them, as Google weighs a name's brand), and among equals by
 * how much of their address the text names (as Google weighs the whole
 * query); remaining ties keep the order of `places`.
 */
export function searchPlaces(places: readonly KnownPlace[], text: string): KnownPlace[] {
  const words = nameTokens(text);
  const all = new Set(nameWords(text));
  const scored = places.map((place) => {
    const byName = containment(place.name, words);
    const planted = (place.answersTo ?? []).some((input) => containment(input, words) === 1);
    return { place, score: planted ? 2 : byName, near: addressOverlap(place.formattedAddress, all) };
  });
  return scored
    .filter((s) => s.score >= 0.6)
    .sort((a, b) => b.score - a.score || b.near - a.near)
    .map((s) => s.place);
}
