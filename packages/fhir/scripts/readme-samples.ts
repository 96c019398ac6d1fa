/** One resource of each type from an export, as the README shows them. */
import type { FhirResource } from '../src/index.js';

function pick(
  list: FhirResource[] | undefined,
  wanted: (r: Record<string, unknown>) => boolean,
): FhirResource | undefined {
  return list?.find((r) => wanted(r as unknown as Record<string, unknown>)) ?? list?.[0];
}

/** Markdown: a JSON block per resource type, the richest example of each (a Location with a position, a Practitioner with qualifications, …). */
export function renderSamples(byType: Record<string, FhirResource[]>): string {
  const samples: [string, FhirResource | undefined][] = [
    [
      'Practitioner',
      pick(
        byType.Practitioner,
        (r) =>
          !!r.qualification && !!r.communication && !!r.telecom && (r.identifier as unknown[]).length > 1,
      ),
    ],
    [
      'PractitionerRole',
      pick(byType.PractitionerRole, (r) => !!r.extension && !!r.availableTime && !!r.specialty),
    ],
    ['Location', pick(byType.Location, (r) => !!r.position && !!r.telecom)],
    ['Organization', pick(byType.Organization, (r) => !!r.partOf && !!r.address)],
  ];
  const blocks = samples.map(
    ([type, resource]) => `${type}:\n\n\`\`\`json\n${JSON.stringify(resource, null, 2)}\n\`\`\`\n`,
  );
  const codeSystem = byType.CodeSystem?.[0] as (FhirResource & { concept: unknown[] }) | undefined;
  if (codeSystem) {
    const shown = { ...codeSystem, concept: codeSystem.concept.slice(0, 3) };
    blocks.push(
      `CodeSystem (the first 3 of its ${codeSystem.concept.length} concepts shown):\n\n\`\`\`json\n${JSON.stringify(shown, null, 2)}\n\`\`\`\n`,
    );
  }
  return `${blocks.join('\n')}`;
}
