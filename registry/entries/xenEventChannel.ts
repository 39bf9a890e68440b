/**
 * The registry entry of {@link xenEventChannel}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { BUGS, xenEventChannel, type XenConfig } from '../../model/protocols/xenEventChannel.js';
import { MACHINE_HOLDS } from '../../model/hw/properties/index.js';

const PASSING = {
  ...MACHINE_HOLDS,
  'no message lost': 'holds',
  'ring indices within bounds': 'holds',
  'kernel memory bounded': 'holds',
  'deadlock free': 'holds',
  'no domain stuck forever': 'holds',
  'the client blocks': 'witnessed',
  'a message is received': 'witnessed',
} as const;

/**
 * The registry entry: the specification and card M9's F1 and F2.
 *
 * @example
 * xenEventChannelEntry.make(xenEventChannelEntry.defaults).name; // 'xenEventChannel(slots=2,requests=3,bug=none)'
 */
export const xenEventChannelEntry = registryEntry({
  id: 'xenEventChannel',
  module: import.meta.url,
  summary: 'M9 Xen event channel plus a shared ring in a page mapped into two domains; F1 (no final check: lost wakeup), F2 (overwrite a full ring)',
  params: {
    slots: { type: 'int', min: 1, max: 4, doc: 'ring slots N' },
    requests: { type: 'int', min: 1, max: 5, doc: 'requests the frontend pushes' },
    bug: { type: 'enum', values: BUGS, doc: 'seeded bug (card M9 F1, F2)' },
  },
  defaults: { slots: 2, requests: 3, bug: 'none' },
  make: (c) => xenEventChannel(c as unknown as XenConfig),
  runs: [
    { label: 'default', set: {}, expect: PASSING },
    { label: 'F1 noFinalCheck', set: { bug: 'noFinalCheck' }, expect: { ...PASSING, 'deadlock free': 'violated', 'no domain stuck forever': 'violated' } },
    { label: 'F2 overwrite', set: { bug: 'overwrite' }, expect: { ...PASSING, 'no message lost': 'violated', 'ring indices within bounds': 'violated', 'the client blocks': 'unwitnessed' } },
  ],
});
