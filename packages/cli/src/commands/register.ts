import { z } from 'zod';
import { defineCommand, runtimeOptionsOf } from '../command.js';
import { ExitCode, UsageError } from '../exit-codes.js';
import { DATABASE_OPTIONS, DatabaseInput, enumOption, OutputInput, textOption } from '../options.js';
import { writeJson, writeText } from '../output.js';

/** `pdm register`: adds a `data_pulls` row, as the upstream connector does. */
export const registerCommand = defineCommand({
  name: 'register',
  summary: 'add a pending data_pulls row, as the connector does; prints its id',
  usage:
    'pdm register --system KEY --timestamp YYYYMMDDTHHMMSSZ --type full|incremental [--bucket B] [--pull-id UUID]',
  details:
    "The pull's files are read from <system>/datapulls/<timestamp>/by_city/ in the store.\n" +
    'Prints only the new pull id, so that a script can keep it: ID=$(pdm register …).',
  positionals: [],
  options: {
    system: { type: 'string', valueName: 'KEY', description: 'the health system: apollo, fortis, …' },
    timestamp: { type: 'string', valueName: 'TS', description: 'the pull timestamp, YYYYMMDDTHHMMSSZ' },
    type: { type: 'string', valueName: 'TYPE', description: 'full (a complete snapshot) or incremental' },
    bucket: { type: 'string', valueName: 'B', description: "the S3 bucket; default: the store's" },
    'pull-id': { type: 'string', valueName: 'UUID', description: 'the id to use; default: a random UUID' },
    ...DATABASE_OPTIONS,
  },
  examples: [
    'pdm register --system apollo --timestamp 20261120T053000Z --type full',
    'ID=$(pdm register --system fortis --timestamp 20261121T060000Z --type incremental) && pdm process "$ID"',
  ],
  schema: DatabaseInput.extend(OutputInput.shape).extend({
    system: textOption('--system', 'a health-system key such as apollo'),
    timestamp: textOption('--timestamp', 'YYYYMMDDTHHMMSSZ').regex(/^\d{8}T\d{6}Z$/, {
      error: '--timestamp must be YYYYMMDDTHHMMSSZ, e.g. 20261120T053000Z',
    }),
    type: enumOption('--type', ['full', 'incremental'] as const),
    bucket: z.string().min(1, { error: '--bucket must not be empty' }).optional(),
    'pull-id': z.uuid({ error: '--pull-id must be a UUID' }).optional(),
  }),
  async action(input, io) {
    const runtime = await (await import('../runtime.js')).createRuntime(runtimeOptionsOf(input, io));
    try {
      if (!runtime.registry.has(input.system)) {
        throw new UsageError(
          `--system must be a registered health system: ${runtime.registry.list().join(', ')}`,
        );
      }
      const pull = await runtime.registerPull({
        healthSystem: input.system,
        pullTimestamp: input.timestamp,
        dataType: input.type,
        bucket: input.bucket ?? null,
        ...(input['pull-id'] ? { pullId: input['pull-id'] } : {}),
      });
      if (input.json) writeJson(io, pull);
      else writeText(io, pull.pullId);
      return ExitCode.ok;
    } finally {
      await runtime.close();
    }
  },
});
