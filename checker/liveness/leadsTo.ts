/**
 * Deciding `p ~> q` (TLA+'s leads-to) under fairness on a complete state graph: every fair path
 * through a state where `p` holds reaches, from that state on, a state where `q` holds.
 *
 * It fails exactly when some reachable state with `p ∧ ¬q` can continue, through `¬q` states
 * only, into a fair cycle or into a deadlock (where the path stays for ever). The counterexample
 * is a lasso: a shortest path from an initial state to the first such `p` state in breadth-first
 * order, a shortest path on to the cycle (or deadlock), and a cycle through the fair component
 * that passes what fairness asks of it: a transition of every fair group that the component
 * enables and takes, and a state where each weakly fair group it never takes is disabled.
 * `eventually(q)` is `init ~> q`; `alwaysEventually(q)` is `true ~> q`.
 */
import { enabledGroups, fairComponents } from './fairComponents.js';
import { reverseWithin, type Fairness, type LabeledGraph } from './labeledGraph.js';
import { shortestPath, sourceOf } from './paths.js';

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
  const queue: number[] = [];
  for (let s = 0; s < g.count; s++) if (inside[s] && isEnd(s)) (doomed[s] = 1), queue.push(s);
  const back = reverseWithin(g, inside);
  for (let head = 0; head < queue.length; head++) {
    const t = queue[head];
    for (let i = back.offsets[t]; i < back.offsets[t + 1]; i++) {
      const s = back.sources[i];
      if (!doomed[s]) (doomed[s] = 1), queue.push(s);
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

/**
 * A cycle from `entry` through fair component `component` back to `entry` that takes a transition
 * of each fair group the component enables and takes, and passes a state where each weakly fair
 * group enabled in it but never taken is disabled.
 */
function fairCycle(g: LabeledGraph, component: readonly number[], entry: number, fairness: Fairness): number[] {
  const within = new Uint8Array(g.count);
  for (const s of component) within[s] = 1;
  const waypointEdges: number[] = [];
  const waypointStates: number[] = [];
  // Each state's enabled groups, read once rather than once per group.
  const enabledIn = component.map((s) => enabledGroups(g, s));
  for (let group = 0; group < fairness.kinds.length; group++) {
    if (fairness.kinds[group] === 'none') continue;
    let takenBy = -1;
    let enabled = false;
    let disabledAt = -1;
    for (let i = 0; i < component.length; i++) {
      const s = component[i];
      const here = enabledIn[i].includes(group);
      enabled ||= here;
      if (!here && disabledAt < 0) disabledAt = s;
      for (let e = g.offsets[s]; e < g.offsets[s + 1] && takenBy < 0; e++) if (g.groups[e] === group && within[g.targets[e]]) takenBy = e;
    }
    if (!enabled) continue;
    if (takenBy >= 0) waypointEdges.push(takenBy);
    else waypointStates.push(disabledAt);
  }
  const cycle: number[] = [];
  let at = entry;
  const goTo = (target: number) => {
    const path = shortestPath(g, [at], (s) => s === target, within)!;
    cycle.push(...path.edges);
    at = target;
  };
  for (const e of waypointEdges) {
    goTo(sourceOf(g, e));
    cycle.push(e);
    at = g.targets[e];
  }
  for (const s of waypointStates) goTo(s);
  if (cycle.length === 0) {
    // Nothing fairness asks for: any transition inside the component, then back.
    let first = -1;
    for (let e = g.offsets[entry]; e < g.offsets[entry + 1] && first < 0; e++) if (within[g.targets[e]]) first = e;
    cycle.push(first);
    at = g.targets[first];
  }
  goTo(entry);
  return cycle;
}
