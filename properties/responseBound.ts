import type { ResponseBound } from './property.js';

/**
 * The worst-case response time under the model's `fairness`: over every fair path, the largest
 * number of steps from a state where `request` holds to the first state where `response` holds
 * (a state where both hold waits 0 steps). `unit(s, a, t)` makes only some steps count (kernel
 * entries, steps of other threads); every step counts without it. Decided after a complete
 * exact search: it holds with the `bound` and a witness trace that takes that long, or it is
 * violated with a lasso when the bound is infinite, either because a fair path never answers
 * (`why: 'never answered'`) or because a cycle of counted steps can run any number of rounds
 * before the answer (`why: 'postponed by a cycle'`).
 *
 * @example
 * responseBound('reply latency', (s: State) => s.client === 'waiting', (s: State) => s.client !== 'waiting');
 * responseBound('kernel entries until the reply', isWaiting, isAnswered, (s, a: Act) => a.kind === 'Syscall');
 */
export function responseBound<S, A = unknown>(
  name: string,
  request: (s: S) => boolean,
  response: (s: S) => boolean,
  unit?: (s: S, a: A, t: S) => boolean,
): ResponseBound<S, A> {
  return { kind: 'responseBound', name, request, response, ...(unit !== undefined ? { unit } : {}) };
}
