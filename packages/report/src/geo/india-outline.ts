import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { geoContains } from 'd3-geo';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import { feature } from 'topojson-client';
import type { GeometryCollection, Topology } from 'topojson-specification';
import type { LatLng } from '@provider-data/core';

/** India's outline as a GeoJSON feature. */
export type IndiaOutline = Feature<Polygon | MultiPolygon, { name: string }>;

/** ISO 3166-1 numeric code of India, the id of its country in world-atlas. */
const INDIA = '356';

let outline: Promise<IndiaOutline> | undefined;

/**
 * India's outline from world-atlas (Natural Earth 1:50m, about 58 KB of
 * GeoJSON): read from the package once per process, then kept.
 */
export function indiaOutline(): Promise<IndiaOutline> {
  outline ??= (async () => {
    const file = createRequire(import.meta.url).resolve('world-atlas/countries-50m.json');
    const topology = JSON.parse(await readFile(file, 'utf8')) as Topology<{
      countries: GeometryCollection<{ name: string }>;
    }>;
    const countries = feature(topology, topology.objects.countries);
    const india = countries.features.find((f) => String(f.id) === INDIA);
    if (!india) throw new Error('world-atlas has no country 356 (India)');
    return india as IndiaOutline;
  })();
  return outline;
}

/** True when a point lies inside India's outline. */
export function insideIndia(india: IndiaOutline, point: LatLng): boolean {
  return geoContains(india, [point.lng, point.lat]);
}
