/**
 * The reachable state graph as the liveness analyses read it: compressed rows of transitions, each
 * labelled with the fairness group of the action that made it.
 *
 * Fairness is about groups of actions (a thread's steps, or a named set of actions): a group is
 * *taken* by a transition of it, and *enabled* in a state when one of the state's transitions
 * belongs to it, unless the graph says which groups are enabled where (a thread that is ready to
 * run is enabled in the scheduler's sense even while another thread holds the processor). Transitions of the environment (a timeout firing, a value chosen) belong to no
 * group (label −1). A state with no transitions is a deadlock; a path that reaches it stays there
 * for ever (it stutters), which no fairness forbids since nothing is enabled there.
 */

/**
 * A state graph in compressed rows: the transitions of state `s` are `offsets[s] … offsets[s + 1]`
 * of `targets` and `groups`.
 *
 * @example
 * // 0 → 1 by thread 0, 1 → 0 by thread 1, 1 → 1 by a timeout (no group)
 * const g: LabeledGraph = { count: 2, offsets: Int32Array.of(0, 1, 3), targets: Int32Array.of(1, 0, 1), groups: Int32Array.of(0, 1, -1) };
 */
export interface LabeledGraph {
  /** States, numbered 0 … count − 1. */
  readonly count: number;
  /** `count + 1` row starts into `targets` and `groups`. */
  readonly offsets: Int32Array;
  /** Per transition: its target state. */
  readonly targets: Int32Array;
  /** Per transition: the fairness group of its action, or −1 for none. */
  readonly groups: Int32Array;
  /**
   * The groups enabled in each state, when not those of its transitions: state `s`'s are
   * `enabled.groups[enabled.offsets[s] … enabled.offsets[s + 1])`.
   */
  readonly enabled?: { readonly offsets: Int32Array; readonly groups: Int32Array };
}

/**
 * How each fairness group must be treated: weakly fair (continuously enabled from some point on
 * implies taken infinitely often), strongly fair (enabled infinitely often implies taken
 * infinitely often), or not at all.
 *
 * @example
 * const f: Fairness = { kinds: ['weak', 'weak', 'strong'] }; // groups 0 and 1 weak, group 2 strong
 */
export interface Fairness {
  readonly kinds: readonly ('weak' | 'strong' | 'none')[];
}

/**
 * Builds a {@link LabeledGraph} from a list of transitions `[source, target, group]`, keeping
 * each state's transitions in the order given.
 *
 * @example
 * const g = graphFromEdges(2, [[0, 1, 0], [1, 0, 1]]);
 * g.offsets; // Int32Array [0, 1, 2]
 */
export function graphFromEdges(count: number, edges: readonly (readonly [number, number, number])[]): LabeledGraph {
  const offsets = new Int32Array(count + 1);
  for (const [s] of edges) offsets[s + 1]++;
  for (let s = 0; s < count; s++) offsets[s + 1] += offsets[s];
  const fill = offsets.slice(0, count);
  const targets = new Int32Array(edges.length);
  const groups = new Int32Array(edges.length);
  for (const [s, t, g] of edges) {
    const at = fill[s]++;
    targets[at] = t;
    groups[at] = g;
  }
  return { count, offsets, targets, groups };
}

/**
 * The predecessors of every state within `inside` (a 0/1 mask), in compressed rows: the sources of
 * the transitions into `t` are `sources[offsets[t] … offsets[t + 1])`, and `edges` gives the index
 * of each such transition in the forward graph.
 *
 * @example
 * const r = reverseWithin(graphFromEdges(2, [[0, 1, 0]]), Uint8Array.of(1, 1));
 * r.sources; // Int32Array [0]: state 1's predecessor
 */
export function reverseWithin(g: LabeledGraph, inside: Uint8Array): { readonly offsets: Int32Array; readonly sources: Int32Array; readonly edges: Int32Array } {
  const offsets = new Int32Array(g.count + 1);
  for (let s = 0; s < g.count; s++) {
    if (!inside[s]) continue;
    for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) if (inside[g.targets[e]]) offsets[g.targets[e] + 1]++;
  }
  for (let s = 0; s < g.count; s++) offsets[s + 1] += offsets[s];
  const fill = offsets.slice(0, g.count);
  const sources = new Int32Array(offsets[g.count]);
  const edges = new Int32Array(offsets[g.count]);
  for (let s = 0; s < g.count; s++) {
    if (!inside[s]) continue;
    for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) {
      const t = g.targets[e];
      if (!inside[t]) continue;
      const at = fill[t]++;
      sources[at] = s;
      edges[at] = e;
    }
  }
  return { offsets, sources, edges };
}
