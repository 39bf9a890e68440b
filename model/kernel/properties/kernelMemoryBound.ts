import { bounded } from '../../../properties/bounded.js';
import type { Bounded } from '../../../properties/property.js';

/**
 * Kernel memory stays bounded (KM(K)): the dynamically created kernel objects the kernel model
 * counts stay at most `max`. A complete search reports the largest count reached; an exceeded
 * bound comes with a growth witness when a repeatable segment grows it.
 *
 * @example
 * kernelMemoryBound((s: State) => s.kernelObjects, 0);   // synchronous IPC allocates nothing
 * kernelMemoryBound((s: State) => s.queue.length, 5, 'kernel message');
 */
export function kernelMemoryBound<S>(objectsOf: (s: S) => number, max: number, unit = 'kernel object', name = `kernel memory ≤ ${max}`): Bounded<S> {
  return bounded(name, objectsOf, max, unit);
}
