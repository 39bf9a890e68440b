/**
 * What the search needs from a store of visited states, exact or by fingerprint.
 */

import type { TraceRecords } from './traceRecords.js';

/**
 * The store interface the breadth-first search drives: the visited set, the queue of states to
 * expand (in discovery order) and the parent records that rebuild traces.
 *
 * @example
 * const store: VisitedStore = options.fingerprint ? new FingerprintStore(words) : new StateStore(words);
 */
export interface VisitedStore {
  /** Distinct states stored. */
  readonly count: number;
  /** Asked before large allocations; when it refuses, `add` returns `STORE_FULL`. */
  allocationGuard: ((bytes: number) => boolean) | undefined;
  /** Adds a state unless present: its new index, -1 when seen before, or `STORE_FULL`. */
  add(buf: Uint32Array, at: number, hash: number, parent: number, action: number): number;
  /** Whether a state is present. */
  contains(buf: Uint32Array, at: number, hash: number): boolean;
  /** Reads the first table slot of each hash so that a batch's cache misses overlap. */
  touch(hashes: Int32Array, count: number): number;
  /** The chunk holding a state not yet released (see `release`). */
  chunkOf(index: number): Uint32Array;
  /** The state's word offset within its chunk. */
  offsetOf(index: number): number;
  /** The stored words of a state, or undefined when the store keeps no copy of it. */
  wordsOf(index: number): Uint32Array | undefined;
  /** Lets the store drop the words of states before `index` (they have been expanded). */
  release(index: number): void;
  /** Each state's parent and action index, by state index (read to rebuild traces). */
  readonly records: TraceRecords;
  /** Bytes held in memory. */
  bytes(): number;
  /** Frees what the store holds outside the JavaScript heap (files). */
  dispose(): void;
}
