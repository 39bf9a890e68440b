/**
 * Shortest paths in a state graph, as lists of transition indices, for building lassos.
 */
import type { LabeledGraph } from './labeledGraph.js';

/**
 * A shortest path (fewest transitions) from any state in `from` to a state for which `goal` holds,
 * through states inside `inside` only (when given), as `{ start, edges }`; `undefined` when there
 * is none. A start that is itself a goal gives an empty path.
 *
 * @example
 * const g = graphFromEdges(3, [[0, 1, 0], [1, 2, 0]]);
 * shortestPath(g, [0], (s) => s === 2); // { start: 0, edges: [0, 1] }
 */
export function shortestPath(
  g: LabeledGraph,
  from: Iterable<number>,
  goal: (s: number) => boolean,
  inside?: Uint8Array,
): { readonly start: number; readonly edges: number[] } | undefined {
  const via = new Int32Array(g.count).fill(-2);
  const queue: number[] = [];
  for (const s of from) {
    if ((inside && !inside[s]) || via[s] !== -2) continue;
    via[s] = -1;
    queue.push(s);
  }
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head];
    if (goal(s)) return { start: walkBack(s), edges: edgesTo(s) };
    for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) {
      const t = g.targets[e];
      if ((inside && !inside[t]) || via[t] !== -2) continue;
      via[t] = e;
      queue.push(t);
    }
  }
  return undefined;

  function walkBack(s: number): number {
    while (via[s] >= 0) s = sourceOf(g, via[s]);
    return s;
  }
  function edgesTo(s: number): number[] {
    const edges: number[] = [];
    while (via[s] >= 0) {
      edges.push(via[s]);
      s = sourceOf(g, via[s]);
    }
    return edges.reverse();
  }
}

/**
 * The source state of transition `e` (the row of `g` that holds it).
 *
 * @example
 * sourceOf(graphFromEdges(3, [[0, 1, 0], [2, 0, 0]]), 1); // 2
 */
export function sourceOf(g: LabeledGraph, e: number): number {
  let lo = 0;
  let hi = g.count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (g.offsets[mid] <= e) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
