/**
 * Replaying a path of action indices through `init`, `actions` and `next`.
 *
 * Every counterexample the checker reports is rebuilt this way and compared, state by state, with
 * what the search stored; a mismatch means the model is not deterministic or mutates its states.
 */
import type { Action, Model } from '../model/core/model.js';
import { StateCodec } from '../model/core/shape/codec.js';
import { ShapeViolation } from '../model/core/shape/shape.js';
import { formatAction } from '../model/core/model.js';
import { describeThrown, ReplayError } from './errors.js';
import type { Trace, TracePath, TraceStep } from './trace.js';

/**
 * The encoded state the search stored at position `i` of a path (0 is the initial state), if known.
 * Given to {@link replay}, it makes every replayed state be compared with the stored one.
 *
 * @example
 * const expected: ExpectedWords = (i) => (i < chain.length ? store.wordsOf(chain[i]) : undefined);
 */
export type ExpectedWords = (i: number) => Uint32Array | undefined;

function sameWords(a: Uint32Array, b: Uint32Array, n: number): boolean {
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return false;
  return true;
}

const NONDETERMINISM =
  'the model is not deterministic: init(), actions() or next() did not return the same result for the same state; ' +
  'look for Math.random, Date, iteration over a Map or Set filled in varying order, state kept outside the model, ' +
  'or a next() that mutates the state it was given';

/**
 * A lasso that ends in a deadlock stays in its last state `s`: no action may lead anywhere the
 * search would go (each enabled action's successor lies outside `withinBounds`).
 */
function checkStays<S, A extends Action>(model: Model<S, A>, s: S): void {
  for (const a of model.actions(s)) {
    const t = model.next(s, a);
    if (model.withinBounds === undefined || model.withinBounds(t)) {
      throw new ReplayError('IPC003', `the lasso ends in a deadlock, but ${formatAction(model, a)} is enabled in its last state`);
    }
  }
}

/**
 * Replays `path` and returns the trace. Throws {@link ReplayError} when an index is out of range,
 * when `expected` is given and a state differs from it, or when `next` mutates its input. A path
 * with a `loop` is a lasso: its last step must return to state `loop`, or, when `loop` is the
 * last state's number, that state must be a deadlock; the trace then carries `loop` too.
 *
 * @example
 * const trace = replay(dieHard(), { init: 0, actions: [1, 5, 2, 5, 1, 5] });
 * lastState(trace).big; // 4
 */
export function replay<S, A extends Action>(
  model: Model<S, A>,
  path: TracePath,
  expected?: ExpectedWords,
  codec: StateCodec<S> = new StateCodec(model.shape),
): Trace<S, A> {
  const encode = (s: S, where: string): Uint32Array => {
    try {
      return codec.encode(s);
    } catch (e) {
      if (e instanceof ShapeViolation) throw new ReplayError('IPC002', `${where}: ${e.message}`);
      throw e;
    }
  };
  const inits = model.init();
  if (!Number.isInteger(path.init) || path.init < 0 || path.init >= inits.length) {
    throw new ReplayError('IPC003', `initial state index ${path.init} is out of range: init() returned ${inits.length} state(s)`);
  }
  let s = inits[path.init];
  let words = encode(s, 'initial state');
  const check = (i: number, got: Uint32Array, what: string) => {
    const want = expected?.(i);
    if (want && !sameWords(want, got, codec.words)) {
      throw new ReplayError('IPC003', `replaying the trace, ${what} differs from the state the search reached: ${NONDETERMINISM}`);
    }
  };
  check(0, words, 'the initial state');
  const steps: TraceStep<S, A>[] = [];
  const loop = path.loop;
  if (loop !== undefined && (!Number.isInteger(loop) || loop < 0 || loop > path.actions.length)) {
    throw new ReplayError('IPC003', `the lasso's loop ${loop} is not a state of the trace: it has ${path.actions.length + 1} state(s), numbered from 0`);
  }
  let loopWords = loop === 0 ? words : undefined;
  for (let k = 0; k < path.actions.length; k++) {
    const enabled = model.actions(s);
    const ai = path.actions[k];
    if (!Number.isInteger(ai) || ai < 0 || ai >= enabled.length) {
      throw new ReplayError(
        'IPC003',
        `step ${k + 1}: action index ${ai} is out of range, ${enabled.length} action(s) are enabled` +
          (expected ? `: ${NONDETERMINISM}` : ' (was the path recorded with another model or configuration?)'),
      );
    }
    const a = enabled[ai];
    let t: S;
    try {
      t = model.next(s, a);
    } catch (e) {
      throw new ReplayError('IPC001', `step ${k + 1}, next(${formatAction(model, a)}) threw: ${describeThrown(e)}`);
    }
    if (!sameWords(encode(s, `step ${k + 1}`), words, codec.words)) {
      throw new ReplayError('IPC004', `step ${k + 1}: next(${formatAction(model, a)}) mutated the state it was given; return a new state instead`);
    }
    words = encode(t, `the state after step ${k + 1} (${formatAction(model, a)})`);
    check(k + 1, words, `the state after step ${k + 1} (${formatAction(model, a)})`);
    steps.push({ action: a, actionIndex: ai, state: t });
    s = t;
    if (loop === k + 1) loopWords = words;
  }
  if (loop === undefined) return { init: inits[path.init], steps, path: { init: path.init, actions: [...path.actions] } };
  if (loop < path.actions.length && !sameWords(loopWords!, words, codec.words)) {
    throw new ReplayError('IPC003', `the lasso's last step does not return to state ${loop}, where its loop starts` + (expected ? `: ${NONDETERMINISM}` : ''));
  }
  if (loop === path.actions.length) checkStays(model, s);
  return { init: inits[path.init], steps, path: { init: path.init, actions: [...path.actions], loop }, loop };
}
