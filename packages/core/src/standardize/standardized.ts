/**
 * The result of every standardizer: the canonical value, and what of the
 * input it could not use, so that a plugin can count unmapped wordings.
 * Standardizers never throw, on any input.
 */
export interface Standardized<T> {
  value: T;
  /** Fragments of the input that mapped to nothing, verbatim (trimmed). */
  unmapped: string[];
  /** Stable rule ids of non-fatal findings, e.g. `pincode_state_mismatch`. */
  warnings: string[];
}

/** Builds a {@link Standardized} result. */
export function standardized<T>(value: T, unmapped: string[] = [], warnings: string[] = []): Standardized<T> {
  return { value, unmapped, warnings };
}
