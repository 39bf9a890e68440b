import type { Sometimes } from './property.js';

/**
 * A reachability witness: the checker reports the shortest trace to a state satisfying `holds`,
 * and an unwitnessed `sometimes` is a failure, which catches vacuous models.
 *
 * @example
 * sometimes('a call completes', (s: L4State) => s.completed > 0);
 */
export function sometimes<S>(name: string, holds: (s: S) => boolean): Sometimes<S> {
  return { kind: 'sometimes', name, holds };
}
