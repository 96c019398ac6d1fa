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
  const builder = new BenchmarkBuilder(createSeededRandom(options.seed ?? 15));
  for (const matchClass of MATCH_CLASSES) {
    for (let i = 0; i < (options.perClass ?? 60); i++) builder.addCase(matchClass);
  }
  return { cases: builder.cases, places: builder.places };
}

/** A brand, site and kind that no other place of the benchmark has. */
interface Slot {
  brand: string;
  site: Site;
  kind: Kind;
}

/** Builds the cases one by one; the order of its random draws is what a seed fixes. */
class BenchmarkBuilder {
  readonly cases: MatchCase[] = [];
  readonly places: KnownPlace[] = [];
  private readonly cities = INDIAN_CITIES.slice(0, 40);
  private readonly taken = new Set<string>();
  private serial = 0;

  constructor(private readonly rng: SeededRandom) {}

  addCase(matchClass: MatchClass): void {
    const slot = this.newSlot();
    const { brand, site, kind } = slot;
    const name = kind.source(brand, site.locality);
    const practice = this.practiceAt(name, kind, site);
    if (matchClass === 'zero_results') {
      const family = this.rng.pick(FAMILY_NAMES.north);
      const unknown = this.practiceAt(`${family} Memorial Nursing Home, ${site.locality}`, kind, site);
      this.cases.push({ matchClass, practice: unknown, rightPlaceId: null });
      return;
    }
    // A decoy is planted for this practice's query: the server answers it first.
    const planted = { answersTo: [placesQueryInput(practice)] };
    if (matchClass === 'other_city' || (matchClass === 'right_second' && this.rng.chance(0.5))) {
      this.places.push(this.sameNameElsewhere(slot, planted));
    } else if (matchClass === 'other_brand' || matchClass === 'right_second') {
      this.places.push(this.otherBrandNextDoor(slot, planted));
    }
    if (matchClass === 'other_city' || matchClass === 'other_brand') {
      this.cases.push({ matchClass, practice, rightPlaceId: null });
      return;
    }
    const sameName = this.rng.chance(0.6) ? name : `${brand} ${kind.google} ${site.locality}`;
    const googleName =
      matchClass === 'renamed' ? this.rng.pick(REWORDINGS[kind.type])(brand, site.locality) : sameName;
    const right = this.place(
      googleName,
      site,
      matchClass === 'closed' ? { businessStatus: 'CLOSED_PERMANENTLY' } : {},
    );
    this.places.push(right);
    this.cases.push({ matchClass, practice, rightPlaceId: matchClass === 'closed' ? null : right.placeId });
  }

  /** The same brand and kind in the same-named locality of another city. */
  private sameNameElsewhere({ brand, site, kind }: Slot, planted: Partial<KnownPlace>): KnownPlace {
    let elsewhere = this.rng.pick(this.cities);
    while (
      cityArea(elsewhere.name)!.area === cityArea(site.city.name)!.area ||
      !this.reserve(brand, elsewhere.name, site.locality)
    ) {
      elsewhere = this.rng.pick(this.cities);
    }
    const decoySite = siteIn(this.rng, elsewhere, site.locality);
    return this.place(`${brand} ${kind.google} ${site.locality}`, decoySite, planted);
  }

  /** Another chain's site of the same kind within a kilometre, with the same locality and PIN. */
  private otherBrandNextDoor({ brand, site, kind }: Slot, planted: Partial<KnownPlace>): KnownPlace {
    let other = this.rng.pick(CHAINS);
    while (other === brand || !this.reserve(other, site.city.name, site.locality))
      other = this.rng.pick(CHAINS);
    const nextDoor = {
      ...site,
      ...offset(this.rng, site, this.rng.next()),
      street: `${this.rng.int(1, 250)}, ${this.rng.pick(STREET_NAMES)}`,
    };
    const word = kind.google.split(' ').at(-1);
    return this.place(`${other} Multispeciality ${word}, ${site.locality}`, nextDoor, planted);
  }

  private practiceAt(name: string, kind: Kind, site: Site): Practice {
    const sourceId = `MB-${String(++this.serial).padStart(4, '0')}`;
    const own = this.rng.chance(0.4) ? offset(this.rng, site, this.rng.next() * 0.25) : null;
    return testPractice({
      id: practiceId('bench', sourceId),
      healthSystem: 'bench',
      sourceId,
      name,
      facilityType: kind.type,
      addressLine: site.street,
      locality: name.includes(site.locality) && this.rng.chance(0.5) ? null : site.locality,
      city: site.city.name,
      state: site.city.state,
      pincode: this.rng.chance(0.8) ? site.pincode : null,
      ...(own ? { latitude: own.lat, longitude: own.lng, geoSource: 'source' as const } : {}),
    });
  }

  private place(name: string, site: Site, extra: Partial<KnownPlace>): KnownPlace {
    return {
      placeId: `bench-${String(this.places.length + 1).padStart(4, '0')}`,
      name,
      formattedAddress: googleAddress(this.rng, site),
      lat: site.lat,
      lng: site.lng,
      ...extra,
    };
  }

  // Every place has a brand, city and locality no other has, so that only a case's own place is right for it.
  private reserve(brand: string, city: string, locality: string): boolean {
    const key = `${brand}|${city}|${locality}`;
    if (this.taken.has(key)) return false;
    this.taken.add(key);
    return true;
  }

  private newSlot(): Slot {
    for (;;) {
      const brand = this.rng.pick(CHAINS);
      const site = siteIn(this.rng, this.rng.pick(this.cities));
      if (this.reserve(brand, site.city.name, site.locality))
        return { brand, site, kind: this.rng.pick(KINDS) };
    }
  }
}
