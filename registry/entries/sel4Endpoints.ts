/**
 * The registry entry of {@link sel4Endpoints}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { BUGS, sel4Endpoints, type Sel4Config } from '../../model/protocols/sel4Endpoints.js';
import { MACHINE_HOLDS } from '../../model/hw/properties/index.js';

const PASSING = {
  'INV-EP': 'holds',
  'INV-SYM': 'holds',
  'INV-R': 'holds',
  'reply correctness': 'holds',
  'run queue': 'holds',
  'kernel memory ≤ 0': 'holds',
  ...MACHINE_HOLDS,
  'deadlock free': 'holds',
  'no client stuck forever': 'holds',
  'a call completes': 'witnessed',
} as const;

/**
 * The registry entry: two clients, one server, one round, and every seeded bug.
 *
 * @example
 * sel4EndpointsEntry.make(sel4EndpointsEntry.defaults).name; // 'sel4Endpoints(clients=2,servers=1,senders=0,rounds=1,values=2)'
 */
export const sel4EndpointsEntry = registryEntry({
  id: 'sel4Endpoints',
  module: import.meta.url,
  summary: 'M3 seL4 endpoints (non-MCS): Call/Send/NBSend/Recv/Reply/ReplyRecv with caller slots, on the hardware model; F1-F6',
  params: {
    clients: { type: 'int', min: 1, max: 4, doc: 'client threads, each making Calls' },
    servers: { type: 'int', min: 1, max: 3, doc: 'server threads receiving on the endpoint' },
    senders: { type: 'int', min: 0, max: 3, doc: 'threads making one-way Send or NBSend' },
    rounds: { type: 'int', min: 1, max: 4, doc: 'Calls (or Sends) per thread' },
    values: { type: 'int', min: 1, max: 4, doc: 'request values 0..values-1' },
    preemption: { type: 'bool', doc: 'a timer interrupt may preempt a running thread' },
    lazy: { type: 'bool', doc: 'lazy scheduling: blocked threads stay queued' },
    bug: { type: 'enum', values: BUGS, doc: 'seeded bug (card M3 F1-F6, or noPageTableSwitch)' },
  },
  defaults: { clients: 2, servers: 1, senders: 0, rounds: 1, values: 2, preemption: true, lazy: false, bug: 'none' },
  make: (c) => sel4Endpoints(c as unknown as Sel4Config),
  runs: [
    { label: 'default', set: {}, expect: PASSING },
    { label: 'lazy scheduling', set: { lazy: true }, expect: PASSING },
    { label: 'one-way senders', set: { senders: 1 }, expect: PASSING },
    { label: 'F1 lostReply', set: { bug: 'lostReply' }, expect: { ...PASSING, 'deadlock free': 'violated', 'no client stuck forever': 'violated' } },
    { label: 'F2 replyToAnyWaiter', set: { bug: 'replyToAnyWaiter', servers: 2 }, expect: { ...PASSING, 'INV-R': 'violated', 'reply correctness': 'violated' } },
    {
      label: 'F3 mutualCall',
      set: { bug: 'mutualCall', servers: 2 },
      expect: { ...PASSING, 'deadlock free': 'violated', 'no client stuck forever': 'violated', 'a call completes': 'unwitnessed' },
    },
    { label: 'F4 selfFaultHandler', set: { bug: 'selfFaultHandler' }, expect: { ...PASSING, 'deadlock free': 'violated', 'no client stuck forever': 'violated' } },
    { label: 'F5 callWithoutGrant', set: { bug: 'callWithoutGrant' }, expect: { ...PASSING, 'deadlock free': 'violated', 'no client stuck forever': 'violated' } },
    { label: 'F6 callAsSend', set: { bug: 'callAsSend' }, expect: { ...PASSING, 'reply correctness': 'violated' } },
    { label: 'noPageTableSwitch', set: { bug: 'noPageTableSwitch' }, expect: { ...PASSING, isolation: 'violated' } },
  ],
});
