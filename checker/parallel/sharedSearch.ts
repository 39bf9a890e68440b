/**
 * A worker of a parallel check over one visited table shared by all (exact mode): it stores the
 * successors it finds new into its own arena, and expands states of any worker's frontier, which
 * it claims in blocks, its own first.
 */
import type { Action, Model } from '../../model/core/model.js';
import type { CheckOptions } from '../options.js';
import { CLOCK_EVERY, SearchEngine } from '../searchEngine.js';
import type { SharedStateStore } from './sharedStateStore.js';

/** Frontier states claimed at once. */
const CLAIM_BLOCK = 128;

/**
 * One worker's share of a search over a shared store, driven level by level by the coordinator.
 *
 * @example
 * const search = new SharedSearch(model, options, 0, 2, new SharedStateStore(buffers, 0));
 * search.expandClaims(); // 'levelDone', 'paused' or 'ended' ('slice' too, given a deadline)
 */
export class SharedSearch<S, A extends Action> extends SearchEngine<S, A> {
  /** The claimed block of frontier states not yet expanded: its owner, next state and end. */
  private claimOwner = 0;
  private claimNext = 0;
  private claimEnd = 0;

  constructor(model: Model<S, A>, options: CheckOptions, id: number, workers: number, shared: SharedStateStore) {
    super(model, options, { id, workers, shared });
  }

  /** States this worker stored for the next level (the others may expand them). */
  get frontier(): number {
    return this.store.count - this.levelEnd;
  }

  get queue(): number {
    return this.frontier;
  }

  /**
   * Expands blocks of the current level's states claimed from every worker's frontier (its own
   * first) until none is left ('levelDone'), a worker asked for a pause to make room ('paused':
   * call again after the resize, the claimed block is kept), the search must end ('ended'), or
   * `performance.now()` passed `sliceDeadline` ('slice': call again to go on, the claimed block is
   * kept; the coordinator's thread expands in slices so that its events are served).
   */
  expandClaims(sliceDeadline = Infinity): 'levelDone' | 'paused' | 'ended' | 'slice' {
    const shared = this.shared!;
    const budget = shared.batchRoom;
    let tick = 0;
    while (!this.done) {
      if (this.claimNext >= this.claimEnd && !this.claimBlock(shared)) return 'levelDone';
      tick += this.expansionBatch;
      if (tick >= CLOCK_EVERY) {
        tick = 0;
        const go = this.clock(sliceDeadline);
        if (go === false) break;
        if (go === 'slice') return 'slice';
      }
      if (shared.pauseRequested() || !shared.reserve(budget)) return 'paused';
      const before = shared.count;
      this.srcOwner = this.claimOwner;
      this.cursor = this.claimNext;
      const go = this.expandRange(Math.min(this.claimEnd, this.claimNext + this.expansionBatch), budget);
      this.claimNext = this.cursor;
      this.srcOwner = this.workerId;
      shared.settle(budget, shared.count - before);
      if (!go) break;
    }
    this.finish();
    return 'ended';
  }

  /** Claims the next block of frontier states, from this worker's frontier first. */
  private claimBlock(shared: SharedStateStore): boolean {
    for (let i = 0; i < this.workers; i++) {
      const w = (this.workerId + i) % this.workers;
      const from = shared.claimFrom(w, CLAIM_BLOCK);
      if (from >= 0) {
        this.claimOwner = w;
        this.claimNext = from;
        this.sampleBase = from;
        this.claimEnd = Math.min(from + CLAIM_BLOCK, shared.claimEnd(w));
        return true;
      }
    }
    return false;
  }

  /**
   * Starts a worker that joins the search at `level`, having started after the others began
   * (it has stored nothing, so its frontier of the coming level is empty).
   */
  joinAt(level: number): void {
    this.level = level;
    this.levelEnd = this.store.count;
  }

  /** Ends the search (the coordinator decided it is over). */
  end(): void {
    this.finish();
  }
}
