import { practiceId, providerId } from '../model/ids.js';
import { NOT_ENRICHED, type Practice } from '../model/practice.js';
import type { Practitioner } from '../model/practitioner.js';
import type { Provider } from '../model/provider.js';
import { QuarantineReason } from '../model/quarantine.js';
import type { RawRecord } from '../source/source.js';
import type { Standardized } from '../standardize/standardized.js';
import type {
  RecordIssue,
  TransformContext,
  Transformer,
  TransformResult,
} from '../transformer/transformer.js';

/** Maps one record of a type; see {@link transformerByType}. */
export type RecordMapper = (value: unknown, context: TransformContext) => TransformResult;

/**
 * A {@link Transformer} that hands each record to the mapper of its `type`;
 * a record of any other type is quarantined as `invalid_record`.
 *
 * ### Examples
 * ```ts
 * import { transformerByType } from '@provider-data/core/kit';
 *
 * const transformer = transformerByType('acme', {
 *   doctor: () => ({ practitioners: [] }),
 *   hospital: () => ({ practices: [] }),
 * });
 * ```
 */
export function transformerByType(
  system: string,
  mappers: Readonly<Record<string, RecordMapper>>,
): Transformer {
  return {
    transform(record: RawRecord, context: TransformContext): TransformResult {
      const mapper = Object.hasOwn(mappers, record.type) ? mappers[record.type] : undefined;
      if (mapper) return mapper(record.value, context);
      const message = `unknown ${system} record type ${JSON.stringify(record.type)}`;
      return {
        issues: [
          { entity: record.entity ?? 'practitioner', reason: QuarantineReason.invalidRecord, message },
        ],
      };
    },
  };
}

/**
 * A cache of practice ids by (health system, source id): a pull has
 * thousands of practices and millions of affiliations, and a name-based
 * UUID costs a SHA-1. Bounded at 100,000 ids; a cache does not change what
 * the transformer returns.
 *
 * ### Examples
 * ```ts
 * import { createPracticeIds } from '@provider-data/core/kit';
 *
 * const practiceIdOf = createPracticeIds();
 * practiceIdOf('acme', 'H-1') === practiceIdOf('acme', 'H-1'); // true, one SHA-1
 * ```
 */
export function createPracticeIds(max = 100_000): (healthSystem: string, sourceId: string) => string {
  const ids = new Map<string, string>();
  return (healthSystem, sourceId) => {
    const key = `${healthSystem}\u001f${sourceId}`;
    let id = ids.get(key);
    if (id === undefined) {
      if (ids.size >= max) ids.clear();
      id = practiceId(healthSystem, sourceId);
      ids.set(key, id);
    }
    return id;
  };
}

/**
 * The optional fields of one record that were present but unusable, named
 * `<record>.<field>` (`doctor.mobile`), for the pull's summary: the one
 * place every plugin notes them.
 *
 * ### Examples
 * ```ts
 * import { standardizePhone } from '@provider-data/core';
 * import { UnusableFields } from '@provider-data/core/kit';
 *
 * const unusable = new UnusableFields('doctor');
 * const phone = unusable.take('mobile', standardizePhone('call the desk')); // null
 * unusable.fields; // ['doctor.mobile']
 * ```
 */
export class UnusableFields {
  readonly fields: string[];
  constructor(
    private readonly prefix: string,
    /** Names already noted (by the validator). */
    noted: readonly string[] = [],
  ) {
    this.fields = [...noted];
  }

  /** The value of a standardizer's result; an input that gave nothing usable is noted. */
  take<T>(field: string, result: Standardized<T>): T {
    const value = result.value;
    if (result.unmapped.length > 0 && (value === null || (Array.isArray(value) && value.length === 0))) {
      this.note(field);
    }
    return value;
  }

  note(field: string): void {
    this.fields.push(`${this.prefix}.${field}`);
  }
}

/** The fields of a practice a plugin maps; {@link newPractice} fills the rest. */
export type PracticeFields = Omit<
  Practice,
  'id' | 'geoSource' | 'active' | keyof typeof NOT_ENRICHED | 'latitude' | 'longitude'
> & { latitude?: number | null; longitude?: number | null };

/**
 * A practice as a new pull delivers it: its id from (health system, source
 * id), active, not enriched yet, `geoSource` `source` when the pull gave
 * coordinates.
 *
 * ### Examples
 * ```ts
 * import { newPractice } from '@provider-data/core/kit';
 *
 * const practice = newPractice({
 *   healthSystem: 'acme', sourceId: 'H-1', name: 'Acme Hospital', facilityType: 'hospital',
 *   addressLine: null, locality: null, city: 'Pune', state: 'Maharashtra', pincode: null,
 *   phones: [], email: null, raw: {},
 * });
 * practice.enrichmentStatus; // 'pending'
 * ```
 */
export function newPractice(fields: PracticeFields, id?: string): Practice {
  const latitude = fields.latitude ?? null;
  return {
    ...fields,
    id: id ?? practiceId(fields.healthSystem, fields.sourceId),
    latitude,
    longitude: latitude === null ? null : (fields.longitude ?? null),
    geoSource: latitude === null ? null : 'source',
    ...NOT_ENRICHED,
    active: true,
  };
}

/**
 * A coordinate pair when it is one: latitude within ±90, longitude within
 * ±180, and not (0, 0), which is an export's default rather than a place.
 *
 * ### Examples
 * ```ts
 * import { coordinates } from '@provider-data/core/kit';
 *
 * coordinates(28.442, 77.072); // { latitude: 28.442, longitude: 77.072 }
 * coordinates(0, 0); // null
 * ```
 */
export function coordinates(lat: number, lng: number): { latitude: number; longitude: number } | null {
  return Math.abs(lat) <= 90 && Math.abs(lng) <= 180 && !(lat === 0 && lng === 0)
    ? { latitude: lat, longitude: lng }
    : null;
}

/** What one affiliation says beyond who and where; see {@link providersOf}. */
export type ProviderFields = Pick<
  Provider,
  'designation' | 'department' | 'specialties' | 'consultationFeeInr' | 'schedule'
> & { active?: boolean };

/**
 * The providers of one practitioner, one per practice source id, each with
 * its id from (health system, practitioner, practice) and the practice id
 * that `practiceIdOf` gives (the sink resolves the practice at the end of
 * the pull). `fields` is shared, or given per practice (by id and index).
 *
 * ### Examples
 * ```ts
 * import type { Practitioner } from '@provider-data/core';
 * import { createPracticeIds, providersOf } from '@provider-data/core/kit';
 *
 * declare const practitioner: Practitioner;
 * const providers = providersOf(practitioner, ['H-1', 'H-2'], createPracticeIds(), {
 *   designation: 'Consultant', department: null, specialties: [], consultationFeeInr: 800, schedule: [],
 * });
 * ```
 */
export function providersOf(
  practitioner: Pick<Practitioner, 'id' | 'healthSystem' | 'sourceId'>,
  practiceSourceIds: readonly string[],
  practiceIdOf: (healthSystem: string, sourceId: string) => string,
  fields: ProviderFields | ((practiceSourceId: string, index: number) => ProviderFields),
): Provider[] {
  const { healthSystem, sourceId } = practitioner;
  return practiceSourceIds.map((practiceSourceId, index) => {
    const { active = true, ...rest } =
      typeof fields === 'function' ? fields(practiceSourceId, index) : fields;
    return {
      id: providerId(healthSystem, sourceId, practiceSourceId),
      healthSystem,
      practitionerId: practitioner.id,
      practiceId: practiceIdOf(healthSystem, practiceSourceId),
      practitionerSourceId: sourceId,
      practiceSourceId,
      ...rest,
      active,
    };
  });
}

/**
 * Separated text to its trimmed, non-empty parts, in order, without
 * repeats: `'Hindi| English|Hindi'` → `['Hindi', 'English']`. A set finds a
 * repeat in constant time (a list's `includes` made 140,000 distinct items
 * take 369 s).
 *
 * ### Examples
 * ```ts
 * import { splitList } from '@provider-data/core/kit';
 *
 * splitList('Cardiology|Interventional Cardiology|', '|'); // ['Cardiology', 'Interventional Cardiology']
 * ```
 */
export function splitList(text: string | null | undefined, separator: string | RegExp): string[] {
  if (!text) return [];
  const out = new Set<string>();
  for (const part of text.split(separator)) {
    const item = part.trim();
    if (item !== '') out.add(item);
  }
  return [...out];
}

/**
 * A {@link TransformResult} without its empty parts: no `issues: []`, no
 * `unusableFields: []`.
 *
 * ### Examples
 * ```ts
 * import { transformResult } from '@provider-data/core/kit';
 *
 * transformResult({ practices: [], issues: [], unusableFields: [] }); // { practices: [] }
 * ```
 */
export function transformResult(result: TransformResult): TransformResult {
  // Field by field: this runs once per record, and Object.entries would allocate per call.
  const out: TransformResult = {};
  if (result.practices) out.practices = result.practices;
  if (result.practitioners) out.practitioners = result.practitioners;
  if (result.providers) out.providers = result.providers;
  if (result.issues?.length) out.issues = result.issues;
  if (result.unmappedSpecialties?.length) out.unmappedSpecialties = result.unmappedSpecialties;
  if (result.unusableFields?.length) out.unusableFields = result.unusableFields;
  return out;
}

/** A quarantine issue for one record, as a result: `return quarantine('practice', 'invalid_value', '…', id)`. */
export function quarantine(
  entity: RecordIssue['entity'],
  reason: string,
  message: string,
  sourceId?: string | null,
): TransformResult {
  const issue: RecordIssue = { entity, reason, message };
  if (sourceId !== undefined) issue.sourceId = sourceId;
  return { issues: [issue] };
}
