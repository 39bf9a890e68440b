/**
 * JSON counterexamples: a replayable record of one trace (model, configuration, action-index path,
 * action labels and every state), its parser, and a replay that checks the recorded states.
 */
import type { Action, Config, ConfigValue, Model } from '../model/core/model.js';
import { formatAction } from '../model/core/model.js';
import type { PropertyKind } from '../properties/property.js';
import type { ModelError, ModelErrorCode } from '../checker/errors.js';
import { describeThrown, ReplayError } from '../checker/errors.js';
import type { GrowthWitness, PropertyResult, VerdictStatus } from '../checker/result.js';
import { replay } from '../checker/replay.js';
import type { Trace, TracePath } from '../checker/trace.js';
import { fairnessArgument } from './fairnessArgument.js';

/**
 * The `format` tag of every trace file.
 *
 * @example
 * JSON.parse(text).format === TRACE_FORMAT; // an ipc-check trace
 */
export const TRACE_FORMAT = 'ipc-check-trace';

/**
 * The version of the trace file layout this module writes and reads.
 *
 * @example
 * traceToJson(model, pr).version === TRACE_VERSION; // true
 */
export const TRACE_VERSION = 1;

/**
 * The `verdict` of a trace file that records a model error rather than a property's verdict.
 *
 * @example
 * if (file.verdict === MODEL_ERROR_VERDICT) console.log(file.error?.code);
 */
export const MODEL_ERROR_VERDICT = 'model error';

/**
 * A trace file, as written by {@link traceToJson} and {@link modelErrorToJson} and read by
 * {@link parseTraceJson}. `states` holds the initial state and then the state after each action,
 * so it is one longer than `path.actions` and `actions`. A property's trace names the property;
 * a model error's trace has `verdict: 'model error'` and an `error` instead.
 *
 * @example
 * const file: TraceJson = {
 *   format: 'ipc-check-trace', version: 1, model: 'counter', config: {},
 *   property: { name: 'n stays below 1', kind: 'always' }, verdict: 'violated',
 *   path: { init: 0, actions: [0] }, actions: ['Inc'], states: [{ n: 0 }, { n: 1 }],
 * };
 */
export interface TraceJson<S = unknown> {
  readonly format: typeof TRACE_FORMAT;
  readonly version: typeof TRACE_VERSION;
  /** The model's name, configuration included: `dieHard(small=3,big=5,target=4)`. */
  readonly model: string;
  /** The configuration the model was built from (`{}` when the model records none). */
  readonly config: Config;
  /** The property whose verdict this trace supports; absent for a model error. */
  readonly property?: { readonly name: string; readonly kind: PropertyKind };
  /** The verdict's status, or `'model error'`. */
  readonly verdict: VerdictStatus | typeof MODEL_ERROR_VERDICT;
  /**
   * The replayable path: index into `init()`, then one index into `actions(s)` per step; on a
   * lasso (a liveness counterexample), `loop`: the state (0 the initial one, k the state after
   * step k) the last step returns to, the steps after it repeating for ever, or the number of
   * steps when the path ends in a deadlock and stays there.
   */
  readonly path: { readonly init: number; readonly actions: readonly number[]; readonly loop?: number };
  /** Liveness: the state of the path (numbered as `loop`) where the premise (the request) holds. */
  readonly premiseAt?: number;
  /** `responseBound` violated: why the bound is infinite. */
  readonly why?: 'never answered' | 'postponed by a cycle';
  /**
   * A liveness lasso: the fairness argument in words (see `fairnessArgument`), one sentence per
   * entry. Written for the reader; replay ignores it.
   */
  readonly argument?: readonly string[];
  /** The label of each step's action. */
  readonly actions: readonly string[];
  /** The initial state, then each step's state, as plain JSON values. */
  readonly states: readonly S[];
  /** For an `unbounded` verdict: which steps repeat and how the measure grows. */
  readonly growth?: GrowthWitness;
  /** For a model error: what went wrong, and the action whose taking from the last state failed. */
  readonly error?: { readonly code: ModelErrorCode; readonly phase: string; readonly message: string; readonly action?: string };
}

/** A copy of `v` made of plain JSON values only. */
function plain<T>(v: T): T {
  const text = JSON.stringify(v);
  return (text === undefined ? null : JSON.parse(text)) as T;
}

function traceBody<S, A extends Action>(model: Model<S, A>, trace: Trace<S, A>) {
  return {
    path: { init: trace.path.init, actions: [...trace.path.actions], ...(trace.loop !== undefined ? { loop: trace.loop } : {}) },
    actions: trace.steps.map((st) => formatAction(model, st.action)),
    states: [plain(trace.init), ...trace.steps.map((st) => plain(st.state))],
  };
}

/**
 * The JSON record of a property's trace. Throws a `TypeError` when the verdict carries no trace
 * (`holds`, `unwitnessed`, `unknown`): only `violated`, `unbounded` and `witnessed` have one.
 *
 * @example
 * const pr = check(dieHard()).properties.find((p) => p.verdict.status === 'violated')!;
 * const file = traceToJson(dieHard(), pr);
 * file.path;          // { init: 0, actions: [1, 5, 2, 5, 1, 5] }
 * file.actions[0];    // 'FillBig'
 * file.states.at(-1); // { small: 3, big: 4 }
 */
export function traceToJson<S, A extends Action>(model: Model<S, A>, pr: PropertyResult<S, A>): TraceJson<S> {
  const v = pr.verdict;
  if (v.status !== 'violated' && v.status !== 'unbounded' && v.status !== 'witnessed') {
    throw new TypeError(`traceToJson: the verdict on '${pr.name}' is '${v.status}', which has no trace`);
  }
  const argument = fairnessArgument(model, pr);
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    model: model.name,
    config: { ...(model.config ?? {}) },
    property: { name: pr.name, kind: pr.kind },
    verdict: v.status,
    ...traceBody(model, v.trace),
    ...(v.status === 'unbounded' ? { growth: plain(v.growth) } : {}),
    ...(v.status === 'violated' && v.premiseAt !== undefined ? { premiseAt: v.premiseAt } : {}),
    ...(v.status === 'violated' && v.why !== undefined ? { why: v.why } : {}),
    ...(argument !== undefined ? { argument } : {}),
  };
}

/**
 * The JSON record of a model error's trace, or `undefined` when the error has no trace (for
 * example when `init()` itself threw). The path leads to the last state before the failure; the
 * failing action, if any, is named in `error.action` and is not part of the path.
 *
 * @example
 * const r = check(model);
 * const file = r.modelError && modelErrorToJson(model, r.modelError);
 * file?.error?.code; // 'IPC002'
 */
export function modelErrorToJson<S, A extends Action>(model: Model<S, A>, err: ModelError<S, A>): TraceJson<S> | undefined {
  if (!err.trace) return undefined;
  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    model: model.name,
    config: { ...(model.config ?? {}) },
    verdict: MODEL_ERROR_VERDICT,
    ...traceBody(model, err.trace),
    error: {
      code: err.code,
      phase: err.phase,
      message: err.message,
      ...(err.action !== undefined ? { action: formatAction(model, err.action) } : {}),
    },
  };
}

/**
 * The result of {@link parseTraceJson}: the validated file, or a one-line error naming the problem.
 *
 * @example
 * const r: ParseResult<TraceJson> = parseTraceJson(text);
 * if (!r.ok) console.error(r.error);
 */
export type ParseResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: string };

const VERDICTS: readonly string[] = ['holds', 'violated', 'unbounded', 'witnessed', 'unwitnessed', 'unknown', MODEL_ERROR_VERDICT];
const KINDS: readonly string[] = ['always', 'sometimes', 'step', 'deadlockFree', 'neverStuck', 'bounded', 'leadsTo', 'responseBound'];
const CODES: readonly string[] = ['IPC001', 'IPC002', 'IPC003', 'IPC004', 'IPC005', 'IPC006'];

/** A validation failure; caught by `parseTraceJson` and turned into its error line. */
class Invalid extends Error {}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describeValue(v: unknown): string {
  if (v === undefined) return 'missing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  const text = JSON.stringify(v);
  return `${typeof v} ${text.length > 40 ? text.slice(0, 37) + '...' : text}`;
}

function need(cond: boolean, message: string): asserts cond {
  if (!cond) throw new Invalid(message);
}

function objectAt(v: unknown, where: string): Record<string, unknown> {
  need(isObject(v), `${where} must be an object, found ${describeValue(v)}`);
  return v;
}

function stringAt(v: unknown, where: string): string {
  need(typeof v === 'string', `${where} must be a string, found ${describeValue(v)}`);
  return v;
}

function indexAt(v: unknown, where: string): number {
  need(typeof v === 'number' && Number.isSafeInteger(v) && v >= 0, `${where} must be a non-negative integer, found ${describeValue(v)}`);
  return v;
}

function numberAt(v: unknown, where: string): number {
  need(typeof v === 'number' && Number.isFinite(v), `${where} must be a finite number, found ${describeValue(v)}`);
  return v;
}

function arrayAt(v: unknown, where: string): readonly unknown[] {
  need(Array.isArray(v), `${where} must be an array, found ${describeValue(v)}`);
  return v;
}

function parseConfig(v: unknown): Config {
  if (v === undefined) return {};
  const o = objectAt(v, 'config');
  const out: Record<string, ConfigValue> = {};
  for (const [k, x] of Object.entries(o)) {
    need(
      typeof x === 'number' || typeof x === 'string' || typeof x === 'boolean',
      `config.${k} must be a number, string or boolean, found ${describeValue(x)}`,
    );
    out[k] = x;
  }
  return out;
}

function parseGrowth(v: unknown, steps: number): GrowthWitness {
  const g = objectAt(v, 'growth');
  const loopStart = indexAt(g.loopStart, 'growth.loopStart');
  const loopEnd = indexAt(g.loopEnd, 'growth.loopEnd');
  const prefixSteps = indexAt(g.prefixSteps, 'growth.prefixSteps');
  const rounds = indexAt(g.rounds, 'growth.rounds');
  need(loopStart < loopEnd && loopEnd <= prefixSteps, `growth must satisfy loopStart < loopEnd <= prefixSteps, found ${loopStart}, ${loopEnd}, ${prefixSteps}`);
  need(
    prefixSteps + rounds * (loopEnd - loopStart) === steps,
    `growth does not match the path: ${prefixSteps} prefix steps and ${rounds} rounds of ${loopEnd - loopStart} step(s) make ` +
      `${prefixSteps + rounds * (loopEnd - loopStart)} steps, the path has ${steps}`,
  );
  const measures = arrayAt(g.measures, 'growth.measures').map((m, i) => numberAt(m, `growth.measures[${i}]`));
  need(measures.length === rounds + 1, `growth.measures must hold ${rounds + 1} values (one per round and the start), found ${measures.length}`);
  return {
    loopStart,
    loopEnd,
    prefixSteps,
    rounds,
    measures,
    growthPerRound: numberAt(g.growthPerRound, 'growth.growthPerRound'),
    unit: stringAt(g.unit, 'growth.unit'),
  };
}

function validate(data: unknown): TraceJson {
  const o = objectAt(data, 'the trace file');
  need(
    o.format === TRACE_FORMAT,
    o.format === undefined
      ? `not an ipc-check trace: the "format" field is missing (expected "${TRACE_FORMAT}")`
      : `not an ipc-check trace: format is ${describeValue(o.format)}, expected "${TRACE_FORMAT}"`,
  );
  need(o.version === TRACE_VERSION, `unsupported trace version ${describeValue(o.version)}: this ipc-check reads version ${TRACE_VERSION}`);
  const model = stringAt(o.model, 'model');
  const config = parseConfig(o.config);
  const verdict = stringAt(o.verdict, 'verdict');
  need(VERDICTS.includes(verdict), `verdict "${verdict}" is not one of ${VERDICTS.join(', ')}`);

  need(o.path !== undefined, 'the trace has no "path": nothing to replay');
  const p = objectAt(o.path, 'path');
  const init = indexAt(p.init, 'path.init');
  const pathActions = arrayAt(p.actions, 'path.actions').map((a, i) => indexAt(a, `path.actions[${i}]`));
  const loop = p.loop === undefined ? undefined : indexAt(p.loop, 'path.loop');
  need(loop === undefined || loop <= pathActions.length, `path.loop ${loop} is not a state of the path: it has ${pathActions.length + 1} state(s), numbered from 0`);
  const premiseAt = o.premiseAt === undefined ? undefined : indexAt(o.premiseAt, 'premiseAt');
  need(premiseAt === undefined || premiseAt <= pathActions.length, `premiseAt ${premiseAt} is not a state of the path`);
  need(o.why === undefined || o.why === 'never answered' || o.why === 'postponed by a cycle', `why ${describeValue(o.why)} is not "never answered" or "postponed by a cycle"`);
  const argument = o.argument === undefined ? undefined : arrayAt(o.argument, 'argument').map((a, i) => stringAt(a, `argument[${i}]`));
  need(argument === undefined || loop !== undefined, 'argument is only allowed on a lasso: the path has no "loop"');
  const labels = arrayAt(o.actions, 'actions').map((a, i) => stringAt(a, `actions[${i}]`));
  need(labels.length === pathActions.length, `actions has ${labels.length} label(s) but path.actions has ${pathActions.length} step(s)`);
  const states = arrayAt(o.states, 'states');
  need(
    states.length === pathActions.length + 1,
    `states must hold ${pathActions.length + 1} state(s) (the initial one and one per step), found ${states.length}`,
  );

  let property: TraceJson['property'];
  let error: TraceJson['error'];
  if (verdict === MODEL_ERROR_VERDICT) {
    const e = objectAt(o.error, 'error');
    const code = stringAt(e.code, 'error.code');
    need(CODES.includes(code), `error.code "${code}" is not one of ${CODES.join(', ')}`);
    error = {
      code: code as ModelErrorCode,
      phase: stringAt(e.phase, 'error.phase'),
      message: stringAt(e.message, 'error.message'),
      ...(e.action !== undefined ? { action: stringAt(e.action, 'error.action') } : {}),
    };
  } else {
    const pr = objectAt(o.property, 'property');
    const kind = stringAt(pr.kind, 'property.kind');
    need(KINDS.includes(kind), `property.kind "${kind}" is not one of ${KINDS.join(', ')}`);
    property = { name: stringAt(pr.name, 'property.name'), kind: kind as PropertyKind };
  }

  let growth: GrowthWitness | undefined;
  if (verdict === 'unbounded') growth = parseGrowth(o.growth, pathActions.length);
  else need(o.growth === undefined, `growth is only allowed with verdict "unbounded", found verdict "${verdict}"`);

  return {
    format: TRACE_FORMAT,
    version: TRACE_VERSION,
    model,
    config,
    ...(property ? { property } : {}),
    verdict: verdict as TraceJson['verdict'],
    path: { init, actions: pathActions, ...(loop !== undefined ? { loop } : {}) },
    ...(premiseAt !== undefined ? { premiseAt } : {}),
    ...(o.why !== undefined ? { why: o.why as 'never answered' | 'postponed by a cycle' } : {}),
    ...(argument !== undefined ? { argument } : {}),
    actions: labels,
    states,
    ...(growth ? { growth } : {}),
    ...(error ? { error } : {}),
  };
}

/**
 * Parses and validates the text of a trace file. Never throws: a problem is returned as a
 * one-line error that names it (not JSON, wrong format tag, missing path, a non-integer index, a
 * state count that does not match the path, …).
 *
 * @example
 * const r = parseTraceJson(readFileSync('counterexamples/out/diehard/big-jug-never-holds-4.json', 'utf8'));
 * if (r.ok) r.value.path;        // { init: 0, actions: [1, 5, 2, 5, 1, 5] }
 * parseTraceJson('{');           // { ok: false, error: 'not JSON: …' }
 */
export function parseTraceJson(text: string): ParseResult<TraceJson> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const why = e instanceof Error ? e.message.split('\n')[0] : String(e);
    return { ok: false, error: `not JSON: ${why}` };
  }
  try {
    return { ok: true, value: validate(data) };
  } catch (e) {
    if (e instanceof Invalid) return { ok: false, error: e.message };
    throw e;
  }
}

/**
 * What {@link replayJson} found. On success: the replayed trace, and whether its states are the
 * recorded ones; if not, `mismatchStep` is the first differing state (0 the initial state, k the
 * state after the k-th action) and `mismatch` a one-line description of it. On failure: why the
 * path could not be replayed at all, with the model error code.
 *
 * @example
 * const r: JsonReplay<Jugs, JugAction> = replayJson(dieHard(), file);
 * if (!r.ok) console.error(r.error);
 * else if (!r.matches) console.error(r.mismatch);
 */
export type JsonReplay<S, A extends Action> =
  | {
      readonly ok: true;
      readonly trace: Trace<S, A>;
      /** True when every replayed state serializes (`JSON.stringify`) like the recorded one. */
      readonly matches: boolean;
      /** The first differing state's position, when `matches` is false. */
      readonly mismatchStep?: number;
      /** `state 4 (after step 3, BigToSmall): recorded {…}, replayed {…}`, when `matches` is false. */
      readonly mismatch?: string;
    }
  | { readonly ok: false; readonly code: ModelErrorCode; readonly error: string };

/**
 * Replays a parsed trace file through `model` (build the model from the file's `config` first)
 * and compares each replayed state with the recorded one via `JSON.stringify`. Never throws: a
 * path that cannot be replayed (an index out of range, a state outside its shape, the model
 * throwing or mutating its input) is returned as `ok: false` with the model error code.
 *
 * @example
 * const parsed = parseTraceJson(text);
 * if (parsed.ok) {
 *   const r = replayJson(dieHard(parsed.value.config), parsed.value);
 *   if (r.ok && r.matches) console.log(`replayed ${r.trace.steps.length} steps`);
 * }
 */
export function replayJson<S, A extends Action>(model: Model<S, A>, parsed: TraceJson): JsonReplay<S, A> {
  const path: TracePath = { init: parsed.path.init, actions: parsed.path.actions, ...(parsed.path.loop !== undefined ? { loop: parsed.path.loop } : {}) };
  let trace: Trace<S, A>;
  try {
    trace = replay(model, path);
  } catch (e) {
    if (e instanceof ReplayError) return { ok: false, code: e.code, error: `${e.code}: ${e.message}` };
    return { ok: false, code: 'IPC001', error: `IPC001: replaying the trace, the model threw: ${describeThrown(e)}` };
  }
  const replayed = [trace.init, ...trace.steps.map((st) => st.state)];
  for (let i = 0; i < replayed.length; i++) {
    const got = JSON.stringify(replayed[i]) ?? 'undefined';
    const want = JSON.stringify(parsed.states[i]) ?? 'undefined';
    if (got !== want) {
      const where = i === 0 ? 'the initial state' : `state ${i + 1} (after step ${i}, ${formatAction(model, trace.steps[i - 1].action)})`;
      return { ok: true, trace, matches: false, mismatchStep: i, mismatch: `${where}: recorded ${want}, replayed ${got}` };
    }
  }
  return { ok: true, trace, matches: true };
}
