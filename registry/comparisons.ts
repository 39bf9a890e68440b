/**
 * Side-by-side comparisons that `npm run check` prints after its table: registry runs of one
 * workload under different designs, with the verdicts that tell the designs apart.
 */

/**
 * One comparison: which registry runs (by entry id and run label), under which design name, and
 * which of their properties to show (a name, or the start of one: 'kernel memory' matches 'kernel memory ≤ 4').
 *
 * @example
 * const c: Comparison = { title: 'movement', properties: ['deadlock free'], rows: [{ entry: 'L4-long.longIpc', run: 'default (xfer timeouts never)', design: 'long IPC' }] };
 */
export interface Comparison {
  readonly title: string;
  readonly properties: readonly string[];
  readonly rows: readonly { readonly entry: string; readonly run: string; readonly design: string }[];
}

/**
 * The comparisons `npm run check` prints: the survey's constrained against unconstrained data
 * movement, on the same workload (card M2's client, server and pagers, one message of two pages,
 * a source page and a receive page unmapped); and the asynchronous designs under a burst of
 * requests: whether kernel memory is bounded (or grows without bound), whether the client blocks,
 * whether anything is lost.
 *
 * @example
 * comparisons[0].rows.map((r) => r.design); // ['message registers (seL4, Fiasco)', 'long IPC (L4 X.2)']
 */
export const comparisons: readonly Comparison[] = [
  {
    title: 'Constrained vs unconstrained data movement: one client sends two pages to a server, pagers serve faults',
    properties: ['a page fault occurs inside an IPC', 'the long IPC completes', 'kernel memory ≤ 2', 'deadlock free'],
    rows: [
      { entry: 'L4-long.longIpc', run: 'message registers', design: 'message registers (seL4, Fiasco)' },
      { entry: 'L4-long.longIpc', run: 'default (xfer timeouts never)', design: 'long IPC (L4 X.2)' },
    ],
  },
  {
    title: 'Asynchronous IPC: a client sends a burst of requests to a server that is slow or never receives',
    properties: ['kernel memory', 'the client blocks', 'no message lost'],
    rows: [
      { entry: 'Mach.portQueue', run: 'F1 noQueueLimit', design: 'Mach, no queue limit (server never receives)' },
      { entry: 'Mach.portQueue', run: 'F2 limit 5, server never receives', design: 'Mach, queue limit 5 (server never receives)' },
      { entry: 'pipe.pipeStream', run: 'default', design: 'UNIX pipe, capacity 2 (reader slow)' },
      { entry: 'Xen.ringStream', run: 'default', design: 'Xen ring of 2 slots + event channel' },
    ],
  },
  {
    title: 'Event cascades (W1): two events through servers 1→2→3 (or a cycle 1→2→3→1), under each full-queue policy',
    properties: ['kernel memory', 'deadlock free', 'every event is handled', 'the cascade always reaches the last server'],
    rows: [
      { entry: 'Mach.eventCascade', run: 'block, B = 1', design: 'block: Mach port, queue limit 1' },
      { entry: 'pipe.eventCascade', run: 'block, B = 1', design: 'block: pipe of one unit' },
      { entry: 'seL4.eventCascade', run: 'W1 F2 cycle', design: 'block on a cycle: seL4 rendezvous' },
      { entry: 'Mach.eventCascade', run: 'W1 F3 fail: send timeout 0, B = 1', design: 'fail and drop: Mach, send timeout 0' },
      { entry: 'K42.eventCascade', run: 'W1 F3 fail and drop: EBUSY, B = 1', design: 'fail and drop: K42 ring, EBUSY dropped' },
      { entry: 'pipe.eventCascade', run: 'fail and retry: non-blocking, B = 1', design: 'fail and retry: non-blocking pipe' },
      { entry: 'K42.eventCascade', run: 'fail and retry: EBUSY, B = 1', design: 'fail and retry: K42 ring, EBUSY retried' },
      { entry: 'seL4.eventCascade', run: 'coalesce: notifications, drain per wakeup', design: 'coalesce: seL4 notifications, drain' },
      { entry: 'Xen.eventCascade', run: 'coalesce: event channels, drain per wakeup', design: 'coalesce: Xen event channels, drain' },
      { entry: 'seL4.eventCascade', run: 'W1 F4 coalesce, one item per wakeup', design: 'coalesce: seL4, one item per wakeup' },
      { entry: 'Composite.eventCascade', run: 'count: asnd pending counters, one item per wakeup', design: 'count: Composite asnd, one item per wakeup' },
      { entry: 'Mach.eventCascade', run: 'credit 1: an ack per event', design: 'credit 1: an ack per event (Mach)' },
      { entry: 'K42.eventCascade', run: 'credit 1: an ack per event (a PPC)', design: 'credit 1: acks as K42 PPCs (one pool thread each)' },
      { entry: 'Mach.eventCascade', run: 'W1 F5 credit 1 on a cycle', design: 'credit 1 on a cycle (Mach)' },
      { entry: 'UMP.eventCascade', run: 'default', design: 'credit window: UMP ring of 2' },
      { entry: 'UMP.eventCascade', run: 'credit window 1', design: 'credit window: UMP ring of 1' },
    ],
  },
];
