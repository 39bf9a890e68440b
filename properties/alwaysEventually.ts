import type { LeadsTo } from './property.js';

/**
 * From every reachable state, every fair path reaches a state where `q` holds, so `q` holds
 * infinitely often on every infinite fair path (`true ~> q`, LTL's □◇q). A {@link LeadsTo} whose
 * premise is always true; see `leadsTo` for how it is decided and what a violation shows.
 *
 * @example
 * alwaysEventually('the server comes back to its receive', (s: State) => s.server === 'receiving');
 */
export function alwaysEventually<S>(name: string, q: (s: S) => boolean): LeadsTo<S> {
  return { kind: 'leadsTo', name, p: () => true, q };
}
