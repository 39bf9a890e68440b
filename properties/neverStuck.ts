import type { NeverStuck } from './property.js';

/**
 * Options of {@link neverStuck}: the threads, and when one of them is blocked.
 *
 * @example
 * const options: NeverStuckOptions<State> = { threads: ['client', 'server'], blocked: (s, t) => s.pc[t] === 'waiting' };
 */
export interface NeverStuckOptions<S> {
  /** The threads, by the names counterexamples use. */
  readonly threads: readonly string[];
  /** Whether thread `thread` (an index into `threads`) is blocked in `s`. */
  readonly blocked: (s: S, thread: number) => boolean;
}

/**
 * No thread stuck forever: whenever a thread is blocked, a state in which it is not blocked stays
 * reachable. A violation's trace ends in the first state (breadth-first, so on a shortest path)
 * from which the thread can never be unblocked, whatever the other threads do; a thread that
 * ends its life blocked in a valid end state is stuck too, so `blocked` should be false for a
 * finished thread. Decided after a complete search in exact mode (with workers, over the graph
 * they rebuild from the store they share); an incomplete search or a fingerprint search leaves
 * it unknown.
 *
 * @example
 * neverStuck({ threads: ['client 1', 'client 2'], blocked: (s: State, t) => s.client[t] === 'replyBlocked' });
 * neverStuck('clients never stuck', { threads: ['client 1'], blocked: (s: State) => s.client[0] === 'replyBlocked' });
 */
export function neverStuck<S>(nameOrOptions: string | NeverStuckOptions<S>, options?: NeverStuckOptions<S>): NeverStuck<S> {
  const name = typeof nameOrOptions === 'string' ? nameOrOptions : 'no thread stuck forever';
  const opts = typeof nameOrOptions === 'object' ? nameOrOptions : options;
  if (opts === undefined) throw new TypeError(`neverStuck('${name}'): pass { threads, blocked }`);
  if (opts.threads.length === 0) throw new RangeError(`neverStuck('${name}'): threads is empty; name at least one thread`);
  return { kind: 'neverStuck', name, threads: [...opts.threads], blocked: opts.blocked };
}
