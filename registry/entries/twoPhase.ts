/**
 * The registry entry of {@link twoPhase}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { BUGS, twoPhase } from '../../model/classic/twoPhase.js';

const PASSING = {
  TPTypeOK: 'holds',
  TCConsistent: 'holds',
  'deadlock free': 'holds',
  'every RM commits': 'witnessed',
  'every RM aborts': 'witnessed',
} as const;

/**
 * The registry entry: three RMs as in TwoPhase.cfg, and the two seeded bugs. It is what
 * `npm run check -- twoPhase` runs.
 *
 * @example
 * const model = twoPhaseEntry.make({ ...twoPhaseEntry.defaults, bug: 'abortAfterCommit' });
 */
export const twoPhaseEntry = registryEntry({
  id: 'twoPhase',
  module: import.meta.url,
  summary: 'Two-phase commit (TLA+ TwoPhase): the TM commits only when every RM has prepared',
  params: {
    rms: { type: 'int', min: 1, max: 8, doc: 'resource managers' },
    bug: { type: 'enum', values: BUGS, doc: 'seeded bug: none, or a TM that decides wrongly' },
  },
  defaults: { rms: 3, bug: 'none' },
  make: (c) => twoPhase(c),
  runs: [
    { label: 'default', set: {}, expect: PASSING },
    { label: 'bug=commitOnFirstPrepared', set: { bug: 'commitOnFirstPrepared' }, expect: { ...PASSING, TCConsistent: 'violated' } },
    { label: 'bug=abortAfterCommit', set: { bug: 'abortAfterCommit' }, expect: { ...PASSING, TCConsistent: 'violated' } },
  ],
});
