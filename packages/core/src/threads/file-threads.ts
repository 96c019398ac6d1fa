import { pathToFileURL } from 'node:url';
import { type ResourceLimits, Worker } from 'node:worker_threads';
import type { Enricher } from '../enricher/enricher.js';
import { ConfigError, PdmError } from '../errors.js';
import type { ObjectStore } from '../object-store/object-store.js';
import type { FileRunner } from '../pipeline/file-runner.js';
import { type ProcessFileOptions, processFile } from '../pipeline/process-file.js';
import type { FileResult } from '../pipeline/summary.js';
import type { RegisteredHealthSystem, Registry } from '../registry/registry.js';
import type { Sink } from '../sink/sink.js';
import type { FromThread, PluginIdentity, ToThread } from './protocol.js';
import { fromThreadError, toThreadError } from './thread-error.js';

/**
 * What a file thread's setup module builds, once per thread: its own
 * registry, object store and sink (with their own connections), and the
 * enrichers of its files. The plugin the pipeline runs must be registered in
 * it the same way (key, version, config), or each file fails with a
 * {@link ConfigError}.
 */
export interface FileThreadSetup {
  registry: Registry;
  store: ObjectStore;
  sink: Sink;
  enrichers?: readonly Enricher[];
  /** Called when the threads close: end the sink's pool here. */
  close?(): Promise<void>;
}

/** Options of {@link createFileThreads}. */
export interface FileThreadsOptions {
  /**
   * The setup module, as a URL or an absolute path: its default export takes
   * `data` and returns (or resolves to) a {@link FileThreadSetup}.
   */
  setup: string | URL;
  /** Given to the setup function in each thread; structured-cloneable (a connection string, schema names). */
  data?: unknown;
  /** Worker threads. Default 1. */
  threads?: number;
  /**
   * The calling thread runs files too, with the parts it passes (`processFile`
   * as without threads), as one more slot beside the worker threads: one
   * V8 isolate less for the same number of cores. Default false.
   */
  callingThread?: boolean;
  /** The V8 heap limits of each thread (`node:worker_threads`). Default Node's. */
  resourceLimits?: ResourceLimits;
  /** Node options of each thread (those Node allows in a thread). Default the process's own, as Node passes them on. */
  execArgv?: string[];
}

/** A {@link FileRunner} over worker threads; {@link FileThreads.close} ends them. */
export interface FileThreads extends FileRunner {
  /** The number of threads. */
  readonly size: number;
  /** Ends every thread (after its setup's `close`). Files still running fail. */
  close(): Promise<void>;
}

/** A plugin's identity as the file threads compare it (see {@link FileThreadSetup}). */
export function pluginIdentity(
  healthSystem: Pick<RegisteredHealthSystem, 'key' | 'plugin' | 'config'>,
): PluginIdentity {
  return {
    key: healthSystem.key,
    version: healthSystem.plugin.version,
    config: JSON.stringify(healthSystem.config ?? null),
  };
}

interface Task {
  options: ProcessFileOptions;
  resolve: (result: FileResult) => void;
  reject: (error: unknown) => void;
  detach: () => void;
}

interface Thread {
  worker: Worker;
  ready: Promise<void>;
  tasks: Map<number, Task>;
  enrichment: Record<string, number>;
  alive: boolean;
  closed?: () => void;
}

const here = import.meta.url;
/** Run from TypeScript sources (this repository's tests and scripts): the thread loads them with tsx. */
const fromSource = here.endsWith('.ts');
const entry = new URL(fromSource ? './file-thread-entry.ts' : './threads/file-thread-entry.js', here);
/**
 * For sources only (this repository's tests and scripts): registers tsx's
 * hooks in the thread, then imports the entry. A thread does not inherit
 * the hooks of a process started with `--import tsx`, and registering them
 * again beside that flag fails, so the flag is left out of its options.
 */
const bootstrap = `const { workerData } = require('node:worker_threads');
(async () => {
  (await import('tsx/esm/api')).register();
  await import(workerData.entry);
})().catch((error) => { process.nextTick(() => { throw error; }); });`;

/**
 * The options of a thread run from sources: the process's `--conditions`
 * (V8's heap flags and the loader's are refused in a thread, see `bootstrap`),
 * and `source`.
 */
function sourceExecArgv(execArgv: readonly string[]): string[] {
  const out = execArgv.filter((arg) => arg.startsWith('--conditions=') || arg.startsWith('-C='));
  return [...out, '--conditions=source'];
}

/**
 * Worker threads that process a pull's files, for {@link processPull}'s and
 * {@link runPull}'s `fileRunner`: a file's reading, parsing, transforming,
 * encoding and hashing run on another core than the pipeline's, which keeps
 * the claim, the lease, the commit order and the summary. Only the file's
 * name goes to a thread and its result comes back; each thread writes through
 * its own sink, so nothing per record crosses between threads.
 *
 * Each thread imports the `setup` module and calls its default export with
 * `data` to build its parts ({@link FileThreadSetup}). The threads start on
 * the first file and stay until {@link FileThreads.close}; a thread that dies
 * fails its files (as broken infrastructure: the pull fails and a rerun
 * continues) and is started again for the next one.
 *
 * ### Examples
 * ```ts
 * import { createFileThreads, processPull, type ObjectStore, type PullStore, type Registry, type Sink } from '@provider-data/core';
 *
 * declare const registry: Registry;
 * declare const pullStore: PullStore;
 * declare const store: ObjectStore;
 * declare const sink: Sink;
 *
 * // ./thread-setup.js: export default async ({ url }) => ({ registry, store, sink, close })
 * const fileRunner = createFileThreads({
 *   setup: new URL('./thread-setup.js', import.meta.url),
 *   data: { url: process.env.DATABASE_URL },
 *   threads: 2,
 * });
 * try {
 *   const { summary } = await processPull({
 *     pullId: 'f3e51f05-6517-4099-b216-d7850fd6a418', registry, pullStore, store, sink, fileRunner,
 *   });
 *   console.log(summary.reconciled);
 * } finally {
 *   await fileRunner.close();
 * }
 * ```
 */
export function createFileThreads(options: FileThreadsOptions): FileThreads {
  const size = options.threads ?? 1;
  if (!Number.isInteger(size) || size < 1)
    throw new ConfigError(
      `file threads: threads must be a whole number of at least 1, got ${String(options.threads)}`,
    );
  const setup = options.setup instanceof URL ? options.setup.href : options.setup;
  const setupHref = /^[a-z][a-z0-9+.-]*:/i.test(setup) ? setup : pathToFileURL(setup).href;
  const slots: (Thread | undefined)[] = Array.from({ length: size }, () => undefined);
  /** Counters of threads that have ended, so that the summary keeps them. */
  const retired: Record<string, number> = {};
  let nextId = 1;
  let closing = false;
  /** Files running in the calling thread (`callingThread`). */
  let here = 0;

  const send = (thread: Thread, message: ToThread) => thread.worker.postMessage(message);

  function end(thread: Thread, error: unknown) {
    if (!thread.alive) return;
    thread.alive = false;
    for (const [k, v] of Object.entries(thread.enrichment)) retired[k] = (retired[k] ?? 0) + v;
    thread.enrichment = {};
    for (const task of thread.tasks.values()) {
      task.detach();
      task.reject(error);
    }
    thread.tasks.clear();
  }

  function spawn(index: number): Thread {
    const workerData = { setup: setupHref, data: options.data, entry: entry.href };
    const worker = fromSource
      ? new Worker(bootstrap, {
          eval: true,
          workerData,
          execArgv: options.execArgv ?? sourceExecArgv(process.execArgv),
          resourceLimits: options.resourceLimits,
        })
      : new Worker(entry, { workerData, execArgv: options.execArgv, resourceLimits: options.resourceLimits });
    let ready!: () => void;
    let refused!: (error: unknown) => void;
    const thread: Thread = {
      worker,
      ready: new Promise<void>((resolve, reject) => {
        ready = resolve;
        refused = reject;
      }),
      tasks: new Map(),
      enrichment: {},
      alive: true,
    };
    thread.ready.catch(() => {});
    const stopped = (message: string) =>
      new PdmError('file_thread_failed', `file thread ${index + 1} ${message}`);

    worker.on('message', (message: FromThread) => {
      const task = 'id' in message ? thread.tasks.get(message.id) : undefined;
      switch (message.type) {
        case 'ready':
          ready();
          break;
        case 'setup-failed': {
          const error = fromThreadError(message.error);
          refused(error);
          end(thread, error);
          break;
        }
        case 'progress':
          task?.options.onProgress?.(message.recordsRead, message.delta);
          break;
        case 'before-commit':
          if (!task) break;
          void (async () => {
            try {
              await task.options.beforeCommit?.();
              // The lease is renewed here, on this thread's timer; a lost or late one commits nothing.
              task.options.lease?.check();
              send(thread, { type: 'commit', id: message.id });
            } catch (error) {
              send(thread, { type: 'commit', id: message.id, error: toThreadError(error) });
            }
          })();
          break;
        case 'log':
          task?.options.logger[message.level](message.fields, message.message);
          break;
        case 'done':
        case 'failed':
          if (!task) break;
          thread.enrichment = message.enrichment;
          thread.tasks.delete(message.id);
          task.detach();
          if (message.type === 'done') task.resolve(message.result);
          else task.reject(fromThreadError(message.error));
          if (thread.tasks.size === 0) worker.unref();
          break;
        case 'closed':
          thread.closed?.();
          void worker.terminate();
          break;
      }
    });
    worker.on('error', (error) => {
      refused(error);
      end(thread, stopped(`failed: ${error.message}`));
    });
    worker.on('exit', (code) => {
      const error = stopped(`exited (code ${code})`);
      refused(error);
      end(thread, error);
      thread.closed?.();
    });
    return thread;
  }

  /** The live thread with the fewest files, started if its slot is empty. */
  function pick(): Thread {
    let best = 0;
    for (let i = 0; i < size; i++) {
      const slot = slots[i];
      if (!slot?.alive) {
        slots[i] = spawn(i);
        best = i;
        break;
      }
      if (slot.tasks.size < slots[best]!.tasks.size) best = i;
    }
    return slots[best]!;
  }

  return {
    size,

    async run(fileOptions) {
      if (closing) throw new PdmError('file_threads_closed', 'the file threads were closed');
      fileOptions.signal?.throwIfAborted();
      const thread = pick();
      if (options.callingThread && here <= thread.tasks.size) {
        here++;
        try {
          return await processFile(fileOptions);
        } finally {
          here--;
        }
      }
      const id = nextId++;
      const result = new Promise<FileResult>((resolve, reject) => {
        const signal = fileOptions.signal;
        const onAbort = () =>
          thread.alive && send(thread, { type: 'abort', id, reason: toThreadError(signal?.reason) });
        signal?.addEventListener('abort', onAbort, { once: true });
        thread.tasks.set(id, {
          options: fileOptions,
          resolve,
          reject,
          detach: () => signal?.removeEventListener('abort', onAbort),
        });
      });
      thread.worker.ref();
      try {
        await thread.ready;
      } catch (error) {
        thread.tasks.get(id)?.detach();
        thread.tasks.delete(id);
        result.catch(() => {});
        throw error;
      }
      send(thread, {
        type: 'run',
        id,
        pull: fileOptions.pull,
        file: fileOptions.file,
        plugin: pluginIdentity(fileOptions.healthSystem),
        batchSize: fileOptions.batchSize,
        recordLimits: fileOptions.recordLimits,
        skipUnchanged: fileOptions.skipUnchanged,
        fence: fileOptions.lease?.fence,
      });
      return result;
    },

    enrichmentStats() {
      const out: Record<string, number> = { ...retired };
      for (const thread of slots)
        if (thread?.alive) for (const [k, v] of Object.entries(thread.enrichment)) out[k] = (out[k] ?? 0) + v;
      return out;
    },

    async close() {
      closing = true;
      await Promise.all(
        slots.map(async (thread) => {
          if (!thread?.alive) return;
          const closed = new Promise<void>((resolve) => {
            thread.closed = resolve;
          });
          thread.worker.ref();
          send(thread, { type: 'close' });
          await closed;
        }),
      );
    },
  };
}
