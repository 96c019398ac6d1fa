/**
 * A set of UUIDs with a small flag per id, for what a file keeps per record
 * (the providers a rerun skipped): each id as its 128 bits in a typed array,
 * open addressing at most three quarters full (23 to 45 bytes an id), and no
 * object per id for the garbage collector. A `Map` of the id strings held about 100 bytes
 * an id of V8's heap, and its 150,000 ids (three files of 25,000 doctors at
 * once) put 18 MiB on the heap's peak. Ids that are not UUIDs (no canonical table would take them)
 * are kept in a `Map`, exactly the same.
 */
export class IdSet {
  #words: Uint32Array;
  /** Per slot: 0 empty, else the flag plus one. */
  #slots: Uint8Array;
  #count = 0;
  #other: Map<string, number> | undefined;
  readonly #parsed = new Uint32Array(4);

  constructor(capacity = 1024) {
    let slots = 16;
    while (slots * 3 < capacity * 4) slots *= 2;
    this.#words = new Uint32Array(slots * 4);
    this.#slots = new Uint8Array(slots);
  }

  /** Distinct ids held. */
  get size(): number {
    return this.#count + (this.#other?.size ?? 0);
  }

  /** The flag `id` was set with, or `undefined` if it is not held. */
  get(id: string): number | undefined {
    if (!parseUuid(id, this.#parsed)) return this.#other?.get(id);
    const slot = this.#find(this.#parsed);
    const state = this.#slots[slot]!;
    return state === 0 ? undefined : state - 1;
  }

  /** Holds `id` with `flag` (0 to 254), replacing its flag if it is held. */
  set(id: string, flag: number): void {
    if (!Number.isInteger(flag) || flag < 0 || flag > 254)
      throw new RangeError(`flag ${flag} is not 0 to 254`);
    if (!parseUuid(id, this.#parsed)) {
      this.#other ??= new Map();
      this.#other.set(id, flag);
      return;
    }
    let slot = this.#find(this.#parsed);
    if (this.#slots[slot] === 0) {
      // Three quarters full at most: linear probing stays short on ids that are hashes.
      if ((this.#count + 1) * 4 > this.#slots.length * 3) {
        this.#grow();
        slot = this.#find(this.#parsed);
      }
      this.#words.set(this.#parsed, slot * 4);
      this.#count++;
    }
    this.#slots[slot] = flag + 1;
  }

  /** The slot holding `words`, or the empty slot where it would go. */
  #find(words: Uint32Array): number {
    const mask = this.#slots.length - 1;
    // The ids are hashes already (name-based UUIDs); mixing two words keeps other UUIDs spread too.
    let slot = Math.imul(words[0]! ^ words[3]!, 0x9e3779b1) >>> 0;
    for (;;) {
      slot &= mask;
      if (this.#slots[slot] === 0) return slot;
      const at = slot * 4;
      const held = this.#words;
      if (
        held[at] === words[0] &&
        held[at + 1] === words[1] &&
        held[at + 2] === words[2] &&
        held[at + 3] === words[3]
      )
        return slot;
      slot++;
    }
  }

  #grow(): void {
    const words = this.#words;
    const slots = this.#slots;
    this.#words = new Uint32Array(words.length * 2);
    this.#slots = new Uint8Array(slots.length * 2);
    for (let slot = 0; slot < slots.length; slot++) {
      if (slots[slot] === 0) continue;
      const held = words.subarray(slot * 4, slot * 4 + 4);
      const to = this.#find(held);
      this.#words.set(held, to * 4);
      this.#slots[to] = slots[slot]!;
    }
  }
}

/** The value of a hex digit's character code, or -1. */
function hexValue(code: number): number {
  if (code >= 48 && code <= 57) return code - 48;
  const lower = code | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/** Writes the 128 bits of a UUID in its 36-character form (either case) to `out`; false if `id` is not one. */
function parseUuid(id: string, out: Uint32Array): boolean {
  if (id.length !== 36) return false;
  let word = 0;
  let digits = 0;
  for (let i = 0; i < 36; i++) {
    const code = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (code !== 45) return false;
      continue;
    }
    const value = hexValue(code);
    if (value < 0) return false;
    word = (word << 4) | value;
    if (++digits % 8 === 0) {
      out[digits / 8 - 1] = word >>> 0;
      word = 0;
    }
  }
  return true;
}
