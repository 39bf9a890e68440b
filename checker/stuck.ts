/**
 * Deciding `neverStuck` (AG(blocked(t) → EF ¬blocked(t))) after a complete search: build the
 * state graph (from the transitions the search recorded, {@link recordedRows} and
 * `levelOrderTransitions` for workers, or by expanding every stored state again,
 * {@link graphRows}), then, per thread, walk it backwards
 * from every state in which the thread is not blocked. A blocked state that walk never reaches is one from which no
 * continuation unblocks the thread; the first such state in breadth-first order ends a shortest
 * counterexample.
 *
 * The analysis is under the memory limit as the search was: only the reverse graph is built
 * (4 bytes per transition and per state; from a recorded log the forward graph is read where it
 * lies, never copied), every large array is asked of the store's memory guard (or of the limit
 * given to {@link decideNeverStuck}) before it is allocated, and when one is refused the
 * properties are left undecided with the reason instead of the process passing the limit.
 */
import type { Action, Model } from '../model/core/model.js';
import type { StateCodec } from '../model/core/shape/codec.js';
import type { NeverStuck } from '../properties/property.js';
import { describeThrown, type ModelError } from './errors.js';
import type { EdgeLog } from './edgeLog.js';
import { claimMemory, memoryGuard, MemoryLimitReached, type MemoryGuard } from './memory.js';

/**
 * The stored states of a complete search in breadth-first order, as {@link graphRows} reads them:
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
  /** The search's memory guard, when it has one: asked before the analysis allocates its arrays. */
  readonly allocationGuard?: MemoryGuard | undefined;
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
 * The state graph of a complete search, backwards, in compressed rows: the predecessors of state
 * `i` are `sources[reverseOffsets[i] … reverseOffsets[i + 1])` (the walk from the states where a
 * thread is not blocked needs only these).
 */
interface ReverseGraph {
  readonly count: number;
  readonly reverseOffsets: Int32Array;
  readonly sources: Int32Array;
}

/**
 * The rows of the state graph for states `from…to - 1`, rebuilt by expanding each again: how many
 * transitions each has, their target states in order, and for every thread of every `neverStuck`
 * property (in order) whether it is blocked in each state. Rows of disjoint ranges can be built
 * at once, by different workers, and joined by {@link findStuck}.
 *
 * @example
 * const rows = graphRows(model, codec, store, props, 0, store.count);
 * rows.counts[0]; // transitions of state 0
 */
export interface GraphRows {
  readonly from: number;
  readonly to: number;
  /** Per state of the range: its number of transitions. */
  readonly counts: Int32Array;
  /** The targets of those transitions, state after state. */
  readonly targets: Int32Array;
  /** Per thread of the properties, in order: 1 where it is blocked, per state of the range. */
  readonly blocked: readonly Uint8Array[];
}

/**
 * The rows of all states of a complete one-worker search whose transitions a log recorded as it
 * stored them, from {@link recordedRows}: the transitions are read from `log` where they lie.
 *
 * @example
 * const rows = recordedRows(codec, store, props, search.edges);
 * rows.log.edges; // transitions recorded
 */
export interface RecordedRows {
  readonly from: 0;
  readonly to: number;
  readonly log: EdgeLog;
  /** As {@link GraphRows.blocked}. */
  readonly blocked: readonly Uint8Array[];
}

/**
 * Builds the {@link GraphRows} of states `from…to - 1` of `states` for the `neverStuck`
 * properties `props`. Throws when a `blocked` predicate throws, or a successor is not stored,
 * and {@link MemoryLimitReached} when the store's memory guard refuses an array.
 *
 * @example
 * const rows = graphRows(model, codec, store, props, 0, store.count);
 */
export function graphRows<S, A extends Action>(
  model: Model<S, A>,
  codec: StateCodec<S>,
  states: StoredStates,
  props: readonly NeverStuck<S>[],
  from: number,
  to: number,
): GraphRows {
  const n = to - from;
  const guard = states.allocationGuard;
  claimMemory(guard, n * (4 + threadCount(props)) + Math.max(16, n * 2) * 4);
  const counts = new Int32Array(n);
  let targets = new Int32Array(Math.max(16, n * 2));
  const blocked = threadRows(props, n);
  let edges = 0;
  const scratch = new Uint32Array(codec.words);
  for (let i = from; i < to; i++) {
    const s = codec.decode(states.chunkOf(i), states.offsetOf(i));
    markBlocked(props, s, blocked, i - from);
    const before = edges;
    const acts = model.actions(s);
    for (let ai = 0; ai < acts.length; ai++) {
      const t = model.next(s, acts[ai]);
      if (model.withinBounds !== undefined && !model.withinBounds(t)) continue;
      const hash = codec.encodeHashAt(t, scratch, 0);
      const j = hash < 0 ? -1 : states.indexOf(scratch, 0, hash);
      if (j < 0) throw new Error(`a successor of state ${i} is not stored: the model is not deterministic, or the search was not complete`);
      if (edges === targets.length) {
        // Grown by half: the old array and the new one are both resident while it is copied.
        const size = Math.ceil(targets.length * 1.5);
        claimMemory(guard, size * 4);
        const grown = new Int32Array(size);
        grown.set(targets);
        targets = grown;
      }
      targets[edges++] = j;
    }
    counts[i - from] = edges - before;
  }
  return { from, to, counts, targets: targets.subarray(0, edges), blocked };
}

/**
 * The {@link RecordedRows} of all `states` of a complete one-worker search whose transitions `log`
 * recorded as it stored them: only each state's `blocked` predicates are evaluated (one decode
 * per state), no state is expanded again and no transition copied. Throws when a `blocked`
 * predicate throws, and {@link MemoryLimitReached} when the store's guard refuses the rows.
 *
 * @example
 * const rows = recordedRows(codec, store, props, search.edges);
 * rows.blocked[0][5]; // 1 when the first thread is blocked in state 5
 */
export function recordedRows<S>(codec: StateCodec<S>, states: StoredStates, props: readonly NeverStuck<S>[], log: EdgeLog): RecordedRows {
  if (!log.recording) throw new Error('the transition log stopped recording: build the rows with graphRows instead');
  const n = states.count;
  return { from: 0, to: n, log, blocked: blockedRows(codec, states, props, 0, n) };
}

/**
 * For every thread of the `neverStuck` properties `props` (in order), whether it is blocked in
 * each of the states `from…to - 1` of `states`: the `blocked` part of {@link GraphRows}, for rows
 * whose transitions were recorded. Throws when a `blocked` predicate throws.
 *
 * @example
 * blockedRows(codec, store, props, 0, store.count)[0][5]; // 1 when the first thread is blocked in state 5
 */
export function blockedRows<S>(codec: StateCodec<S>, states: StoredStates, props: readonly NeverStuck<S>[], from: number, to: number): Uint8Array[] {
  claimMemory(states.allocationGuard, (to - from) * threadCount(props));
  const blocked = threadRows(props, to - from);
  for (let i = from; i < to; i++) markBlocked(props, codec.decode(states.chunkOf(i), states.offsetOf(i)), blocked, i - from);
  return blocked;
}

/** The threads of `props`, all together. */
function threadCount<S>(props: readonly NeverStuck<S>[]): number {
  let n = 0;
  for (const p of props) n += p.threads.length;
  return n;
}

/** One row of `n` zeros per thread of `props`, in order: the `blocked` part of {@link GraphRows}, to fill. */
function threadRows<S>(props: readonly NeverStuck<S>[], n: number): Uint8Array[] {
  return props.flatMap((p) => p.threads.map(() => new Uint8Array(n)));
}

/** Sets `blocked[k][at]` for each thread `k` (over all `props`, in order) blocked in `s`. */
function markBlocked<S>(props: readonly NeverStuck<S>[], s: S, blocked: readonly Uint8Array[], at: number): void {
  let k = 0;
  for (const prop of props) {
    for (let t = 0; t < prop.threads.length; t++, k++) if (prop.blocked(s, t)) blocked[k][at] = 1;
  }
}

/** The transitions of `rows`, in order, as `visit(source, target)`. */
function forEachTransition(rows: GraphRows | RecordedRows, visit: (source: number, target: number) => void): void {
  if ('log' in rows) return rows.log.forEachTransition(visit);
  const { from, counts, targets } = rows;
  let e = 0;
  for (let i = 0; i < counts.length; i++) for (let end = e + counts[i]; e < end; e++) visit(from + i, targets[e]);
}

/** The transitions of `rows`. */
function edgesOf(rows: GraphRows | RecordedRows): number {
  return 'log' in rows ? rows.log.edges : rows.targets.length;
}

/**
 * Joins the rows of consecutive ranges covering states `0…count - 1` into the reverse graph:
 * the predecessors of each state counted, then placed, in two passes over the transitions. The
 * arrays (4 bytes per state and per transition) are asked of `guard` first.
 */
function reverseGraph(count: number, rows: readonly (GraphRows | RecordedRows)[], guard: MemoryGuard | undefined): ReverseGraph {
  let at = 0;
  let edges = 0;
  for (const r of rows) {
    if (r.from !== at) throw new Error(`graph rows start at state ${r.from}, after state ${at - 1}`);
    at = r.to;
    edges += edgesOf(r);
  }
  if (at !== count) throw new Error(`graph rows cover ${at} of ${count} states`);
  claimMemory(guard, 4 * (count + 1) + 4 * edges);
  // reverseOffsets[t] counts t's predecessors, then (a prefix sum) says where they start; placing
  // them moves each start to the next state's, so the starts are shifted back afterwards.
  const reverseOffsets = new Int32Array(count + 1);
  const sources = new Int32Array(edges);
  for (const r of rows) forEachTransition(r, (_, t) => reverseOffsets[t]++);
  for (let i = 0, sum = 0; i <= count; i++) {
    const c = reverseOffsets[i];
    reverseOffsets[i] = sum;
    sum += c;
  }
  for (const r of rows) forEachTransition(r, (s, t) => (sources[reverseOffsets[t]++] = s));
  for (let i = count; i > 0; i--) reverseOffsets[i] = reverseOffsets[i - 1];
  reverseOffsets[0] = 0;
  return { count, reverseOffsets, sources };
}

/**
 * The first state (lowest index, so breadth-first) in which the thread is blocked and from
 * which no state where it is not blocked can be reached, or -1. `blocked[i]` says whether it is
 * blocked in state `i`.
 */
function firstStuckState(graph: ReverseGraph, blocked: Uint8Array, escapes: Uint8Array, queue: Int32Array): number {
  const { count, reverseOffsets, sources } = graph;
  escapes.fill(0);
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
 * Decides `neverStuck` properties over the `count` states of a complete exact search, from the
 * rows of its state graph (one range, or consecutive ranges built by different workers): for
 * each property, the earliest stuck state over all its threads (ties go to the thread listed
 * first), or `undefined` when every thread can always be unblocked. Its arrays are asked of
 * `guard` first; it throws {@link MemoryLimitReached} when one is refused.
 *
 * @example
 * const props = [neverStuck({ threads: ['client'], blocked })];
 * const findings = findStuck(store.count, props, [graphRows(model, codec, store, props, 0, store.count)]);
 * findings[0]; // { state: 12, thread: 0 } or undefined
 */
export function findStuck<S>(
  count: number,
  props: readonly NeverStuck<S>[],
  rows: readonly (GraphRows | RecordedRows)[],
  guard?: MemoryGuard,
): (StuckFinding | undefined)[] {
  if (props.length === 0) return [];
  const graph = reverseGraph(count, rows, guard);
  // The walk's arrays, one set for every thread: 5 bytes per state, and 1 more to join the rows
  // of several ranges.
  claimMemory(guard, 5 * count + (rows.length > 1 ? count : 0));
  const escapes = new Uint8Array(count);
  const queue = new Int32Array(count);
  const joined = rows.length > 1 ? new Uint8Array(count) : undefined;
  let k = 0;
  return props.map((prop) => {
    let best: StuckFinding | undefined;
    for (let t = 0; t < prop.threads.length; t++, k++) {
      // Whether thread t of this property is blocked, per state, joined from the rows.
      let blocked: Uint8Array;
      if (joined === undefined) blocked = rows[0].blocked[k];
      else {
        for (const r of rows) joined.set(r.blocked[k], r.from);
        blocked = joined;
      }
      const state = firstStuckState(graph, blocked, escapes, queue);
      if (state >= 0 && (best === undefined || state < best.state)) best = { state, thread: t };
    }
    return best;
  });
}

/**
 * What {@link decideNeverStuck} decided: per property (by its index in `model.properties`) where
 * it fails, or undefined; a model error; or, when the memory limit stopped the analysis, why
 * (`undecided`): the `neverStuck` properties are then neither holding nor failing.
 *
 * @example
 * const d: NeverStuckDecision<S, A> = { findings: [undefined, { state: 12, thread: 0 }] };
 */
export interface NeverStuckDecision<S, A extends Action> {
  readonly findings: (StuckFinding | undefined)[];
  readonly error?: ModelError<S, A>;
  /** Set when the memory limit stopped the analysis: the reason, naming the memory it needed. */
  readonly undecided?: string;
}

/**
 * Decides every `neverStuck` property of `model` over the `count` states of a complete exact
 * search: per property (by its index in `model.properties`), where it fails, or undefined when it
 * holds (and for properties of other kinds). `rowsOf` builds the graph's rows for the
 * properties it is given (see {@link findStuck}); what it throws (a `blocked` predicate that
 * throws, a successor that is not stored) is returned as a model error instead. With a
 * `memoryLimit` (bytes), every array is asked of it first; when the limit (or the store's guard
 * inside `rowsOf`) refuses one, nothing is decided and `undecided` says why: a caller that gives
 * the limit must report those properties as undecided.
 *
 * @example
 * const { findings, error, undecided } = decideNeverStuck(model, store.count, (props) => [graphRows(model, codec, store, props, 0, store.count)], search.memoryLimit);
 * findings[2]; // { state: 12, thread: 0 } when property 2 fails
 */
export function decideNeverStuck<S, A extends Action>(
  model: Model<S, A>,
  count: number,
  rowsOf: (props: readonly NeverStuck<S>[]) => readonly (GraphRows | RecordedRows)[],
  memoryLimit?: number,
): NeverStuckDecision<S, A> {
  const findings: (StuckFinding | undefined)[] = model.properties.map(() => undefined);
  const indices = model.properties.flatMap((p, i) => (p.kind === 'neverStuck' ? [i] : []));
  if (indices.length === 0) return { findings };
  const props = neverStuckProperties(model);
  let found: (StuckFinding | undefined)[];
  try {
    found = findStuck(count, props, rowsOf(props), memoryLimit === undefined ? undefined : memoryGuard(memoryLimit));
  } catch (e) {
    // Only a caller that gives the limit takes `undecided` into account; for any other the
    // refusal stays an error, so that it can never read as a property that holds.
    if (e instanceof MemoryLimitReached && memoryLimit !== undefined) {
      const why = e.limit !== undefined ? e : new MemoryLimitReached(e.bytes, memoryLimit);
      return { findings, undecided: `incomplete: deciding it after the complete search needs the whole state graph, and ${why.message}` };
    }
    const names = props.map((p) => `'${p.name}'`).join(', ');
    return { findings, error: { code: 'IPC005', phase: `property ${names}`, message: `deciding ${names} threw: ${describeThrown(e)}` } };
  }
  indices.forEach((p, k) => (findings[p] = found[k]));
  return { findings };
}

/**
 * The `neverStuck` properties of `model`, in model order: those {@link decideNeverStuck} decides,
 * and the ones {@link graphRows} must be given for its rows to fit.
 *
 * @example
 * graphRows(model, codec, states, neverStuckProperties(model), 0, states.count);
 */
export function neverStuckProperties<S, A extends Action>(model: Model<S, A>): NeverStuck<S>[] {
  return model.properties.filter((p): p is NeverStuck<S> => p.kind === 'neverStuck');
}
