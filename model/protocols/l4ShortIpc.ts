/**
 * M1: L4 X.2 short IPC (Pistachio): the thread is the message queue (spec card M1 in
 * `../shared/IPC-MODELS.md`).
 *
 * Sources: l4ka/pistachio@8be66aa `kernel/src/api/v4/ipc.cc`, the card's citation (`SYS_IPC`,
 * ipc.cc revision 1.65: send phase, receive phase, `enqueue_send`, zero and finite timeouts); the
 * scheduler's `check_dispatch_thread` (switch only to a higher priority) and its wake-up of timed-out
 * threads (`handle_ipc_timeout`).
 *
 * The system: `clients` client threads each make `rounds` Calls, `Ipc(S, S)`, to their server
 * (client c calls server ((c − 1) mod servers) + 1) with a request value in 0..values-1 written
 * into its message register by a user step; `servers` server threads loop on an open `Wait`,
 * handle the request (echoing it) and answer with `ReplyWait(client)`, `Ipc(client, anythread)`.
 * There are no endpoints: each thread's TCB holds the FIFO of senders polling it. Every thread
 * runs in its own component on one processor, through the hardware model: user steps go through
 * the MMU, every `Ipc` traps into the kernel, the kernel path runs atomically, and returning to
 * user mode loads the next thread's page table. A timer interrupt may preempt a running thread
 * whenever another is ready.
 *
 * The kernel, `Ipc(to, from, {snd, rcv})` as card M1 gives it:
 * - Send phase (`to` not nil): if `to` is waiting (`blockedOnReceive`) for me or for anythread,
 *   copy the message register, `to`'s Ipc completes and it is made ready. Otherwise `snd = 0`
 *   returns `ERR_IPC_TIMEOUT` at once (the receive phase is skipped, as in Pistachio), and any
 *   other `snd` appends me to `to`'s send queue, polling (`blockedOnSend`, `on` = `to`).
 * - Receive phase (`from` not nil): take a matching polling sender from my own queue (closed
 *   wait: only `from`; open wait: the head); its message is copied and its own Ipc continues with
 *   its receive phase, in the same kernel entry (a Call's sender then waits for me). With none,
 *   `rcv = 0` returns an error, otherwise I block waiting (`blockedOnReceive`, `on` = `from`, 0
 *   for anythread).
 * - A thread blocked with a finite timeout may be released by a nondeterministic `Expire` (a
 *   timer interrupt, taken in user mode or while the processor idles): it leaves the queue it
 *   polls, its Ipc returns `ERR_IPC_TIMEOUT` and it continues its program. `zero`, `finite` and
 *   `never` are the timeouts' three values; the error code is the `err` flag of the state.
 * - Scheduling follows Pistachio for equal priorities: a Call whose send succeeds blocks in its
 *   receive phase and switches directly to the receiver; a send-only Ipc or a completed receive
 *   leaves the caller running with the partner made ready; a zero-timeout receive that fails
 *   after a successful send donates the processor to the partner (`ipc.cc`: "timeslice
 *   donation"); a timed-out thread is made ready.
 *
 * Abstractions: one message register, one page per component, no long IPC (no string items, no
 * map/grant), no priorities, no local thread ids, no `anylocalthread`, no propagation, no thread
 * deletion. A thread whose program ends (`Exit`) stops for ever without leaving the system: it
 * never receives again, so a sender polling it waits until its timeout (L4 X.2 has no exit call;
 * a stopped thread behaves so). When a receiver takes a polling sender, the sender's transfer and
 * its receive phase run in the receiver's kernel entry and the receiver keeps the processor
 * (Pistachio switches to the sender, which does the copy and, for a Call, blocks and switches
 * straight back; for a send-only Ipc the sender would run first: an order preemption also
 * reaches). Thread ids: clients 1..C, then thread X (under `openReceiveReply` only), servers last.
 *
 * Properties: `send queues` (card M1's `polling(t→r) ⇔ t ∈ r.sendq`, with FIFO queues of
 * distinct threads), reply correctness (RC over the kernel's ghost call records: a Call, or F2's
 * request Send, is recorded when it is sent, received when a thread takes it, and any message
 * reaching a thread in the receive phase of its Call, or F2's open wait after its request, is
 * the reply), the run-queue invariant, kernel memory (every link lives in a TCB: 0),
 * isolation, privilege and kernel-mediated transfer from the hardware model, deadlock freedom
 * (every client and thread X done is the valid end), no thread stuck forever (a server idle in
 * its open wait for a request is not stuck), and the witness that a call completes.
 *
 * Verdicts where the card says nothing (a kernel designer's expectations, checked for two clients,
 * one server and one or two rounds over every combination of the four timeouts; the registry runs
 * keep the all-finite, the zero-send and the default zero-reply cases):
 * - Finite timeouts anywhere keep every property: a thread that polls or waits can always give up.
 * - A Call with snd = 0 fails (the thread goes on) unless its server already waits; every property
 *   holds. With rcv = 0 every Call fails, since the server cannot have answered within the Call:
 *   no call ever completes.
 * - `ReplyWait` with snd = 0, the L4 convention, never loses a Call's reply: a caller waits for its
 *   server from the moment its request is taken. With snd = finite or never the reply still always
 *   arrives, as long as callers wait with rcv = never. With a finite rcv a caller may give up; a
 *   server replying with snd = never then polls it for ever (STUCK(server), F3's mechanism), and a
 *   caller calling again polls the polling server (F1's deadlock). Hence the convention.
 * - A server waiting with rcv = 0 spins: it takes only senders already polling it, so clients
 *   calling with snd = 0 never reach it.
 *
 * Seeded bugs (card M1's F1–F3):
 * - `mutualCall` (F1): server 1 first calls client 1 back, `Ipc(C1, C1)`, while client 1 calls it,
 *   `Ipc(S1, S1)`; neither waits, so both poll each other. With `callSend: 'never'` deadlock
 *   freedom fails (and both are stuck); with `callSend: 'finite'` the first poll to time out
 *   returns an error and breaks the cycle (if it is server 1's, server 1 then takes client 1's
 *   request from its queue; if it is client 1's, server 1's call back times out later), and
 *   everything holds. The registry runs use two servers, so that client 2 is served by server 2
 *   and only the pair is stuck.
 * - `openReceiveReply` (F2): client 1 sends its request with `Send` and then waits for the reply
 *   with an open `Wait`; thread X sends client 1 a message (its register's 0, snd = 0, with no
 *   user step first) and, arriving first, is taken as the reply: reply correctness fails. With
 *   `callReceive: 'never'` the split also loses the reply itself: the server's `ReplyWait`
 *   (snd = 0) can come before client 1 waits, and client 1 then waits for ever (deadlock freedom
 *   and no thread stuck fail too); the registry run isolating RC gives client 1 a finite rcv.
 * - `replyToNonReceiver` (F3): client 1 sends one-way (`Send`) and never receives. The server
 *   replies all the same: with `replySend: 'never'` it polls client 1 for ever (STUCK(server));
 *   with the default `replySend: 'zero'` the reply is dropped with an error and everything holds.
 *   The registry runs use two servers, so that client 2 is not starved by the stuck server.
 */
import { defineModel, type Model } from '../core/model.js';
import { replaceAt } from '../core/replaceAt.js';
import { array, bool, int, oneOf, record, type Infer } from '../core/shape/index.js';
import type { SequenceEvent } from '../core/sequence.js';
import { hwShape, initialHw, returnToUser, trap, userAccess } from '../hw/cpu.js';
import type { PageTable } from '../hw/pageTable.js';
import { poll, senderQueuesOk, senderQueuesShape, stopPolling, takeSender } from '../kernel/senderQueues.js';
import { callGhostShape, ghostCall, ghostReceived, ghostReply, ghostStep, initialCallGhost, type CallGhost } from '../kernel/ghostCalls.js';
import { messageRegistersShape } from '../kernel/messageRegisters.js';
import { makeReady, preempt, runQueueOk, scheduleNext, schedulerShape, switchTo, type Scheduler } from '../kernel/scheduler.js';
import { isBlocked, RUNNING, tcbShape, type Tcb } from '../kernel/tcb.js';
import { always, deadlockFree, neverStuck, sometimes } from '../../properties/index.js';
import { machineProperties } from '../hw/properties/index.js';
import { kernelMemoryBound, replyCorrectness } from '../kernel/properties/index.js';
import { unreachable } from '../core/unreachable.js';

/**
 * The seeded bugs of {@link l4ShortIpc}; `none` is the specification.
 *
 * @example
 * BUGS.includes('none'); // true
 */
export const BUGS = ['none', 'mutualCall', 'openReceiveReply', 'replyToNonReceiver'] as const;
/**
 * The timeout values of {@link l4ShortIpc}.
 *
 * @example
 * TIMEOUTS.includes('finite'); // true
 */
export const TIMEOUTS = ['zero', 'finite', 'never'] as const;

/**
 * A seeded bug of {@link l4ShortIpc} (card M1's F1–F3), or `none`.
 *
 * @example
 * const bug: L4ShortIpcBug = 'mutualCall';
 */
export type L4ShortIpcBug = (typeof BUGS)[number];

/**
 * An L4 X.2 IPC timeout: `zero` (fail at once), `finite` (a timer may expire) or `never`.
 *
 * @example
 * const snd: L4ShortIpcTimeout = 'finite';
 */
export type L4ShortIpcTimeout = (typeof TIMEOUTS)[number];

/**
 * Configuration of {@link l4ShortIpc}. Timeouts are per role: the client's Call (its send and its
 * receive phase; also server 1's call back under `mutualCall`), the server's reply (the send
 * phase of `ReplyWait`) and the server's wait for a request.
 *
 * @example
 * const cfg: L4ShortIpcConfig = {
 *   clients: 2, servers: 1, rounds: 1, values: 2,
 *   callSend: 'never', callReceive: 'never', replySend: 'zero', serverReceive: 'never',
 *   preemption: true, bug: 'none',
 * };
 */
export interface L4ShortIpcConfig {
  readonly clients: number;
  readonly servers: number;
  /** Calls each client makes. */
  readonly rounds: number;
  /** Request values 0..values-1; the answer echoes the request. */
  readonly values: number;
  /** Send timeout of a Call (and of F2's and F3's request Send). */
  readonly callSend: L4ShortIpcTimeout;
  /** Receive timeout of a Call (and of F2's open wait for the reply). */
  readonly callReceive: L4ShortIpcTimeout;
  /** Send timeout of the server's `ReplyWait`. */
  readonly replySend: L4ShortIpcTimeout;
  /** Receive timeout of the server's open wait (`Wait`, and `ReplyWait`'s receive phase). */
  readonly serverReceive: L4ShortIpcTimeout;
  /** Whether a timer interrupt may preempt a running thread. */
  readonly preemption: boolean;
  readonly bug: L4ShortIpcBug;
}

/** Where each thread's user program is; while a thread is inside an Ipc, the Ipc it makes. */
const PCS = ['prepare', 'call', 'sendRequest', 'openWait', 'sendOneWay', 'exit', 'done', 'wait', 'handle', 'replyWait', 'callback'] as const;
type Pc = (typeof PCS)[number];

/**
 * A step of {@link l4ShortIpc}: a user step of the running thread, an Ipc it makes (named after
 * the L4 X.2 convenience call its arguments amount to), a timeout expiring for a blocked thread,
 * a timer interrupt, or the kernel's return to user mode. Thread ids are 1-based.
 *
 * @example
 * const a: L4ShortIpcAction = { kind: 'Call', t: 1 };
 * const e: L4ShortIpcAction = { kind: 'Expire', t: 3 };
 */
export type L4ShortIpcAction =
  | { readonly kind: 'Prepare'; readonly t: number; readonly v: number }
  | { readonly kind: 'Handle'; readonly t: number }
  | { readonly kind: 'Call'; readonly t: number }
  | { readonly kind: 'Send'; readonly t: number }
  | { readonly kind: 'Wait'; readonly t: number }
  | { readonly kind: 'ReplyWait'; readonly t: number }
  | { readonly kind: 'Exit'; readonly t: number }
  | { readonly kind: 'Expire'; readonly t: number }
  | { readonly kind: 'Preempt' }
  | { readonly kind: 'Return' };

function l4Shape(threads: number, rounds: number, values: number) {
  return record({
    hw: hwShape({ components: threads, pages: 1, frames: threads }),
    sched: schedulerShape(threads),
    /** `on`: the partner polled (blockedOnSend) or awaited (blockedOnReceive; 0 = anythread). */
    tcb: array(threads, tcbShape(threads)),
    /** Per thread, the FIFO of senders polling it (Pistachio's `send_head` list). */
    sendq: senderQueuesShape(threads, threads - 1),
    pc: array(threads, oneOf(...PCS)),
    round: array(threads, int(0, rounds)),
    /** One message register per thread. */
    mr: messageRegistersShape(threads, values),
    /** Per thread, the sender of the last message it received (what `Ipc` returns as `from`); 0 for none. */
    partner: array(threads, int(0, threads)),
    /** Per thread, whether its last Ipc returned an error (`ERR_IPC_TIMEOUT`); cleared when it next enters Ipc. */
    err: array(threads, bool()),
    ghost: callGhostShape(threads, values),
  });
}

/**
 * A state of {@link l4ShortIpc}.
 *
 * @example
 * const s: L4ShortIpcState = l4ShortIpc().init()[0];
 * s.sendq[2]; // [] (nobody polls the server yet)
 */
export type L4ShortIpcState = Infer<ReturnType<typeof l4Shape>>;

/** The arguments of one Ipc: `to` 0 is nilthread; `from` null is nilthread and 0 anythread. */
interface Ipc {
  readonly to: number;
  readonly from: number | null;
  readonly snd: L4ShortIpcTimeout;
  readonly rcv: L4ShortIpcTimeout;
  /** The send carries a request whose sender awaits the answer (ghost: a call). */
  readonly request: boolean;
  /** The receive phase awaits the answer to the sender's request (ghost: a reply). */
  readonly replyWait: boolean;
}

/** A working copy of the kernel's state during one kernel entry. */
interface K {
  sched: Scheduler;
  tcb: Tcb[];
  sendq: (readonly number[])[];
  pc: Pc[];
  round: number[];
  mr: number[];
  partner: number[];
  err: boolean[];
  ghost: CallGhost;
  /** A thread the caller's send phase made ready, for a direct switch if the caller then blocks. */
  woken: number;
  /** Sequence-chart events, collected only when drawing a trace. */
  log: SequenceEvent[] | null;
}

/**
 * The L4 X.2 short-IPC model.
 *
 * @example
 * const r = check(l4ShortIpc({ clients: 2, servers: 1 }));
 * r.verdicts['send queues'].status;                                                        // 'holds'
 * check(l4ShortIpc({ bug: 'mutualCall', servers: 2 })).verdicts['deadlock free'].status;    // 'violated'
 * check(l4ShortIpc({ bug: 'mutualCall', servers: 2, callSend: 'finite' })).ok;             // true
 */
export function l4ShortIpc(config: Partial<L4ShortIpcConfig> = {}): Model<L4ShortIpcState, L4ShortIpcAction> {
  const cfg: L4ShortIpcConfig = { ...DEFAULTS, ...config };
  const { clients: C, servers: S, rounds: R, values: P, bug } = cfg;
  const whole = (name: string, v: number, min: number, max: number) => {
    if (!Number.isSafeInteger(v) || v < min || v > max) throw new RangeError(`l4ShortIpc: ${name} must be a whole number from ${min} to ${max}, got ${v}`);
  };
  whole('clients', C, 1, 3);
  whole('servers', S, 1, 2);
  whole('rounds', R, 1, 3);
  whole('values', P, 1, 3);
  for (const role of ['callSend', 'callReceive', 'replySend', 'serverReceive'] as const) {
    if (!TIMEOUTS.includes(cfg[role])) throw new RangeError(`l4ShortIpc: ${role} must be one of ${TIMEOUTS.join(', ')}, got '${cfg[role]}'`);
  }
  if (typeof cfg.preemption !== 'boolean') throw new RangeError(`l4ShortIpc: preemption must be true or false, got ${String(cfg.preemption)}`);
  if (!BUGS.includes(bug)) throw new RangeError(`l4ShortIpc: unknown bug '${bug}'; valid: ${BUGS.join(', ')}`);

  const X = bug === 'openReceiveReply' ? C + 1 : 0; // thread X, F2's third party
  const T = C + (X === 0 ? 0 : 1) + S;
  const isServer = (t: number) => t > T - S;
  const serverIndex = (t: number) => t - (T - S); // 1..S
  const serverOf = (c: number) => T - S + ((c - 1) % S) + 1;
  const answer = (request: number) => request;
  const tables: PageTable[] = Array.from({ length: T }, (_, i) => [{ frame: i, write: true }]);

  // ---- the Ipc each program point makes ---------------------------------------------------------
  const ipcOf = (t: number, pc: Pc, partner: number): Ipc | null => {
    const call = (to: number): Ipc => ({ to, from: to, snd: cfg.callSend, rcv: cfg.callReceive, request: true, replyWait: true });
    switch (pc) {
      case 'call':
        return call(serverOf(t));
      case 'callback':
        return call(1);
      case 'sendRequest':
        return { to: serverOf(t), from: null, snd: cfg.callSend, rcv: 'never', request: true, replyWait: false };
      case 'sendOneWay':
        // F2's thread X sends to client 1 with send timeout 0; F3's client 1 sends its request one-way.
        return t === X
          ? { to: 1, from: null, snd: 'zero', rcv: 'never', request: false, replyWait: false }
          : { to: serverOf(t), from: null, snd: cfg.callSend, rcv: 'never', request: false, replyWait: false };
      case 'openWait':
        return { to: 0, from: 0, snd: 'never', rcv: cfg.callReceive, request: false, replyWait: true };
      case 'wait':
        return { to: 0, from: 0, snd: 'never', rcv: cfg.serverReceive, request: false, replyWait: false };
      case 'replyWait':
        return { to: partner, from: 0, snd: cfg.replySend, rcv: cfg.serverReceive, request: false, replyWait: false };
      case 'prepare':
      case 'exit':
      case 'done':
      case 'handle':
        return null;
      default:
        return unreachable(pc);
    }
  };
  const ipcIn = (st: { pc: readonly Pc[]; partner: readonly number[] }, t: number) => ipcOf(t, st.pc[t - 1], st.partner[t - 1]);

  // ---- kernel -------------------------------------------------------------------------------------
  const runnableIn = (tcb: readonly Tcb[]) => (t: number) => tcb[t - 1].state === 'running';
  const DONE: Tcb = { state: 'done', on: 0, isCall: false };
  const lane = (t: number) => t - 1;

  const kernelOf = (st: L4ShortIpcState, log: SequenceEvent[] | null): K => ({
    sched: st.sched,
    tcb: st.tcb.slice(),
    sendq: st.sendq.slice(),
    pc: st.pc.slice(),
    round: st.round.slice(),
    mr: st.mr.slice(),
    partner: st.partner.slice(),
    err: st.err.slice(),
    ghost: ghostStep(st.ghost),
    woken: 0,
    log,
  });

  /** Where a thread's program goes once its Ipc returns, successfully (`ok`) or with an error. */
  const complete = (k: K, t: number, ok: boolean): void => {
    k.err[t - 1] = !ok;
    if (!ok) k.log?.push({ kind: 'mark', lane: lane(t), label: 'ERR_IPC_TIMEOUT', mark: 'note' });
    const roundDone = (): Pc => {
      k.round[t - 1] += 1;
      return k.round[t - 1] >= R ? 'exit' : 'prepare';
    };
    const pc = k.pc[t - 1];
    let next: Pc;
    switch (pc) {
      case 'call':
      case 'openWait':
        next = roundDone();
        break;
      case 'sendRequest':
        next = ok ? 'openWait' : roundDone();
        break;
      case 'sendOneWay':
        next = t === X ? 'exit' : roundDone();
        break;
      case 'wait':
      case 'replyWait':
        next = ok ? 'handle' : 'wait';
        break;
      case 'callback':
        next = 'wait';
        break;
      default:
        throw new Error(`l4ShortIpc: thread ${t} completed an Ipc at '${pc}'`);
    }
    k.pc[t - 1] = next;
  };

  /** Copies sender `s`'s message register to receiver `r`, and records it in the ghost call records. */
  const transfer = (k: K, s: number, r: number): void => {
    const value = k.mr[s - 1];
    const replyWait = ipcOf(r, k.pc[r - 1], k.partner[r - 1])?.replyWait === true;
    const request = k.ghost.pending[s - 1];
    k.log?.push({ kind: 'message', from: lane(s), to: lane(r), label: `${replyWait ? 'reply' : request !== null && request.server === 0 ? 'call' : 'send'} ${value}` });
    k.mr[r - 1] = value;
    k.partner[r - 1] = s;
    k.ghost = replyWait ? ghostReply(k.ghost, r, s, value) : ghostReceived(k.ghost, s, r);
  };

  /** A blocked thread's Ipc returns: it runs again (is made ready). */
  const release = (k: K, t: number, ok: boolean): void => {
    k.tcb[t - 1] = RUNNING;
    complete(k, t, ok);
    k.sched = makeReady(k.sched, t);
  };

  /** The send phase of `t`'s Ipc. */
  const sendPhase = (k: K, t: number, ipc: Ipc): 'sent' | 'blocked' | 'error' => {
    const r = ipc.to;
    if (ipc.request) k.ghost = ghostCall(k.ghost, t, k.mr[t - 1]);
    const to = k.tcb[r - 1];
    if (to.state === 'blockedOnReceive' && (to.on === t || to.on === 0)) {
      transfer(k, t, r);
      release(k, r, true);
      k.woken = r;
      return 'sent';
    }
    if (ipc.snd === 'zero') return 'error';
    k.sendq = poll(k.sendq, r, t);
    k.tcb[t - 1] = { state: 'blockedOnSend', on: r, isCall: ipc.from !== null };
    return 'blocked';
  };

  /** The receive phase of `t`'s Ipc: take a matching polling sender from `t`'s own queue, or wait. */
  const recvPhase = (k: K, t: number, ipc: Ipc): 'received' | 'blocked' | 'error' => {
    const from = ipc.from ?? 0;
    const { sender: p, queues } = takeSender(k.sendq, t, from);
    if (p !== 0) {
      k.sendq = queues;
      transfer(k, p, t);
      senderContinues(k, p);
      return 'received';
    }
    if (ipc.rcv === 'zero') return 'error';
    k.tcb[t - 1] = { state: 'blockedOnReceive', on: from, isCall: false };
    return 'blocked';
  };

  /** A polling sender `p` whose message was just taken: its Ipc goes on to its receive phase, or returns. */
  const senderContinues = (k: K, p: number): void => {
    const ipc = ipcOf(p, k.pc[p - 1], k.partner[p - 1]);
    if (ipc === null) throw new Error(`l4ShortIpc: polling thread ${p} is not in an Ipc`);
    if (ipc.from === null) return release(k, p, true);
    const r = recvPhase(k, p, ipc);
    if (r !== 'blocked') release(k, p, r === 'received');
  };

  /** Ends a kernel entry by `st.sched.current`: the processor stays in kernel mode with the next thread chosen. */
  const finish = (st: L4ShortIpcState, k: K, blocked: boolean, donate = false): L4ShortIpcState => {
    const runnable = runnableIn(k.tcb);
    let sched = k.sched;
    if (blocked) sched = k.woken !== 0 && runnable(k.woken) ? switchTo(sched, k.woken, false) : scheduleNext({ current: 0, ready: sched.ready }, runnable);
    else if (donate) sched = makeReady(switchTo(sched, k.woken, false), st.sched.current);
    return { hw: trap(st.hw), sched, tcb: k.tcb, sendq: k.sendq, pc: k.pc, round: k.round, mr: k.mr, partner: k.partner, err: k.err, ghost: k.ghost };
  };

  /** `Ipc(to, from, {snd, rcv})` by `t`, with the arguments its program point gives. */
  const ipcCall = (st: L4ShortIpcState, t: number, log: SequenceEvent[] | null): L4ShortIpcState => {
    const k = kernelOf(st, log);
    k.err[t - 1] = false;
    const ipc = ipcIn(st, t);
    if (ipc === null) throw new Error(`l4ShortIpc: thread ${t} makes no Ipc at '${st.pc[t - 1]}'`);
    if (ipc.to !== 0) {
      const r = sendPhase(k, t, ipc);
      if (r === 'blocked') return finish(st, k, true);
      if (r === 'error') {
        complete(k, t, false);
        return finish(st, k, false);
      }
    }
    if (ipc.from === null) {
      complete(k, t, true);
      return finish(st, k, false);
    }
    const r = recvPhase(k, t, ipc);
    if (r === 'blocked') return finish(st, k, true);
    complete(k, t, r === 'received');
    return finish(st, k, false, r === 'error' && k.woken !== 0);
  };

  /** A finite timeout of blocked thread `t` expires: it leaves the queue it polls and its Ipc returns an error. */
  const expire = (st: L4ShortIpcState, t: number, log: SequenceEvent[] | null): L4ShortIpcState => {
    const k = kernelOf(st, log);
    const x = k.tcb[t - 1];
    if (x.state === 'blockedOnSend') k.sendq = stopPolling(k.sendq, x.on, t);
    release(k, t, false);
    let sched = k.sched;
    if (sched.current === 0) sched = scheduleNext(sched, runnableIn(k.tcb));
    const hw = st.hw.mode === 'user' ? trap(st.hw) : st.hw;
    return { hw, sched, tcb: k.tcb, sendq: k.sendq, pc: k.pc, round: k.round, mr: k.mr, partner: k.partner, err: k.err, ghost: k.ghost };
  };

  /** Whether blocked thread `t` waits with a finite timeout, so that `Expire(t)` may happen. */
  const expirable = (st: L4ShortIpcState, t: number): boolean => {
    const x = st.tcb[t - 1];
    if (x.state !== 'blockedOnSend' && x.state !== 'blockedOnReceive') return false;
    const ipc = ipcIn(st, t);
    return ipc !== null && (x.state === 'blockedOnSend' ? ipc.snd : ipc.rcv) === 'finite';
  };

  // ---- actions ------------------------------------------------------------------------------------
  const PREPARE = Array.from({ length: T + 1 }, (_, t) => Array.from({ length: P }, (_, v): L4ShortIpcAction => ({ kind: 'Prepare', t, v })));
  const act = <K2 extends Exclude<L4ShortIpcAction['kind'], 'Prepare' | 'Preempt' | 'Return'>>(kind: K2) =>
    Array.from({ length: T + 1 }, (_, t) => ({ kind, t }) as L4ShortIpcAction);
  const HANDLE = act('Handle');
  const CALL = act('Call');
  const SEND = act('Send');
  const WAIT = act('Wait');
  const REPLY_WAIT = act('ReplyWait');
  const EXIT = act('Exit');
  const EXPIRE = act('Expire');
  const PREEMPT: L4ShortIpcAction = { kind: 'Preempt' };
  const RETURN: L4ShortIpcAction = { kind: 'Return' };

  const actions = (st: L4ShortIpcState): L4ShortIpcAction[] => {
    const t = st.sched.current;
    const out: L4ShortIpcAction[] = [];
    const expiries = () => {
      for (let u = 1; u <= T; u++) if (expirable(st, u)) out.push(EXPIRE[u]);
    };
    if (st.hw.mode === 'kernel') {
      // The kernel path is atomic; an idle processor takes only timer interrupts.
      if (t !== 0) return [RETURN];
      expiries();
      return out;
    }
    switch (st.pc[t - 1]) {
      case 'prepare':
        for (let v = 0; v < P; v++) out.push(PREPARE[t][v]);
        break;
      case 'call':
      case 'callback':
        out.push(CALL[t]);
        break;
      case 'sendRequest':
      case 'sendOneWay':
        out.push(SEND[t]);
        break;
      case 'openWait':
      case 'wait':
        out.push(WAIT[t]);
        break;
      case 'replyWait':
        out.push(REPLY_WAIT[t]);
        break;
      case 'handle':
        out.push(HANDLE[t]);
        break;
      case 'exit':
        out.push(EXIT[t]);
        break;
      case 'done':
        break;
      default:
        unreachable(st.pc[t - 1] as never);
    }
    if (cfg.preemption && st.sched.ready.some(runnableIn(st.tcb))) out.push(PREEMPT);
    expiries();
    return out;
  };

  /** Where each thread's program starts: clients prepare a request, thread X sends at once, servers wait (F1: server 1 calls back). */
  const initialPc = (t: number): Pc => {
    if (t === X) return 'sendOneWay';
    if (isServer(t)) return bug === 'mutualCall' && serverIndex(t) === 1 ? 'callback' : 'wait';
    return 'prepare';
  };
  /** The program point after a client's Prepare: the Ipc that sends the value. */
  const afterPrepare = (t: number): Pc => {
    if (t === 1 && bug === 'openReceiveReply') return 'sendRequest';
    if (t === 1 && bug === 'replyToNonReceiver') return 'sendOneWay';
    return 'call';
  };

  const step = (st: L4ShortIpcState, a: L4ShortIpcAction, log: SequenceEvent[] | null): L4ShortIpcState => {
    switch (a.kind) {
      case 'Return': {
        const hw = returnToUser(st.hw, st.sched.current - 1);
        return { ...st, hw, ghost: ghostStep(st.ghost) };
      }
      case 'Preempt':
        return { ...st, hw: trap(st.hw), sched: preempt(st.sched, runnableIn(st.tcb)), ghost: ghostStep(st.ghost) };
      case 'Expire':
        return expire(st, a.t, log);
      case 'Prepare':
      case 'Handle': {
        const t = a.t;
        const r = userAccess(st.hw, t - 1, 0, a.kind === 'Prepare' ? 'write' : 'read');
        if ('fault' in r.translation) throw new Error(`l4ShortIpc: thread ${t}'s message page faulted`);
        const mr = a.kind === 'Prepare' ? replaceAt(st.mr, t - 1, a.v) : st.mr;
        const pc = replaceAt(st.pc, t - 1, a.kind === 'Prepare' ? afterPrepare(t) : 'replyWait');
        return { ...st, hw: r.hw, mr, pc, ghost: ghostStep(st.ghost) };
      }
      case 'Call':
      case 'Send':
      case 'Wait':
      case 'ReplyWait':
        return ipcCall(st, a.t, log);
      case 'Exit': {
        const k = kernelOf(st, log);
        k.tcb[a.t - 1] = DONE;
        k.pc[a.t - 1] = 'done';
        return finish(st, k, true);
      }
      default:
        return unreachable(a);
    }
  };

  // ---- properties ---------------------------------------------------------------------------------
  const threadName = (t: number) => (t === X ? 'thread X' : isServer(t) ? `server ${serverIndex(t)}` : `client ${t}`);
  const names = Array.from({ length: T }, (_, i) => threadName(i + 1));
  const finished = (st: L4ShortIpcState) => {
    for (let t = 1; t <= T; t++) if (!isServer(t) && st.tcb[t - 1].state !== 'done') return false;
    return true;
  };
  /** Thread `th` is inside an Ipc that awaits the answer to its request: blocked in it, or making it in this step. */
  const awaitsReply = (s: L4ShortIpcState, th: number) =>
    ipcIn(s, th)?.replyWait === true && (isBlocked(s.tcb[th - 1]) || (s.sched.current === th && s.hw.mode === 'user'));
  /** A server in its open wait for a request is idle, not stuck. */
  const idleServer = (st: L4ShortIpcState, t: number) => isServer(t) && st.tcb[t - 1].state === 'blockedOnReceive' && st.tcb[t - 1].on === 0;

  const events = (s: L4ShortIpcState, a: L4ShortIpcAction, t: L4ShortIpcState): SequenceEvent[] => {
    const out: SequenceEvent[] = [];
    switch (a.kind) {
      case 'Return':
        out.push({ kind: 'mark', lane: lane(t.sched.current), label: 'return to user', mark: 'note' });
        return out;
      case 'Preempt':
        out.push({ kind: 'mark', lane: lane(s.sched.current), label: 'timer interrupt', mark: 'kernel' });
        return out;
      case 'Prepare':
        out.push({ kind: 'mark', lane: lane(a.t), label: `request ${a.v}`, mark: 'note' });
        return out;
      case 'Handle':
        out.push({ kind: 'mark', lane: lane(a.t), label: 'handle', mark: 'note' });
        return out;
      case 'Expire':
        out.push({ kind: 'mark', lane: lane(a.t), label: 'timeout', mark: 'kernel' });
        break;
      default:
        out.push({ kind: 'mark', lane: lane(a.t), label: a.kind, mark: 'kernel' });
    }
    step(s, a, out);
    for (let u = 1; u <= T; u++) {
      const was = s.tcb[u - 1];
      const now = t.tcb[u - 1];
      if (isBlocked(now) && (!isBlocked(was) || was.state !== now.state)) {
        const on = now.on === 0 ? 'anythread' : threadName(now.on);
        out.push({ kind: 'mark', lane: lane(u), label: now.state === 'blockedOnSend' ? `polling ${on}` : `waiting for ${on}`, mark: 'block' });
      }
      if (!isBlocked(now) && isBlocked(was)) out.push({ kind: 'mark', lane: lane(u), label: 'unblocked', mark: 'unblock' });
    }
    return out;
  };

  const timeouts = (['callSend', 'callReceive', 'replySend', 'serverReceive'] as const)
    .filter((role) => cfg[role] !== DEFAULTS[role])
    .map((role) => `,${role}=${cfg[role]}`)
    .join('');
  const name = `l4ShortIpc(clients=${C},servers=${S},rounds=${R},values=${P}${timeouts}${cfg.preemption ? '' : ',preemption=false'}${bug === 'none' ? '' : `,bug=${bug}`})`;
  return defineModel<L4ShortIpcState, L4ShortIpcAction>({
    name,
    config: { ...cfg },
    shape: l4Shape(T, R, P),
    init: () => [
      {
        hw: initialHw(tables),
        sched: { current: 1, ready: Array.from({ length: T - 1 }, (_, i) => i + 2) },
        tcb: Array.from({ length: T }, () => RUNNING),
        sendq: Array.from({ length: T }, () => []),
        pc: Array.from({ length: T }, (_, i) => initialPc(i + 1)),
        round: Array.from({ length: T }, () => 0),
        mr: Array.from({ length: T }, () => 0),
        partner: Array.from({ length: T }, () => 0),
        err: Array.from({ length: T }, () => false),
        ghost: initialCallGhost(T),
      },
    ],
    actions,
    next: (st, a) => step(st, a, null),
    showAction: (a) => (a.kind === 'Preempt' || a.kind === 'Return' ? a.kind : a.kind === 'Prepare' ? `Prepare(${threadName(a.t)}, ${a.v})` : `${a.kind}(${threadName(a.t)})`),
    sequence: {
      lanes: Array.from({ length: T }, (_, i) => ({ name: threadName(i + 1), group: `space ${i + 1}` })),
      events,
    },
    properties: [
      always('send queues', (st: L4ShortIpcState) => senderQueuesOk(st.sendq, st.tcb)),
      replyCorrectness((st: L4ShortIpcState) => st.ghost, answer, {
        waiting: awaitsReply,
        resumed: (s: L4ShortIpcState, t: L4ShortIpcState, th) => awaitsReply(s, th) && t.pc[th - 1] !== s.pc[th - 1] && !t.err[th - 1],
      }),
      always('run queue', (st: L4ShortIpcState) => runQueueOk(st.sched, T, runnableIn(st.tcb), false)),
      kernelMemoryBound(() => 0, 0),
      ...machineProperties(
        (st: L4ShortIpcState) => st.hw,
        (st: L4ShortIpcState) => st.sched.current,
      ),
      deadlockFree({ validEnd: finished }),
      neverStuck('no thread stuck forever', { threads: names, blocked: (st: L4ShortIpcState, i) => isBlocked(st.tcb[i]) && !idleServer(st, i + 1) }),
      sometimes('a call completes', (st: L4ShortIpcState) => st.ghost.delivered !== null),
    ],
  });
}

/**
 * The default configuration of {@link l4ShortIpc}.
 *
 * @example
 * DEFAULTS.bug; // 'none'
 */
export const DEFAULTS: L4ShortIpcConfig = {
  clients: 2,
  servers: 1,
  rounds: 1,
  values: 2,
  callSend: 'never',
  callReceive: 'never',
  replySend: 'zero',
  serverReceive: 'never',
  preemption: true,
  bug: 'none',
};
