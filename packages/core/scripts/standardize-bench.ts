// Throughput of every standardizer together, one doctor record (and its
// practice) at a time, on one core. Run from the repository root:
//   npx tsx packages/core/scripts/standardize-bench.ts [records]
import {
  standardizeAddressLine,
  standardizeCity,
  standardizePincode,
  standardizeState,
} from '../src/standardize/addresses.js';
import { standardizeEmail } from '../src/standardize/email.js';
import { standardizeExperience } from '../src/standardize/experience.js';
import { standardizeFacilityType } from '../src/standardize/facility-type.js';
import { standardizeFee } from '../src/standardize/fees.js';
import { standardizeGender } from '../src/standardize/gender.js';
import { standardizeLanguages } from '../src/standardize/languages.js';
import { standardizeName } from '../src/standardize/names.js';
import { standardizePhone, standardizePhones } from '../src/standardize/phones.js';
import { standardizeQualifications } from '../src/standardize/qualifications.js';
import { standardizeRegistration } from '../src/standardize/registration.js';
import { standardizeSchedule } from '../src/standardize/schedules.js';
import { SPECIALTY_CASES } from '../src/standardize/specialties.cases.js';
import { standardizeSpecialties } from '../src/standardize/specialties.js';

const records = Number(process.argv[2] ?? 200_000);
const GIVEN = [
  'Ramesh',
  'Priya',
  'Anil',
  'Sunita',
  'Karthik',
  'Meena',
  'Vikram',
  'Lakshmi',
  'Arjun',
  'Kavya',
];
const FAMILY = ['Kumar', 'Sharma', 'Iyer', 'Menon', 'Reddy', "D'Souza", 'Gupta', 'Nair', 'Rao', 'Das'];
const NAME_STYLES = [
  (g: string, f: string, i: string) => `Dr. ${i}. ${g} ${f}`,
  (g: string, f: string, i: string) => `DR ${g.toUpperCase()} ${f.toUpperCase()} ${i}`,
  (g: string, f: string) => `Prof. Dr. (Col.) ${g} ${f} (Retd.)`,
  (g: string, f: string) => `dr.  ${g.toLowerCase()}   ${f.toLowerCase()}`,
];
const QUALIFICATIONS = [
  'MBBS, MD (General Medicine), DM (Cardiology), FACC',
  'M.B.B.S., M.S. (Ortho) - DNB',
  'MBBS; MS (Obs & Gynae); DNB',
  'MBBS / MD - Paediatrics',
];
const CITIES = [
  'Chennai',
  'Bangalore',
  'Gurgaon',
  'New_Delhi',
  'navi-mumbai',
  'Bombay',
  'Hyderabad',
  'Kumbakonam',
];
const SLOTS = [
  'Mon-Sat 09:00 AM - 01:00 PM',
  'Mon,Wed,Fri 10:00-14:00; Sat 09:00-12:00',
  'Tue & Thu 5:30 PM - 8 PM',
];
const pick = <T>(list: readonly T[], i: number): T => list[i % list.length]!;

const pullTime = new Date('2026-11-20T05:30:00Z');
let sink = 0;
const started = performance.now();
for (let i = 0; i < records; i++) {
  const name = pick(NAME_STYLES, i)(pick(GIVEN, i * 7), pick(FAMILY, i * 3), pick(['K', 'S', 'R'], i));
  sink += standardizeName(name).value?.displayName.length ?? 0;
  sink += standardizeGender(pick(['Male', 'F', 'M', ''], i)).value.length;
  sink += standardizeSpecialties(pick(SPECIALTY_CASES, i)[0]).value.length;
  sink += standardizeQualifications(pick(QUALIFICATIONS, i)).value.length;
  sink += standardizeExperience(pick(['22 Years', '22+ yrs', 'Over 15 years', 12], i), pullTime).value ?? 0;
  sink += standardizeLanguages(pick(['English, Tamil, Hindi', 'Hindi|English|Punjabi'], i)).value.length;
  // Mobiles are all distinct: no memo helps them.
  sink += standardizePhone(`+91 ${9_000_000_000 + ((i * 7919) % 999_999_999)}`).value?.length ?? 0;
  sink += standardizeEmail(`doctor${i}@Example.com`).value?.length ?? 0;
  sink += standardizeRegistration('DMC', `DMC/R/${10_000 + i}`).value?.number.length ?? 0;
  sink += standardizeFee(pick(['₹ 1,200', 'Rs. 800/-', 1200], i)).value ?? 0;
  sink += standardizeSchedule(pick(SLOTS, i)).value.length;
  // One practice per ten doctors.
  if (i % 10 === 0) {
    sink += standardizeCity(pick(CITIES, i)).value?.length ?? 0;
    sink += standardizeState(pick(['Tamil Nadu', 'TN', 'Karnataka'], i)).value?.length ?? 0;
    sink += standardizePincode(pick(['600 006', 600006, '560001'], i), 'Tamil Nadu').value?.length ?? 0;
    sink += standardizeAddressLine('21, Greams Lane,,\n Off Greams Road,').value?.length ?? 0;
    sink += standardizePhones(`044-2829 ${3000 + (i % 1000)} / 2829 4444`).value.length;
    sink += standardizeFacilityType(pick(['Hospital', 'Clinic', 'Spectra'], i)).value.length;
  }
}
const seconds = (performance.now() - started) / 1000;
console.log(
  `${records} doctor records in ${seconds.toFixed(2)} s: ${Math.round(records / seconds)} records/s (checksum ${sink})`,
);
