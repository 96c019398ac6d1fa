import type { ReplayCounts } from '@provider-data/core';
import { z } from 'zod';
import { defineCommand, runtimeOptionsOf } from '../command.js';
import { CliError, ExitCode } from '../exit-codes.js';
import {
  DATABASE_OPTIONS,
  DatabaseInput,
  LEASE_OPTIONS,
  LeaseInput,
  OutputInput,
  PLACES_OPTIONS,
  PlacesInput,
  pullIdArgument,
  STORE_OPTIONS,
  StoreInput,
} from '../options.js';
import { formatCount, formatCounts, writeJson, writeText } from '../output.js';

/** The replay's counts as a few lines for people. */
export function renderReplay(counts: ReplayCounts, reconciled: boolean): string {
  const { records, rows, entities } = counts;
  const written = (['practitioner', 'practice', 'provider'] as const)
    .map(
      (e) =>
        `${e}s ${formatCount(entities[e].inserted)} inserted, ${formatCount(entities[e].updated)} updated`,
    )
    .join('; ');
  const lines = [
    `  records   replayed ${formatCount(records.replayed)} = loaded ${formatCount(records.loaded)} + still quarantined ${formatCount(records.quarantined)}`,
    `  rows      resolved ${formatCount(rows.resolved)}, still quarantined ${formatCount(rows.quarantined)}` +
      (rows.reread > 0 ? `, closed by re-reading their file ${formatCount(rows.reread)}` : '') +
      (rows.notReplayable > 0
        ? `, not replayable ${formatCount(rows.notReplayable)} (no raw text kept)`
        : ''),
    `  written   ${written}`,
  ];
  if (counts.keptNewer > 0)
    lines.push(
      `  kept      ${formatCount(counts.keptNewer)} records a newer pull stored, left as it stored them`,
    );
  if (Object.keys(counts.quarantineByReason).length > 0)
    lines.push(`  reasons   ${formatCounts(counts.quarantineByReason)}`);
  for (const file of counts.filesReread)
    lines.push(`  re-read   ${file.key}: ${file.status}${file.reason ? ` (${file.reason})` : ''}`);
  lines.push(`  summary   ${reconciled ? 'reconciled' : 'NOT reconciled'}`);
  return lines.join('\n');
}

/** `pdm replay <pull-id>`: a processed pull's quarantined records through the plugins as they are now. */
export const replayCommand = defineCommand({
  name: 'replay',
  summary: "run a pull's quarantined records through the plugin as it is now; load what passes",
  usage: 'pdm replay <pull-id> [--reason R] [--files]',
  details:
    "Takes the pull's record-level quarantine rows (their raw text is kept), runs each record through the\n" +
    'plugin registered now, and loads what passes as the pull would have loaded it. Resolved rows are\n' +
    'marked with the replay id; rows still failing keep their first reason and get the new one. The pull\n' +
    'is claimed meanwhile (exit 4 while it is being processed) and ends processed, its summary gaining the\n' +
    "replay's counts. --files also re-reads files that failed as a whole. A second replay changes nothing.",
  positionals: [{ name: 'pull-id', description: 'the data_pulls id (a UUID) of a processed pull' }],
  options: {
    reason: {
      type: 'string',
      valueName: 'R',
      description: 'only rows of this reason code (first or latest)',
    },
    files: { type: 'boolean', description: 'also re-read the files that failed as a whole' },
    ...LEASE_OPTIONS,
    ...DATABASE_OPTIONS,
    ...STORE_OPTIONS,
    ...PLACES_OPTIONS,
  },
  examples: [
    'pdm replay f3e51f05-6517-4099-b216-d7850fd6a418',
    'pdm replay "$ID" --reason invalid_value --json',
    'pdm replay "$ID" --files --store s3://provider-pulls',
  ],
  schema: DatabaseInput.extend(StoreInput.shape)
    .extend(PlacesInput.shape)
    .extend(OutputInput.shape)
    .extend(LeaseInput.shape)
    .extend({
      'pull-id': pullIdArgument(),
      reason: z
        .string()
        .regex(/^[a-z0-9_.-]+$/, { error: '--reason must be a reason code such as missing_field' })
        .optional(),
      files: z.boolean().default(false),
    }),
  async action(input, io) {
    const runtime = await (await import('../runtime.js')).createRuntime(runtimeOptionsOf(input, io));
    try {
      const { replayPull } = await import('@provider-data/core');
      const { createPostgresReplayStore } = await import('@provider-data/sink-postgres');
      const pullId = input['pull-id'];
      const result = await replayPull({
        pullId,
        registry: runtime.registry,
        pullStore: runtime.pullStore,
        replayStore: createPostgresReplayStore(runtime.database.db, runtime.schemas),
        sink: runtime.sink,
        store: runtime.store,
        enrichers: runtime.enrichers,
        logger: runtime.logger,
        reason: input.reason,
        files: input.files,
        leaseMs: input.lease,
      }).catch((error: unknown) => {
        const code = (error as { code?: unknown }).code;
        if (code === 'pull_not_found')
          throw new CliError(`data pull ${pullId} was not found`, ExitCode.notFound, code);
        if (code === 'pull_not_processed')
          throw new CliError((error as Error).message, ExitCode.conflict, code);
        throw error;
      });
      if (input.json) {
        writeJson(io, { pullId, replayId: result.replayId, counts: result.counts, summary: result.summary });
      } else {
        const { pull } = result;
        writeText(io, `Replayed ${pull.healthSystem} pull ${pull.pullId} (replay ${result.replayId})`);
        writeText(io, renderReplay(result.counts, result.summary.reconciled));
      }
      return ExitCode.ok;
    } finally {
      await runtime.close();
    }
  },
});
