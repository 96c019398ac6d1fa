// The cost of one stable id: `stableId` as shipped against RFC 9562's version 5
// written out with a Hash object (the code before), on the same names.
// Usage: node --conditions=source --import tsx scripts/bench/stable-id.ts [ids]
import { createHash } from 'node:crypto';
import { PROVIDER_DATA_NAMESPACE, stableId } from '@provider-data/core';

const namespace = Buffer.from(PROVIDER_DATA_NAMESPACE.replaceAll('-', ''), 'hex');

function withHashObject(...parts: string[]): string {
  const hash = createHash('sha1').update(namespace).update(parts.join('\u001f'), 'utf8').digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const ids = Number(process.argv[2] ?? 500_000);
const ways = [
  ['Hash object (before)', withHashObject],
  ['stableId', stableId],
] as const;
// Twice each, alternating, so that neither has the warm JIT to itself.
for (const round of [1, 2]) {
  for (const [label, make] of ways) {
    let check = 0;
    const started = performance.now();
    for (let i = 0; i < ids; i++)
      check += make('provider', 'apollo', `AD-${i}`, `AH-${i % 97}`).charCodeAt(0);
    const us = ((performance.now() - started) * 1000) / ids;
    console.log(`round ${round}, ${label}: ${us.toFixed(2)} µs an id (${check})`);
  }
}
// The same ids, or the comparison means nothing.
for (let i = 0; i < 1000; i++) {
  if (stableId('practitioner', 'apollo', `AD-${i}`) !== withHashObject('practitioner', 'apollo', `AD-${i}`))
    throw new Error(`ids differ for AD-${i}`);
}
