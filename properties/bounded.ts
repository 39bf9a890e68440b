import type { Bounded } from './property.js';

/**
 * A bound on a measure such as kernel memory. When it is exceeded, the checker looks on the
 * shortest trace for a segment that, repeated, stays enabled and grows the measure every round,
 * and reports it as a growth witness (the measure is unbounded); otherwise the bound exceeded.
 *
 * @example
 * bounded('kernel memory ≤ 4 messages', (s: State) => s.queue.length, 4, 'kernel message');
 */
export function bounded<S>(name: string, measure: (s: S) => number, max: number, unit = 'unit'): Bounded<S> {
  if (!Number.isFinite(max)) throw new RangeError(`bounded('${name}'): max must be a finite number`);
  return { kind: 'bounded', name, measure, max, unit };
}
