/**
 * Workload: a page fault during IPC, served by a handler thread (seL4's fault endpoint, L4's
 * pager). The client's message buffer is not mapped: writing its request faults, the kernel sends
 * a fault message to the handler, the handler touches its own memory and replies, the kernel maps
 * the page and the client retries, then calls the server.
 *
 * Properties beyond the framework's: the witness 'a call completes'.
 *
 * Variant `handlerFaults` (card M2 F1, M3 F4): the handler's own page is unmapped and its faults
 * go to itself; its fault message waits for a receiver that will never come: deadlock, and the
 * client is stuck.
 */
import { answer, forever, prepare, reply, rpc, serve, touch } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(sel4(), pageFault.build({ handlerFaults: true }));
 */
export const pageFault = defineWorkload({
  id: 'pageFault',
  title: 'a page fault during IPC served by a handler thread',
  params: { handlerFaults: { type: 'bool', doc: 'the handler faults in its own handler' } },
  defaults: { handlerFaults: false },
  build: (c) => {
    const handlerFaults = c.handlerFaults === true;
    return {
      name: `pageFault(handlerFaults=${handlerFaults})`,
      threads: [
        { name: 'client', space: 'C', program: [prepare(), rpc('svc')], faultHandler: 'faults' },
        { name: 'server', space: 'S', program: [forever(serve('svc'), answer(), reply())] },
        { name: 'handler', space: 'H', program: [forever(serve('faults'), touch(1), reply())], faultHandler: 'faults' },
      ],
      objects: [
        { name: 'svc', kind: 'service' },
        { name: 'faults', kind: 'faults' },
      ],
      values: 1,
      pages: 2,
      unmapped: [{ space: 'C', page: 0 }, ...(handlerFaults ? [{ space: 'H', page: 1 }] : [])],
      witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
    };
  },
});
