import path from 'node:path';
import { z } from 'zod';
import { defineCommand, runtimeOptionsOf } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { DATABASE_OPTIONS, DatabaseInput, intOption, isEmbedded, OutputInput } from '../options.js';
import { displayPath, formatCount, formatDuration, renderTable, writeJson, writeText } from '../output.js';

/** `pdm export fhir --out DIR`: the canonical tables as FHIR R4 NDJSON or transaction Bundles. */
export const exportCommand = defineCommand({
  name: 'export',
  summary: 'export the provider directory as FHIR R4: Bulk Data NDJSON or transaction Bundles',
  usage: 'pdm export fhir --out DIR [--system KEY] [--since PULL] [--bundle] [--bundle-size N]',
  details:
    'Writes Practitioner, PractitionerRole, Organization, Location and the specialty CodeSystem, one NDJSON\n' +
    'file per type and a Bulk Data manifest.json (written last), from one snapshot of the database. With\n' +
    "identity's persons, one Practitioner per person carries every health system's identifiers.\n" +
    '--since exports only what changed after that pull finished (deactivated records as active: false),\n' +
    'with everything it references. Files of an earlier export in DIR are replaced.',
  positionals: [{ name: 'format', description: 'fhir (the only format)' }],
  options: {
    out: { type: 'string', valueName: 'DIR', description: 'the folder to write (created when missing)' },
    system: { type: 'string', valueName: 'KEY', description: "only this health system's records" },
    since: {
      type: 'string',
      valueName: 'PULL',
      description: 'incremental: what changed after this processed pull',
    },
    bundle: { type: 'boolean', description: 'write transaction Bundles (PUT by id) instead of NDJSON' },
    'bundle-size': { type: 'string', valueName: 'N', description: 'entries per Bundle', defaultText: '500' },
    ...DATABASE_OPTIONS,
  },
  examples: [
    'pdm export fhir --out ./fhir',
    'pdm export fhir --out ./fhir-apollo --system apollo --since f3e51f05-6517-4099-b216-d7850fd6a418',
    'pdm export fhir --out ./bundles --bundle --bundle-size 1000 --json',
  ],
  schema: DatabaseInput.extend(OutputInput.shape).extend({
    format: z.literal('fhir', {
      error: (issue) =>
        issue.input === undefined
          ? 'a format is required: pdm export fhir --out DIR'
          : `unknown export format ${JSON.stringify(issue.input)}; the only one is fhir`,
    }),
    out: z.string({ error: '--out is required' }).min(1, { error: '--out must be a folder' }),
    system: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, { error: '--system must be a registry key such as apollo' })
      .optional(),
    since: z
      .string()
      .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
        error: '--since must be a pull id (a UUID)',
      })
      .optional(),
    bundle: z.boolean().default(false),
    'bundle-size': intOption('--bundle-size', { max: 100_000 }).default(500),
  }),
  async action(input, io) {
    const [{ exportFhir }, { createRuntime }] = await Promise.all([
      import('@provider-data/fhir'),
      import('../runtime.js'),
    ]);
    const runtime = await createRuntime(runtimeOptionsOf(input, io, { migrate: isEmbedded(input.database) }));
    try {
      const result = await exportFhir(runtime.database.db, {
        out: path.resolve(io.cwd, input.out),
        ...runtime.schemas,
        healthSystem: input.system,
        sincePullId: input.since,
        bundle: input.bundle,
        bundleSize: input['bundle-size'],
      });
      if (input.json) {
        writeJson(io, result);
        return ExitCode.ok;
      }
      const what = result.since ? `changes since pull ${result.since.pullId}` : 'a full export';
      writeText(
        io,
        [
          `Exported ${formatCount(result.total)} FHIR resources (${what}${result.healthSystem ? `, ${result.healthSystem} only` : ''}) ` +
            `to ${displayPath(result.outDir, io.cwd)} in ${formatDuration(result.durationMs)}`,
          `  practitioners ${result.identity ? 'are persons (identity links found)' : 'are one per health-system record (no identity links)'}`,
          renderTable(
            result.files,
            [
              { header: 'file', value: (f) => f.url },
              { header: 'type', value: (f) => f.type },
              { header: 'resources', value: (f) => f.count, align: 'right' },
            ],
            '  ',
          ),
          `  manifest      ${displayPath(result.manifest, io.cwd)}`,
        ].join('\n'),
      );
      return ExitCode.ok;
    } finally {
      await runtime.close();
    }
  },
});
