/**
 * Traces: a path from an initial state, rebuilt by replaying action indices.
 */
import type { Action } from '../model/core/model.js';

/**
 * One step of a trace: the action taken, its index among the enabled actions, the state reached.
 *
 * @example
 * const step = trace.steps[0]; // { action: { kind: 'FillBig' }, actionIndex: 1, state: { small: 0, big: 5 } }
 */
export interface TraceStep<S, A> {
  readonly action: A;
  readonly actionIndex: number;
  readonly state: S;
}

/**
 * A replayed trace. `path` is the replayable form: the initial-state index, then one action
 * index per step (indices into `init()` and `actions(s)`).
 *
 * @example
 * trace.steps.length;            // number of actions
 * trace.path;                    // { init: 0, actions: [1, 4, 0] }
 */
export interface Trace<S, A extends Action> {
  readonly init: S;
  readonly steps: readonly TraceStep<S, A>[];
  readonly path: TracePath;
  /**
   * Present on a lasso (a liveness counterexample): the path goes on for ever. The steps after
   * state `loop` (0 is the initial state, k the state after step k) repeat: the last step returns
   * to state `loop`. When `loop` is `steps.length` nothing repeats: the last state is a deadlock
   * and the path stays there.
   */
  readonly loop?: number;
}

/**
 * The replayable form of a trace.
 *
 * @example
 * const path: TracePath = { init: 0, actions: [1, 4, 0] };
 */
export interface TracePath {
  readonly init: number;
  readonly actions: readonly number[];
  /** On a lasso: the state the last step returns to (see {@link Trace.loop}). */
  readonly loop?: number;
}

/**
 * The last state of a trace.
 *
 * @example
 * lastState(trace) === trace.steps.at(-1)?.state ?? trace.init; // true
 */
export function lastState<S, A extends Action>(trace: Trace<S, A>): S {
  return trace.steps.length === 0 ? trace.init : trace.steps[trace.steps.length - 1].state;
}

/**
 * Whether a lasso ends in a deadlock (it stays in its last state for ever) rather than a cycle;
 * false for a trace that is not a lasso.
 *
 * @example
 * endsInDeadlock({ ...trace, loop: trace.steps.length }); // true
 */
export function endsInDeadlock<S, A extends Action>(trace: Trace<S, A>): boolean {
  return trace.loop !== undefined && trace.loop === trace.steps.length;
}

/**
 * Number of states on a trace (TLC counts a trace in states: actions plus one).
 *
 * @example
 * traceStates(trace) === trace.steps.length + 1; // true
 */
export function traceStates<S, A extends Action>(trace: Trace<S, A>): number {
  return trace.steps.length + 1;
}
