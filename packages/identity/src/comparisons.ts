import type { PairContext, PractitionerFeatures } from './features.js';
import { compareNames, editDistanceAtMostOne } from './names.js';

/**
 * One comparison of the model: its name, its levels (strongest agreement
 * first), and the pure function that puts a pair in a level, or null when
 * a side lacks the field (a null level is no evidence either way).
 */
export interface Comparison {
  name: string;
  levels: readonly string[];
  /** Words a reviewer reads, per level. */
  describe: Readonly<Record<string, string>>;
  level(a: PractitionerFeatures, b: PractitionerFeatures, context: PairContext): number | null;
}

/** A value shared by more practitioners of one system than this is a switchboard, not a person's. */
export const SHARED_VALUE_LIMIT = 3;

const levelOf = (levels: readonly string[], name: string | null): number | null =>
  name === null ? null : levels.indexOf(name);

/**
 * Registration: the same number in the same council is near-certain, a
 * different one strong evidence against, except one keystroke apart
 * (`typo`), which the decision sends to review. Numbers of different
 * councils say nothing (a doctor registers in several states).
 */
export function compareRegistration(
  a: PractitionerFeatures,
  b: PractitionerFeatures,
): 'exact' | 'typo' | 'different' | null {
  if (!a.registrationCouncil || !a.registrationNumber || !b.registrationCouncil || !b.registrationNumber)
    return null;
  if (a.registrationCouncil !== b.registrationCouncil) return null;
  if (a.registrationNumber === b.registrationNumber) return 'exact';
  return editDistanceAtMostOne(a.registrationNumber, b.registrationNumber) ? 'typo' : 'different';
}

/** HPR id (the national Healthcare Professionals Registry): equal or different, when both carry one. */
export function compareHprId(a: PractitionerFeatures, b: PractitionerFeatures): 'exact' | 'different' | null {
  if (!a.hprId || !b.hprId) return null;
  return a.hprId === b.hprId ? 'exact' : 'different';
}

/** A contact value (phone, email): equal, equal but shared by many of one system, or different. */
export function compareContact(
  a: string | null,
  b: string | null,
  sharedBy: number,
): 'exact' | 'shared' | 'different' | null {
  if (!a || !b) return null;
  if (a !== b) return 'different';
  return sharedBy > SHARED_VALUE_LIMIT ? 'shared' : 'exact';
}

/** Gender: equal or different; `unknown` and `other` say nothing. */
export function compareGender(a: PractitionerFeatures, b: PractitionerFeatures): 'same' | 'different' | null {
  const known = (g: string | null) => g === 'male' || g === 'female';
  if (!known(a.gender) || !known(b.gender)) return null;
  return a.gender === b.gender ? 'same' : 'different';
}

/** Two lists overlap (`overlap`), or not (`disjoint`); null when a side is empty. */
export function compareOverlap(a: readonly string[], b: readonly string[]): 'overlap' | 'disjoint' | null {
  if (a.length === 0 || b.length === 0) return null;
  return a.some((x) => b.includes(x)) ? 'overlap' : 'disjoint';
}

/** Practice start year: within 2 years, within 5, or further apart. */
export function compareStartYear(a: number | null, b: number | null): 'close' | 'near' | 'far' | null {
  if (a === null || b === null) return null;
  const gap = Math.abs(a - b);
  return gap <= 2 ? 'close' : gap <= 5 ? 'near' : 'far';
}

const REGISTRATION = ['exact', 'typo', 'different'] as const;
const HPR = ['exact', 'different'] as const;
const CONTACT = ['exact', 'shared', 'different'] as const;
const NAME = ['exact', 'compatible', 'shared_token', 'different'] as const;
const SAME = ['same', 'different'] as const;
const OVERLAP = ['overlap', 'disjoint'] as const;
const YEAR = ['close', 'near', 'far'] as const;

/** The comparisons of the model, in the order of a pair's comparison vector. */
export const COMPARISONS: readonly Comparison[] = [
  {
    name: 'registration',
    levels: REGISTRATION,
    describe: {
      exact: 'same registration number in the same council',
      typo: 'registration numbers of one council one keystroke apart',
      different: 'different registration numbers in the same council',
    },
    level: (a, b) => levelOf(REGISTRATION, compareRegistration(a, b)),
  },
  {
    name: 'hpr_id',
    levels: HPR,
    describe: { exact: 'same HPR id', different: 'different HPR ids' },
    level: (a, b) => levelOf(HPR, compareHprId(a, b)),
  },
  {
    name: 'phone',
    levels: CONTACT,
    describe: {
      exact: 'same mobile phone',
      shared: 'same phone, but shared by many practitioners (a switchboard)',
      different: 'different phones',
    },
    level: (a, b, c) => levelOf(CONTACT, compareContact(a.phone, b.phone, c.phoneSharedBy)),
  },
  {
    name: 'email',
    levels: CONTACT,
    describe: {
      exact: 'same email',
      shared: 'same email, but shared by many practitioners',
      different: 'different emails',
    },
    level: (a, b, c) => levelOf(CONTACT, compareContact(a.email, b.email, c.emailSharedBy)),
  },
  {
    name: 'name',
    levels: NAME,
    describe: {
      exact: 'same name words',
      compatible: 'names agree word by word, with initials',
      shared_token: 'names share a word only',
      different: 'different names',
    },
    level: (a, b) => levelOf(NAME, compareNames(a.name, b.name)),
  },
  {
    name: 'gender',
    levels: SAME,
    describe: { same: 'same gender', different: 'different genders' },
    level: (a, b) => levelOf(SAME, compareGender(a, b)),
  },
  {
    name: 'specialties',
    levels: OVERLAP,
    describe: { overlap: 'a specialty in common', disjoint: 'no specialty in common' },
    level: (a, b) => levelOf(OVERLAP, compareOverlap(a.specialties, b.specialties)),
  },
  {
    name: 'qualifications',
    levels: OVERLAP,
    describe: { overlap: 'a degree in common', disjoint: 'no degree in common' },
    level: (a, b) => levelOf(OVERLAP, compareOverlap(a.qualifications, b.qualifications)),
  },
  {
    name: 'city',
    levels: OVERLAP,
    describe: { overlap: 'practise in a city in common', disjoint: 'practise in different cities' },
    level: (a, b) => levelOf(OVERLAP, compareOverlap(a.cities, b.cities)),
  },
  {
    name: 'practice_start_year',
    levels: YEAR,
    describe: {
      close: 'started practice within 2 years of each other',
      near: 'started practice 3 to 5 years apart',
      far: 'started practice more than 5 years apart',
    },
    level: (a, b) => levelOf(YEAR, compareStartYear(a.practiceStartYear, b.practiceStartYear)),
  },
];

/** Index of a comparison in {@link COMPARISONS}. */
export const comparisonIndex = (name: string): number => COMPARISONS.findIndex((c) => c.name === name);

/** A pair's comparison vector: one level per comparison, -1 for no evidence. */
export function compareFeatures(
  a: PractitionerFeatures,
  b: PractitionerFeatures,
  context: PairContext,
): Int8Array {
  const vector = new Int8Array(COMPARISONS.length);
  COMPARISONS.forEach((c, i) => {
    vector[i] = c.level(a, b, context) ?? -1;
  });
  return vector;
}
