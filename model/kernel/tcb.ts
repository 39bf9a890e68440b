/**
 * Thread control blocks of the synchronous kernels: a thread's IPC state and what it waits on.
 * The states are seL4's names for what L4 and Fiasco also have: a sender polling (waiting to
 * send) is `blockedOnSend`, a receiver waiting is `blockedOnReceive`, a caller waiting for its
 * reply is `blockedOnReply`. `running` means runnable (current or ready); `inactive` is a thread
 * the kernel stopped (seL4's Inactive); `done` is a thread whose program ended, a valid end.
 */
import { bool, int, oneOf, record, type Infer } from '../core/shape/index.js';

/**
 * The thread states, in the order the shape encodes them.
 *
 * @example
 * THREAD_STATES.includes('blockedOnReply'); // true
 */
export const THREAD_STATES = ['running', 'blockedOnSend', 'blockedOnReceive', 'blockedOnReply', 'inactive', 'done'] as const;

/**
 * One thread state.
 *
 * @example
 * const st: ThreadState = 'blockedOnSend';
 */
export type ThreadState = (typeof THREAD_STATES)[number];

/**
 * The shape of a TCB; `on` names an endpoint (seL4) or a partner thread (L4), up to `targets`.
 *
 * @example
 * const shape = tcbShape(3); // { state, on: 0..3, isCall }
 */
export function tcbShape(targets: number) {
  return record({
    state: oneOf(...THREAD_STATES),
    /** blockedOnSend / blockedOnReceive: the endpoint or partner waited on (1-based); 0 for any or none. */
    on: int(0, targets),
    /** blockedOnSend: whether the send is the first half of a Call (the sender then waits for a reply). */
    isCall: bool(),
  });
}

/**
 * A thread control block.
 *
 * @example
 * const t: Tcb = { state: 'blockedOnReceive', on: 1, isCall: false };
 */
export type Tcb = Infer<ReturnType<typeof tcbShape>>;

/**
 * A runnable thread.
 *
 * @example
 * const t: Tcb = RUNNING;
 */
export const RUNNING: Tcb = { state: 'running', on: 0, isCall: false };

/**
 * Whether a thread is blocked: waiting in IPC or stopped by the kernel. A thread whose program
 * ended (`done`) is not blocked, nor is a runnable one.
 *
 * @example
 * isBlocked({ state: 'blockedOnReply', on: 0, isCall: false }); // true
 * isBlocked(RUNNING);                                            // false
 */
export function isBlocked(t: Tcb): boolean {
  return t.state !== 'running' && t.state !== 'done';
}
