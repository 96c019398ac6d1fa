/**
 * One input shape for one function: `make(n)` builds an input of `n` items
 * (list items, words, or characters of a run that a regex could backtrack
 * over) and returns the call to time.
 */
export interface LinearityCase {
  /** The function, as its package exports it: `standardizeSpecialties`, `fortis transform (doctor)`. */
  fn: string;
  /** What the `n` items are: `distinct | items`, `run of " -"`. */
  shape: string;
  make(n: number): () => unknown;
}

/** `n` values of `item(i)` joined by `separator`. */
export function joined(n: number, separator: string, item: (i: number) => string): string {
  const parts = new Array<string>(n);
  for (let i = 0; i < n; i++) parts[i] = item(i);
  return parts.join(separator);
}

/** `n` values of `item(i)`. */
export function list<T>(n: number, item: (i: number) => T): T[] {
  return Array.from({ length: n }, (_, i) => item(i));
}

/** A distinct word per index, letters only: `wbaa`, `wcaa`, … (names and places must be letters). */
export function word(i: number): string {
  let text = 'w';
  for (let k = i; k > 0 || text.length < 4; k = Math.floor(k / 26))
    text += String.fromCharCode(97 + (k % 26));
  return text;
}

/** A distinct valid Indian mobile number per index. */
export function mobile(i: number): string {
  return `98${String(i).padStart(8, '0')}`;
}
