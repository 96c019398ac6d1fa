/**
 * The subset of FHIR R4 that this package writes: plain JSON shapes, so that
 * an export needs no FHIR library at run time. Element names and cardinality
 * are R4's (https://hl7.org/fhir/R4/); tests validate every resource against
 * the R4 definitions.
 */

/** R4 `Coding`. */
export interface Coding {
  system?: string;
  code?: string;
  display?: string;
}

/** R4 `CodeableConcept`. */
export interface CodeableConcept {
  coding?: Coding[];
  text?: string;
}

/** R4 `Reference`: `reference` is always `Type/id` of a resource of the same export. */
export interface Reference {
  reference?: string;
  display?: string;
}

/** R4 `Identifier`. */
export interface Identifier {
  use?: 'usual' | 'official' | 'temp' | 'secondary' | 'old';
  type?: CodeableConcept;
  system: string;
  value: string;
  assigner?: Reference;
}

/** R4 `ContactPoint`. */
export interface ContactPoint {
  system: 'phone' | 'email' | 'url';
  value: string;
  use?: 'work' | 'mobile';
}

/** R4 `HumanName`. */
export interface HumanName {
  use?: 'official' | 'usual';
  text?: string;
  family?: string;
  given?: string[];
  prefix?: string[];
}

/** R4 `Address`. */
export interface Address {
  use?: 'work';
  type?: 'physical';
  text?: string;
  line?: string[];
  city?: string;
  district?: string;
  state?: string;
  postalCode?: string;
  country?: string;
}

/** R4 `Extension`, with the one value type this package uses. */
export interface Extension {
  url: string;
  valueMoney?: { value: number; currency: string };
}

/** R4 `Practitioner`. */
export interface Practitioner {
  resourceType: 'Practitioner';
  id: string;
  identifier?: Identifier[];
  active: boolean;
  name?: HumanName[];
  telecom?: ContactPoint[];
  gender?: 'male' | 'female' | 'other' | 'unknown';
  qualification?: { code: CodeableConcept; issuer?: Reference }[];
  communication?: CodeableConcept[];
}

/** R4 `PractitionerRole.availableTime`. */
export interface AvailableTime {
  daysOfWeek?: ('mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun')[];
  allDay?: boolean;
  availableStartTime?: string;
  availableEndTime?: string;
}

/** R4 `PractitionerRole`. */
export interface PractitionerRole {
  resourceType: 'PractitionerRole';
  id: string;
  extension?: Extension[];
  identifier?: Identifier[];
  active: boolean;
  practitioner: Reference;
  organization: Reference;
  code?: CodeableConcept[];
  specialty?: CodeableConcept[];
  location: Reference[];
  availableTime?: AvailableTime[];
}

/** R4 `Organization`. */
export interface Organization {
  resourceType: 'Organization';
  id: string;
  identifier?: Identifier[];
  active: boolean;
  type?: CodeableConcept[];
  name: string;
  telecom?: ContactPoint[];
  address?: Address[];
  partOf?: Reference;
}

/** R4 `Location`. */
export interface Location {
  resourceType: 'Location';
  id: string;
  identifier?: Identifier[];
  status: 'active' | 'inactive';
  name: string;
  mode: 'instance';
  type?: CodeableConcept[];
  telecom?: ContactPoint[];
  address?: Address;
  position?: { latitude: number; longitude: number };
  managingOrganization: Reference;
}

/** R4 `CodeSystem`, as far as the specialty code system needs it. */
export interface CodeSystem {
  resourceType: 'CodeSystem';
  id: string;
  url: string;
  version: string;
  name: string;
  title: string;
  status: 'active';
  publisher: string;
  description: string;
  caseSensitive: boolean;
  content: 'complete';
  count: number;
  property: { code: string; description: string; type: 'string' }[];
  concept: {
    code: string;
    display: string;
    designation?: { value: string }[];
    property?: { code: string; valueString: string }[];
  }[];
}

/** Every resource an export writes. */
export type FhirResource = Practitioner | PractitionerRole | Organization | Location | CodeSystem;

/** The resource types of an export, in the order their files are listed and their bundle entries written. */
export const RESOURCE_TYPES = [
  'CodeSystem',
  'Organization',
  'Location',
  'Practitioner',
  'PractitionerRole',
] as const satisfies readonly FhirResource['resourceType'][];

/** One of {@link RESOURCE_TYPES}. */
export type ResourceType = (typeof RESOURCE_TYPES)[number];
