/**
 * Workload: a refused call's retry notification arriving while the caller's dispatcher takes its
 * soft-interrupt word (card M13 F3, and HOLD 'no lost PPC'). The client calls the server before
 * the server's dispatcher has started (its thread has not yet entered the pool, so the IPC_CALL
 * entry is not set): the call is refused with `EAGAIN`, the client parks on its retry list, and
 * the server notifies it when the entry is set. Another thread of the client's process disables
 * its dispatcher and enables it again, taking the soft-interrupt word as it enables; the server's
 * notification (IPC_RETRY_NOTIFY) may come while it does. Both threads of the client's process
 * serve its object x, which nobody calls.
 *
 * Disabling and enabling are K42's own (native) calls: no other design expresses the workload.
 *
 * Properties beyond the framework's: the witness 'a call completes'.
 */
import { answer, forever, native, prepare, reply, rpc, serve } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(k42({ nonAtomicTake: true }), retryRace.build({}));
 */
export const retryRace = defineWorkload({
  id: 'retryRace',
  title: "a refused call's retry notification racing the caller's dispatcher taking its soft-interrupt word (M13 F3)",
  params: {},
  defaults: {},
  build: () => ({
    name: 'retryRace',
    threads: [
      { name: 'client', space: 'X', program: [prepare(), rpc('s'), forever(serve('x'))], watch: true },
      { name: 'helper', space: 'X', program: [native('Disable', { K42: { kind: 'Disable' } }), native('Enable', { K42: { kind: 'Enable' } }), forever(serve('x'))] },
      { name: 'server', space: 'S', program: [forever(serve('s'), answer(), reply())] },
    ],
    objects: [
      { name: 's', kind: 'service' },
      { name: 'x', kind: 'service' },
    ],
    values: 1,
    witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
  }),
});
