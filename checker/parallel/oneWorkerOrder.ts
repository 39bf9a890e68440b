/**
 * The states of a parallel exact check renumbered as the one-worker search numbers them, with the
 * transitions in the order it records them, so that the liveness analysis after a parallel search
 * reads the very graph it reads after a one-worker search and finds the same lassos and bounds.
 *
 * The liveness algorithms choose among equally good answers (which fair component, which shortest
 * prefix, which state of a cycle first) by state number; the level order (`levelOrder.ts`) numbers
 * the states of a level worker by worker, which changes those choices but not the verdicts. One
 * worker's order is breadth-first discovery order: the initial states as `init()` lists them, then
 * each state's successors, in action order, as they are first seen. Rebuilding it from the level
 * order's graph is one breadth-first pass over that graph, which also yields the transitions as one
 * worker's transition log holds them.
 */
import { EdgeLog } from '../edgeLog.js';
import { MemoryLimitReached, type MemoryGuard } from '../memory.js';
import type { StoredStates } from '../stuck.js';

/**
 * A parallel search's states in one worker's numbering.
 *
 * @example
 * const one = oneWorkerOrder(new LevelOrder(store, levelEnds), levelEnds[0][0], graph.offsets, graph.targets, guard);
 * decideLiveness(model, codec, one.states, levelEnds[0][0], one.log, limit);
 */
export interface OneWorkerOrder {
  /** The states, numbered as one worker's store numbers them. */
  readonly states: StoredStates;
  /** The transitions in the order one worker's search records them; not recording when its guard refused a chunk. */
  readonly log: EdgeLog;
  /** Per state (one worker's number): its number in the level order. */
  readonly levelNumber: Int32Array;
}

/**
 * Renumbers the states of `levelOrder` (its first `initial` states the initial states, in the
 * order `init()` lists them, as worker 0 stores them) in one worker's breadth-first discovery
 * order, over the level order's graph (`targets[offsets[n]…offsets[n + 1])`: the successors of
 * state `n` in action order). Throws {@link MemoryLimitReached} when `guard` refuses the
 * numbering's 8 bytes a state; the log stops recording (and the analysis expands the states
 * again) when it refuses a chunk of the log. Throws an `Error` when the graph leaves a state
 * unreached (the search stores only reachable states).
 *
 * @example
 * // Level order: 0 → 2, 0 → 1; one worker sees 2 first, so it is number 1 there.
 * const one = oneWorkerOrder(states, 1, Int32Array.of(0, 2, 2, 2), Int32Array.of(2, 1), () => true);
 * one.levelNumber; // Int32Array [0, 2, 1]
 */
export function oneWorkerOrder(levelOrder: StoredStates, initial: number, offsets: Int32Array, targets: Int32Array, guard: MemoryGuard): OneWorkerOrder {
  const n = levelOrder.count;
  if (!guard(8 * n)) throw new MemoryLimitReached(8 * n);
  /** Per level-order number: one worker's number (-1 until seen). */
  const numberOf = new Int32Array(n).fill(-1);
  const levelNumber = new Int32Array(n);
  for (let i = 0; i < initial; i++) {
    numberOf[i] = i;
    levelNumber[i] = i;
  }
  const log = new EdgeLog(guard);
  let seen = initial;
  for (let u = 0; u < seen; u++) {
    const v = levelNumber[u];
    for (let e = offsets[v]; e < offsets[v + 1]; e++) {
      const t = targets[e];
      let w = numberOf[t];
      if (w < 0) {
        w = seen++;
        numberOf[t] = w;
        levelNumber[w] = t;
      }
      log.append(u, w);
    }
  }
  if (seen !== n) throw new Error(`the workers' state graph reaches ${seen} of its ${n} states from the initial states`);
  const states: StoredStates = {
    count: n,
    chunkOf: (i) => levelOrder.chunkOf(levelNumber[i]),
    offsetOf: (i) => levelOrder.offsetOf(levelNumber[i]),
    indexOf: (buf, at, hash) => {
      const l = levelOrder.indexOf(buf, at, hash);
      return l < 0 ? -1 : numberOf[l];
    },
    allocationGuard: guard,
  };
  return { states, log, levelNumber };
}
