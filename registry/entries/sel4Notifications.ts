/**
 * The registry entry of {@link sel4Notifications}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { BUGS, CONSUMERS, sel4Notifications, type Sel4NotificationsConfig } from '../../model/protocols/sel4Notifications.js';
import { MACHINE_HOLDS } from '../../model/hw/properties/index.js';

const PASSING = {
  'INV-NTFN': 'holds',
  'no signal lost': 'holds',
  'no item lost': 'holds',
  'run queue': 'holds',
  'kernel memory ≤ 0': 'holds',
  ...MACHINE_HOLDS,
  'deadlock free': 'holds',
  'no thread stuck forever': 'holds',
  'a wait returns a badge': 'witnessed',
} as const;

const STRANDED = { ...PASSING, 'no item lost': 'violated', 'deadlock free': 'violated', 'no thread stuck forever': 'violated' } as const;

/**
 * The registry entry: two producers with distinct badges and a per-bit consumer, card M5's F1
 * (coalesced signals strand an item) and F2 (a signal dropped when nobody waits).
 *
 * @example
 * sel4NotificationsEntry.make(sel4NotificationsEntry.defaults).name; // 'sel4Notifications(producers=2,rounds=1,consumer=perBit)'
 */
export const sel4NotificationsEntry = registryEntry({
  id: 'sel4Notifications',
  module: import.meta.url,
  summary: 'M5 seL4 notifications: Idle/Waiting/Active, badge OR-ing, on the hardware model; F1 coalescing strands an item, F2 dropped signal',
  params: {
    producers: { type: 'int', min: 1, max: 3, doc: 'producer threads, producer i signalling badge bit i-1' },
    rounds: { type: 'int', min: 1, max: 3, doc: 'items (signals) per producer' },
    consumer: { type: 'enum', values: CONSUMERS, doc: 'how the consumer handles a returned word: one item, one per set bit, or every item signalled' },
    preemption: { type: 'bool', doc: 'a timer interrupt may preempt a running thread' },
    bug: { type: 'enum', values: BUGS, doc: 'seeded bug (card M5 F2: dropSignal)' },
  },
  defaults: { producers: 2, rounds: 1, consumer: 'perBit', preemption: true, bug: 'none' },
  make: (c) => sel4Notifications(c as unknown as Sel4NotificationsConfig),
  runs: [
    { label: 'default', set: {}, expect: PASSING },
    { label: 'drain, equal badges', set: { producers: 1, rounds: 2, consumer: 'drain' }, expect: PASSING },
    { label: 'F1 onePerWait, equal badges', set: { producers: 1, rounds: 2, consumer: 'onePerWait' }, expect: STRANDED },
    { label: 'F1 onePerWait, two producers', set: { consumer: 'onePerWait' }, expect: STRANDED },
    { label: 'F1 perBit, equal badges', set: { producers: 1, rounds: 2 }, expect: STRANDED },
    {
      label: 'F2 dropSignal',
      set: { producers: 1, bug: 'dropSignal' },
      expect: { ...STRANDED, 'no signal lost': 'violated' },
    },
  ],
});
