/**
 * Workload: a component that invokes itself from its handler, a recursion with no base case (card
 * M11 F1 and F2). A client calls service r; the handler of r answers by calling r again. Under
 * thread migration the client's own thread descends into the component once per call, so only
 * the invocation stack's bound stops it: a fixed stack refuses the next `sinv` with −1 (F1: 'every
 * invocation succeeds' fails, kernel memory holds) and the calls unwind; a growable stack
 * allocates a frame per level (F2: kernel memory grows). With one thread per server the server
 * waits for itself: deadlock.
 *
 * Properties beyond the framework's: the witness 'a call completes'.
 */
import { answer, forever, prepare, reply, rpc, serve } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(composite(), selfInvocation.build(selfInvocation.defaults));
 */
export const selfInvocation = defineWorkload({
  id: 'selfInvocation',
  title: 'a component invoking itself from its handler (recursion without a base case)',
  params: {},
  defaults: {},
  build: () => ({
    name: 'selfInvocation',
    threads: [
      { name: 'client', space: 'C', program: [prepare(), rpc('r')] },
      { name: 'server', space: 'R', program: [forever(serve('r'), answer(), rpc('r'), answer(), reply())] },
    ],
    objects: [{ name: 'r', kind: 'service' }],
    values: 2,
    witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
  }),
});
