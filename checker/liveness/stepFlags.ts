/**
 * Step predicates (action predicates) as state masks: the product of a state graph with what its
 * last step was. A liveness premise or goal over steps (`afterStep`) is not a property of the
 * state a step reaches, since the same state may be reached by other steps; but what comes after
 * a step depends only on the state it reaches. So each state entered by a premise step or a goal
 * step gets a copy of its own (with the same transitions and fairness), and the premise or goal
 * holds on those copies: the graph algorithms then run unchanged, and what they find maps back to
 * the original states and transitions one for one.
 */
import type { LabeledGraph } from './labeledGraph.js';

/**
 * A state graph with its states split by the kind of step that entered them: product state `p`
 * is original state `stateOf[p]`, entered by a premise step when `afterPremise[p]`, by a goal
 * step when `afterGoal[p]`; product transition `e` is original transition `edgeOf[e]`. The
 * original states keep their numbers (the copies come after them), so the initial states are
 * the same.
 *
 * @example
 * const f = withStepFlags(g, premiseSteps, goalSteps);
 * f.graph.count >= g.count; // true
 */
export interface FlaggedGraph {
  readonly graph: LabeledGraph;
  readonly stateOf: Int32Array;
  readonly edgeOf: Int32Array;
  readonly afterPremise: Uint8Array;
  readonly afterGoal: Uint8Array;
}

/**
 * The bytes {@link withStepFlags} allocates for a graph of `states` states, `edges` transitions
 * and `enabled` entries of enabled groups, at most (every state entered by every kind of step),
 * to ask the memory guard first.
 *
 * @example
 * stepFlagBytes(1000, 4000, 3000); // an upper bound in bytes
 */
export function stepFlagBytes(states: number, edges: number, enabled: number): number {
  // The copy index (12 a state); per product state (at most 4 per state) its offsets, maps and
  // flags (14, and 4 for its enabled offsets); per product transition (at most 4 per transition)
  // its target, group and map (12); the enabled groups copied (at most 4 times, 4 bytes each).
  return 12 * states + 4 * 18 * states + 4 * 12 * edges + 4 * 4 * enabled;
}

/**
 * Splits the states of `g` by the step that entered them: `premiseSteps[e]` / `goalSteps[e]`
 * (per transition, 0 or 1; either may be absent) mark the premise's and the goal's steps.
 *
 * @example
 * // 0 → 1 by a premise step, 1 → 0 by an ordinary one: state 1 is entered only by the premise step.
 * const f = withStepFlags(graphFromEdges(2, [[0, 1, 0], [1, 0, 0]]), Uint8Array.of(1, 0), undefined);
 * [...f.stateOf];      // [0, 1, 1]: state 2 is state 1 after the premise step
 * [...f.afterPremise]; // [0, 0, 1]
 */
export function withStepFlags(g: LabeledGraph, premiseSteps: Uint8Array | undefined, goalSteps: Uint8Array | undefined): FlaggedGraph {
  const n = g.count;
  const flagOf = (e: number) => (premiseSteps?.[e] ? 1 : 0) | (goalSteps?.[e] ? 2 : 0);
  // The copy of state t entered with flags f (1 … 3) is copyIndex[3t + f − 1], or −1 until one is needed.
  const copyIndex = new Int32Array(3 * n).fill(-1);
  let count = n;
  for (let e = 0; e < g.targets.length; e++) {
    const f = flagOf(e);
    const at = 3 * g.targets[e] + f - 1;
    if (f !== 0 && copyIndex[at] < 0) copyIndex[at] = count++;
  }
  const stateOf = new Int32Array(count);
  const afterPremise = new Uint8Array(count);
  const afterGoal = new Uint8Array(count);
  for (let s = 0; s < n; s++) {
    stateOf[s] = s;
    for (let f = 1; f <= 3; f++) {
      const p = copyIndex[3 * s + f - 1];
      if (p < 0) continue;
      stateOf[p] = s;
      afterPremise[p] = f & 1;
      afterGoal[p] = f >> 1;
    }
  }
  const offsets = new Int32Array(count + 1);
  for (let p = 0; p < count; p++) offsets[p + 1] = offsets[p] + g.offsets[stateOf[p] + 1] - g.offsets[stateOf[p]];
  const edges = offsets[count];
  const targets = new Int32Array(edges);
  const groups = new Int32Array(edges);
  const edgeOf = new Int32Array(edges);
  for (let p = 0; p < count; p++) {
    const s = stateOf[p];
    for (let e = g.offsets[s], k = offsets[p]; e < g.offsets[s + 1]; e++, k++) {
      const f = flagOf(e);
      targets[k] = f === 0 ? g.targets[e] : copyIndex[3 * g.targets[e] + f - 1];
      groups[k] = g.groups[e];
      edgeOf[k] = e;
    }
  }
  const graph: LabeledGraph = { count, offsets, targets, groups, ...(g.enabled !== undefined ? { enabled: copiedEnabled(g.enabled, stateOf) } : {}) };
  return { graph, stateOf, edgeOf, afterPremise, afterGoal };
}

/** The enabled groups of every product state: those of the original state it copies. */
function copiedEnabled(enabled: NonNullable<LabeledGraph['enabled']>, stateOf: Int32Array): NonNullable<LabeledGraph['enabled']> {
  const offsets = new Int32Array(stateOf.length + 1);
  for (let p = 0; p < stateOf.length; p++) offsets[p + 1] = offsets[p] + enabled.offsets[stateOf[p] + 1] - enabled.offsets[stateOf[p]];
  const groups = new Int32Array(offsets[stateOf.length]);
  for (let p = 0; p < stateOf.length; p++) groups.set(enabled.groups.subarray(enabled.offsets[stateOf[p]], enabled.offsets[stateOf[p] + 1]), offsets[p]);
  return { offsets, groups };
}
