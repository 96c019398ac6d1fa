import { ConfigError } from '@provider-data/core';

/** Which Google Places web service the enricher speaks. */
export type PlacesApiName = 'new' | 'legacy';

/** Google's Places (Legacy) web service. */
export const GOOGLE_PLACES_BASE_URL = 'https://maps.googleapis.com/maps/api/place';
/** Google's Places API (New). */
export const GOOGLE_PLACES_NEW_BASE_URL = 'https://places.googleapis.com/v1';

const SERVICE_PATH: Record<PlacesApiName, string> = { legacy: '/maps/api/place', new: '/v1' };
// An endpoint pasted as the base URL is read as its service root.
const ENDPOINT_SUFFIX: Record<PlacesApiName, RegExp> = {
  legacy: /\/(?:findplacefromtext|textsearch|details)\/json$/,
  new: /\/places:searchText$/,
};

/**
 * The service root the enricher sends calls to: Google's by default; a host
 * root (`http://127.0.0.1:8080`, a proxy's origin) gets the API's own path
 * (`/v1` or `/maps/api/place`); any other path is used as given (a pasted
 * endpoint is cut back to its root). A legacy path given for the new API,
 * or the reverse, is a `ConfigError`.
 *
 * ### Examples
 * ```ts
 * import { placesServiceUrl } from '@provider-data/enricher-places';
 *
 * placesServiceUrl('new', 'http://127.0.0.1:8080'); // 'http://127.0.0.1:8080/v1'
 * placesServiceUrl('legacy', 'http://127.0.0.1:8080/'); // 'http://127.0.0.1:8080/maps/api/place'
 * placesServiceUrl('legacy', 'https://proxy.example/google/maps/api/place'); // as given
 * ```
 */
export function placesServiceUrl(api: PlacesApiName, baseUrl?: string): string {
  if (!baseUrl) return api === 'new' ? GOOGLE_PLACES_NEW_BASE_URL : GOOGLE_PLACES_BASE_URL;
  const url = new URL(baseUrl);
  url.search = '';
  url.hash = '';
  const path = url.pathname.replace(/\/+$/, '').replace(ENDPOINT_SUFFIX[api], '');
  const other: PlacesApiName = api === 'new' ? 'legacy' : 'new';
  if (path.endsWith(SERVICE_PATH[other])) {
    throw new ConfigError(
      `the Places base URL ${url.origin}${path} is the path of the ${other === 'new' ? 'Places API (New)' : 'Places API (Legacy)'}, but the api option is '${api}'`,
      { plugin: 'places' },
    );
  }
  return `${url.origin}${path === '' ? SERVICE_PATH[api] : path}`;
}
