/** Rank wordings in a speciality text and the designation each means; the first match wins. */
const RANKS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(?:sr|senior)\b\.?\s*consultant\b/i, 'Senior Consultant'],
  [/\b(?:jr|junior)\b\.?\s*consultant\b/i, 'Junior Consultant'],
  [/\bassoc(?:iate|\.)?\s*consultant\b/i, 'Associate Consultant'],
  [/\bvisiting\s+consultant\b/i, 'Visiting Consultant'],
  [/\bchief\s+consultant\b/i, 'Chief Consultant'],
  [/\b(?:hod|h\.o\.d\.?|head\s+of\s+(?:the\s+)?department)\b/i, 'Head of Department'],
  [/\bassoc(?:iate|\.)?\s*director\b/i, 'Associate Director'],
  [/\bdirector\b/i, 'Director'],
  [/\bconsultant\b/i, 'Consultant'],
  [/\bregistrar\b/i, 'Registrar'],
];

/**
 * The designation a speciality wording states: `Sr. Consultant Cardiologist`
 * → `Senior Consultant`, `Consultant - Interventional Cardiology` →
 * `Consultant`, `HOD - Orthopaedics` → `Head of Department`; null when it
 * names no rank (`Paediatrician`).
 */
export function designationOf(wording: string): string | null {
  for (const [pattern, designation] of RANKS) if (pattern.test(wording)) return designation;
  return null;
}
