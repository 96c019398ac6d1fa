/**
 * A file thread (see {@link createFileThreads}): builds its parts with the
 * setup module named in `workerData`, then processes the files the
 * pipeline's thread sends it, one message protocol (`protocol.ts`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ConfigError, PdmError } from '../errors.js';
import type { Logger } from '../logger/logger.js';
import type { LeaseGuard } from '../pipeline/lease-keeper.js';
import { processFile } from '../pipeline/process-file.js';
import { type FileThreadSetup, pluginIdentity } from './file-threads.js';
import type { FromThread, RunFileMessage, ToThread } from './protocol.js';
import { fromThreadError, toThreadError } from './thread-error.js';

const port = parentPort;
if (!port) throw new Error('the file thread entry runs in a worker thread');
const post = (message: FromThread) => port.postMessage(message);
const { setup: setupUrl, data } = workerData as { setup: string; data: unknown };

/** Log fields as they can cross threads: errors as their messages, the rest as JSON. */
function cloneable(fields: object): Record<string, unknown> {
  try {
    return JSON.parse(
      JSON.stringify(fields, (_key, value) => (value instanceof Error ? value.message : value)),
    ) as Record<string, unknown>;
  } catch {
    return { fields: String(fields) };
  }
}
/** A logger whose lines go to the pipeline's thread, to the logger of file `id`. */
function loggerOf(id: number): Logger {
  const logTo =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (fields: object, message?: string): void =>
      post({ type: 'log', id, level, fields: cloneable(fields), message });
  return { debug: logTo('debug'), info: logTo('info'), warn: logTo('warn'), error: logTo('error') };
}

let parts: FileThreadSetup;
try {
  const module = (await import(setupUrl)) as {
    default?: (data: unknown) => FileThreadSetup | Promise<FileThreadSetup>;
  };
  if (typeof module.default !== 'function')
    throw new ConfigError(`the file-thread setup module ${setupUrl} has no default export function`);
  parts = await module.default(data);
} catch (error) {
  post({ type: 'setup-failed', error: toThreadError(error) });
  process.exit(1);
}

/** The thread's enrichers' counters, summed by name, as the summary shows them. */
function enrichment(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const enricher of parts.enrichers ?? [])
    for (const [k, v] of Object.entries(enricher.stats?.() ?? {})) out[`${enricher.name}.${k}`] = v;
  return out;
}

interface Running {
  controller: AbortController;
  commit?: { resolve: () => void; reject: (error: unknown) => void };
}
const running = new Map<number, Running>();

async function run(message: RunFileMessage): Promise<void> {
  const { id, pull, file } = message;
  const task: Running = { controller: new AbortController() };
  running.set(id, task);
  try {
    const healthSystem = parts.registry.get(pull.healthSystem);
    const own = pluginIdentity(healthSystem);
    if (
      own.key !== message.plugin.key ||
      own.version !== message.plugin.version ||
      own.config !== message.plugin.config
    ) {
      throw new ConfigError(
        `the file thread's plugin for ${pull.healthSystem} (${own.key}@${own.version ?? '(no version)'}) is not registered as in the pipeline's thread (${message.plugin.key}@${message.plugin.version ?? '(no version)'}), or its config differs`,
      );
    }
    // Renewed by the pipeline's thread, whose event loop this file does not hold; it checks again before the commit.
    const lease: LeaseGuard | undefined = message.fence && {
      fence: message.fence,
      check() {},
      due: () => false,
      renew: async () => {},
    };
    const result = await processFile({
      pull,
      file,
      healthSystem,
      store: parts.store,
      sink: parts.sink,
      enrichers: parts.enrichers,
      batchSize: message.batchSize,
      recordLimits: message.recordLimits,
      skipUnchanged: message.skipUnchanged,
      lease,
      logger: loggerOf(id),
      signal: task.controller.signal,
      onProgress: (recordsRead, delta) => post({ type: 'progress', id, recordsRead, delta }),
      beforeCommit: () =>
        new Promise<void>((resolve, reject) => {
          task.commit = { resolve, reject };
          post({ type: 'before-commit', id });
        }),
    });
    post({ type: 'done', id, result, enrichment: enrichment() });
  } catch (error) {
    post({ type: 'failed', id, error: toThreadError(error), enrichment: enrichment() });
  } finally {
    running.delete(id);
  }
}

port.on('message', (message: ToThread) => {
  switch (message.type) {
    case 'run':
      void run(message);
      break;
    case 'commit': {
      const task = running.get(message.id);
      const commit = task?.commit;
      if (!commit) break;
      task.commit = undefined;
      if (message.error) commit.reject(fromThreadError(message.error));
      else commit.resolve();
      break;
    }
    case 'abort':
      running.get(message.id)?.controller.abort(fromThreadError(message.reason));
      break;
    case 'close':
      for (const task of running.values())
        task.controller.abort(new PdmError('file_threads_closed', 'the file threads were closed'));
      void (async () => {
        try {
          await parts.close?.();
        } finally {
          post({ type: 'closed' });
          port.close();
        }
      })();
      break;
  }
});
post({ type: 'ready' });
