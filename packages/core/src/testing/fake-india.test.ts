import { describe, expect, it } from 'vitest';
import {
  INDIAN_CITIES,
  PHONE_STYLES,
  SPECIALTIES,
  fakeAddress,
  fakeExperience,
  fakeFee,
  fakeHospitalName,
  fakeLanguages,
  fakePersonName,
  fakePhone,
  fakeQualifications,
  fakeSlots,
  fakeSpecialty,
} from './fake-india.js';
import { createSeededRandom } from './seeded-random.js';

const byName = (name: string) => INDIAN_CITIES.find((c) => c.name === name)!;

describe('fake-india vocabularies', () => {
  it('lists at least 60 distinct cities with the renamed ones and valid codes', () => {
    expect(INDIAN_CITIES.length).toBeGreaterThanOrEqual(60);
    expect(new Set(INDIAN_CITIES.map((c) => c.slug)).size).toBe(INDIAN_CITIES.length);
    for (const [name, old] of [
      ['Chennai', 'Madras'],
      ['Bengaluru', 'Bangalore'],
      ['Mumbai', 'Bombay'],
      ['Gurugram', 'Gurgaon'],
      ['Kolkata', 'Calcutta'],
      ['Pune', 'Poona'],
      ['Kochi', 'Cochin'],
      ['Thiruvananthapuram', 'Trivandrum'],
      ['Mysuru', 'Mysore'],
    ] as const) {
      expect(byName(name).oldName).toBe(old);
    }
    for (const n of ['Navi Mumbai', 'New Delhi', 'Noida', 'Hyderabad']) expect(byName(n)).toBeDefined();
    expect(byName('Navi Mumbai').slug).toBe('navi-mumbai');
    for (const c of INDIAN_CITIES) {
      expect(c.pinPrefix).toMatch(/^[1-9]\d\d$/);
      expect(c.stdCode).toMatch(/^[1-9]\d{1,3}$/);
    }
  });

  it('maps every specialty to a canonical code used once', () => {
    const codes = SPECIALTIES.map((s) => s.code);
    expect(new Set(codes).size).toBe(codes.length);
    expect(codes).toContain('obstetrics-gynaecology');
  });
});

describe('fake-india helpers', () => {
  it('are deterministic for a seed', () => {
    const run = (seed: number) => {
      const rng = createSeededRandom(seed);
      const chennai = byName('Chennai');
      return [
        fakePersonName(rng),
        fakePhone(rng, chennai),
        fakeQualifications(rng, 'cardiology'),
        fakeSpecialty(rng, 0.1),
        fakeAddress(rng, chennai, true),
        fakeFee(rng),
        fakeSlots(rng),
        fakeExperience(rng),
        fakeLanguages(rng, chennai),
      ];
    };
    expect(run(5)).toEqual(run(5));
  });

  it('writes names in the source styles', () => {
    const rng = createSeededRandom(11);
    expect(fakePersonName(rng, 'initial-first').fullName).toMatch(/^(Dr\.?|DR|Dr \.) [A-Z]\. \S/);
    expect(fakePersonName(rng, 'upper').fullName).toMatch(/^DR [A-Z' ]+$/);
    const n = fakePersonName(rng, 'western');
    expect(n.first.length).toBeGreaterThan(0);
    expect(n.fullName).toContain(n.first);
  });

  it('writes phones in every messy style with 10 national digits for landlines', () => {
    const rng = createSeededRandom(3);
    const chennai = byName('Chennai');
    for (const style of PHONE_STYLES) expect(fakePhone(rng, chennai, style)).toMatch(/\d{3}/);
    expect(fakePhone(rng, chennai, 'landline-dash')).toMatch(/^044-\d{8}$/);
    expect(fakePhone(rng, byName('Gurugram'), 'landline-spaced').replace(/\D/g, '')).toMatch(/^91124\d{7}$/);
    expect(fakePhone(rng, chennai, 'landline-pair')).toMatch(/^044\d{8} \/ \d{8}$/);
    expect(fakePhone(rng, chennai, 'tollfree')).toMatch(/^1860-\d{3}-\d{4}$/);
    expect(fakePhone(rng, chennai, 'mobile-intl')).toMatch(/^\+91-[6-9]\d{9}$/);
  });

  it('writes specialties, qualifications and hospital names as hospitals do', () => {
    const rng = createSeededRandom(8);
    const wordings = Array.from({ length: 300 }, () => fakeSpecialty(rng, 0.1));
    expect(wordings.some((s) => s.code === null)).toBe(true);
    expect(
      wordings.some((s) => s.designation === 'Senior Consultant' && /Sr\. |Senior /.test(s.wording)),
    ).toBe(true);
    expect(fakeQualifications(rng, 'cardiology')).toMatch(/^MBBS/);
    expect(fakeHospitalName(rng, 'Apollo', 'Greams Road').name).toContain('Apollo');
    const address = fakeAddress(rng, byName('Chennai'));
    expect(address.pincode).toMatch(/^600\d{3}$/);
  });
});
