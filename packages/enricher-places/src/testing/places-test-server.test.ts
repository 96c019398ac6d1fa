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
    url: `${server.url}/findplacefromtext/json`,
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
      url: `${server.url}/textsearch/json`,
      ...noRetry,
    });
    expect(search.data.results.map((r) => r.place_id)).toEqual(['p-fortis']);

    const details = await client.placeDetails({
      params: { place_id: 'p-apollo', fields: ['website'], key: 'k' },
      url: `${server.url}/details/json`,
      ...noRetry,
    });
    expect(details.data).toMatchObject({ status: 'OK', result: { website: 'https://apollo.example' } });
    expect(server.calls).toMatchObject({ total: 2, byEndpoint: { textsearch: 1, details: 1 } });
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
        url: `${server.url}/findplacefromtext/json`,
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
