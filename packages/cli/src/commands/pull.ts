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
import { formatCount, formatCounts, renderTable, topEntries, writeJson, writeText } from '../output.js';
import { findPull, quarantineCounts } from '../queries.js';
import { renderSummary } from '../summary-view.js';
import { pullTitle } from './process.js';
import { storedSummary } from './pulls.js';

/** `pdm pull <pull-id>`: one pull's status, summary, failed files, quarantine and unmapped specialties. */
export const pullCommand = defineCommand({
  name: 'pull',
  summary: 'show one pull: status, summary, failed files, quarantine by reason, unmapped specialties',
  usage: 'pdm pull <pull-id> [--top N]',
  positionals: [{ name: 'pull-id', description: 'the data_pulls id (a UUID)' }],
  options: {
    top: {
      type: 'string',
      valueName: 'N',
      description: 'unmapped specialty wordings shown, most frequent first',
      defaultText: '10',
    },
    ...DATABASE_OPTIONS,
  },
  examples: ['pdm pull f3e51f05-6517-4099-b216-d7850fd6a418', 'pdm pull "$ID" --json | jq .summary.records'],
  schema: DatabaseInput.extend(OutputInput.shape).extend({
    'pull-id': pullIdArgument(),
    top: intOption('--top', { max: 10_000 }).default(10),
  }),
  async action(input, io) {
    const runtime = await (await import('../runtime.js')).createRuntime(
      runtimeOptionsOf(input, io, { migrate: isEmbedded(input.database) }),
    );
    try {
      const pullId = input['pull-id'];
      const pull = await findPull(runtime.database.db, runtime.schemas, pullId);
      if (!pull) throw new CliError(`data pull ${pullId} was not found`, ExitCode.notFound, 'pull_not_found');
      const summary = storedSummary(pull.stats);
      const quarantine = await quarantineCounts(runtime.database.db, runtime.schemas, pullId);
      const unmapped = topEntries(summary?.unmappedSpecialties ?? {}, input.top);
      if (input.json) {
        writeJson(io, {
          ...pull,
          stats: undefined,
          summary: summary ?? null,
          failedFiles: summary?.files.failed ?? [],
          quarantineByReason: quarantine,
          unmappedSpecialties: unmapped.map(([wording, count]) => ({ wording, count })),
        });
        return ExitCode.ok;
      }
      const lines = [pullTitle({ ...pull, dataType: pull.dataType as 'full' | 'incremental' })];
      const attempt = pull.attempts ? `, attempt ${pull.attempts}` : '';
      const when = pull.finishedAt ? `, finished ${pull.finishedAt.toISOString()}` : '';
      lines.push(`  ${'status'.padEnd(14)}${pull.status}${attempt}${when}`);
      if (pull.status === 'processing' && pull.claimedBy) {
        lines.push(
          `  ${'claimed by'.padEnd(14)}${pull.claimedBy} until ${pull.leaseExpiresAt?.toISOString() ?? '?'}`,
        );
      }
      if (pull.lastError)
        lines.push(`  ${'last error'.padEnd(14)}${pull.lastError.code}: ${pull.lastError.message}`);
      if (summary) lines.push(renderSummary(summary, { topSpecialties: 0 }));
      else {
        lines.push(`  ${'summary'.padEnd(14)}none yet (the pull has not finished)`);
        lines.push(`  ${'quarantine'.padEnd(14)}${formatCounts(quarantine)} (rows so far)`);
      }
      if (unmapped.length > 0) {
        lines.push('', `Unmapped specialty wordings (top ${input.top}):`);
        lines.push(
          renderTable(
            unmapped,
            [
              { header: 'wording', value: ([w]) => w, max: 60 },
              { header: 'records', value: ([, n]) => formatCount(n), align: 'right' },
            ],
            '  ',
          ),
        );
      }
      writeText(io, lines.join('\n'));
      return ExitCode.ok;
    } finally {
      await runtime.close();
    }
  },
});
