import { describe, expect, it } from 'vitest';
import { PersonClusters } from './clustering.js';

// Nodes 0..4: 0 and 2 hold different registrations of council 1; 3 and 4 different HPR ids.
const ids = [
  { council: 1, registration: 100, hpr: -1 },
  { council: -1, registration: -1, hpr: -1 },
  { council: 1, registration: 200, hpr: -1 },
  { council: -1, registration: -1, hpr: 7 },
  { council: -1, registration: -1, hpr: 8 },
];
const clusters = () => new PersonClusters(ids.length, (n) => ids[n] as (typeof ids)[number]);

describe('PersonClusters', () => {
  it('refuses a chain that would give a person two registrations of one council', () => {
    const c = clusters();
    expect(c.join(0, 1)).toBeNull();
    expect(c.join(1, 2)).toBe('registration_conflict');
    expect([...c.clusters().values()]).toEqual([[0, 1]]);
  });

  it('refuses two HPR ids, lets a must-link past the registration guard, never past a cannot-link', () => {
    const c = clusters();
    expect(c.join(3, 4)).toBe('hpr_conflict');
    expect(c.join(0, 2, true)).toBeNull();
    c.forbid(1, 3);
    expect(c.join(0, 1)).toBeNull();
    expect(c.join(1, 3, true)).toBe('cannot_link');
    expect(c.join(2, 3, true)).toBe('cannot_link');
    expect(c.find(0)).toBe(c.find(2));
  });
});
