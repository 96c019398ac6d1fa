import { InvalidRequestError, PullNotFoundError } from '../errors.js';
import { type DataPull, isUuid } from '../pull/data-pull.js';
import type { PullStore } from '../pull/pull-store.js';
import type { RegisteredHealthSystem, Registry } from '../registry/registry.js';

/** Validates a pull id, looks the pull up and picks its plugin, or rejects with the typed error. */
export async function lookupPull(
  pullId: string,
  registry: Registry,
  pullStore: PullStore,
): Promise<{ pull: DataPull; healthSystem: RegisteredHealthSystem }> {
  if (!isUuid(pullId)) throw new InvalidRequestError(`pull_id must be a UUID, got ${JSON.stringify(pullId)}`);
  const pull = await pullStore.get(pullId);
  if (!pull) throw new PullNotFoundError(pullId);
  return { pull, healthSystem: registry.get(pull.healthSystem) };
}
