import type { LeadsTo } from './property.js';

/**
 * Every fair path from an initial state reaches a state where `q` holds (`init ~> q`). A
 * {@link LeadsTo} whose premise holds in the initial states only; see `leadsTo` for how it is
 * decided and what a violation shows.
 *
 * @example
 * eventually('the protocol terminates', (s: State) => s.done);
 */
export function eventually<S>(name: string, q: (s: S) => boolean): LeadsTo<S> {
  return { kind: 'leadsTo', name, p: 'initial', q };
}
