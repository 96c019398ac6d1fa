/**
 * A request to stop, from Ctrl-C. Work that can stop cleanly (a pull, after
 * the file in hand) watches it while it runs; with no watcher, Ctrl-C quits.
 */
export interface Interrupt {
  readonly requested: boolean;
  /** Calls `onRequest` when a stop is requested; returns the function that stops watching. */
  watch(onRequest: () => void): () => void;
}

/** An {@link Interrupt} with the `request` that the signal handler calls; `request` returns false when nobody watches. */
export function createInterrupt(): Interrupt & { request(): boolean } {
  const watchers = new Set<() => void>();
  let requested = false;
  return {
    get requested() {
      return requested;
    },
    watch(onRequest) {
      watchers.add(onRequest);
      return () => watchers.delete(onRequest);
    },
    request() {
      if (requested || watchers.size === 0) return false;
      requested = true;
      for (const watcher of watchers) watcher();
      return true;
    },
  };
}
