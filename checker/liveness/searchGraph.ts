/**
 * The state graph of a complete exact search as the liveness analyses read it: a
 * {@link LabeledGraph} over the stored states (numbered as the store numbers them), its
 * transitions in action order, each labelled with the fairness group the model gives its action.
 *
 * The transitions come from the search's {@link EdgeLog} where it recorded them (no state is
 * expanded again), else from expanding every stored state again. Building the graph decodes each
 * state once, to evaluate the properties' state predicates and to ask the model's `fairness` for
 * the groups of its actions (step predicates and response units decode the states again, with
 * each transition's target: decide.ts). A transition's action index is not kept (4 more bytes a transition): the few a
 * lasso needs are found again by {@link SearchGraph.actionIndexOf}.
 */
import type { Action, Model } from '../../model/core/model.js';
import type { StateCodec } from '../../model/core/shape/codec.js';
import type { EdgeLog } from '../edgeLog.js';
import { claimMemory, type MemoryGuard } from '../memory.js';
import { graphRows, type StoredStates } from '../stuck.js';
import { sourceOf } from './paths.js';
import type { LabeledGraph } from './labeledGraph.js';

/**
 * A search's state graph with a way back from a transition to the action that made it.
 *
 * @example
 * const sg = searchGraph(model, codec, store, search.edges, guard);
 * sg.graph.count === store.count; // true
 * sg.actionIndexOf(0);            // the index, among the enabled actions of state 0, of its first transition
 */
export interface SearchGraph {
  readonly graph: LabeledGraph;
  /** How many enabled actions led outside the model's `withinBounds` (transitions the graph lacks). */
  readonly cut: number;
  /** The index of transition `e`'s action among the enabled actions of its source. */
  actionIndexOf(e: number): number;
}

/**
 * The decoded state `i` of `states`.
 *
 * @example
 * const s = storedState(codec, store, 0); // the first initial state
 */
export function storedState<S>(codec: StateCodec<S>, states: StoredStates, i: number): S {
  return codec.decode(states.chunkOf(i), states.offsetOf(i));
}

/**
 * The indices of the actions `acts` of `s` whose successors the search stored (those inside
 * `withinBounds`), in order: the transitions of `s` in the graph, one for one.
 *
 * @example
 * storedActions(model, s, model.actions(s)); // [0, 2]: action 1 leads outside withinBounds
 */
export function storedActions<S, A extends Action>(model: Model<S, A>, s: S, acts: readonly A[]): number[] {
  const out: number[] = [];
  for (let ai = 0; ai < acts.length; ai++) if (model.withinBounds === undefined || model.withinBounds(model.next(s, acts[ai]))) out.push(ai);
  return out;
}

/**
 * Builds the {@link SearchGraph} of the `states` of a complete exact search of `model`, from
 * `log` when it recorded every transition, else by expanding each state again. `onState(i, s)`
 * is called once per state with its decoded value (to evaluate state predicates). With
 * `model.fairness`, every transition is labelled with `fairness.groupOf(s, a)` and, when the model
 * declares them, the groups enabled per state are kept. Throws {@link MemoryLimitReached} when
 * `guard` refuses an array; throws a `RangeError` when `groupOf` or `enabled` names a group that
 * does not exist; what the model's functions throw is thrown.
 *
 * @example
 * const sg = searchGraph(model, codec, store, search.edges, guard, (i, s) => (q[i] = s.done ? 1 : 0));
 */
export function searchGraph<S, A extends Action>(
  model: Model<S, A>,
  codec: StateCodec<S>,
  states: StoredStates,
  log: EdgeLog | undefined,
  guard: MemoryGuard | undefined,
  onState: (i: number, s: S) => void = () => {},
): SearchGraph {
  const n = states.count;
  let offsets: Int32Array;
  let targets: Int32Array;
  if (log !== undefined && log.recording) {
    claimMemory(guard, 4 * (2 * n + 1) + 4 * log.edges);
    offsets = new Int32Array(n + 1);
    const counts = log.countsBySource(n);
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + counts[i];
    const fill = counts;
    fill.set(offsets.subarray(0, n));
    targets = new Int32Array(log.edges);
    log.forEachTransition((s, t) => (targets[fill[s]++] = t));
  } else {
    const rows = graphRows(model, codec, states, [], 0, n);
    claimMemory(guard, 4 * (n + 1));
    offsets = new Int32Array(n + 1);
    for (let i = 0; i < n; i++) offsets[i + 1] = offsets[i] + rows.counts[i];
    targets = rows.targets;
  }
  const edges = targets.length;
  const fairness = model.fairness;
  const groupCount = fairness?.groups.length ?? 0;
  claimMemory(guard, 4 * edges);
  const groups = new Int32Array(edges).fill(-1);
  // The enabled groups of every state, in a typed array that doubles as it fills (each growth asked
  // of the guard): a plain array of numbers took 8 to 16 bytes an entry, unclaimed.
  const declaresEnabled = fairness?.enabled !== undefined;
  let enabledRows: Int32Array | undefined = declaresEnabled ? (claimMemory(guard, 4 * Math.max(16, n)), new Int32Array(Math.max(16, n))) : undefined;
  let enabledCount = 0;
  const enabledOffsets = declaresEnabled ? (claimMemory(guard, 4 * (n + 1)), new Int32Array(n + 1)) : undefined;
  const checkGroup = (g: number, what: string): number => {
    if (!Number.isInteger(g) || g < -1 || g >= groupCount) throw new RangeError(`fairness.${what} returned ${g}: not a group (0 … ${groupCount - 1}, or −1 for none)`);
    return g;
  };
  let cut = 0;
  for (let i = 0; i < n; i++) {
    const s = storedState(codec, states, i);
    onState(i, s);
    if (fairness === undefined && model.withinBounds === undefined) continue;
    const acts = model.actions(s);
    const row = offsets[i + 1] - offsets[i];
    cut += acts.length - row;
    if (fairness === undefined) continue;
    const positions = row === acts.length ? undefined : storedActions(model, s, acts);
    for (let k = 0; k < row; k++) groups[offsets[i] + k] = checkGroup(fairness.groupOf(s, acts[positions?.[k] ?? k]), 'groupOf');
    if (enabledRows !== undefined) {
      let rows: Int32Array = enabledRows;
      for (const g of fairness.enabled!(s)) {
        if (checkGroup(g, 'enabled') < 0) continue;
        if (enabledCount === rows.length) {
          claimMemory(guard, 8 * rows.length);
          const grown: Int32Array = new Int32Array(2 * rows.length);
          grown.set(rows);
          rows = grown;
        }
        rows[enabledCount++] = g;
      }
      enabledRows = rows;
      enabledOffsets![i + 1] = enabledCount;
    }
  }
  const graph: LabeledGraph = {
    count: n,
    offsets,
    targets,
    groups,
    ...(enabledRows !== undefined ? { enabled: { offsets: enabledOffsets!, groups: enabledRows.subarray(0, enabledCount) } } : {}),
  };
  return {
    graph,
    cut,
    actionIndexOf(e) {
      const i = sourceOf(graph, e);
      const s = storedState(codec, states, i);
      const acts = model.actions(s);
      const k = e - offsets[i];
      return offsets[i + 1] - offsets[i] === acts.length ? k : storedActions(model, s, acts)[k];
    },
  };
}
