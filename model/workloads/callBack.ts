/**
 * Workload: a server and its client that call each other at the same time (card M1 F1: A runs
 * Ipc(B, B) while B runs Ipc(A, A)). Before it serves, the server calls client 1's callback
 * service; client 1 first calls the server and only then serves its callback. Client 2 just calls
 * the server. With blocking calls and no timeouts each waits for the other to receive, for ever.
 *
 * Properties beyond the framework's: the witness 'a call completes'.
 *
 * Variant: finite send timeouts on the design (L4) break the cycle: one call times out and the
 * other goes through.
 */
import { answer, forever, prepare, reply, rpc, serve, set } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(l4({ callSend: 'finite' }), callBack.build(callBack.defaults));
 */
export const callBack = defineWorkload({
  id: 'callBack',
  title: 'a server and its client calling each other at the same time',
  params: {},
  defaults: {},
  build: () => ({
    name: 'callBack',
    threads: [
      { name: 'client 1', space: '1', program: [set(1), rpc('svc'), forever(serve('cb'), answer(), reply())] },
      { name: 'client 2', space: '2', program: [prepare(), rpc('svc')] },
      { name: 'server', space: 'S', program: [set(0), rpc('cb'), forever(serve('svc'), answer(), reply())] },
    ],
    objects: [
      { name: 'svc', kind: 'service' },
      { name: 'cb', kind: 'service' },
    ],
    values: 2,
    witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
  }),
});
