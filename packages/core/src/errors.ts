/** A class of {@link PdmError}, as the static guards see it: its tag and its prototype. */
export interface BrandedErrorClass<T extends PdmError = PdmError> {
  readonly tag: symbol;
  readonly prototype: T;
}

/**
 * Puts `errorClass.tag` on the class's prototype, so that `errorClass.is`
 * recognizes its instances, and those of its subclasses, from any copy of the
 * package. Call it once in the class's `static` block, after declaring the tag.
 *
 * ### Examples
 * ```ts
 * import { brandError, PdmError } from '@provider-data/core';
 *
 * export class ChainError extends PdmError {
 *   static override readonly tag: symbol = Symbol.for('@provider-data/plugin-chain/ChainError');
 *   static {
 *     brandError(ChainError);
 *   }
 * }
 * ChainError.is(new ChainError('chain_error', 'the chain refused')); // true
 * ```
 */
export function brandError(errorClass: BrandedErrorClass): void {
  Object.defineProperty(errorClass.prototype, errorClass.tag, { value: true });
}

/**
 * Where in a pull's processing an error arose. Shown with the plugin name in
 * every error message so that a log line says who to ask.
 */
export type Stage =
  | 'event'
  | 'registry'
  | 'pull-store'
  | 'list'
  | 'read'
  | 'transform'
  | 'enrich'
  | 'sink'
  | 'finish'
  | 'config';

/** Options shared by every {@link PdmError}. */
export interface PdmErrorOptions {
  /** The plugin, sink or enricher the error came from, e.g. `apollo`. */
  plugin?: string;
  stage?: Stage;
  /** The object key of the file being processed, when there is one. */
  objectKey?: string;
  cause?: unknown;
}

/**
 * The base of every error this library throws on purpose. `code` is stable
 * and safe to branch on; `message` is for people.
 *
 * ### Examples
 * ```ts
 * import { PdmError } from '@provider-data/core';
 *
 * try {
 *   throw new PdmError('pull_not_found', 'no data pull with id 42');
 * } catch (error) {
 *   if (PdmError.is(error) && error.code === 'pull_not_found') console.log(error.message);
 * }
 * ```
 *
 * Recognize these errors with the static `is` guards ({@link PdmError.is},
 * `FileDataError.is`, …) or {@link isProviderDataError}, never with
 * `instanceof`: a user's tree may hold two copies of core (a plugin with its
 * own nested copy), and an error built by one copy is not an `instanceof` the
 * other's classes. Each class carries a tag, a `Symbol.for` symbol in the
 * runtime's global registry (the same symbol in every copy), on its prototype.
 * A subclass declares its own `static readonly tag` and brands itself with
 * {@link brandError}; one that does not is recognized as its parent.
 */
export class PdmError extends Error {
  /** The tag every error of this library carries, in any copy of core. */
  static readonly tag: symbol = Symbol.for('@provider-data/error');

  static {
    brandError(PdmError);
  }

  /**
   * True when `error` is an error of this class (or a subclass), built by any
   * copy of the package that defines it.
   *
   * ### Examples
   * ```ts
   * import { FileDataError, PdmError } from '@provider-data/core';
   *
   * const error: unknown = new FileDataError('file_truncated', 'cut off');
   * PdmError.is(error); // true
   * FileDataError.is(error); // true, even if another copy of core built it
   * ```
   */
  static is<T extends PdmError>(this: BrandedErrorClass<T>, error: unknown): error is T {
    // `this` is the class the guard is called on (`FileDataError.is`): its own tag is checked.
    // biome-ignore lint/complexity/noThisInStatic: the receiver is the point
    const tag = this.tag;
    return (
      typeof error === 'object' && error !== null && (error as Partial<Record<symbol, unknown>>)[tag] === true
    );
  }

  readonly code: string;
  readonly plugin: string | undefined;
  readonly stage: Stage | undefined;
  readonly objectKey: string | undefined;

  constructor(code: string, message: string, options: PdmErrorOptions = {}) {
    const where = [options.plugin, options.stage].filter(Boolean).join('/');
    super(
      where ? `[${where}] ${message}` : message,
      options.cause === undefined ? undefined : { cause: options.cause },
    );
    this.name = new.target.name;
    this.code = code;
    this.plugin = options.plugin;
    this.stage = options.stage;
    this.objectKey = options.objectKey;
  }
}

/** A caller asked for something malformed: a bad event, a pull id that is not a UUID, a bad option. */
export class InvalidRequestError extends PdmError {
  static override readonly tag: symbol = Symbol.for('@provider-data/core/InvalidRequestError');
  static {
    brandError(InvalidRequestError);
  }

  constructor(message: string, options: PdmErrorOptions = {}) {
    super('invalid_request', message, options);
  }
}

/** Configuration that cannot be used: names the setting, never its secret value. */
export class ConfigError extends PdmError {
  static override readonly tag: symbol = Symbol.for('@provider-data/core/ConfigError');
  static {
    brandError(ConfigError);
  }

  constructor(message: string, options: PdmErrorOptions = {}) {
    super('invalid_config', message, { stage: 'config', ...options });
  }
}

/** No `data_pulls` row has the given id. */
export class PullNotFoundError extends PdmError {
  static override readonly tag: symbol = Symbol.for('@provider-data/core/PullNotFoundError');
  static {
    brandError(PullNotFoundError);
  }

  constructor(readonly pullId: string) {
    super('pull_not_found', `data pull ${pullId} was not found`, { stage: 'pull-store' });
  }
}

/** The pull is already `processed`, and the caller did not ask to reprocess it. */
export class PullAlreadyProcessedError extends PdmError {
  static override readonly tag: symbol = Symbol.for('@provider-data/core/PullAlreadyProcessedError');
  static {
    brandError(PullAlreadyProcessedError);
  }

  constructor(readonly pullId: string) {
    super(
      'pull_already_processed',
      `data pull ${pullId} is already processed; pass reprocess to run it again`,
      {
        stage: 'pull-store',
      },
    );
  }
}

/** Another worker holds an unexpired claim on the pull. */
export class PullInProgressError extends PdmError {
  static override readonly tag: symbol = Symbol.for('@provider-data/core/PullInProgressError');
  static {
    brandError(PullInProgressError);
  }

  constructor(
    readonly pullId: string,
    readonly leaseExpiresAt?: Date,
  ) {
    super(
      'pull_in_progress',
      `data pull ${pullId} is already in progress${leaseExpiresAt ? ` (lease until ${leaseExpiresAt.toISOString()})` : ''}`,
      { stage: 'pull-store' },
    );
  }
}

/**
 * The worker no longer holds the claim a write was made under: its lease ran
 * out, or another worker took the pull (or the file) over. Nothing of the
 * write was kept; the worker stops, and the one that holds the claim goes on.
 */
export class LeaseLostError extends PdmError {
  static override readonly tag: symbol = Symbol.for('@provider-data/core/LeaseLostError');
  static {
    brandError(LeaseLostError);
  }

  constructor(
    message: string,
    readonly pullId: string,
    options: PdmErrorOptions = {},
  ) {
    super('lease_lost', message, { stage: 'pull-store', ...options });
  }
}

/** No plugin is registered for a health system. The message names those that are. */
export class UnknownHealthSystemError extends PdmError {
  static override readonly tag: symbol = Symbol.for('@provider-data/core/UnknownHealthSystemError');
  static {
    brandError(UnknownHealthSystemError);
  }

  constructor(
    readonly healthSystem: string,
    readonly registered: readonly string[],
  ) {
    super(
      'unknown_health_system',
      `no plugin is registered for health system "${healthSystem}"; registered: ${registered.length ? registered.join(', ') : '(none)'}`,
      { stage: 'registry' },
    );
  }
}

/**
 * Bad data in a file (cut off, not JSON, not gzip): what was read before the
 * break is kept, the file is quarantined with `reason`, and the pull goes on.
 * Sources throw it; the pipeline turns it into a quarantine row.
 */
export class FileDataError extends PdmError {
  static override readonly tag: symbol = Symbol.for('@provider-data/core/FileDataError');
  static {
    brandError(FileDataError);
  }

  constructor(
    readonly reason: string,
    message: string,
    options: PdmErrorOptions = {},
  ) {
    super('file_data_error', message, { stage: 'read', ...options });
  }
}

/** An object store could not list or read. Fails the pull; a rerun resumes. */
export class ObjectStoreError extends PdmError {
  static override readonly tag: symbol = Symbol.for('@provider-data/core/ObjectStoreError');
  static {
    brandError(ObjectStoreError);
  }

  constructor(message: string, options: PdmErrorOptions = {}) {
    super('object_store_error', message, { stage: 'read', ...options });
  }
}

/** The sink could not write. Fails the pull; a rerun resumes from the last checkpoint. */
export class SinkError extends PdmError {
  static override readonly tag: symbol = Symbol.for('@provider-data/core/SinkError');
  static {
    brandError(SinkError);
  }

  constructor(message: string, options: PdmErrorOptions = {}) {
    super('sink_error', message, { stage: 'sink', ...options });
  }
}

/**
 * True for any error this library throws on purpose ({@link PdmError} or a
 * subclass), from any copy of core; the same as `PdmError.is(error)`.
 */
export function isProviderDataError(error: unknown): error is PdmError {
  return PdmError.is(error);
}

/** True for errors that are bad data rather than broken infrastructure, from any copy of core. */
export function isDataError(error: unknown): error is FileDataError {
  return FileDataError.is(error);
}

/** A message safe to show a caller: the error's own message, never a stack. */
export function errorMessage(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
