/**
 * The registry entry of {@link machPorts}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { BUGS, machPorts, type MachConfig } from '../../model/protocols/machPorts.js';
import { MACHINE_HOLDS } from '../../model/hw/properties/index.js';

const PASSING = {
  ...MACHINE_HOLDS,
  'no message lost': 'holds',
  'reply correctness': 'holds',
  'kernel memory bounded': 'holds',
  'deadlock free': 'holds',
  'no thread stuck forever': 'holds',
  'a message is received': 'witnessed',
  // A full port blocks the sender: with the default limit of 2, the third of three sends can.
  'the client blocks': 'witnessed',
} as const;

/**
 * The registry entry: the specification and card M7's F1–F4.
 *
 * @example
 * machPortsEntry.make(machPortsEntry.defaults).name; // 'machPorts(messages=3,qlimit=2,timeout=false,server=receives,bug=none)'
 */
export const machPortsEntry = registryEntry({
  id: 'machPorts',
  module: import.meta.url,
  summary: 'M7 Mach ports: queue limit, send timeout, send-once reply rights, on the hardware model; F1 (no limit: growth witness), F2-F4',
  params: {
    messages: { type: 'int', min: 1, max: 6, doc: 'messages the client sends, the last an RPC' },
    qlimit: { type: 'int', min: 0, max: 6, doc: "the port's queue limit (0: none)" },
    timeout: { type: 'bool', doc: 'MACH_SEND_TIMEOUT with t = 0: a full port returns MACH_SEND_TIMED_OUT' },
    server: { type: 'enum', values: ['receives', 'never'], doc: 'whether the server receives' },
    bug: { type: 'enum', values: BUGS, doc: 'seeded bug (card M7 F1, F3, F4)' },
  },
  defaults: { messages: 3, qlimit: 2, timeout: false, server: 'receives', bug: 'none' },
  make: (c) => machPorts(c as unknown as MachConfig),
  runs: [
    { label: 'default', set: {}, expect: PASSING },
    { label: 'limit 5, six messages', set: { qlimit: 5, messages: 6 }, expect: PASSING },
    {
      label: 'F1 noQueueLimit',
      set: { bug: 'noQueueLimit', server: 'never' },
      expect: { ...PASSING, 'kernel memory bounded': 'unbounded', 'a message is received': 'unwitnessed', 'the client blocks': 'unwitnessed' },
    },
    {
      label: 'F2 limit 5, server never receives',
      set: { qlimit: 5, messages: 6, server: 'never' },
      expect: { ...PASSING, 'deadlock free': 'violated', 'no thread stuck forever': 'violated', 'a message is received': 'unwitnessed' },
    },
    {
      label: 'F2 with a send timeout',
      set: { qlimit: 5, messages: 6, server: 'never', timeout: true },
      expect: { ...PASSING, 'a message is received': 'unwitnessed', 'the client blocks': 'unwitnessed' },
    },
    {
      label: 'F3 sendOnceExempt',
      set: { bug: 'sendOnceExempt', messages: 4 },
      expect: { ...PASSING, 'kernel memory bounded': 'violated', 'the client blocks': 'unwitnessed' },
    },
    { label: 'F4 sharedReplyRight', set: { bug: 'sharedReplyRight' }, expect: { ...PASSING, 'reply correctness': 'violated' } },
  ],
});
