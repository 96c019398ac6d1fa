/** The scored candidate pairs of a run, held as typed arrays (a few bytes a pair, not objects). */
export class PairStore {
  a = new Int32Array(1024);
  b = new Int32Array(1024);
  pattern = new Uint16Array(1024);
  nameFrequency = new Float32Array(1024);
  length = 0;

  push(a: number, b: number, pattern: number, nameFrequency: number): void {
    if (this.length === this.a.length) this.grow();
    const i = this.length++;
    this.a[i] = a;
    this.b[i] = b;
    this.pattern[i] = pattern;
    this.nameFrequency[i] = nameFrequency;
  }

  private grow(): void {
    const size = this.a.length * 2;
    const copy = <T extends Int32Array | Uint16Array | Float32Array>(from: T, to: T): T => {
      to.set(from);
      return to;
    };
    this.a = copy(this.a, new Int32Array(size));
    this.b = copy(this.b, new Int32Array(size));
    this.pattern = copy(this.pattern, new Uint16Array(size));
    this.nameFrequency = copy(this.nameFrequency, new Float32Array(size));
  }
}

/** Comparison vectors seen in a run, each stored once: pattern id → vector. */
export class PatternTable {
  readonly vectors: Int8Array[] = [];
  readonly counts: number[] = [];
  private readonly ids = new Map<string, number>();

  /** The id of a vector, counting it once more. */
  add(vector: Int8Array): number {
    const key = vector.join(',');
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.vectors.length;
      if (id > 0xffff) throw new RangeError('more than 65,536 comparison patterns');
      this.ids.set(key, id);
      this.vectors.push(vector);
      this.counts.push(0);
    }
    this.counts[id] = (this.counts[id] as number) + 1;
    return id;
  }

  /** Pattern counts keyed as {@link patternKey} does. */
  countsByKey(): Map<string, number> {
    return new Map(this.vectors.map((v, i) => [v.join(','), this.counts[i] as number]));
  }
}

/** A 32-bit FNV-1a hash: identifiers the guard compares, without holding their strings. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) & 0x7fffffff;
}
