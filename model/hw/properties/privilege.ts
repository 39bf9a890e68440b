import type { Hw } from '../cpu.js';
import type { Step } from '../../../properties/property.js';
import { step } from '../../../properties/step.js';

/**
 * Privilege: the page-table register changes only in kernel mode. A step that changes it must
 * start in the kernel; a user-mode write traps (`writePtbr`) and leaves it as it was.
 *
 * @example
 * privilege((s: State) => s.hw); // named "privilege"
 */
export function privilege<S, A>(hwOf: (s: S) => Hw, name = 'privilege'): Step<S, A> {
  return step(name, (s: S, _a: A, t: S) => hwOf(s).ptbr === hwOf(t).ptbr || hwOf(s).mode === 'kernel');
}
