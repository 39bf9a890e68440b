/**
 * The registry entry of {@link l4ShortIpc}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { BUGS, DEFAULTS, l4ShortIpc, TIMEOUTS, type L4ShortIpcConfig } from '../../model/protocols/l4ShortIpc.js';
import { MACHINE_HOLDS } from '../../model/hw/properties/index.js';

const PASSING = {
  'send queues': 'holds',
  'reply correctness': 'holds',
  'run queue': 'holds',
  'kernel memory ≤ 0': 'holds',
  ...MACHINE_HOLDS,
  'deadlock free': 'holds',
  'no thread stuck forever': 'holds',
  'a call completes': 'witnessed',
} as const;

/**
 * The registry entry: two clients, one server, one round, timeouts never (Call) and 0 (reply),
 * and every seeded bug of card M1 with the run that shows its failure and the one that shows its fix.
 *
 * @example
 * l4ShortIpcEntry.make(l4ShortIpcEntry.defaults).name; // 'l4ShortIpc(clients=2,servers=1,rounds=1,values=2)'
 */
export const l4ShortIpcEntry = registryEntry({
  id: 'l4ShortIpc',
  module: import.meta.url,
  summary: 'M1 L4 X.2 short IPC (Pistachio): Ipc(to, from, {snd, rcv}) with per-thread send queues and timeouts, on the hardware model; F1-F3',
  params: {
    clients: { type: 'int', min: 1, max: 3, doc: 'client threads, each making Calls' },
    servers: { type: 'int', min: 1, max: 2, doc: 'server threads (Wait, then ReplyWait)' },
    rounds: { type: 'int', min: 1, max: 3, doc: 'Calls per client' },
    values: { type: 'int', min: 1, max: 3, doc: 'request values 0..values-1' },
    callSend: { type: 'enum', values: TIMEOUTS, doc: "send timeout of a client's Call" },
    callReceive: { type: 'enum', values: TIMEOUTS, doc: "receive timeout of a client's Call (its wait for the reply)" },
    replySend: { type: 'enum', values: TIMEOUTS, doc: "send timeout of the server's ReplyWait" },
    serverReceive: { type: 'enum', values: TIMEOUTS, doc: "receive timeout of the server's open wait" },
    preemption: { type: 'bool', doc: 'a timer interrupt may preempt a running thread' },
    bug: { type: 'enum', values: BUGS, doc: 'seeded bug (card M1 F1-F3)' },
  },
  defaults: { ...DEFAULTS },
  make: (c) => l4ShortIpc(c as unknown as L4ShortIpcConfig),
  runs: [
    { label: 'default', set: {}, expect: PASSING },
    { label: 'two servers', set: { servers: 2 }, expect: PASSING },
    { label: 'finite timeouts', set: { callSend: 'finite', callReceive: 'finite', replySend: 'finite', serverReceive: 'finite' }, expect: PASSING },
    { label: 'zero send timeout', set: { callSend: 'zero' }, expect: PASSING },
    { label: 'F1 mutualCall', set: { bug: 'mutualCall', servers: 2 }, expect: { ...PASSING, 'deadlock free': 'violated', 'no thread stuck forever': 'violated' } },
    { label: 'F1 mutualCall, finite send timeouts', set: { bug: 'mutualCall', servers: 2, callSend: 'finite' }, expect: PASSING },
    { label: 'F2 openReceiveReply', set: { bug: 'openReceiveReply', callReceive: 'finite' }, expect: { ...PASSING, 'reply correctness': 'violated' } },
    {
      label: 'F2 openReceiveReply, receive timeout never',
      set: { bug: 'openReceiveReply' },
      expect: { ...PASSING, 'reply correctness': 'violated', 'deadlock free': 'violated', 'no thread stuck forever': 'violated' },
    },
    { label: 'F3 replyToNonReceiver', set: { bug: 'replyToNonReceiver', servers: 2, replySend: 'never' }, expect: { ...PASSING, 'no thread stuck forever': 'violated' } },
    { label: 'F3 replyToNonReceiver, reply timeout 0', set: { bug: 'replyToNonReceiver', servers: 2 }, expect: PASSING },
  ],
});
