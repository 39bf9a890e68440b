/**
 * Shortest paths in a state graph, as lists of transition indices, for building lassos.
 */
import { reverseWithin, type LabeledGraph } from './labeledGraph.js';

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
  // Each state enters the queue once: a typed array of the graph's size.
  const queue = new Int32Array(g.count);
  let tail = 0;
  for (const s of from) {
    if ((inside && !inside[s]) || via[s] !== -2) continue;
    via[s] = -1;
    queue[tail++] = s;
  }
  for (let head = 0; head < tail; head++) {
    const s = queue[head];
    if (goal(s)) return { start: walkBack(s), edges: edgesTo(s) };
    for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) {
      const t = g.targets[e];
      if ((inside && !inside[t]) || via[t] !== -2) continue;
      via[t] = e;
      queue[tail++] = t;
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
 * A breadth-first tree inside `inside` (a 0/1 mask) rooted at `root`: `'forward'` gives each
 * state's distance from the root and `path(s)` the transitions from the root to it; `'backward'`
 * gives each state's distance to the root and `path(s)` the transitions from it to the root.
 * Unreached states have distance −1. Among equally short paths, the one through transitions found
 * first (lower state, then lower transition index, in breadth-first order) is kept.
 *
 * @example
 * const g = graphFromEdges(3, [[0, 1, 0], [1, 2, 0], [2, 0, 0]]);
 * const to = shortestPaths(g, 0, Uint8Array.of(1, 1, 1), 'backward');
 * to.distance; // Int32Array [0, 2, 1]
 * to.path(1); // [1, 2]
 */
export function shortestPaths(g: LabeledGraph, root: number, inside: Uint8Array, direction: 'forward' | 'backward'): { readonly distance: Int32Array; path(s: number): number[] } {
  const distance = new Int32Array(g.count).fill(-1);
  const tree = new Int32Array(g.count).fill(-1);
  const order = [root];
  distance[root] = 0;
  if (direction === 'forward') {
    for (let head = 0; head < order.length; head++) {
      const s = order[head];
      for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) {
        const t = g.targets[e];
        if (inside[t] && distance[t] < 0) (distance[t] = distance[s] + 1), (tree[t] = e), order.push(t);
      }
    }
    return {
      distance,
      path(s) {
        const edges: number[] = [];
        for (; s !== root; s = sourceOf(g, tree[s])) edges.push(tree[s]);
        return edges.reverse();
      },
    };
  }
  const back = reverseWithin(g, inside);
  for (let head = 0; head < order.length; head++) {
    const t = order[head];
    for (let i = back.offsets[t]; i < back.offsets[t + 1]; i++) {
      const s = back.sources[i];
      if (distance[s] < 0) (distance[s] = distance[t] + 1), (tree[s] = back.edges[i]), order.push(s);
    }
  }
  return {
    distance,
    path(s) {
      const edges: number[] = [];
      for (; s !== root; s = g.targets[tree[s]]) edges.push(tree[s]);
      return edges;
    },
  };
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
