/**
 * Message registers: the few words of constrained data movement (seL4's MRs, Fiasco's UTCB). They
 * live in per-thread structures the kernel can always reach, so copying them never faults: this
 * is what separates constrained movement from L4's long IPC.
 */
import { array, int } from '../core/shape/index.js';

/**
 * The shape of `count` message registers holding values 0..values-1.
 *
 * @example
 * const shape = messageRegistersShape(1, 2); // [0..1]
 */
export function messageRegistersShape(count: number, values: number) {
  return array(count, int(0, values - 1));
}

/**
 * The receiver's registers after a transfer of the sender's first `length` registers (the rest
 * keep their values, as in seL4, which copies only the message's length).
 *
 * @example
 * transferRegisters([1, 1], [0, 0], 1); // [1, 0]
 */
export function transferRegisters(sender: readonly number[], receiver: readonly number[], length: number): number[] {
  const out = receiver.slice();
  for (let i = 0; i < length && i < out.length; i++) out[i] = sender[i];
  return out;
}
