import type { z } from 'zod';
import { QuarantineReason } from '../model/quarantine.js';
import type { RecordIssue } from '../transformer/transformer.js';
import { compileSchemaCheck } from './schema-check.js';

type Fields = Record<string, unknown>;

/** Options of {@link createRecordValidator}. */
export interface RecordValidatorOptions<S extends z.ZodObject> {
  /** The plugin's raw schema, a `z.looseObject` (unknown fields stay in `raw`). Its non-optional fields are the required ones. */
  schema: S;
  /** The record's name in messages and unusable-field notes: `doctor` gives `doctor.mobile`. */
  name: string;
  /** How messages call a record that is not an object. Default {@link RecordValidatorOptions.name}. */
  label?: string;
  entity: RecordIssue['entity'];
  /** The field holding the source id, named on the issue of a record that has one. */
  idField: string;
  /**
   * Readers of optional fields that came with the wrong type: the value to
   * use instead (`12` → `'12'`), or undefined to drop the field. A field
   * with no reader is dropped. Off: `repair: false` hands the record on as
   * read and leaves wrong types to the transformer.
   */
  readForMeaning?: Readonly<Record<string, (value: unknown) => unknown>>;
  /** Fields kept in `raw` only: dropping one is not counted as unusable. */
  rawOnly?: readonly string[];
  /** Read wrong-typed optional fields for their meaning or drop them (default), or keep the record as read. */
  repair?: boolean;
}

/** The outcome of {@link RecordValidator.validate}. */
export type Validated<T> = { ok: true; record: T; unusable: string[] } | { ok: false; issue: RecordIssue };

/** Checks raw records against a plugin's schema. */
export interface RecordValidator<T> {
  /** The record, typed, with the names of the optional fields it could not use; or why it is quarantined. */
  validate(value: unknown): Validated<T>;
  /** The required fields, in schema order. */
  readonly required: readonly string[];
}

/**
 * Validates raw records with the plugin's zod schema alone:
 *
 * - a value that is not an object: `not_an_object`;
 * - a required field (one the schema does not mark optional) absent or
 *   blank: `missing_field` (`doctor_code is required`); present but of the
 *   wrong type: `invalid_value`;
 * - an optional field of the wrong type is read for its meaning
 *   (`readForMeaning`) or dropped, and named in `unusable` as
 *   `<name>.<field>` (not for `rawOnly` fields); the record loads.
 *
 * Nearly every record is plainly right: a predicate compiled from the
 * schema ({@link compileSchemaCheck}) says so without zod's copy of the
 * object, and zod runs only for the rest.
 *
 * ### Examples
 * ```ts
 * import { z } from 'zod';
 * import { createRecordValidator, requiredText } from '@provider-data/core/kit';
 *
 * const Doctor = z.looseObject({ code: requiredText, name: requiredText, mobile: z.string().nullish() });
 * const doctors = createRecordValidator({ schema: Doctor, name: 'doctor', entity: 'practitioner', idField: 'code' });
 * const checked = doctors.validate({ code: 'D-1', name: 'Dr. A', mobile: 98450 });
 * if (checked.ok) console.log(checked.record.name, checked.unusable); // 'Dr. A' ['doctor.mobile']
 * ```
 */
export function createRecordValidator<S extends z.ZodObject>(
  options: RecordValidatorOptions<S>,
): RecordValidator<z.output<S>> {
  const { schema, name, entity, idField } = options;
  const label = options.label ?? name;
  const fits = compileSchemaCheck(schema);
  const required = Object.entries(schema.shape as Record<string, z.ZodType>)
    .filter(([, field]) => !field.safeParse(undefined).success)
    .map(([key]) => key);
  const rawOnly = new Set(options.rawOnly ?? []);
  const readers = options.readForMeaning ?? {};
  const repair = options.repair ?? true;
  type T = z.output<S>;

  return {
    required,
    validate(value: unknown): Validated<T> {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) {
        const message = `${label} is not an object`;
        return { ok: false, issue: { entity, reason: QuarantineReason.notAnObject, message } };
      }
      if (fits(value)) return { ok: true, record: value as T, unusable: [] };
      const fields = value as Fields;
      const rawId = fields[idField];
      const sourceId = typeof rawId === 'string' && rawId.trim() !== '' ? rawId.trim() : null;
      const first = schema.safeParse(value);
      if (first.success) return { ok: true, record: first.data, unusable: [] };
      const bad = new Set<string>();
      for (const issue of first.error.issues) bad.add(String(issue.path[0] ?? ''));
      for (const field of required) {
        if (!bad.has(field)) continue;
        const given = fields[field];
        const missing = isBlank(given);
        const message = missing
          ? `${field} is required`
          : `${field} must be a string, got ${typeName(given)}`;
        const reason = missing ? QuarantineReason.missingField : QuarantineReason.invalidValue;
        return { ok: false, issue: { entity, sourceId, reason, message } };
      }
      if (!repair) return { ok: true, record: value as T, unusable: [] };
      // Only optional fields are wrong: read them for their meaning, or drop them.
      const repaired: Fields = { ...fields };
      const unusable: string[] = [];
      for (const field of bad) {
        const read = readers[field]?.(fields[field]);
        if (read === undefined) {
          delete repaired[field];
          if (!rawOnly.has(field)) unusable.push(`${name}.${field}`);
        } else repaired[field] = read;
      }
      const second = schema.safeParse(repaired);
      // A reader above returned a value of the wrong type: a bug, not bad data.
      if (!second.success) throw new Error(`could not repair ${name}: ${second.error.issues[0]?.message}`);
      return { ok: true, record: second.data, unusable };
    },
  };
}

/** Absent, null, or a string of white space. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

function typeName(value: unknown): string {
  return Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value;
}
