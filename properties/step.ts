import type { Step } from './property.js';

/**
 * A transition invariant over `s --a--> t`, checked on every generated transition.
 *
 * @example
 * step('a round never goes backwards', (s: State, _a, t: State) => t.round >= s.round);
 */
export function step<S, A>(name: string, holds: (s: S, a: A, t: S) => boolean): Step<S, A> {
  return { kind: 'step', name, holds };
}
