import type { Hw } from '../cpu.js';
import type { Step } from '../../../properties/property.js';
import { step } from '../../../properties/step.js';

/**
 * Kernel-mediated transfer: the running component changes only through a kernel path. A step that
 * changes it must end in kernel mode: it either started there or trapped into it (a system call
 * that switches threads); control never passes from one component to another in user mode.
 *
 * @example
 * kernelMediated((s: State) => s.hw, (s: State) => componentOf(s.current)); // named "kernel-mediated transfer"
 */
export function kernelMediated<S, A>(hwOf: (s: S) => Hw, runningOf: (s: S) => number, name = 'kernel-mediated transfer'): Step<S, A> {
  return step(name, (s: S, _a: A, t: S) => runningOf(s) === runningOf(t) || hwOf(t).mode === 'kernel');
}
