/**
 * A worker of a parallel check whose state space is split by hash (fingerprint mode): it owns the
 * states whose hash maps to it, expands them level by level, hands every successor another worker
 * owns to that worker (between levels, through the coordinator) and stores those the others hand
 * to it.
 */
import type { Action, Model } from '../../model/core/model.js';
import { hashWords } from '../../model/core/shape/hash.js';
import type { CheckOptions } from '../options.js';
import { CLOCK_EVERY, SearchEngine } from '../searchEngine.js';

/**
 * Worker `id` of `workers` in a partitioned check, and where it sends the successors it does
 * not own.
 *
 * @example
 * const p: Partition = { id: 0, workers: 2, route: (owner, words, at, parentRef, action) => outbox[owner].push(words, at, parentRef, action) };
 */
export interface Partition {
  readonly id: number;
  readonly workers: number;
  readonly route: (owner: number, words: Uint32Array, at: number, parentRef: number, action: number) => void;
}

/**
 * One worker's search of its partition, driven level by level by the coordinator.
 *
 * @example
 * const search = new PartitionedSearch(model, options, partition);
 * search.expandLevel(); // then exchange the routed successors, insertIncoming, nextLevel
 */
export class PartitionedSearch<S, A extends Action> extends SearchEngine<S, A> {
  constructor(model: Model<S, A>, options: CheckOptions, partition: Partition) {
    super(model, options, partition);
  }

  /** States of the next level waiting to be expanded (after the exchange). */
  get frontier(): number {
    return this.store.count - this.levelEnd;
  }

  get queue(): number {
    return this.frontier;
  }

  /**
   * Expands this worker's states of the current level (successors owned by other workers go to
   * the partition's `route`). Returns false when the search must end.
   */
  expandLevel(): boolean {
    if (this.done) return false;
    let tick = 0;
    while (this.cursor < this.levelEnd) {
      tick += this.expansionBatch;
      if (tick >= CLOCK_EVERY) {
        tick = 0;
        if (this.clock(Infinity) === false) break;
      }
      if (!this.expandRange(Math.min(this.levelEnd, this.cursor + this.expansionBatch))) break;
    }
    if (this.stoppedBy !== undefined || this.modelError !== undefined) {
      this.finish();
      return false;
    }
    return true;
  }

  /** Ends the search (the coordinator decided it is over). */
  end(): void {
    this.finish();
  }

  /**
   * Stores the states other workers generated for this one, `count` records of `words` words, a
   * parent reference and an action index each, at the next level. Returns false when the search
   * must end.
   */
  insertIncoming(records: Uint32Array, count: number): boolean {
    const words = this.codec.words;
    const stride = words + 2;
    let k = 0;
    for (let r = 0; r < count; r++) {
      if (k === this.batchHashes.length) {
        if (!this.storeBatch(k, this.level + 1, false)) return false;
        k = 0;
      }
      const at = k * words;
      const from = r * stride;
      for (let w = 0; w < words; w++) this.batchWords[at + w] = records[from + w];
      this.batchHashes[k] = hashWords(this.batchWords, at, words) | 0;
      this.batchParents[k] = records[from + words] | 0;
      this.batchActions[k] = records[from + words + 1];
      this.batchStates[k] = undefined;
      k++;
    }
    return this.storeBatch(k, this.level + 1, false);
  }
}
