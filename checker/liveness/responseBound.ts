/**
 * Worst-case response time on a complete state graph: the largest number of steps (or of steps of
 * a kind: each transition weighs 0 or 1) from a state where a request is outstanding to the first
 * state where it is answered, over every fair path.
 *
 * The bound is infinite in two ways. A fair path may never answer (`request ~> response` fails):
 * the lasso shows it. Or every fair path answers, but a cycle that weighs something can be run
 * round any number of times before the answer comes (fairness only says it ends, not when): the
 * witness is a lasso through that cycle, from the nearest request that reaches such a cycle, by a
 * shortest path into it, round the shortest cycle through where it enters that weighs something.
 * Otherwise the paths from a request to its response, cut where they answer, form an acyclic graph
 * once the cycles of weight 0 are collapsed, and the longest weighted path through it is the
 * bound, with a path that takes that long as witness.
 */
import { decideLeadsTo, type Lasso } from './leadsTo.js';
import { reverseWithin, type Fairness, type LabeledGraph } from './labeledGraph.js';
import { shortestPath, shortestPaths, sourceOf } from './paths.js';
import { forEachComponent } from './scc.js';

/**
 * The worst case: a number of steps with a path that takes that long (from initial state `start`,
 * `prefix` to the state where the request is outstanding, then `response` until it is answered),
 * or unbounded with a lasso: never answered on a fair path, or postponed by a cycle.
 *
 * @example
 * const r: ResponseBound = { bounded: true, steps: 4, start: 0, prefix: [0], response: [2, 5, 7, 9] };
 */
export type ResponseBound =
  | { readonly bounded: true; readonly steps: number; readonly start: number; readonly prefix: readonly number[]; readonly response: readonly number[] }
  | { readonly bounded: false; readonly why: 'never answered' | 'postponed by a cycle'; readonly lasso: Lasso };

/**
 * The worst-case response time on `g` (states reachable from `initial`) from the states in
 * `request` to the states in `response` (0/1 masks), counting each transition's `weight` (0 or 1
 * per transition), under `fairness`.
 *
 * @example
 * // 0 → 1 → 2 (answered); the request is outstanding in state 0: two steps.
 * const g = graphFromEdges(3, [[0, 1, 0], [1, 2, 0], [2, 2, 0]]);
 * responseBound(g, [0], Uint8Array.of(1, 0, 0), Uint8Array.of(0, 0, 1), Uint8Array.of(1, 1, 1), { kinds: ['weak'] });
 * // { bounded: true, steps: 2, start: 0, prefix: [], response: [0, 1] }
 */
export function responseBound(g: LabeledGraph, initial: Iterable<number>, request: Uint8Array, response: Uint8Array, weight: Uint8Array, fairness: Fairness): ResponseBound {
  const starts = [...initial];
  const never = decideLeadsTo(g, starts, request, response, fairness);
  if (!never.holds) return { bounded: false, why: 'never answered', lasso: never.lasso };
  const reachable = new Uint8Array(g.count);
  // Breadth-first queues: each state enters once, so typed arrays of the graph's size.
  const seen = new Int32Array(g.count);
  let seenTail = 0;
  for (const s of starts) if (!reachable[s]) (reachable[s] = 1), (seen[seenTail++] = s);
  for (let head = 0; head < seenTail; head++) {
    for (let e = g.offsets[seen[head]]; e < g.offsets[seen[head] + 1]; e++) if (!reachable[g.targets[e]]) (reachable[g.targets[e]] = 1), (seen[seenTail++] = g.targets[e]);
  }
  const outstanding = (s: number) => reachable[s] === 1 && request[s] === 1;
  // The region: unanswered states that a request reaches before its answer.
  const region = new Uint8Array(g.count);
  const regionQueue = seen; // the reachability search is done: its array is reused
  let tail = 0;
  for (let s = 0; s < g.count; s++) if (outstanding(s) && !response[s]) (region[s] = 1), (regionQueue[tail++] = s);
  for (let head = 0; head < tail; head++) {
    const s = regionQueue[head];
    for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) {
      const t = g.targets[e];
      if (!response[t] && !region[t]) (region[t] = 1), (regionQueue[tail++] = t);
    }
  }
  const queue = regionQueue.subarray(0, tail);
  // Longest weighted path to an answer, component by component, successors first (−1: none; every
  // path from there never answers, and none of them is fair, or the request would not lead to its answer).
  const longest = new Int32Array(g.count);
  const via = new Int32Array(g.count).fill(-1);
  const componentOf = new Int32Array(g.count).fill(-1);
  // The states of the components that postpone the answer: a cycle that weighs something and from which the answer can still come.
  const postponing = new Uint8Array(g.count);
  let anyPostponing = false;
  let c = -1;
  forEachComponent(g, region, queue, (component) => {
    c++;
    for (const s of component) componentOf[s] = c;
    let best = -1;
    let bestEdge = -1;
    let weighing = -1;
    for (const s of component) {
      for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) {
        const t = g.targets[e];
        if (componentOf[t] === c) {
          if (weight[e] && weighing < 0) weighing = e;
          continue;
        }
        if (!response[t] && longest[t] < 0) continue;
        const length = weight[e] + (response[t] ? 0 : longest[t]);
        if (length > best) (best = length), (bestEdge = e);
      }
    }
    // A cycle that weighs something and from which the answer can still come: round it as often as you like.
    // (The components that reach it get finite longest paths below, unused: the bound is infinite.)
    if (best >= 0 && weighing >= 0) {
      anyPostponing = true;
      for (const s of component) postponing[s] = 1;
    }
    for (const s of component) (longest[s] = best), (via[s] = bestEdge);
  });
  if (anyPostponing) return postponed();
  // The worst request: the largest bound, the nearest state in breadth-first order among equals.
  let worst = -1;
  const wait = (s: number) => (response[s] ? 0 : longest[s]);
  for (let s = 0; s < g.count; s++) if (outstanding(s) && wait(s) > worst) worst = wait(s);
  if (worst < 0) return { bounded: true, steps: 0, start: starts[0] ?? 0, prefix: [], response: [] };
  const toRequest = shortestPath(g, starts, (s) => outstanding(s) && wait(s) === worst)!;
  const from = toRequest.edges.length === 0 ? toRequest.start : g.targets[toRequest.edges[toRequest.edges.length - 1]];
  return { bounded: true, steps: worst, start: toRequest.start, prefix: toRequest.edges, response: responsePath(from) };

  /** The states of component `k` as a 0/1 mask (components are not kept: most are single states, and few paths need one). */
  function componentMask(k: number): Uint8Array {
    const inner = new Uint8Array(g.count);
    for (let x = 0; x < g.count; x++) if (componentOf[x] === k) inner[x] = 1;
    return inner;
  }

  /** The path that realizes the bound from `s`: inside a component to its best exit, then on. */
  function responsePath(s: number): number[] {
    const path: number[] = [];
    while (!response[s] && via[s] >= 0) {
      const exit = via[s];
      const source = sourceOf(g, exit);
      const inner = componentMask(componentOf[s]);
      path.push(...shortestPath(g, [s], (x) => x === source, inner)!.edges, exit);
      s = g.targets[exit];
    }
    return path;
  }

  /**
   * The bound is infinite: some component of unanswered states has a weighing cycle and a way on to
   * the answer. The lasso, like a leads-to lasso: a shortest path to the nearest request from which
   * such a component is reached, a shortest path from there into it, and the shortest cycle through
   * the state where it enters that weighs something (exact: one breadth-first search each way).
   */
  function postponed(): ResponseBound {
    // The unanswered states from which a postponing component is reached without an answer.
    const leadsIn = postponing.slice();
    const back = reverseWithin(g, region);
    const order: number[] = [];
    for (let s = 0; s < g.count; s++) if (postponing[s]) order.push(s);
    for (let head = 0; head < order.length; head++) {
      const t = order[head];
      for (let i = back.offsets[t]; i < back.offsets[t + 1]; i++) if (!leadsIn[back.sources[i]]) (leadsIn[back.sources[i]] = 1), order.push(back.sources[i]);
    }
    const toTrigger = shortestPath(g, starts, (x) => outstanding(x) && leadsIn[x] === 1)!;
    const trigger = toTrigger.edges.length === 0 ? toTrigger.start : g.targets[toTrigger.edges[toTrigger.edges.length - 1]];
    const toCycle = shortestPath(g, [trigger], (x) => postponing[x] === 1, region)!;
    const entry = toCycle.edges.length === 0 ? trigger : g.targets[toCycle.edges[toCycle.edges.length - 1]];
    return {
      bounded: false,
      why: 'postponed by a cycle',
      lasso: { start: toTrigger.start, prefix: [...toTrigger.edges, ...toCycle.edges], trigger: toTrigger.edges.length, cycle: weighingCycle(entry) },
    };
  }

  /** The shortest cycle through `entry` inside its component that takes a weighing transition, lowest transition first among equals. */
  function weighingCycle(entry: number): number[] {
    const inner = componentMask(componentOf[entry]);
    const from = shortestPaths(g, entry, inner, 'forward');
    const to = shortestPaths(g, entry, inner, 'backward');
    let best = -1;
    let shortest = Infinity;
    for (let s = 0; s < g.count; s++) {
      if (!inner[s]) continue;
      for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) {
        const t = g.targets[e];
        if (!inner[t] || !weight[e]) continue;
        const length = from.distance[s] + 1 + to.distance[t];
        if (length < shortest || (length === shortest && e < best)) (best = e), (shortest = length);
      }
    }
    return [...from.path(sourceOf(g, best)), best, ...to.path(g.targets[best])];
  }
}
