/**
 * A one-processor scheduler: the current thread and a FIFO run queue of ready threads. Thread
 * ids are 1-based; 0 means no thread (the processor idles).
 *
 * IPC switches directly: when a call hands its message to a waiting server, the server runs at
 * once and the caller blocks, with no trip through the run queue (L4's and seL4's fast path).
 * With lazy scheduling (L4's optimisation), a thread that blocks stays in the run queue and is
 * dropped only when the scheduler reaches it; the checked invariant is then that every runnable
 * thread other than the current one is in the queue, not that every queued thread is runnable.
 */
import { queue, record, type Infer } from '../core/shape/index.js';
import { dequeue, distinct, enqueue, without } from './fifo.js';
import { threadId } from '../core/shape/roles.js';

/**
 * The scheduler's shape for `threads` threads.
 *
 * @example
 * const shape = schedulerShape(3); // { current: 0..3, ready: queue of 1..3 }
 */
export function schedulerShape(threads: number) {
  return record({ current: threadId(threads), ready: queue(threads, threadId(threads, 1)) });
}

/**
 * The scheduler's state.
 *
 * @example
 * const s: Scheduler = { current: 1, ready: [2] };
 */
export type Scheduler = Infer<ReturnType<typeof schedulerShape>>;

/**
 * Makes `t` ready: queued at the tail unless it is current or already queued.
 *
 * @example
 * makeReady({ current: 1, ready: [] }, 2); // { current: 1, ready: [2] }
 */
export function makeReady(s: Scheduler, t: number): Scheduler {
  if (t === s.current || s.ready.includes(t)) return s;
  return { current: s.current, ready: enqueue(s.ready, t) };
}

/**
 * Direct switch: the current thread blocked in IPC and `t`, its partner, runs now without a trip
 * through the queue. Strict scheduling leaves the blocked thread out of the queue; lazy
 * scheduling leaves it queued (as if it had been queued while it ran) for `scheduleNext` to drop
 * when it gets there.
 *
 * @example
 * switchTo({ current: 1, ready: [3] }, 2, false); // { current: 2, ready: [3] }
 * switchTo({ current: 1, ready: [3] }, 2, true);  // { current: 2, ready: [3, 1] }
 */
export function switchTo(s: Scheduler, t: number, lazy: boolean): Scheduler {
  const ready = without(s.ready, t);
  if (!lazy || s.current === 0 || s.current === t || ready.includes(s.current)) return { current: t, ready };
  return { current: t, ready: enqueue(ready, s.current) };
}

/**
 * The current thread stops running (it blocked or ended): the first queued thread for which
 * `runnable` holds runs next, or none. Threads skipped on the way are dropped from the queue
 * (they were blocked: lazy scheduling's deferred dequeue).
 *
 * @example
 * scheduleNext({ current: 1, ready: [2, 3] }, (t) => t === 3); // { current: 3, ready: [] }
 */
export function scheduleNext(s: Scheduler, runnable: (t: number) => boolean): Scheduler {
  let ready = s.ready;
  while (ready.length > 0) {
    const head = ready[0];
    ready = dequeue(ready);
    if (runnable(head)) return { current: head, ready };
  }
  return { current: 0, ready };
}

/**
 * A timer interrupt preempts the current thread: it goes to the tail of the queue and the first
 * runnable queued thread runs (the current one again if no other is runnable).
 *
 * @example
 * preempt({ current: 1, ready: [2] }, () => true); // { current: 2, ready: [1] }
 */
export function preempt(s: Scheduler, runnable: (t: number) => boolean): Scheduler {
  const queued = s.current === 0 ? s : { current: 0, ready: enqueue(without(s.ready, s.current), s.current) };
  return scheduleNext(queued, runnable);
}

/**
 * The run-queue invariant for `threads` threads: the queue holds distinct threads, never the
 * current one, and every runnable thread other than the current one is queued. Without lazy
 * scheduling, every queued thread must also be runnable.
 *
 * @example
 * runQueueOk({ current: 1, ready: [2] }, 3, (t) => t !== 3, false); // true
 */
export function runQueueOk(s: Scheduler, threads: number, runnable: (t: number) => boolean, lazy: boolean): boolean {
  if (!distinct(s.ready) || s.ready.includes(s.current)) return false;
  for (let t = 1; t <= threads; t++) if (t !== s.current && runnable(t) && !s.ready.includes(t)) return false;
  if (!lazy) for (const t of s.ready) if (!runnable(t)) return false;
  return true;
}
