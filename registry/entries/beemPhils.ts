/**
 * The registry entry of {@link beemPhils}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { beemPhils } from '../../model/classic/beemPhils.js';

/**
 * The registry entry: `phils.1` (four philosophers), whose deadlock is expected. It is what
 * `npm run check -- beemPhils` runs.
 *
 * @example
 * const model = beemPhilsEntry.make({ n: 6 });
 * check(model).verdicts['deadlock free'].status; // 'violated'
 */
export const beemPhilsEntry = registryEntry({
  id: 'beemPhils',
  module: import.meta.url,
  summary: 'BEEM phils (DVE dining philosophers, left fork first): deadlocks when all hold their left fork',
  params: {
    n: { type: 'int', min: 2, max: 12, doc: 'philosophers (phils.1 is 4)' },
  },
  defaults: { n: 4 },
  make: (c) => beemPhils(c),
  runs: [
    {
      label: 'phils.1',
      set: {},
      expect: {
        'deadlock free': 'violated',
        'one holder per fork': 'holds',
        'no two neighbours eat at once': 'holds',
        'someone eats': 'witnessed',
      },
    },
  ],
});
