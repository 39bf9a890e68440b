/**
 * The registry entry of {@link l4Ipc}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { BUGS, l4Ipc } from '../../model/classic/l4Ipc.js';

const PASSING = {
  TypeOK: 'holds',
  EndpointOK: 'holds',
  ReplyCorrect: 'holds',
  'deadlock free': 'holds',
  'a call completes': 'witnessed',
} as const;

/**
 * The registry entry: two clients and two servers, two rounds, 1-bit payloads (`L4Ipc.cfg`), and
 * the shared reply capability.
 *
 * @example
 * l4IpcEntry.make({ ...l4IpcEntry.defaults, clients: 4, rounds: 3 }).name; // 'l4Ipc(C=4,S=2,R=3,P=2)'
 */
export const l4IpcEntry = registryEntry({
  id: 'l4Ipc',
  module: import.meta.url,
  summary: 'L4 synchronous RPC over one endpoint (bench L4Ipc.tla): per-server reply caps hold, a shared one misdirects replies',
  params: {
    clients: { type: 'int', min: 1, max: 8, doc: 'client threads (C)' },
    servers: { type: 'int', min: 1, max: 4, doc: 'server threads (S)' },
    rounds: { type: 'int', min: 0, max: 6, doc: 'calls per client (R)' },
    payloads: { type: 'int', min: 1, max: 4, doc: 'distinct payload values (P)' },
    bug: { type: 'enum', values: BUGS, doc: 'seeded bug: none, or one reply capability shared by all servers' },
  },
  defaults: { clients: 2, servers: 2, rounds: 2, payloads: 2, bug: 'none' },
  make: (c) => l4Ipc(c),
  runs: [
    { label: 'default', set: {}, expect: PASSING },
    {
      label: 'bug=sharedReplyCap',
      set: { bug: 'sharedReplyCap' },
      expect: { ...PASSING, ReplyCorrect: 'violated', 'deadlock free': 'violated' },
    },
  ],
});
