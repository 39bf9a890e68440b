import type { LeadsTo, StepPredicate } from './property.js';

/**
 * `p ~> q` (TLA+'s leads-to) under the model's `fairness`: on every fair path, from every state
 * where `p` holds, a state where `q` holds comes (it may be that state itself). Decided after a
 * complete exact search; an incomplete or fingerprint search leaves it unknown. A violation's
 * trace is a lasso: a shortest path to the first state (breadth-first) where `p` holds and the
 * answer can be put off for ever, then a path of `¬q` states into a fair cycle, which repeats
 * (`trace.loop` is the state the last step returns to), or into a deadlock, where it stays.
 *
 * The paths considered are infinite runs of the model that never stutter while an action is
 * enabled (only a state with no enabled action repeats for ever), as SPIN's are and TLA+'s are not
 * without fairness: so a two-thread Peterson lock is starvation-free even with no fairness
 * declared (once a thread waits, the other overtakes it at most once, and then only the waiting
 * one can move, which a path that does not stutter must do). Fairness then
 * removes the infinite paths that starve a group (see `Model.fairness`).
 *
 * `p` and `q` may also be step predicates (`afterStep`): the premise then holds after each step it
 * accepts, and the goal is reached by taking a step it accepts.
 *
 * @example
 * leadsTo('a call is answered', (s: State) => s.client === 'waiting', (s: State) => s.client === 'answered');
 */
export function leadsTo<S, A = any>(name: string, p: ((s: S) => boolean) | StepPredicate<S, A>, q: ((s: S) => boolean) | StepPredicate<S, A>): LeadsTo<S, A> { // eslint-disable-line @typescript-eslint/no-explicit-any
  return { kind: 'leadsTo', name, p, q };
}
