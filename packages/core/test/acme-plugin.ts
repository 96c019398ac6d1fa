// A minimal health system used by core's own tests: one NDJSON file per city,
// each line a doctor with one hospital.
import { createInterface } from 'node:readline';
import { z } from 'zod';
import {
  defineHealthSystem,
  FileDataError,
  type Practice,
  type Practitioner,
  practiceId,
  practitionerId,
  providerId,
  pullPrefix,
  type Source,
  type Transformer,
  NOT_ENRICHED,
} from '../src/index.js';

export const AcmeLine = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  hospital: z.string().min(1),
});

export const acmeSource: Source = {
  async *listFiles({ pull, store }) {
    for await (const object of store.list(pullPrefix(pull), { bucket: pull.bucket })) {
      if (object.key.endsWith('.ndjson')) yield object;
    }
  },
  async *readFile(file, { pull, store }) {
    const body = await store.open(file.key, { bucket: pull.bucket });
    let line = 0;
    for await (const text of createInterface({ input: body, crlfDelay: Number.POSITIVE_INFINITY })) {
      line++;
      if (text.trim() === '') continue;
      if (text === '#truncated')
        throw new FileDataError('truncated_file', `${file.key} is cut off at line ${line}`);
      try {
        yield {
          kind: 'record',
          type: 'doctor',
          entity: 'practitioner',
          position: `line ${line}`,
          value: JSON.parse(text),
        };
      } catch {
        yield {
          kind: 'issue',
          type: 'doctor',
          entity: 'practitioner',
          position: `line ${line}`,
          reason: 'invalid_json',
          message: 'not JSON',
          text,
        };
      }
    }
  },
};

export const acmeTransformer: Transformer = {
  transform(record) {
    const value = record.value as { explode?: boolean };
    if (value?.explode) throw new Error('boom');
    const parsed = AcmeLine.safeParse(record.value);
    if (!parsed.success) {
      return {
        issues: [
          { entity: 'practitioner', reason: 'missing_field', message: parsed.error.issues[0]!.message },
        ],
      };
    }
    const { id, name, hospital } = parsed.data;
    const practitioner: Practitioner = {
      id: practitionerId('acme', id),
      healthSystem: 'acme',
      sourceId: id,
      displayName: name,
      prefixes: [],
      givenName: null,
      familyName: null,
      gender: 'unknown',
      specialties: [],
      specialtiesRaw: [],
      qualifications: [],
      languages: [],
      practiceStartYear: null,
      registrationCouncil: null,
      registrationNumber: null,
      phone: null,
      email: null,
      active: true,
      raw: record.value,
    };
    const practice: Practice = {
      id: practiceId('acme', hospital),
      healthSystem: 'acme',
      sourceId: hospital,
      name: `Acme ${hospital}`,
      facilityType: 'hospital',
      addressLine: null,
      locality: null,
      city: null,
      state: null,
      pincode: null,
      phones: [],
      email: null,
      latitude: null,
      longitude: null,
      geoSource: null,
      ...NOT_ENRICHED,
      active: true,
      raw: { hospital },
    };
    return {
      practitioners: [practitioner],
      practices: [practice],
      providers: [
        {
          id: providerId('acme', id, hospital),
          healthSystem: 'acme',
          practitionerId: practitioner.id,
          practiceId: practice.id,
          practitionerSourceId: id,
          practiceSourceId: hospital,
          designation: null,
          department: null,
          specialties: [],
          consultationFeeInr: null,
          schedule: [],
          active: true,
        },
      ],
    };
  },
};

export const acme = defineHealthSystem({
  key: 'acme',
  description: 'A test health system: NDJSON doctors with one hospital each',
  configSchema: z.object({}),
  create: () => ({ source: acmeSource, transformer: acmeTransformer }),
});

export const ACME_PREFIX = 'acme/datapulls/20261120T053000Z/by_city/';

export function acmeLines(count: number, start = 0): string {
  let out = '';
  for (let i = start; i < start + count; i++)
    out += `${JSON.stringify({ id: `D${i}`, name: `Doctor ${i}`, hospital: `H${i % 7}` })}\n`;
  return out;
}
