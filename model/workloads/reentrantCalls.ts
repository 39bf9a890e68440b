/**
 * Workload: re-entrant calls S1 → S2 → S1 (card M13 HOLD, re-entrancy; compare card M3 F3). A
 * client calls service s1 with request 1; s1's handler passes it on to s2, and s2's handler
 * calls back into s1 with request 0, which s1 answers at once; every answer echoes its request. Each server keeps its caller while
 * it calls out. With a thread free in S1 for the call back there is no deadlock at the IPC level;
 * with one thread, that thread is the one waiting for S2.
 *
 * Properties beyond the framework's: the witness 'a call completes'.
 *
 * Variant: `pool`, the threads of server S1.
 */
import { answer, forever, ifReceived, reply, replySaved, rpc, save, serve, set } from './program.js';
import type { ThreadSpec } from './workload.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(k42(), reentrantCalls.build({ pool: 2 }));
 */
export const reentrantCalls = defineWorkload({
  id: 'reentrantCalls',
  title: 'a server whose handler calls a second server, which calls back into the first (S1 → S2 → S1)',
  params: { pool: { type: 'int', min: 1, max: 2, doc: 'threads of server S1' } },
  defaults: { pool: 2 },
  build: (c) => {
    const pool = c.pool as number;
    const s1 = [forever(serve('s1'), ifReceived(1, [answer(), save(0), rpc('s2'), answer(), replySaved(0)], [answer(), reply()]))];
    const threads: ThreadSpec[] = [
      { name: 'client', space: 'C', program: [set(1), rpc('s1')] },
      ...Array.from({ length: pool }, (_, i) => ({ name: `S1 thread ${i + 1}`, space: 'S1', program: s1 })),
      { name: 'S2 thread', space: 'S2', program: [forever(serve('s2'), save(0), set(0), rpc('s1'), set(1), replySaved(0))] },
    ];
    return {
      name: `reentrantCalls(pool=${pool})`,
      threads,
      objects: [
        { name: 's1', kind: 'service' },
        { name: 's2', kind: 'service' },
      ],
      values: 2,
      slots: 1,
      witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
    };
  },
});
