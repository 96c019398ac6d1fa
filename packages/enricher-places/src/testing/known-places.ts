import { nameTokens } from '../name-similarity.js';

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

/** The share of a name's distinctive words that the text has. */
function containment(name: string, words: Set<string>): number {
  const tokens = nameTokens(name);
  if (tokens.size === 0) return 0;
  let found = 0;
  for (const token of tokens) if (words.has(token)) found++;
  return found / tokens.size;
}

/**
 * Known places that the text names, best first: a place whose `answersTo`
 * entry the text has wholly comes first, then places by the share of their
 * name's distinctive words the text has (at least 60%); ties keep the order
 * of `places`.
 */
export function searchPlaces(places: readonly KnownPlace[], text: string): KnownPlace[] {
  const words = nameTokens(text);
  const scored = places.map((place) => {
    const byName = containment(place.name, words);
    const planted = (place.answersTo ?? []).some((input) => containment(input, words) === 1);
    return { place, score: planted ? 2 : byName };
  });
  return scored
    .filter((s) => s.score >= 0.6)
    .sort((a, b) => b.score - a.score)
    .map((s) => s.place);
}
