/**
 * Side-by-side comparisons that `npm run check` prints after its table: registry runs of one
 * workload under different designs, with the verdicts that tell the designs apart.
 */

/**
 * One comparison: which registry runs (by entry id and run label), under which design name, and
 * which of their properties to show.
 *
 * @example
 * const c: Comparison = { title: 'movement', properties: ['deadlock free'], rows: [{ entry: 'l4LongIpc', run: 'default', design: 'long IPC' }] };
 */
export interface Comparison {
  readonly title: string;
  readonly properties: readonly string[];
  readonly rows: readonly { readonly entry: string; readonly run: string; readonly design: string }[];
}

/**
 * The comparisons `npm run check` prints: the survey's constrained against unconstrained data
 * movement, on the same workload (card M2's client, server and pagers, one message of two pages,
 * a source page and a receive page unmapped).
 *
 * @example
 * comparisons[0].rows.map((r) => r.design); // ['message registers (seL4, Fiasco)', 'long IPC (L4 X.2)']
 */
export const comparisons: readonly Comparison[] = [
  {
    title: 'Constrained vs unconstrained data movement: one client sends two pages to a server, pagers serve faults',
    properties: ['a page fault occurs inside an IPC', 'the long IPC completes', 'kernel memory ≤ 2', 'deadlock free'],
    rows: [
      { entry: 'l4LongIpc', run: 'message registers', design: 'message registers (seL4, Fiasco)' },
      { entry: 'l4LongIpc', run: 'default (xfer timeouts never)', design: 'long IPC (L4 X.2)' },
    ],
  },
];
