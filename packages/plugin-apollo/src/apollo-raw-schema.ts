import { optionalText, optionalTexts, requiredText as nonBlank } from '@provider-data/core/kit';
import { z } from 'zod';

/**
 * Zod schemas of Apollo's raw records, as the pull format (v1) documents
 * them. Objects are loose: unknown fields (schema 1.4 adds some) pass and
 * are kept. The transformer quarantines a record only for its required
 * fields (`hospitalId` and `name`; `doctorId` and `name`); a documented
 * optional field of another type is read for its meaning or dropped.
 */

/**
 * A hospital of a city file's `hospitals` array.
 *
 * ### Examples
 *
 * ```ts
 * import { ApolloHospital } from '@provider-data/plugin-apollo';
 *
 * const result = ApolloHospital.safeParse({ hospitalId: 'AH-CHN-001', name: 'Apollo Hospitals, Greams Road' });
 * if (result.success) console.log(result.data.hospitalId);
 * ```
 */
export const ApolloHospital = z.looseObject({
  hospitalId: nonBlank,
  name: nonBlank,
  ...optionalTexts('category', 'addressLine', 'area', 'city', 'state', 'email'),
  pincode: z.union([z.string(), z.number()]).nullish(),
  phones: z.array(z.string()).nullish(),
  location: z.object({ lat: z.number(), lng: z.number() }).nullish(),
  bedCount: z.number().nullish(),
  departments: z.array(z.string()).nullish(),
});
export type ApolloHospital = z.infer<typeof ApolloHospital>;

/** One `practiceLocations` entry of a doctor: where, for how much, when. */
export const ApolloPracticeLocation = z.looseObject({
  hospitalId: nonBlank,
  fee: z.union([z.string(), z.number()]).nullish(),
  slots: optionalText,
});
export type ApolloPracticeLocation = z.infer<typeof ApolloPracticeLocation>;

/**
 * A doctor of a city file's `doctors` array.
 *
 * ### Examples
 *
 * ```ts
 * import { ApolloDoctor } from '@provider-data/plugin-apollo';
 *
 * const doctor = ApolloDoctor.parse({ doctorId: 'AD-000123', name: 'Dr. K. Ramesh Kumar', practiceLocations: [] });
 * console.log(doctor.name);
 * ```
 */
export const ApolloDoctor = z.looseObject({
  doctorId: nonBlank,
  name: nonBlank,
  ...optionalTexts('gender', 'speciality', 'qualifications', 'experience', 'languages'),
  ...optionalTexts('mobile', 'profileUrl', 'updatedAt'),
  registration: z.looseObject({ council: z.string(), number: z.string() }).nullish(),
  practiceLocations: z.array(ApolloPracticeLocation).nullish(),
});
export type ApolloDoctor = z.infer<typeof ApolloDoctor>;

/** The `meta` object of a city file. Not a record; the reader skips it. */
export const ApolloCityMeta = z.looseObject(optionalTexts('city', 'state', 'generatedAt', 'schemaVersion'));
export type ApolloCityMeta = z.infer<typeof ApolloCityMeta>;
