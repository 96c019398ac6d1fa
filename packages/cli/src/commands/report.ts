import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { defineCommand, runtimeOptionsOf } from '../command.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { DATABASE_OPTIONS, DatabaseInput, isEmbedded, OutputInput, pullIdArgument } from '../options.js';
import { displayPath, formatCount, writeJson, writeText } from '../output.js';

/** `pdm report [<pull-id>] [--system KEY] --out FILE`: the data-quality page of a pull or a health system. */
export const reportCommand = defineCommand({
  name: 'report',
  summary: "write the data-quality report of a pull, or of a health system's latest state, as one HTML file",
  usage: 'pdm report [<pull-id>] [--system KEY] [--out FILE]',
  details:
    'With a pull id: the records that pull last saw, its quarantine and its changes against the previous\n' +
    "pull. With --system alone: the health system's active records and its latest processed pull.\n" +
    'The file is self-contained (inline CSS and SVG charts): it opens with no network and no script.',
  positionals: [{ name: 'pull-id', description: 'the data_pulls id (a UUID); optional with --system' }],
  options: {
    system: { type: 'string', valueName: 'KEY', description: 'a health system key, e.g. apollo' },
    out: {
      type: 'string',
      valueName: 'FILE',
      description: 'where to write the page',
      defaultText: 'report.html',
    },
    ...DATABASE_OPTIONS,
  },
  examples: [
    'pdm report f3e51f05-6517-4099-b216-d7850fd6a418 --out pull-report.html',
    'pdm report --system fortis --out fortis.html',
  ],
  schema: DatabaseInput.extend(OutputInput.shape).extend({
    'pull-id': pullIdArgument().optional(),
    system: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_-]*$/, { error: '--system must be a health system key such as apollo' })
      .optional(),
    out: z.string().min(1, { error: '--out must not be empty' }).default('report.html'),
  }),
  async action(input, io) {
    if (input['pull-id'] === undefined && input.system === undefined)
      throw new UsageError('give a <pull-id>, or --system KEY for a health system (see pdm report --help)');
    const runtime = await (await import('../runtime.js')).createRuntime(
      runtimeOptionsOf(input, io, { migrate: isEmbedded(input.database) }),
    );
    try {
      const { buildReport } = await import('@provider-data/report');
      const started = Date.now();
      const { html, data } = await buildReport(runtime.database.db, {
        ...runtime.schemas,
        ...(input['pull-id'] ? { pullId: input['pull-id'] } : {}),
        ...(input.system ? { healthSystem: input.system } : {}),
      });
      const out = path.resolve(io.cwd, input.out);
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, html);
      const bytes = Buffer.byteLength(html);
      const { scope } = data;
      if (input.json) {
        writeJson(io, {
          out,
          bytes,
          durationMs: Date.now() - started,
          scope,
          totals: data.totals,
          quarantined: data.quarantine?.total ?? null,
        });
        return ExitCode.ok;
      }
      const what =
        scope.kind === 'pull' && scope.pull
          ? `${scope.healthSystem} pull ${scope.pull.pullTimestamp}`
          : `${scope.healthSystem}, latest state`;
      writeText(
        io,
        `Wrote ${displayPath(out, io.cwd)} (${formatCount(Math.ceil(bytes / 1024))} KB): ${what}; ` +
          `${formatCount(data.totals.practitioner)} practitioners, ${formatCount(data.totals.practice)} practices, ` +
          `${formatCount(data.totals.provider)} providers.`,
      );
      return ExitCode.ok;
    } finally {
      await runtime.close();
    }
  },
});
