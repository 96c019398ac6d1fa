// Share of the specialty test wordings that map to a canonical code, and the
// ones that do not. Run from the repository root:
//   npx tsx packages/core/scripts/specialty-coverage.ts
import { SPECIALTY_CASES } from '../src/standardize/specialties.cases.js';
import { standardizeSpecialties } from '../src/standardize/specialties.js';

const unmapped: string[] = [];
const disagreements: string[] = [];
for (const [wording, expected] of SPECIALTY_CASES) {
  const { value } = standardizeSpecialties(wording);
  if (value.length === 0) unmapped.push(wording);
  if (value.join(',') !== expected.join(',')) {
    disagreements.push(`${wording}: got [${value.join(', ')}], expected [${expected.join(', ')}]`);
  }
}

const total = SPECIALTY_CASES.length;
const mapped = total - unmapped.length;
console.log(
  `specialty wordings mapped to a code: ${mapped}/${total} (${((100 * mapped) / total).toFixed(1)}%)`,
);
console.log(`unmapped (${unmapped.length}):`);
for (const wording of unmapped) console.log(`  - ${wording}`);
if (disagreements.length > 0) {
  console.log(`differing from the expected codes (${disagreements.length}):`);
  for (const line of disagreements) console.log(`  - ${line}`);
  process.exitCode = 1;
}
