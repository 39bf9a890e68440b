/**
 * The registry entry of {@link dining}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { dining } from '../../model/classic/dining.js';

/**
 * The registry entry: five philosophers, naive (deadlocks) and with philosopher 0 reversed (holds).
 * It is what `npm run check -- dining` runs, and what the benchmark cases name.
 *
 * @example
 * const model = diningEntry.make({ ...diningEntry.defaults, lefty0: true });
 * check(model).verdicts['deadlock free'].status; // 'holds'
 */
export const diningEntry = registryEntry({
  id: 'dining',
  module: import.meta.url,
  summary: 'Dining philosophers (bench DiningPhilosophers.tla): naive deadlocks, one reversed does not',
  params: {
    n: { type: 'int', min: 2, max: 20, doc: 'philosophers' },
    lefty0: { type: 'bool', doc: 'philosopher 0 takes its right fork first (Lefties = {0})' },
  },
  defaults: { n: 5, lefty0: false },
  make: (c) => dining(c),
  runs: [
    {
      label: 'naive',
      set: {},
      expect: { TypeOK: 'holds', ForkSafety: 'holds', 'deadlock free': 'violated', 'someone eats': 'witnessed' },
    },
    {
      label: 'lefty0=true',
      set: { lefty0: true },
      expect: { TypeOK: 'holds', ForkSafety: 'holds', 'deadlock free': 'holds', 'someone eats': 'witnessed' },
    },
  ],
});
