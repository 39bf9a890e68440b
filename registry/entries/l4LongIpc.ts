/**
 * The registry entry of {@link l4LongIpc}: its parameters, defaults and the verdicts `npm run check`
 * expects. It lives beside the registry, not in the model, so that models never import the registry.
 */
import { registryEntry } from '../entry.js';
import { BUGS, DEFAULTS, l4LongIpc, MOVEMENTS, TIMEOUTS, type L4LongIpcConfig } from '../../model/protocols/l4LongIpc.js';
import { MACHINE_HOLDS } from '../../model/hw/properties/index.js';

const PASSING = {
  'data integrity': 'holds',
  'one continuation per thread': 'holds',
  'continuation discipline': 'holds',
  'kernel memory ≤ 2': 'holds',
  ...MACHINE_HOLDS,
  'deadlock free': 'holds',
  'C never stuck': 'holds',
  'S never stuck': 'holds',
  'PA never stuck': 'holds',
  'PB never stuck': 'holds',
  'a page fault occurs inside an IPC': 'witnessed',
  'the long IPC completes': 'witnessed',
} as const;
const NEVER_COMPLETES = { ...PASSING, 'the long IPC completes': 'unwitnessed' } as const;
const FINITE = { sendXfer: 'finite', recvXfer: 'finite' } as const;

/**
 * The registry entry: a two-page message whose first source page and second receive page start
 * unmapped, with transfer timeouts never, finite and zero, every seeded bug of card M2, and the
 * same workload moved in message registers (the survey's comparison).
 *
 * @example
 * l4LongIpcEntry.make(l4LongIpcEntry.defaults).name; // 'l4LongIpc(pages=2,srcUnmapped=1,dstUnmapped=2,sendXfer=never,recvXfer=never)'
 */
export const l4LongIpcEntry = registryEntry({
  id: 'l4LongIpc',
  module: import.meta.url,
  summary: 'M2 L4 long IPC (Pistachio): page-by-page copy through both page tables, nested page-fault IPC to pagers, continuations, xfer timeouts; F1-F3',
  params: {
    pages: { type: 'int', min: 1, max: 2, doc: 'pages of the message' },
    srcUnmapped: { type: 'int', min: 0, max: 3, doc: "bit mask of the message pages unmapped in C's space A at boot" },
    dstUnmapped: { type: 'int', min: 0, max: 3, doc: "bit mask of the receive-area pages unmapped in S's space B at boot" },
    sendXfer: { type: 'enum', values: TIMEOUTS, doc: "C's send transfer timeout" },
    recvXfer: { type: 'enum', values: TIMEOUTS, doc: "S's receive transfer timeout" },
    bug: { type: 'enum', values: BUGS, doc: 'seeded bug (card M2 F1-F3, or skipFaultedPage)' },
    movement: { type: 'enum', values: MOVEMENTS, doc: 'data movement: long (page-by-page copy through both page tables) or registers (message registers, one atomic kernel step)' },
  },
  defaults: { ...DEFAULTS },
  make: (c) => l4LongIpc(c as unknown as L4LongIpcConfig),
  runs: [
    { label: 'default (xfer timeouts never)', set: {}, expect: PASSING },
    { label: 'finite xfer timeouts', set: FINITE, expect: PASSING },
    { label: 'zero send xfer timeout', set: { sendXfer: 'zero' }, expect: NEVER_COMPLETES },
    { label: 'one page, both sides unmapped', set: { pages: 1, srcUnmapped: 1, dstUnmapped: 1 }, expect: PASSING },
    { label: 'no unmapped page', set: { srcUnmapped: 0, dstUnmapped: 0 }, expect: { ...PASSING, 'a page fault occurs inside an IPC': 'unwitnessed' } },
    {
      label: 'F1 pagerFaultsInHandler',
      set: { bug: 'pagerFaultsInHandler' },
      expect: { ...NEVER_COMPLETES, 'deadlock free': 'violated', 'C never stuck': 'violated', 'S never stuck': 'violated', 'PB never stuck': 'violated' },
    },
    { label: 'F2 pagerCycle', set: { bug: 'pagerCycle' }, expect: { ...NEVER_COMPLETES, 'deadlock free': 'violated', 'C never stuck': 'violated', 'S never stuck': 'violated' } },
    { label: 'F2 pagerCycle, finite xfer timeouts', set: { bug: 'pagerCycle', ...FINITE }, expect: NEVER_COMPLETES },
    { label: 'F3 silentPager', set: { bug: 'silentPager' }, expect: { ...NEVER_COMPLETES, 'C never stuck': 'violated', 'S never stuck': 'violated' } },
    { label: 'F3 silentPager, finite xfer timeouts', set: { bug: 'silentPager', ...FINITE }, expect: NEVER_COMPLETES },
    { label: 'skipFaultedPage', set: { bug: 'skipFaultedPage' }, expect: { ...PASSING, 'data integrity': 'violated', 'continuation discipline': 'violated' } },
    { label: 'message registers', set: { movement: 'registers' }, expect: { ...PASSING, 'a page fault occurs inside an IPC': 'unwitnessed' } },
  ],
});
