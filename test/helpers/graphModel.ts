/**
 * Tiny models over explicit directed graphs, for testing the checker itself.
 *
 * A state is the node the walk stands on; the enabled actions of a node are one `Go` per out-edge,
 * in edge-list order (duplicate edges give duplicate actions, self-loops are allowed). With a
 * random graph and a naive reference explorer this pins the checker's counts, distances and
 * verdicts exactly.
 */
import fc from 'fast-check';
import { defineModel, type Model } from '../../model/core/model.js';
import { array, int, record, type Infer } from '../../model/core/shape/index.js';
import type { Property } from '../../properties/property.js';

/** The state of a graph walk: the current node. */
export type GraphState = { readonly node: number };

/** Following one out-edge. */
export type GraphAction = { readonly kind: 'Go'; readonly to: number };

/** A directed graph with initial nodes: nodes are `0 … nodes-1`. */
export interface Graph {
  readonly nodes: number;
  /** `[from, to]` pairs; duplicates and self-loops allowed. Order gives the action order. */
  readonly edges: readonly (readonly [number, number])[];
  /** Initial nodes in order; duplicates allowed (each counts as one generated state). */
  readonly init: readonly number[];
}

/** A graph plus what the model built from it checks. */
export interface GraphModelSpec extends Graph {
  readonly properties?: readonly Property<GraphState, GraphAction>[];
  /** TLC CONSTRAINT on nodes. */
  readonly withinBounds?: (s: GraphState) => boolean;
  readonly name?: string;
}

/**
 * The model of a walk on `spec`'s graph.
 *
 * @example
 * const m = graphModel({ nodes: 3, edges: [[0, 1], [1, 2]], init: [0], properties: [deadlockFree()] });
 * check(m).verdicts['deadlock free'].status; // 'violated' (node 2 has no out-edge)
 */
export function graphModel(spec: GraphModelSpec): Model<GraphState, GraphAction> {
  const { nodes, edges, init } = spec;
  const shape = record({ node: int(0, nodes - 1) });
  const out: GraphAction[][] = Array.from({ length: nodes }, () => []);
  for (const [from, to] of edges) out[from].push({ kind: 'Go', to });
  const model: Model<Infer<typeof shape>, GraphAction> = defineModel({
    name: spec.name ?? `graph(nodes=${nodes},edges=${edges.length})`,
    shape,
    init: () => init.map((node) => ({ node })),
    actions: (s: GraphState) => out[s.node],
    next: (_s: GraphState, a: GraphAction) => ({ node: a.to }),
    properties: spec.properties ?? [],
    ...(spec.withinBounds ? { withinBounds: spec.withinBounds } : {}),
  });
  return model;
}

/** The out-degree of every node. */
export function outDegrees(g: Graph): number[] {
  const deg = new Array<number>(g.nodes).fill(0);
  for (const [from] of g.edges) deg[from]++;
  return deg;
}

/**
 * Random graphs: 1–40 nodes, 0–120 edges (self-loops and duplicate edges on purpose),
 * 1–3 initial nodes (possibly repeated).
 *
 * @example
 * fc.assert(fc.property(arbitraryGraph(), (g) => check(graphModel(g)).stats.distinct >= 1));
 */
export function arbitraryGraph(opts: { maxNodes?: number; maxEdges?: number } = {}): fc.Arbitrary<Graph> {
  const maxNodes = opts.maxNodes ?? 40;
  const maxEdges = opts.maxEdges ?? 120;
  return fc.integer({ min: 1, max: maxNodes }).chain((nodes) => {
    const node = fc.integer({ min: 0, max: nodes - 1 });
    const edge = fc.oneof(
      { arbitrary: fc.tuple(node, node), weight: 8 },
      { arbitrary: node.map((v) => [v, v] as [number, number]), weight: 1 },
    );
    // Edge counts around the node count give long chains and many deadlocks; up to the maximum, dense graphs.
    const edgeCount = fc.oneof(fc.integer({ min: 0, max: Math.min(maxEdges, 2 * nodes) }), fc.integer({ min: 0, max: maxEdges }));
    return fc
      .record({
        edges: edgeCount.chain((m) => fc.array(edge, { minLength: m, maxLength: m })),
        init: fc.array(node, { minLength: 1, maxLength: 3 }),
      })
      .chain(({ edges, init }) =>
        // Repeat some edges so that duplicate actions are common, not just possible.
        fc.array(fc.nat({ max: Math.max(edges.length - 1, 0) }), { maxLength: edges.length === 0 ? 0 : 10 }).map((dups) => ({
          nodes,
          edges: [...edges, ...dups.map((i) => edges[i])] as (readonly [number, number])[],
          init,
        })),
      )
      .map((g) => ({ ...g, edges: g.edges.slice(0, maxEdges) }));
  });
}

/**
 * One random flag per node of `g` (blocked, allowed…), indexed by node.
 *
 * @example
 * arbitraryGraph().chain((g) => fc.record({ g: fc.constant(g), allowed: nodeFlags(g) }));
 */
export function nodeFlags(g: Graph): fc.Arbitrary<boolean[]> {
  return fc.array(fc.boolean(), { minLength: g.nodes, maxLength: g.nodes });
}

/** A graph walk whose state also carries `pad` words derived from the node, to make states span several words. */
export type PaddedState = { readonly node: number; readonly pad: readonly number[] };

/**
 * The walk of {@link graphModel} with every state widened by `padWords` 32-bit words that are a
 * function of the node (some constant, some mixed from it): the same graph, so the same counts,
 * but an encoding of `padWords + 1` words.
 *
 * @example
 * check(paddedGraphModel(g, 4)).stats.stateBytes; // 20
 */
export function paddedGraphModel(spec: Graph & { readonly properties?: readonly Property<PaddedState, GraphAction>[] }, padWords: number): Model<PaddedState, GraphAction> {
  const { nodes, edges, init } = spec;
  const shape = record({ node: int(0, nodes - 1), pad: array(padWords, int(0, 2 ** 32 - 1)) });
  const padOf = (node: number) =>
    Array.from({ length: padWords }, (_, i) => (i % 2 === 0 ? 0xffffffff : Math.imul(node + 1, 0x9e3779b1) >>> (i % 5)) >>> 0);
  const pads = Array.from({ length: nodes }, (_, v) => padOf(v));
  const out: GraphAction[][] = Array.from({ length: nodes }, () => []);
  for (const [from, to] of edges) out[from].push({ kind: 'Go', to });
  return defineModel<PaddedState, GraphAction>({
    name: `paddedGraph(nodes=${nodes},edges=${edges.length},pad=${padWords})`,
    shape,
    init: () => init.map((node) => ({ node, pad: pads[node] })),
    actions: (s) => out[s.node],
    next: (_s, a) => ({ node: a.to, pad: pads[a.to] }),
    properties: spec.properties ?? [],
  });
}
