/**
 * A walk on an explicit directed graph, as a plain ES module built on the compiled checker in
 * dist/: worker threads of a parallel check run JavaScript, so they cannot load the TypeScript
 * of graphModel.ts. The same model: a state is the node the walk stands on, one `Go` action per
 * out-edge in edge-list order. Its properties watch one node, and a walker blocked on two nodes
 * in three.
 *
 * @example
 * checkParallel({ kind: 'module', url, exportName: 'graphWalk', args: [graph, 3] }, { workers: 2 });
 */
import { defineModel } from '../../dist/model/core/model.js';
import { int, record } from '../../dist/model/core/shape/index.js';
import { always, deadlockFree, neverStuck, sometimes } from '../../dist/properties/index.js';

/**
 * The walk on `graph` (`{ nodes, edges: [from, to][], init: node[] }`), with the properties
 * "reach k", "never k" and deadlock freedom for the watched node `k`, and "walker never stuck":
 * the walker is blocked on every node but those of `k`'s residue modulo 3. With `throwAt`, asking
 * whether the walker is blocked on that node throws (a broken predicate).
 *
 * @example
 * graphWalk({ nodes: 3, edges: [[0, 1], [1, 2]], init: [0] }, 2); // reaches 2 in two steps
 */
export function graphWalk(graph, k, throwAt = -1) {
  const out = Array.from({ length: graph.nodes }, () => []);
  for (const [from, to] of graph.edges) out[from].push({ kind: 'Go', to });
  return defineModel({
    name: `graphWalk(nodes=${graph.nodes},edges=${graph.edges.length},k=${k})`,
    shape: record({ node: int(0, graph.nodes - 1) }),
    init: () => graph.init.map((node) => ({ node })),
    actions: (s) => out[s.node],
    next: (_s, a) => ({ node: a.to }),
    properties: [
      sometimes(`reach ${k}`, (s) => s.node === k),
      always(`never ${k}`, (s) => s.node !== k),
      deadlockFree(),
      neverStuck('walker never stuck', {
        threads: ['walker'],
        blocked: (s) => {
          if (s.node === throwAt) throw new Error(`blocked() cannot judge node ${throwAt}`);
          return s.node % 3 !== k % 3;
        },
      }),
    ],
  });
}
