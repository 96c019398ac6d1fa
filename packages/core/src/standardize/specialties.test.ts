import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SPECIALTY_CASES } from './specialties.cases.js';
import { SPECIALTIES, specialtyName, standardizeSpecialties } from './specialties.js';

describe('SPECIALTIES', () => {
  it('holds the 35 codes of the canonical model with their HFR codes', () => {
    expect(SPECIALTIES).toHaveLength(35);
    expect(new Set(SPECIALTIES.map((s) => s.code)).size).toBe(35);
    const hfr = Object.fromEntries(SPECIALTIES.map((s) => [s.code, s.hfr]));
    expect(hfr['general-medicine']).toBe('M-S1');
    expect(hfr['interventional-cardiology']).toBe('M-S29');
    expect(hfr.hepatology).toBe('M-S38');
    expect(hfr['surgical-gastroenterology']).toBeNull();
    expect(hfr.haematology).toBeNull();
    expect(hfr.dentistry).toBeNull();
  });

  it('names codes', () => {
    expect(specialtyName('ent')).toBe('Otorhinolaryngology');
    expect(specialtyName('cardiothoracic-surgery')).toBe('Cardiothoracic and Vascular Surgery');
    expect(specialtyName('astrology')).toBeUndefined();
  });
});

describe('standardizeSpecialties', () => {
  it.each(SPECIALTY_CASES)('%j', (wording, codes) => {
    const result = standardizeSpecialties(wording);
    expect(result.value).toEqual(codes);
    if (codes.length === 0) expect(result.unmapped).toEqual([wording]);
    else expect(result.unmapped).toEqual([]);
  });

  it('reads arrays, de-duplicates and puts sub-specialties first', () => {
    expect(
      standardizeSpecialties(['Cardiology', 'Interventional Cardiologist', 'Cardiac Sciences']).value,
    ).toEqual(['interventional-cardiology', 'cardiology']);
    expect(standardizeSpecialties(['General Physician', 'Diabetology']).value).toEqual([
      'endocrinology',
      'general-medicine',
    ]);
  });

  it('ignores a designation fragment next to a specialty', () => {
    expect(standardizeSpecialties('Sr. Consultant, Cardiology')).toEqual({
      value: ['cardiology'],
      unmapped: [],
      warnings: [],
    });
  });

  it('reports wordings that name no specialty, and wrong types', () => {
    expect(standardizeSpecialties('Cardiology|Sleep Medicine').unmapped).toEqual(['Sleep Medicine']);
    expect(standardizeSpecialties(['ENT', 7]).unmapped).toEqual(['7']);
    expect(standardizeSpecialties({ a: 1 }).unmapped).toEqual(['{"a":1}']);
    expect(standardizeSpecialties(null)).toEqual({ value: [], unmapped: [], warnings: [] });
  });

  it('maps every canonical name and code to its own code', () => {
    for (const s of SPECIALTIES) {
      expect(standardizeSpecialties(s.name).value).toEqual([s.code]);
      expect(standardizeSpecialties(s.code).value).toEqual([s.code]);
      for (const synonym of s.synonyms) expect(standardizeSpecialties(synonym).value[0]).toBe(s.code);
    }
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.jsonValue()), (raw) => {
        standardizeSpecialties(raw);
      }),
      { numRuns: 500 },
    );
  });

  it('is idempotent over canonical names', () => {
    fc.assert(
      fc.property(fc.subarray(SPECIALTIES.map((s) => s.name)), (names) => {
        const codes = standardizeSpecialties(names).value;
        const again = standardizeSpecialties(codes.map((c) => specialtyName(c)!)).value;
        expect(again).toEqual(codes);
      }),
    );
  });
});
