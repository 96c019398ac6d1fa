import { describe, expect, it } from 'vitest';
import { INDIAN_CITIES } from './fake-india.js';
import { createDoctorPopulation } from './population.js';

describe('createDoctorPopulation', () => {
  const population = createDoctorPopulation({ seed: 11, overlap: 0.2, hardNegatives: 0.1 });
  const city = INDIAN_CITIES[0]!;
  const slots = Array.from({ length: 2000 }, (_, slot) => ({
    apollo: population.doctorAt('apollo', city, slot),
    fortis: population.doctorAt('fortis', city, slot),
  }));

  it('puts the chosen share of doctors at both chains, as one person', () => {
    const shared = slots.filter((s) => s.apollo.person === s.fortis.person);
    expect(shared.length / slots.length).toBeGreaterThan(0.17);
    expect(shared.length / slots.length).toBeLessThan(0.23);
    for (const s of shared) expect(s.fortis).toEqual(s.apollo);
    expect(
      shared.some((s) => s.apollo.kind === 'shared_unregistered' && s.apollo.registration === null),
    ).toBe(true);
  });

  it('makes hard negatives: one name, two people, two registrations', () => {
    const twins = slots.filter((s) => s.apollo.kind === 'same_name' || s.apollo.kind === 'father_son');
    expect(twins.length).toBeGreaterThan(100);
    for (const { apollo, fortis } of twins) {
      expect(apollo.person).not.toBe(fortis.person);
      expect([fortis.first, fortis.last]).toEqual([apollo.first, apollo.last]);
      expect(fortis.registration?.number).not.toBe(apollo.registration?.number);
      if (apollo.kind === 'father_son') expect(fortis.experience - apollo.experience).toBe(25);
    }
  });

  it('is a pure function of its arguments, and records the truth of what was written', () => {
    const again = createDoctorPopulation({ seed: 11, overlap: 0.2, hardNegatives: 0.1 });
    expect(again.doctorAt('fortis', city, 7)).toEqual(slots[7]?.fortis);
    again.record('fortis', 'FD-1', slots[7]!.fortis);
    expect(again.truth().get('fortis:FD-1')).toEqual({
      person: slots[7]!.fortis.person,
      kind: slots[7]!.fortis.kind,
    });
  });
});
