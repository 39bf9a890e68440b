import type { Hw } from '../cpu.js';
import type { Always, Step } from '../../../properties/property.js';
import { isolation } from './isolation.js';
import { kernelMediated } from './kernelMediated.js';
import { privilege } from './privilege.js';

/**
 * The hardware model's three properties for a model whose state holds the hardware and names the
 * running component: {@link isolation}, {@link privilege} and {@link kernelMediated}, to spread
 * into a model's property list.
 *
 * @example
 * properties: [...machineProperties((s: State) => s.hw, (s: State) => s.sched.current), deadlockFree()]
 */
export function machineProperties<S, A>(hwOf: (s: S) => Hw, runningOf: (s: S) => number): [Always<S>, Step<S, A>, Step<S, A>] {
  return [isolation(hwOf), privilege<S, A>(hwOf), kernelMediated<S, A>(hwOf, runningOf)];
}

/**
 * What {@link machineProperties} give on a model whose kernel keeps the machine's rules: the
 * expected verdicts to spread into a registry run.
 *
 * @example
 * expect: { ...MACHINE_HOLDS, 'deadlock free': 'holds' }
 */
export const MACHINE_HOLDS = { isolation: 'holds', privilege: 'holds', 'kernel-mediated transfer': 'holds' } as const;
