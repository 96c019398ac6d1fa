import { z } from 'zod';
import { defineCommand, runtimeOptionsOf } from '../command.js';
import { CliError, ExitCode } from '../exit-codes.js';
import {
  DATABASE_OPTIONS,
  DatabaseInput,
  intOption,
  isEmbedded,
  OutputInput,
  pullIdArgument,
} from '../options.js';
import { formatCount, renderTable, writeJson, writeText } from '../output.js';
import { findPull, listQuarantine } from '../queries.js';

/** `pdm quarantine <pull-id>`: a pull's rejected records. */
export const quarantineCommand = defineCommand({
  name: 'quarantine',
  summary: "list a pull's rejected records and unreadable files, with their reasons",
  usage: 'pdm quarantine <pull-id> [--limit N] [--reason R]',
  details: 'With --json, each row carries the raw record as it was read.',
  positionals: [{ name: 'pull-id', description: 'the data_pulls id (a UUID)' }],
  options: {
    limit: { type: 'string', valueName: 'N', description: 'most rows shown', defaultText: '20' },
    reason: { type: 'string', valueName: 'R', description: 'only this reason code, e.g. missing_field' },
    ...DATABASE_OPTIONS,
  },
  examples: [
    'pdm quarantine f3e51f05-6517-4099-b216-d7850fd6a418',
    'pdm quarantine "$ID" --reason invalid_json --limit 100 --json',
  ],
  schema: DatabaseInput.extend(OutputInput.shape).extend({
    'pull-id': pullIdArgument(),
    limit: intOption('--limit', { max: 100_000 }).default(20),
    reason: z
      .string()
      .regex(/^[a-z0-9_.-]+$/, { error: '--reason must be a reason code such as missing_field' })
      .optional(),
  }),
  async action(input, io) {
    const runtime = await (await import('../runtime.js')).createRuntime(
      runtimeOptionsOf(input, io, { migrate: isEmbedded(input.database) }),
    );
    try {
      const pullId = input['pull-id'];
      if (!(await findPull(runtime.database.db, runtime.schemas, pullId)))
        throw new CliError(`data pull ${pullId} was not found`, ExitCode.notFound, 'pull_not_found');
      const { rows, total } = await listQuarantine(runtime.database.db, runtime.schemas, {
        pullId,
        reason: input.reason,
        limit: input.limit,
      });
      if (input.json) {
        writeJson(io, { pullId, reason: input.reason ?? null, total, rows });
        return ExitCode.ok;
      }
      const what = input.reason ? `with reason ${input.reason}` : 'quarantined';
      if (total === 0) {
        writeText(io, `No records ${what} in pull ${pullId}.`);
        return ExitCode.ok;
      }
      writeText(
        io,
        renderTable(rows, [
          { header: 'file', value: (r) => r.objectKey.split('/').slice(-2).join('/'), max: 32 },
          { header: 'position', value: (r) => r.position, max: 16 },
          { header: 'entity', value: (r) => r.entity },
          { header: 'source id', value: (r) => r.sourceId, max: 18 },
          { header: 'reason', value: (r) => r.reason },
          { header: 'message', value: (r) => r.message, max: 70 },
        ]),
      );
      writeText(
        io,
        rows.length < total
          ? `${formatCount(rows.length)} of ${formatCount(total)} rows ${what}; --limit shows more, --json adds the raw records.`
          : `${formatCount(total)} rows ${what}.`,
      );
      return ExitCode.ok;
    } finally {
      await runtime.close();
    }
  },
});
