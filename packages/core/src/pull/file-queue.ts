import type { SourceFile } from '../source/source.js';
import type { DataPull } from './data-pull.js';

/** A file of a shared pull, claimed by one worker until its lease expires. */
export interface FileLease {
  pullId: string;
  file: SourceFile;
  workerId: string;
  leaseExpiresAt: Date;
  /** How many times the file has been handed out, this claim included: with `workerId`, the lease's identity. */
  claim: number;
}

/** How far a shared pull has come. `done` counts files with a checkpoint. */
export interface FileQueueProgress {
  total: number;
  done: number;
  leased: number;
}

/**
 * The claimable unit of work of a pull shared by several workers (Lambdas in
 * a Step Functions Distributed Map, processes of a pool). The PostgreSQL
 * implementation claims with `FOR UPDATE SKIP LOCKED`; the testing kit's in
 * memory.
 *
 * Semantics:
 * - `enqueue` records the pull's files; calling it again (every worker does)
 *   adds nothing.
 * - `claimNext` hands each file to one worker at a time: never a file with a
 *   checkpoint (done), never one whose lease is live; a file whose worker died
 *   is handed out again after its lease expires. `null` means nothing is left
 *   to claim now.
 * - A lease is held by (worker id, claim number) while it is unexpired.
 *   `renew` extends a held lease and rejects `LeaseLostError` for one that
 *   ran out or was handed to another worker; a lease that ran out is never
 *   renewed, so a worker whose renewal came late stops.
 * - `release` gives a file back at once (the worker failed or ran out of
 *   time); it does nothing once the file was handed out again.
 */
export interface FileQueue {
  enqueue(pull: DataPull, files: readonly SourceFile[]): Promise<void>;
  claimNext(pull: DataPull, options: { workerId: string; leaseMs: number }): Promise<FileLease | null>;
  renew(lease: FileLease, leaseMs: number): Promise<FileLease>;
  release(lease: FileLease): Promise<void>;
  progress(pull: DataPull): Promise<FileQueueProgress>;
}
