// Inputs for the plugins' transformers: a valid record with one field made long.
import type { RawRecord, TransformContext, Transformer } from '@provider-data/core';
import { testPull } from '@provider-data/core/testing';
import { createApolloTransformer } from '@provider-data/plugin-apollo';
import { SAMPLE_APOLLO_DOCTOR, SAMPLE_APOLLO_HOSPITAL } from '@provider-data/plugin-apollo/testing';
import { createFortisTransformer } from '@provider-data/plugin-fortis';
import { SAMPLE_FORTIS_DOCTOR, SAMPLE_FORTIS_FACILITY } from '@provider-data/plugin-fortis/testing';
import { joined, type LinearityCase, list, mobile, word } from './case.js';

function contextFor(healthSystem: 'apollo' | 'fortis', key: string): TransformContext {
  const pull = testPull({ healthSystem });
  return {
    pull,
    file: { key: `${healthSystem}/datapulls/${pull.pullTimestamp}/by_city/${key}`, size: 1 },
    pullTime: new Date(),
  };
}

function field(
  fn: string,
  transformer: Transformer,
  context: TransformContext,
  record: { type: string; value: Record<string, unknown> },
  shapes: Record<string, (n: number) => unknown>,
): LinearityCase[] {
  return Object.entries(shapes).map(([shape, build]) => ({
    fn,
    shape,
    make(n) {
      const [name] = shape.split(':');
      const raw: RawRecord = {
        kind: 'record',
        type: record.type,
        position: 'line 1',
        value: { ...record.value, [name!]: build(n) },
      };
      return () => transformer.transform(raw, context);
    },
  }));
}

const fortis = createFortisTransformer();
const apollo = createApolloTransformer();
const fortisDoctors = contextFor('fortis', 'gurgaon/doctors.ndjson');
const fortisFacilities = contextFor('fortis', 'gurgaon/facilities.ndjson');
const apolloCity = contextFor('apollo', 'Chennai.json');
const pipes = (n: number) => joined(n, '|', (i) => `Speciality ${word(i)}`);

export const TRANSFORMER_CASES: LinearityCase[] = [
  ...field(
    'fortis transform (doctor)',
    fortis,
    fortisDoctors,
    { type: 'doctor', value: SAMPLE_FORTIS_DOCTOR },
    {
      'specialties: distinct | items': pipes,
      'languages: distinct | items': (n) => joined(n, '|', word),
      'facility_codes: distinct | items': (n) => joined(n, '|', (i) => `FH-${i}`),
      'degrees: list of strings': (n) => list(n, (i) => `MD (${word(i)})`),
      'first_name: words': (n) => joined(n, ' ', word),
      'mobile: distinct , numbers': (n) => joined(n, ', ', mobile),
      'opd_schedule: slots ; items': (n) => joined(n, '; ', (i) => `Mon ${i % 12}:00-${(i % 12) + 1}:00 PM`),
      'status: run of spaces': (n) => `IN${' '.repeat(n)}ACTIVE`,
    },
  ),
  ...field(
    'fortis transform (facility)',
    fortis,
    fortisFacilities,
    { type: 'facility', value: SAMPLE_FORTIS_FACILITY },
    {
      'contact_numbers: distinct , numbers': (n) => joined(n, ', ', mobile),
      'geo: run of spaces': (n) => `28.44${' '.repeat(n)}x`,
      'address_1: words': (n) => joined(n, ' ', word),
      'facility_name: words': (n) => joined(n, ' ', word),
    },
  ),
  ...field(
    'apollo transform (doctor)',
    apollo,
    apolloCity,
    { type: 'doctor', value: SAMPLE_APOLLO_DOCTOR },
    {
      'name: words': (n) => joined(n, ' ', word),
      'qualifications: degrees , items': (n) => joined(n, ', ', (i) => `MD (${word(i)})`),
      'languages: , items': (n) => joined(n, ', ', word),
      'speciality: words': (n) => joined(n, ' ', word),
      'practiceLocations: list of entries': (n) => list(n, (i) => ({ hospitalId: `AH-${i}`, fee: '1200' })),
    },
  ),
  ...field(
    'apollo transform (hospital)',
    apollo,
    apolloCity,
    { type: 'hospital', value: SAMPLE_APOLLO_HOSPITAL },
    {
      'phones: list of numbers': (n) => list(n, mobile),
      'addressLine: parts ,': (n) => joined(n, ', ', word),
      'departments: list of strings': (n) => list(n, word),
    },
  ),
];
