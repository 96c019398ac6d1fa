import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { PROVIDER_DATA_NAMESPACE, practiceId, practitionerId, providerId, stableId } from './ids.js';

/** RFC 9562's version 5 UUID, written out step by step: the reference the fast path must equal. */
function referenceV5(name: string): string {
  const bytes = createHash('sha1')
    .update(Buffer.from(PROVIDER_DATA_NAMESPACE.replaceAll('-', ''), 'hex'))
    .update(name, 'utf8')
    .digest()
    .subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

describe('stable ids', () => {
  it('are the ids already stored: a public contract', () => {
    expect(practitionerId('apollo', 'AD-000123')).toBe('09c90c1d-2b64-5454-a366-284f039c08d9');
    expect(practiceId('fortis', 'FH-7')).toBe('f64772ff-c267-5e97-b85e-6499d6861cb0');
    expect(providerId('apollo', 'AD-1', 'AH-2')).toBe('21709d51-7ecb-5362-b48c-034ca21642cb');
    expect(stableId('practitioner', 'apollo', 'डॉ. राव')).toBe('9ecf2eb5-034c-5c8e-972e-7f85792c0eb9');
    expect(stableId('x'.repeat(5000))).toBe('3803ef29-1c57-524e-a26b-53bfb7422dd9');
  });

  it('equal RFC 9562 version 5 for every variant digit, any script, and names on both sides of the buffer', () => {
    const variants = new Set<string>();
    const names = [
      '',
      'a',
      '\u0000',
      '😀 emoji',
      'lone \ud800 surrogate',
      'é'.repeat(2040),
      'x'.repeat(4080),
      'x'.repeat(4081),
      'अ'.repeat(1360),
      'अ'.repeat(1361),
    ];
    for (let i = 0; i < 400; i++) names.push(`practitioner\u001fapollo\u001fAD-${i}`);
    for (const name of names) {
      const id = stableId(name);
      expect(id).toBe(referenceV5(name));
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      variants.add(id[19]!);
    }
    expect([...variants].sort()).toEqual(['8', '9', 'a', 'b']);
  });

  it('join their parts with a unit separator', () => {
    expect(stableId('a', 'b')).toBe(referenceV5('a\u001fb'));
    expect(stableId('a', 'b')).not.toBe(stableId('ab'));
  });
});
