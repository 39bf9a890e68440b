import type { Always } from './property.js';

/**
 * An invariant, checked when a state is first seen.
 *
 * @example
 * always('big jug never holds 4', (s: Jugs) => s.big !== 4);
 */
export function always<S>(name: string, holds: (s: S) => boolean): Always<S> {
  return { kind: 'always', name, holds };
}
