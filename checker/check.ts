/**
 * The one-worker check: run a {@link Search}, then assemble its result (verdicts with replayed,
 * verified traces; the `neverStuck` and liveness analyses over the states it stored).
 */
import type { Action, Model } from '../model/core/model.js';
import type { CheckOptions } from './options.js';
import { replay } from './replay.js';
import type { CheckResult } from './result.js';
import { decideLiveness, hasLiveness, type StatePath } from './liveness/decide.js';
import { assembleResult, LIVENESS_NEEDS, livenessVerdicts, settleModelError, type LivenessVerdicts, type ResultParts, type StuckDecision } from './resultAssembly.js';
import { livenessProgress } from './analysisProgress.js';
import { Search } from './search.js';
import type { Finding } from './searchEngine.js';
import { mergeSummaries, summarize, type SearchOutcome } from './searchSummary.js';
import { StateStore } from './stateStore.js';
import { decideNeverStuck, graphRows, recordedRows } from './stuck.js';
import type { Trace, TracePath } from './trace.js';
import { concretePath } from './symmetry/concretePath.js';
import { STUCK_UNDER_SYMMETRY, LIVENESS_UNDER_SYMMETRY } from './symmetry/undecided.js';

export { fitsShape, verdictFor } from './resultAssembly.js';

/** How long one slice of an asynchronous check runs before yielding to the event loop. */
const SLICE_MS = 50;

/**
 * Checks every property of `model` by breadth-first search. Never throws on a violation or a
 * model error: both are data in the result.
 *
 * @example
 * const r = check(dieHard());
 * r.stats.distinct;                                   // 16
 * r.verdicts['big jug never holds 4'].status;          // 'violated'
 */
export function check<S, A extends Action>(model: Model<S, A>, options: CheckOptions = {}): CheckResult<S, A> {
  const search = new Search(model, options);
  search.run(Infinity);
  return buildResult(search);
}

/**
 * Like {@link check}, but yields to the event loop every few milliseconds so that signals
 * (Ctrl-C) and timers are served during a long search; `options.shouldStop` can interrupt it.
 *
 * @example
 * let stop = false;
 * process.once('SIGINT', () => (stop = true));
 * const r = await checkAsync(model, { shouldStop: () => stop });
 */
export async function checkAsync<S, A extends Action>(model: Model<S, A>, options: CheckOptions = {}): Promise<CheckResult<S, A>> {
  const search = new Search(model, options);
  while (!search.run(performance.now() + SLICE_MS)) {
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return buildResult(search);
}

/** The path of action indices from an initial state to stored state `index`, and the store indices along it. */
function pathTo<S, A extends Action>(search: Search<S, A>, index: number): { path: TracePath; chain: number[] } {
  const chain: number[] = [];
  for (let i = index; i >= 0; i = search.store.records.parent(i)) chain.push(i);
  chain.reverse();
  return {
    path: { init: search.store.records.actionIndex(chain[0]), actions: chain.slice(1).map((i) => search.store.records.actionIndex(i)) },
    chain,
  };
}

/**
 * Replays the path to a finding, checking every stored state on the way. Under symmetry
 * reduction the stored states are canonical: the path is first mapped back to concrete states
 * ({@link concretePath}), and the replay compares with those.
 */
function traceOf<S, A extends Action>(search: Search<S, A>, finding: Finding): Trace<S, A> {
  const { path, chain } = pathTo(search, finding.state);
  if (search.canon !== undefined) {
    const store = search.store as StateStore;
    const c = concretePath(search.model, search.codec, search.canon, path.init, (i) => store.wordsOf(chain[i]), chain.length, finding.action);
    const full = c.finalAction === undefined ? c.path : { init: c.path.init, actions: [...c.path.actions, c.finalAction] };
    return replay(search.model, full, c.expected, search.codec);
  }
  const full = finding.action === undefined ? path : { init: path.init, actions: [...path.actions, finding.action] };
  return replay(search.model, full, (i) => (i < chain.length ? search.store.wordsOf(chain[i]) : undefined), search.codec);
}

/**
 * Decides the `neverStuck` properties of a complete exact search. Not decided in fingerprint
 * mode; a `blocked` predicate that throws is a model error.
 */
function decideNeverStuckOf<S, A extends Action>(search: Search<S, A>): StuckDecision<S, A> {
  if (!search.properties.some((p) => p.kind === 'neverStuck')) return { decided: true };
  if (search.canon !== undefined) return { decided: false, undecided: STUCK_UNDER_SYMMETRY };
  if (!(search.store instanceof StateStore)) return { decided: false };
  const started = performance.now();
  const store = search.store;
  const edges = search.edges;
  const { findings, error, undecided } = decideNeverStuck(search.model, store.count, (props) => [
    edges?.recording ? recordedRows(search.codec, store, props, edges) : graphRows(search.model, search.codec, store, props, 0, store.count),
  ], search.memoryLimit);
  const analysisMs = performance.now() - started;
  if (error || undecided) return { decided: false, analysisMs, error, undecided };
  return { decided: true, analysisMs, findings: findings.map((f) => (f === undefined ? undefined : { worker: 0, state: f.state, thread: f.thread })) };
}

/** Replays a path the liveness analysis found (a lasso when it has a loop), checking every stored state on the way. */
function tracePath<S, A extends Action>(search: Search<S, A>, path: StatePath): Trace<S, A> {
  const store = search.store as StateStore;
  const init = store.records.actionIndex(path.start);
  const full = { init, actions: path.actions, ...(path.loop !== undefined ? { loop: path.loop } : {}) };
  return replay(search.model, full, (i) => (i < path.states.length ? store.wordsOf(path.states[i]) : undefined), search.codec);
}

/**
 * Decides the liveness properties of a complete exact search (`leadsTo`, `eventually`,
 * `alwaysEventually`, `responseBound`). Not decided in fingerprint mode; what a predicate or the
 * model's `fairness` throws is a model error.
 */
function decideLivenessOf<S, A extends Action>(search: Search<S, A>, outcome: SearchOutcome<S>): LivenessVerdicts<S, A> | undefined {
  if (!hasLiveness(search.model)) return undefined;
  if (search.canon !== undefined) return { verdictOf: () => undefined, reason: LIVENESS_UNDER_SYMMETRY };
  if (!(search.store instanceof StateStore)) return { verdictOf: () => undefined, reason: LIVENESS_NEEDS };
  const started = performance.now();
  const initial = search.levelStates[0] ?? 0;
  const progress = livenessProgress(search.options, { ...outcome, elapsedMs: search.elapsedMs });
  const d = decideLiveness(search.model, search.codec, search.store, initial, search.edges, search.memoryLimit, progress);
  return livenessVerdicts(search.model, d, performance.now() - started, (path) => tracePath(search, path));
}

/** Under symmetry reduction: the index, among the concrete last state's actions, of stored state `state`'s action `action`. */
function concreteAction<S, A extends Action>(search: Search<S, A>, state: number, action: number): number {
  const { path, chain } = pathTo(search, state);
  const store = search.store as StateStore;
  return concretePath(search.model, search.codec, search.canon!, path.init, (i) => store.wordsOf(chain[i]), chain.length, action).finalAction!;
}

function buildResult<S, A extends Action>(search: Search<S, A>): CheckResult<S, A> {
  const outcome = mergeSummaries<S>([summarize(search)]);
  const parts: ResultParts<S, A> = {
    model: search.model,
    codec: search.codec,
    options: search.options,
    outcome,
    elapsedMs: search.elapsedMs,
    traceOf: (f) => traceOf(search, f),
    ...(search.canon !== undefined ? { concreteAction: (state: number, action: number) => concreteAction(search, state, action) } : {}),
  };
  const settled = settleModelError(parts);
  const analyse = settled.complete && settled.modelError === undefined;
  const stuck = analyse ? decideNeverStuckOf(search) : undefined;
  const liveness = analyse && stuck?.error === undefined ? decideLivenessOf(search, outcome) : undefined;
  const result = assembleResult(parts, settled, stuck, liveness);
  // Every trace has been rebuilt: the store's files can go.
  search.store.dispose();
  return result;
}
