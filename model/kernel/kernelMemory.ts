/**
 * Kernel-memory accounting: the number of dynamically created kernel objects (queued messages,
 * continuations, call-stack entries) alive in a state. Synchronous IPC creates none; the
 * asynchronous designs allocate per message, and the `bounded` property over this count is what
 * tells a bounded design from an unbounded one.
 */
import { int } from '../core/shape/index.js';

/**
 * The shape of the count; `max` is only how far the state may go before it leaves its shape, set
 * above the bound the property checks so that growth is reported by the property, not as a
 * shape violation.
 *
 * @example
 * const shape = kernelMemoryShape(8); // int(0, 8)
 */
export function kernelMemoryShape(max: number) {
  return int(0, max);
}

/**
 * The count after creating `n` objects.
 *
 * @example
 * allocate(2); // 3
 */
export function allocate(objects: number, n = 1): number {
  return objects + n;
}

/**
 * The count after freeing `n` objects; freeing more than exist is a kernel bug and throws.
 *
 * @example
 * release(3); // 2
 */
export function release(objects: number, n = 1): number {
  if (n > objects) throw new Error(`kernel memory: freeing ${n} objects of ${objects}`);
  return objects - n;
}
