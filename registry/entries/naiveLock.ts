/**
 * The registry entry of {@link naiveLock}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { naiveLock } from '../../model/examples/naiveLock.js';

/**
 * The registry entry, so that `npm run check -- naiveLock` knows it: two threads by default,
 * expected to lose mutual exclusion unless `atomic` is set.
 *
 * @example
 * const model = naiveLockEntry.make({ threads: 3, atomic: false });
 */
export const naiveLockEntry = registryEntry({
  id: 'naiveLock',
  module: import.meta.url,
  summary: "the README's walkthrough: a check-then-set lock loses mutual exclusion",
  params: {
    threads: { type: 'int', min: 1, max: 8, doc: 'threads competing for the lock' },
    atomic: { type: 'bool', doc: 'check and set in one test-and-set step' },
  },
  defaults: { threads: 2, atomic: false },
  make: (c) => naiveLock(c),
  runs: [
    { label: 'default', set: {}, expect: { 'mutual exclusion': 'violated', 'a thread enters': 'witnessed', 'deadlock free': 'holds' } },
    { label: 'atomic=true', set: { atomic: true }, expect: { 'mutual exclusion': 'holds', 'a thread enters': 'witnessed', 'deadlock free': 'holds' } },
  ],
});
