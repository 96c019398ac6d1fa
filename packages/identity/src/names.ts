/**
 * Names compared token by token: a display name becomes its full tokens
 * (two letters or more, lower case, accents kept) and its initials, so that
 * `K. Ramesh Kumar`, `Ramesh Kumar K` and `Dr. Ramesh K` are the same
 * shape whatever the word order.
 */

/** A name as the comparisons see it. */
export interface NameTokens {
  /** Full tokens, sorted, unique: `['kumar', 'ramesh']`. */
  tokens: string[];
  /** Single letters written as initials, sorted, unique: `['k']`. */
  initials: string[];
}

const HONORIFICS = new Set([
  'dr',
  'prof',
  'mr',
  'mrs',
  'ms',
  'miss',
  'shri',
  'smt',
  'sri',
  'col',
  'brig',
  'maj',
  'capt',
  'lt',
  'gen',
]);

/** The tokens and initials of a display name; honorifics that a source left in are dropped. */
export function nameTokens(displayName: string | null | undefined): NameTokens {
  const words = (displayName ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter((w) => w.length > 0 && !HONORIFICS.has(w));
  const tokens = new Set<string>();
  const initials = new Set<string>();
  for (const w of words) (w.length === 1 ? initials : tokens).add(w);
  return { tokens: [...tokens].sort(), initials: [...initials].sort() };
}

/** The key of a name for term frequencies: its full tokens in order, `kumar ramesh`. */
export function nameKey(name: NameTokens): string {
  return name.tokens.join(' ');
}

/** True when two tokens are the same word, allowing one keystroke in a word of five letters or more. */
export function tokensAgree(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.min(a.length, b.length) < 5) return false;
  return editDistanceAtMostOne(a, b);
}

/** True when `a` and `b` differ by at most one insertion, deletion, substitution or swap of neighbours. */
export function editDistanceAtMostOne(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    // One substitution, or two neighbours swapped.
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Every word of `of` is explained by `by`: a full token agrees with one of `by`'s, an initial starts one. */
function explained(of: NameTokens, by: NameTokens): boolean {
  for (const t of of.tokens) {
    if (by.tokens.some((u) => tokensAgree(t, u))) continue;
    if (by.initials.includes(t[0] as string)) continue;
    return false;
  }
  for (const i of of.initials) {
    if (by.initials.includes(i) || by.tokens.some((u) => u[0] === i)) continue;
    return false;
  }
  return true;
}

/** Levels of {@link compareNames}, strongest first. */
export type NameLevel = 'exact' | 'compatible' | 'shared_token' | 'different';

/**
 * How two names agree: `exact` (the same full tokens and initials, in any
 * order), `compatible` (each side's words are the other's, or its initials:
 * `Dr. Ramesh K` and `K. Ramesh Kumar`), `shared_token` (a word in common,
 * such as a family name), or `different`; null when a side has no full token.
 *
 * ### Examples
 * ```ts
 * import { compareNames, nameTokens } from '@provider-data/identity';
 *
 * compareNames(nameTokens('K. Ramesh Kumar'), nameTokens('Ramesh Kumar K')); // 'exact'
 * compareNames(nameTokens('Dr. Ramesh K'), nameTokens('K. Ramesh Kumar')); // 'compatible'
 * ```
 */
export function compareNames(a: NameTokens, b: NameTokens): NameLevel | null {
  if (a.tokens.length === 0 || b.tokens.length === 0) return null;
  if (a.tokens.join(' ') === b.tokens.join(' ') && a.initials.join('') === b.initials.join(''))
    return 'exact';
  const shared = a.tokens.some((t) => b.tokens.some((u) => tokensAgree(t, u)));
  if (!shared) return 'different';
  if (explained(a, b) && explained(b, a)) return 'compatible';
  return 'shared_token';
}
