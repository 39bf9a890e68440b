/**
 * The registry entry of {@link dieHard}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { dieHard } from '../../model/classic/dieHard.js';

/**
 * The registry entry: the puzzle at 3 and 5 gallons, whose "never 4" invariant fails by design.
 * It is what `npm run check -- dieHard` runs.
 *
 * @example
 * const model = dieHardEntry.make({ ...dieHardEntry.defaults, big: 7 });
 */
export const dieHardEntry = registryEntry({
  id: 'dieHard',
  module: import.meta.url,
  summary: 'Die Hard water jugs (TLA+ DieHard): the puzzle solution is a counterexample',
  params: {
    small: { type: 'int', min: 1, max: 100, doc: 'gallons of the small jug' },
    big: { type: 'int', min: 1, max: 100, doc: 'gallons of the big jug' },
    target: { type: 'int', min: 0, max: 100, doc: 'amount the invariant says the big jug never holds' },
  },
  defaults: { small: 3, big: 5, target: 4 },
  make: (c) => dieHard(c),
  runs: [
    { label: 'default', set: {}, expect: { 'type ok': 'holds', 'big jug never holds 4': 'violated', 'deadlock free': 'holds' } },
    { label: 'target=6', set: { target: 6 }, expect: { 'type ok': 'holds', 'big jug never holds 6': 'holds', 'deadlock free': 'holds' } },
  ],
});
