import type { ObjectStore } from '@provider-data/core';

/** Every object of `store` under `prefix`, read whole: its key and bytes. */
export async function objectsUnder(store: ObjectStore, prefix: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for await (const object of store.list(prefix)) {
    const chunks: Buffer[] = [];
    for await (const chunk of await store.open(object.key)) chunks.push(Buffer.from(chunk));
    out.set(object.key, Buffer.concat(chunks));
  }
  return out;
}
