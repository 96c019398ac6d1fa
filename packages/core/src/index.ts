export * from './errors.js';
export * from './logger/logger.js';
export * from './model/common.js';
export * from './model/ids.js';
export * from './sink/canonical-rows.js';
export * from './sink/row-text.js';
export * from './model/practitioner.js';
export * from './model/practice.js';
export * from './model/provider.js';
export * from './model/quarantine.js';
export * from './pull/data-pull.js';
export * from './pull/pull-store.js';
export * from './object-store/object-store.js';
export * from './object-store/s3-object-store.js';
export * from './object-store/local-object-store.js';
export * from './source/source.js';
export * from './transformer/transformer.js';
export * from './enricher/enricher.js';
export * from './sink/sink.js';
export * from './plugin/health-system-plugin.js';
export * from './registry/registry.js';
export * from './pipeline/summary.js';
export * from './pipeline/file-fingerprint.js';
export * from './pipeline/run-pull.js';
export * from './pipeline/process-pull.js';
export * from './standardize/index.js';
export * from './pipeline/process-file.js';
export type { FileRunner } from './pipeline/file-runner.js';
export {
  createFileThreads,
  type FileThreadSetup,
  type FileThreads,
  type FileThreadsOptions,
} from './threads/file-threads.js';
export * from './pull/file-queue.js';
export * from './pipeline/pull-worker.js';
export * from './object-store/object-key.js';
export * from './source/record-bounds.js';
export * from './source/bounded-json.js';
export * from './source/text-encoding.js';
export * from './sink/load-counts.js';
export * from './sink/unencodable-record.js';
export * from './pull/fencing.js';
export type { LeaseGuard } from './pipeline/lease-keeper.js';
export * from './pipeline/replay/replay-pull.js';
export * from './pipeline/replay/replay-store.js';
export {
  type ReplayCounts,
  emptyReplayCounts,
  summaryAfterReplay,
} from './pipeline/replay/replay-counts.js';
export * from './plugin/installed-plugins.js';
