/**
 * Turning what a check's searches found into a {@link CheckResult}: the model error with its
 * trace, a verdict per property (with replayed, verified traces and growth witnesses) and the
 * statistics. Shared by the one-worker and the parallel check, which differ only in where a
 * trace's states come from and in how the graph analyses after the search run.
 */
import type { Action, Model } from '../model/core/model.js';
import type { StateCodec } from '../model/core/shape/codec.js';
import type { Property } from '../properties/property.js';
import { describeThrown, ReplayError, type ModelError } from './errors.js';
import { findGrowthWitness } from './growth.js';
import type { CheckOptions } from './options.js';
import type { CheckResult, PropertyResult, Verdict } from './result.js';
import { verdictOutcome } from './result.js';
import type { Finding } from './searchEngine.js';
import type { PlacedFinding, SearchOutcome } from './searchSummary.js';
import type { Trace } from './trace.js';
import { countPermutations } from './symmetry/permutations.js';
import type { LivenessDecision, LivenessFinding, StatePath } from './liveness/decide.js';

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

/** Why a `neverStuck` property stays unknown after a complete fingerprint search. */
const NEVER_STUCK_NEEDS = 'no thread stuck forever is decided over the whole state graph, which needs a search in exact mode';

/**
 * Why a liveness property stays unknown after a complete search that did not decide it (a
 * fingerprint search keeps no graph).
 *
 * @example
 * check(model, { fingerprint: true }).verdicts['every call answered']; // { status: 'unknown', reason: LIVENESS_NEEDS }
 */
export const LIVENESS_NEEDS = 'liveness is decided over the whole state graph, which needs a search in exact mode';

/**
 * The verdict on one property from where the search decided it (if it did): replays the trace,
 * looks for a growth witness behind an exceeded bound.
 *
 * @example
 * verdictFor(model, prop, finding, maxReached, complete, (f) => traceOf(search, f), fits, 5);
 * // `stuckDecided`: `neverStuck` properties were analysed (their finding is final), or why not (a string)
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
  stuckDecided: boolean | string = false,
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
      return stuckDecided === true ? { status: 'holds' } : { status: 'unknown', reason: stuckDecided === false ? NEVER_STUCK_NEEDS : stuckDecided };
    case 'leadsTo':
    case 'responseBound':
      return complete ? { status: 'unknown', reason: LIVENESS_NEEDS } : { status: 'unknown' };
    default:
      if (finding) return { status: 'violated', trace: traceOf(finding) };
      return complete ? { status: 'holds' } : { status: 'unknown' };
  }
}

/**
 * How the `neverStuck` properties of a complete search were decided, when they were analysed:
 * `decided` false in fingerprint mode (no whole graph) or when a predicate threw (`error`).
 *
 * @example
 * const stuck: StuckDecision = { decided: true, analysisMs: 12, findings: [undefined, { worker: 0, state: 9, thread: 1 }] };
 */
export interface StuckDecision<S, A extends Action> {
  readonly decided: boolean;
  readonly analysisMs?: number;
  readonly error?: ModelError<S, A>;
  /** Why the memory limit left the `neverStuck` properties undecided (`decided` is then false). */
  readonly undecided?: string;
  /** Per property (in model order): where a `neverStuck` property fails. */
  readonly findings?: readonly (PlacedFinding | undefined)[];
}

/**
 * The liveness properties' verdicts after a complete search, when the analysis ran: per property
 * (by index in `model.properties`) its verdict, replayed when asked (a replay may throw a
 * {@link ReplayError}), or undefined when it was not decided; why not (`reason`), the analysis
 * time, and a model error a predicate threw.
 *
 * @example
 * const liveness: LivenessVerdicts<S, A> = { verdictOf: (p) => undefined, reason: 'incomplete: the memory limit stopped it', analysisMs: 3 };
 */
export interface LivenessVerdicts<S, A extends Action> {
  readonly verdictOf: (p: number) => Verdict<S, A> | undefined;
  readonly reason?: string;
  readonly analysisMs?: number;
  readonly error?: ModelError<S, A>;
}

/**
 * The {@link LivenessVerdicts} of what the liveness analysis decided: per property, its verdict
 * with the lasso or the bound's witness replayed by `tracePath` (which may throw a
 * {@link ReplayError}); a model error naming the liveness properties when a predicate threw
 * (`decision.error`, described already when it comes from a worker thread).
 *
 * @example
 * const d = decideLiveness(model, codec, store, initial, search.edges, limit);
 * const liveness = livenessVerdicts(model, d, analysisMs, (path) => replayPath(path));
 */
export function livenessVerdicts<S, A extends Action>(
  model: Model<S, A>,
  decision: LivenessDecision,
  analysisMs: number,
  tracePath: (path: StatePath) => Trace<S, A>,
): LivenessVerdicts<S, A> {
  if (decision.error !== undefined) {
    const names = model.properties.filter((p) => p.kind === 'leadsTo' || p.kind === 'responseBound').map((p) => `'${p.name}'`).join(', ');
    return { verdictOf: () => undefined, analysisMs, error: { code: 'IPC005', phase: `property ${names}`, message: `deciding ${names} threw: ${describeThrown(decision.error)}` } };
  }
  const verdictOf = (f: LivenessFinding): Verdict<S, A> => {
    if (f.holds) {
      if (f.bound === undefined) return { status: 'holds' };
      return { status: 'holds', bound: f.bound, witness: tracePath(f.path), premiseAt: f.path.trigger };
    }
    return {
      status: 'violated',
      trace: tracePath(f.path),
      premiseAt: f.path.trigger,
      ...(f.why !== undefined ? { why: f.why } : {}),
      ...(f.instance !== undefined ? { instance: f.instance } : {}),
    };
  };
  return { verdictOf: (p) => (decision.findings[p] === undefined ? undefined : verdictOf(decision.findings[p]!)), analysisMs, reason: decision.undecided };
}

/**
 * What the result is made from: the model, how its states are encoded, the options, the merged
 * outcome of the searches, and the trace to a finding's state (which may throw a
 * {@link ReplayError} when the model does not replay).
 *
 * @example
 * const parts: ResultParts<S, A> = { model, codec, options, outcome, elapsedMs, traceOf };
 */
export interface ResultParts<S, A extends Action> {
  readonly model: Model<S, A>;
  readonly codec: StateCodec<S>;
  readonly options: CheckOptions;
  readonly outcome: SearchOutcome<S>;
  /** The search's time (the analyses after it are timed apart). */
  readonly elapsedMs: number;
  readonly traceOf: (finding: PlacedFinding) => Trace<S, A>;
  /** Worker threads of a parallel check. */
  readonly workers?: number;
  /**
   * Under symmetry reduction: the index, among the actions of the concrete state a trace to
   * stored state `state` ends in, of that stored state's action `action` (a model error's).
   */
  readonly concreteAction?: (state: number, action: number) => number;
}

/**
 * The model error, with the trace to where it happened, and whether the search stays complete.
 * When the trace does not replay (the model is not deterministic), the error found during the
 * search is kept, with the state where it happened and why its trace could not be rebuilt.
 *
 * @example
 * const settled = settleModelError(parts);
 * if (settled.complete && settled.modelError === undefined) decideTheGraphAnalyses();
 */
export function settleModelError<S, A extends Action>(parts: ResultParts<S, A>): { modelError?: ModelError<S, A>; complete: boolean } {
  const { model, outcome } = parts;
  const raw = outcome.modelError;
  const complete = outcome.stoppedBy === undefined;
  if (!raw) return { complete };
  if (raw.state < 0) return { modelError: { code: raw.code, message: raw.message, phase: raw.phase, state: raw.badState }, complete };
  try {
    const trace = parts.traceOf({ worker: raw.worker, state: raw.state });
    const last = trace.steps.length === 0 ? trace.init : trace.steps[trace.steps.length - 1].state;
    const ai = raw.action === undefined || parts.concreteAction === undefined ? raw.action : parts.concreteAction(raw.state, raw.action);
    const action = ai === undefined ? undefined : model.actions(last)[ai];
    return { modelError: { code: raw.code, message: raw.message, phase: raw.phase, trace, action, state: raw.badState }, complete };
  } catch (e) {
    const why = replayFailure<S, A>(e);
    return {
      modelError: { code: raw.code, message: `${raw.message} (the trace to this state could not be rebuilt: ${why.code} ${why.message})`, phase: raw.phase, state: raw.badState },
      complete: false,
    };
  }
}

/** The model error a trace that cannot be rebuilt is. */
function replayFailure<S, A extends Action>(e: unknown): ModelError<S, A> {
  if (e instanceof ReplayError) return { code: e.code, message: e.message, phase: 'replay' };
  return { code: 'IPC001', message: `replaying a counterexample threw: ${describeThrown(e)}`, phase: 'replay' };
}

/**
 * Per property, the finding its verdict rests on: the search's, or the `neverStuck` analysis's.
 *
 * @example
 * for (const f of decisiveFindings(outcome, stuck)) if (f) prefetch(f);
 */
export function decisiveFindings<S, A extends Action>(outcome: SearchOutcome<S>, stuck: StuckDecision<S, A> | undefined): (PlacedFinding | undefined)[] {
  return outcome.findings.map((f, p) => stuck?.findings?.[p] ?? f);
}

/**
 * The result of a check: verdicts from the findings (each trace replayed), the model error
 * `settled`, the `neverStuck` decision `stuck` and the `liveness` verdicts (when those analyses
 * ran), and the statistics.
 *
 * @example
 * const settled = settleModelError(parts);
 * return assembleResult(parts, settled, settled.complete ? decideStuck() : undefined);
 */
export function assembleResult<S, A extends Action>(
  parts: ResultParts<S, A>,
  settled: { modelError?: ModelError<S, A>; complete: boolean },
  stuck: StuckDecision<S, A> | undefined,
  liveness?: LivenessVerdicts<S, A>,
): CheckResult<S, A> {
  const { model, codec, options, outcome } = parts;
  let { modelError, complete } = settled;
  if (stuck?.error) {
    modelError = stuck.error;
    complete = false;
  }
  if (liveness?.error && !modelError) {
    modelError = liveness.error;
    complete = false;
  }
  const findings = decisiveFindings(outcome, stuck);
  const fits = fitsShape(codec);
  const properties: PropertyResult<S, A>[] = model.properties.map((prop, p) => {
    let verdict: Verdict<S, A>;
    try {
      const live = complete && (prop.kind === 'leadsTo' || prop.kind === 'responseBound') && liveness !== undefined;
      if (live) verdict = liveness.verdictOf(p) ?? { status: 'unknown', reason: liveness.reason ?? LIVENESS_NEEDS };
      else verdict = verdictFor(
        model,
        prop,
        findings[p],
        outcome.maxReached[p],
        complete,
        (f) => parts.traceOf(f as PlacedFinding),
        fits,
        options.growthRounds ?? 5,
        stuck?.undecided ?? stuck?.decided === true,
      );
    } catch (e) {
      complete = false;
      modelError ??= replayFailure(e);
      verdict = { status: 'unknown' };
    }
    return { name: prop.name, kind: prop.kind, verdict };
  });
  const verdicts: Record<string, Verdict<S, A>> = {};
  for (const pr of properties) verdicts[pr.name] = pr.verdict;
  const { distinct, generated, elapsedMs } = { ...outcome, elapsedMs: parts.elapsedMs };
  const ok = complete && modelError === undefined && properties.every((pr) => verdictOutcome(pr.verdict) === 'pass');
  return {
    model: model.name,
    config: model.config,
    ok,
    complete,
    stoppedBy: outcome.stoppedBy ?? (modelError ? 'modelError' : undefined),
    properties,
    verdicts,
    modelError,
    stats: {
      distinct,
      generated,
      depth: outcome.depth,
      initial: outcome.levels[0]?.states ?? 0,
      transitions: generated - outcome.initialGenerated,
      deadlocks: outcome.deadlocks,
      levels: outcome.levels,
      queue: outcome.queue,
      elapsedMs,
      statesPerSecond: Math.round((distinct * 1000) / Math.max(elapsedMs, 0.001)),
      ...(stuck?.analysisMs !== undefined || liveness?.analysisMs !== undefined ? { analysisMs: (stuck?.analysisMs ?? 0) + (liveness?.analysisMs ?? 0) } : {}),
      bytesPerState: distinct > 0 ? outcome.bytes / distinct : 0,
      stateBytes: codec.words * 4,
      ...(options.fingerprint ? { fingerprint: { bits: 64 as const, collisionProbability: (distinct * Math.max(0, generated - distinct)) / 2 ** 64 } } : {}),
      ...(parts.workers !== undefined ? { workers: parts.workers } : {}),
      ...(options.symmetry && model.symmetry ? { symmetry: { groups: model.symmetry.groups.map((g) => [...g]), permutations: countPermutations(model.symmetry.groups) } } : {}),
    },
  };
}
