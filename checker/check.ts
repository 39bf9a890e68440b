/**
 * The one-worker check: run a {@link Search}, then assemble its result (verdicts with replayed,
 * verified traces; the `neverStuck` analysis over the states it stored).
 */
import type { Action, Model } from '../model/core/model.js';
import type { CheckOptions } from './options.js';
import { replay } from './replay.js';
import type { CheckResult } from './result.js';
import { assembleResult, settleModelError, type ResultParts, type StuckDecision } from './resultAssembly.js';
import { Search } from './search.js';
import type { Finding } from './searchEngine.js';
import { mergeSummaries, summarize } from './searchSummary.js';
import { StateStore } from './stateStore.js';
import { decideNeverStuck, graphRows, recordedRows } from './stuck.js';
import type { Trace, TracePath } from './trace.js';

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

/** Replays the path to a finding, checking every stored state on the way. */
function traceOf<S, A extends Action>(search: Search<S, A>, finding: Finding): Trace<S, A> {
  const { path, chain } = pathTo(search, finding.state);
  const full = finding.action === undefined ? path : { init: path.init, actions: [...path.actions, finding.action] };
  return replay(search.model, full, (i) => (i < chain.length ? search.store.wordsOf(chain[i]) : undefined), search.codec);
}

/**
 * Decides the `neverStuck` properties of a complete exact search. Not decided in fingerprint
 * mode; a `blocked` predicate that throws is a model error.
 */
function decideNeverStuckOf<S, A extends Action>(search: Search<S, A>): StuckDecision<S, A> {
  if (!search.properties.some((p) => p.kind === 'neverStuck')) return { decided: true };
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

function buildResult<S, A extends Action>(search: Search<S, A>): CheckResult<S, A> {
  const parts: ResultParts<S, A> = {
    model: search.model,
    codec: search.codec,
    options: search.options,
    outcome: mergeSummaries([summarize(search)]),
    elapsedMs: search.elapsedMs,
    traceOf: (f) => traceOf(search, f),
  };
  const settled = settleModelError(parts);
  const stuck = settled.complete && settled.modelError === undefined ? decideNeverStuckOf(search) : undefined;
  const result = assembleResult(parts, settled, stuck);
  // Every trace has been rebuilt: the store's files can go.
  search.store.dispose();
  return result;
}
