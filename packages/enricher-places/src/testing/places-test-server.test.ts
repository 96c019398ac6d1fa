import { Client, PlaceInputType } from '@googlemaps/google-maps-services-js';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type PlacesTestServer, startPlacesTestServer } from './places-test-server.js';

const client = new Client({});
const noRetry = { raxConfig: { retry: 0 } };
let server: PlacesTestServer;

beforeAll(async () => {
  server = await startPlacesTestServer({
    places: [
      {
        placeId: 'p-apollo',
        name: 'Apollo Hospitals',
        formattedAddress: 'Greams Lane, Chennai',
        lat: 13.06,
        lng: 80.25,
        website: 'https://apollo.example',
      },
      {
        placeId: 'p-fortis',
        name: 'Fortis Malar Hospital',
        formattedAddress: 'Adyar, Chennai',
        lat: 13.0,
        lng: 80.26,
      },
      {
        placeId: 'p-decoy',
        name: 'Apollo Clinic Anna Nagar',
        formattedAddress: 'Anna Nagar, Chennai',
        lat: 13.08,
        lng: 80.21,
        businessStatus: 'CLOSED_PERMANENTLY',
        answersTo: ['Apollo Hospitals Greams'],
      },
    ],
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.setMode('ok');
  server.resetCalls();
});

const find = (input: string, fields = ['place_id', 'name']) =>
  client.findPlaceFromText({
    params: { input, inputtype: PlaceInputType.textQuery, fields, key: 'k' },
    url: `${server.legacyUrl}/findplacefromtext/json`,
    ...noRetry,
  });

describe('the Places test server, through the real Google client', () => {
  it('answers Find Place with the named place and only the requested fields', async () => {
    const { data } = await find('Apollo Hospitals, Chennai', ['place_id', 'name', 'geometry/location']);
    expect(data).toEqual({
      status: 'OK',
      candidates: [
        {
          place_id: 'p-apollo',
          name: 'Apollo Hospitals',
          geometry: { location: { lat: 13.06, lng: 80.25 } },
        },
      ],
    });
    expect(server.calls.byEndpoint.findplacefromtext).toBe(1);
  });

  it('answers ZERO_RESULTS for an unknown place, and in zero_results mode', async () => {
    expect((await find('Nowhere Clinic')).data).toEqual({ status: 'ZERO_RESULTS', candidates: [] });
    server.setMode('zero_results');
    expect((await find('Apollo Hospitals')).data.status).toBe('ZERO_RESULTS');
  });

  it('answers Text Search and Place Details', async () => {
    const search = await client.textSearch({
      params: { query: 'Fortis Malar Adyar', key: 'k' },
      url: `${server.legacyUrl}/textsearch/json`,
      ...noRetry,
    });
    expect(search.data.results.map((r) => r.place_id)).toEqual(['p-fortis']);

    const details = await client.placeDetails({
      params: { place_id: 'p-apollo', fields: ['website'], key: 'k' },
      url: `${server.legacyUrl}/details/json`,
      ...noRetry,
    });
    expect(details.data).toMatchObject({ status: 'OK', result: { website: 'https://apollo.example' } });
    expect(server.calls).toMatchObject({
      total: 2,
      byEndpoint: { textsearch: 1, details: 1 },
      byKind: { search: 1, details: 1 },
    });
  });

  it('speaks Google’s error answers, which the client turns into HTTP errors', async () => {
    const statusOf = async () =>
      find('Apollo Hospitals').then(
        () => 200,
        (error: { response?: { status: number; data: { status: string; error_message?: string } } }) => [
          error.response?.status,
          error.response?.data.status,
          typeof error.response?.data.error_message,
        ],
      );
    server.setMode('over_query_limit');
    expect(await statusOf()).toEqual([429, 'OVER_QUERY_LIMIT', 'string']);
    server.setMode('server_error');
    expect(await statusOf()).toEqual([500, 'UNKNOWN_ERROR', 'string']);
    server.setMode('request_denied');
    expect(await statusOf()).toEqual([403, 'REQUEST_DENIED', 'string']);
    server.setMode('invalid_request', { times: 1 });
    expect(await statusOf()).toEqual([400, 'INVALID_REQUEST', 'string']);
    expect(await statusOf()).toBe(200);
  });

  it('refuses a request without a key', async () => {
    const error = await client
      .findPlaceFromText({
        params: { input: 'Apollo', inputtype: PlaceInputType.textQuery } as never,
        url: `${server.legacyUrl}/findplacefromtext/json`,
        ...noRetry,
      })
      .catch((e: { response: { status: number } }) => e);
    expect((error as { response: { status: number } }).response.status).toBe(403);
    expect(server.requests[0]?.hadKey).toBe(false);
  });

  it('sends Retry-After when told, and counts requests in flight', async () => {
    server.setMode('over_query_limit', { times: 1, retryAfterSeconds: 3 });
    const header = await find('Apollo').catch(
      (e: { response: { headers: Record<string, string> } }) => e.response.headers,
    );
    expect(header).toMatchObject({ 'retry-after': '3' });

    server.resetCalls();
    server.setMode('slow', { delayMs: 30 });
    await Promise.all([find('Apollo'), find('Apollo'), find('Apollo')]);
    expect(server.calls).toMatchObject({ total: 3, maxConcurrent: 3, inFlight: 0 });
  });
});

const searchText = (body: object, headers: Record<string, string> = {}) =>
  fetch(`${server.newUrl}/places:searchText`, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      'X-Goog-Api-Key': 'k',
      'X-Goog-FieldMask': 'places.id,places.displayName,places.businessStatus',
      ...headers,
    },
    body: JSON.stringify(body),
  });

describe('the Places test server, speaking the Places API (New)', () => {
  it('answers Text Search with the places named, ranked, and only the fields of the mask', async () => {
    const response = await searchText({ textQuery: 'Apollo Hospitals, Greams Road, Chennai', pageSize: 5 });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      places: [
        // Planted first by answersTo, as when Google ranks a wrong place first.
        {
          id: 'p-decoy',
          displayName: { text: 'Apollo Clinic Anna Nagar', languageCode: 'en' },
          businessStatus: 'CLOSED_PERMANENTLY',
        },
        {
          id: 'p-apollo',
          displayName: { text: 'Apollo Hospitals', languageCode: 'en' },
          businessStatus: 'OPERATIONAL',
        },
      ],
    });
    expect(server.requests[0]).toMatchObject({
      api: 'new',
      endpoint: 'searchText',
      fieldMask: 'places.id,places.displayName,places.businessStatus',
      hadKey: true,
      body: { textQuery: 'Apollo Hospitals, Greams Road, Chennai', pageSize: 5 },
    });
  });

  it('answers {} when nothing matches, Place Details by id, and 404 NOT_FOUND for an unknown id', async () => {
    expect(await (await searchText({ textQuery: 'Nowhere Clinic' })).json()).toEqual({});
    const details = await fetch(`${server.newUrl}/places/p-apollo`, {
      headers: { 'X-Goog-Api-Key': 'k', 'X-Goog-FieldMask': 'websiteUri' },
    });
    expect(await details.json()).toEqual({ websiteUri: 'https://apollo.example' });
    const unknown = await fetch(`${server.newUrl}/places/nope`, {
      headers: { 'X-Goog-Api-Key': 'k', 'X-Goog-FieldMask': 'websiteUri' },
    });
    expect([unknown.status, ((await unknown.json()) as { error: { status: string } }).error.status]).toEqual([
      404,
      'NOT_FOUND',
    ]);
    expect(server.calls.byKind).toMatchObject({ search: 1, details: 2 });
  });

  it('refuses a request without a key or a field mask, as Google does', async () => {
    const noKey = await searchText({ textQuery: 'Apollo' }, { 'X-Goog-Api-Key': '' });
    expect(noKey.status).toBe(403);
    const noMask = await searchText({ textQuery: 'Apollo' }, { 'X-Goog-FieldMask': '' });
    expect([noMask.status, ((await noMask.json()) as { error: { status: string } }).error.status]).toEqual([
      400,
      'INVALID_ARGUMENT',
    ]);
  });

  it('speaks Google’s error answers: status, reason and Retry-After', async () => {
    const answer = async () => {
      const response = await searchText({ textQuery: 'Apollo' });
      const body = (await response.json()) as { error?: { status: string; details?: { reason: string }[] } };
      return [
        response.status,
        body.error?.status,
        body.error?.details?.[0]?.reason,
        response.headers.get('retry-after'),
      ];
    };
    server.setMode('over_query_limit', { retryAfterSeconds: 2 });
    expect(await answer()).toEqual([429, 'RESOURCE_EXHAUSTED', 'RATE_LIMIT_EXCEEDED', '2']);
    server.setMode('server_error');
    expect(await answer()).toEqual([500, 'INTERNAL', undefined, null]);
    server.setMode('request_denied');
    expect(await answer()).toEqual([403, 'PERMISSION_DENIED', 'SERVICE_DISABLED', null]);
    server.setMode('key_invalid', { times: 1 });
    expect(await answer()).toEqual([400, 'INVALID_ARGUMENT', 'API_KEY_INVALID', null]);
    expect((await answer())[0]).toBe(200);
  });

  it('answers Google’s 404 page on a path no API serves, and in not_found_page mode', async () => {
    const wrong = await fetch(`${server.url}/places:searchText`, { method: 'POST', body: '{}' });
    expect([wrong.status, wrong.headers.get('content-type')]).toEqual([404, 'text/html; charset=UTF-8']);
    server.setMode('not_found_page', { times: 1 });
    expect((await searchText({ textQuery: 'Apollo' })).status).toBe(404);
    expect(server.calls.byEndpoint.other).toBe(1);
  });
});
