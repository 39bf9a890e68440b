/**
 * Strongly connected components of the part of a state graph inside a mask (Tarjan's algorithm,
 * iterative, so that a path of millions of states does not overflow the call stack). Its working
 * arrays are typed, a fixed 21 bytes a state, and each component is handed to the caller as a view
 * of one shared array rather than kept: a graph of a million states is mostly components of one
 * state, which as arrays of their own cost tens of megabytes the memory guard never saw.
 */
import type { LabeledGraph } from './labeledGraph.js';

/**
 * Calls `visit` with each strongly connected component of the subgraph of `g` induced by the
 * states `s` with `inside[s] !== 0`, reached from `starts` (states outside the mask are skipped),
 * in reverse topological order (a component's successors come before it), as Tarjan's algorithm
 * finds them. The component is a view valid only during the call: copy it to keep it.
 *
 * @example
 * const g = graphFromEdges(3, [[0, 1, 0], [1, 0, 0], [1, 2, 0]]);
 * forEachComponent(g, Uint8Array.of(1, 1, 1), [0], (c) => console.log([...c])); // [2], then [1, 0]
 */
export function forEachComponent(g: LabeledGraph, inside: Uint8Array, starts: ArrayLike<number>, visit: (component: Int32Array) => void): void {
  const n = g.count;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  // Each state enters the component stack once and the call stack once: n entries each suffice.
  const stack = new Int32Array(n);
  const callState = new Int32Array(n);
  const callEdge = new Int32Array(n);
  let stackTop = 0;
  let callTop = 0;
  let counter = 0;
  for (let r = 0; r < starts.length; r++) {
    const root = starts[r];
    if (!inside[root] || index[root] >= 0) continue;
    index[root] = low[root] = counter++;
    stack[stackTop++] = root;
    onStack[root] = 1;
    callState[callTop] = root;
    callEdge[callTop++] = g.offsets[root];
    while (callTop > 0) {
      const top = callTop - 1;
      const s = callState[top];
      const e = callEdge[top];
      if (e < g.offsets[s + 1]) {
        callEdge[top] = e + 1;
        const t = g.targets[e];
        if (!inside[t]) continue;
        if (index[t] < 0) {
          index[t] = low[t] = counter++;
          stack[stackTop++] = t;
          onStack[t] = 1;
          callState[callTop] = t;
          callEdge[callTop++] = g.offsets[t];
        } else if (onStack[t] && index[t] < low[s]) low[s] = index[t];
        continue;
      }
      // Every transition of s is done: s roots a component, or passes its low link up.
      callTop--;
      if (callTop > 0) {
        const parent = callState[callTop - 1];
        if (low[s] < low[parent]) low[parent] = low[s];
      }
      if (low[s] === index[s]) {
        // The component is the stack above s, s included; popped in reverse, as Tarjan pops it.
        let bottom = stackTop - 1;
        while (stack[bottom] !== s) bottom--;
        for (let k = bottom; k < stackTop; k++) onStack[stack[k]] = 0;
        const component = stack.subarray(bottom, stackTop).reverse();
        stackTop = bottom;
        visit(component);
      }
    }
  }
}
