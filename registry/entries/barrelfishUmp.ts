/**
 * The registry entry of {@link barrelfishUmp}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { barrelfishUmp, BUGS, type UmpConfig } from '../../model/protocols/barrelfishUmp.js';
import { MACHINE_HOLDS } from '../../model/hw/properties/index.js';

const PASSING = {
  ...MACHINE_HOLDS,
  'no message lost': 'holds',
  'ring indices within bounds': 'holds',
  'kernel memory bounded': 'holds',
  'deadlock free': 'holds',
  'no endpoint stuck forever': 'holds',
  'the client blocks': 'witnessed',
  'a message is received': 'witnessed',
} as const;

/**
 * The registry entry: the specification and card M10's F1 and F2.
 *
 * @example
 * barrelfishUmpEntry.make(barrelfishUmpEntry.defaults).name; // 'barrelfishUmp(slots=2,messages=3,bug=none)'
 */
export const barrelfishUmpEntry = registryEntry({
  id: 'barrelfishUmp',
  module: import.meta.url,
  summary: 'M10 Barrelfish UMP: two epoch-bit rings in a page shared by two endpoints, seq/ack flow control; F1 (ignore can_send: lap and overwrite), F2 (blocked sender stops draining: ack deadlock)',
  params: {
    slots: { type: 'int', min: 1, max: 4, doc: 'slots N of each ring' },
    messages: { type: 'int', min: 1, max: 4, doc: 'messages each endpoint sends' },
    bug: { type: 'enum', values: BUGS, doc: 'seeded bug (card M10 F1, F2)' },
  },
  defaults: { slots: 2, messages: 3, bug: 'none' },
  make: (c) => barrelfishUmp(c as unknown as UmpConfig),
  runs: [
    { label: 'default', set: {}, expect: PASSING },
    {
      label: 'F1 ignoreCanSend',
      set: { bug: 'ignoreCanSend' },
      expect: { ...PASSING, 'no message lost': 'violated', 'ring indices within bounds': 'violated', 'deadlock free': 'violated', 'no endpoint stuck forever': 'violated' },
    },
    { label: 'F2 blockedSenderStopsDraining', set: { bug: 'blockedSenderStopsDraining' }, expect: { ...PASSING, 'deadlock free': 'violated', 'no endpoint stuck forever': 'violated' } },
  ],
});
