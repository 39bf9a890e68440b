/**
 * The states the workers of a parallel exact check stored, numbered in one breadth-first order:
 * level by level, and within a level worker 0's states first, then worker 1's, each in the order
 * it stored them. Analyses that need the whole state graph after the search (`neverStuck`) read
 * the shared store through it instead of searching the model again with one worker.
 */
import type { StoredStates } from '../stuck.js';
import type { SharedStateStore } from './sharedStateStore.js';

/**
 * The shared store of a finished search, read in level order.
 *
 * @example
 * // levelEnds[l][w]: worker w's state count when level l + 1 ended (the first entry: after the initial states)
 * const states = new LevelOrder(new SharedStateStore(control.current(), 0), [[1, 0], [3, 2], [4, 4]]);
 * states.count;          // 8
 * states.locate(3);      // { worker: 1, index: 0 }: the first state worker 1 stored
 */
export class LevelOrder implements StoredStates {
  readonly count: number;
  private readonly store: SharedStateStore;
  private readonly workers: number;
  /** Per number: the worker that stored the state, and its index in that worker's arena. */
  private readonly owner: Uint8Array;
  private readonly local: Int32Array;
  /** Per worker, per index in its arena: the state's number. */
  private readonly numbers: Int32Array[];

  /**
   * Reads `store`, any worker's view of the shared store as it is after the search (its table
   * and every chunk). `levelEnds[l][w]` is worker `w`'s count of stored states when level `l + 1`
   * was complete, the last entry the final counts; a level's states are those stored since the
   * entry before.
   */
  constructor(store: SharedStateStore, levelEnds: readonly (readonly number[])[]) {
    this.store = store;
    this.workers = store.workers;
    const last = levelEnds[levelEnds.length - 1] ?? [];
    this.count = last.reduce((n, c) => n + c, 0);
    this.owner = new Uint8Array(this.count);
    this.local = new Int32Array(this.count);
    this.numbers = Array.from({ length: this.workers }, (_, w) => new Int32Array(last[w] ?? 0));
    let next = 0;
    let from = new Array<number>(this.workers).fill(0);
    for (const ends of levelEnds) {
      for (let w = 0; w < this.workers; w++) {
        for (let i = from[w]; i < ends[w]; i++) {
          this.owner[next] = w;
          this.local[next] = i;
          this.numbers[w][i] = next++;
        }
      }
      from = [...ends];
    }
  }

  /** The worker that stored state `n`, and the state's index in that worker's arena. */
  locate(n: number): { worker: number; index: number } {
    return { worker: this.owner[n], index: this.local[n] };
  }

  chunkOf(n: number): Uint32Array {
    return this.store.chunkFor(this.owner[n], this.local[n]);
  }

  offsetOf(n: number): number {
    return this.store.offsetOf(this.local[n]);
  }

  indexOf(buf: Uint32Array, at: number, hash: number): number {
    const name = this.store.nameOf(buf, at, hash);
    if (name < 0) return -1;
    const w = name % this.workers;
    return this.numbers[w][(name - w) / this.workers];
  }
}
