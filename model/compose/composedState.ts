/**
 * The state and the actions of a composed model (design × workload): kept apart from
 * `compose.ts`, which builds the model, so that what reads them (the symmetry beside it) does not
 * import the builder.
 */
import type { Scheduler } from '../kernel/scheduler.js';
import type { KernelState } from '../designs/design.js';
import type { CallGhost } from '../kernel/ghostCalls.js';
import type { Hw } from '../hw/cpu.js';
import type { Operation } from '../workloads/program.js';

/**
 * A thread's program position as the state keeps it: the instruction label, the message register
 * and the loop counters.
 *
 * @example
 * const p: ThreadPosition = { at: '1: rpc svc', msg: 0, loops: [] };
 */
export interface ThreadPosition {
  readonly at: string;
  readonly msg: number;
  readonly loops: readonly number[];
}

/**
 * A state of a composed model: the threads' program positions first (traces show them first),
 * then the scheduler, the design's kernel, user-level locks, the ghost call records and the
 * hardware.
 *
 * @example
 * const s: ComposedState = model.init()[0];
 * s.threads['client 1'].at; // '0: prepare'
 */
export interface ComposedState {
  readonly threads: Readonly<Record<string, ThreadPosition>>;
  readonly sched: Scheduler;
  readonly kernel: KernelState<unknown, unknown>;
  readonly locks: readonly number[];
  /** Per thread (when the workload has locks): whether it tried a held lock and waits for it. */
  readonly lockWaiting: readonly boolean[];
  /** The workload's shared counters (user memory). */
  readonly shared: readonly number[];
  readonly ghost: CallGhost;
  readonly hw: Hw;
}

/**
 * A step of a composed model: an operation of the running thread (its `kind` is the operation,
 * `at` the instruction, `v` the value a `prepare` writes), the kernel's return to user mode, a
 * timer interrupt, or a timeout the environment lets expire.
 *
 * @example
 * const a: ComposedAction = { kind: 'rpc', t: 1, at: 1 };
 */
export type ComposedAction =
  | { readonly kind: Operation['op']; readonly t: number; readonly at: number; readonly v?: number; /** Which of several ways to reach `at` (a choice inside a bounded loop); absent for the first. */ readonly route?: number }
  | { readonly kind: 'Return' }
  | { readonly kind: 'Preempt' }
  | { readonly kind: 'Timeout'; readonly t: number };
