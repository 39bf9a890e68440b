/**
 * Workload: one long IPC with page faults served by pagers (card M2). The client (space A) sends a
 * message of `pages` pages to the server (space B), which receives from it; pager PA pages A and
 * pager PB pages B, each in a space of its own: a pager waits for a fault message, touches its own
 * page 0 and replies (which maps the faulting page), then waits again. The message pages are pages
 * 1..pages of each space (page 0 is each thread's own buffer); `srcUnmapped` and `dstUnmapped` are
 * bit masks of the message pages unmapped at boot in A and in B.
 *
 * The long send and the receive are `native` calls: with the page count they carry each side's
 * xfer timeout and pager (L4's TCB pager field: in F2 the pager is the client, which serves no
 * object), which a neutral `send`/`receive` cannot say. Only `L4-long` names these calls.
 *
 * Properties beyond the framework's: the witnesses 'a page fault occurs inside an IPC' (the client
 * and the server both blocked inside the transfer, or the client's IPC failed with an xfer-timeout
 * error 5 or 6) and 'the long IPC completes' (the server received the client's message, 1).
 * Kernel memory ≤ 2 (continuations).
 *
 * Seeded variants (card M2): `pagerFaultsInHandler` (F1: PB lives in B, B's page 0 is unmapped, and
 * its handler's touch faults to PB itself), `pagerCycle` (F2: the server's pager is the client,
 * locked in this very copy), `silentPager` (F3: PB takes the fault and spins for ever), and the xfer
 * timeouts `sendXfer`, `recvXfer` (zero, finite, never).
 */
import { forever, native, replyServe, serve, set, touch, type ProgramStep } from './program.js';
import { defineWorkload } from './workload.js';

const BUGS = ['none', 'pagerFaultsInHandler', 'pagerCycle', 'silentPager'] as const;
const TIMEOUTS = ['zero', 'finite', 'never'] as const;

/**
 * The workload.
 *
 * @example
 * const m = compose(l4Long(), longIpc.build({ ...longIpc.defaults, bug: 'pagerCycle' }));
 */
export const longIpc = defineWorkload({
  id: 'longIpc',
  title: 'one long IPC whose copy page-faults, served by pagers',
  params: {
    pages: { type: 'int', min: 1, max: 2, doc: 'pages of the message' },
    srcUnmapped: { type: 'int', min: 0, max: 3, doc: "bit mask of the message pages unmapped in the client's space A" },
    dstUnmapped: { type: 'int', min: 0, max: 3, doc: "bit mask of the receive-area pages unmapped in the server's space B" },
    sendXfer: { type: 'enum', values: TIMEOUTS, doc: "the client's send xfer timeout" },
    recvXfer: { type: 'enum', values: TIMEOUTS, doc: "the server's receive xfer timeout" },
    bug: { type: 'enum', values: BUGS, doc: 'card M2 F1 pagerFaultsInHandler, F2 pagerCycle, F3 silentPager' },
  },
  defaults: { pages: 2, srcUnmapped: 1, dstUnmapped: 2, sendXfer: 'never', recvXfer: 'never', bug: 'none' },
  build: (c) => {
    type Timeout = (typeof TIMEOUTS)[number];
    const { pages, srcUnmapped, dstUnmapped, sendXfer, recvXfer, bug } = c as { pages: number; srcUnmapped: number; dstUnmapped: number; sendXfer: Timeout; recvXfer: Timeout; bug: string };
    const pager = (faults: string): ProgramStep[] => [serve(faults), forever(touch(0), replyServe(faults))];
    const unmapped = (space: string, mask: number) => Array.from({ length: pages }, (_, i) => i + 1).filter((p) => mask & (1 << (p - 1))).map((page) => ({ space, page }));
    const f1 = bug === 'pagerFaultsInHandler';
    const send = { kind: 'Ipc', to: 2, from: 'nil', pages, xfer: sendXfer, pager: 3 };
    const receive = { kind: 'Ipc', to: 'nil', from: 1, xfer: recvXfer, pager: bug === 'pagerCycle' ? 1 : 4 };
    return {
      name: `longIpc(pages=${pages},srcUnmapped=${srcUnmapped},dstUnmapped=${dstUnmapped},sendXfer=${sendXfer},recvXfer=${recvXfer}${bug === 'none' ? '' : `,bug=${bug}`})`,
      threads: [
        { name: 'client', space: 'A', program: [set(1), native(`Send(server, ${pages} pages)`, { 'L4-long': send })] },
        { name: 'server', space: 'B', program: [native('Receive(client)', { 'L4-long': receive })] },
        { name: 'PA', space: 'PA', program: pager('faults A') },
        {
          name: 'PB',
          space: f1 ? 'B' : 'PB',
          program: bug === 'silentPager' ? [serve('faults B'), forever(touch(0))] : pager('faults B'),
          ...(f1 ? { faultHandler: 'faults B' } : {}),
        },
      ],
      objects: [
        { name: 'faults A', kind: 'faults' },
        { name: 'faults B', kind: 'faults' },
      ],
      values: 2,
      pages: pages + 1,
      unmapped: [...unmapped('A', srcUnmapped), ...unmapped('B', dstUnmapped), ...(f1 ? [{ space: 'B', page: 0 }] : [])],
      memoryBound: 2,
      witness: { name: 'a page fault occurs inside an IPC', holds: (v, s) => (v.blocked(s, 'client') && v.blocked(s, 'server')) || v.received(s, 'client') >= 5 },
      witnesses: [{ name: 'the long IPC completes', holds: (v, s) => v.received(s, 'server') === 1 }],
    };
  },
});
