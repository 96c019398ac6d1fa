import { z } from 'zod';

/**
 * A required text field of a raw schema: a string with something besides
 * white space. {@link createRecordValidator} calls a blank or absent one
 * `missing_field`, another type `invalid_value`.
 *
 * ### Examples
 * ```ts
 * import { z } from 'zod';
 * import { optionalText, requiredText } from '@provider-data/core/kit';
 *
 * const Doctor = z.looseObject({ code: requiredText, mobile: optionalText });
 * ```
 */
export const requiredText = z.string().regex(/\S/, 'must not be blank');

/** An optional text field of a raw schema: absent, null, or a string. */
export const optionalText = z.string().nullish();

/**
 * Optional text fields by name, to spread into a raw schema:
 * `z.looseObject({ id: requiredText, ...optionalTexts('city', 'state') })`.
 *
 * ### Examples
 * ```ts
 * import { z } from 'zod';
 * import { optionalTexts, requiredText } from '@provider-data/core/kit';
 *
 * const Hospital = z.looseObject({ id: requiredText, ...optionalTexts('city', 'state', 'email') });
 * Hospital.parse({ id: 'H-1', city: null }).city; // null
 * ```
 */
export function optionalTexts<Name extends string>(...names: Name[]): Record<Name, typeof optionalText> {
  return Object.fromEntries(names.map((name) => [name, optionalText])) as Record<Name, typeof optionalText>;
}
