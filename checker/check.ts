/**
 * The two runners' shared core: run a search, then turn its findings into verdicts with replayed,
 * verified traces.
 */
import type { Action, Model } from '../model/core/model.js';
import type { StateCodec } from '../model/core/shape/codec.js';
import type { Property } from '../properties/property.js';
import type { ModelError } from './errors.js';
import { describeThrown, ReplayError } from './errors.js';
import { findGrowthWitness } from './growth.js';
import type { CheckOptions } from './options.js';
import { replay } from './replay.js';
import type { CheckResult, PropertyResult, Verdict } from './result.js';
import { verdictOutcome } from './result.js';
import { FingerprintStore } from './fingerprintStore.js';
import { Search, type Finding } from './search.js';
import { StateStore } from './stateStore.js';
import { decideNeverStuck, graphRows, recordedRows } from './stuck.js';
import type { Trace, TracePath } from './trace.js';

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
 * Whether a value fits the codec's shape (growth witnesses stop where a state would not).
 *
 * @example
 * fitsShape(new StateCodec(shape))(state); // true or false
 */
export function fitsShape<S>(codec: StateCodec<S>): (s: S) => boolean {
  return (s) => {
    try {
      codec.encode(s);
      return true;
    } catch {
      return false;
    }
  };
}

function modelErrorOf<S, A extends Action>(search: Search<S, A>): ModelError<S, A> | undefined {
  const raw = search.modelError;
  if (!raw) return undefined;
  if (raw.state < 0) return { code: raw.code, message: raw.message, phase: raw.phase, state: raw.badState };
  const trace = traceOf(search, { state: raw.state });
  const last = trace.steps.length === 0 ? trace.init : trace.steps[trace.steps.length - 1].state;
  const action = raw.action === undefined ? undefined : search.model.actions(last)[raw.action];
  return { code: raw.code, message: raw.message, phase: raw.phase, trace, action, state: raw.badState };
}

/**
 * The verdict on one property from where the search decided it (if it did): replays the trace,
 * looks for a growth witness behind an exceeded bound. Shared by the one-worker and the parallel
 * checks.
 *
 * @example
 * verdictFor(model, prop, finding, maxReached, complete, (f) => traceOf(search, f), fits, 5);
 * // `stuckDecided`: `neverStuck` properties were analysed (their finding is final)
 */
export function verdictFor<S, A extends Action>(
  model: Model<S, A>,
  prop: Property<S, A>,
  finding: Finding | undefined,
  maxSeen: number,
  complete: boolean,
  traceOf: (finding: Finding) => Trace<S, A>,
  fitsShape: (s: S) => boolean,
  rounds: number,
  stuckDecided = false,
): Verdict<S, A> {
  switch (prop.kind) {
    case 'sometimes':
      if (finding) return { status: 'witnessed', trace: traceOf(finding) };
      return complete ? { status: 'unwitnessed' } : { status: 'unknown' };
    case 'bounded': {
      const maxReached = maxSeen === -Infinity ? undefined : maxSeen;
      if (finding) {
        const trace = traceOf(finding);
        const growth = findGrowthWitness(model, prop, trace, rounds, fitsShape);
        if (growth) return { status: 'unbounded', trace: growth.trace, growth: growth.witness };
        return { status: 'violated', trace, maxReached };
      }
      return complete ? { status: 'holds', maxReached } : { status: 'unknown', maxReached };
    }
    case 'neverStuck':
      if (finding) return { status: 'violated', trace: traceOf(finding), stuckThread: prop.threads[finding.thread ?? 0] };
      if (!complete) return { status: 'unknown' };
      return stuckDecided ? { status: 'holds' } : { status: 'unknown', reason: NEVER_STUCK_NEEDS };
    default:
      if (finding) return { status: 'violated', trace: traceOf(finding) };
      return complete ? { status: 'holds' } : { status: 'unknown' };
  }
}

/** Why a `neverStuck` property stays unknown after a complete fingerprint search. */
const NEVER_STUCK_NEEDS = 'no thread stuck forever is decided over the whole state graph, which needs a search in exact mode';

function verdictOf<S, A extends Action>(search: Search<S, A>, p: number, complete: boolean, stuckDecided: boolean): Verdict<S, A> {
  return verdictFor(
    search.model,
    search.properties[p],
    search.findings[p],
    search.maxReached[p],
    complete,
    (f) => traceOf(search, f),
    fitsShape(search.codec),
    search.options.growthRounds ?? 5,
    stuckDecided,
  );
}

/**
 * Decides the `neverStuck` properties of a complete exact search, recording a finding for each
 * violated one. Returns whether they were decided (not for a fingerprint search); a `blocked`
 * predicate that throws is a model error.
 */
function decideNeverStuckOf<S, A extends Action>(search: Search<S, A>): { decided: boolean; analysisMs?: number; error?: ModelError<S, A> } {
  if (!search.properties.some((p) => p.kind === 'neverStuck')) return { decided: true };
  if (!(search.store instanceof StateStore)) return { decided: false };
  const started = performance.now();
  const store = search.store;
  const edges = search.edges;
  const { findings, error } = decideNeverStuck(search.model, store.count, (props) => [
    edges?.recording ? recordedRows(search.codec, store, props, edges) : graphRows(search.model, search.codec, store, props, 0, store.count),
  ]);
  const analysisMs = performance.now() - started;
  if (error) return { decided: false, analysisMs, error };
  findings.forEach((f, p) => {
    if (f !== undefined) search.findings[p] = { state: f.state, thread: f.thread };
  });
  return { decided: true, analysisMs };
}

function buildResult<S, A extends Action>(search: Search<S, A>): CheckResult<S, A> {
  let modelError: ModelError<S, A> | undefined;
  let complete = search.stoppedBy === undefined;
  const replayFailure = (e: unknown): ModelError<S, A> => {
    complete = false;
    if (e instanceof ReplayError) return { code: e.code, message: e.message, phase: 'replay' };
    return { code: 'IPC001', message: `replaying a counterexample threw: ${describeThrown(e)}`, phase: 'replay' };
  };
  try {
    modelError = modelErrorOf(search);
  } catch (e) {
    modelError = replayFailure(e);
  }
  let stuckDecided = false;
  let analysisMs: number | undefined;
  if (complete && modelError === undefined) {
    const decision = decideNeverStuckOf(search);
    stuckDecided = decision.decided;
    analysisMs = decision.analysisMs;
    if (decision.error) {
      modelError = decision.error;
      complete = false;
    }
  }
  const properties: PropertyResult<S, A>[] = search.properties.map((prop, p) => {
    let verdict: Verdict<S, A>;
    try {
      verdict = verdictOf(search, p, complete, stuckDecided);
    } catch (e) {
      modelError ??= replayFailure(e);
      verdict = { status: 'unknown' };
    }
    return { name: prop.name, kind: prop.kind, verdict };
  });
  const verdicts: Record<string, Verdict<S, A>> = {};
  for (const pr of properties) verdicts[pr.name] = pr.verdict;
  const distinct = search.store.count;
  const elapsedMs = search.elapsedMs;
  const bytes = search.store.bytes();
  const fingerprint =
    search.store instanceof FingerprintStore
      ? { bits: 64 as const, collisionProbability: search.store.collisionProbability(search.generated) }
      : undefined;
  // Every trace has been rebuilt above: the store's files can go.
  search.store.dispose();
  const ok = complete && modelError === undefined && properties.every((pr) => verdictOutcome(pr.verdict) === 'pass');
  return {
    model: search.model.name,
    config: search.model.config,
    ok,
    complete,
    stoppedBy: search.stoppedBy ?? (modelError ? 'modelError' : undefined),
    properties,
    verdicts,
    modelError,
    stats: {
      distinct,
      generated: search.generated,
      depth: search.depth,
      queue: distinct - search.cursor,
      elapsedMs,
      statesPerSecond: Math.round((distinct * 1000) / Math.max(elapsedMs, 0.001)),
      ...(analysisMs !== undefined ? { analysisMs } : {}),
      bytesPerState: distinct > 0 ? bytes / distinct : 0,
      stateBytes: search.codec.words * 4,
      ...(fingerprint ? { fingerprint } : {}),
    },
  };
}
