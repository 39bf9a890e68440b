/**
 * The designs and workloads the command line knows, and the seeded mutants of each design.
 */
import type { AnyDesign } from '../model/designs/design.js';
import { sel4 } from '../model/designs/sel4.js';
import type { Workload } from '../model/workloads/workload.js';
import { rpcPool } from '../model/workloads/rpcPool.js';
import { nestedServer } from '../model/workloads/nestedServer.js';
import { deferredReply } from '../model/workloads/deferredReply.js';
import { burst } from '../model/workloads/burst.js';
import { pageFault } from '../model/workloads/pageFault.js';
import { eventCascade } from '../model/workloads/eventCascade.js';

/**
 * A design the command line knows: its id, what it is, and how to make it and each of its seeded
 * mutants (`none` is the design itself).
 *
 * @example
 * const d = designs.find((x) => x.id === 'seL4')!.mutants.callAsSend();
 */
export interface DesignEntry {
  readonly id: string;
  readonly summary: string;
  readonly mutants: Readonly<Record<string, () => AnyDesign>>;
}

/**
 * Every shipped design, in the order the matrices list them.
 *
 * @example
 * designs.map((d) => d.id); // ['seL4', …]
 */
export const designs: readonly DesignEntry[] = [
  {
    id: 'seL4',
    summary: 'M3/M5 seL4 non-MCS: endpoints with caller slots, SaveCaller, notifications',
    mutants: {
      none: () => sel4(),
      replyToAnyWaiter: () => sel4({ replyToAnyWaiter: true }),
      callAsSend: () => sel4({ callAsSend: true }),
      callWithoutGrant: () => sel4({ grantless: [1] }),
    },
  },
];

/**
 * Every shipped workload, in the order `npm run check` prints their matrices.
 *
 * @example
 * workloads.map((w) => w.id); // ['rpcPool', 'nestedServer', …]
 */
export const workloads: readonly Workload[] = [rpcPool, nestedServer, deferredReply, burst, pageFault, eventCascade];
