/**
 * The steps every one-processor protocol model shares, for a state holding the hardware
 * (`hw`) and the scheduler (`sched`): the kernel's return to user mode, which loads the current
 * thread's page table (thread `t` runs in component `t - 1`), and a timer interrupt, offered
 * after the running thread's own steps.
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

/**
 * The running thread's steps `mine`, and a timer interrupt after them when another thread could
 * run (the action order every model with a timer uses).
 *
 * @example
 * return withPreempt(st, runnable(st), mine);
 */
export function withPreempt<A>(st: { readonly sched: Scheduler }, runnable: (t: number) => boolean, mine: A[]): (A | { readonly kind: 'Preempt' })[] {
  return st.sched.ready.some(runnable) ? [...mine, { kind: 'Preempt' }] : mine;
}
