/**
 * `fn` remembered by its string argument, for the few values an export
 * computes again and again (an identifier system per health system, an
 * Organization id per practice): a SHA-1 per role cost 3% of the export.
 * The map starts over when full, so memory stays bounded.
 */
export function memoize<T>(fn: (key: string) => T, capacity = 100_000): (key: string) => T {
  const known = new Map<string, T>();
  return (key) => {
    let value = known.get(key);
    if (value === undefined) {
      if (known.size >= capacity) known.clear();
      value = fn(key);
      known.set(key, value);
    }
    return value;
  };
}
