/**
 * The kernel paths of seL4-style synchronous IPC over endpoints, as one reusable piece: a
 * protocol model keeps a {@link Sel4Kernel} in its state and calls {@link sel4Syscall} for each
 * system call its threads make; the hardware side (the trap, the return to user mode) stays with
 * the model. Semantics of seL4 non-MCS (spec card M3): an endpoint is Idle or a FIFO of senders
 * or of receivers; a Call handed to a receiver puts the caller in the receiver's reply slot and
 * leaves it BlockedOnReply; Recv first empties the receiver's reply slot; Reply never blocks and
 * does nothing on an empty slot; a message is the first message register, copied by the kernel.
 * The scheduler switches directly to the partner a blocking call wakes.
 *
 * The options select the seeded kernel mutants of card M3, so that a model can show what each
 * breaks: Reply to any waiting thread (F2), a dequeued Call made ready as if it had sent (F6), a
 * capability without Grant (F5).
 */
import { array, record, type Infer } from '../core/shape/index.js';
import { replaceAt } from '../core/replaceAt.js';
import { block, endpointShape, IDLE_ENDPOINT, takeHead, type Endpoint } from './endpoint.js';
import { callGhostShape, ghostCall, ghostReceived, ghostReply, ghostStep, initialCallGhost, type CallGhost } from './ghostCalls.js';
import { messageRegistersShape } from './messageRegisters.js';
import { replySlotsShape, setReplySlot } from './replySlot.js';
import { makeReady, preempt, scheduleNext, schedulerShape, switchTo, type Scheduler } from './scheduler.js';
import { RUNNING, tcbShape, type Tcb } from './tcb.js';

/**
 * The shape of the kernel's state for `threads` threads, `endpoints` endpoints and message values
 * 0..values-1: scheduler, TCBs, one message register per thread, reply slots, endpoints and the
 * ghost call records.
 *
 * @example
 * const shape = record({ hw: hwShape(hwCfg), kernel: sel4KernelShape(3, 1, 2), pc: array(3, oneOf('call', 'done')) });
 */
export function sel4KernelShape(threads: number, endpoints: number, values: number) {
  return record({
    sched: schedulerShape(threads),
    tcb: array(threads, tcbShape(endpoints)),
    /** One message register per thread (its IPC buffer). */
    mr: messageRegistersShape(threads, values),
    /** Per thread, its reply (caller) slot: the caller it may answer, 0 when empty. */
    slot: replySlotsShape(threads),
    eps: array(endpoints, endpointShape(threads)),
    ghost: callGhostShape(threads, values),
  });
}

/**
 * The kernel's state.
 *
 * @example
 * const k: Sel4Kernel = initialSel4Kernel(3, 1);
 */
export type Sel4Kernel = Infer<ReturnType<typeof sel4KernelShape>>;

/**
 * At boot: every thread runnable, thread 1 current and the others queued in order, endpoints
 * idle, registers and slots empty, no call recorded.
 *
 * @example
 * initialSel4Kernel(3, 1).sched; // { current: 1, ready: [2, 3] }
 */
export function initialSel4Kernel(threads: number, endpoints: number): Sel4Kernel {
  return {
    sched: { current: 1, ready: Array.from({ length: threads - 1 }, (_, i) => i + 2) },
    tcb: Array.from({ length: threads }, () => RUNNING),
    mr: Array.from({ length: threads }, () => 0),
    slot: Array.from({ length: threads }, () => 0),
    eps: Array.from({ length: endpoints }, () => IDLE_ENDPOINT),
    ghost: initialCallGhost(threads),
  };
}

/**
 * A system call of the IPC family, on endpoint `ep` (1-based) where it takes one. `Fault` is the
 * kernel's own Call on behalf of a faulting thread, to its fault endpoint.
 *
 * @example
 * const c: Sel4Syscall = { kind: 'Call', ep: 1 };
 */
export type Sel4Syscall =
  | { readonly kind: 'Send' | 'NBSend' | 'Call' | 'Recv' | 'ReplyRecv' | 'Fault'; readonly ep: number }
  | { readonly kind: 'Reply' | 'Exit' };

/**
 * The kernel variants: strict or lazy scheduling, and the seeded mutants of card M3.
 *
 * @example
 * const opts: Sel4KernelOptions = { lazy: true, replyTo: 'anyWaiter' };
 */
export interface Sel4KernelOptions {
  readonly lazy?: boolean;
  /** Whom Reply answers: the reply slot's caller (seL4), or the lowest-numbered thread BlockedOnReply (mutant F2). */
  readonly replyTo?: 'callerSlot' | 'anyWaiter';
  /** What a Call sender taken from an endpoint queue becomes: BlockedOnReply (seL4), or ready as if it had sent (mutant F6). */
  readonly dequeuedCall?: 'awaitsReply' | 'asSend';
  /** Whether thread `t`'s endpoint capability has Grant (or GrantReply); without it a received Call leaves the caller Inactive (F5). */
  readonly canGrant?: (t: number) => boolean;
}

/**
 * Whether thread `t` is runnable in `k`.
 *
 * @example
 * runnableIn(initialSel4Kernel(2, 1))(2); // true
 */
export function runnableIn(k: { readonly tcb: readonly Tcb[] }): (t: number) => boolean {
  return (t) => k.tcb[t - 1].state === 'running';
}

const BLOCKED_ON_REPLY: Tcb = { state: 'blockedOnReply', on: 0, isCall: false };
const INACTIVE: Tcb = { state: 'inactive', on: 0, isCall: false };
const DONE: Tcb = { state: 'done', on: 0, isCall: false };
const blockedOn = (state: 'blockedOnSend' | 'blockedOnReceive', ep: number, isCall = false): Tcb => ({ state, on: ep, isCall });

/** A working copy of the kernel during one system call. */
interface Work {
  sched: Scheduler;
  tcb: Tcb[];
  mr: number[];
  slot: number[];
  eps: Endpoint[];
  ghost: CallGhost;
  /** A thread this call unblocked: the direct-switch target if the caller blocks. */
  woken: number;
}

/**
 * Hands sender `s`'s message to receiver `r` (a rendezvous), as a Call when `isCall`; `dequeued`
 * when `s` was waiting in the endpoint's queue rather than making the system call now.
 */
function transfer(w: Work, s: number, r: number, isCall: boolean, dequeued: boolean, opts: Sel4KernelOptions): void {
  w.mr[r - 1] = w.mr[s - 1];
  if (!isCall) {
    w.tcb[s - 1] = RUNNING;
    w.sched = makeReady(w.sched, s);
    return;
  }
  w.ghost = ghostReceived(w.ghost, s, r);
  if (opts.dequeuedCall === 'asSend' && dequeued) {
    w.tcb[s - 1] = RUNNING;
    w.sched = makeReady(w.sched, s);
    w.woken = s;
  } else if (opts.canGrant?.(s) ?? true) {
    w.slot = setReplySlot(w.slot, r, s);
    w.tcb[s - 1] = BLOCKED_ON_REPLY;
  } else {
    w.tcb[s - 1] = INACTIVE;
  }
}

/** The send phase of Send, NBSend and Call by `t` on `ep`. Returns whether `t` blocked. */
function sendPhase(w: Work, t: number, ep: number, how: 'send' | 'nbsend' | 'call', opts: Sel4KernelOptions): boolean {
  const e = w.eps[ep - 1];
  if (how === 'call') w.ghost = ghostCall(w.ghost, t, w.mr[t - 1]);
  if (e.state === 'recv') {
    const { head: r, ep: rest } = takeHead(e);
    w.eps[ep - 1] = rest;
    transfer(w, t, r, how === 'call', false, opts);
    w.tcb[r - 1] = RUNNING;
    w.woken = r;
    return how === 'call';
  }
  if (how === 'nbsend') return false; // no receiver: the message is silently dropped
  w.eps[ep - 1] = block(e, t, 'send');
  w.tcb[t - 1] = blockedOn('blockedOnSend', ep, how === 'call');
  return true;
}

/** The receive phase of Recv and ReplyRecv by `t` on `ep`. Returns whether `t` blocked. */
function recvPhase(w: Work, t: number, ep: number, opts: Sel4KernelOptions): boolean {
  w.slot = setReplySlot(w.slot, t, 0); // deleteCallerCap
  const e = w.eps[ep - 1];
  if (e.state === 'send') {
    const { head: s, ep: rest } = takeHead(e);
    w.eps[ep - 1] = rest;
    transfer(w, s, t, w.tcb[s - 1].isCall, true, opts);
    return false;
  }
  w.eps[ep - 1] = block(e, t, 'recv');
  w.tcb[t - 1] = blockedOn('blockedOnReceive', ep);
  return true;
}

/** Reply by `t` with its message register: to its slot's caller (or, under `anyWaiter`, to any thread BlockedOnReply). */
function replyPhase(w: Work, t: number, opts: Sel4KernelOptions): void {
  const c = opts.replyTo === 'anyWaiter' ? w.tcb.findIndex((x) => x.state === 'blockedOnReply') + 1 : w.slot[t - 1];
  if (c === 0 || w.tcb[c - 1].state !== 'blockedOnReply') return; // an empty slot: nothing happens
  w.slot = setReplySlot(w.slot, t, 0);
  const value = w.mr[t - 1];
  w.mr[c - 1] = value;
  w.ghost = ghostReply(w.ghost, c, t, value);
  w.tcb[c - 1] = RUNNING;
  w.sched = makeReady(w.sched, c);
  w.woken = c;
}

/**
 * The kernel after thread `t` (the current one) makes system call `call`. The next thread is
 * chosen: if `t` blocked, the partner it woke runs at once (direct switch) or else the first
 * runnable queued thread; otherwise `t` goes on and a woken partner is queued.
 *
 * @example
 * const k1 = sel4Syscall(initialSel4Kernel(2, 1), 1, { kind: 'Call', ep: 1 }, {});
 * k1.tcb[0].state; // 'blockedOnSend': nobody receives yet
 * k1.sched.current; // 2
 */
export function sel4Syscall(k: Sel4Kernel, t: number, call: Sel4Syscall, opts: Sel4KernelOptions = {}): Sel4Kernel {
  const w: Work = { sched: k.sched, tcb: k.tcb.slice(), mr: k.mr.slice(), slot: k.slot.slice(), eps: k.eps.slice(), ghost: ghostStep(k.ghost), woken: 0 };
  let blocked: boolean;
  switch (call.kind) {
    case 'Call':
    case 'Fault':
      blocked = sendPhase(w, t, call.ep, 'call', opts);
      break;
    case 'Send':
      blocked = sendPhase(w, t, call.ep, 'send', opts);
      break;
    case 'NBSend':
      blocked = sendPhase(w, t, call.ep, 'nbsend', opts);
      break;
    case 'Recv':
      blocked = recvPhase(w, t, call.ep, opts);
      break;
    case 'Reply':
      replyPhase(w, t, opts);
      blocked = false;
      break;
    case 'ReplyRecv':
      replyPhase(w, t, opts);
      blocked = recvPhase(w, t, call.ep, opts);
      break;
    case 'Exit':
      w.tcb[t - 1] = DONE;
      blocked = true;
      break;
  }
  const runnable = runnableIn(w);
  let sched = w.sched;
  if (blocked) sched = w.woken !== 0 && runnable(w.woken) ? switchTo(sched, w.woken, opts.lazy ?? false) : scheduleNext(dropCurrent(sched, opts.lazy ?? false), runnable);
  else if (w.woken !== 0 && runnable(w.woken)) sched = makeReady(sched, w.woken);
  return { sched, tcb: w.tcb, mr: w.mr, slot: w.slot, eps: w.eps, ghost: w.ghost };
}

/** The scheduler once the current thread stopped: under lazy scheduling it stays queued (as if queued while it ran). */
function dropCurrent(s: Scheduler, lazy: boolean): Scheduler {
  return lazy && s.current !== 0 && !s.ready.includes(s.current) ? { current: 0, ready: [...s.ready, s.current] } : { current: 0, ready: s.ready };
}

/**
 * A timer interrupt: the current thread goes to the back of the queue and the first runnable
 * queued thread runs. The previous step's ghost delivery is forgotten.
 *
 * @example
 * sel4Preempt(initialSel4Kernel(2, 1)).sched; // { current: 2, ready: [1] }
 */
export function sel4Preempt(k: Sel4Kernel): Sel4Kernel {
  return { ...k, sched: preempt(k.sched, runnableIn(k)), ghost: ghostStep(k.ghost) };
}

/**
 * The kernel after a user step of the running thread that wrote `value` into its message register
 * (or left it when `value` is undefined): only the ghost delivery of the previous step is forgotten.
 *
 * @example
 * sel4UserStep(initialSel4Kernel(2, 1), 1, 1).mr; // [1, 0]
 */
export function sel4UserStep(k: Sel4Kernel, t: number, value?: number): Sel4Kernel {
  const ghost = ghostStep(k.ghost);
  if (value === undefined) return ghost === k.ghost ? k : { ...k, ghost };
  return { ...k, mr: replaceAt(k.mr, t - 1, value), ghost };
}
