/**
 * The registry entry of {@link fiascoIpc}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { BUGS, fiascoIpc, TIMEOUTS, type FiascoConfig } from '../../model/protocols/fiascoIpc.js';
import { MACHINE_HOLDS } from '../../model/hw/properties/index.js';

const PASSING = {
  'not polling after a successful handshake': 'holds',
  'P1 no thread lock after the send phase': 'holds',
  'P2 receiver ready after the send phase': 'holds',
  'sender lists': 'holds',
  'reply correctness': 'holds',
  'run queue': 'holds',
  'kernel memory ≤ 0': 'holds',
  ...MACHINE_HOLDS,
  'deadlock free': 'holds',
  'no thread stuck forever': 'holds',
  'a call completes': 'witnessed',
} as const;

/**
 * The registry entry: two clients calling one server once, the timeout variants, the thesis' lock
 * abstraction, and the seeded `Thread_polling` regression with and without helping.
 *
 * @example
 * fiascoIpcEntry.make(fiascoIpcEntry.defaults).name; // 'fiascoIpc(clients=2,rounds=1,values=2,snd=never,rcv=never)'
 */
export const fiascoIpcEntry = registryEntry({
  id: 'fiascoIpc',
  module: import.meta.url,
  summary: 'M6 Fiasco IPC: Call through an IPC gate, reply-and-wait via the implicit reply slot, timeout pairs, preemptible two-phase do_ipc; the Thread_polling regression',
  params: {
    clients: { type: 'int', min: 1, max: 3, doc: 'client threads, each making Calls through the gate' },
    rounds: { type: 'int', min: 1, max: 3, doc: 'Calls per client' },
    values: { type: 'int', min: 1, max: 3, doc: 'request values 0..values-1' },
    snd: { type: 'enum', values: TIMEOUTS, doc: "the send timeout of the clients' Calls" },
    rcv: { type: 'enum', values: TIMEOUTS, doc: "the receive timeout of the clients' Calls" },
    preemption: { type: 'bool', doc: 'a timer interrupt may switch threads (user mode and kernel preemption points)' },
    helping: { type: 'bool', doc: "time-slice lending: a locked thread cannot run (false: the thesis' abstraction)" },
    bug: { type: 'enum', values: BUGS, doc: 'seeded bug: the pre-fix do_send_wait (card M6 FAIL)' },
  },
  defaults: { clients: 2, rounds: 1, values: 2, snd: 'never', rcv: 'never', preemption: true, helping: true, bug: 'none' },
  make: (c) => fiascoIpc(c as unknown as FiascoConfig),
  runs: [
    { label: 'default', set: {}, expect: PASSING },
    { label: 'snd timeout 0 (busy server)', set: { snd: 'zero' }, expect: PASSING },
    { label: 'finite timeouts', set: { snd: 'finite', rcv: 'finite' }, expect: PASSING },
    { label: 'rcv timeout 0', set: { rcv: 'zero' }, expect: PASSING },
    { label: 'no preemption', set: { preemption: false }, expect: PASSING },
    { label: 'helping=false (thesis lock abstraction)', set: { helping: false }, expect: PASSING },
    { label: 'helping=false, snd timeout 0', set: { helping: false, snd: 'zero' }, expect: { ...PASSING, 'no thread stuck forever': 'violated' } },
    {
      label: 'bug=threadPollingRegression, helping=false',
      set: { bug: 'threadPollingRegression', helping: false },
      expect: { ...PASSING, 'not polling after a successful handshake': 'violated' },
    },
    { label: 'bug=threadPollingRegression (latent with helping)', set: { bug: 'threadPollingRegression' }, expect: PASSING },
  ],
});
