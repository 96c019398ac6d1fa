import type { PullSummary } from '@provider-data/core';
import { defineCommand, runtimeOptionsOf } from '../command.js';
import { ExitCode } from '../exit-codes.js';
import { DATABASE_OPTIONS, DatabaseInput, intOption, isEmbedded, OutputInput } from '../options.js';
import { renderTable, writeJson, writeText } from '../output.js';

/** The summary stored on a pull row, when it has one. */
export function storedSummary(stats: Record<string, unknown> | null): PullSummary | undefined {
  return stats && typeof stats === 'object' && 'records' in stats
    ? (stats as unknown as PullSummary)
    : undefined;
}

/** `pdm pulls`: the most recent pulls. */
export const pullsCommand = defineCommand({
  name: 'pulls',
  summary: 'list recent pulls with their status and counts',
  usage: 'pdm pulls [--limit N]',
  positionals: [],
  options: {
    limit: { type: 'string', valueName: 'N', description: 'how many pulls, newest first', defaultText: '20' },
    ...DATABASE_OPTIONS,
  },
  examples: ['pdm pulls', 'pdm pulls --limit 5 --json'],
  schema: DatabaseInput.extend(OutputInput.shape).extend({
    limit: intOption('--limit', { max: 10_000 }).default(20),
  }),
  async action(input, io) {
    const runtime = await (await import('../runtime.js')).createRuntime(
      runtimeOptionsOf(input, io, { migrate: isEmbedded(input.database) }),
    );
    try {
      const pulls = await runtime.listPulls(input.limit);
      if (input.json) {
        writeJson(
          io,
          pulls.map((pull) => {
            const summary = storedSummary(pull.stats);
            return {
              pullId: pull.pullId,
              healthSystem: pull.healthSystem,
              pullTimestamp: pull.pullTimestamp,
              dataType: pull.dataType,
              status: pull.status,
              createdAt: pull.createdAt,
              finishedAt: pull.finishedAt,
              attempts: pull.attempts,
              records: summary?.records ?? null,
              failedFiles: summary ? summary.files.failed.length : null,
              lastError: pull.lastError,
            };
          }),
        );
        return ExitCode.ok;
      }
      if (pulls.length === 0) {
        writeText(io, `No pulls in ${runtime.databaseLabel}. Add one with pdm register, or run pdm demo.`);
        return ExitCode.ok;
      }
      writeText(
        io,
        renderTable(pulls, [
          { header: 'pull id', value: (p) => p.pullId },
          { header: 'system', value: (p) => p.healthSystem },
          { header: 'timestamp', value: (p) => p.pullTimestamp },
          { header: 'type', value: (p) => p.dataType },
          { header: 'status', value: (p) => p.status },
          { header: 'read', value: (p) => storedSummary(p.stats)?.records.read, align: 'right' },
          { header: 'loaded', value: (p) => storedSummary(p.stats)?.records.loaded, align: 'right' },
          {
            header: 'quarantined',
            value: (p) => storedSummary(p.stats)?.records.quarantined,
            align: 'right',
          },
          {
            header: 'failed files',
            value: (p) => storedSummary(p.stats)?.files.failed.length,
            align: 'right',
          },
          { header: 'created', value: (p) => p.createdAt?.toISOString().slice(0, 19).replace('T', ' ') },
          { header: 'error', value: (p) => p.lastError?.message, max: 60 },
        ]),
      );
      return ExitCode.ok;
    } finally {
      await runtime.close();
    }
  },
});
