/**
 * Deciding `neverStuck` (AG(blocked(t) → EF ¬blocked(t))) after a complete search: rebuild the
 * state graph from the exact store, then, per thread, walk it backwards from every state in
 * which the thread is not blocked. A blocked state that walk never reaches is one from which no
 * continuation unblocks the thread; the first such state in breadth-first order ends a shortest
 * counterexample.
 */
import type { Action, Model } from '../model/core/model.js';
import type { StateCodec } from '../model/core/shape/codec.js';
import type { NeverStuck } from '../properties/property.js';
import { describeThrown, type ModelError } from './errors.js';

/**
 * The stored states of a complete search in breadth-first order, as {@link findStuck} reads them:
 * a `StateStore`, or the states the workers of a parallel check stored, numbered level by level.
 *
 * @example
 * const source: StoredStates = new StateStore(2); // after a complete search into it
 */
export interface StoredStates {
  /** States stored; they are numbered 0 … count − 1, in an order of non-decreasing depth. */
  readonly count: number;
  /** The chunk holding state `index`. */
  chunkOf(index: number): Uint32Array;
  /** The word offset of state `index` within its chunk. */
  offsetOf(index: number): number;
  /** The number of the state in `buf[at…]`, or -1 when it is not stored. */
  indexOf(buf: Uint32Array, at: number, hash: number): number;
}

/**
 * Where a `neverStuck` property fails: the first state (in breadth-first order) from which
 * thread `thread` (an index into the property's threads) can never be unblocked.
 *
 * @example
 * const f: StuckFinding = { state: 12, thread: 1 };
 */
export interface StuckFinding {
  readonly state: number;
  readonly thread: number;
}

/**
 * The state graph of a complete search, both ways, in compressed rows: the successors of state
 * `i` are `targets[offsets[i] … offsets[i + 1])`, its predecessors likewise in `sources`.
 */
interface StateGraph {
  readonly count: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  readonly reverseOffsets: Int32Array;
  readonly sources: Int32Array;
}

/**
 * Rebuilds every transition between stored states by expanding each state again; `visit` sees
 * each decoded state once, on the way.
 */
function stateGraph<S, A extends Action>(model: Model<S, A>, codec: StateCodec<S>, store: StoredStates, visit: (s: S, index: number) => void): StateGraph {
  const count = store.count;
  const offsets = new Int32Array(count + 1);
  let targets = new Int32Array(Math.max(16, count * 2));
  let edges = 0;
  const scratch = new Uint32Array(codec.words);
  for (let i = 0; i < count; i++) {
    offsets[i] = edges;
    const s = codec.decode(store.chunkOf(i), store.offsetOf(i));
    visit(s, i);
    const acts = model.actions(s);
    for (let ai = 0; ai < acts.length; ai++) {
      const t = model.next(s, acts[ai]);
      if (model.withinBounds !== undefined && !model.withinBounds(t)) continue;
      const hash = codec.encodeHashAt(t, scratch, 0);
      const j = hash < 0 ? -1 : store.indexOf(scratch, 0, hash);
      if (j < 0) throw new Error(`a successor of state ${i} is not stored: the model is not deterministic, or the search was not complete`);
      if (edges === targets.length) {
        const grown = new Int32Array(targets.length * 2);
        grown.set(targets);
        targets = grown;
      }
      targets[edges++] = j;
    }
  }
  offsets[count] = edges;
  targets = targets.subarray(0, edges);
  const reverseOffsets = new Int32Array(count + 1);
  for (let e = 0; e < edges; e++) reverseOffsets[targets[e] + 1]++;
  for (let i = 0; i < count; i++) reverseOffsets[i + 1] += reverseOffsets[i];
  const fill = reverseOffsets.slice(0, count);
  const sources = new Int32Array(edges);
  for (let i = 0; i < count; i++) for (let e = offsets[i]; e < offsets[i + 1]; e++) sources[fill[targets[e]]++] = i;
  return { count, offsets, targets, reverseOffsets, sources };
}

/**
 * The first state (lowest index, so breadth-first) in which the thread is blocked and from
 * which no state where it is not blocked can be reached, or -1. `blocked[i]` says whether it is
 * blocked in state `i`.
 */
function firstStuckState(graph: StateGraph, blocked: Uint8Array): number {
  const { count, reverseOffsets, sources } = graph;
  const escapes = new Uint8Array(count);
  const queue = new Int32Array(count);
  let tail = 0;
  for (let i = 0; i < count; i++) {
    if (blocked[i] === 0) {
      escapes[i] = 1;
      queue[tail++] = i;
    }
  }
  for (let head = 0; head < tail; head++) {
    const j = queue[head];
    for (let e = reverseOffsets[j]; e < reverseOffsets[j + 1]; e++) {
      const i = sources[e];
      if (escapes[i] === 0) {
        escapes[i] = 1;
        queue[tail++] = i;
      }
    }
  }
  if (tail === count) return -1;
  for (let i = 0; i < count; i++) if (escapes[i] === 0) return i;
  return -1;
}

/**
 * Decides `neverStuck` properties over the states of a complete exact search: for each property,
 * the earliest stuck state over all its threads (ties go to the thread listed first), or
 * `undefined` when every thread can always be unblocked. A `blocked` predicate that throws is
 * rethrown as it is.
 *
 * @example
 * const findings = findStuck(model, codec, store, [neverStuck({ threads: ['client'], blocked })]);
 * findings[0]; // { state: 12, thread: 0 } or undefined
 */
export function findStuck<S, A extends Action>(
  model: Model<S, A>,
  codec: StateCodec<S>,
  store: StoredStates,
  props: readonly NeverStuck<S>[],
): (StuckFinding | undefined)[] {
  if (props.length === 0) return [];
  // blocked[p][t][i]: thread t of property p is blocked in state i.
  const blocked = props.map((p) => p.threads.map(() => new Uint8Array(store.count)));
  const graph = stateGraph(model, codec, store, (s, i) => {
    for (let p = 0; p < props.length; p++) {
      const prop = props[p];
      for (let t = 0; t < prop.threads.length; t++) if (prop.blocked(s, t)) blocked[p][t][i] = 1;
    }
  });
  return props.map((prop, p) => {
    let best: StuckFinding | undefined;
    for (let t = 0; t < prop.threads.length; t++) {
      const state = firstStuckState(graph, blocked[p][t]);
      if (state >= 0 && (best === undefined || state < best.state)) best = { state, thread: t };
    }
    return best;
  });
}

/**
 * Decides every `neverStuck` property of `model` over the stored states of a complete exact
 * search: per property (by its index in `model.properties`), where it fails, or undefined when it
 * holds (and for properties of other kinds). A `blocked` predicate that throws, or a successor
 * missing from `states`, is returned as a model error instead.
 *
 * @example
 * const { findings, error } = decideNeverStuck(model, codec, store);
 * findings[2]; // { state: 12, thread: 0 } when property 2 fails
 */
export function decideNeverStuck<S, A extends Action>(
  model: Model<S, A>,
  codec: StateCodec<S>,
  states: StoredStates,
): { findings: (StuckFinding | undefined)[]; error?: ModelError<S, A> } {
  const findings: (StuckFinding | undefined)[] = model.properties.map(() => undefined);
  const indices = model.properties.flatMap((p, i) => (p.kind === 'neverStuck' ? [i] : []));
  if (indices.length === 0) return { findings };
  const props = indices.map((i) => model.properties[i] as NeverStuck<S>);
  let found: (StuckFinding | undefined)[];
  try {
    found = findStuck(model, codec, states, props);
  } catch (e) {
    const names = props.map((p) => `'${p.name}'`).join(', ');
    return { findings, error: { code: 'IPC005', phase: `property ${names}`, message: `deciding ${names} threw: ${describeThrown(e)}` } };
  }
  indices.forEach((p, k) => (findings[p] = found[k]));
  return { findings };
}
