import type { SeededRandom } from './seeded-random.js';

/**
 * Realistic Indian vocabularies and helpers for the test-data generators of
 * any health system plugin. Every helper takes a {@link SeededRandom} so that
 * a seed always yields the same data. Wordings are deliberately as messy as
 * real connector exports (see the pull-format specs); canonical codes are
 * those of `canonical-model.md`.
 */

/** A city as generators need it: display name, state, STD code, pincode prefix. */
export interface IndianCity {
  /** Current canonical name, e.g. `Bengaluru`. */
  name: string;
  /** Lower-case hyphenated current name, e.g. `navi-mumbai`. */
  slug: string;
  state: string;
  /** STD code without the trunk 0: `44` for Chennai; with the subscriber number it makes 10 digits. */
  stdCode: string;
  /** First three digits of the city's pincodes. */
  pinPrefix: string;
  /** A former name still seen in sources: `Madras`, `Gurgaon`. */
  oldName?: string;
}

const city = (
  name: string,
  state: string,
  stdCode: string,
  pinPrefix: string,
  oldName?: string,
): IndianCity => ({
  name,
  slug: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'),
  state,
  stdCode,
  pinPrefix,
  ...(oldName ? { oldName } : {}),
});

/**
 * Seventy-odd Indian cities, metros first (generators taking "the first N cities" get the big ones).
 *
 * ### Examples
 *
 * ```ts
 * import { INDIAN_CITIES } from '@provider-data/core/testing';
 *
 * const chennai = INDIAN_CITIES.find((c) => c.oldName === 'Madras');
 * ```
 */
export const INDIAN_CITIES: readonly IndianCity[] = [
  city('Chennai', 'Tamil Nadu', '44', '600', 'Madras'),
  city('Bengaluru', 'Karnataka', '80', '560', 'Bangalore'),
  city('Mumbai', 'Maharashtra', '22', '400', 'Bombay'),
  city('New Delhi', 'Delhi', '11', '110'),
  city('Hyderabad', 'Telangana', '40', '500'),
  city('Kolkata', 'West Bengal', '33', '700', 'Calcutta'),
  city('Gurugram', 'Haryana', '124', '122', 'Gurgaon'),
  city('Navi Mumbai', 'Maharashtra', '22', '400'),
  city('Noida', 'Uttar Pradesh', '120', '201'),
  city('Pune', 'Maharashtra', '20', '411', 'Poona'),
  city('Kochi', 'Kerala', '484', '682', 'Cochin'),
  city('Thiruvananthapuram', 'Kerala', '471', '695', 'Trivandrum'),
  city('Mysuru', 'Karnataka', '821', '570', 'Mysore'),
  city('Ahmedabad', 'Gujarat', '79', '380'),
  city('Jaipur', 'Rajasthan', '141', '302'),
  city('Lucknow', 'Uttar Pradesh', '522', '226'),
  city('Chandigarh', 'Chandigarh', '172', '160'),
  city('Bhubaneswar', 'Odisha', '674', '751'),
  city('Visakhapatnam', 'Andhra Pradesh', '891', '530'),
  city('Vijayawada', 'Andhra Pradesh', '866', '520'),
  city('Madurai', 'Tamil Nadu', '452', '625'),
  city('Coimbatore', 'Tamil Nadu', '422', '641'),
  city('Tiruchirappalli', 'Tamil Nadu', '431', '620', 'Trichy'),
  city('Salem', 'Tamil Nadu', '427', '636'),
  city('Tirunelveli', 'Tamil Nadu', '462', '627'),
  city('Vellore', 'Tamil Nadu', '416', '632'),
  city('Puducherry', 'Puducherry', '413', '605', 'Pondicherry'),
  city('Mangaluru', 'Karnataka', '824', '575', 'Mangalore'),
  city('Hubballi', 'Karnataka', '836', '580', 'Hubli'),
  city('Belagavi', 'Karnataka', '831', '590', 'Belgaum'),
  city('Kozhikode', 'Kerala', '495', '673', 'Calicut'),
  city('Thrissur', 'Kerala', '487', '680', 'Trichur'),
  city('Thane', 'Maharashtra', '22', '400'),
  city('Nagpur', 'Maharashtra', '712', '440'),
  city('Nashik', 'Maharashtra', '253', '422'),
  city('Kolhapur', 'Maharashtra', '231', '416'),
  city('Indore', 'Madhya Pradesh', '731', '452'),
  city('Bhopal', 'Madhya Pradesh', '755', '462'),
  city('Surat', 'Gujarat', '261', '395'),
  city('Vadodara', 'Gujarat', '265', '390', 'Baroda'),
  city('Rajkot', 'Gujarat', '281', '360'),
  city('Gandhinagar', 'Gujarat', '79', '382'),
  city('Ludhiana', 'Punjab', '161', '141'),
  city('Amritsar', 'Punjab', '183', '143'),
  city('Mohali', 'Punjab', '172', '160'),
  city('Dehradun', 'Uttarakhand', '135', '248'),
  city('Kanpur', 'Uttar Pradesh', '512', '208', 'Cawnpore'),
  city('Varanasi', 'Uttar Pradesh', '542', '221', 'Benares'),
  city('Prayagraj', 'Uttar Pradesh', '532', '211', 'Allahabad'),
  city('Agra', 'Uttar Pradesh', '562', '282'),
  city('Ghaziabad', 'Uttar Pradesh', '120', '201'),
  city('Faridabad', 'Haryana', '129', '121'),
  city('Patna', 'Bihar', '612', '800'),
  city('Ranchi', 'Jharkhand', '651', '834'),
  city('Guwahati', 'Assam', '361', '781', 'Gauhati'),
  city('Raipur', 'Chhattisgarh', '771', '492'),
  city('Bilaspur', 'Chhattisgarh', '7752', '495'),
  city('Jammu', 'Jammu and Kashmir', '191', '180'),
  city('Srinagar', 'Jammu and Kashmir', '194', '190'),
  city('Shimla', 'Himachal Pradesh', '177', '171', 'Simla'),
  city('Panaji', 'Goa', '832', '403', 'Panjim'),
  city('Nellore', 'Andhra Pradesh', '861', '524'),
  city('Tirupati', 'Andhra Pradesh', '877', '517'),
  city('Kakinada', 'Andhra Pradesh', '884', '533'),
  city('Warangal', 'Telangana', '870', '506'),
  city('Secunderabad', 'Telangana', '40', '500'),
  city('Howrah', 'West Bengal', '33', '711'),
  city('Durgapur', 'West Bengal', '343', '713'),
  city('Siliguri', 'West Bengal', '353', '734'),
  city('Jodhpur', 'Rajasthan', '291', '342'),
  city('Udaipur', 'Rajasthan', '294', '313'),
  city('Hosur', 'Tamil Nadu', '4344', '635'),
];

/** The region a name or language belongs to; generators mix them in every city, as real staff rosters do. */
export type IndianRegion = 'north' | 'south' | 'east' | 'west';

/** Given names by gender and region. */
export const GIVEN_NAMES = {
  male: {
    north: [
      'Anil',
      'Rajesh',
      'Sanjay',
      'Vikram',
      'Amit',
      'Rahul',
      'Arvind',
      'Naresh',
      'Harpreet',
      'Gurpreet',
      'Ashok',
      'Manoj',
      'Vivek',
      'Rohit',
      'Deepak',
      'Yash',
    ],
    south: [
      'Ramesh',
      'Suresh',
      'Karthik',
      'Srinivasan',
      'Venkatesh',
      'Arun',
      'Balaji',
      'Senthil',
      'Murali',
      'Prakash',
      'Ravi',
      'Ganesh',
      'Anand',
      'Raghavan',
      'Jayakumar',
      'Mohammed',
      'Thomas',
      'Joseph',
    ],
    east: ['Subrata', 'Debashis', 'Sourav', 'Arindam', 'Partha', 'Biswajit', 'Abhijit', 'Tapan', 'Pranab'],
    west: ['Nitin', 'Sachin', 'Mahesh', 'Chirag', 'Hemant', 'Parag', 'Kaustubh', 'Jignesh', 'Tushar'],
  },
  female: {
    north: [
      'Priya',
      'Neha',
      'Pooja',
      'Anjali',
      'Sunita',
      'Kavita',
      'Ritu',
      'Simran',
      'Nidhi',
      'Shalini',
      'Meenakshi',
    ],
    south: [
      'Lakshmi',
      'Kavitha',
      'Divya',
      'Revathi',
      'Deepa',
      'Sowmya',
      'Anitha',
      'Shanthi',
      'Padmini',
      'Mary',
      'Fathima',
      'Geetha',
      'Preethi',
    ],
    east: ['Sutapa', 'Moumita', 'Ananya', 'Rituparna', 'Sharmila', 'Debjani', 'Ishita'],
    west: ['Sneha', 'Madhuri', 'Aarti', 'Rupali', 'Hetal', 'Komal', 'Swati', 'Manisha'],
  },
} as const satisfies Record<'male' | 'female', Record<IndianRegion, readonly string[]>>;

/** Family names by region. South Indian doctors often have none and go by an initial instead. */
export const FAMILY_NAMES: Record<IndianRegion, readonly string[]> = {
  north: [
    'Sharma',
    'Gupta',
    'Verma',
    'Singh',
    'Kapoor',
    'Malhotra',
    'Agarwal',
    'Bansal',
    'Chopra',
    'Khanna',
    'Saxena',
    'Trehan',
    'Sethi',
  ],
  south: [
    'Kumar',
    'Reddy',
    'Nair',
    'Menon',
    'Pillai',
    'Iyer',
    'Rao',
    'Naidu',
    'Krishnan',
    'Subramanian',
    'Shetty',
    'Hegde',
    "D'Souza",
    'Varghese',
    'Chandran',
  ],
  east: ['Banerjee', 'Chatterjee', 'Mukherjee', 'Ghosh', 'Bose', 'Das', 'Sen', 'Mohanty', 'Patnaik', 'Dutta'],
  west: ['Patel', 'Shah', 'Desai', 'Joshi', 'Kulkarni', 'Deshpande', 'Mehta', 'Pawar', 'Gokhale', 'Bhatt'],
};

/** Honorific and rank styles found before names, from the plain to the baroque. */
export const HONORIFICS: readonly string[] = [
  'Dr.',
  'Dr.',
  'Dr.',
  'Dr',
  'DR',
  'Dr .',
  'Prof.',
  'Prof. Dr.',
  'Dr. (Col.)',
  'Dr. (Brig.)',
  'Dr. (Maj. Gen.)',
  'Prof. Dr. (Col.)',
  '',
];

/** How a source writes a full name. */
export type NameStyle = 'western' | 'initial-first' | 'initial-last' | 'upper' | 'honorific-rank';

/** A generated person: the parts a structured source (Fortis) needs and a messy full name (Apollo). */
export interface FakePersonName {
  gender: 'male' | 'female';
  salutation: string;
  first: string;
  middle: string | null;
  /** null for single-name doctors and initial-only South Indian names. */
  last: string | null;
  /** The South Indian initial, e.g. `K.`, when the style uses one. */
  initial: string | null;
  /** The name as a messy source writes it, e.g. `Dr. K. Ramesh Kumar`, `DR RAMESH KUMAR K`. */
  fullName: string;
}

const INITIALS = 'ABCDGKLMNPRSTV';
const STYLES: readonly NameStyle[] = [
  'western',
  'western',
  'western',
  'initial-first',
  'initial-last',
  'upper',
  'honorific-rank',
];
const REGIONS: readonly IndianRegion[] = ['north', 'south', 'south', 'east', 'west'];

/**
 * A realistic doctor's name in one of several source styles.
 *
 * ### Examples
 *
 * ```ts
 * import { createSeededRandom, fakePersonName } from '@provider-data/core/testing';
 *
 * const name = fakePersonName(createSeededRandom(7));
 * console.log(name.fullName); // e.g. "Dr. K. Ramesh Kumar"
 * ```
 */
export function fakePersonName(rng: SeededRandom, style: NameStyle = rng.pick(STYLES)): FakePersonName {
  const gender = rng.chance(0.6) ? 'male' : 'female';
  const region = style === 'initial-first' || style === 'initial-last' ? 'south' : rng.pick(REGIONS);
  const first = rng.pick(GIVEN_NAMES[gender][region]);
  const middle = rng.chance(0.15) ? rng.pick(GIVEN_NAMES.male[region]) : null;
  const family = rng.pick(FAMILY_NAMES[region]);
  const initial =
    style === 'initial-first' || style === 'initial-last' ? `${rng.pick([...INITIALS])}.` : null;
  let salutation =
    style === 'honorific-rank' ? rng.pick(HONORIFICS.slice(6, 12)) : rng.pick(HONORIFICS.slice(0, 5));
  const last = initial && rng.chance(0.5) ? null : family;
  const core = [first, middle, last].filter(Boolean).join(' ');
  let fullName: string;
  switch (style) {
    case 'initial-first':
      fullName = `${salutation} ${initial} ${core}`;
      break;
    case 'initial-last':
      fullName = `${salutation} ${core} ${initial?.replace('.', '')}`;
      break;
    case 'upper':
      salutation = 'DR';
      fullName = `DR ${core}`.toUpperCase();
      break;
    case 'honorific-rank':
      fullName = `${salutation} ${core}${rng.chance(0.5) ? ' (Retd.)' : ''}`;
      break;
    default:
      fullName = `${salutation} ${core}`;
  }
  return { gender, salutation, first, middle, last, initial, fullName: fullName.trim() };
}

/** A canonical specialty code with the names and practitioner nouns sources use for it. */
export interface SpecialtyVocab {
  code: string;
  names: readonly string[];
  /** How a doctor of it is called: `Cardiologist`. */
  nouns: readonly string[];
}

/** Wordings per canonical specialty code of canonical-model.md. */
export const SPECIALTIES: readonly SpecialtyVocab[] = [
  {
    code: 'general-medicine',
    names: ['General Medicine', 'Internal Medicine'],
    nouns: ['General Physician', 'Physician'],
  },
  {
    code: 'paediatrics',
    names: ['Paediatrics', 'Pediatrics'],
    nouns: ['Paediatrician', 'Pediatrician', 'Child Specialist'],
  },
  { code: 'neonatology', names: ['Neonatology'], nouns: ['Neonatologist'] },
  {
    code: 'pulmonology',
    names: ['Pulmonology', 'Respiratory Medicine'],
    nouns: ['Pulmonologist', 'Chest Physician'],
  },
  {
    code: 'dermatology',
    names: ['Dermatology', 'Dermatology & Cosmetology', 'DVL'],
    nouns: ['Dermatologist'],
  },
  { code: 'cardiology', names: ['Cardiology', 'Cardiac Sciences'], nouns: ['Cardiologist'] },
  {
    code: 'interventional-cardiology',
    names: ['Interventional Cardiology'],
    nouns: ['Interventional Cardiologist'],
  },
  {
    code: 'gastroenterology',
    names: ['Gastroenterology', 'Medical Gastroenterology'],
    nouns: ['Gastroenterologist'],
  },
  {
    code: 'surgical-gastroenterology',
    names: ['Surgical Gastroenterology', 'GI Surgery'],
    nouns: ['GI Surgeon'],
  },
  { code: 'hepatology', names: ['Hepatology'], nouns: ['Hepatologist'] },
  { code: 'nephrology', names: ['Nephrology'], nouns: ['Nephrologist'] },
  { code: 'psychiatry', names: ['Psychiatry'], nouns: ['Psychiatrist'] },
  { code: 'rheumatology', names: ['Rheumatology'], nouns: ['Rheumatologist'] },
  {
    code: 'endocrinology',
    names: ['Endocrinology', 'Diabetology', 'Endocrinology & Diabetology'],
    nouns: ['Endocrinologist', 'Diabetologist'],
  },
  { code: 'neurology', names: ['Neurology'], nouns: ['Neurologist'] },
  {
    code: 'anaesthesiology',
    names: ['Anaesthesiology', 'Anaesthesia', 'Anesthesiology'],
    nouns: ['Anaesthetist', 'Anaesthesiologist'],
  },
  {
    code: 'cardiothoracic-surgery',
    names: ['CTVS', 'Cardiothoracic and Vascular Surgery', 'Cardiac Surgery'],
    nouns: ['Cardiac Surgeon', 'Cardiothoracic Surgeon'],
  },
  {
    code: 'critical-care',
    names: ['Critical Care', 'Critical Care Medicine', 'Intensive Care'],
    nouns: ['Intensivist'],
  },
  {
    code: 'general-surgery',
    names: ['General Surgery', 'General & Laparoscopic Surgery'],
    nouns: ['General Surgeon', 'Laparoscopic Surgeon'],
  },
  {
    code: 'obstetrics-gynaecology',
    names: ['Obstetrics & Gynaecology', 'Obs & Gynae', 'OBG', 'Obstetrics and Gynecology'],
    nouns: ['Gynaecologist', 'Obstetrician', 'Gynecologist'],
  },
  {
    code: 'orthopaedics',
    names: ['Orthopaedics', 'Orthopedics', 'Ortho', 'Orthopaedics & Joint Replacement'],
    nouns: ['Orthopaedic Surgeon', 'Orthopedician'],
  },
  { code: 'ent', names: ['ENT', 'Otorhinolaryngology', 'E.N.T'], nouns: ['ENT Surgeon', 'ENT Specialist'] },
  { code: 'ophthalmology', names: ['Ophthalmology', 'Eye'], nouns: ['Ophthalmologist', 'Eye Specialist'] },
  { code: 'urology', names: ['Urology', 'Urology & Andrology'], nouns: ['Urologist'] },
  { code: 'neurosurgery', names: ['Neurosurgery', 'Brain and Spine'], nouns: ['Neurosurgeon'] },
  {
    code: 'plastic-surgery',
    names: ['Plastic Surgery', 'Plastic and Reconstructive Surgery'],
    nouns: ['Plastic Surgeon'],
  },
  { code: 'nuclear-medicine', names: ['Nuclear Medicine'], nouns: ['Nuclear Medicine Physician'] },
  {
    code: 'oncology',
    names: ['Oncology', 'Medical Oncology', 'Surgical Oncology', 'Radiation Oncology'],
    nouns: ['Oncologist'],
  },
  { code: 'family-medicine', names: ['Family Medicine'], nouns: ['Family Physician'] },
  { code: 'emergency-medicine', names: ['Emergency Medicine'], nouns: ['Emergency Physician'] },
  { code: 'radiology', names: ['Radiology', 'Radiodiagnosis'], nouns: ['Radiologist'] },
  { code: 'haematology', names: ['Clinical Haematology', 'Hematology'], nouns: ['Haematologist'] },
  { code: 'dentistry', names: ['Dentistry', 'Dental Surgery'], nouns: ['Dental Surgeon', 'Dentist'] },
];

/** Wordings that map to no canonical code (they stay raw and are counted as unmapped). */
export const UNMAPPED_SPECIALTY_WORDINGS: readonly string[] = [
  'Sleep Medicine',
  'Pain Management',
  'Sports Medicine',
  'Fetal Medicine',
  'Bariatric Surgery',
  'Vascular Access',
];

/** Rank wordings as written before a specialty, with the designation they mean. */
export const RANKS: ReadonlyArray<{ wording: string; designation: string }> = [
  { wording: 'Consultant', designation: 'Consultant' },
  { wording: 'Sr. Consultant', designation: 'Senior Consultant' },
  { wording: 'Senior Consultant', designation: 'Senior Consultant' },
  { wording: 'Associate Consultant', designation: 'Associate Consultant' },
  { wording: 'Junior Consultant', designation: 'Junior Consultant' },
  { wording: 'HOD', designation: 'Head of Department' },
  { wording: 'Director', designation: 'Director' },
];

/** A generated specialty wording with what it should standardize to. */
export interface FakeSpecialty {
  wording: string;
  /** The canonical code; null for an unmapped wording. */
  code: string | null;
  /** The designation its rank words mean, or null when it has none. */
  designation: string | null;
}

/**
 * A hospital-style specialty wording: `Consultant - Interventional Cardiology`, `Sr. Consultant
 * Cardiologist`, `Obs & Gynae`, `Paediatrician`. `unmappedRate` is the share of wordings with no code.
 *
 * ### Examples
 *
 * ```ts
 * import { createSeededRandom, fakeSpecialty } from '@provider-data/core/testing';
 *
 * const { wording, code } = fakeSpecialty(createSeededRandom(1));
 * ```
 */
export function fakeSpecialty(rng: SeededRandom, unmappedRate = 0): FakeSpecialty {
  if (rng.chance(unmappedRate))
    return { wording: rng.pick(UNMAPPED_SPECIALTY_WORDINGS), code: null, designation: null };
  const s = rng.pick(SPECIALTIES);
  const name = rng.pick(s.names);
  const noun = rng.pick(s.nouns);
  const rank = rng.pick(RANKS);
  switch (rng.int(0, 5)) {
    case 0:
      return { wording: name, code: s.code, designation: null };
    case 1:
      return { wording: noun, code: s.code, designation: null };
    case 2:
      return { wording: `${rank.wording} - ${name}`, code: s.code, designation: rank.designation };
    case 3:
      return { wording: `${rank.wording} ${noun}`, code: s.code, designation: rank.designation };
    case 4:
      return { wording: `${rank.wording}, ${name}`, code: s.code, designation: rank.designation };
    default:
      return { wording: `${name} Specialist`, code: s.code, designation: null };
  }
}

/** Postgraduate degrees by specialty subject; the rest get MD/MS in the subject. */
const SUPER_SPECIALTY: Record<string, string> = {
  cardiology: 'DM (Cardiology)',
  'interventional-cardiology': 'DM (Cardiology)',
  neurology: 'DM (Neurology)',
  nephrology: 'DM (Nephrology)',
  gastroenterology: 'DM (Gastroenterology)',
  endocrinology: 'DM (Endocrinology)',
  'cardiothoracic-surgery': 'MCh (CTVS)',
  neurosurgery: 'MCh (Neurosurgery)',
  urology: 'MCh (Urology)',
  'plastic-surgery': 'MCh (Plastic Surgery)',
  'surgical-gastroenterology': 'MCh (Surgical Gastroenterology)',
};
const SURGICAL = new Set([
  'general-surgery',
  'orthopaedics',
  'ent',
  'ophthalmology',
  'obstetrics-gynaecology',
]);
const FELLOWSHIPS = [
  'FACC',
  'FRCS (Edin)',
  'MRCP (UK)',
  'FICS',
  'FESC',
  'Fellowship in Joint Replacement',
  'FIAGES',
  'DNB',
];
const QUAL_SEPARATORS = [', ', ', ', '; ', ' / ', ' - ', ',  '];

/**
 * A qualification string as sources write it: `MBBS, MD (General Medicine), DM (Cardiology), FACC`,
 * with the separators of real exports (`,` `;` `/` ` - `).
 *
 * ### Examples
 *
 * ```ts
 * import { createSeededRandom, fakeQualifications } from '@provider-data/core/testing';
 *
 * const text = fakeQualifications(createSeededRandom(3), 'cardiology');
 * ```
 */
export function fakeQualifications(rng: SeededRandom, specialtyCode?: string | null): string {
  if (specialtyCode === 'dentistry') return rng.pick(['BDS', 'BDS, MDS', 'BDS, MDS (Orthodontics)']);
  const parts = ['MBBS'];
  const subject = SPECIALTIES.find((s) => s.code === specialtyCode)?.names[0] ?? 'General Medicine';
  if (specialtyCode && SURGICAL.has(specialtyCode)) parts.push(`MS (${subject})`);
  else if (rng.chance(0.85)) parts.push(rng.chance(0.2) ? `DNB (${subject})` : `MD (${subject})`);
  const superSpecialty = specialtyCode ? SUPER_SPECIALTY[specialtyCode] : undefined;
  if (superSpecialty && rng.chance(0.8)) parts.push(superSpecialty);
  if (rng.chance(0.3)) parts.push(rng.pick(FELLOWSHIPS));
  return parts.join(rng.pick(QUAL_SEPARATORS));
}

/** Language names as sources write them, and the ISO 639-1 code each means. */
export const LANGUAGES: Readonly<Record<string, string>> = {
  English: 'en',
  Hindi: 'hi',
  Tamil: 'ta',
  Telugu: 'te',
  Kannada: 'kn',
  Malayalam: 'ml',
  Marathi: 'mr',
  Bengali: 'bn',
  Gujarati: 'gu',
  Punjabi: 'pa',
  Odia: 'or',
  Urdu: 'ur',
  Assamese: 'as',
  Konkani: 'kok',
};

/** The main regional language of each state in {@link INDIAN_CITIES}. */
export const STATE_LANGUAGE: Readonly<Record<string, string>> = {
  'Tamil Nadu': 'Tamil',
  Karnataka: 'Kannada',
  Maharashtra: 'Marathi',
  Delhi: 'Hindi',
  Telangana: 'Telugu',
  'West Bengal': 'Bengali',
  Haryana: 'Hindi',
  'Uttar Pradesh': 'Hindi',
  Kerala: 'Malayalam',
  Gujarat: 'Gujarati',
  Rajasthan: 'Hindi',
  Chandigarh: 'Punjabi',
  Odisha: 'Odia',
  'Andhra Pradesh': 'Telugu',
  Puducherry: 'Tamil',
  'Madhya Pradesh': 'Hindi',
  Punjab: 'Punjabi',
  Uttarakhand: 'Hindi',
  Bihar: 'Hindi',
  Jharkhand: 'Hindi',
  Assam: 'Assamese',
  Chhattisgarh: 'Hindi',
  'Jammu and Kashmir': 'Urdu',
  'Himachal Pradesh': 'Hindi',
  Goa: 'Konkani',
};

/**
 * The languages a doctor in `city` speaks, as names: English, the state's language, sometimes Hindi or another.
 *
 * ### Examples
 *
 * ```ts
 * import { createSeededRandom, fakeLanguages, INDIAN_CITIES } from '@provider-data/core/testing';
 *
 * const spoken = fakeLanguages(createSeededRandom(5), INDIAN_CITIES[0]!).join(', '); // "English, Tamil"
 * ```
 */
export function fakeLanguages(rng: SeededRandom, city: IndianCity): string[] {
  const spoken = new Set(['English', STATE_LANGUAGE[city.state] ?? 'Hindi']);
  if (rng.chance(0.4)) spoken.add('Hindi');
  if (rng.chance(0.15)) spoken.add(rng.pick(Object.keys(LANGUAGES)));
  return [...spoken];
}

/** Localities of the largest cities; other cities draw from {@link GENERIC_LOCALITIES}. */
export const LOCALITIES: Readonly<Record<string, readonly string[]>> = {
  Chennai: [
    'Greams Road',
    'Vanagaram',
    'T. Nagar',
    'Adyar',
    'Anna Nagar',
    'Mylapore',
    'Velachery',
    'OMR',
    'Perungudi',
  ],
  Bengaluru: [
    'Jayanagar',
    'Bannerghatta Road',
    'Whitefield',
    'Koramangala',
    'Malleshwaram',
    'Indiranagar',
    'HSR Layout',
  ],
  Mumbai: ['Bandra West', 'Andheri East', 'Mulund', 'Tardeo', 'Malad', 'Colaba', 'Dadar'],
  'New Delhi': [
    'Sarita Vihar',
    'Saket',
    'Vasant Kunj',
    'Okhla',
    'Rajinder Nagar',
    'Karol Bagh',
    'Defence Colony',
  ],
  Hyderabad: ['Jubilee Hills', 'Banjara Hills', 'Gachibowli', 'Secunderabad', 'Kukatpally', 'Madhapur'],
  Kolkata: ['Salt Lake', 'EM Bypass', 'Park Street', 'Ballygunge', 'New Town', 'Alipore'],
  Gurugram: ['Sector 44', 'DLF Phase 2', 'Sohna Road', 'Golf Course Road', 'Sector 51'],
  Pune: ['Kothrud', 'Aundh', 'Hadapsar', 'Baner', 'Viman Nagar', 'Shivajinagar'],
  'Navi Mumbai': ['Vashi', 'Belapur', 'Nerul', 'Kharghar', 'Airoli'],
  Kochi: ['Edappally', 'Kaloor', 'Vyttila', 'Palarivattom'],
};

/** Locality names common to most Indian cities. */
export const GENERIC_LOCALITIES: readonly string[] = [
  'Civil Lines',
  'Gandhi Nagar',
  'Model Town',
  'Rajaji Nagar',
  'MG Road',
  'Station Road',
  'Sector 14',
  'Indira Nagar',
  'Nehru Nagar',
  'Shastri Nagar',
  'Old Town',
  'Cantonment',
];

/** Street names for address lines. */
export const STREET_NAMES: readonly string[] = [
  'Greams Lane',
  'Anna Salai',
  'MG Road',
  'Linking Road',
  'Sardar Patel Road',
  'Ring Road',
  'Hospital Road',
  'Mathura Road',
  '100 Feet Road',
  'Main Road',
  'Jawaharlal Nehru Marg',
  'Station Road',
  'Outer Ring Road',
  'Lal Bahadur Shastri Marg',
];

/** A generated address with the parts a source splits out. */
export interface FakeAddress {
  /** The street line, sometimes with a newline or doubled spaces as in real exports. */
  addressLine: string;
  locality: string;
  /** Six digits starting with the city's prefix. */
  pincode: string;
}

/**
 * An address in `city`; with `messy` it may hold a newline or doubled spaces.
 *
 * ### Examples
 *
 * ```ts
 * import { createSeededRandom, fakeAddress, INDIAN_CITIES } from '@provider-data/core/testing';
 *
 * const { addressLine, locality, pincode } = fakeAddress(createSeededRandom(2), INDIAN_CITIES[1]!);
 * ```
 */
export function fakeAddress(rng: SeededRandom, city: IndianCity, messy = false): FakeAddress {
  const locality = rng.pick(LOCALITIES[city.name] ?? GENERIC_LOCALITIES);
  const street = rng.pick(STREET_NAMES);
  const door = rng.chance(0.5) ? `No. ${rng.int(1, 250)}` : `${rng.int(1, 99)}/${rng.int(1, 20)}`;
  const sep = messy ? rng.pick([',\n', ',  ', ' ,', ', ']) : ', ';
  return { addressLine: `${door}${sep}${street}`, locality, pincode: fakePincode(rng, city) };
}

/** A six-digit pincode in `city`. */
export function fakePincode(rng: SeededRandom, city: IndianCity): string {
  return `${city.pinPrefix}${String(rng.int(1, 120)).padStart(3, '0')}`;
}

/** Brands and suffixes for hospital names of a made-up chain or independent hospital. */
export const HOSPITAL_BRANDS: readonly string[] = [
  'Sri Ramachandra',
  'Kauvery',
  'Sankara',
  'Lifeline',
  'Sunrise',
  'Medicity',
  'Global',
  'Lotus',
  'Sparsh',
  'Jeevan Jyoti',
  'Aarogya',
  'Shanti',
  'Sahyadri',
  'Care',
  'Vijaya',
  'Amrita',
];

/** The kind of site a hospital name describes, as canonical facility types. */
export type FakeFacilityKind = 'hospital' | 'clinic' | 'diagnostic_centre' | 'day_care';

const HOSPITAL_PATTERNS: ReadonlyArray<{
  kind: FakeFacilityKind;
  make: (brand: string, locality: string) => string;
}> = [
  { kind: 'hospital', make: (b, l) => `${b} Hospitals, ${l}` },
  { kind: 'hospital', make: (b) => `${b} Multispeciality Hospital` },
  { kind: 'hospital', make: (b, l) => `${b} Speciality Hospital - ${l}` },
  { kind: 'hospital', make: (b) => `${b} Institute of Medical Sciences` },
  { kind: 'clinic', make: (b, l) => `${b} Clinic, ${l}` },
  { kind: 'clinic', make: (b, l) => `${b} Sugar & Heart Clinic, ${l}` },
  { kind: 'diagnostic_centre', make: (b, l) => `${b} Diagnostic Centre, ${l}` },
  { kind: 'day_care', make: (b, l) => `${b} Day Surgery Centre, ${l}` },
];

/**
 * A hospital name for `brand` (a chain's name such as `Apollo`, or a random one) in `locality`.
 *
 * ### Examples
 *
 * ```ts
 * import { createSeededRandom, fakeHospitalName } from '@provider-data/core/testing';
 *
 * const { name, kind } = fakeHospitalName(createSeededRandom(4), 'Apollo', 'Greams Road');
 * ```
 */
export function fakeHospitalName(
  rng: SeededRandom,
  brand: string,
  locality: string,
): { name: string; kind: FakeFacilityKind } {
  const pattern = rng.chance(0.6) ? HOSPITAL_PATTERNS[0]! : rng.pick(HOSPITAL_PATTERNS);
  return { name: pattern.make(brand, locality), kind: pattern.kind };
}

/** How a source writes a phone number. */
export type PhoneStyle =
  | 'landline-dash' // 044-28293333
  | 'landline-spaced' // +91 44 2829 3333
  | 'landline-bracket' // (044) 2829 3333
  | 'landline-pair' // 04428293333 / 28290200
  | 'tollfree' // 1860-500-1066
  | 'mobile' // 98400 12345
  | 'mobile-intl' // +91-9840012345
  | 'mobile-zero'; // 09840012345

/** Every {@link PhoneStyle}, for `rng.pick`. */
export const PHONE_STYLES: readonly PhoneStyle[] = [
  'landline-dash',
  'landline-spaced',
  'landline-bracket',
  'landline-pair',
  'tollfree',
  'mobile',
  'mobile-intl',
  'mobile-zero',
];

const digits = (rng: SeededRandom, n: number, firstMin = 2): string => {
  let s = String(rng.int(firstMin, 9));
  while (s.length < n) s += String(rng.int(0, 9));
  return s;
};
const split = (s: string, at: number): string => `${s.slice(0, at)} ${s.slice(at)}`;

/**
 * A phone number of `city` in a messy source format: `044-28293333`, `+91 44 2829 3333`, `1860-500-1066`,
 * `04428293333 / 28290200`, `98400 12345`. Landline numbers have the STD code plus a subscriber number of
 * 10 digits in all, so they are valid Indian numbers.
 *
 * ### Examples
 *
 * ```ts
 * import { createSeededRandom, fakePhone, INDIAN_CITIES } from '@provider-data/core/testing';
 *
 * const rng = createSeededRandom(9);
 * const phone = fakePhone(rng, INDIAN_CITIES[0]!, 'landline-pair'); // "04428293333 / 28290200"
 * ```
 */
export function fakePhone(
  rng: SeededRandom,
  city: IndianCity,
  style: PhoneStyle = rng.pick(PHONE_STYLES),
): string {
  const std = city.stdCode;
  const subscriber = digits(rng, 10 - std.length);
  const mobile = digits(rng, 10, 6);
  switch (style) {
    case 'landline-dash':
      return `0${std}-${subscriber}`;
    case 'landline-spaced':
      return `+91 ${std} ${split(subscriber, Math.ceil(subscriber.length / 2))}`;
    case 'landline-bracket':
      return `(0${std}) ${split(subscriber, Math.ceil(subscriber.length / 2))}`;
    case 'landline-pair':
      return `0${std}${subscriber} / ${digits(rng, subscriber.length)}`;
    case 'tollfree':
      return `1860-${digits(rng, 3, 1)}-${digits(rng, 4, 0)}`;
    case 'mobile':
      return split(mobile, 5);
    case 'mobile-intl':
      return `+91-${mobile}`;
    default:
      return `0${mobile}`;
  }
}

/** Experience as written: `22 Years`, `22+ yrs`, `Over 15 years`, `5 Years 6 Months`, or `""`. */
export function fakeExperience(rng: SeededRandom, years: number = rng.int(1, 40)): string {
  switch (rng.int(0, 5)) {
    case 0:
      return `${years}+ yrs`;
    case 1:
      return `Over ${years} years`;
    case 2:
      return `${years} Years ${rng.int(1, 11)} Months`;
    case 3:
      return rng.chance(0.3) ? '' : `${years} years`;
    default:
      return `${years} Years`;
  }
}

/** A consultation fee as sources write it: `"₹ 1,200"`, `"1200"`, `1200`, `"Rs. 800/-"`, or null. */
export function fakeFee(rng: SeededRandom): string | number | null {
  const fee = rng.int(3, 25) * 100;
  const thousands =
    fee >= 1000 ? `${Math.floor(fee / 1000)},${String(fee % 1000).padStart(3, '0')}` : String(fee);
  switch (rng.int(0, 5)) {
    case 0:
      return `₹ ${thousands}`;
    case 1:
      return String(fee);
    case 2:
      return `Rs. ${fee}/-`;
    case 3:
      return rng.chance(0.5) ? null : fee;
    default:
      return fee;
  }
}

const DAY_SETS = ['Mon-Sat', 'Mon-Fri', 'Mon, Wed, Fri', 'Tue, Thu, Sat', 'Mon to Sat', 'Sat'];
const SESSIONS: ReadonlyArray<[string, string]> = [
  ['09:00 AM', '01:00 PM'],
  ['10:00 AM', '02:00 PM'],
  ['05:00 PM', '08:00 PM'],
  ['08:30 AM', '12:30 PM'],
  ['04:00 PM', '07:00 PM'],
];

/** OPD hours as written: `Mon-Sat 09:00 AM - 01:00 PM`, sometimes two sessions, or null. */
export function fakeSlots(rng: SeededRandom): string | null {
  if (rng.chance(0.1)) return null;
  const [start, end] = rng.pick(SESSIONS);
  const first = `${rng.pick(DAY_SETS)} ${start} - ${end}`;
  if (!rng.chance(0.25)) return first;
  const [s2, e2] = rng.pick(SESSIONS);
  return `${first}; ${rng.pick(DAY_SETS)} ${s2} - ${e2}`;
}

/** A medical registration as a state council issues it. */
export function fakeRegistration(rng: SeededRandom, city: IndianCity): { council: string; number: string } {
  const council = rng.chance(0.15) ? 'Medical Council of India' : `${city.state} Medical Council`;
  return { council, number: String(rng.int(10000, 199999)) };
}

/** An e-mail address for a person or hospital, sometimes in upper case as some exports have it. */
export function fakeEmail(rng: SeededRandom, localPart: string, domain = 'gmail.com'): string {
  const local = localPart
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.|\.$/g, '');
  const email = `${local}${rng.int(1, 99)}@${domain}`;
  return rng.chance(0.05) ? email.toUpperCase() : email;
}
