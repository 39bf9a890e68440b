/**
 * The two steps every one-processor protocol model shares, for a state holding the hardware
 * (`hw`) and the scheduler (`sched`): the kernel's return to user mode, which loads the current
 * thread's page table (thread `t` runs in component `t - 1`), and a timer interrupt.
 */
import { returnToUser, trap, type Hw } from '../hw/cpu.js';
import { preempt, type Scheduler } from './scheduler.js';

/**
 * The state after the kernel returns to user mode running the current thread.
 *
 * @example
 * case 'Return': return returnStep(st);
 */
export function returnStep<S extends { readonly hw: Hw; readonly sched: Scheduler }>(st: S): S {
  return { ...st, hw: returnToUser(st.hw, st.sched.current - 1) };
}

/**
 * The state after a timer interrupt: kernel mode, the current thread queued behind the others and
 * the first runnable one chosen.
 *
 * @example
 * case 'Preempt': return preemptStep(st, runnable(st));
 */
export function preemptStep<S extends { readonly hw: Hw; readonly sched: Scheduler }>(st: S, runnable: (t: number) => boolean): S {
  return { ...st, hw: trap(st.hw), sched: preempt(st.sched, runnable) };
}
