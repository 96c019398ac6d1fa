import type { CachedDetails, CachedFindPlace, Fetched } from './cached-answer.js';
import type { PlacesError } from './places-error.js';
import { emptyStats, type PlacesEnricherStats } from './places-stats.js';

/**
 * What the enricher keeps per pull: its stats, what is left of the call
 * budget, whether the key was refused, and the answers being fetched (so
 * that two practices with one query make one call).
 */
export interface PullState {
  readonly pullId: string;
  readonly stats: PlacesEnricherStats;
  budgetLeft: number;
  /** Set by REQUEST_DENIED or OVER_DAILY_LIMIT: no further call in this pull. */
  stoppedBy: PlacesError | null;
  budgetSaid: boolean;
  cacheWarned: boolean;
  /** The pull's first call goes alone, so that a refused key costs one call, not `concurrency`. */
  probe: Promise<void> | null;
  probeDone: boolean;
  readonly findPlaceInFlight: Map<string, Promise<Fetched<CachedFindPlace>>>;
  readonly detailsInFlight: Map<string, Promise<Fetched<CachedDetails>>>;
}

/** Keeps the states of the most recent pulls; an enricher may serve several pulls, one after the other or at once. */
export class PullStates {
  private readonly states = new Map<string, PullState>();
  private latest: PullState | null = null;

  constructor(
    private readonly budget: number,
    private readonly keep = 64,
  ) {}

  /** The state of `pullId`, made on first use; it becomes the latest. */
  for(pullId: string): PullState {
    let state = this.states.get(pullId);
    if (!state) {
      state = {
        pullId,
        stats: emptyStats(),
        budgetLeft: this.budget,
        stoppedBy: null,
        budgetSaid: false,
        cacheWarned: false,
        probe: null,
        probeDone: false,
        findPlaceInFlight: new Map(),
        detailsInFlight: new Map(),
      };
      this.states.set(pullId, state);
      if (this.states.size > this.keep) {
        const oldest = this.states.keys().next().value;
        if (oldest !== undefined) this.states.delete(oldest);
      }
    }
    this.latest = state;
    return state;
  }

  /** The stats of `pullId`, or of the latest pull; zeros before any. */
  stats(pullId?: string): PlacesEnricherStats {
    const state = pullId === undefined ? this.latest : this.states.get(pullId);
    return { ...(state?.stats ?? emptyStats()) };
  }

  /** Forgets every pull: the next enrich starts with a full budget and zero stats. */
  reset(): void {
    this.states.clear();
    this.latest = null;
  }
}
