import type { LeadsTo } from './property.js';

/**
 * A family of leads-to properties under one name: for each instance `k` (a thread, a request
 * slot), `p(s, k) ~> q(s, k)` on every fair path. It holds when every instance holds; a violation
 * is the lasso of the first instance (in the order given) that fails, and names it. One property
 * rather than one per instance keeps a report's columns the same whatever the instance count (a
 * workload with three clients and one with two both have "every call is answered").
 *
 * @example
 * leadsToEach('every call is answered', ['client 1', 'client 2'], (s: State, k) => s.calling[k], (s: State, k) => !s.calling[k]);
 */
export function leadsToEach<S>(name: string, instances: readonly string[], p: (s: S, k: number) => boolean, q: (s: S, k: number) => boolean): LeadsTo<S> {
  if (instances.length === 0) throw new RangeError(`leadsToEach '${name}': give at least one instance`);
  return { kind: 'leadsTo', name, p, q, instances };
}
