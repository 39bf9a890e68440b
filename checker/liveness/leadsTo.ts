/**
 * Deciding `p ~> q` (TLA+'s leads-to) under fairness on a complete state graph: every fair path
 * through a state where `p` holds reaches, from that state on, a state where `q` holds.
 *
 * It fails exactly when some reachable state with `p ∧ ¬q` can continue, through `¬q` states
 * only, into a fair cycle or into a deadlock (where the path stays for ever). The counterexample
 * is a lasso: a shortest path from an initial state to the first such `p` state in breadth-first
 * order, a shortest path on to the nearest fair component (or deadlock), and a short fair cycle
 * from the state where that path enters the component back to it ({@link fairCycle}: the shortest
 * one when an exact search over the fairness bookkeeping fits its budget, else a greedy walk to
 * the nearest open requirement first, shortened; the shortest fair cycle is NP-hard in general).
 * `eventually(q)` is `init ~> q`; `alwaysEventually(q)` is `true ~> q`.
 */
import { fairComponents } from './fairComponents.js';
import { fairCycle } from './fairCycle.js';
import { reverseWithin, type Fairness, type LabeledGraph } from './labeledGraph.js';
import { shortestPath } from './paths.js';

/**
 * A lasso: from initial state `start`, the transitions of `prefix`, then those of `cycle` for ever
 * (back to the state `prefix` ends in). An empty cycle means the prefix ends in a deadlock, where
 * the path stays. `trigger` is how many transitions of the prefix lead to the state where the
 * premise held.
 *
 * @example
 * const l: Lasso = { start: 0, prefix: [0, 3], trigger: 1, cycle: [5, 6] };
 */
export interface Lasso {
  readonly start: number;
  readonly prefix: readonly number[];
  readonly trigger: number;
  readonly cycle: readonly number[];
}

/**
 * The verdict of a liveness check on a graph: holds, or fails with a lasso.
 *
 * @example
 * const v: LivenessOutcome = { holds: false, lasso: { start: 0, prefix: [], trigger: 0, cycle: [0] } };
 */
export type LivenessOutcome = { readonly holds: true } | { readonly holds: false; readonly lasso: Lasso };

/**
 * Decides `p ~> q` on `g` (every state reachable from `initial`) under `fairness`; `p` and `q`
 * are 0/1 masks over the states.
 *
 * @example
 * // Thread 0 spins in state 0; thread 1 can move to state 1 (q). Under weak fairness thread 1 moves.
 * const g = graphFromEdges(2, [[0, 0, 0], [0, 1, 1], [1, 1, 0]]);
 * decideLeadsTo(g, [0], Uint8Array.of(1, 0), Uint8Array.of(0, 1), { kinds: ['weak', 'weak'] }).holds; // true
 * decideLeadsTo(g, [0], Uint8Array.of(1, 0), Uint8Array.of(0, 1), { kinds: ['weak', 'none'] }).holds; // false
 */
export function decideLeadsTo(g: LabeledGraph, initial: Iterable<number>, p: Uint8Array, q: Uint8Array, fairness: Fairness): LivenessOutcome {
  const inside = new Uint8Array(g.count);
  for (let s = 0; s < g.count; s++) inside[s] = q[s] ? 0 : 1;
  const fair = fairComponents(g, inside, fairness);
  const isEnd = (s: number) => fair.componentOf[s] >= 0 || g.offsets[s] === g.offsets[s + 1];
  // The ¬q states from which a path can stay in ¬q for ever: backwards from the fair components and deadlocks.
  const doomed = new Uint8Array(g.count);
  // Each state enters the queue once: a typed array of the graph's size, not a growing list.
  const queue = new Int32Array(g.count);
  let tail = 0;
  for (let s = 0; s < g.count; s++) if (inside[s] && isEnd(s)) (doomed[s] = 1), (queue[tail++] = s);
  const back = reverseWithin(g, inside);
  for (let head = 0; head < tail; head++) {
    const t = queue[head];
    for (let i = back.offsets[t]; i < back.offsets[t + 1]; i++) {
      const s = back.sources[i];
      if (!doomed[s]) (doomed[s] = 1), (queue[tail++] = s);
    }
  }
  const toTrigger = shortestPath(g, initial, (s) => p[s] === 1 && doomed[s] === 1);
  if (!toTrigger) return { holds: true };
  const trigger = toTrigger.edges.length === 0 ? toTrigger.start : g.targets[toTrigger.edges[toTrigger.edges.length - 1]];
  const toEnd = shortestPath(g, [trigger], isEnd, inside)!;
  const entry = toEnd.edges.length === 0 ? trigger : g.targets[toEnd.edges[toEnd.edges.length - 1]];
  const prefix = [...toTrigger.edges, ...toEnd.edges];
  const c = fair.componentOf[entry];
  const cycle = c < 0 ? [] : fairCycle(g, fair.components[c], entry, fairness);
  return { holds: false, lasso: { start: toTrigger.start, prefix, trigger: toTrigger.edges.length, cycle } };
}
