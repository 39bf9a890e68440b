/**
 * seL4 endpoints: `Idle`, or a FIFO queue of threads blocked sending (`Send`), or of threads
 * blocked receiving (`Recv`), never both. No message is buffered: the queue is of threads, and a
 * transfer is a rendezvous between a sender and a receiver.
 */
import { oneOf, queue, record, type Infer } from '../core/shape/index.js';
import { distinct, enqueue } from './fifo.js';
import { threadId } from '../core/shape/roles.js';

/**
 * The shape of an endpoint whose queue holds up to `threads` threads.
 *
 * @example
 * const shape = endpointShape(3); // { state: 'idle' | 'send' | 'recv', queue }
 */
export function endpointShape(threads: number) {
  return record({ state: oneOf('idle', 'send', 'recv'), queue: queue(threads, threadId(threads, 1)) });
}

/**
 * An endpoint.
 *
 * @example
 * const ep: Endpoint = { state: 'recv', queue: [3] }; // server 3 waits to receive
 */
export type Endpoint = Infer<ReturnType<typeof endpointShape>>;

/**
 * An endpoint with no thread queued.
 *
 * @example
 * const ep: Endpoint = IDLE_ENDPOINT;
 */
export const IDLE_ENDPOINT: Endpoint = { state: 'idle', queue: [] };

/**
 * Queues `t` at the tail as a sender or a receiver. Only valid when the endpoint is idle or
 * already queues that side.
 *
 * @example
 * block(IDLE_ENDPOINT, 2, 'send'); // { state: 'send', queue: [2] }
 */
export function block(ep: Endpoint, t: number, side: 'send' | 'recv'): Endpoint {
  if (ep.state !== 'idle' && ep.state !== side) throw new Error(`endpoint: cannot queue a ${side}er on a ${ep.state} endpoint`);
  return { state: side, queue: enqueue(ep.queue, t) };
}

/**
 * Takes the head of the queue: it and the endpoint without it (idle once empty).
 *
 * @example
 * takeHead({ state: 'recv', queue: [3] }); // { head: 3, ep: { state: 'idle', queue: [] } }
 */
export function takeHead(ep: Endpoint): { readonly head: number; readonly ep: Endpoint } {
  if (ep.queue.length === 0) throw new Error('endpoint: takeHead on an empty queue');
  const rest = ep.queue.slice(1);
  return { head: ep.queue[0], ep: rest.length === 0 ? IDLE_ENDPOINT : { state: ep.state, queue: rest } };
}

/**
 * l4v's `valid_ep`: an idle endpoint has an empty queue, a sending or receiving one a non-empty
 * queue of distinct threads.
 *
 * @example
 * endpointOk({ state: 'send', queue: [] }); // false
 */
export function endpointOk(ep: Endpoint): boolean {
  return ep.state === 'idle' ? ep.queue.length === 0 : ep.queue.length > 0 && distinct(ep.queue);
}

/**
 * l4v's `sym_refs` for endpoints (INV-SYM): thread `t` (1-based) is BlockedOnSend or
 * BlockedOnReceive on endpoint `o + 1` exactly when it is in that endpoint's send or receive queue.
 *
 * @example
 * endpointQueuesMatch([{ state: 'blockedOnSend', on: 1 }], [{ state: 'send', queue: [1] }]); // true
 */
export function endpointQueuesMatch(threads: readonly { readonly state: string; readonly on: number }[], eps: readonly Endpoint[]): boolean {
  for (let t = 1; t <= threads.length; t++) {
    const tcb = threads[t - 1];
    for (let o = 0; o < eps.length; o++) {
      const e = eps[o];
      if ((e.state === 'send' && e.queue.includes(t)) !== (tcb.state === 'blockedOnSend' && tcb.on === o + 1)) return false;
      if ((e.state === 'recv' && e.queue.includes(t)) !== (tcb.state === 'blockedOnReceive' && tcb.on === o + 1)) return false;
    }
  }
  return true;
}
