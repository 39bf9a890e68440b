/**
 * The registry entry of {@link serverPool}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { serverPool } from '../../model/examples/serverPool.js';
import { MACHINE_HOLDS } from '../../model/hw/properties/index.js';

/**
 * The registry entry: two clients and two servers.
 *
 * @example
 * serverPoolEntry.make(serverPoolEntry.defaults).name; // 'serverPool(clients=2,servers=2,values=2)'
 */
export const serverPoolEntry = registryEntry({
  id: 'serverPool',
  module: import.meta.url,
  summary: 'a server pool behind one seL4 endpoint, composed from the building blocks (the README example)',
  params: {
    clients: { type: 'int', min: 1, max: 4, doc: 'client threads, one Call each' },
    servers: { type: 'int', min: 1, max: 4, doc: 'server threads in the pool' },
    values: { type: 'int', min: 1, max: 4, doc: 'request values 0..values-1' },
  },
  defaults: { clients: 2, servers: 2, values: 2 },
  make: (c) => serverPool(c),
  runs: [
    {
      label: 'default',
      set: {},
      expect: {
        ...MACHINE_HOLDS,
        'reply correctness': 'holds',
        'deadlock free': 'holds',
        'no client stuck forever': 'holds',
        'a call completes': 'witnessed',
      },
    },
  ],
});
