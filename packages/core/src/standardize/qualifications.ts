import type { Qualification } from '../model/common.js';
import { standardized, type Standardized } from './standardized.js';
import { BoundedCache, cleanString, describe, isBlank, memoized, trimWhere } from './text.js';

// Canonical degree spellings, keyed by upper case without dots or spaces.
const DEGREES = new Map<string, string>();
for (const degree of [
  // Undergraduate medical, dental and AYUSH degrees.
  'MBBS',
  'BDS',
  'BAMS',
  'BHMS',
  'BUMS',
  'BSMS',
  'BNYS',
  'BPT',
  'MPT',
  // Postgraduate degrees and diplomas (India).
  'MD',
  'MS',
  'DNB',
  'MDS',
  'DM',
  'MCh',
  'FNB',
  'DGO',
  'DCH',
  'DA',
  'DLO',
  'DOMS',
  'DO',
  'DPM',
  'DMRD',
  'DMRT',
  'DMRE',
  'DTCD',
  'DVD',
  'DDVL',
  'DCP',
  'DPH',
  'DIH',
  'DFM',
  'D.Ortho',
  'DNB',
  'MNAMS',
  'FAMS',
  'FICS',
  'FICP',
  'FIAP',
  'FICOG',
  'FIAGES',
  'FMAS',
  'FALS',
  'IDCCM',
  'FCCM',
  'FCPS',
  'MCPS',
  // Foreign memberships and fellowships.
  'MRCP',
  'FRCP',
  'MRCS',
  'FRCS',
  'MRCOG',
  'FRCOG',
  'MRCPCH',
  'FRCPCH',
  'MRCGP',
  'FRCR',
  'FRCA',
  'FRCPath',
  'FACC',
  'FACS',
  'FACP',
  'FACE',
  'FCCP',
  'FESC',
  'FSCAI',
  'FAAP',
  'EDIC',
  'ECFMG',
  'USMLE',
  'CCT',
  // Other academic degrees.
  'PhD',
  'MPH',
  'MSc',
  'BSc',
  'MHA',
  'MBA',
  'PGDHM',
  'Fellowship',
  'Diploma',
  'Certificate',
]) {
  DEGREES.set(degree.toUpperCase().replace(/\./g, ''), degree);
}
DEGREES.set('DORTHO', 'D.Ortho');
DEGREES.set('FELLOW', 'Fellowship');
DEGREES.set('POSTDOCTORALFELLOWSHIP', 'Fellowship');

// Word degrees are matched in any case; abbreviations only when written in
// capitals or with dots, so that `Ms`, `Da` or `Do` inside a subject stay words.
const WORD_DEGREES = new Set(['FELLOWSHIP', 'FELLOW', 'DIPLOMA', 'CERTIFICATE']);

/**
 * Degrees whose bracket names where they were earned, not a subject:
 * `MBBS (AIIMS)`, `MRCP (UK)`, `FRCS (Edin)`.
 */
const BRACKET_IS_INSTITUTION = new Set([
  'MBBS',
  'BDS',
  'BAMS',
  'BHMS',
  'BUMS',
  'BSMS',
  'MRCP',
  'FRCP',
  'MRCS',
  'FRCS',
  'MRCOG',
  'FRCOG',
  'MRCPCH',
  'FRCPCH',
  'MRCGP',
  'FRCR',
  'FRCA',
  'FACC',
  'FACS',
  'FACP',
  'FCCP',
  'FESC',
  'MNAMS',
]);

const INSTITUTION_HINT =
  /\b(?:college|university|univ|institute|inst|hospital|aiims|pgimer|pgi|jipmer|cmc|kem|afmc|mamc|lhmc|nimhans|sgpgi|bhu|amu|uk|usa|us|edin|edinburgh|glasgow|london|ireland|dublin|london|germany|australia|canada)\b/i;

const TOP_LEVEL_SEPARATORS = /[,;/|+\n]/;
const TOKEN = /\(([^()]*)\)?|[^\s()]+/g;
/** Dashes, dots and spaces around a fragment (`- MD`, `DNB -`): not part of it. */
const FRAGMENT_LEAD = /^[\s\-–.]$/u;
const FRAGMENT_TRAIL = /^[\s\-–]$/u;
const FILLER_BEFORE_SUBJECT = /^(?:[-–:]\s*|in\s+|of\s+)+/i;

/** Splits on `,` `;` `/` `|` outside brackets: `DNB (Obs/Gynae)` stays whole. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '(') depth++;
    else if (ch === ')') depth = Math.max(0, depth - 1);
    else if (depth === 0 && TOP_LEVEL_SEPARATORS.test(ch)) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

interface Token {
  text: string;
  bracketed: boolean;
}

/** The canonical degree that `count` word tokens at `i` spell (`M. Ch.`), or undefined. */
function degreeAt(tokens: Token[], i: number, count: number, strict: boolean): string | undefined {
  if (i + count > tokens.length) return undefined;
  let key = '';
  let dotted = false;
  for (let k = i; k < i + count; k++) {
    const t = tokens[k]!;
    if (t.bracketed) return undefined;
    if (t.text.includes('.')) dotted = true;
    key += t.text;
  }
  key = key.replace(/[.'’]/g, '').toUpperCase();
  const degree = DEGREES.get(key);
  if (degree === undefined) return undefined;
  if (strict && !WORD_DEGREES.has(key) && !dotted) {
    const written = tokens
      .slice(i, i + count)
      .map((t) => t.text)
      .join('');
    if (written !== key && written !== degree) return undefined;
  }
  return degree;
}

function matchDegree(
  tokens: Token[],
  i: number,
  strict: boolean,
): { degree: string; length: number } | undefined {
  for (let count = Math.min(4, tokens.length - i); count >= 1; count--) {
    const degree = degreeAt(tokens, i, count, strict);
    if (degree !== undefined) return { degree, length: count };
  }
  return undefined;
}

interface Draft {
  degree: string;
  subject: string[];
  brackets: string[];
}

function finish(draft: Draft): Qualification {
  let subject: string | null = cleanString(draft.subject.join(' ').replace(FILLER_BEFORE_SUBJECT, ''));
  let institution: string | null = null;
  if (subject !== null && /^from\s+/i.test(subject)) {
    institution = subject.replace(/^from\s+/i, '');
    subject = null;
  }
  let degree = draft.degree;
  for (const bracket of draft.brackets) {
    const text = cleanString(bracket);
    if (text === null) continue;
    // `Diploma in Child Health (DCH)`: the bracket is the degree's own abbreviation.
    const abbreviation = DEGREES.get(text.replace(/[.\s]/g, '').toUpperCase());
    if (abbreviation !== undefined && !WORD_DEGREES.has(abbreviation.toUpperCase())) {
      if (degree === 'Diploma' || degree === 'Fellowship') degree = abbreviation;
      continue;
    }
    const institutionLike =
      BRACKET_IS_INSTITUTION.has(degree.toUpperCase()) || subject !== null || INSTITUTION_HINT.test(text);
    if (institutionLike && institution === null) institution = text;
    else if (subject === null) subject = text;
    else if (institution === null) institution = text;
  }
  return { degree, subject, institution };
}

/** Parses one separator-free fragment: `MD (General Medicine) (AIIMS)`, `MBBS MD`, `MD - Medicine`. */
function parseFragment(fragment: string): { qualifications: Qualification[]; unmapped: boolean } {
  const tokens: Token[] = [];
  for (const m of fragment.matchAll(TOKEN)) {
    if (m[1] !== undefined) tokens.push({ text: m[1], bracketed: true });
    else if (m[0] !== '(') tokens.push({ text: m[0], bracketed: false });
  }
  const out: Qualification[] = [];
  let draft: Draft | undefined;
  let i = 0;
  while (i < tokens.length) {
    const token = tokens[i]!;
    const found = token.bracketed ? undefined : matchDegree(tokens, i, draft !== undefined);
    if (found !== undefined) {
      if (draft !== undefined) out.push(finish(draft));
      draft = { degree: found.degree, subject: [], brackets: [] };
      i += found.length;
      continue;
    }
    if (draft === undefined) return { qualifications: [], unmapped: true };
    if (token.bracketed) draft.brackets.push(token.text);
    else if (draft.brackets.length === 0) draft.subject.push(token.text);
    else draft.brackets.push(token.text); // words after a bracket: `MD (Medicine) AIIMS`
    i++;
  }
  if (draft !== undefined) out.push(finish(draft));
  return { qualifications: out, unmapped: false };
}

const FRAGMENT_CACHE = new BoundedCache<{ qualifications: Qualification[]; unmapped: boolean }>(4096);

const RESULT_CACHE = new BoundedCache<Standardized<Qualification[]>>(4096);

/**
 * Parses degree lists into `{ degree, subject, institution }` entries.
 *
 * Accepts a string separated by `,` `;` `/` or ` - `, or an array of strings.
 * Degree spellings are normalized (`M.B.B.S.` → `MBBS`, `M.Ch.` → `MCh`);
 * fragments that do not start with a known degree go to `unmapped` and are
 * not emitted.
 *
 * ### Examples
 * ```ts
 * import { standardizeQualifications } from '@provider-data/core';
 *
 * standardizeQualifications('M.B.B.S., MD (General Medicine) (AIIMS)').value;
 * // [{ degree: 'MBBS', subject: null, institution: null },
 * //  { degree: 'MD', subject: 'General Medicine', institution: 'AIIMS' }]
 * ```
 */
export function standardizeQualifications(raw: unknown): Standardized<Qualification[]> {
  return memoized(RESULT_CACHE, raw, standardizeQualificationsUncached, (list) =>
    list.map((q) => ({ degree: q.degree, subject: q.subject, institution: q.institution })),
  );
}

function standardizeQualificationsUncached(raw: unknown): Standardized<Qualification[]> {
  const value: Qualification[] = [];
  const unmapped: string[] = [];
  const seen = new Set<string>();
  const add = (text: string): void => {
    for (const part of splitTopLevel(text)) {
      const fragment = cleanString(trimWhere(part, FRAGMENT_LEAD, FRAGMENT_TRAIL));
      if (fragment === null) continue;
      let parsed = FRAGMENT_CACHE.get(fragment);
      if (parsed === undefined) {
        parsed = parseFragment(fragment);
        FRAGMENT_CACHE.set(fragment, parsed);
      }
      if (parsed.unmapped) unmapped.push(fragment);
      for (const q of parsed.qualifications) {
        const key = `${q.degree}\u0000${q.subject ?? ''}\u0000${q.institution ?? ''}`;
        if (seen.has(key)) continue;
        seen.add(key);
        value.push({ degree: q.degree, subject: q.subject, institution: q.institution });
      }
    }
  };
  if (typeof raw === 'string') {
    const text = cleanString(raw);
    if (text !== null) add(text);
  } else if (Array.isArray(raw)) {
    for (const item of raw) {
      if (typeof item === 'string') {
        const text = cleanString(item);
        if (text !== null) add(text);
      } else if (!isBlank(item)) unmapped.push(describe(item));
    }
  } else if (!isBlank(raw)) {
    unmapped.push(describe(raw));
  }
  return standardized(value, unmapped);
}
