/**
 * The messages between the coordinator of a parallel check and its workers.
 */
import type { SearchSummary } from '../searchSummary.js';
import type { SharedBuffers, SharedResize } from './sharedStateStore.js';
import type { GraphRows } from '../stuck.js';
import type { RecordedTransitions } from '../edgeLog.js';
import type { WorkerLiveness } from './workerLiveness.js';

/**
 * Where a worker stands after each phase (see {@link SearchSummary}).
 *
 * @example
 * const total = summaries.reduce((n, s) => n + s.count, 0);
 */
export type WorkerSummary = SearchSummary;

/**
 * Coordinator to worker.
 *
 * @example
 * worker.postMessage({ type: 'expand', nextLevel: true } satisfies ToWorker);
 */
export type ToWorker =
  | { readonly type: 'expand'; readonly nextLevel: boolean }
  /** Shared store: expand claimed states of the level (a new one when `nextLevel`), or resume it after a pause. */
  | { readonly type: 'claim'; readonly nextLevel: boolean }
  /** Shared store: a worker that finished starting after the search began takes the buffers as they are now and joins at `level`. */
  | { readonly type: 'join'; readonly level: number; readonly buffers: SharedBuffers }
  /** Shared store: take the new chunks and table, and fill a new table with this worker's states (every worker at once). */
  | { readonly type: 'resize'; readonly change: SharedResize }
  | { readonly type: 'incoming'; readonly batches: readonly { records: Uint32Array; count: number }[] }
  | { readonly type: 'end' }
  | { readonly type: 'dispose' }
  | { readonly type: 'record'; readonly index: number }
  /** Shared store, after a complete search: the state graph's rows for states `from…to - 1` of the level order. */
  | { readonly type: 'graph'; readonly levelEnds: readonly (readonly number[])[]; readonly from: number; readonly to: number }
  | { readonly type: 'transitions' }
  | { readonly type: 'blocked'; readonly levelEnds: readonly (readonly number[])[]; readonly from: number; readonly to: number }
  /** Shared store, one worker, after a complete search: decide the liveness properties over the graph given in level order. */
  | { readonly type: 'liveness'; readonly levelEnds: readonly (readonly number[])[]; readonly offsets: Int32Array; readonly targets: Int32Array; readonly memoryLimit: number };

/**
 * Worker to coordinator.
 *
 * @example
 * parentPort.postMessage({ type: 'summary', summary } satisfies FromWorker);
 */
export type FromWorker =
  | { readonly type: 'summary'; readonly summary: WorkerSummary }
  | { readonly type: 'expanded'; readonly summary: WorkerSummary; readonly outboxes: readonly { records: Uint32Array; count: number }[] }
  /** Shared store: the level is done for this worker, or it paused for the table to grow. */
  | { readonly type: 'claimed'; readonly summary: WorkerSummary; readonly paused: boolean }
  /** Shared store: this worker's states are in the new table. */
  | { readonly type: 'resized' }
  | { readonly type: 'record'; readonly parentRef: number; readonly action: number; readonly words: Uint32Array | undefined }
  | { readonly type: 'failed'; readonly message: string }
  /** The rows asked for, or what a `blocked` predicate (or a missing successor) threw while building them. */
  | { readonly type: 'graph'; readonly rows?: GraphRows; readonly error?: string }
  | { readonly type: 'transitions'; readonly recorded?: RecordedTransitions }
  | { readonly type: 'blocked'; readonly blocked?: Uint8Array[]; readonly error?: string }
  | { readonly type: 'liveness'; readonly answer: WorkerLiveness };
