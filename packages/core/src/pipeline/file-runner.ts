import type { FileResult } from './summary.js';
import type { ProcessFileOptions } from './process-file.js';

/**
 * Where a pull's files are processed. The default is {@link processFile} in
 * the calling thread; {@link createFileThreads} gives one that runs each file
 * in a worker thread, with the parts (registry, object store, sink,
 * enrichers) its setup module builds there.
 */
export interface FileRunner {
  /**
   * Processes one file as {@link processFile} does and answers the same. A
   * runner that builds its own parts uses only the options that describe
   * the work (pull, file, plugin, batch size, record limits, lease, signal,
   * progress, commit order, logger).
   */
  run(options: ProcessFileOptions): Promise<FileResult>;
  /** The counters of the enrichers the runner's parts hold, by `name.counter`, for the pull's summary. */
  enrichmentStats?(): Record<string, number>;
}
