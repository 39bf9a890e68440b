/**
 * Fiasco IPC (spec card M6): synchronous IPC through IPC gates, with timeout pairs, one implicit
 * reply slot per thread and the preemptible two-phase `do_ipc` of Schierboom's thesis.
 *
 * Sources: kernkonzept/fiasco@245fce5 `src/kern/thread-ipc.cpp` (`do_ipc`, `do_send_wait`,
 * `reset_caller`), `src/abi/l4_types.cpp`; ErikSchierboom/thesis `source/thread-ipc.cpp`
 * (`try_handshake_receiver`, `do_send_wait`, `abort_send`, `ipc_receiver_ready`,
 * `Receiver::sender_ok`) and `latex/thesis_model_verification_{lock,wakeup,assert}.tex`. The
 * kernel path is the retired monolithic model's (`model/protocols/fiascoIpc.ts` before the port), ported call by call.
 *
 * Calls: `rpc` is a Call through the gate of the service (client t's gate names server
 * `servers[(t − 1) mod n]`): a send to that thread, then a closed receive from it, under the
 * timeout pair `{snd, rcv}` of the options. `serve` and `receive` are an open wait; `reply` sends
 * through the implicit reply slot; `replyServe` is ReplyWait, the reply then an open wait; `send`
 * is a send-only IPC. Any reply takes the caller from the slot and resets it; an empty slot fails
 * with `Not_existent`. Replies have the send timeout 0 and servers wait without one, as L4Re's
 * server loop; when ReplyWait's reply fails the loop waits again (phase `rewait`). Fiasco has no
 * call that keeps a caller elsewhere (`save`/`replySaved`: n/a), and M6 no notifications.
 *
 * Phases (outcome `continues`, the phase in the TCB): the send phase stops at each preemption point
 * of the thesis' `do_ipc` — `handshakeLock` (before `lock_dirty`), `sendWaitOk`, `sendWaitTimeout`,
 * `sendWaitSleep` (the three of `do_send_wait`) and `sendWaitWoken` (after its sleep) — so a timer
 * or a timeout may fall between them. The end of the send phase is no preemption point: the step
 * that completes the handshake goes on into the receive phase. A thread asleep in its receive is
 * `blocked` for good: the sender that completes the transfer, or its timeout, ends the receive. A
 * `lock_dirty` that finds the lock held lends the processor to the holder (direct switch) and
 * waits for the release. With `helping` (time-slice lending, the default) a locked thread cannot
 * run; `helping: false` is the thesis' lock abstraction.
 *
 * Abstractions: one message register (UTCBs are always mapped: IPC never faults); no cancellation,
 * kill or priorities. Two framework limits are worked around. A caller that switches to the
 * partner it woke stays ready in Fiasco; here it sleeps at once, and a zero receive timeout after a
 * send phase becomes a timeout the environment fires when it likes (when Fiasco would run the
 * caller again). Reply correctness takes a caller woken inside its own send phase for one resuming
 * without a reply, so a Call that sleeps there shows an `error` event and the framework records the
 * call again at its next phase.
 *
 * Invariants: the thesis' assertion 'not polling after a successful handshake'; P1, after the send
 * phase no thread lock remains on the receiver (and every lock is held by a thread in its send
 * phase); P2, in a combined send and receive, if both threads are still in IPC after the send
 * phase the receiver is `Thread_ready`; 'sender lists'; and 'no receiver stranded in a handshake'
 * (a receiver that began a handshake waits for a sender still sending to it: the framework sees
 * such a server as idle). The end of the send phase is not a state here: the assertion, P2 and
 * P1's first half are evaluated there and a failure is latched in a ghost flag. Kernel memory 0.
 *
 * Seeded mutant (card M6 FAIL): `threadPollingRegression`, the pre-fix `do_send_wait` that leaves
 * `Thread_polling` set when `sender_ok()` already holds after its first preemption point; caught
 * with `helping: false`, latent with helping (the locked server cannot start its receive there).
 */
import { bool, int, oneOf, record, type Infer } from '../core/shape/index.js';
import { dequeue, distinct } from '../kernel/fifo.js';
import { poll, senderQueuesShape, stopPolling } from '../kernel/senderQueues.js';
import { always } from '../../properties/always.js';
import { defineDesign, type KernelEvent, type KernelState, type Outcome, type SyscallResult } from './design.js';
import { threadId } from '../core/shape/roles.js';

/**
 * An IPC timeout: fail at once, expire at some moment, or wait for ever.
 *
 * @example
 * const snd: FiascoTimeout = 'zero';
 */
export type FiascoTimeout = 'zero' | 'finite' | 'never';

const PHASES = ['none', 'handshakeLock', 'sendWaitOk', 'sendWaitTimeout', 'sendWaitSleep', 'sendWaitWoken', 'receive', 'rewait'] as const;
/**
 * Where a thread's IPC path is: outside (`none`), at a preemption point of its send phase, asleep
 * in its receive (`receive`), or about to wait again after a failed ReplyWait (`rewait`).
 *
 * @example
 * const at: FiascoPhase = 'sendWaitOk';
 */
export type FiascoPhase = (typeof PHASES)[number];
const SEND_PHASE: ReadonlySet<FiascoPhase> = new Set(['handshakeLock', 'sendWaitOk', 'sendWaitTimeout', 'sendWaitSleep', 'sendWaitWoken']);

/**
 * The shape of a thread's kernel state: Fiasco's state bits (`Thread_ready`, `_polling`,
 * `_send_in_progress`, `_receiving`, `_ipc_in_progress`, `_transfer_in_progress`), the IPC
 * partner, the closed-receive partner `from`, the holder of its thread lock, the send destination
 * `to`, the IPC timeout, the phase, whether it waits for a thread lock, the message register, the
 * implicit reply slot (`caller`) and whether its program ended.
 *
 * @example
 * const shape = fiascoTcbShape(3, 2);
 */
export function fiascoTcbShape(threads: number, values: number) {
  const thread = threadId(threads);
  return record({
    ready: bool(), polling: bool(), sending: bool(), receiving: bool(), ipc: bool(), transfer: bool(),
    partner: thread, from: thread, lockedBy: thread, to: thread, timeout: oneOf('off', 'set', 'hit'), phase: oneOf(...PHASES),
    lockWait: bool(), mr: int(0, values - 1), caller: thread, done: bool(),
  });
}

/**
 * A thread's kernel state (see {@link fiascoTcbShape}).
 *
 * @example
 * const t: FiascoTcb = { ...fiasco().init(frame).threads[0], polling: true, sending: true, ipc: true, to: 3, phase: 'sendWaitOk' };
 */
export type FiascoTcb = Infer<ReturnType<typeof fiascoTcbShape>>;

/**
 * The kernel objects: per thread its sender list (head first), and the ghost flags latching a
 * failed assertion at the end of a send phase.
 *
 * @example
 * const o: FiascoObjects = { senders: [[], [], [1]], failed: { polling: false, p1: false, p2: false } };
 */
export interface FiascoObjects {
  readonly senders: readonly (readonly number[])[];
  readonly failed: { readonly polling: boolean; readonly p1: boolean; readonly p2: boolean };
}

/**
 * Fiasco's IPC calls: a Call or a send through `gate` (a workload object) to the thread `to` it
 * names, an open Wait, a Reply or ReplyWait through the implicit reply slot, and the end.
 *
 * @example
 * const c: FiascoCall = { kind: 'Call', gate: 0, to: 3, snd: 'never', rcv: 'never' };
 */
export type FiascoCall =
  | { readonly kind: 'Call'; readonly gate: number; readonly to: number; readonly snd: FiascoTimeout; readonly rcv: FiascoTimeout }
  | { readonly kind: 'Send'; readonly gate: number; readonly to: number; readonly snd: FiascoTimeout }
  | { readonly kind: 'Wait' | 'Reply' | 'ReplyWait' | 'Exit' };

/**
 * The timeout pair of `rpc` (and `snd` of `send`), the lock model and the seeded mutant.
 *
 * @example
 * const o: FiascoOptions = { helping: false, threadPollingRegression: true };
 */
export interface FiascoOptions {
  readonly snd?: FiascoTimeout;
  readonly rcv?: FiascoTimeout;
  /** Time-slice lending: a thread whose lock another holds cannot run (default true); false is the thesis' abstraction. */
  readonly helping?: boolean;
  readonly threadPollingRegression?: boolean;
}

type K = KernelState<FiascoTcb, FiascoObjects>;
const IDLE: FiascoTcb = { ready: true, polling: false, sending: false, receiving: false, ipc: false, transfer: false, partner: 0, from: 0, lockedBy: 0, to: 0, timeout: 'off', phase: 'none', lockWait: false, mr: 0, caller: 0, done: false };
const OUT_OF_IPC = { phase: 'none', to: 0, partner: 0, from: 0, timeout: 'off', polling: false, sending: false, receiving: false, ipc: false, transfer: false, lockWait: false } as const;
const RETURNED: Outcome = { kind: 'returned' };
const CONTINUES: Outcome = { kind: 'continues' };

/**
 * The Fiasco design with `options`.
 *
 * @example
 * const m = compose(fiasco(), rpcPool.build(rpcPool.defaults));
 * const bug = fiasco({ helping: false, threadPollingRegression: true });
 */
export function fiasco(options: FiascoOptions = {}) {
  const o = { snd: 'never', rcv: 'never', helping: true, threadPollingRegression: false, ...options } as const;
  const variant = [o.snd !== 'never' && `snd=${o.snd}`, o.rcv !== 'never' && `rcv=${o.rcv}`, !o.helping && 'helping=false', o.threadPollingRegression && 'threadPollingRegression'].filter(Boolean).join(', ');
  const canRun = (th: readonly FiascoTcb[], t: number) => {
    const x = th[t - 1];
    return x.ready && !x.done && !x.lockWait && (!o.helping || x.lockedBy === 0 || x.lockedBy === t);
  };

  /** A working copy of the kernel during one step, the threads it wakes (`direct` first) and what it shows. */
  class Work {
    tcb: FiascoTcb[];
    senders: (readonly number[])[];
    failed: FiascoObjects['failed'];
    woken: number[] = [];
    direct = 0;
    events: KernelEvent[] = [];
    constructor(k: K) {
      this.tcb = k.threads.slice();
      this.senders = k.objects.senders.slice();
      this.failed = k.objects.failed;
    }
    x(t: number): FiascoTcb {
      return this.tcb[t - 1];
    }
    set(t: number, change: Partial<FiascoTcb>) {
      this.tcb[t - 1] = { ...this.tcb[t - 1], ...change };
    }
    wake(t: number) {
      this.set(t, { ready: true });
      this.woken.push(t);
    }
    error(t: number, label: string) {
      this.events.push({ kind: 'error', thread: t, label });
    }
    result(outcome: Outcome): SyscallResult<K> {
      const woken = this.direct === 0 ? this.woken : [this.direct, ...this.woken.filter((u) => u !== this.direct)];
      return { kernel: { threads: this.tcb, objects: { senders: this.senders, failed: this.failed } }, outcome, woken, events: this.events };
    }
  }

  /** The IPC of `t` is over (`error` shown when it failed); ReplyWait's server loop then waits again. */
  function fail(w: Work, t: number, call: FiascoCall, error: string): Outcome {
    w.set(t, OUT_OF_IPC);
    w.error(t, error);
    if (call.kind !== 'ReplyWait') return RETURNED;
    w.set(t, { phase: 'rewait' });
    return CONTINUES;
  }

  /** The thread sleeps inside its IPC (shown as a note); a Call stays outstanding until its reply. */
  function pause(w: Work, t: number, why: string): Outcome {
    w.events.push({ kind: 'note', thread: t, label: why });
    return CONTINUES;
  }

  /** `clear_dirty`: `p`'s lock is free; `p` may run again, and the threads waiting for the lock retry. */
  function unlock(w: Work, p: number): void {
    w.set(p, { lockedBy: 0 });
    if (w.x(p).ready) w.woken.push(p);
    for (let u = 1; u <= w.tcb.length; u++) {
      if (w.x(u).lockWait && w.x(u).to === p) {
        w.set(u, { lockWait: false });
        w.woken.push(u);
      }
    }
  }

  /** `lock_dirty` on the receiver: take its lock, or lend the processor to the holder (its own locker, with helping) and wait. */
  function lockDirty(w: Work, t: number, call: FiascoCall): Outcome | undefined {
    const p = w.x(t).to;
    let owner = w.x(p).lockedBy;
    if (owner === 0 || owner === t) {
      w.set(p, { lockedBy: t });
      return undefined;
    }
    for (let hops = 0; o.helping && w.x(owner).lockedBy !== 0 && w.x(owner).lockedBy !== owner; hops++) {
      if (hops === w.tcb.length) throw new Error('Fiasco: the thread locks form a cycle');
      owner = w.x(owner).lockedBy;
    }
    if (!canRun(w.tcb, owner)) throw new Error(`Fiasco: thread ${owner} holds a thread lock while it cannot run`);
    w.direct = owner;
    w.set(t, { lockWait: true });
    return pause(w, t, 'waits for a thread lock');
  }

  /** `Receiver::sender_ok`: `r` receives, in IPC, openly with `s` first or nobody queued, or closedly from `s`. */
  function senderOk(w: Work, s: number, r: number): boolean {
    const x = w.x(r);
    if (!x.receiving || !x.ipc) return false;
    const list = w.senders[r - 1];
    return x.partner === 0 ? list.length === 0 || list[0] === s : x.partner === s;
  }

  /**
   * The handshake succeeded: the message goes to the receiver, which is unlocked and woken with it
   * (its receive ends); the thesis' assertions are checked at this end of the send phase.
   */
  function sendComplete(w: Work, t: number, call: FiascoCall): Outcome {
    const p = w.x(t).to;
    const value = w.x(t).mr;
    w.set(p, { partner: t, transfer: true, timeout: 'off', mr: value });
    w.events.push({ kind: 'transfer', what: call.kind === 'Call' ? 'request' : call.kind === 'Send' ? 'message' : 'reply', from: t, to: p, value });
    if (call.kind === 'Call') w.set(p, { caller: t });
    if (w.x(p).lockedBy === t) unlock(w, p);
    const r = w.x(p);
    if (!(r.transfer && r.ipc && r.partner === t)) throw new Error(`Fiasco: receiver ${p} left IPC with ${t} during the handshake`);
    w.set(p, { receiving: false, transfer: false, ipc: false });
    w.wake(p);
    const me = w.x(t);
    const rx = w.x(p);
    const p2 = me.ipc && rx.phase !== 'none' && rx.partner === t && !rx.ready;
    if (me.polling || rx.lockedBy !== 0 || p2) w.failed = { polling: w.failed.polling || me.polling, p1: w.failed.p1 || rx.lockedBy !== 0, p2: w.failed.p2 || p2 };
    endReceive(w, p);
    switch (call.kind) {
      case 'Call':
        return receive(w, t, call.to, call.rcv, true);
      case 'ReplyWait':
        return receive(w, t, 0, 'never', true);
      default:
        w.set(t, OUT_OF_IPC);
        return RETURNED;
    }
  }

  /** The start of a send phase to `to`: a preemption point first if its thread lock is held. */
  function startSend(w: Work, t: number, to: number, call: FiascoCall): Outcome {
    w.set(t, { to });
    if (w.x(to).lockedBy === 0) return handshake(w, t, call);
    w.set(t, { phase: 'handshakeLock' });
    return CONTINUES;
  }

  /** The send phase from `sender_ok`: the handshake, or `do_send_wait` up to its first preemption point (receiver locked). */
  function handshake(w: Work, t: number, call: FiascoCall): Outcome {
    const p = w.x(t).to;
    if (senderOk(w, t, p)) return sendComplete(w, t, call);
    w.set(t, { polling: true, sending: true, ipc: true, phase: 'sendWaitOk' });
    w.set(p, { lockedBy: t });
    return CONTINUES;
  }

  /** `abort_send`: leave the sender list, release the lock; the IPC fails with `Timeout` (the receiver is not told). */
  function abortSend(w: Work, t: number, call: FiascoCall): Outcome {
    const p = w.x(t).to;
    w.senders = stopPolling(w.senders, p, t);
    if (w.x(p).lockedBy === t) unlock(w, p);
    return fail(w, t, call, 'Timeout');
  }

  /** `ipc_receiver_ready` by receiver `r` on sender `s`: `r` takes `s` as partner and sleeps; `s` is woken to finish the transfer. */
  function receiverReady(w: Work, s: number, r: number): boolean {
    if (!w.x(s).ipc || !senderOk(w, s, r)) return false;
    w.set(r, { partner: s, transfer: true, ready: false });
    w.set(s, { transfer: true });
    w.wake(s);
    return true;
  }

  /** A receive of `t` is over: `reset_caller` if its closed partner still holds it as caller, every IPC bit cleared. */
  function endReceive(w: Work, t: number): void {
    const from = w.x(t).from;
    if (from !== 0 && w.x(from).caller === t) w.set(from, { caller: 0 });
    w.set(t, OUT_OF_IPC);
  }

  /**
   * The receive phase (open for `from` 0, else closed): take the queued sender (the head, or
   * `from`) if it is still in IPC, dropping a stale head, or sleep. After a send phase the partner
   * just woken runs first; a zero timeout then fires when the environment lets it (`expire`).
   */
  function receive(w: Work, t: number, from: number, rcv: FiascoTimeout, haveSend: boolean): Outcome {
    w.set(t, { partner: from, from, sending: false, polling: false, transfer: false, receiving: true, ipc: true, phase: 'receive' });
    if (haveSend) w.direct = w.x(t).to;
    for (;;) {
      const list = w.senders[t - 1];
      const s = from === 0 ? list[0] : list.includes(from) ? from : undefined;
      if (s !== undefined && receiverReady(w, s, t)) return { kind: 'blocked', on: 'handshake' };
      if (s === undefined || from !== 0) break;
      w.senders[t - 1] = dequeue(list); // a sender no longer in IPC: drop it
    }
    w.set(t, { ready: false, timeout: rcv === 'never' ? 'off' : 'set' });
    return { kind: 'blocked', on: from === 0 ? 'open wait' : 'reply' };
  }

  /** The next step of `t`'s send phase, from the preemption point where it stopped. */
  function resume(w: Work, t: number, call: FiascoCall): Outcome {
    const x = w.x(t);
    const p = x.to;
    switch (x.phase) {
      // Before lock_dirty: take the receiver's lock (or wait for it), then try the handshake.
      case 'handshakeLock':
        return lockDirty(w, t, call) ?? handshake(w, t, call);
      // The first point of do_send_wait: if sender_ok now holds the send succeeds (the fix clears Thread_polling first), else join the sender list.
      case 'sendWaitOk':
        if (senderOk(w, t, p)) {
          if (!o.threadPollingRegression) w.set(t, { polling: false });
          return sendComplete(w, t, call);
        }
        w.senders = poll(w.senders, p, t);
        w.set(t, { phase: 'sendWaitTimeout' });
        return CONTINUES;
      // The second: a zero send timeout aborts, another sets the timeout and releases the lock.
      case 'sendWaitTimeout': {
        const snd = call.kind === 'Call' || call.kind === 'Send' ? call.snd : 'zero';
        if (snd === 'zero') return abortSend(w, t, call);
        w.set(t, { timeout: snd === 'finite' ? 'set' : 'off', phase: 'sendWaitSleep' });
        unlock(w, p);
        return CONTINUES;
      }
      // The third: sleep while polling, unless the handshake or the timeout came first.
      case 'sendWaitSleep':
        w.set(t, { phase: 'sendWaitWoken' });
        if (x.ipc && x.polling && !x.transfer) {
          w.set(t, { ready: false });
          return pause(w, t, 'sleeps in do_send_wait');
        }
        return resume(w, t, call);
      // Woken: take the lock again, then finish the handshake, abort on the timeout, or sleep again.
      case 'sendWaitWoken': {
        const waits = lockDirty(w, t, call);
        if (waits !== undefined) return waits;
        if (x.transfer) {
          w.set(t, { ipc: true, timeout: 'off', polling: false });
          w.senders = stopPolling(w.senders, p, t);
          return sendComplete(w, t, call);
        }
        if (x.timeout === 'hit') return abortSend(w, t, call);
        w.set(t, { polling: true, phase: 'sendWaitSleep' });
        unlock(w, p);
        return CONTINUES;
      }
      // After a failed ReplyWait the server loop waits again.
      case 'rewait':
        return receive(w, t, 0, 'never', false);
      default:
        throw new Error(`Fiasco: thread ${t} runs in phase ${x.phase}`);
    }
  }

  /** The first step of `call` by `t`, with `message` in its message register. */
  function start(w: Work, t: number, call: FiascoCall, message: number): Outcome {
    w.set(t, { mr: message });
    switch (call.kind) {
      // Call and Send: the send phase to the gate's thread.
      case 'Call':
      case 'Send':
        return startSend(w, t, call.to, call);
      // Wait: an open receive, with no timeout.
      case 'Wait':
        return receive(w, t, 0, 'never', false);
      // Reply and ReplyWait take the caller from the implicit reply slot and reset it; an empty slot fails.
      case 'Reply':
      case 'ReplyWait': {
        const c = w.x(t).caller;
        w.set(t, { caller: 0 });
        return c === 0 ? fail(w, t, call, 'Not_existent') : startSend(w, t, c, call);
      }
      // The thread's program ends.
      case 'Exit':
        w.set(t, { ready: false, done: true });
        return { kind: 'ended' };
    }
  }

  return defineDesign<FiascoTcb, FiascoObjects, FiascoCall>({
    id: 'Fiasco',
    title: `Fiasco IPC through IPC gates (M6)${variant === '' ? '' : ` [${variant}]`}`,
    thread: (f) => fiascoTcbShape(f.threads, f.values),
    objects: (f) => record({ senders: senderQueuesShape(f.threads, f.threads - 1), failed: record({ polling: bool(), p1: bool(), p2: bool() }) }),
    init: (f) => ({
      threads: Array.from({ length: f.threads }, () => IDLE),
      objects: { senders: Array.from({ length: f.threads }, () => []), failed: { polling: false, p1: false, p2: false } },
    }),
    operation: (op, t, f) => {
      const obj = 'obj' in op ? f.objects.findIndex((x) => x.name === op.obj) : -1;
      const event = obj >= 0 && f.objects[obj].kind === 'event';
      // A thread never sends to itself: on an object it also receives on, it sends to the others.
      const servers = obj >= 0 && !event ? f.objects[obj].servers.filter((x) => x !== t) : [];
      const gate = servers.length > 0 ? { gate: obj, to: servers[(t - 1) % servers.length] } : undefined;
      switch (op.op) {
        case 'rpc':
          return gate && { kind: 'Call', ...gate, snd: o.snd, rcv: o.rcv };
        case 'send':
          return gate && { kind: 'Send', ...gate, snd: o.snd };
        case 'serve':
        case 'receive':
          return event ? undefined : { kind: 'Wait' };
        case 'replyServe':
          return event ? undefined : { kind: 'ReplyWait' };
        case 'reply':
          return { kind: 'Reply' };
        case 'exit':
          return { kind: 'Exit' };
        default:
          return undefined;
      }
    },
    syscall: (k, t, call, message) => {
      const w = new Work(k);
      return w.result(w.x(t).phase === 'none' ? start(w, t, call, message) : resume(w, t, call));
    },
    runnable: (k, t) => canRun(k.threads, t),
    // In a send phase (asleep in do_send_wait, waiting for a thread lock) or about to wait again; a receive's sleep ends its call.
    midOperation: (k, t) => SEND_PHASE.has(k.threads[t - 1].phase) || k.threads[t - 1].phase === 'rewait',
    ended: (k, t) => k.threads[t - 1].done,
    received: (k, t) => k.threads[t - 1].mr,
    memory: () => 0,
    invariants: () => [
      always('not polling after a successful handshake', (k: K) => !k.objects.failed.polling),
      always('P1 no thread lock after the send phase', (k: K) => !k.objects.failed.p1 && k.threads.every((x) => x.lockedBy === 0 || SEND_PHASE.has(k.threads[x.lockedBy - 1].phase))),
      always('P2 receiver ready after the send phase', (k: K) => !k.objects.failed.p2),
      always('sender lists', (k: K) => k.objects.senders.every((q, r) => distinct(q) && q.every((s) => s !== r + 1 && k.threads[s - 1].polling && k.threads[s - 1].to === r + 1))),
      always('no receiver stranded in a handshake', (k: K) =>
        k.threads.every((x, r) => !(x.transfer && x.receiving) || (k.threads[x.partner - 1].to === r + 1 && SEND_PHASE.has(k.threads[x.partner - 1].phase))),
      ),
    ],
    // The timeout of a blocked thread whose handshake has not begun (do_send_wait ignores a later one).
    expirable: (k) => k.threads.flatMap((x, i) => (x.timeout === 'set' && !x.transfer ? [i + 1] : [])),
    // IPC_timeout::expired: Thread_ipc_in_progress off, Thread_ready on; a receive ends with R_timeout, a send aborts when it runs.
    expire: (k, t) => {
      const w = new Work(k);
      const receiving = w.x(t).phase === 'receive';
      w.set(t, { timeout: 'hit', ipc: false });
      w.wake(t);
      if (receiving) endReceive(w, t);
      w.error(t, receiving ? 'R_timeout' : 'Timeout');
      return w.result(RETURNED);
    },
    label: (c, f) => ('gate' in c ? `${c.kind}(${f.objects[c.gate].name})` : c.kind),
  });
}
