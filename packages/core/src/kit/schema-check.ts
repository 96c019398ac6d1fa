import type { z } from 'zod';

/** A predicate that answers as `schema.safeParse(value).success` would. */
export type SchemaCheck = (value: unknown) => boolean;

interface Def {
  type: string;
  checks?: Array<{ _zod: { def: { check: string; format?: string; pattern?: RegExp; minimum?: number } } }>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  options?: z.ZodType[];
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  values?: unknown[];
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * Compiles a zod schema into a plain predicate with the same answer as
 * `schema.safeParse(value).success`, for the constructs raw-record schemas
 * use (strings with regex or length checks, finite numbers, booleans,
 * optional, nullable, arrays, loose objects, unions, literals, enums). Any
 * other part (a refinement, a transform, a strict object) is checked by zod
 * itself, so the answer is always zod's. Derived from the schema alone:
 * there is no second copy of a record's shape to keep in step.
 *
 * Measured on Apollo doctors: about 20 times faster than `safeParse`, which
 * also copies the object.
 *
 * ### Examples
 * ```ts
 * import { z } from 'zod';
 * import { compileSchemaCheck } from '@provider-data/core/kit';
 *
 * const isDoctor = compileSchemaCheck(z.looseObject({ id: z.string().regex(/\S/), fee: z.number().nullish() }));
 * isDoctor({ id: 'D-1', fee: 500 }); // true
 * isDoctor({ id: ' ' }); // false
 * ```
 */
export function compileSchemaCheck(schema: z.ZodType): SchemaCheck {
  return compile(schema) ?? ((value) => schema.safeParse(value).success);
}

/** The predicate of `schema`, or null when a part of it must be left to zod. */
function compile(schema: z.ZodType): SchemaCheck | null {
  const def = defOf(schema);
  switch (def.type) {
    case 'string':
      return stringCheck(def);
    case 'number':
      return def.checks?.length ? null : (v) => typeof v === 'number' && Number.isFinite(v);
    case 'boolean':
      return (v) => typeof v === 'boolean';
    case 'null':
      return (v) => v === null;
    case 'unknown':
    case 'any':
      return () => true;
    case 'optional': {
      const inner = compileSchemaCheck(def.innerType!);
      return (v) => v === undefined || inner(v);
    }
    case 'nullable': {
      const inner = compileSchemaCheck(def.innerType!);
      return (v) => v === null || inner(v);
    }
    case 'array': {
      if (def.checks?.length) return null;
      const element = compileSchemaCheck(def.element!);
      return (v) => Array.isArray(v) && v.every(element);
    }
    case 'union': {
      const options = def.options!.map(compileSchemaCheck);
      return (v) => options.some((option) => option(v));
    }
    case 'literal':
    case 'enum': {
      const values = new Set(def.values ?? Object.values((def as { entries?: object }).entries ?? {}));
      return (v) => values.has(v);
    }
    case 'object':
      return objectCheck(def);
    default:
      return null;
  }
}

function stringCheck(def: Def): SchemaCheck | null {
  const patterns: RegExp[] = [];
  let min = 0;
  for (const check of def.checks ?? []) {
    const d = check._zod.def;
    if (d.check === 'string_format' && d.format === 'regex' && d.pattern) patterns.push(d.pattern);
    else if (d.check === 'min_length' && typeof d.minimum === 'number') min = d.minimum;
    else return null;
  }
  return (v) => {
    if (typeof v !== 'string' || v.length < min) return false;
    for (const pattern of patterns) {
      pattern.lastIndex = 0;
      if (!pattern.test(v)) return false;
    }
    return true;
  };
}

function objectCheck(def: Def): SchemaCheck | null {
  // Only loose objects: a strict one rejects unknown keys, an object with a catchall checks them.
  if (!def.catchall || defOf(def.catchall).type !== 'unknown') return null;
  const fields = Object.entries(def.shape ?? {}).map(
    ([key, field]) => [key, compileSchemaCheck(field)] as const,
  );
  return (v) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
    for (const [key, check] of fields) if (!check((v as Record<string, unknown>)[key])) return false;
    return true;
  };
}
