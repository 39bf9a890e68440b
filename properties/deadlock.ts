import type { DeadlockFree } from './property.js';

/**
 * Options of {@link deadlockFree}: which states without enabled actions are legitimate ends.
 *
 * @example
 * const options: DeadlockOptions<State> = { validEnd: (s) => s.done };
 * deadlockFree(options);
 */
export interface DeadlockOptions<S> {
  /** States where having no enabled action is a legitimate end (SPIN's end labels). */
  readonly validEnd?: (s: S) => boolean;
}

/**
 * Deadlock freedom: every reachable state without enabled actions is a valid end state.
 * A state that a search bound kept from being expanded is never judged.
 *
 * @example
 * deadlockFree();                                               // named "deadlock free"
 * deadlockFree({ validEnd: (s: State) => s.done });
 * deadlockFree('no deadlock', { validEnd: (s: State) => s.done });
 */
export function deadlockFree<S>(nameOrOptions?: string | DeadlockOptions<S>, options?: DeadlockOptions<S>): DeadlockFree<S> {
  const name = typeof nameOrOptions === 'string' ? nameOrOptions : 'deadlock free';
  const opts = typeof nameOrOptions === 'object' ? nameOrOptions : options;
  return { kind: 'deadlockFree', name, validEnd: opts?.validEnd ?? (() => false) };
}
