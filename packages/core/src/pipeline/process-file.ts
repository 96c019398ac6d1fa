import type { Enricher } from '../enricher/enricher.js';
import { errorMessage, FileDataError, isDataError } from '../errors.js';
import { unsafeKeyReason } from '../object-store/object-key.js';
import type { Logger } from '../logger/logger.js';
import type { ObjectStore } from '../object-store/object-store.js';
import { type DataPull, pullPrefix, pullTime } from '../pull/data-pull.js';
import type { RegisteredHealthSystem } from '../registry/registry.js';
import { committedFileResult } from '../sink/load-counts.js';
import type { CanonicalBatch, Sink } from '../sink/sink.js';
import { type RecordLimits, resolveRecordLimits } from '../source/record-bounds.js';
import type { SourceContext, SourceFile } from '../source/source.js';
import type { TransformContext } from '../transformer/transformer.js';
import { fileFingerprint } from './file-fingerprint.js';
import { FileTally } from './file-tally.js';
import { DEFAULT_BATCH_SIZE } from './pull-plan.js';
import type { LeaseGuard } from './lease-keeper.js';
import { RecordIntake } from './record-intake.js';
import { tagError } from './tag-error.js';
import type { FileResult } from './summary.js';

/** Options of {@link processFile}. */
export interface ProcessFileOptions {
  pull: DataPull;
  file: SourceFile;
  healthSystem: RegisteredHealthSystem;
  store: ObjectStore;
  sink: Sink;
  enrichers?: readonly Enricher[];
  batchSize?: number;
  logger: Logger;
  signal?: AbortSignal;
  /** Awaited just before the file commits; a rejection aborts the file. Lets a caller commit files in order. */
  beforeCommit?: () => Promise<void>;
  /** Called after each batch with the file's records read so far and those since the last call. */
  onProgress?: (recordsRead: number, delta: number) => void;
  /** Bounds on every raw record, checked before the transformer; see {@link DEFAULT_RECORD_LIMITS}. */
  recordLimits?: Partial<RecordLimits>;
  /**
   * The claim the file is processed under: renewed between records when due,
   * checked before the commit, and its fencing token given to the sink.
   */
  lease?: LeaseGuard;
  /**
   * Let the sink repeat an earlier pull's load of a byte-identical file
   * instead of reading it ({@link Sink.repeatUnchangedFile}). Default false;
   * the pull runners turn it on except for a reprocess.
   */
  skipUnchanged?: boolean;
}

/**
 * Streams one file of a pull through the transformer, the enrichers and the
 * sink in bounded batches, and commits it with its checkpoint. Bad data
 * becomes quarantine rows; a file that breaks part way (`FileDataError`)
 * keeps what was read and is recorded as failed. Broken infrastructure
 * rejects, and nothing of the file is committed.
 *
 * {@link runPull} calls it for each file of a pull; a shared-pull worker for
 * each file it claims.
 */
export async function processFile(options: ProcessFileOptions): Promise<FileResult> {
  const { pull, file, healthSystem, store, sink, logger } = options;
  const enrichers = options.enrichers ?? [];
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const sourceContext: SourceContext = { pull, store, logger, signal: options.signal };
  const tally = new FileTally(file.key);
  const transformContext: TransformContext = { pull, file, pullTime: pullTime(pull) };
  const intake = new RecordIntake(
    pull,
    file,
    healthSystem.transformer,
    transformContext,
    resolveRecordLimits(options.recordLimits),
    tally,
  );
  const fingerprint = fileFingerprint(healthSystem, pull, file);
  if (fingerprint && options.skipUnchanged && sink.repeatUnchangedFile) {
    let repeated: FileResult | undefined;
    try {
      repeated = await sink.repeatUnchangedFile(pull, file, {
        fingerprint,
        fence: options.lease?.fence,
        enriching: enrichers.length > 0,
        beforeWrite: async () => {
          await options.beforeCommit?.();
          options.lease?.check();
        },
      });
    } catch (error) {
      throw tagError(error, sink.name, 'sink', file.key);
    }
    if (repeated) {
      options.onProgress?.(repeated.records.read, repeated.records.read);
      logger.debug({ file: file.key, from: repeated.unchangedFrom }, 'file unchanged: records marked seen');
      return repeated;
    }
  }
  let writer: Awaited<ReturnType<Sink['openFile']>>;
  try {
    writer = await sink.openFile(pull, file, { fence: options.lease?.fence });
  } catch (error) {
    throw tagError(error, sink.name, 'sink', file.key);
  }
  let reported = 0;

  // One batch may be in the sink while the next one is read and transformed,
  // so that parsing and the database work at the same time; never more.
  let inFlight: Promise<void> | undefined;
  const send = async (out: CanonicalBatch, recordsRead: number) => {
    if (out.practices.length > 0) {
      for (const enricher of enrichers) {
        try {
          out.practices = await enricher.enrich(out.practices, { pull, logger, signal: options.signal });
        } catch (error) {
          throw tagError(error, enricher.name, 'enrich', file.key);
        }
      }
    }
    try {
      await writer.write(out);
    } catch (error) {
      throw tagError(error, sink.name, 'sink', file.key);
    }
    options.onProgress?.(recordsRead, recordsRead - reported);
    reported = recordsRead;
  };
  const settle = async () => {
    const previous = inFlight;
    inFlight = undefined;
    if (previous) await previous;
  };
  const flush = async () => {
    if (intake.pending === 0) return;
    const out = intake.take();
    await settle();
    inFlight = send(out, tally.records.read);
    // Observed by the next settle(); this only keeps it from counting as unhandled meanwhile.
    inFlight.catch(() => {});
  };

  try {
    try {
      const unsafe = unsafeKeyReason(file.key, pullPrefix(pull));
      if (unsafe)
        throw new FileDataError('unsafe_key', `${JSON.stringify(file.key)} was not read: ${unsafe}`);
      const lease = options.lease;
      for await (const item of healthSystem.source.readFile(file, sourceContext)) {
        intake.accept(item);
        if (intake.pending >= batchSize) await flush();
        // Work that holds the event loop also holds back the renewal timer: renew here when it is due.
        if (lease?.due()) await lease.renew();
      }
    } catch (error) {
      if (!isDataError(error)) throw tagError(error, healthSystem.key, 'read', file.key);
      tally.error = { reason: error.reason, message: error.message };
      intake.quarantine({
        position: null,
        entity: 'file',
        sourceId: null,
        reason: error.reason,
        message: error.message,
        raw: null,
      });
    }
    await flush();
    await settle();
    const result = tally.result();
    if (fingerprint) result.fingerprint = fingerprint;
    await options.beforeCommit?.();
    // A worker whose renewal came late commits nothing, whatever the sink would say.
    options.lease?.check();
    let counts: Awaited<ReturnType<typeof writer.commit>>;
    try {
      counts = await writer.commit(result);
    } catch (error) {
      throw tagError(error, sink.name, 'sink', file.key);
    }
    return committedFileResult(result, counts);
  } catch (error) {
    await settle().catch(() => {});
    await writer.abort().catch((abortError) => {
      logger.warn(
        { file: file.key, error: errorMessage(abortError) },
        'abort after a failed file also failed',
      );
    });
    throw error;
  }
}

export { tagError } from './tag-error.js';
