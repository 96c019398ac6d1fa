/** The signals `pdm` turns into an {@link Interrupt}. */
export type InterruptSignal = 'SIGINT' | 'SIGTERM';

/**
 * What a signal asks of the work in hand: `stop` after the file in hand and
 * release the pull (a first Ctrl-C); `abort` now, recording the pull as failed
 * so that its lease is freed and a rerun continues (SIGTERM, a second Ctrl-C).
 */
export interface InterruptRequest {
  kind: 'stop' | 'abort';
  signal: InterruptSignal;
}

/**
 * A request to stop, from Ctrl-C or SIGTERM. Work that can stop cleanly (a
 * pull) watches it while it runs; with no watcher, the signal quits.
 */
export interface Interrupt {
  readonly requested: boolean;
  /** Calls `onRequest` on each request; returns the function that stops watching. */
  watch(onRequest: (request: InterruptRequest) => void): () => void;
}

/**
 * An {@link Interrupt} with the `request` that the signal handlers call.
 * `request` returns false when nobody watches, or when the work was already
 * asked as much (a second `stop`, a second `abort`): then the caller quits.
 */
export function createInterrupt(): Interrupt & {
  request(kind?: InterruptRequest['kind'], signal?: InterruptSignal): boolean;
} {
  const watchers = new Set<(request: InterruptRequest) => void>();
  let requested: InterruptRequest['kind'] | undefined;
  return {
    get requested() {
      return requested !== undefined;
    },
    watch(onRequest) {
      watchers.add(onRequest);
      return () => watchers.delete(onRequest);
    },
    request(kind = 'stop', signal = 'SIGINT') {
      if (watchers.size === 0 || requested === 'abort' || requested === kind) return false;
      requested = kind;
      for (const watcher of watchers) watcher({ kind, signal });
      return true;
    },
  };
}
