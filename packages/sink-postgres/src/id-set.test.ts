import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { IdSet } from './id-set.js';

describe('IdSet', () => {
  it('holds what a Map of the same ids holds, through growth, in either case, and ids that are not UUIDs', () => {
    const ids = new IdSet(4);
    const reference = new Map<string, number>();
    // Ids that differ only in the words the slot is not chosen by, so that they collide and probe on.
    const colliding = Array.from(
      { length: 50 },
      (_, i) => `0000abcd-0000-5000-8000-${i.toString(16).padStart(4, '0')}0000abcd`,
    );
    const all = [...Array.from({ length: 5000 }, () => randomUUID()), ...colliding, 'not-a-uuid', ''];
    all.forEach((id, i) => {
      ids.set(id, i % 3);
      reference.set(id, i % 3);
    });
    // Replaced flags, through the same UUID in capitals.
    for (const id of all.slice(0, 100)) {
      ids.set(id.toUpperCase(), 7);
      reference.set(id, 7);
    }
    expect(ids.size).toBe(reference.size);
    for (const [id, flag] of reference) expect(ids.get(id)).toBe(flag);
    for (let i = 0; i < 1000; i++) expect(ids.get(randomUUID())).toBeUndefined();
    expect(ids.get('0000abcd-0000-5000-8000-ffff0000abcd')).toBeUndefined();
    expect(ids.get('0000abcd00000-5000-8000-00000000abcd')).toBeUndefined();
  });

  it('refuses a flag it cannot hold', () => {
    expect(() => new IdSet().set(randomUUID(), 255)).toThrow(RangeError);
  });
});
