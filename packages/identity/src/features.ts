import type { NameTokens } from './names.js';

/**
 * What identity compares of one practitioner row: its standardized fields
 * as the sink stored them, its name as tokens, and the cities of its practices.
 */
export interface PractitionerFeatures {
  healthSystem: string;
  registrationCouncil: string | null;
  registrationNumber: string | null;
  hprId: string | null;
  phone: string | null;
  email: string | null;
  name: NameTokens;
  gender: string | null;
  specialties: string[];
  /** Degrees, upper case: `['DM', 'MBBS', 'MD']`. */
  qualifications: string[];
  cities: string[];
  practiceStartYear: number | null;
}

/**
 * What is known about a pair beyond the two rows: how many practitioners of
 * each row's health system share its phone or email (a switchboard is not
 * evidence), and how common each row's name is.
 */
export interface PairContext {
  /** Most practitioners of one system that share the pair's phone, the larger side. */
  phoneSharedBy: number;
  /** Most practitioners of one system that share the pair's email, the larger side. */
  emailSharedBy: number;
  /** Share of all practitioners whose name key is the rarer of the pair's two, 0..1. */
  nameFrequency: number;
}

/** A context that says nothing is shared and names are rare. */
export const PLAIN_CONTEXT: PairContext = { phoneSharedBy: 1, emailSharedBy: 1, nameFrequency: 0 };

/** The blocking keys of a practitioner: pairs are compared only when they share one. */
export function blockingKeys(f: PractitionerFeatures): string[] {
  const keys = new Set<string>();
  if (f.registrationCouncil && f.registrationNumber)
    keys.add(`r:${f.registrationCouncil}:${f.registrationNumber}`);
  if (f.hprId) keys.add(`h:${f.hprId}`);
  if (f.phone) keys.add(`p:${f.phone}`);
  if (f.email) keys.add(`e:${f.email}`);
  // In each city, a full token with the first letter of another word
  // (`Dr. Ramesh K` and `K. Ramesh Kumar` share `n:chennai:ramesh+k`), and
  // the same with each specialty (`s:chennai:ramesh+k|cardiology`): a block
  // of a common name grows with the square of a city's doctors, and when
  // one is too large to compare, its pairs come from the finer keys instead
  // (see `candidatePairs`).
  const letters = (skip: string) => [
    ...f.name.initials,
    ...f.name.tokens.filter((t) => t !== skip).map((t) => t[0] as string),
  ];
  const specialties = f.specialties.slice(0, 3);
  for (const city of f.cities.slice(0, 3)) {
    for (const t of f.name.tokens) {
      for (const letter of new Set(letters(t))) {
        keys.add(`n:${city}:${t}+${letter}`);
        for (const specialty of specialties) keys.add(`s:${city}:${t}+${letter}|${specialty}`);
      }
    }
  }
  return [...keys].sort();
}
