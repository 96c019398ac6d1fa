import { errorMessage, LeaseLostError, PdmError, PullInProgressError } from '../errors.js';
import type { Logger } from '../logger/logger.js';
import type { PullClaim, PullStore } from '../pull/pull-store.js';

/** Attempts at recording a failure, and the wait before each retry (ms). */
const RETRY_DELAYS = [250, 1000];

/**
 * Records on the pull that `error` failed it, and frees the pull for a
 * rerun. A fault that failed the pull (connections terminated) may still be
 * under way, so the record is tried again, each time on whatever connection
 * the store gives, which a pool makes a fresh one. Never rejects: a failure
 * that cannot be recorded is logged, and the lease frees the pull. A worker
 * that lost its claim records nothing: the pull is another worker's.
 */
export async function recordFailure(
  pullStore: PullStore,
  claim: PullClaim,
  error: unknown,
  logger: Logger,
): Promise<void> {
  if (LeaseLostError.is(error)) {
    logger.error({ error: error.message }, 'lease lost: stopped without recording an outcome');
    return;
  }
  const code = PdmError.is(error) ? error.code : 'internal_error';
  const outcome = { status: 'failed', error: { code, message: errorMessage(error) } } as const;
  for (let attempt = 0; ; attempt++) {
    try {
      await pullStore.finish(claim, outcome);
      return;
    } catch (recordError) {
      if (LeaseLostError.is(recordError) || PullInProgressError.is(recordError)) {
        logger.warn(
          { error: errorMessage(recordError) },
          'another worker holds the pull: failure not recorded',
        );
        return;
      }
      const delay = RETRY_DELAYS[attempt];
      if (delay === undefined) {
        logger.error({ error: errorMessage(recordError) }, 'could not record the failure on the pull');
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}
