import { standardized, type Standardized } from './standardized.js';
import { cleanString, describe, isBlank, trimWhere } from './text.js';

/** A practitioner's name, cleaned, with honorifics and ranks moved out. */
export interface PersonName {
  /** The cleaned full name without honorifics: `K. Ramesh Kumar`. */
  displayName: string;
  /** Honorifics and ranks in canonical spelling, in source order: `['Prof.', 'Dr.', 'Col.', 'Retd.']`. */
  prefixes: string[];
  givenName: string | null;
  familyName: string | null;
}

// Keyed by the lower-case token without dots. Deliberately absent: `major`,
// `general` and `sri`, which are also given names (Major Singh, Sri Devi).
const HONORIFICS = new Map<string, string>([
  ['dr', 'Dr.'],
  ['doctor', 'Dr.'],
  ['prof', 'Prof.'],
  ['professor', 'Prof.'],
  ['col', 'Col.'],
  ['colonel', 'Col.'],
  ['brig', 'Brig.'],
  ['brigadier', 'Brig.'],
  ['maj', 'Maj.'],
  ['lt', 'Lt.'],
  ['lieut', 'Lt.'],
  ['gen', 'Gen.'],
  ['capt', 'Capt.'],
  ['captain', 'Capt.'],
  ['cdr', 'Cdr.'],
  ['surg', 'Surg.'],
  ['retd', 'Retd.'],
  ['rtd', 'Retd.'],
  ['retired', 'Retd.'],
  ['mr', 'Mr.'],
  ['mrs', 'Mrs.'],
  ['ms', 'Ms.'],
  ['miss', 'Miss'],
  ['smt', 'Smt.'],
  ['shri', 'Shri'],
]);

// Lower-cased when a name arrives in one case and they sit inside the name.
const PARTICLES = new Set([
  'de',
  'da',
  'do',
  'dos',
  'di',
  'del',
  'della',
  'du',
  'van',
  'von',
  'der',
  'den',
  'bin',
  'binti',
  'bint',
  'ibn',
]);

const DOT_BEFORE_LETTER = /\.(?=\p{L})/gu;
const NAME_TOKEN = /\(([^()]*)\)|[^\s()]+/g;
/** What may not start a name word (anything but a letter) and what may not end one (nor a dot or an apostrophe). */
const JUNK_LEAD = /^[^\p{L}\p{M}]$/u;
const JUNK_TRAIL = /^[^\p{L}\p{M}.'’]$/u;
const HAS_LETTER = /\p{L}/u;
const CLEAN_EDGES = /^\p{L}(?:.*\p{L})?$/u;
const INITIAL = /^\p{L}\.?$/u;
const MC_SHOUTING = /^Mc[\p{Lu}'’-]{2,}$/u;

interface NameToken {
  text: string;
  initial: boolean;
}

interface Analysis {
  prefixes: string[];
  tokens: NameToken[];
}

function honorific(token: string): string | undefined {
  if (token.length > 11) return undefined;
  const lower = token.toLowerCase();
  return HONORIFICS.get(lower.includes('.') ? lower.replace(/\./g, '') : lower);
}

function pushPrefix(prefixes: string[], prefix: string): void {
  if (!prefixes.includes(prefix)) prefixes.push(prefix);
}

/** Splits a cleaned name into prefixes and name tokens. */
function analyse(text: string, unmapped: string[]): Analysis {
  const prefixes: string[] = [];
  let body = text.replace(DOT_BEFORE_LETTER, '. ');
  // `Anil Sharma, MD`: what follows a comma is not part of the name.
  const comma = body.indexOf(',');
  let tail: string[] = [];
  if (comma >= 0) {
    const after = body.slice(comma + 1).trim();
    body = body.slice(0, comma);
    const afterTokens = after.replace(/[()]/g, ' ').split(' ').filter(Boolean);
    if (afterTokens.length > 0 && afterTokens.every((t) => honorific(t) !== undefined)) tail = afterTokens;
    else if (after !== '') unmapped.push(after);
  }

  // Each raw token, with paren groups of honorifics (`(Col.)`, `(Retd.)`) flagged.
  const raw: { text: string; honorific?: string; bracketed: boolean }[] = [];
  for (const match of body.matchAll(NAME_TOKEN)) {
    const group = match[1];
    if (group !== undefined) {
      const inner = group.split(' ').filter(Boolean);
      if (inner.length > 0 && inner.every((t) => honorific(t) !== undefined)) {
        for (const t of inner) raw.push({ text: t, honorific: honorific(t)!, bracketed: true });
      } else if (group.trim() !== '') {
        unmapped.push(group.trim());
      }
      continue;
    }
    const t = match[0];
    const h = honorific(t);
    raw.push(h === undefined ? { text: t, bracketed: false } : { text: t, honorific: h, bracketed: false });
  }
  for (const t of tail) raw.push({ text: t, honorific: honorific(t)!, bracketed: true });

  let start = 0;
  while (start < raw.length && raw[start]!.honorific !== undefined)
    pushPrefix(prefixes, raw[start++]!.honorific!);
  let end = raw.length;
  // Collected from the end, then put in source order (unshift in the loop is quadratic).
  const trailing: string[] = [];
  while (end > start) {
    const last = raw[end - 1]!;
    if (last.honorific === undefined || !(last.bracketed || last.honorific === 'Retd.')) break;
    trailing.push(last.honorific);
    end--;
  }
  trailing.reverse();

  const tokens: NameToken[] = [];
  for (let i = start; i < end; i++) {
    const t = raw[i]!;
    if (t.bracketed && t.honorific !== undefined) {
      pushPrefix(prefixes, t.honorific);
      continue;
    }
    const word = CLEAN_EDGES.test(t.text) ? t.text : trimWhere(t.text, JUNK_LEAD, JUNK_TRAIL);
    if (!HAS_LETTER.test(word)) {
      if (word !== '' || /\p{N}/u.test(t.text)) unmapped.push(t.text);
      continue;
    }
    if (INITIAL.test(word))
      tokens.push({ text: `${String.fromCodePoint(word.codePointAt(0)!).toUpperCase()}.`, initial: true });
    else tokens.push({ text: word.replace(/\.$/, ''), initial: false });
  }
  for (const p of trailing) pushPrefix(prefixes, p);
  return { prefixes, tokens };
}

const NEEDS_SPECIAL_CASING = /[-‐'’]|^mc/i;

function fixCase(word: string): string {
  if (!NEEDS_SPECIAL_CASING.test(word)) {
    const first = String.fromCodePoint(word.codePointAt(0)!);
    return first.toUpperCase() + word.slice(first.length).toLowerCase();
  }
  let out = word
    .toLowerCase()
    .replace(/(^|[-‐])(\p{L})/gu, (_m, sep: string, ch: string) => sep + ch.toUpperCase());
  // D'Souza, O'Brien: a one- or two-letter clitic before the apostrophe.
  out = out.replace(
    /^(\p{L}{1,2})['’](\p{L})/u,
    (_m, head: string, ch: string) => `${head}'${ch.toUpperCase()}`,
  );
  if (/^Mc\p{L}{2}/u.test(out)) out = `Mc${out.charAt(2).toUpperCase()}${out.slice(3)}`;
  return out;
}

/** ALL-CAPS and all-lower words to title case; mixed case (McDonald, DSouza) is the source's choice and kept. */
function caseTokens(tokens: NameToken[]): void {
  const words = tokens.filter((t) => !t.initial);
  words.forEach((t, i) => {
    const upper = t.text.toUpperCase();
    const lower = t.text.toLowerCase();
    const shouting = t.text === upper || MC_SHOUTING.test(t.text);
    if (upper === lower || (!shouting && t.text !== lower)) return;
    const inside = i > 0 && i < words.length - 1;
    t.text = inside && PARTICLES.has(lower) ? lower : fixCase(t.text);
  });
}

function joined(tokens: NameToken[]): string | null {
  return tokens.length === 0 ? null : tokens.map((t) => t.text).join(' ');
}

/**
 * Orders and splits cased tokens. Initials are the family (or father's, or
 * village) name in South Indian usage, written before or after the given
 * name: both `K. Ramesh Kumar` and `RAMESH KUMAR K` display as
 * `K. Ramesh Kumar`, with given name `Ramesh Kumar` and family name `K.`.
 * Otherwise the last word (with its particles: `de Souza`) is the family name.
 */
function build(tokens: NameToken[]): Omit<PersonName, 'prefixes'> | null {
  if (tokens.length === 0) return null;
  let lead = 0;
  while (lead < tokens.length && tokens[lead]!.initial) lead++;
  let trail = tokens.length;
  if (lead < tokens.length) while (trail > lead && tokens[trail - 1]!.initial) trail--;
  const initials = [...tokens.slice(0, lead), ...tokens.slice(trail)];
  const rest = tokens.slice(lead, trail);
  const ordered = [...initials, ...rest];
  const displayName = ordered.map((t) => t.text).join(' ');
  if (initials.length > 0 && rest.length > 0) {
    return { displayName, givenName: joined(rest), familyName: joined(initials) };
  }
  if (rest.length >= 2) {
    let split = rest.length - 1;
    while (split > 1 && PARTICLES.has(rest[split - 1]!.text)) split--;
    return { displayName, givenName: joined(rest.slice(0, split)), familyName: joined(rest.slice(split)) };
  }
  return { displayName, givenName: displayName, familyName: null };
}

function withPrefixes(name: Omit<PersonName, 'prefixes'>, prefixes: string[]): PersonName {
  return { displayName: name.displayName, prefixes, givenName: name.givenName, familyName: name.familyName };
}

/**
 * Cleans a full name: decodes HTML entities, folds whitespace, moves
 * honorifics and ranks into `prefixes`, fixes ALL-CAPS and all-lower casing
 * and splits given and family names on a best-effort basis.
 *
 * ### Examples
 * ```ts
 * import { standardizeName } from '@provider-data/core';
 *
 * standardizeName('DR RAMESH KUMAR K').value;
 * // { displayName: 'K. Ramesh Kumar', prefixes: ['Dr.'], givenName: 'Ramesh Kumar', familyName: 'K.' }
 * ```
 */
export function standardizeName(raw: unknown): Standardized<PersonName | null> {
  const unmapped: string[] = [];
  if (typeof raw !== 'string') {
    if (!isBlank(raw)) unmapped.push(describe(raw));
    return standardized(null, unmapped);
  }
  const text = cleanString(raw);
  if (text === null) return standardized(null);
  const { prefixes, tokens } = analyse(text, unmapped);
  caseTokens(tokens);
  const name = build(tokens);
  return standardized(name === null ? null : withPrefixes(name, prefixes), unmapped);
}

/**
 * Cleans a name delivered in parts (salutation, first, middle, last), keeping
 * the source's split between given and family name.
 *
 * ### Examples
 * ```ts
 * import { standardizeNameParts } from '@provider-data/core';
 *
 * standardizeNameParts({ salutation: 'Prof. Dr.', first: 'ANIL', last: 'SHARMA' }).value;
 * // { displayName: 'Anil Sharma', prefixes: ['Prof.', 'Dr.'], givenName: 'Anil', familyName: 'Sharma' }
 * ```
 */
export function standardizeNameParts(parts: {
  salutation?: unknown;
  first?: unknown;
  middle?: unknown;
  last?: unknown;
}): Standardized<PersonName | null> {
  const unmapped: string[] = [];
  if (parts === null || typeof parts !== 'object') {
    if (!isBlank(parts)) unmapped.push(describe(parts));
    return standardized(null, unmapped);
  }
  const text = (value: unknown): string => {
    if (typeof value === 'string') return cleanString(value) ?? '';
    if (!isBlank(value)) unmapped.push(describe(value));
    return '';
  };
  const prefixes: string[] = [];
  for (const token of text(parts.salutation)
    .replace(DOT_BEFORE_LETTER, '. ')
    .replace(/[()]/g, ' ')
    .split(' ')) {
    if (token === '') continue;
    const h = honorific(token);
    if (h === undefined) unmapped.push(token);
    else pushPrefix(prefixes, h);
  }
  const given = analyse(`${text(parts.first)} ${text(parts.middle)}`.trim(), unmapped);
  const family = analyse(text(parts.last), unmapped);
  for (const p of [...given.prefixes, ...family.prefixes]) pushPrefix(prefixes, p);
  const all = [...given.tokens, ...family.tokens];
  caseTokens(all);
  const name = build(all);
  if (name === null) return standardized(null, unmapped);
  if (given.tokens.length > 0 && family.tokens.length > 0) {
    return standardized(
      {
        displayName: name.displayName,
        prefixes,
        givenName: joined(given.tokens),
        familyName: joined(family.tokens),
      },
      unmapped,
    );
  }
  return standardized(withPrefixes(name, prefixes), unmapped);
}
