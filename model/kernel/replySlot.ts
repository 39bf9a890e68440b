/**
 * Reply slots: where a server's kernel keeps the right to answer its caller. seL4 (non-MCS) puts
 * `Reply(caller)` in the receiver's caller slot; Fiasco keeps one implicit reply slot per callee.
 * Either way: one slot per server thread, holding the caller's id or 0 when empty; receiving
 * again deletes it (seL4's `deleteCallerCap`), replying uses it up.
 */
import { perThread, threadId } from '../core/shape/roles.js';

/**
 * The shape of one reply slot per thread, for `threads` threads.
 *
 * @example
 * const shape = replySlotsShape(3); // [0..3, 0..3, 0..3]
 */
export function replySlotsShape(threads: number) {
  return perThread(threads, threadId(threads));
}

/**
 * `slots` with thread `owner`'s slot set to `caller` (0 empties it).
 *
 * @example
 * setReplySlot([0, 0, 0], 3, 1); // [0, 0, 1]: thread 3 may answer thread 1
 */
export function setReplySlot(slots: readonly number[], owner: number, caller: number): number[] {
  const out = slots.slice();
  out[owner - 1] = caller;
  return out;
}
