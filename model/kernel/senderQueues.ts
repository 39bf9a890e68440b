/**
 * L4's thread as its own message queue: there are no endpoints, and a sender that finds its
 * receiver not waiting polls in the receiver's TCB, in a FIFO of senders. Nothing is allocated:
 * the queue links live in the TCBs, one queue per thread.
 */
import { queue } from '../core/shape/index.js';
import { replaceAt } from '../core/replaceAt.js';
import { dequeue, distinct, enqueue, without } from './fifo.js';
import type { Tcb } from './tcb.js';
import { perThread, threadId } from '../core/shape/roles.js';

/**
 * The shape of one sender queue per thread, each holding up to `maxLength` of the `threads` threads.
 *
 * @example
 * const shape = senderQueuesShape(3, 2); // [queue, queue, queue]
 */
export function senderQueuesShape(threads: number, maxLength = threads) {
  return perThread(threads, queue(maxLength, threadId(threads, 1)));
}

/**
 * `sender` starts polling `receiver`: appended to the receiver's queue.
 *
 * @example
 * poll([[], [], []], 3, 1); // [[], [], [1]]
 */
export function poll(queues: readonly (readonly number[])[], receiver: number, sender: number): (readonly number[])[] {
  return replaceAt(queues, receiver - 1, enqueue(queues[receiver - 1], sender));
}

/**
 * The polling sender `receiver` takes: the head for an open receive (`from` 0), or `from` itself
 * for a closed one if it polls; 0 when none matches. The queues without it are returned too.
 *
 * @example
 * takeSender([[], [], [1, 2]], 3, 0); // { sender: 1, queues: [[], [], [2]] }
 * takeSender([[], [], [1, 2]], 3, 2); // { sender: 2, queues: [[], [], [1]] }
 */
export function takeSender(queues: readonly (readonly number[])[], receiver: number, from: number): { readonly sender: number; readonly queues: (readonly number[])[] } {
  const q = queues[receiver - 1];
  const sender = from === 0 ? (q.length > 0 ? q[0] : 0) : q.includes(from) ? from : 0;
  if (sender === 0) return { sender, queues: queues.slice() };
  return { sender, queues: replaceAt(queues, receiver - 1, from === 0 ? dequeue(q) : without(q, sender)) };
}

/**
 * `sender` stops polling `receiver` (its timeout expired, or it was cancelled).
 *
 * @example
 * stopPolling([[], [], [1, 2]], 3, 1); // [[], [], [2]]
 */
export function stopPolling(queues: readonly (readonly number[])[], receiver: number, sender: number): (readonly number[])[] {
  return replaceAt(queues, receiver - 1, without(queues[receiver - 1], sender));
}

/**
 * Card M1's queue invariant, `polling(t→r) ⇔ t ∈ r.sendq`: every queue holds distinct threads,
 * each blocked sending to that queue's owner, and every thread blocked sending is in its
 * receiver's queue.
 *
 * @example
 * senderQueuesOk([[], [1]], [{ state: 'blockedOnSend', on: 2, isCall: true }, { state: 'running', on: 0, isCall: false }]); // true
 */
export function senderQueuesOk(queues: readonly (readonly number[])[], tcb: readonly Tcb[]): boolean {
  for (let r = 1; r <= queues.length; r++) {
    const q = queues[r - 1];
    if (!distinct(q)) return false;
    for (const t of q) if (tcb[t - 1].state !== 'blockedOnSend' || tcb[t - 1].on !== r) return false;
  }
  for (let t = 1; t <= tcb.length; t++) {
    const x = tcb[t - 1];
    if (x.state === 'blockedOnSend' && !queues[x.on - 1].includes(t)) return false;
  }
  return true;
}
