/**
 * The messages between the pipeline's thread and a file thread (see
 * {@link createFileThreads}). Everything in them is structured-cloneable.
 */
import type { DataPull } from '../pull/data-pull.js';
import type { FencingToken } from '../pull/fencing.js';
import type { FileResult } from '../pipeline/summary.js';
import type { RecordLimits } from '../source/record-bounds.js';
import type { SourceFile } from '../source/source.js';

/** An error as it crosses between threads: enough to rebuild it with its class's brand. */
export interface ThreadError {
  name: string;
  message: string;
  stack?: string;
  code?: string;
  plugin?: string;
  stage?: string;
  objectKey?: string;
  /** The `Symbol.for` keys of the error's brands (see `brandError`), so that the static `is` guards still answer. */
  brands: string[];
}

/** What makes two registrations of a plugin the same: key, version and validated config. */
export interface PluginIdentity {
  key: string;
  version: string | undefined;
  config: string;
}

/** One file to process: what {@link processFile} needs that is not the thread's own. */
export interface RunFileMessage {
  type: 'run';
  id: number;
  pull: DataPull;
  file: SourceFile;
  /** The plugin the pipeline's thread resolved (key, version, validated config as JSON), which the thread's registry must hold too. */
  plugin: PluginIdentity;
  batchSize: number | undefined;
  recordLimits: Partial<RecordLimits> | undefined;
  skipUnchanged: boolean | undefined;
  fence: FencingToken | undefined;
}

export type ToThread =
  | RunFileMessage
  | { type: 'commit'; id: number; error?: ThreadError }
  | { type: 'abort'; id: number; reason: ThreadError }
  | { type: 'close' };

export type FromThread =
  | { type: 'ready' }
  | { type: 'setup-failed'; error: ThreadError }
  | { type: 'progress'; id: number; recordsRead: number; delta: number }
  | { type: 'before-commit'; id: number }
  | {
      type: 'log';
      id: number;
      level: 'debug' | 'info' | 'warn' | 'error';
      fields: Record<string, unknown>;
      message: string | undefined;
    }
  | { type: 'done'; id: number; result: FileResult; enrichment: Record<string, number> }
  | { type: 'failed'; id: number; error: ThreadError; enrichment: Record<string, number> }
  | { type: 'closed' };
