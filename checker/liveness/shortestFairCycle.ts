/**
 * The shortest fair cycle through a state, found exactly when the fairness bookkeeping is small.
 *
 * A closed walk from the entry back to it is fair when every weakly fair group enabled in each of
 * its states is taken on it, and every strongly fair group enabled in one of its states is taken
 * on it. Whether it will be depends only on three sets of groups, so a breadth-first search over
 * (state, groups taken, weakly fair groups enabled in every state so far together with strongly
 * fair groups enabled in some state so far) finds the shortest fair closed walk. With k fair groups
 * that the component enables, that is |component| · 4^k search states: exponential in k (the
 * problem is NP-hard), so the search runs only under a budget, and the caller falls back on a
 * heuristic above it.
 */
import { enabledGroups } from './fairComponents.js';
import type { Fairness, LabeledGraph } from './labeledGraph.js';

/**
 * The largest |component| · 4^k for which {@link shortestFairCycle} searches: about a million
 * search states (12 bytes each: parent, transition, queue place).
 *
 * @example
 * EXACT_SEARCH_LIMIT; // 1048576
 */
export const EXACT_SEARCH_LIMIT = 1 << 20;

/**
 * The shortest fair cycle (at least one step) inside `component` from `entry` back to `entry`, as
 * transition indices, earliest transitions first among equals; `undefined` when the search would
 * pass `limit` search states (or when there is no fair cycle through `entry`).
 *
 * @example
 * // 0 ⇄ 1 by thread 0, and a self-loop of thread 1 on state 1, strongly fair: it must be taken.
 * const g = graphFromEdges(2, [[0, 1, 0], [1, 0, 0], [1, 1, 1]]);
 * shortestFairCycle(g, [0, 1], 0, { kinds: ['weak', 'strong'] }); // [0, 2, 1]
 */
export function shortestFairCycle(g: LabeledGraph, component: readonly number[], entry: number, fairness: Fairness, limit: number = EXACT_SEARCH_LIMIT): number[] | undefined {
  if (component.length > limit) return undefined;
  // The fair groups the component enables somewhere, numbered 0 … k − 1 as bits; the scan stops as
  // soon as there are too many for the budget.
  const bitOf = new Int32Array(fairness.kinds.length);
  const enabledBits = new Int32Array(component.length);
  let k = 0;
  let weak = 0;
  let strong = 0;
  for (let i = 0; i < component.length; i++) {
    for (const group of enabledGroups(g, component[i])) {
      const kind = fairness.kinds[group];
      if (kind !== 'weak' && kind !== 'strong') continue;
      if (bitOf[group] === 0) {
        if (component.length * 4 ** (k + 1) > limit) return undefined;
        bitOf[group] = 1 << k++;
        if (kind === 'weak') weak |= bitOf[group];
        else strong |= bitOf[group];
      }
      enabledBits[i] |= bitOf[group];
    }
  }
  // Each state's place in the component (−1: outside).
  const local = new Int32Array(g.count).fill(-1);
  component.forEach((s, i) => (local[s] = i));
  // Search state: (local state · 2^k + taken) · 2^k + seen, where seen holds the weak bits enabled in
  // every state so far and the strong bits enabled in some state so far.
  const size = component.length << (2 * k);
  const parent = new Int32Array(size).fill(-1);
  const parentEdge = new Int32Array(size);
  const encode = (i: number, taken: number, seen: number) => (((i << k) | taken) << k) | seen;
  const step = (seen: number, bits: number) => (seen & weak & bits) | ((seen | bits) & strong);
  const start = encode(local[entry], 0, enabledBits[local[entry]] & (weak | strong));
  parent[start] = start;
  // Each search state enters the queue once.
  const queue = new Int32Array(size);
  queue[0] = start;
  let tail = 1;
  const mask = (1 << k) - 1;
  for (let head = 0; head < tail; head++) {
    const code = queue[head];
    const seen = code & mask;
    const taken = (code >> k) & mask;
    const s = component[code >> (2 * k)];
    for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) {
      const t = g.targets[e];
      const j = local[t];
      if (j < 0) continue;
      const nextTaken = taken | (g.groups[e] >= 0 ? bitOf[g.groups[e]] : 0);
      const nextSeen = step(seen, enabledBits[j]);
      if (t === entry && (nextSeen & ~nextTaken) === 0) return walkBack(code, e);
      const next = encode(j, nextTaken, nextSeen);
      if (parent[next] >= 0) continue;
      parent[next] = code;
      parentEdge[next] = e;
      queue[tail++] = next;
    }
  }
  return undefined;

  /** The transitions from the start to search state `code`, then `last`. */
  function walkBack(code: number, last: number): number[] {
    const edges = [last];
    for (; code !== start; code = parent[code]) edges.push(parentEdge[code]);
    return edges.reverse();
  }
}
