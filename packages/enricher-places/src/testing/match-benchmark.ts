import { cityArea, type Practice, practiceId } from '@provider-data/core';
import {
  createSeededRandom,
  FAMILY_NAMES,
  GENERIC_LOCALITIES,
  INDIAN_CITIES,
  type IndianCity,
  LOCALITIES,
  type SeededRandom,
  STREET_NAMES,
} from '@provider-data/core/testing';
import { placesQueryInput } from '../practice-query.js';
import type { KnownPlace } from './known-places.js';
import { testPractice } from './practice-fixture.js';

/**
 * The classes of the match benchmark. In the first three the candidates hold
 * the practice's place; in the others they do not, and any match is wrong.
 */
export const MATCH_CLASSES = [
  'right_place',
  'right_second',
  'renamed',
  'other_city',
  'other_brand',
  'closed',
  'zero_results',
] as const;
export type MatchClass = (typeof MATCH_CLASSES)[number];

/** What each class is, for tables. */
export const MATCH_CLASS_TEXT: Record<MatchClass, string> = {
  right_place: 'the right place, Google’s first candidate',
  right_second: 'several candidates, the right one second',
  renamed: 'the right place, its name reworded on Google',
  other_city: 'the same name in another city',
  other_brand: 'another brand in the same locality',
  closed: 'the right place, closed permanently',
  zero_results: 'Google knows no such place: ZERO_RESULTS, or only other places',
};

/** One practice of the benchmark, and the place id a right answer gives (null: no candidate is its place). */
export interface MatchCase {
  matchClass: MatchClass;
  practice: Practice;
  rightPlaceId: string | null;
}

/** The practices, and the places the test server answers them with. */
export interface MatchBenchmark {
  cases: MatchCase[];
  places: KnownPlace[];
}

/** Options of {@link generateMatchBenchmark}. */
export interface MatchBenchmarkOptions {
  seed?: number;
  /** Practices per class. Default 60. */
  perClass?: number;
}

const CHAINS = [
  'Apollo',
  'Fortis',
  'Max',
  'Manipal',
  'Narayana',
  'Aster',
  'Medanta',
  'Kauvery',
  'Sahyadri',
  'Yashoda',
  'Rainbow',
  'Motherhood',
  'Cloudnine',
  'Sparsh',
  'Vikram',
  'Lilavati',
  'Kokilaben',
  'Sunrise',
  'Lotus',
  'Shanti',
];

/** A kind of site, and how a source and Google name one of that kind. */
const KINDS = [
  { source: (b: string, l: string) => `${b} Hospitals, ${l}`, google: 'Hospital', type: 'hospital' },
  { source: (b: string, l: string) => `${b} Clinic, ${l}`, google: 'Clinic', type: 'clinic' },
  {
    source: (b: string) => `${b} Multispeciality Hospital`,
    google: 'Multispeciality Hospital',
    type: 'hospital',
  },
  {
    source: (b: string, l: string) => `${b} Speciality Hospital - ${l}`,
    google: 'Speciality Hospital',
    type: 'hospital',
  },
  {
    source: (b: string, l: string) => `${b} Diagnostic Centre, ${l}`,
    google: 'Diagnostics',
    type: 'diagnostic_centre',
  },
] as const;
type Kind = (typeof KINDS)[number];

const joined = (locality: string) =>
  locality.replace(/ (Nagar|Colony|Layout)$/, (_, w: string) => w.toLowerCase());

// Google's rewordings of a site's name that keep its brand, kind and place.
const REWORDINGS: Record<Kind['type'], ((brand: string, locality: string) => string)[]> = {
  hospital: [
    (b, l) => `${b} ${l} Multi Speciality Hospital`,
    (b, l) => `${b} Super Speciality Hospital, ${l}`,
    (b, l) => `${b} Hospital & Research Centre ${l}`,
    (b, l) => `${l} ${b} Hospital`,
    (b, l) => `${b.toUpperCase()} HOSPITALS - ${l.toUpperCase()}`,
    (b, l) => `${b} Hospitals (${joined(l)})`,
  ],
  clinic: [
    (b, l) => `${b} Polyclinic, ${l}`,
    (b, l) => `${b} Medical Centre ${l}`,
    (b, l) => `${l} ${b} Clinic`,
    (b, l) => `${b.toUpperCase()} CLINIC ${l.toUpperCase()}`,
    (b, l) => `${b} Clinics - ${joined(l)}`,
  ],
  diagnostic_centre: [
    (b, l) => `${b} Diagnostics ${l}`,
    (b, l) => `${b} Diagnostic Center, ${l}`,
    (b, l) => `${l} ${b} Diagnostics`,
    (b, l) => `${b.toUpperCase()} DIAGNOSTIC CENTRE ${l.toUpperCase()}`,
    (b, l) => `${b} Diagnostic Centre (${joined(l)})`,
  ],
};

/** A point `km` from `from` in a random direction. */
function offset(rng: SeededRandom, from: { lat: number; lng: number }, km: number) {
  const angle = rng.next() * 2 * Math.PI;
  const lat = from.lat + (km * Math.cos(angle)) / 111.32;
  const lng = from.lng + (km * Math.sin(angle)) / (111.32 * Math.cos((from.lat * Math.PI) / 180));
  return { lat: Math.round(lat * 1e6) / 1e6, lng: Math.round(lng * 1e6) / 1e6 };
}

/** Where a site is: its city, locality, street address, PIN and coordinates. */
interface Site {
  city: IndianCity;
  locality: string;
  street: string;
  pincode: string;
  lat: number;
  lng: number;
}

function siteIn(
  rng: SeededRandom,
  city: IndianCity,
  locality = rng.pick(LOCALITIES[city.name] ?? GENERIC_LOCALITIES),
): Site {
  const area = cityArea(city.name)!;
  // Most sites lie well inside the city's radius; a few, on the outskirts, beyond it.
  const share = rng.chance(0.03) ? 1 + rng.next() * 0.2 : rng.next() * 0.85;
  const at = offset(rng, area, share * area.radiusKm);
  return {
    city,
    locality,
    street: `${rng.int(1, 250)}, ${rng.pick(STREET_NAMES)}`,
    pincode: `${city.pinPrefix}${String(rng.int(1, 99)).padStart(3, '0')}`,
    ...at,
  };
}

/** Google's formatted address of a site: street, locality, city (sometimes its old name), state and PIN. */
function googleAddress(rng: SeededRandom, site: Site): string {
  const city = site.city.oldName && rng.chance(0.2) ? site.city.oldName : site.city.name;
  return `${site.street}, ${site.locality}, ${city}, ${site.city.state} ${site.pincode}, India`;
}

/**
 * Generates the labelled match benchmark: `perClass` practices in each of
 * {@link MATCH_CLASSES}, with the places a Google search would answer for
 * them (decoys planted first for the practice's query through `answersTo`),
 * and for each practice the
 * place id of its right place, or null. Practices have source coordinates
 * 40% of the time (up to 250 m off, as geocodes are), a PIN 80% of the time;
 * 3% of sites lie on the outskirts, up to 20% beyond their city's radius;
 * Google writes some cities by their old names. The same seed gives the same
 * benchmark.
 *
 * ### Examples
 * ```ts
 * import { generateMatchBenchmark, startPlacesTestServer } from '@provider-data/enricher-places/testing';
 *
 * const { cases, places } = generateMatchBenchmark({ seed: 1, perClass: 10 });
 * const server = await startPlacesTestServer({ places });
 * console.log(cases.length, cases[0]?.matchClass); // 70 'right_place'
 * await server.close();
 * ```
 */
export function generateMatchBenchmark(options: MatchBenchmarkOptions = {}): MatchBenchmark {
  const rng = createSeededRandom(options.seed ?? 15);
  const perClass = options.perClass ?? 60;
  const cities = INDIAN_CITIES.slice(0, 40);
  const cases: MatchCase[] = [];
  const places: KnownPlace[] = [];
  const taken = new Set<string>();
  let serial = 0;

  const practiceAt = (name: string, kind: Kind, site: Site): Practice => {
    const sourceId = `MB-${String(++serial).padStart(4, '0')}`;
    const own = rng.chance(0.4) ? offset(rng, site, rng.next() * 0.25) : null;
    return testPractice({
      id: practiceId('bench', sourceId),
      healthSystem: 'bench',
      sourceId,
      name,
      facilityType: kind.type,
      addressLine: site.street,
      locality: name.includes(site.locality) && rng.chance(0.5) ? null : site.locality,
      city: site.city.name,
      state: site.city.state,
      pincode: rng.chance(0.8) ? site.pincode : null,
      ...(own ? { latitude: own.lat, longitude: own.lng, geoSource: 'source' as const } : {}),
    });
  };
  const place = (name: string, site: Site, extra: Partial<KnownPlace> = {}): KnownPlace => ({
    placeId: `bench-${String(places.length + 1).padStart(4, '0')}`,
    name,
    formattedAddress: googleAddress(rng, site),
    lat: site.lat,
    lng: site.lng,
    ...extra,
  });
  // Every place of the benchmark has a brand, city and locality no other
  // has, so that only a case's own place is right for it.
  const reserve = (brand: string, city: string, locality: string) => {
    const key = `${brand}|${city}|${locality}`;
    if (taken.has(key)) return false;
    taken.add(key);
    return true;
  };
  const newSlot = () => {
    for (;;) {
      const brand = rng.pick(CHAINS);
      const site = siteIn(rng, rng.pick(cities));
      if (reserve(brand, site.city.name, site.locality)) return { brand, site, kind: rng.pick(KINDS) };
    }
  };

  for (const matchClass of MATCH_CLASSES) {
    for (let i = 0; i < perClass; i++) {
      const { brand, site, kind } = newSlot();
      const name = kind.source(brand, site.locality);
      const practice = practiceAt(name, kind, site);
      // A decoy is planted for this practice's query: the server answers it first.
      const planted = { answersTo: [placesQueryInput(practice)] };
      if (matchClass === 'zero_results') {
        const family = rng.pick(FAMILY_NAMES.north);
        const unknown = practiceAt(`${family} Memorial Nursing Home, ${site.locality}`, kind, site);
        cases.push({ matchClass, practice: unknown, rightPlaceId: null });
        continue;
      }
      if (matchClass === 'other_city' || (matchClass === 'right_second' && rng.chance(0.5))) {
        let elsewhere = rng.pick(cities);
        while (
          cityArea(elsewhere.name)!.area === cityArea(site.city.name)!.area ||
          !reserve(brand, elsewhere.name, site.locality)
        ) {
          elsewhere = rng.pick(cities);
        }
        const decoySite = siteIn(rng, elsewhere, site.locality);
        places.push(place(`${brand} ${kind.google} ${site.locality}`, decoySite, planted));
      } else if (matchClass === 'other_brand' || matchClass === 'right_second') {
        let other = rng.pick(CHAINS);
        while (other === brand || !reserve(other, site.city.name, site.locality)) other = rng.pick(CHAINS);
        const nextDoor = {
          ...site,
          ...offset(rng, site, rng.next()),
          street: `${rng.int(1, 250)}, ${rng.pick(STREET_NAMES)}`,
        };
        const word = kind.google.split(' ').at(-1);
        places.push(place(`${other} Multispeciality ${word}, ${site.locality}`, nextDoor, planted));
      }
      if (matchClass === 'other_city' || matchClass === 'other_brand') {
        cases.push({ matchClass, practice, rightPlaceId: null });
        continue;
      }
      const sameName = rng.chance(0.6) ? name : `${brand} ${kind.google} ${site.locality}`;
      const googleName =
        matchClass === 'renamed' ? rng.pick(REWORDINGS[kind.type])(brand, site.locality) : sameName;
      const closed = matchClass === 'closed' ? { businessStatus: 'CLOSED_PERMANENTLY' } : {};
      const right = place(googleName, site, closed);
      places.push(right);
      cases.push({ matchClass, practice, rightPlaceId: matchClass === 'closed' ? null : right.placeId });
    }
  }
  return { cases, places };
}
