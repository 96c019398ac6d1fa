import { describe, expect, it } from 'vitest';
import {
  compareContact,
  compareFeatures,
  compareGender,
  compareHprId,
  compareOverlap,
  compareRegistration,
  compareStartYear,
  COMPARISONS,
} from './comparisons.js';
import { createScorer, describeEvidence } from './decision.js';
import { blockingKeys, PLAIN_CONTEXT, type PractitionerFeatures } from './features.js';
import { DEFAULT_PARAMETERS, estimateParameters, patternKey } from './fellegi-sunter.js';
import { nameTokens } from './names.js';

const TN = 'Tamil Nadu Medical Council';
const doctor = (over: Partial<PractitionerFeatures> = {}): PractitionerFeatures => ({
  healthSystem: 'apollo',
  registrationCouncil: TN,
  registrationNumber: '12345',
  hprId: null,
  phone: '+919840012345',
  email: 'ramesh@example.org',
  name: nameTokens('K. Ramesh Kumar'),
  gender: 'male',
  specialties: ['cardiology'],
  qualifications: ['DM:cardiology', 'MBBS'],
  cities: ['chennai'],
  practiceStartYear: 2003,
  ...over,
});

describe('comparisons', () => {
  it('registration: exact, a typo, different; other councils say nothing', () => {
    expect(compareRegistration(doctor(), doctor({ healthSystem: 'fortis' }))).toBe('exact');
    expect(compareRegistration(doctor(), doctor({ registrationNumber: '12354' }))).toBe('typo');
    expect(compareRegistration(doctor(), doctor({ registrationNumber: '99999' }))).toBe('different');
    expect(
      compareRegistration(doctor(), doctor({ registrationCouncil: 'Karnataka Medical Council' })),
    ).toBeNull();
    expect(compareRegistration(doctor(), doctor({ registrationNumber: null }))).toBeNull();
  });

  it('HPR id, contact values (a switchboard is weak), gender, overlaps, start year', () => {
    expect(compareHprId(doctor({ hprId: '71-1' }), doctor({ hprId: '71-1' }))).toBe('exact');
    expect(compareHprId(doctor({ hprId: '71-1' }), doctor({ hprId: '71-2' }))).toBe('different');
    expect(compareHprId(doctor(), doctor({ hprId: '71-2' }))).toBeNull();
    expect(compareContact('+914428293333', '+914428293333', 1)).toBe('exact');
    expect(compareContact('+914428293333', '+914428293333', 40)).toBe('shared');
    expect(compareContact('+914428293333', '+914428290000', 1)).toBe('different');
    expect(compareContact(null, '+914428290000', 1)).toBeNull();
    expect(compareGender(doctor(), doctor({ gender: 'female' }))).toBe('different');
    expect(compareGender(doctor(), doctor({ gender: 'unknown' }))).toBeNull();
    expect(compareOverlap(['cardiology', 'general-medicine'], ['general-medicine'])).toBe('overlap');
    expect(compareOverlap(['cardiology'], ['neurology'])).toBe('disjoint');
    expect(compareOverlap([], ['neurology'])).toBeNull();
    expect([2003, 2007, 2015, null].map((y) => compareStartYear(2004, y))).toEqual([
      'close',
      'near',
      'far',
      null,
    ]);
  });

  it('scores the same doctor as a link and a father and son of one name as no link', () => {
    const scorer = createScorer(DEFAULT_PARAMETERS);
    const fortis = doctor({ healthSystem: 'fortis', name: nameTokens('Ramesh Kumar K'), phone: null });
    expect(scorer.decide(compareFeatures(doctor(), fortis, PLAIN_CONTEXT), PLAIN_CONTEXT).decision).toBe(
      'link',
    );
    const son = doctor({
      registrationNumber: '67890',
      phone: '+919840055555',
      email: null,
      practiceStartYear: 2029,
    });
    expect(scorer.decide(compareFeatures(doctor(), son, PLAIN_CONTEXT), PLAIN_CONTEXT).decision).toBe(
      'no_link',
    );
  });

  it('sends a registration one keystroke apart to review when all else agrees, else no link', () => {
    const scorer = createScorer(DEFAULT_PARAMETERS);
    const typo = doctor({ healthSystem: 'fortis', registrationNumber: '12354' });
    const decided = scorer.decide(compareFeatures(doctor(), typo, PLAIN_CONTEXT), PLAIN_CONTEXT);
    expect(decided).toMatchObject({ decision: 'review', reason: 'registration_typo' });
    const stranger = doctor({
      registrationNumber: '12354',
      name: nameTokens('Vikram Rao'),
      phone: null,
      email: null,
    });
    expect(scorer.decide(compareFeatures(doctor(), stranger, PLAIN_CONTEXT), PLAIN_CONTEXT).decision).toBe(
      'no_link',
    );
  });

  it('down-weights a switchboard phone and a common name', () => {
    const scorer = createScorer(DEFAULT_PARAMETERS);
    const other = doctor({ registrationNumber: null, email: null, name: nameTokens('Ramesh Kumar') });
    const p = (context: typeof PLAIN_CONTEXT) =>
      scorer.decide(compareFeatures(doctor(), other, context), context).probability;
    expect(p({ ...PLAIN_CONTEXT, phoneSharedBy: 30 })).toBeLessThan(p(PLAIN_CONTEXT));
    expect(p({ ...PLAIN_CONTEXT, nameFrequency: 0.01 })).toBeLessThan(
      p({ ...PLAIN_CONTEXT, nameFrequency: 1e-6 }),
    );
  });

  it('explains a pair in words, strongest evidence first', () => {
    const vector = compareFeatures(doctor(), doctor({ healthSystem: 'fortis' }), PLAIN_CONTEXT);
    const evidence = describeEvidence(vector, DEFAULT_PARAMETERS);
    expect(evidence[0]?.says).toBe('same registration number in the same council');
    expect(evidence.map((e) => e.comparison)).not.toContain('hpr_id');
  });

  it('blocks on registration, phone, email and name with an initial in each city, with and without a specialty', () => {
    const keys = blockingKeys(doctor());
    expect(keys).toContain(`r:${TN}:12345`);
    expect(keys).toContain('p:+919840012345');
    expect(keys).toContain('n:chennai:ramesh+k');
    expect(keys).toContain('s:chennai:ramesh+k|cardiology');
    const short = blockingKeys(
      doctor({ name: nameTokens('Dr. Ramesh K'), registrationNumber: null, phone: null, email: null }),
    );
    expect(short).toEqual(['n:chennai:ramesh+k', 's:chennai:ramesh+k|cardiology']);
    const noSpecialty = blockingKeys(
      doctor({
        name: nameTokens('Dr. Ramesh K'),
        registrationNumber: null,
        phone: null,
        email: null,
        specialties: [],
      }),
    );
    expect(noSpecialty).toEqual(['n:chennai:ramesh+k']);
  });

  it('estimates m by EM with u from random pairs, separating matches from non-matches', () => {
    const match = compareFeatures(doctor(), doctor({ healthSystem: 'fortis' }), PLAIN_CONTEXT);
    const nonMatch = compareFeatures(
      doctor(),
      doctor({
        registrationNumber: '555',
        name: nameTokens('Suresh Kumar'),
        phone: '+919800000000',
        email: null,
        practiceStartYear: 1990,
      }),
      PLAIN_CONTEXT,
    );
    // Random pairs of a small varied population.
    const people = ['male', 'female'].flatMap((gender, g) =>
      ['cardiology', 'dermatology', 'neurology'].flatMap((specialty, s) =>
        [1990, 2000, 2010].map((year, y) =>
          doctor({
            gender,
            specialties: [specialty],
            practiceStartYear: year,
            registrationNumber: `${g}${s}${y}`,
            name: nameTokens(`N${g}${s}${y} X`),
          }),
        ),
      ),
    );
    const randomPatterns = new Map<string, number>();
    for (const a of people) {
      for (const b of people) {
        if (a === b) continue;
        const key = patternKey(compareFeatures(a, b, PLAIN_CONTEXT));
        randomPatterns.set(key, (randomPatterns.get(key) ?? 0) + 1);
      }
    }
    const estimated = estimateParameters({
      randomPatterns,
      blockedPatterns: new Map([
        [patternKey(match), 300],
        [patternKey(nonMatch), 2700],
      ]),
    });
    expect(estimated.lambda).toBeGreaterThan(0.05);
    expect(estimated.lambda).toBeLessThan(0.2);
    expect(estimated.comparisons.registration?.exact?.m).toBeGreaterThan(0.5);
    expect(estimated.comparisons.registration?.exact?.u).toBeLessThan(0.01);
    expect(Object.keys(estimated.comparisons)).toEqual(COMPARISONS.map((c) => c.name));
  });
});
