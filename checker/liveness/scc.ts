/**
 * Strongly connected components of the part of a state graph inside a mask (Tarjan's algorithm,
 * iterative, so that a path of millions of states does not overflow the call stack).
 */
import type { LabeledGraph } from './labeledGraph.js';

/**
 * The strongly connected components of the subgraph of `g` induced by the states `s` with
 * `inside[s] !== 0`, reached from `starts` (states outside the mask are skipped). Each component is
 * a list of states; components come in reverse topological order (a component's successors come
 * before it), as Tarjan's algorithm finds them.
 *
 * @example
 * const g = graphFromEdges(3, [[0, 1, 0], [1, 0, 0], [1, 2, 0]]);
 * stronglyConnected(g, Uint8Array.of(1, 1, 1), [0]); // [[2], [1, 0]]
 */
export function stronglyConnected(g: LabeledGraph, inside: Uint8Array, starts: Iterable<number>): number[][] {
  const n = g.count;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack: number[] = [];
  const callState: number[] = [];
  const callEdge: number[] = [];
  const out: number[][] = [];
  let counter = 0;
  for (const root of starts) {
    if (!inside[root] || index[root] >= 0) continue;
    index[root] = low[root] = counter++;
    stack.push(root);
    onStack[root] = 1;
    callState.push(root);
    callEdge.push(g.offsets[root]);
    while (callState.length > 0) {
      const top = callState.length - 1;
      const s = callState[top];
      const e = callEdge[top];
      if (e < g.offsets[s + 1]) {
        callEdge[top] = e + 1;
        const t = g.targets[e];
        if (!inside[t]) continue;
        if (index[t] < 0) {
          index[t] = low[t] = counter++;
          stack.push(t);
          onStack[t] = 1;
          callState.push(t);
          callEdge.push(g.offsets[t]);
        } else if (onStack[t] && index[t] < low[s]) low[s] = index[t];
        continue;
      }
      // Every transition of s is done: s roots a component, or passes its low link up.
      callState.pop();
      callEdge.pop();
      if (callState.length > 0) {
        const parent = callState[callState.length - 1];
        if (low[s] < low[parent]) low[parent] = low[s];
      }
      if (low[s] === index[s]) {
        const component: number[] = [];
        let t: number;
        do {
          t = stack.pop()!;
          onStack[t] = 0;
          component.push(t);
        } while (t !== s);
        out.push(component);
      }
    }
  }
  return out;
}
