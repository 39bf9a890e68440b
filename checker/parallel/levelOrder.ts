/**
 * The states the workers of a parallel exact check stored, numbered in one breadth-first order:
 * level by level, and within a level worker 0's states first, then worker 1's, each in the order
 * it stored them. Analyses that need the whole state graph after the search (`neverStuck`) read
 * the shared store through it instead of searching the model again with one worker.
 *
 * `levelEnds[l][w]` is worker `w`'s count of stored states when level `l + 1` was complete, the
 * last entry the final counts; a level's states are those stored since the entry before.
 */
import type { StoredStates } from '../stuck.js';
import type { RecordedTransitions } from '../edgeLog.js';
import type { SharedStateStore } from './sharedStateStore.js';

/** The level order's ranges, in order: worker `w`'s states `from…to - 1`, numbered from `first` on. */
function levelRanges(levelEnds: readonly (readonly number[])[]): { worker: number; from: number; to: number; first: number }[] {
  const ranges: { worker: number; from: number; to: number; first: number }[] = [];
  let next = 0;
  let starts: readonly number[] = levelEnds[0]?.map(() => 0) ?? [];
  for (const ends of levelEnds) {
    ends.forEach((to, worker) => {
      if (to > starts[worker]) ranges.push({ worker, from: starts[worker], to, first: next });
      next += to - starts[worker];
    });
    starts = ends;
  }
  return ranges;
}

/**
 * The worker that stored state `n` of the level order, and the state's index in its arena.
 *
 * @example
 * levelOrderPosition([[1, 0], [3, 2], [4, 4]], 3); // { worker: 1, index: 0 }: the first state worker 1 stored
 */
export function levelOrderPosition(levelEnds: readonly (readonly number[])[], n: number): { worker: number; index: number } {
  const range = levelRanges(levelEnds).find((r) => n < r.first + r.to - r.from);
  if (range === undefined || n < 0) throw new RangeError(`state ${n} is not in the level order`);
  return { worker: range.worker, index: range.from + n - range.first };
}

/**
 * Per worker, per index in its arena: the state's number in the level order.
 *
 * @example
 * levelNumbers([[1, 0], [3, 2]]); // [Int32Array [0, 1, 2], Int32Array [3, 4]]
 */
export function levelNumbers(levelEnds: readonly (readonly number[])[]): Int32Array[] {
  const last = levelEnds[levelEnds.length - 1] ?? [];
  const numbers = last.map((n) => new Int32Array(n));
  for (const { worker, from, to, first } of levelRanges(levelEnds)) for (let i = from; i < to; i++) numbers[worker][i] = first + i - from;
  return numbers;
}

/** The level-order number of the state named `name` (`index × workers + worker`), from {@link levelNumbers}. */
function numberOf(numbers: readonly Int32Array[], name: number): number {
  const w = name % numbers.length;
  return numbers[w][(name - w) / numbers.length];
}

/**
 * The state graph of a finished search from the transitions its workers recorded (each in its
 * own log, states named `index × workers + worker`), in level-order numbers: `counts[n]`
 * transitions leave state `n`, their targets at `targets[offsets[n]…offsets[n + 1])`, in action
 * order. Each source's transitions are one run of one worker's log, so only the runs are sorted
 * (by a count of each source's transitions), never the transitions within a run.
 *
 * @example
 * // Worker 0 stored states 0 and 1, worker 1 state 0 (name 1); state 0 of worker 0 leads to both others.
 * const log = { runSources: Int32Array.of(0), runCounts: Int32Array.of(2), targets: Int32Array.of(2, 1) };
 * levelOrderTransitions([[1, 0], [2, 1]], [log, { runSources: new Int32Array(0), runCounts: new Int32Array(0), targets: new Int32Array(0) }]);
 * // { counts: [2, 0, 0], offsets: [0, 2, 2, 2], targets: [1, 2] }
 */
export function levelOrderTransitions(
  levelEnds: readonly (readonly number[])[],
  logs: readonly RecordedTransitions[],
): { counts: Int32Array; offsets: Int32Array; targets: Int32Array } {
  const numbers = levelNumbers(levelEnds);
  const count = numbers.reduce((n, a) => n + a.length, 0);
  const counts = new Int32Array(count);
  let edges = 0;
  for (const log of logs) {
    for (let r = 0; r < log.runSources.length; r++) counts[numberOf(numbers, log.runSources[r])] += log.runCounts[r];
    edges += log.targets.length;
  }
  const offsets = new Int32Array(count + 1);
  for (let n = 0; n < count; n++) offsets[n + 1] = offsets[n] + counts[n];
  if (offsets[count] !== edges) throw new Error(`the workers' logs hold ${edges} transitions but their runs count ${offsets[count]}`);
  const fill = offsets.slice(0, count);
  const targets = new Int32Array(edges);
  for (const log of logs) {
    let t = 0;
    for (let r = 0; r < log.runSources.length; r++) {
      const source = numberOf(numbers, log.runSources[r]);
      let at = fill[source];
      for (let c = 0; c < log.runCounts[r]; c++) targets[at++] = numberOf(numbers, log.targets[t++]);
      fill[source] = at;
    }
  }
  return { counts, offsets, targets };
}

/**
 * The shared store of a finished search, read in level order.
 *
 * @example
 * // In a worker, after the search: levelEnds[0] is the counts after the initial states
 * const states = new LevelOrder(store, [[1, 0], [3, 2], [4, 4]]);
 * states.count;                   // 8
 * states.chunkOf(3)[states.offsetOf(3)]; // the first word of the first state worker 1 stored
 */
export class LevelOrder implements StoredStates {
  readonly count: number;
  private readonly store: SharedStateStore;
  /** Per number: the worker that stored the state, and its index in that worker's arena. */
  private readonly owner: Uint8Array;
  private readonly local: Int32Array;
  /** Per worker, per index in its arena: the state's number. */
  private readonly numbers: Int32Array[];

  /** Reads `store`, a worker's view of the shared store after the search (its table and every chunk). */
  constructor(store: SharedStateStore, levelEnds: readonly (readonly number[])[]) {
    this.store = store;
    this.numbers = levelNumbers(levelEnds);
    this.count = this.numbers.reduce((n, a) => n + a.length, 0);
    this.owner = new Uint8Array(this.count);
    this.local = new Int32Array(this.count);
    this.numbers.forEach((numbers, worker) =>
      numbers.forEach((n, i) => {
        this.owner[n] = worker;
        this.local[n] = i;
      }),
    );
  }

  chunkOf(n: number): Uint32Array {
    return this.store.chunkFor(this.owner[n], this.local[n]);
  }

  offsetOf(n: number): number {
    return this.store.offsetOf(this.local[n]);
  }

  indexOf(buf: Uint32Array, at: number, hash: number): number {
    const name = this.store.nameOf(buf, at, hash);
    return name < 0 ? -1 : numberOf(this.numbers, name);
  }
}
