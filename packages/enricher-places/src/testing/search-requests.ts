import type { PlacesTestRequest } from './places-test-server.js';

/** A search the test server received, read alike from either API. */
export interface ReceivedSearch {
  api: 'legacy' | 'new';
  /** `input` of a Find Place, `textQuery` of a Text Search. */
  query: string | undefined;
  /** The location bias circle, when the search had one. */
  bias: { lat: number; lng: number; radiusMeters: number } | null;
  /** The fields asked: `fields` of a Find Place, the field mask of a Text Search. */
  fields: string[];
}

function legacyBias(text: string | undefined): ReceivedSearch['bias'] {
  const match = /^circle:(\d+(?:\.\d+)?)@(-?[\d.]+),(-?[\d.]+)$/.exec(text ?? '');
  return match ? { radiusMeters: Number(match[1]), lat: Number(match[2]), lng: Number(match[3]) } : null;
}

function newBias(body: unknown): ReceivedSearch['bias'] {
  const circle = (
    body as { locationBias?: { circle?: { center?: Record<string, number>; radius?: number } } }
  )?.locationBias?.circle;
  if (!circle?.center) return null;
  return { lat: circle.center.latitude!, lng: circle.center.longitude!, radiusMeters: circle.radius ?? 0 };
}

/**
 * The searches among the requests a test server received (legacy Find Place
 * and new Text Search), each read into the same shape, so that one test
 * can assert on either API.
 *
 * ### Examples
 * ```ts
 * import { receivedSearches, startPlacesTestServer } from '@provider-data/enricher-places/testing';
 *
 * const server = await startPlacesTestServer({ places: [] });
 * // … enrich, then:
 * receivedSearches(server.requests)[0]?.query;
 * await server.close();
 * ```
 */
export function receivedSearches(requests: readonly PlacesTestRequest[]): ReceivedSearch[] {
  return requests.flatMap((request): ReceivedSearch[] => {
    if (request.endpoint === 'findplacefromtext') {
      return [
        {
          api: 'legacy',
          query: request.params.input,
          bias: legacyBias(request.params.locationbias),
          fields: (request.params.fields ?? '').split(',').filter(Boolean),
        },
      ];
    }
    if (request.endpoint === 'searchText') {
      const body = request.body as { textQuery?: string } | null;
      return [
        {
          api: 'new',
          query: body?.textQuery,
          bias: newBias(body),
          fields: (request.fieldMask ?? '').split(',').filter(Boolean),
        },
      ];
    }
    return [];
  });
}
