import type { LeadsTo } from './property.js';

/**
 * `p ~> q` (TLA+'s leads-to) under the model's `fairness`: on every fair path, from every state
 * where `p` holds, a state where `q` holds comes (it may be that state itself). Decided after a
 * complete exact search; an incomplete or fingerprint search leaves it unknown. A violation's
 * trace is a lasso: a shortest path to the first state (breadth-first) where `p` holds and the
 * answer can be put off for ever, then a path of `¬q` states into a fair cycle, which repeats
 * (`trace.loop` is the state the last step returns to), or into a deadlock, where it stays.
 *
 * @example
 * leadsTo('a call is answered', (s: State) => s.client === 'waiting', (s: State) => s.client === 'answered');
 */
export function leadsTo<S>(name: string, p: (s: S) => boolean, q: (s: S) => boolean): LeadsTo<S> {
  return { kind: 'leadsTo', name, p, q };
}
