/**
 * M6: Fiasco IPC: synchronous IPC through IPC gates, with timeout pairs, an implicit reply slot
 * and a preemptible two-phase kernel path (spec card M6 in `../shared/IPC-MODELS.md`, "as M1,
 * with IPC gates and open or closed receive").
 *
 * Sources: kernkonzept/fiasco@245fce5 `src/kern/thread-ipc.cpp` (`do_ipc`, `check_sender`,
 * `do_send_wait`, `goto_sleep`, `transfer_msg`, `reset_caller`), `src/kern/thread_object.cpp`
 * (`Obj_cap::deref` of a reply: take the caller and reset the slot), `src/kern/syscalls.cpp`
 * (a null object gives `L4_error::Not_existent`), `src/abi/l4_error.cpp`; ErikSchierboom/thesis
 * `source/thread-ipc.cpp` (the Fiasco IPC path the thesis verified: `try_handshake_receiver`,
 * `do_send_wait`, `abort_send`, `do_ipc`, `wake_receiver`, `Receiver::sender_ok`) and `pvs/fiasco_functions.pvs`,
 * `latex/thesis_model_verification_{lock,wakeup,assert}.tex`.
 *
 * The system: `clients` client threads each make `rounds` Calls with a request value in
 * 0..values-1 (written into the UTCB message register before the call). They call through an IPC
 * gate, modelled as the server thread the gate names. The server waits (an open receive), handles
 * the request and answers it with reply-and-wait: the reply goes through its implicit reply slot
 * and echoes the request, then the server waits again. A Call is `do_ipc` with a send to the
 * server and a closed receive from it, under the timeout pair `{snd, rcv}` of the configuration,
 * each `never`, `finite` (an `Expire` event may fire at any interruptible moment) or `zero`. The
 * server's receive never times out and its reply has a zero send timeout, as L4Re's server loop
 * uses. Every thread runs in its own component on one processor, through the hardware model: user
 * steps go through the MMU, every system call traps, returning to user mode loads the running
 * thread's page table, and a timer interrupt may preempt a user thread when another is ready.
 *
 * The kernel path is the two-phase `do_ipc` of the Fiasco the thesis verified, with its
 * preemption points (`Proc::preemption_point()`: interrupts are enabled for an instant, so a timer
 * may switch threads and a timeout may fire). Per thread, the explicit Fiasco state bits:
 * `Thread_ready`, `Thread_polling`, `Thread_send_in_progress`, `Thread_receiving`,
 * `Thread_ipc_in_progress`, `Thread_transfer_in_progress`, the IPC `partner`, the thread lock's
 * owner (`lockedBy`), the IPC timeout (off, set or hit) and where the thread's kernel path resumes
 * (`kpc`). Each receiver has its sender list.
 * - Send phase (`try_handshake_receiver`): if the receiver's thread lock is held, a preemption
 *   point, then `lock_dirty` (while another thread holds it, the waiter lends the processor to the
 *   owner). If `sender_ok` (the receiver is receiving, in IPC, and waits openly
 *   with this sender first or nobody queued, or closedly for this sender), the handshake succeeds
 *   at once. Otherwise `do_send_wait`: set `Thread_polling | Thread_send_in_progress |
 *   Thread_ipc_in_progress`, lock the receiver, preemption point (`sendWaitOk`); if `sender_ok`
 *   now holds, clear `Thread_polling` and return success (the fix); else join the receiver's
 *   sender list, preemption point (`sendWaitTimeout`); a zero send timeout aborts with
 *   `L4_error::Timeout` (`abort_send`: clear the IPC bits, leave the list, release the lock), a
 *   finite one sets the timeout; then loop: release the lock, preemption point (`sendWaitSleep`),
 *   sleep while polling, take the lock again (`sendWaitWoken`), leave on the handshake bit
 *   (`Thread_transfer_in_progress`, set by the receiver's `ipc_receiver_ready`) or abort on a
 *   timeout hit. On a successful handshake: the receiver's timeout is reset, the message register
 *   is copied (`transfer_msg`, which also fills the receiver's reply slot for a Call), the lock is
 *   released and the receiver woken (`wake_receiver`). The thread is then at `sent`: the end of
 *   the send phase, where interrupts stay disabled (the only step is its own continuation).
 * - Receive phase (`prepare_receive_dirty`, then the receive loop): take the first sender of the
 *   sender list that is still in IPC (`ipc_receiver_ready`: the receiver records it as partner and
 *   sets the sender's handshake bit and `Thread_ready`, and stops being ready itself), or switch
 *   directly to the partner just woken by the send phase, or sleep (`goto_sleep`: a zero receive
 *   timeout clears `Thread_ipc_in_progress` at once, a finite one sets the timeout). It ends with
 *   the message (the sender cleared the receive bits) or with `R_timeout`; a closed receive that
 *   ends on its partner still holding it as caller resets that reply slot (`reset_caller`).
 * - The thread lock is a helping lock (`Thread_lock::lock_dirty` makes the locker the locked
 *   thread's donatee; `Context::switch_exec_locked`: "Time-slice lending: if t is locked, switch to
 *   its locker instead"): with `helping` (the default) a thread locked by another never runs, the
 *   scheduler skips it and it is queued again when the lock is released. `helping: false` is the
 *   thesis' abstraction, whose preemption points let the receiver act whatever the lock.
 * - A reply dereferences the implicit reply slot and resets it (`Obj_cap::deref`, `reset_caller`),
 *   so any reply empties it; with the slot empty the system call fails with
 *   `L4_error::Not_existent` and skips its receive (the card calls this `R_no_reply_cap`; Fiasco
 *   has no such code). A timeout `Expire` clears `Thread_ipc_in_progress`, sets `Thread_ready` and
 *   marks the timeout hit. The run queue is lazy, as in Fiasco: a thread that switches directly to
 *   its partner stays ready and queued until it runs and goes to sleep.
 *
 * Abstractions: one server and one gate; one message register, copied by the kernel between UTCBs
 * it always reaches (no page faults in IPC, no string items, no map items); no cancellation,
 * `ex_regs`, kill or priorities; `abort_send` and the end of `do_send_wait` run without their
 * inner preemption points, and the receive path (`goto_sleep`, the stale-sender skip) has none;
 * one page per component. Thread ids: clients 1..C, the server C+1.
 *
 * Properties: the thesis' assertion that a thread is not polling after a successful handshake (at
 * `sent`); P1, after the send phase no thread lock remains on the receiver (at `sent` the
 * receiver is unlocked, and any thread lock is held by a thread inside its send phase); P2, in a
 * combined send and receive, if both threads are still in IPC after the send phase, the receiver
 * is `Thread_ready` (both in IPC: the sender keeps `Thread_ipc_in_progress` for its receive and the
 * receiver is still inside its IPC system call with the sender as partner; the thesis' `in_ipc`
 * reads bits that `wake_receiver` has just cleared, which would make P2 vacuous); the sender
 * lists (distinct, and every queued sender is polling towards that receiver); reply correctness (RC); the lazy run-queue invariant; kernel memory
 * (nothing is allocated on the IPC path: 0); isolation, privilege and kernel-mediated transfer
 * from the hardware model; deadlock freedom (every client done is the valid end); no thread stuck
 * forever (a server waiting after every client has finished is idle, not stuck); and the witness
 * that a call completes.
 *
 * Seeded bug (card M6's FAIL): `threadPollingRegression`, the pre-fix `do_send_wait`, which sets
 * `Thread_polling` and, when `sender_ok()` already holds after its first preemption point, returns
 * without clearing the bit. `sender_ok()` can turn true there only if the receiver starts its
 * receive during that preemption point, while the sender holds the receiver's thread lock. Under
 * the thesis' abstraction (`helping: false`) it does, and "not polling after a successful
 * handshake" fails (8 steps with two clients); the bit is cleared by `prepare_receive_dirty` before
 * anything reads it, so every other property holds. With helping the locked receiver cannot run,
 * and in this model (no kill, no cancel, one processor) the regression is latent: every property
 * holds.
 *
 * Also found under the thesis' abstraction with a zero send timeout: a receiver that starts the
 * handshake (`ipc_receiver_ready`) with a sender waiting at `do_send_wait`'s second preemption
 * point is left waiting for ever when that sender then aborts on its zero timeout, since
 * `abort_send` never tells the receiver: "no thread stuck forever" fails for the server. With
 * helping the sender holds the receiver's lock there, and it cannot happen.
 */
import { defineModel, type Model } from '../core/model.js';
import { replaceAt } from '../core/replaceAt.js';
import { array, bool, int, oneOf, record, type Infer } from '../core/shape/index.js';
import type { SequenceEvent } from '../core/sequence.js';
import { hwShape, initialHw, returnToUser, trap, userAccess } from '../hw/cpu.js';
import type { PageTable } from '../hw/pageTable.js';
import { dequeue, distinct } from '../kernel/fifo.js';
import { poll, senderQueuesShape, stopPolling } from '../kernel/senderQueues.js';
import { callGhostShape, ghostCall, ghostReceived, ghostReply, ghostStep, initialCallGhost, type CallGhost } from '../kernel/ghostCalls.js';
import { messageRegistersShape } from '../kernel/messageRegisters.js';
import { replySlotsShape, setReplySlot } from '../kernel/replySlot.js';
import { makeReady, preempt, runQueueOk, scheduleNext, schedulerShape, switchTo, type Scheduler } from '../kernel/scheduler.js';
import { isBlocked, type Tcb } from '../kernel/tcb.js';
import { always, deadlockFree, neverStuck, sometimes } from '../../properties/index.js';
import { machineProperties } from '../hw/properties/index.js';
import { kernelMemoryBound, replyCorrectness } from '../kernel/properties/index.js';
import { unreachable } from '../core/unreachable.js';

/**
 * The seeded bugs of {@link fiascoIpc}; `none` is the specification.
 *
 * @example
 * BUGS.includes('none'); // true
 */
export const BUGS = ['none', 'threadPollingRegression'] as const;

/**
 * A seeded bug of {@link fiascoIpc}, or `none`.
 *
 * @example
 * const bug: FiascoBug = 'threadPollingRegression';
 */
export type FiascoBug = (typeof BUGS)[number];

/**
 * The timeout values of {@link fiascoIpc}.
 *
 * @example
 * TIMEOUTS.includes('finite'); // true
 */
export const TIMEOUTS = ['never', 'finite', 'zero'] as const;

/**
 * An IPC timeout (`L4_timeout`): `never` blocks until the partner comes, `finite` may expire
 * (nondeterministically), `zero` gives up at once.
 *
 * @example
 * const snd: FiascoTimeout = 'zero';
 */
export type FiascoTimeout = (typeof TIMEOUTS)[number];

/**
 * Configuration of {@link fiascoIpc}.
 *
 * @example
 * const cfg: FiascoConfig = { clients: 2, rounds: 1, values: 2, snd: 'never', rcv: 'never', preemption: true, helping: true, bug: 'none' };
 */
export interface FiascoConfig {
  readonly clients: number;
  /** Calls each client makes. */
  readonly rounds: number;
  /** Request values 0..values-1; the answer echoes the request. */
  readonly values: number;
  /** The send timeout of the clients' Calls. */
  readonly snd: FiascoTimeout;
  /** The receive timeout of the clients' Calls (waiting for the reply). */
  readonly rcv: FiascoTimeout;
  /** Whether a timer interrupt may switch threads (in user mode and at the kernel's preemption points). */
  readonly preemption: boolean;
  /**
   * Fiasco's helping lock (time-slice lending): a thread whose thread lock another thread holds
   * cannot run; the scheduler runs its locker instead. `false` lets a locked thread run anyway, as
   * the preemption points of the thesis' PVS model do (and as a receiver on another processor would).
   */
  readonly helping: boolean;
  readonly bug: FiascoBug;
}

/** Where each thread's user program is. */
const PCS = ['prepare', 'call', 'exit', 'done', 'wait', 'handle', 'reply'] as const;
type Pc = (typeof PCS)[number];

const KPCS = ['none', 'handshakeLock', 'sendWaitOk', 'sendWaitTimeout', 'sendWaitSleep', 'sendWaitWoken', 'sent', 'receiveLoop'] as const;

/**
 * Where a thread's kernel path resumes: `none` outside an IPC path (or about to return to user
 * mode); `handshakeLock` at the preemption point before `lock_dirty` in `try_handshake_receiver`;
 * `sendWaitOk`, `sendWaitTimeout` and `sendWaitSleep` at the three preemption points of
 * `do_send_wait` (after locking, after joining the sender list, after releasing the lock in the
 * wait loop); `sendWaitWoken` after sleeping in that loop; `sent` at the end of the send phase;
 * `receiveLoop` in the receive loop after sleeping or switching to the partner.
 *
 * @example
 * const at: FiascoKpc = 'sendWaitOk';
 */
export type FiascoKpc = (typeof KPCS)[number];

/** Kernel program points at which interrupts are enabled for an instant (`Proc::preemption_point()`). */
const PREEMPTION_POINTS: ReadonlySet<FiascoKpc> = new Set(['handshakeLock', 'sendWaitOk', 'sendWaitTimeout', 'sendWaitSleep', 'sendWaitWoken']);
/** Kernel program points inside the send phase (`try_handshake_receiver` and `do_send_wait`). */
const SEND_PHASE: ReadonlySet<FiascoKpc> = PREEMPTION_POINTS;

const ERRORS = ['none', 'Timeout', 'R_timeout', 'Not_existent'] as const;
type IpcError = (typeof ERRORS)[number];

/**
 * A step of {@link fiascoIpc}: a user step of the running thread, a system call it makes, the
 * continuation of its kernel path (`Kernel`, at the program point where it stopped), a timer
 * interrupt, an IPC timeout firing, or the kernel's return to user mode. Thread ids are 1-based.
 *
 * @example
 * const a: FiascoAction = { kind: 'Kernel', t: 1, at: 'sendWaitOk' };
 */
export type FiascoAction =
  | { readonly kind: 'Prepare'; readonly t: number; readonly v: number }
  | { readonly kind: 'Handle'; readonly t: number }
  | { readonly kind: 'Call'; readonly t: number }
  | { readonly kind: 'Wait'; readonly t: number }
  | { readonly kind: 'ReplyWait'; readonly t: number }
  | { readonly kind: 'Exit'; readonly t: number }
  | { readonly kind: 'Kernel'; readonly t: number; readonly at: FiascoKpc }
  | { readonly kind: 'Preempt' }
  | { readonly kind: 'Expire'; readonly t: number }
  | { readonly kind: 'Return' };

/** One Fiasco TCB: the IPC state bits, partner, thread lock, timeout and kernel continuation. */
function fiascoThreadShape(threads: number) {
  return record({
    /** Thread_ready: runnable. */
    ready: bool(),
    /** Thread_polling: a sender waiting for its receiver to become ready. */
    polling: bool(),
    /** Thread_send_in_progress. */
    sending: bool(),
    /** Thread_receiving. */
    receiving: bool(),
    /** Thread_ipc_in_progress. */
    ipc: bool(),
    /** Thread_transfer_in_progress: the handshake bit. */
    transfer: bool(),
    /** The receive partner: the sender received from, or waited for in a closed wait; 0 for an open wait. */
    partner: int(0, threads),
    /** The owner of this thread's thread lock, 0 when free. */
    lockedBy: int(0, threads),
    /** The receiver of the thread's current send (a kernel-stack variable), 0 outside a send. */
    to: int(0, threads),
    /** The IPC timeout: not set, set, or hit. */
    timeout: oneOf('off', 'set', 'hit'),
    kpc: oneOf(...KPCS),
  });
}
type Fth = Infer<ReturnType<typeof fiascoThreadShape>>;

function fiascoShape(threads: number, rounds: number, values: number) {
  return record({
    hw: hwShape({ components: threads, pages: 1, frames: threads }),
    sched: schedulerShape(threads),
    th: array(threads, fiascoThreadShape(threads)),
    pc: array(threads, oneOf(...PCS)),
    round: array(threads, int(0, rounds)),
    /** One message register per thread (its UTCB). */
    mr: messageRegistersShape(threads, values),
    /** Per thread, the UTCB error word of its last IPC. */
    err: array(threads, oneOf(...ERRORS)),
    /** Per thread, its sender list (`sender_list()`), head first. */
    senders: senderQueuesShape(threads),
    /** Per thread, its implicit reply slot (`caller()`): the caller it may answer, 0 when empty. */
    caller: replySlotsShape(threads),
    ghost: callGhostShape(threads, values),
  });
}

/**
 * A state of {@link fiascoIpc}.
 *
 * @example
 * const s: FiascoState = fiascoIpc().init()[0];
 * s.th[2].kpc; // 'none': the server has not entered the kernel yet
 */
export type FiascoState = Infer<ReturnType<typeof fiascoShape>>;

const IDLE_THREAD: Fth = {
  ready: true,
  polling: false,
  sending: false,
  receiving: false,
  ipc: false,
  transfer: false,
  partner: 0,
  lockedBy: 0,
  to: 0,
  timeout: 'off',
  kpc: 'none',
};

/**
 * The Fiasco IPC model.
 *
 * @example
 * const r = check(fiascoIpc({ clients: 2 }));
 * r.verdicts['P1 no thread lock after the send phase'].status; // 'holds'
 * const bug = fiascoIpc({ bug: 'threadPollingRegression', helping: false });
 * check(bug).verdicts['not polling after a successful handshake'].status; // 'violated'
 * check(fiascoIpc({ bug: 'threadPollingRegression' })).ok;                 // true: latent with helping
 */
export function fiascoIpc(config: Partial<FiascoConfig> = {}): Model<FiascoState, FiascoAction> {
  const cfg: FiascoConfig = { clients: 2, rounds: 1, values: 2, snd: 'never', rcv: 'never', preemption: true, helping: true, bug: 'none', ...config };
  const { clients: C, rounds: R, values: P, bug } = cfg;
  const whole = (name: string, v: number, min: number, max: number) => {
    if (!Number.isSafeInteger(v) || v < min || v > max) throw new RangeError(`fiascoIpc: ${name} must be a whole number from ${min} to ${max}, got ${v}`);
  };
  whole('clients', C, 1, 3);
  whole('rounds', R, 1, 3);
  whole('values', P, 1, 3);
  for (const [name, v] of [['snd', cfg.snd], ['rcv', cfg.rcv]] as const) {
    if (!TIMEOUTS.includes(v)) throw new RangeError(`fiascoIpc: unknown ${name} timeout '${v}'; valid: ${TIMEOUTS.join(', ')}`);
  }
  if (!BUGS.includes(bug)) throw new RangeError(`fiascoIpc: unknown bug '${bug}'; valid: ${BUGS.join(', ')}`);
  const T = C + 1;
  const SERVER = T;
  const isClient = (t: number) => t <= C;
  const sndTimeout = (t: number): FiascoTimeout => (isClient(t) ? cfg.snd : 'zero');
  const rcvTimeout = (t: number): FiascoTimeout => (isClient(t) ? cfg.rcv : 'never');
  /** The receive partner of the thread's IPC: a Call's closed wait on the server, the server's open wait. */
  const receiveFrom = (t: number) => (isClient(t) ? SERVER : 0);
  const answer = (request: number) => request;

  const tables: PageTable[] = Array.from({ length: T }, (_, i) => [{ frame: i, write: true }]);

  // ---- kernel helpers --------------------------------------------------------------------
  /** Whether the scheduler may run `t`: Thread_ready, and (with helping) not locked by another thread, whose turn it is instead. */
  const runnable =
    (st: { readonly th: readonly Fth[] }) =>
    (t: number): boolean => {
      const x = st.th[t - 1];
      return x.ready && (!cfg.helping || x.lockedBy === 0 || x.lockedBy === t);
    };

  /** A working copy of the kernel's state during one step of the running thread. */
  interface K {
    sched: Scheduler;
    th: Fth[];
    pc: Pc[];
    round: number[];
    mr: number[];
    err: IpcError[];
    senders: (readonly number[])[];
    caller: number[];
    ghost: CallGhost;
    /** A thread to switch to directly at the end of the step (`switch_exec_locked`), 0 for none. */
    direct: number;
  }
  const kernelOf = (st: FiascoState): K => ({
    sched: st.sched,
    th: st.th.slice(),
    pc: st.pc.slice(),
    round: st.round.slice(),
    mr: st.mr.slice(),
    err: st.err.slice(),
    senders: st.senders.slice(),
    caller: st.caller.slice(),
    ghost: ghostStep(st.ghost),
    direct: 0,
  });
  const set = (k: K, t: number, patch: Partial<Fth>): void => {
    k.th[t - 1] = { ...k.th[t - 1], ...patch };
  };
  const th = (k: K, t: number): Fth => k.th[t - 1];
  /** Sets Thread_ready and queues the thread (lazily: no-op if already queued or running). */
  const wake = (k: K, t: number): void => {
    set(k, t, { ready: true });
    k.sched = makeReady(k.sched, t);
  };

  /** Releases `p`'s thread lock (`clear_dirty`); a ready thread it kept from running is queued again. */
  const unlock = (k: K, p: number): void => {
    set(k, p, { lockedBy: 0 });
    if (th(k, p).ready) k.sched = makeReady(k.sched, p);
  };

  /** `Receiver::sender_ok`: receiver `r` is receiving and in IPC, and waits openly with `s` first (or nobody queued), or closedly for `s`. */
  const senderOk = (k: K, s: number, r: number): boolean => {
    const x = th(k, r);
    if (!x.receiving || !x.ipc) return false;
    const list = k.senders[r - 1];
    if (x.partner === 0 && (list.length === 0 || list[0] === s)) return true;
    return x.partner === s;
  };
  /** `in_ipc`: receiver `r` is engaged in IPC with sender `s`. */
  const inIpc = (x: Fth, s: number): boolean => x.transfer && x.ipc && x.partner === s;

  /** Ends `t`'s system call with `error` (its user program moves on; its reply slot bookkeeping is done). */
  const endSyscall = (k: K, t: number, error: IpcError): void => {
    set(k, t, { kpc: 'none', to: 0, partner: 0, timeout: 'off', polling: false, sending: false, receiving: false, ipc: false, transfer: false });
    k.err[t - 1] = error;
    if (isClient(t)) {
      if (error !== 'none') {
        // The call is over without an answer: it no longer waits for one.
        const pending = k.ghost.pending.slice();
        pending[t - 1] = null;
        k.ghost = { pending, delivered: k.ghost.delivered };
      }
      const round = k.round[t - 1] + 1;
      k.round[t - 1] = round;
      k.pc[t - 1] = round >= R ? 'exit' : 'prepare';
    } else {
      k.pc[t - 1] = error === 'none' ? 'handle' : 'wait';
    }
  };

  /** `abort_send`: clear the IPC bits, leave the sender list, release the lock; the system call fails. */
  const abortSend = (k: K, t: number, error: IpcError): void => {
    const p = th(k, t).to;
    if (k.senders[p - 1].includes(t)) k.senders = stopPolling(k.senders, p, t);
    if (th(k, p).lockedBy === t) unlock(k, p);
    endSyscall(k, t, error);
  };

  /** The rest of `do_ipc`'s send phase after a successful handshake, up to `sent`. */
  const sendComplete = (k: K, t: number): void => {
    const p = th(k, t).to;
    // ipc_init, and the receiver's timeout is reset.
    set(k, p, { partner: t, transfer: true, timeout: 'off' });
    // transfer_msg: copy the message register; a Call fills the receiver's reply slot.
    const value = k.mr[t - 1];
    k.mr[p - 1] = value;
    if (isClient(t)) {
      k.caller = setReplySlot(k.caller, p, t);
      k.ghost = ghostReceived(k.ghost, t, p);
    } else {
      k.ghost = ghostReply(k.ghost, p, t, value);
    }
    // clear_dirty_dont_switch
    if (th(k, p).lockedBy === t) unlock(k, p);
    if (!inIpc(th(k, p), t)) throw new Error(`fiascoIpc: receiver ${p} left IPC with ${t} during the handshake (no cancellation is modelled)`);
    // wake_receiver
    set(k, p, { receiving: false, transfer: false, ipc: false });
    wake(k, p);
    set(k, t, { kpc: 'sent' });
  };

  /** `do_send_wait` up to its first preemption point. */
  const doSendWait = (k: K, t: number): void => {
    const p = th(k, t).to;
    set(k, t, { polling: true, sending: true, ipc: true, kpc: 'sendWaitOk' });
    set(k, p, { lockedBy: t });
  };

  /** `try_handshake_receiver` after the lock question is settled. */
  const handshake = (k: K, t: number): void => {
    if (senderOk(k, t, th(k, t).to)) sendComplete(k, t);
    else doSendWait(k, t);
  };

  /** Takes the receiver's thread lock, or lends the processor to its owner (and retries later). Returns whether it was taken. */
  const lockDirty = (k: K, t: number): boolean => {
    const p = th(k, t).to;
    let owner = th(k, p).lockedBy;
    if (owner !== 0 && owner !== t) {
      // Lend the processor to the owner (transitively, to whoever holds the owner's lock).
      for (let hops = 0; cfg.helping && th(k, owner).lockedBy !== 0 && th(k, owner).lockedBy !== owner; hops++) {
        if (hops === T) throw new Error('fiascoIpc: the thread locks form a cycle');
        owner = th(k, owner).lockedBy;
      }
      if (!runnable(k)(owner)) throw new Error(`fiascoIpc: thread ${owner} holds a thread lock while it cannot run`);
      k.direct = owner;
      return false;
    }
    set(k, p, { lockedBy: t });
    return true;
  };

  /** A send and receive system call (a Call, or the server's reply-and-wait) to `to`: the start of the send phase. */
  const startSend = (k: K, t: number, to: number): void => {
    set(k, t, { to });
    const owner = th(k, to).lockedBy;
    if (owner !== 0 && owner !== t) set(k, t, { kpc: 'handshakeLock' }); // preemption point, then lock_dirty
    else handshake(k, t);
  };

  /** The end of the wait loop in `do_send_wait` (handshake done), then the rest of the send phase. */
  const sendWaitFinish = (k: K, t: number): void => {
    const p = th(k, t).to;
    // A timeout that hit after the handshake is ignored (Thread_ipc_in_progress is set again).
    set(k, t, { ipc: true, timeout: 'off' });
    k.senders = stopPolling(k.senders, p, t);
    set(k, t, { polling: false });
    if (!inIpc(th(k, p), t)) throw new Error(`fiascoIpc: receiver ${p} left IPC with ${t} during the handshake (no cancellation is modelled)`);
    sendComplete(k, t);
  };

  /** `ipc_receiver_ready`, called by receiver `r` on sender `s`; returns whether the handshake started. */
  const ipcReceiverReady = (k: K, s: number, r: number): boolean => {
    if (!th(k, s).ipc || !senderOk(k, s, r)) return false;
    set(k, r, { partner: s, transfer: true, ready: false });
    set(k, s, { transfer: true });
    wake(k, s);
    return true;
  };

  /** `prepare_receive_dirty`, with the receive partner (0 for an open wait). */
  const prepareReceive = (k: K, t: number, from: number): void => {
    set(k, t, { partner: from, sending: false, polling: false, transfer: false, receiving: true, ipc: true });
  };

  /** The receive loop of `do_ipc`, run by `t`; `haveSend` in the first round after a send phase. */
  const receiveLoop = (k: K, t: number, haveSend: boolean): void => {
    const p = th(k, t).to;
    while (th(k, t).receiving && th(k, t).ipc) {
      let next = 0;
      const list = k.senders[t - 1];
      if (list.length > 0) {
        const closed = th(k, t).partner;
        if (closed !== 0) {
          if (list.includes(closed) && ipcReceiverReady(k, closed, t)) next = closed;
        } else {
          const head = list[0];
          if (!ipcReceiverReady(k, head, t)) {
            k.senders[t - 1] = dequeue(list); // a sender no longer in IPC: drop it
            continue;
          }
          next = head;
        }
      }
      if (next !== 0) {
        // This thread is no longer ready; run the partner if the send phase woke it, else schedule.
        if (haveSend && th(k, p).ready) k.direct = p;
        set(k, t, { kpc: 'receiveLoop' });
        return;
      }
      if (haveSend && th(k, p).ready) {
        k.direct = p; // switch_exec_locked: this thread stays ready and queued
        set(k, t, { kpc: 'receiveLoop' });
        return;
      }
      // goto_sleep
      const rcv = rcvTimeout(t);
      if (rcv === 'zero') {
        set(k, t, { ipc: false, ready: true });
      } else {
        set(k, t, { ready: false, timeout: rcv === 'finite' ? 'set' : 'off', kpc: 'receiveLoop' });
        return;
      }
      haveSend = false;
    }
    // The loop is over: the message arrived (the sender cleared the receive bits) or the receive timed out.
    if (haveSend && th(k, p).ready) k.direct = p;
    const x = th(k, t);
    const error: IpcError = x.receiving ? 'R_timeout' : 'none';
    const from = receiveFrom(t);
    if (from !== 0 && k.caller[from - 1] === t) k.caller = setReplySlot(k.caller, from, 0); // reset_caller
    endSyscall(k, t, error);
  };

  /** The step of `t`'s kernel path that resumes at `at`. */
  const resume = (k: K, t: number, at: FiascoKpc): void => {
    const p = th(k, t).to;
    switch (at) {
      case 'handshakeLock':
        if (lockDirty(k, t)) handshake(k, t);
        return;
      case 'sendWaitOk':
        if (senderOk(k, t, p)) {
          // The fix clears Thread_polling here; the pre-fix do_send_wait returned with it set.
          if (bug !== 'threadPollingRegression') set(k, t, { polling: false });
          sendComplete(k, t);
          return;
        }
        k.senders = poll(k.senders, p, t);
        set(k, t, { kpc: 'sendWaitTimeout' });
        return;
      case 'sendWaitTimeout': {
        const snd = sndTimeout(t);
        if (snd === 'zero') {
          abortSend(k, t, 'Timeout');
          return;
        }
        set(k, t, { timeout: snd === 'finite' ? 'set' : 'off', kpc: 'sendWaitSleep' });
        unlock(k, p);
        return;
      }
      case 'sendWaitSleep': {
        const x = th(k, t);
        if (x.ipc && x.polling && !x.transfer) {
          set(k, t, { ready: false, kpc: 'sendWaitWoken' });
          return;
        }
        resume(k, t, 'sendWaitWoken');
        return;
      }
      case 'sendWaitWoken': {
        set(k, t, { kpc: 'sendWaitWoken' });
        if (!lockDirty(k, t)) return;
        const x = th(k, t);
        if (x.transfer) sendWaitFinish(k, t);
        else if (x.timeout === 'hit') abortSend(k, t, 'Timeout');
        else {
          set(k, t, { polling: true, kpc: 'sendWaitSleep' });
          unlock(k, p);
        }
        return;
      }
      case 'sent':
        prepareReceive(k, t, receiveFrom(t));
        receiveLoop(k, t, true);
        return;
      case 'receiveLoop':
        receiveLoop(k, t, false);
        return;
      case 'none':
        throw new Error('fiascoIpc: no kernel path to resume');
      default:
        unreachable(at);
    }
  };

  /** Ends a kernel step: a blocked current thread gives the processor away, a direct switch happens. */
  const finish = (hw: FiascoState['hw'], k: K): FiascoState => {
    let sched = k.sched;
    const cur = sched.current;
    const r = runnable(k);
    if (cur !== 0 && !r(cur)) sched = k.direct !== 0 && r(k.direct) ? switchTo(sched, k.direct, false) : scheduleNext({ current: 0, ready: sched.ready }, r);
    else if (k.direct !== 0 && r(k.direct)) sched = switchTo(sched, k.direct, true);
    return { hw, sched, th: k.th, pc: k.pc, round: k.round, mr: k.mr, err: k.err, senders: k.senders, caller: k.caller, ghost: k.ghost };
  };

  /** Runs kernel code `body` for the current thread, entered with hardware state `hw`. */
  const kernel = (st: FiascoState, hw: FiascoState['hw'], body: (k: K) => void): FiascoState => {
    const k = kernelOf(st);
    body(k);
    return finish(hw, k);
  };

  // ---- actions -------------------------------------------------------------------------------
  const PREPARE = Array.from({ length: T + 1 }, (_, t) => Array.from({ length: P }, (_, v): FiascoAction => ({ kind: 'Prepare', t, v })));
  const act = <K2 extends 'Handle' | 'Call' | 'Wait' | 'ReplyWait' | 'Exit' | 'Expire'>(kind: K2) => Array.from({ length: T + 1 }, (_, t) => ({ kind, t }) as FiascoAction);
  const HANDLE = act('Handle');
  const CALL = act('Call');
  const WAIT = act('Wait');
  const REPLY_WAIT = act('ReplyWait');
  const EXIT = act('Exit');
  const EXPIRE = act('Expire');
  const KERNEL = Array.from({ length: T + 1 }, (_, t) => Object.fromEntries(KPCS.map((at) => [at, { kind: 'Kernel', t, at } as FiascoAction])) as Record<FiascoKpc, FiascoAction>);
  const PREEMPT: FiascoAction = { kind: 'Preempt' };
  const RETURN: FiascoAction = { kind: 'Return' };

  /** Whether an interrupt may arrive now: in user mode, on an idle processor, or at a kernel preemption point. */
  const interruptible = (st: FiascoState): boolean => {
    const t = st.sched.current;
    return st.hw.mode === 'user' || t === 0 || PREEMPTION_POINTS.has(st.th[t - 1].kpc);
  };

  const actions = (st: FiascoState): FiascoAction[] => {
    const out: FiascoAction[] = [];
    const t = st.sched.current;
    if (t !== 0) {
      const at = st.th[t - 1].kpc;
      if (st.hw.mode === 'kernel') out.push(at === 'none' ? RETURN : KERNEL[t][at]);
      else {
        switch (st.pc[t - 1]) {
          case 'prepare':
            for (let v = 0; v < P; v++) out.push(PREPARE[t][v]);
            break;
          case 'call':
            out.push(CALL[t]);
            break;
          case 'exit':
            out.push(EXIT[t]);
            break;
          case 'wait':
            out.push(WAIT[t]);
            break;
          case 'handle':
            out.push(HANDLE[t]);
            break;
          case 'reply':
            out.push(REPLY_WAIT[t]);
            break;
          case 'done':
            break;
          default:
            unreachable(st.pc[t - 1] as never);
        }
      }
    }
    if (interruptible(st)) {
      if (cfg.preemption && t !== 0 && st.sched.ready.some(runnable(st))) out.push(PREEMPT);
      for (let u = 1; u <= T; u++) if (st.th[u - 1].timeout === 'set') out.push(EXPIRE[u]);
    }
    return out;
  };

  const next = (st: FiascoState, a: FiascoAction): FiascoState => {
    switch (a.kind) {
      case 'Return': {
        const t = st.sched.current;
        return { ...st, hw: returnToUser(st.hw, t - 1), ghost: ghostStep(st.ghost) };
      }
      case 'Preempt':
        return { ...st, hw: trap(st.hw), sched: preempt(st.sched, runnable(st)), ghost: ghostStep(st.ghost) };
      case 'Expire':
        // The timeout interrupt (IPC_timeout::expired): Thread_ipc_in_progress off, Thread_ready on.
        return kernel(st, trap(st.hw), (k) => {
          set(k, a.t, { timeout: 'hit', ipc: false });
          wake(k, a.t);
          if (k.sched.current === 0) k.sched = scheduleNext(k.sched, runnable(k));
        });
      case 'Prepare': {
        const r = userAccess(st.hw, a.t - 1, 0, 'write');
        return { ...st, hw: r.hw, mr: replaceAt(st.mr, a.t - 1, a.v), pc: replaceAt(st.pc, a.t - 1, 'call'), ghost: ghostStep(st.ghost) };
      }
      case 'Handle': {
        const r = userAccess(st.hw, a.t - 1, 0, 'read');
        return { ...st, hw: r.hw, pc: replaceAt(st.pc, a.t - 1, 'reply'), ghost: ghostStep(st.ghost) };
      }
      case 'Call':
        return kernel(st, trap(st.hw), (k) => {
          k.ghost = ghostCall(k.ghost, a.t, k.mr[a.t - 1]);
          startSend(k, a.t, SERVER);
        });
      case 'Wait':
        return kernel(st, trap(st.hw), (k) => {
          prepareReceive(k, a.t, 0);
          receiveLoop(k, a.t, false);
        });
      case 'ReplyWait':
        return kernel(st, trap(st.hw), (k) => {
          // Dereferencing the reply capability takes the caller and resets the slot.
          const c = k.caller[a.t - 1];
          k.caller = setReplySlot(k.caller, a.t, 0);
          if (c === 0) endSyscall(k, a.t, 'Not_existent');
          else startSend(k, a.t, c);
        });
      case 'Exit':
        return kernel(st, trap(st.hw), (k) => {
          set(k, a.t, { ready: false });
          k.pc[a.t - 1] = 'done';
        });
      case 'Kernel':
        return kernel(st, st.hw, (k) => resume(k, a.t, a.at));
      default:
        return unreachable(a);
    }
  };

  // ---- properties ----------------------------------------------------------------------------
  const threadName = (t: number) => (isClient(t) ? `client ${t}` : 'server');
  const threadNames = Array.from({ length: T }, (_, i) => threadName(i + 1));
  const clientsDone = (st: FiascoState) => {
    for (let t = 1; t <= C; t++) if (st.pc[t - 1] !== 'done') return false;
    return true;
  };
  /** The thread as the generic TCB vocabulary sees it (for blocking and the sequence chart). */
  const tcbView = (st: FiascoState, t: number): Tcb => {
    const x = st.th[t - 1];
    if (st.pc[t - 1] === 'done') return { state: 'done', on: 0, isCall: false };
    if (x.ready) return { state: 'running', on: 0, isCall: false };
    if (x.polling || x.sending) return { state: 'blockedOnSend', on: x.to, isCall: isClient(t) };
    if (x.receiving && isClient(t)) return { state: 'blockedOnReply', on: x.partner, isCall: false };
    return { state: 'blockedOnReceive', on: x.partner, isCall: false };
  };
  /** The server waiting in an open receive with no handshake under way: idle, not stuck, once every client is done. */
  const idleServer = (st: FiascoState) => {
    const x = st.th[SERVER - 1];
    return x.receiving && x.ipc && x.partner === 0 && !x.transfer;
  };
  /** A client waiting for its reply: receiving and in IPC. */
  const awaitingReply = (x: Fth) => x.receiving && x.ipc;

  const notPollingAfterHandshake = (st: FiascoState): boolean => st.th.every((x) => x.kpc !== 'sent' || !x.polling);
  const p1 = (st: FiascoState): boolean => {
    for (const x of st.th) if (x.kpc === 'sent' && st.th[x.to - 1].lockedBy !== 0) return false;
    for (const x of st.th) if (x.lockedBy !== 0 && !SEND_PHASE.has(st.th[x.lockedBy - 1].kpc)) return false;
    return true;
  };
  const p2 = (st: FiascoState): boolean => {
    for (let t = 1; t <= T; t++) {
      const x = st.th[t - 1];
      if (x.kpc !== 'sent') continue;
      // Both still in IPC: the sender keeps Thread_ipc_in_progress for its receive, the receiver is
      // still inside its IPC system call with the sender as partner.
      const receiver = st.th[x.to - 1];
      if (x.ipc && receiver.kpc !== 'none' && receiver.partner === t && !receiver.ready) return false;
    }
    return true;
  };
  const senderLists = (st: FiascoState): boolean => {
    for (let r = 1; r <= T; r++) {
      const list = st.senders[r - 1];
      if (!distinct(list)) return false;
      for (const s of list) if (s === r || !st.th[s - 1].polling || st.th[s - 1].to !== r) return false;
    }
    return true;
  };

  const events = (s: FiascoState, a: FiascoAction, t: FiascoState): SequenceEvent[] => {
    const out: SequenceEvent[] = [];
    const lane = (id: number) => id - 1;
    switch (a.kind) {
      case 'Return':
        return [{ kind: 'mark', lane: t.sched.current - 1, label: 'return to user', mark: 'note' }];
      case 'Preempt':
        return [{ kind: 'mark', lane: s.sched.current - 1, label: 'timer interrupt', mark: 'kernel' }];
      case 'Expire':
        out.push({ kind: 'mark', lane: lane(a.t), label: 'timeout', mark: 'note' });
        break;
      case 'Prepare':
        out.push({ kind: 'mark', lane: lane(a.t), label: `request ${a.v}`, mark: 'note' });
        break;
      case 'Handle':
        out.push({ kind: 'mark', lane: lane(a.t), label: 'handle', mark: 'note' });
        break;
      case 'Kernel':
        out.push({ kind: 'mark', lane: lane(a.t), label: a.at, mark: 'kernel' });
        break;
      default:
        out.push({ kind: 'mark', lane: lane(a.t), label: a.kind, mark: 'kernel' });
    }
    const d = t.ghost.delivered;
    if (d !== null) out.push({ kind: 'message', from: lane(d.from), to: lane(d.to), label: `reply ${d.value}` });
    for (let c = 1; c <= C; c++) {
      const call = t.ghost.pending[c - 1];
      if (call !== null && call.server !== 0 && s.ghost.pending[c - 1]?.server !== call.server) {
        out.push({ kind: 'message', from: lane(c), to: lane(call.server), label: `call ${call.request}` });
      }
    }
    for (let u = 1; u <= T; u++) {
      if (t.th[u - 1].polling && !s.th[u - 1].polling) out.push({ kind: 'mark', lane: lane(u), label: 'Thread_polling', mark: 'note' });
      const entered = (a.kind === 'Call' || a.kind === 'Wait' || a.kind === 'ReplyWait') && a.t === u;
      const ended = (entered || s.th[u - 1].kpc !== 'none') && t.th[u - 1].kpc === 'none';
      if (ended && t.err[u - 1] !== 'none') out.push({ kind: 'mark', lane: lane(u), label: `error ${t.err[u - 1]}`, mark: 'note' });
      const was = tcbView(s, u);
      const now = tcbView(t, u);
      if (isBlocked(now) && !isBlocked(was)) out.push({ kind: 'mark', lane: lane(u), label: now.state, mark: 'block' });
      if (!isBlocked(now) && isBlocked(was)) out.push({ kind: 'mark', lane: lane(u), label: 'unblocked', mark: 'unblock' });
    }
    return out;
  };

  const flags = `${cfg.preemption ? '' : ',preemption=false'}${cfg.helping ? '' : ',helping=false'}${bug === 'none' ? '' : `,bug=${bug}`}`;
  const name = `fiascoIpc(clients=${C},rounds=${R},values=${P},snd=${cfg.snd},rcv=${cfg.rcv}${flags})`;
  return defineModel<FiascoState, FiascoAction>({
    name,
    config: { ...cfg },
    shape: fiascoShape(T, R, P),
    init: () => [
      {
        hw: initialHw(tables),
        sched: { current: 1, ready: Array.from({ length: T - 1 }, (_, i) => i + 2) },
        th: Array.from({ length: T }, () => IDLE_THREAD),
        pc: Array.from({ length: T }, (_, i) => (isClient(i + 1) ? 'prepare' : 'wait')),
        round: Array.from({ length: T }, () => 0),
        mr: Array.from({ length: T }, () => 0),
        err: Array.from({ length: T }, () => 'none'),
        senders: Array.from({ length: T }, () => []),
        caller: Array.from({ length: T }, () => 0),
        ghost: initialCallGhost(T),
      },
    ],
    actions,
    next,
    showAction: (a) => {
      switch (a.kind) {
        case 'Preempt':
        case 'Return':
          return a.kind;
        case 'Prepare':
          return `Prepare(${threadName(a.t)}, ${a.v})`;
        case 'Kernel':
          return `Kernel(${threadName(a.t)}, ${a.at})`;
        default:
          return `${a.kind}(${threadName(a.t)})`;
      }
    },
    sequence: {
      lanes: Array.from({ length: T }, (_, i) => ({ name: threadName(i + 1), group: `space ${i + 1}` })),
      events,
    },
    properties: [
      always('not polling after a successful handshake', notPollingAfterHandshake),
      always('P1 no thread lock after the send phase', p1),
      always('P2 receiver ready after the send phase', p2),
      always('sender lists', senderLists),
      replyCorrectness((st: FiascoState) => st.ghost, answer, {
        waiting: (st: FiascoState, c) => awaitingReply(st.th[c - 1]),
        // The kernel hands the caller its reply and makes it ready (wake_receiver) while it is still inside
        // its kernel path; a receive that ends in R_timeout leaves that path instead.
        resumed: (s: FiascoState, t: FiascoState, c) => {
          const after = t.th[c - 1];
          return isClient(c) && awaitingReply(s.th[c - 1]) && !after.receiving && !after.ipc && after.ready && after.kpc !== 'none';
        },
      }),
      always('run queue', (st: FiascoState) => runQueueOk(st.sched, T, runnable(st), true)),
      kernelMemoryBound(() => 0, 0),
      ...machineProperties(
        (st: FiascoState) => st.hw,
        (st: FiascoState) => st.sched.current,
      ),
      deadlockFree({ validEnd: clientsDone }),
      neverStuck('no thread stuck forever', {
        threads: threadNames,
        blocked: (st: FiascoState, i) => isBlocked(tcbView(st, i + 1)) && !(i + 1 === SERVER && clientsDone(st) && idleServer(st)),
      }),
      sometimes('a call completes', (st: FiascoState) => st.ghost.delivered !== null),
    ],
  });
}
