/**
 * Deciding the liveness properties of a model (`leadsTo`, `eventually`, `alwaysEventually`,
 * `responseBound`) after a complete exact search: the state graph is built once
 * ({@link searchGraph}), every property's state predicates are evaluated on each state as it is
 * decoded, and the graph algorithms run under the model's fairness. What each finds is given as
 * paths of action indices (a lasso, or a bound's witness), ready to be replayed into traces.
 */
import type { Action, Model } from '../../model/core/model.js';
import type { StateCodec } from '../../model/core/shape/codec.js';
import type { Property, ResponseBound as ResponseBoundProperty } from '../../properties/property.js';
import type { EdgeLog } from '../edgeLog.js';
import { claimMemory, memoryGuard, MemoryLimitReached } from '../memory.js';
import type { StoredStates } from '../stuck.js';
import type { Fairness } from './labeledGraph.js';
import { decideLeadsTo, type Lasso } from './leadsTo.js';
import { responseBound } from './responseBound.js';
import { EXACT_SEARCH_LIMIT } from './shortestFairCycle.js';
import { stepFlagBytes, withStepFlags, type FlaggedGraph } from './stepFlags.js';
import { searchGraph, storedActions, storedState, type SearchGraph } from './searchGraph.js';

/**
 * A path through the stored states: from stored state `start` (an initial state), the action
 * indices `actions`, and the stored states `states` it passes (`start` first, one more per
 * action). With `loop`, a lasso: the last action returns to state `loop` of the path, or, when
 * `loop` is `actions.length`, the path stays in its last state (a deadlock). `trigger` is the
 * state of the path where the premise (the request) holds.
 *
 * @example
 * const p: StatePath = { start: 0, actions: [1, 0, 2], states: [0, 3, 5, 3], loop: 1, trigger: 1 };
 */
export interface StatePath {
  readonly start: number;
  readonly actions: readonly number[];
  readonly states: readonly number[];
  readonly loop?: number;
  readonly trigger: number;
}

/**
 * What the analysis found for one liveness property: a `leadsTo` that holds or fails (with a
 * lasso), or a `responseBound` that is bounded (the bound, and a path that takes that long, its
 * `trigger` the state where the request is outstanding) or unbounded (with a lasso and why).
 *
 * @example
 * const f: LivenessFinding = { holds: false, path: { start: 0, actions: [0, 1], states: [0, 1, 0], loop: 0, trigger: 0 } };
 */
export type LivenessFinding =
  | { readonly holds: true; readonly bound?: undefined }
  | { readonly holds: true; readonly bound: number; readonly path: StatePath }
  | { readonly holds: false; readonly path: StatePath; readonly why?: 'never answered' | 'postponed by a cycle'; /** For a family (`leadsToEach`): the instance that fails. */ readonly instance?: string };

/**
 * The liveness decision: per property (by its index in `model.properties`) what was found, or
 * undefined for the properties of other kinds; or why nothing was decided (`undecided`, the
 * memory limit) or what the model threw (`error`).
 *
 * @example
 * const d: LivenessDecision = { findings: [undefined, { holds: true }] };
 */
export interface LivenessDecision {
  readonly findings: readonly (LivenessFinding | undefined)[];
  readonly undecided?: string;
  readonly error?: unknown;
}

/**
 * Whether `model` lists a property that {@link decideLiveness} decides.
 *
 * @example
 * hasLiveness(model); // true when it lists leadsTo, eventually, alwaysEventually or responseBound
 */
export function hasLiveness<S, A extends Action>(model: Model<S, A>): boolean {
  return model.properties.some((p) => p.kind === 'leadsTo' || p.kind === 'responseBound');
}

/** The masks a property (one instance of it) needs, filled state by state. */
interface Masks {
  readonly premise: Uint8Array;
  readonly goal: Uint8Array;
}

/** The instance count of a liveness property: its `instances`, else one. */
function instanceCount<S, A>(p: Property<S, A>): number {
  return p.kind === 'leadsTo' && p.instances !== undefined ? p.instances.length : 1;
}

/**
 * Decides the liveness properties of `model` over the `states` of a complete exact search
 * (`initial` of them are the initial states, stored first), with its transition `log` when it
 * recorded them. Every large array is asked of `memoryLimit` first; when one is refused, nothing is
 * decided and `undecided` says why. What the model's functions throw is returned as `error`.
 * `onProgress`, when given, is called as each state is read into the graph (`'graph'`, state
 * `done` of `total`) and before each property is decided (`'deciding'`, `done` from 0 of
 * `total`); the caller throttles it (see `analysisProgress`).
 *
 * @example
 * const d = decideLiveness(model, codec, store, levelStates[0], search.edges, search.memoryLimit);
 * d.findings[3]; // { holds: false, path: { …, loop: 2 } } when property 3 fails
 */
export function decideLiveness<S, A extends Action>(
  model: Model<S, A>,
  codec: StateCodec<S>,
  states: StoredStates,
  initial: number,
  log: EdgeLog | undefined,
  memoryLimit?: number,
  onProgress?: (phase: 'graph' | 'deciding', done: number, total: number) => void,
): LivenessDecision {
  const props = model.properties;
  const findings: (LivenessFinding | undefined)[] = props.map(() => undefined);
  if (!hasLiveness(model)) return { findings };
  const guard = memoryLimit === undefined ? undefined : memoryGuard(memoryLimit);
  const n = states.count;
  try {
    const live = props.flatMap((p, i) => (p.kind === 'leadsTo' || p.kind === 'responseBound' ? [{ p, i }] : []));
    // Two masks per property instance, the algorithms' arrays (about 40 bytes a state and 16 a
    // transition), and the exact shortest-fair-cycle search's (12 bytes a search state, whatever the graph).
    const edgeEstimate = log?.recording ? log.edges : 2 * n;
    const maskCount = live.reduce((sum, { p }) => sum + instanceCount(p), 0);
    const bytes = 2 * n * maskCount + 40 * n + 16 * edgeEstimate + 12 * EXACT_SEARCH_LIMIT;
    if (guard !== undefined && !guard(bytes)) throw new MemoryLimitReached(bytes);
    const masks: Masks[][] = live.map(({ p }) => Array.from({ length: instanceCount(p) }, () => ({ premise: new Uint8Array(n), goal: new Uint8Array(n) })));
    const sg = searchGraph(model, codec, states, log, guard, (s, value) => {
      onProgress?.('graph', s, n);
      live.forEach(({ p }, k) => {
        const family = masks[k];
        if (p.kind === 'leadsTo') {
          const premise = p.p;
          const goal = p.q;
          for (let j = 0; j < family.length; j++) {
            if (premise === 'initial' ? s < initial : typeof premise === 'function' && premise(value, j)) family[j].premise[s] = 1;
            if (typeof goal === 'function' && goal(value, j)) family[j].goal[s] = 1;
          }
        } else if (p.kind === 'responseBound') {
          if (p.request(value)) family[0].premise[s] = 1;
          if (p.response(value)) family[0].goal[s] = 1;
        }
      });
    });
    // A constraint that cut transitions leaves states whose paths go on outside the graph: a state
    // with every successor cut would pass for a deadlock, and a cut path could be the only fair one.
    if (sg.cut > 0) {
      const undecided = `not decided: withinBounds cut ${sg.cut} transition${sg.cut === 1 ? '' : 's'} out of the state graph, so the infinite paths through them are unknown; liveness is decided only on a graph no constraint cuts (check without withinBounds)`;
      return { findings, undecided };
    }
    const fairness: Fairness = { kinds: (model.fairness?.groups ?? []).map((g) => g.kind) };
    const starts = Array.from({ length: initial }, (_, i) => i);
    live.forEach(({ p, i }, k) => {
      onProgress?.('deciding', k, live.length);
      const { premise, goal } = masks[k][0];
      if (p.kind === 'leadsTo') {
        findings[i] = { holds: true };
        // Step predicates: the states entered by their steps get copies of their own (stepFlags.ts).
        const premiseSteps = typeof p.p === 'object' ? stepMask(model, codec, states, sg, p.p.step, guard) : undefined;
        const goalSteps = typeof p.q === 'object' ? stepMask(model, codec, states, sg, p.q.step, guard) : undefined;
        if (premiseSteps !== undefined || goalSteps !== undefined) {
          // The product graph, its two masks per instance, and the algorithms' arrays over it (up to 4 times the graph).
          const e = sg.graph.targets.length;
          claimMemory(guard, stepFlagBytes(n, e, sg.graph.enabled?.groups.length ?? 0) + 4 * (2 * masks[k].length * n + 40 * n + 16 * e));
        }
        const flagged = premiseSteps !== undefined || goalSteps !== undefined ? withStepFlags(sg.graph, premiseSteps, goalSteps) : undefined;
        // The first failing instance, in the order given, is the verdict.
        for (let j = 0; j < masks[k].length; j++) {
          const outcome =
            flagged === undefined
              ? decideLeadsTo(sg.graph, starts, masks[k][j].premise, masks[k][j].goal, fairness)
              : decideLeadsTo(flagged.graph, starts, lifted(flagged, masks[k][j].premise, premiseSteps && flagged.afterPremise, p.p === 'initial' ? initial : -1), lifted(flagged, masks[k][j].goal, goalSteps && flagged.afterGoal, -1), fairness);
          if (outcome.holds) continue;
          const lasso = flagged === undefined ? outcome.lasso : { ...outcome.lasso, prefix: outcome.lasso.prefix.map((e) => flagged.edgeOf[e]), cycle: outcome.lasso.cycle.map((e) => flagged.edgeOf[e]) };
          findings[i] = { holds: false, path: lassoPath(sg, lasso), ...(p.instances !== undefined ? { instance: p.instances[j] } : {}) };
          break;
        }
      } else if (p.kind === 'responseBound') {
        const weight = weights(model, codec, states, sg, p, guard);
        const r = responseBound(sg.graph, starts, premise, goal, weight, fairness);
        if (r.bounded) findings[i] = { holds: true, bound: r.steps, path: pathOf(sg, r.start, [...r.prefix, ...r.response], r.prefix.length) };
        else findings[i] = { holds: false, path: lassoPath(sg, r.lasso), why: r.why };
      }
    });
    return { findings };
  } catch (e) {
    if (e instanceof MemoryLimitReached && memoryLimit !== undefined) {
      const why = e.limit !== undefined ? e : new MemoryLimitReached(e.bytes, memoryLimit);
      return { findings, undecided: `incomplete: deciding it after the complete search needs the whole state graph, and ${why.message}` };
    }
    return { findings, error: e };
  }
}

/**
 * A mask over the states of the step-flagged graph: `stateMask` read through the copies (each copy
 * of a state has its value), or `stepMask` when the predicate is over steps; with `initialOnly`
 * ≥ 0, the states below it (the initial states, which no step enters) and no copy.
 */
function lifted(flagged: FlaggedGraph, stateMask: Uint8Array, stepMask: Uint8Array | undefined, initialOnly: number): Uint8Array {
  if (stepMask !== undefined) return stepMask;
  const out = new Uint8Array(flagged.graph.count);
  if (initialOnly >= 0) return out.fill(1, 0, initialOnly);
  for (let x = 0; x < out.length; x++) out[x] = stateMask[flagged.stateOf[x]];
  return out;
}

/** Per transition, 1 when the property's `unit` counts it (every one without a unit). */
function weights<S, A extends Action>(model: Model<S, A>, codec: StateCodec<S>, states: StoredStates, sg: SearchGraph, p: ResponseBoundProperty<S, A>, guard: ((bytes: number) => boolean) | undefined): Uint8Array {
  if (p.unit === undefined) {
    claimMemory(guard, sg.graph.targets.length);
    return new Uint8Array(sg.graph.targets.length).fill(1);
  }
  return stepMask(model, codec, states, sg, p.unit, guard);
}

/** Per transition, 1 when `step(s, a, t)` accepts it. */
function stepMask<S, A extends Action>(model: Model<S, A>, codec: StateCodec<S>, states: StoredStates, sg: SearchGraph, step: (s: S, a: A, t: S) => boolean, guard: ((bytes: number) => boolean) | undefined): Uint8Array {
  const { offsets, targets, count } = sg.graph;
  claimMemory(guard, targets.length);
  const weight = new Uint8Array(targets.length);
  for (let i = 0; i < count; i++) {
    if (offsets[i] === offsets[i + 1]) continue;
    const s = storedState(codec, states, i);
    const acts = model.actions(s);
    const positions = offsets[i + 1] - offsets[i] === acts.length ? undefined : storedActions(model, s, acts);
    for (let e = offsets[i]; e < offsets[i + 1]; e++) {
      const a = acts[positions?.[e - offsets[i]] ?? e - offsets[i]];
      if (step(s, a, storedState(codec, states, targets[e]))) weight[e] = 1;
    }
  }
  return weight;
}

/** The path from stored state `start` along transitions `edges`, its premise after `trigger` of them. */
function pathOf(sg: SearchGraph, start: number, edges: readonly number[], trigger: number): StatePath {
  const visited = [start];
  for (const e of edges) visited.push(sg.graph.targets[e]);
  return { start, actions: edges.map((e) => sg.actionIndexOf(e)), states: visited, trigger };
}

/** A lasso as a {@link StatePath}: its prefix then its cycle, looping back to where the cycle starts. */
function lassoPath(sg: SearchGraph, lasso: Lasso): StatePath {
  return { ...pathOf(sg, lasso.start, [...lasso.prefix, ...lasso.cycle], lasso.trigger), loop: lasso.prefix.length };
}
