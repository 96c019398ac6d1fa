import { standardized, type Standardized } from './standardized.js';
import { BoundedCache, cleanString, describe, isBlank, memoized } from './text.js';

/** A canonical specialty: its code, display name, Health Facility Registry code and the wordings that fold onto it. */
export interface SpecialtyDefinition {
  code: string;
  name: string;
  /** The HFR (India) specialty code, or null where HFR has none. */
  hfr: string | null;
  /** Source wordings that mean this specialty, besides its name. */
  synonyms: string[];
}

const def = (code: string, name: string, hfr: string | null, synonyms: string[]): SpecialtyDefinition => ({
  code,
  name,
  hfr,
  synonyms,
});

/**
 * The canonical specialties of the provider model, as tabled in the
 * canonical-model spec, with the wordings real pulls use for each.
 *
 * ### Examples
 * ```ts
 * import { SPECIALTIES } from '@provider-data/core';
 *
 * SPECIALTIES.find((s) => s.code === 'cardiology')?.hfr; // 'M-S6'
 * ```
 */
export const SPECIALTIES: readonly SpecialtyDefinition[] = Object.freeze([
  def('general-medicine', 'General / Internal Medicine', 'M-S1', [
    'General Physician',
    'Internal Medicine',
    'General Medicine',
    'Physician',
    'Consultant Physician',
    'Medicine and Diabetology',
    'Infectious Diseases',
  ]),
  def('paediatrics', 'Paediatrics', 'M-S2', [
    'Paediatrician',
    'Child Specialist',
    'Paediatric',
    'Paediatric Medicine',
    'Child Health',
    'Children',
  ]),
  def('neonatology', 'Neonatology', 'M-S3', ['Neonatologist', 'Neonatal', 'Newborn', 'NICU']),
  def('pulmonology', 'Pulmonology', 'M-S4', [
    'Chest Physician',
    'Respiratory Medicine',
    'Pulmonary Medicine',
    'Chest Medicine',
    'Chest',
    'Respiratory',
    'Pulmonary',
    'Chest Diseases',
    'TB and Chest',
    'Tuberculosis and Respiratory Diseases',
    'Interventional Pulmonology',
  ]),
  def('dermatology', 'Dermatology', 'M-S5', [
    'Skin',
    'DVL',
    'Cosmetology',
    'Dermatology Venereology and Leprosy',
    'Venereology',
    'Skin and VD',
    'Trichology',
    'Aesthetic Dermatology',
    'Cosmetic Dermatology',
  ]),
  def('cardiology', 'Cardiology', 'M-S6', [
    'Cardiologist',
    'Cardiac Sciences',
    'Cardiac',
    'Cardio',
    'Heart',
    'Electrophysiology',
    'Cardiac Electrophysiology',
    'Clinical Cardiology',
    'Non Invasive Cardiology',
    'Non-Invasive Cardiology',
    'Preventive Cardiology',
    'Heart Failure',
  ]),
  def('interventional-cardiology', 'Interventional Cardiology', 'M-S29', ['Interventional Cardiologist']),
  def('gastroenterology', 'Gastroenterology', 'M-S8', [
    'Medical Gastroenterology',
    'Gastro',
    'GI',
    'Gastrointestinal',
    'Gastroenterologist',
    'Digestive Diseases',
    'Endoscopy',
  ]),
  def('surgical-gastroenterology', 'Surgical Gastroenterology', null, [
    'GI Surgery',
    'GI Surgeon',
    'Gastro Surgery',
    'Gastrointestinal Surgery',
    'HPB Surgery',
    'Hepatobiliary Surgery',
    'Hepato Pancreato Biliary Surgery',
    'Liver Transplant',
    'Liver Transplantation',
    'Colorectal Surgery',
  ]),
  def('hepatology', 'Hepatology', 'M-S38', ['Hepatologist', 'Liver', 'Liver Diseases']),
  def('nephrology', 'Nephrology', 'M-S9', [
    'Nephrologist',
    'Kidney',
    'Renal',
    'Renal Sciences',
    'Kidney Diseases',
    'Kidney Transplant',
    'Dialysis',
  ]),
  def('psychiatry', 'Psychiatry', 'M-S11', [
    'Psychiatrist',
    'Mental Health',
    'Behavioural Sciences',
    'Behavioural Health',
  ]),
  def('geriatrics', 'Geriatrics', 'M-S12', ['Geriatric Medicine', 'Geriatrician', 'Elderly Care']),
  def('rheumatology', 'Rheumatology', 'M-S13', ['Rheumatologist', 'Clinical Immunology and Rheumatology']),
  def('endocrinology', 'Endocrinology', 'M-S14', [
    'Diabetology',
    'Diabetes',
    'Endocrinologist',
    'Diabetologist',
    'Diabetes and Endocrinology',
    'Endocrine',
    'Thyroid',
  ]),
  def('neurology', 'Neurology', 'M-S15', [
    'Neurologist',
    'Neurosciences',
    'Neuro Sciences',
    'Neuro',
    'Neuro Physician',
    'Neuromedicine',
    'Neuro Medicine',
  ]),
  def('anaesthesiology', 'Anaesthesiology', 'M-S16', [
    'Anaesthesia',
    'Anaesthetist',
    'Anaesthesiologist',
    'Cardiac Anaesthesia',
  ]),
  def('cardiothoracic-surgery', 'Cardiothoracic and Vascular Surgery', 'M-S17', [
    'CTVS',
    'Cardiac Surgery',
    'Cardiothoracic Surgery',
    'Cardio Thoracic Surgery',
    'Cardio Thoracic and Vascular Surgery',
    'Cardiovascular and Thoracic Surgery',
    'Cardiothoracic',
    'Heart Surgery',
    'Thoracic Surgery',
    'Vascular Surgery',
    'Endovascular Surgery',
    'CTS',
  ]),
  def('critical-care', 'Critical Care', 'M-S18', [
    'Intensive Care',
    'Critical Care Medicine',
    'Intensivist',
    'ICU',
    'Intensive Care Medicine',
  ]),
  def('general-surgery', 'General Surgery', 'M-S19', [
    'Laparoscopic Surgery',
    'General and Laparoscopic Surgery',
    'General Surgeon',
    'Laparoscopic Surgeon',
    'Laparoscopic',
    'Minimal Access Surgery',
    'Minimally Invasive Surgery',
    'Breast Surgery',
  ]),
  def('obstetrics-gynaecology', 'Obstetrics and Gynaecology', 'M-S20', [
    'Gynaecologist',
    'Obstetrician',
    'OBG',
    'Obs & Gynae',
    'Obs and Gyn',
    'OBGYN',
    'OB GYN',
    'O and G',
    'Gynaecology',
    'Obstetrics',
    'Gynae',
    'Gyn',
    'Obs',
    'OB',
    'Womens Health',
    'Infertility',
    'IVF',
    'Reproductive Medicine',
    'Fertility',
  ]),
  def('orthopaedics', 'Orthopaedics', 'M-S21', [
    'Ortho',
    'Joint Replacement',
    'Orthopaedic',
    'Orthopaedic Surgery',
    'Orthopaedician',
    'Orthopaedic Surgeon',
    'Arthroplasty',
    'Arthroscopy',
    'Orthopaedics and Traumatology',
  ]),
  def('paediatric-surgery', 'Paediatric Surgery', 'M-S22', ['Paediatric Surgeon']),
  def('ent', 'Otorhinolaryngology', 'M-S23', [
    'ENT',
    'ENT Surgeon',
    'Otolaryngology',
    'Ear Nose Throat',
    'Ear Nose and Throat',
    'Head and Neck Surgery',
    'Otology',
    'Rhinology',
  ]),
  def('ophthalmology', 'Ophthalmology', 'M-S24', [
    'Eye',
    'Ophthalmologist',
    'Eye Surgeon',
    'Eye Care',
    'Retina',
    'Vitreo Retina',
    'Cornea',
    'Cataract',
    'Glaucoma',
  ]),
  def('urology', 'Urology', 'M-S25', ['Andrology', 'Urologist', 'Uro', 'Andrologist']),
  def('neurosurgery', 'Neurosurgery', 'M-S26', [
    'Brain and Spine',
    'Neuro Surgery',
    'Neurosurgeon',
    'Neuro Surgeon',
  ]),
  def('plastic-surgery', 'Plastic and Reconstructive Surgery', 'M-S27', [
    'Plastic Surgery',
    'Plastic Surgeon',
    'Reconstructive Surgery',
    'Cosmetic Surgery',
    'Aesthetic Surgery',
    'Plastic Cosmetic and Reconstructive Surgery',
    'Burns',
  ]),
  def('nuclear-medicine', 'Nuclear Medicine', 'M-S31', []),
  def('oncology', 'Oncology', 'M-S33', [
    'Medical Oncology',
    'Surgical Oncology',
    'Radiation Oncology',
    'Oncologist',
    'Cancer',
    'Onco',
    'Onco Surgery',
    'Oncosurgery',
    'Radiotherapy',
    'Head and Neck Oncology',
    'Clinical Oncology',
  ]),
  def('family-medicine', 'Family Medicine', 'M-S35', [
    'Family Physician',
    'General Practice',
    'General Practitioner',
  ]),
  def('emergency-medicine', 'Emergency Medicine', 'M-S36', [
    'Emergency',
    'Accident and Emergency',
    'Casualty',
    'Emergency Physician',
  ]),
  def('radiology', 'Radiology', 'M-S37', [
    'Radiologist',
    'Radiodiagnosis',
    'Radio Diagnosis',
    'Imaging',
    'Interventional Radiology',
    'Diagnostic Radiology',
  ]),
  def('haematology', 'Clinical Haematology', null, [
    'Haematology',
    'Haematologist',
    'Bone Marrow Transplant',
    'BMT',
    'Blood Disorders',
  ]),
  def('dentistry', 'Dentistry', null, [
    'Dental Surgery',
    'Dental',
    'Dentist',
    'Dental Surgeon',
    'Orthodontics',
    'Orthodontist',
    'Endodontics',
    'Endodontist',
    'Periodontics',
    'Periodontist',
    'Prosthodontics',
    'Prosthodontist',
    'Pedodontics',
    'Oral and Maxillofacial Surgery',
    'Maxillofacial Surgery',
    'Oral Surgery',
    'Implantology',
    'Conservative Dentistry',
  ]),
]);

// Wordings that name two specialties at once.
const COMPOUND_WORDINGS: readonly [string, string[]][] = [
  ['Haemato Oncology', ['haematology', 'oncology']],
  ['Haematology Oncology', ['haematology', 'oncology']],
  ['Paediatric Cardiology', ['cardiology', 'paediatrics']],
  ['Paediatric Neurology', ['neurology', 'paediatrics']],
  ['Paediatric Oncology', ['oncology', 'paediatrics']],
];

/**
 * Sub-specialties sort before their parents, and the broad specialties last:
 * `['interventional-cardiology', 'cardiology']`. Otherwise source order.
 */
const SPECIFICITY: Readonly<Record<string, number>> = {
  'interventional-cardiology': 2,
  'surgical-gastroenterology': 2,
  hepatology: 2,
  neonatology: 2,
  'paediatric-surgery': 2,
  'critical-care': 2,
  'general-medicine': 0,
  'family-medicine': 0,
  'general-surgery': 0,
};

// Words that name a specialty only when nothing more specific is said:
// `Physician` alone is general medicine, `Cardiac Physician` is not.
const WEAK_WORDS = new Set(['physician', 'physicians']);

// Rank words: a fragment of nothing else (`Sr. Consultant, Cardiology`) is a
// designation, not an unmapped specialty, when another fragment names one.
const DESIGNATION_WORDS = new Set(
  'consultant sr senior junior jr associate assistant asst specialist hod head of department dept director chief visiting additional addl principal professor prof and unit'.split(
    ' ',
  ),
);

const MAX_PHRASE_WORDS = 6;

// Spelling folds, applied to each lower-case word.
const SPELLING: readonly [RegExp, string][] = [
  [/^pediatr/, 'paediatr'],
  [/^(ortho)ped/, '$1paed'],
  [/gynec/, 'gynaec'],
  [/^gyne$/, 'gynae'],
  [/^anesth/, 'anaesth'],
  [/^(o?)hemat/, 'haemat'],
  [/^esthetic/, 'aesthetic'],
  [/behavior/, 'behaviour'],
  [/ologists?$/, 'ology'],
  [/iatrists?$/, 'iatry'],
  [/^(?!phys|clin|diet|techn|beaut|mus)(\p{L}+)icians?$/u, '$1ics'],
  [/^surgeons?$/, 'surgery'],
  [/^oncosurgeons?$/, 'oncosurgery'],
  [/^neurosurgeons?$/, 'neurosurgery'],
  [/^women$/, 'womens'],
  [/^centers?$/, 'centre'],
];

function foldWord(word: string): string {
  let w = word;
  for (const [pattern, replacement] of SPELLING) w = w.replace(pattern, replacement);
  return w;
}

/** Lower-case, spelling-folded words: `Sr. Consultant - Paediatrician` → `sr consultant paediatrics`. */
function words(text: string): string[] {
  const out: string[] = [];
  const pieces = text
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u);
  // `E.N.T.` and `O & G` arrive as single letters: rejoin runs of them.
  let letters = '';
  for (const piece of pieces) {
    if (piece === '') continue;
    if (piece.length === 1 && /\p{L}/u.test(piece)) {
      letters += piece;
      continue;
    }
    if (letters !== '') out.push(foldWord(letters));
    letters = '';
    out.push(foldWord(piece));
  }
  if (letters !== '') out.push(foldWord(letters));
  return out;
}

const PHRASES = new Map<string, readonly string[]>();
const NAMES = new Map<string, string>();
for (const s of SPECIALTIES) {
  NAMES.set(s.code, s.name);
  for (const wording of [s.name, s.code, ...s.synonyms]) {
    const key = words(wording).join(' ');
    if (key !== '' && !PHRASES.has(key)) PHRASES.set(key, [s.code]);
  }
}
for (const [wording, codes] of COMPOUND_WORDINGS) PHRASES.set(words(wording).join(' '), codes);
// The `O and G` spelling survives rejoining single letters only as `o and g`.
PHRASES.set('o and g', ['obstetrics-gynaecology']);

/** The codes named in one wording, or an empty list. */
function codesOf(fragment: string): readonly string[] {
  const w = words(fragment);
  const found: string[] = [];
  let weak: readonly string[] = [];
  let i = 0;
  while (i < w.length) {
    let matched = 0;
    for (let n = Math.min(MAX_PHRASE_WORDS, w.length - i); n >= 1; n--) {
      const codes = PHRASES.get(n === 1 ? w[i]! : w.slice(i, i + n).join(' '));
      if (codes === undefined) continue;
      if (n === 1 && WEAK_WORDS.has(w[i]!)) weak = codes;
      else for (const code of codes) if (!found.includes(code)) found.push(code);
      matched = n;
      break;
    }
    i += matched === 0 ? 1 : matched;
  }
  return found.length === 0 ? weak : found;
}

const FRAGMENT_CACHE = new BoundedCache<readonly string[]>(4096);
const FRAGMENT_SEPARATORS = /[|,;\n]+/;

const RESULT_CACHE = new BoundedCache<Standardized<string[]>>(4096);

/**
 * Maps free-text specialty wordings to canonical codes, most specific first.
 *
 * Accepts a string (several specialties separated by `|`, `,` or `;`) or an
 * array of strings. Designations (`Sr. Consultant`, `HOD`) are ignored,
 * spellings folded (`Pediatrician` → `paediatrics`), and wordings that name
 * no specialty are returned in `unmapped`.
 *
 * ### Examples
 * ```ts
 * import { standardizeSpecialties } from '@provider-data/core';
 *
 * standardizeSpecialties('Cardiology|Interventional Cardiology').value;
 * // ['interventional-cardiology', 'cardiology']
 * standardizeSpecialties('Sr. Consultant Paediatrician').value; // ['paediatrics']
 * ```
 */
export function standardizeSpecialties(raw: unknown): Standardized<string[]> {
  return memoized(RESULT_CACHE, raw, standardizeSpecialtiesUncached, (codes) => codes.slice());
}

function standardizeSpecialtiesUncached(raw: unknown): Standardized<string[]> {
  const unmapped: string[] = [];
  const codes: string[] = [];
  const designations: string[] = [];
  const add = (text: string): void => {
    for (const fragment of text.split(FRAGMENT_SEPARATORS)) {
      const cleaned = cleanString(fragment);
      if (cleaned === null) continue;
      let found = FRAGMENT_CACHE.get(cleaned);
      if (found === undefined) {
        found = codesOf(cleaned);
        FRAGMENT_CACHE.set(cleaned, found);
      }
      if (found.length === 0) {
        if (words(cleaned).every((w) => DESIGNATION_WORDS.has(w))) designations.push(cleaned);
        else unmapped.push(cleaned);
      }
      for (const code of found) if (!codes.includes(code)) codes.push(code);
    }
  };
  if (typeof raw === 'string') {
    const cleaned = cleanString(raw);
    if (cleaned !== null) add(cleaned);
  } else if (Array.isArray(raw)) {
    for (const item of raw) {
      if (typeof item === 'string') {
        const cleaned = cleanString(item);
        if (cleaned !== null) add(cleaned);
      } else if (!isBlank(item)) unmapped.push(describe(item));
    }
  } else if (!isBlank(raw)) {
    unmapped.push(describe(raw));
  }
  if (codes.length === 0) unmapped.push(...designations);
  // Stable sort: source order within one level of specificity.
  const ranked = codes.map((code, index) => ({ code, index, rank: SPECIFICITY[code] ?? 1 }));
  ranked.sort((a, b) => b.rank - a.rank || a.index - b.index);
  return standardized(
    ranked.map((r) => r.code),
    unmapped,
  );
}

/**
 * The display name of a canonical specialty code, or undefined for an unknown code.
 *
 * ### Examples
 * ```ts
 * import { specialtyName } from '@provider-data/core';
 *
 * specialtyName('ent'); // 'Otorhinolaryngology'
 * ```
 */
export function specialtyName(code: string): string | undefined {
  return NAMES.get(code);
}
