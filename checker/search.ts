/**
 * The one-worker breadth-first search: the store is the queue, a cursor walks it level by level,
 * and the search runs in slices so that an asynchronous driver can yield between them.
 */
import type { Action, Model } from '../model/core/model.js';
import type { CheckOptions } from './options.js';
import { CLOCK_EVERY, SearchEngine } from './searchEngine.js';

/**
 * A breadth-first search over one model by one worker; `run` advances it until it ends or a
 * slice deadline.
 *
 * @example
 * const search = new Search(model, {});
 * while (!search.run(Infinity)) {}
 * search.store.count; // distinct states
 */
export class Search<S, A extends Action> extends SearchEngine<S, A> {
  constructor(model: Model<S, A>, options: CheckOptions) {
    super(model, options);
  }

  get queue(): number {
    return this.store.count - this.cursor;
  }

  /**
   * Expands states until the search ends or `performance.now()` passes `sliceDeadline`.
   * Returns true when the search has ended.
   */
  run(sliceDeadline: number): boolean {
    if (this.done) return true;
    const store = this.store;
    let tick = 0;
    while (this.cursor < store.count) {
      tick += this.expansionBatch;
      if (tick >= CLOCK_EVERY) {
        tick = 0;
        const go = this.clock(sliceDeadline);
        if (go === false) break;
        if (go === 'slice') return false;
      }
      if (this.cursor === this.levelEnd) this.nextLevel();
      if (!this.expandRange(Math.min(this.levelEnd, this.cursor + this.expansionBatch))) break;
    }
    this.finish();
    return true;
  }
}
