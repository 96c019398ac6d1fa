export {
  type FortisPullTarget,
  type GeneratedFortisPull,
  type GenerateFortisPullOptions,
  generateFortisPull,
} from './generate-fortis-pull.js';
export {
  facilityCode,
  fakeFortisFacility,
  fakeFortisPerson,
  fakeFortisRegistration,
  fakeFortisSchedule,
  FORTIS_DESIGNATIONS,
  type FortisCity,
  type FortisPerson,
  fortisCities,
  fortisDepartment,
} from './fortis-vocabulary.js';
export { SAMPLE_FORTIS_DOCTOR, SAMPLE_FORTIS_FACILITY } from './sample-lines.js';
