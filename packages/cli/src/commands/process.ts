import type { DataPull, ProcessPullResult } from '@provider-data/core';
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
import { type CliIo, writeJson, writeText } from '../output.js';
import { createProgressReporter, progressModeFor } from '../progress.js';
import type { Runtime } from '../runtime.js';
import { renderSummary } from '../summary-view.js';

/** One line that names a pull: `apollo full pull <id> (20261120T053000Z)`. */
export function pullTitle(
  pull: Pick<DataPull, 'healthSystem' | 'dataType' | 'pullId' | 'pullTimestamp'>,
): string {
  return `${pull.healthSystem} ${pull.dataType} pull ${pull.pullId} (${pull.pullTimestamp})`;
}

/** What {@link processOnePull} did. */
export interface ProcessedPull {
  pull: DataPull;
  result: ProcessPullResult;
}

/**
 * Processes one pull with the runtime's parts, showing progress on stderr
 * unless `json`. Shared by `pdm process` and `pdm demo`.
 */
export async function processOnePull(
  runtime: Runtime,
  pullId: string,
  io: CliIo,
  options: { reprocess?: boolean; json: boolean; leaseMs?: number },
): Promise<ProcessedPull> {
  const { PdmError, processPull, PullAlreadyProcessedError } = await import('@provider-data/core');
  const pull = await runtime.pullStore.get(pullId);
  if (!pull) throw new CliError(`data pull ${pullId} was not found`, ExitCode.notFound, 'pull_not_found');
  const progress = createProgressReporter({
    stream: io.stderr,
    mode: progressModeFor(io.stderr, options.json),
    label: pull.healthSystem,
  });
  const abort = new AbortController();
  let abortedBy: 'SIGINT' | 'SIGTERM' | undefined;
  let stopRequested = false;
  const stopWatching = io.interrupt?.watch(({ kind, signal }) => {
    if (kind === 'stop') {
      stopRequested = true;
      io.stderr.write('\npdm: stopping after the file in hand (Ctrl-C again to stop now)\n');
      return;
    }
    io.stderr.write(`\npdm: ${signal}: stopping now and releasing the pull\n`);
    abortedBy = signal;
    // Recorded on the pull as its error: it ends `failed`, and a rerun continues.
    abort.abort(new PdmError('interrupted', `stopped by ${signal}; run the command again to continue`));
  });
  const stopped = () => io.interrupt?.requested === true;
  const result = await processPull({
    pullId,
    registry: runtime.registry,
    pullStore: runtime.pullStore,
    sink: runtime.sink,
    store: runtime.store,
    enrichers: runtime.enrichers,
    logger: runtime.logger,
    reprocess: options.reprocess ?? false,
    leaseMs: options.leaseMs,
    signal: abort.signal,
    // Aborted: go on to the pipeline's own check of the signal, which fails the pull (and frees it).
    shouldContinue: () => abort.signal.aborted || !stopRequested,
    onProgress: (p) => progress.update(p),
  })
    .catch((error: unknown) => {
      if (PullAlreadyProcessedError.is(error)) {
        throw new CliError(
          `pull ${pullId} is already processed; pass --reprocess to run it again`,
          ExitCode.conflict,
          error.code,
        );
      }
      if (abortedBy !== undefined && abort.signal.aborted) {
        const message = `pull ${pullId} stopped by ${abortedBy} and released (failed); run the command again to continue`;
        throw new CliError(
          message,
          abortedBy === 'SIGTERM' ? ExitCode.sigterm : ExitCode.sigint,
          'interrupted',
        );
      }
      throw error;
    })
    .finally(() => {
      stopWatching?.();
      progress.finish(!stopped());
    });
  return { pull, result };
}

/** `pdm process <pull-id>`: runs a registered pull. */
export const processCommand = defineCommand({
  name: 'process',
  summary: 'process a registered pull: read, standardize, enrich, load; prints its summary',
  usage: 'pdm process <pull-id> [--reprocess] [--lease DURATION]',
  details:
    'Claims the pull (another worker cannot run it at the same time), skips files finished by an earlier\n' +
    'run, and ends it processed with its summary. Ctrl-C stops after the file in hand and releases the\n' +
    'pull (exit 6); run the command again to continue. The claim is renewed every third of --lease; a run\n' +
    'that lost it to another worker commits nothing more and exits 4.',
  positionals: [{ name: 'pull-id', description: 'the data_pulls id (a UUID)' }],
  options: {
    reprocess: { type: 'boolean', description: 'run a pull that is already processed again' },
    ...LEASE_OPTIONS,
    ...DATABASE_OPTIONS,
    ...STORE_OPTIONS,
    ...PLACES_OPTIONS,
  },
  examples: [
    'pdm process f3e51f05-6517-4099-b216-d7850fd6a418',
    'pdm process "$ID" --reprocess --store s3://provider-pulls --json',
    'pdm process "$ID" --lease 90s',
  ],
  schema: DatabaseInput.extend(StoreInput.shape)
    .extend(PlacesInput.shape)
    .extend(OutputInput.shape)
    .extend(LeaseInput.shape)
    .extend({ 'pull-id': pullIdArgument(), reprocess: z.boolean().default(false) }),
  async action(input, io) {
    const runtime = await (await import('../runtime.js')).createRuntime(runtimeOptionsOf(input, io));
    try {
      const { pull, result } = await processOnePull(runtime, input['pull-id'], io, {
        reprocess: input.reprocess,
        json: input.json,
        leaseMs: input.lease,
      });
      if (input.json) {
        writeJson(io, { pullId: pull.pullId, status: result.status, summary: result.summary });
      } else {
        writeText(io, `${pullTitle(pull)}: ${result.status}`);
        writeText(io, renderSummary(result.summary, { placesEnabled: runtime.places !== undefined }));
        if (!runtime.places) {
          writeText(
            io,
            'Places enrichment is off: pass --places-key or set PDM_PLACES_API_KEY to turn it on.',
          );
        }
        if (result.status === 'incomplete') {
          writeText(io, `Stopped early and released the pull; run "pdm process ${pull.pullId}" to continue.`);
        }
      }
      return result.status === 'processed' ? ExitCode.ok : ExitCode.incomplete;
    } finally {
      await runtime.close();
    }
  },
});
