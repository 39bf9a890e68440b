/**
 * Ghost state for reply correctness: the kernel model records each call (the caller's request,
 * and which thread received it) and each reply it delivers. Ghost state is never read by the
 * kernel's own logic; only properties read it.
 */
import { int, optional, record, type Infer } from '../core/shape/index.js';
import { perThread, threadId } from '../core/shape/roles.js';

/**
 * The shape of the ghost call records for `threads` threads and request values 0..values-1.
 *
 * @example
 * const shape = callGhostShape(3, 2);
 */
export function callGhostShape(threads: number, values: number) {
  return record({
    /** Per thread (index id − 1): its outstanding call, with the thread that received it (0 until received). */
    pending: perThread(threads, optional(record({ request: int(0, values - 1), server: threadId(threads) }))),
    /** The reply the last step delivered: to whom, from whom, with what value; null when it delivered none. */
    delivered: optional(record({ to: threadId(threads, 1), from: threadId(threads, 1), value: int(0, values - 1) })),
  });
}

/**
 * The ghost call records.
 *
 * @example
 * const g: CallGhost = initialCallGhost(2);
 */
export type CallGhost = Infer<ReturnType<typeof callGhostShape>>;

/**
 * No call outstanding, no reply delivered.
 *
 * @example
 * initialCallGhost(2); // { pending: [null, null], delivered: null }
 */
export function initialCallGhost(threads: number): CallGhost {
  return { pending: Array.from({ length: threads }, () => null), delivered: null };
}

/**
 * The records at the start of a step: the previous step's delivery is forgotten.
 *
 * @example
 * const g2 = ghostStep(g); // g2.delivered === null
 */
export function ghostStep(g: CallGhost): CallGhost {
  return g.delivered === null ? g : { pending: g.pending, delivered: null };
}

/**
 * `caller` calls with `request`: its call is outstanding, received by nobody yet.
 *
 * @example
 * ghostCall(g, 1, 0).pending[0]; // { request: 0, server: 0 }
 */
export function ghostCall(g: CallGhost, caller: number, request: number): CallGhost {
  const pending = g.pending.slice();
  pending[caller - 1] = { request, server: 0 };
  return { pending, delivered: g.delivered };
}

/**
 * `server` received `caller`'s request.
 *
 * @example
 * ghostReceived(ghostCall(g, 1, 0), 1, 3).pending[0]; // { request: 0, server: 3 }
 */
export function ghostReceived(g: CallGhost, caller: number, server: number): CallGhost {
  const call = g.pending[caller - 1];
  if (call === null) return g;
  const pending = g.pending.slice();
  pending[caller - 1] = { request: call.request, server };
  return { pending, delivered: g.delivered };
}

/**
 * The kernel delivered a reply `value` from `from` to `to`: recorded as this step's delivery, and
 * `to`'s call is answered.
 *
 * @example
 * ghostReply(g, 1, 3, 1).delivered; // { to: 1, from: 3, value: 1 }
 */
export function ghostReply(g: CallGhost, to: number, from: number, value: number): CallGhost {
  const pending = g.pending.slice();
  pending[to - 1] = null;
  return { pending, delivered: { to, from, value } };
}
