/**
 * seL4's notification object (spec card M5 in `../shared/IPC-MODELS.md`; seL4
 * `manual/parts/notifications.tex`, `src/object/notification.c`): a word of badge bits and a FIFO
 * of waiting threads, in one of three states.
 *
 * - `Idle`: no word, no waiters.
 * - `Waiting(queue)`: the threads blocked in Wait, head first; the word is 0.
 * - `Active(word)`: signals arrived with nobody waiting; their badges are OR-ed into the word.
 *
 * Signal(b): Waiting gives b to the head waiter (the word is unchanged); Idle becomes Active(b);
 * Active ORs b into the word. Wait: Active returns the whole word and goes Idle; otherwise the
 * caller joins the tail of the queue. Poll is the non-blocking Wait. Kernel memory: one word and
 * a queue threaded through TCBs, whatever the number of signals, so nothing is allocated.
 *
 * Not modelled: the bound TCB (`boundTCB`, which lets a thread blocked on an endpoint receive a
 * signal), and the zero badge: the code makes an Idle object Active(0) on a zero-badge signal
 * while the manual says a zero badge only wakes a waiter; {@link signalNotification} refuses a
 * zero badge rather than pick a side.
 */
import { int, oneOf, queue, record, type Infer } from '../core/shape/index.js';
import { dequeue, distinct, enqueue } from './fifo.js';
import { threadId } from '../core/shape/roles.js';

/**
 * The shape of a notification for `threads` threads (ids 1..threads) and badges of `bits` bits.
 *
 * @example
 * const shape = notificationShape(3, 2); // word 0..3, queue of at most 3 of threads 1..3
 */
export function notificationShape(threads: number, bits: number) {
  if (!Number.isSafeInteger(bits) || bits < 1 || bits > 16) throw new RangeError(`notificationShape: bits must be a whole number from 1 to 16, got ${bits}`);
  return record({ state: oneOf('idle', 'waiting', 'active'), queue: queue(threads, threadId(threads, 1)), word: int(0, 2 ** bits - 1) });
}

/**
 * A notification object.
 *
 * @example
 * const n: Notification = { state: 'active', queue: [], word: 0b101 };
 */
export type Notification = Infer<ReturnType<typeof notificationShape>>;

/**
 * A fresh notification: Idle.
 *
 * @example
 * idleNotification(); // { state: 'idle', queue: [], word: 0 }
 */
export function idleNotification(): Notification {
  return { state: 'idle', queue: [], word: 0 };
}

/**
 * Signal with a non-zero `badge`: the head waiter gets the badge (`woken` is its id), or the badge
 * is OR-ed into the word and the object is Active (`woken` is 0).
 *
 * @example
 * signalNotification({ state: 'active', queue: [], word: 1 }, 2).ntfn;  // { state: 'active', queue: [], word: 3 }
 * signalNotification({ state: 'waiting', queue: [4, 5], word: 0 }, 2); // { ntfn: { state: 'waiting', queue: [5], word: 0 }, woken: 4, badge: 2 }
 */
export function signalNotification(n: Notification, badge: number): { readonly ntfn: Notification; readonly woken: number; readonly badge: number } {
  if (!Number.isSafeInteger(badge) || badge <= 0) throw new RangeError(`signalNotification: the badge must be a positive whole number, got ${badge} (a zero badge is where seL4's code and manual disagree)`);
  switch (n.state) {
    case 'waiting': {
      const rest = dequeue(n.queue);
      return { ntfn: rest.length === 0 ? idleNotification() : { state: 'waiting', queue: rest, word: 0 }, woken: n.queue[0], badge };
    }
    case 'idle':
      return { ntfn: { state: 'active', queue: [], word: badge }, woken: 0, badge };
    case 'active':
      return { ntfn: { state: 'active', queue: [], word: n.word | badge }, woken: 0, badge };
  }
}

/**
 * Wait by thread `t`: on Active, `received` is the whole word and the object goes Idle; otherwise
 * `t` joins the tail of the waiting queue and `received` is null (the caller blocks).
 *
 * @example
 * waitNotification({ state: 'active', queue: [], word: 3 }, 4); // { ntfn: { state: 'idle', queue: [], word: 0 }, received: 3 }
 * waitNotification(idleNotification(), 4);                       // { ntfn: { state: 'waiting', queue: [4], word: 0 }, received: null }
 */
export function waitNotification(n: Notification, t: number): { readonly ntfn: Notification; readonly received: number | null } {
  if (n.state === 'active') return { ntfn: idleNotification(), received: n.word };
  if (n.queue.includes(t)) throw new Error(`waitNotification: thread ${t} is already waiting`);
  return { ntfn: { state: 'waiting', queue: enqueue(n.queue, t), word: 0 }, received: null };
}

/**
 * Poll: the non-blocking Wait. On Active, returns the word and goes Idle; otherwise returns 0 and
 * changes nothing.
 *
 * @example
 * pollNotification({ state: 'active', queue: [], word: 2 }).received; // 2
 * pollNotification(idleNotification()).received;                     // 0
 */
export function pollNotification(n: Notification): { readonly ntfn: Notification; readonly received: number } {
  return n.state === 'active' ? { ntfn: idleNotification(), received: n.word } : { ntfn: n, received: 0 };
}

/**
 * The notification invariant: Idle ⇔ no word and no waiters; Waiting ⇒ a non-empty queue of
 * distinct threads and word 0; Active ⇒ word ≠ 0 and no waiters.
 *
 * @example
 * notificationOk({ state: 'waiting', queue: [], word: 0 }); // false
 */
export function notificationOk(n: Notification): boolean {
  switch (n.state) {
    case 'idle':
      return n.word === 0 && n.queue.length === 0;
    case 'waiting':
      return n.queue.length > 0 && distinct(n.queue) && n.word === 0;
    case 'active':
      return n.word !== 0 && n.queue.length === 0;
  }
}
