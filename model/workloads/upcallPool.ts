/**
 * Workload: clients calling a server process whose handler blocks, so that each call in progress
 * holds one of the server's threads (card M13 F1 and F5: threads for upcalls). Client 1 sends
 * request 1 and client 2 request 2; the server's threads (its pool) serve the one service and
 * echo the request (a failed call leaves 0 in the caller's register, as K42's `ENOMEM` does in the
 * K42 design).
 *
 * - `handler: 'waitsForNext'` (F1): request 1's handler waits for an event that request 2's
 *   handler signals, so with a pool of one thread the second call finds no free thread.
 * - `handler: 'callsBack'` (F5): client 1 is untrusted. Request 1's handler calls back into an
 *   object of client 1's party, whose handler never returns, so the server thread is held for
 *   ever and an honest client 2 finds no free thread.
 *
 * Properties beyond the framework's: 'every honest call is served' (each client but an untrusted
 * one eventually gets its request echoed: a call failed with an error, such as K42's `ENOMEM`, does not
 * count), and the witness 'a call completes'.
 *
 * Variant: `pool: 2` gives every call in progress a thread of its own.
 */
import { add, answer, forever, ifReceived, reply, rpc, serve, set, signal, wait, type ProgramStep } from './program.js';
import type { ThreadSpec } from './workload.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(k42({ noThread: 'enomem' }), upcallPool.build({ handler: 'waitsForNext', pool: 1 }));
 */
export const upcallPool = defineWorkload({
  id: 'upcallPool',
  title: 'clients calling a server whose handler blocks: a thread per call in progress (M13 F1, F5)',
  params: {
    handler: { type: 'enum', values: ['waitsForNext', 'callsBack'], doc: "waitsForNext: request 1's handler waits for request 2's (F1); callsBack: it calls back into an untrusted client's object that never returns (F5)" },
    pool: { type: 'int', min: 1, max: 2, doc: "the server's threads" },
  },
  defaults: { handler: 'waitsForNext', pool: 1 },
  build: (c) => {
    const handler = c.handler as string;
    const pool = c.pool as number;
    const untrusted = handler === 'callsBack';
    const block: ProgramStep[] = untrusted ? [rpc('cb')] : [wait('go')];
    const server: ProgramStep[] = [forever(serve('svc'), answer(), ifReceived(1, block, untrusted ? [] : [signal('go')]), reply())];
    const client = (value: number): ProgramStep[] => [set(value), rpc('svc'), ifReceived(value, [add('served')])];
    const threads: ThreadSpec[] = [
      { name: 'client 1', space: '1', program: client(1), ...(untrusted ? { watch: false } : {}) },
      { name: 'client 2', space: '2', program: client(2) },
      ...Array.from({ length: pool }, (_, i) => ({ name: `server ${i + 1}`, space: 'S', program: server })),
      ...(untrusted ? [{ name: 'untrusted object', space: 'U', program: [forever(serve('cb'), wait('stall'))] }] : []),
    ];
    const honest = untrusted ? 1 : 2;
    return {
      name: `upcallPool(handler=${handler},pool=${pool})`,
      threads,
      objects: [
        { name: 'svc', kind: 'service' },
        untrusted ? { name: 'cb', kind: 'service' } : { name: 'go', kind: 'event' },
        ...(untrusted ? [{ name: 'stall', kind: 'event' as const }] : []),
      ],
      values: 3,
      slots: 0,
      shared: [{ name: 'served', max: 2 }],
      liveness: [{ name: 'every honest call is served', p: () => true, q: (v, s) => v.shared(s, 'served') >= honest }],
      witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
    };
  },
});
