/**
 * M3: seL4 endpoints, non-MCS: synchronous IPC with constrained data movement (spec card M3 in
 * `../shared/IPC-MODELS.md`).
 *
 * Sources: seL4/seL4@1326364 `manual/parts/{ipc,objects}.tex`, `src/object/{endpoint,tcb}.c`,
 * `src/api/syscall.c` (`handleRecv`); the l4v invariants `valid_ep` and `sym_refs` from
 * `Invariants_AI`.
 *
 * The system: `clients` client threads each make `rounds` Calls on an endpoint with a request
 * value in 0..values-1 (chosen when the client writes it into its IPC buffer); `servers` server
 * threads receive on it and answer each request by echoing it, with ReplyRecv or with Reply and
 * then Recv. `senders` more threads make one-way Sends (blocking Send or NBSend, dropped when no
 * server waits). Every thread runs in its own component on one processor, through the hardware
 * model: user steps go through the MMU, every system call traps into the kernel, the kernel path
 * runs atomically (seL4 is not preemptible), and returning to user mode loads the next thread's
 * page table. A timer interrupt may preempt a running thread whenever another is ready.
 *
 * The kernel (`model/kernel`): an endpoint is Idle or a FIFO of senders or of receivers; a Call
 * handed to a receiver puts `Reply(caller)` in the receiver's caller slot and leaves the caller
 * BlockedOnReply; `Recv` first deletes the receiver's caller slot; `Reply` never blocks and does
 * nothing on an empty slot; a message is one register, copied between per-thread buffers the
 * kernel always reaches, so IPC never page-faults. The kernel switches directly to the receiver
 * of a Call and to the caller of a ReplyRecv that blocks; `lazy` keeps blocked threads in the run
 * queue until the scheduler reaches them.
 *
 * Abstractions: one endpoint (two under `mutualCall` and `selfFaultHandler`), one message
 * register, one page per component, no badges, no notifications, no capability derivation; a
 * capability's Grant right is a per-client flag. Thread ids: clients 1..C, senders next, servers last.
 *
 * Properties: `INV-EP` (l4v `valid_ep`), `INV-SYM` (a thread is BlockedOnSend or BlockedOnReceive
 * on an endpoint exactly when it is in that endpoint's queue), `INV-R` (a caller slot names only
 * a thread BlockedOnReply, and at most one slot names it), reply correctness (RC), the run-queue
 * invariant, kernel memory (nothing is allocated on the IPC path: 0), isolation, privilege and
 * kernel-mediated transfer from the hardware model, deadlock freedom (every client and sender
 * done is the valid end), no client stuck forever, and the witness that a call completes.
 *
 * Seeded bugs (card M3's F1–F6, and one for the hardware):
 * - `lostReply` (F1): a server may call Recv again before replying; Recv deletes the caller
 *   slot, so the caller waits for ever: no client stuck fails.
 * - `replyToAnyWaiter` (F2, mutant): Reply answers the lowest-numbered thread BlockedOnReply
 *   instead of the caller slot's: with two servers a client gets the other server's answer.
 * - `mutualCall` (F3): two single-threaded servers, each calling the other's endpoint from its
 *   handler: both end BlockedOnSend and deadlock freedom fails.
 * - `selfFaultHandler` (F4): client 1's IPC buffer is unmapped and its fault endpoint is served
 *   by client 1 itself: the fault message leaves it BlockedOnSend for ever.
 * - `callWithoutGrant` (F5): client 1's endpoint capability lacks Grant, so the kernel makes it
 *   Inactive when its Call is received (documented seL4 behaviour): client 1 is stuck.
 * - `callAsSend` (F6, mutant; a third-party Lean model had it): a queued Call sender dequeued by
 *   Recv is made ready as if it had Sent: the client leaves Call without a reply.
 * - `noPageTableSwitch`: returning to user mode does not load the next thread's page table, so
 *   its first access reaches the previous component's frame: isolation fails.
 */
import { defineModel, type Model } from '../core/model.js';
import { replaceAt } from '../core/replaceAt.js';
import { array, int, oneOf, record, type Infer } from '../core/shape/index.js';
import type { SequenceEvent } from '../core/sequence.js';
import { hwShape, initialHw, returnToUser, trap, userAccess } from '../hw/cpu.js';
import type { PageTable } from '../hw/pageTable.js';
import { endpointOk } from '../kernel/endpoint.js';
import { runQueueOk } from '../kernel/scheduler.js';
import { initialSel4Kernel, runnableIn, sel4KernelShape, sel4Preempt, sel4Syscall, sel4UserStep, type Sel4KernelOptions, type Sel4Syscall } from '../kernel/sel4Ipc.js';
import { isBlocked } from '../kernel/tcb.js';
import { always, deadlockFree, neverStuck, sometimes } from '../../properties/index.js';
import { machineProperties } from '../hw/properties/index.js';
import { kernelMemoryBound, replyCorrectness } from '../kernel/properties/index.js';
import { unreachable } from '../core/unreachable.js';

/**
 * The seeded bugs of {@link sel4Endpoints}; `none` is the specification.
 *
 * @example
 * BUGS.includes('none'); // true
 */
export const BUGS = ['none', 'lostReply', 'replyToAnyWaiter', 'mutualCall', 'selfFaultHandler', 'callWithoutGrant', 'callAsSend', 'noPageTableSwitch'] as const;

/**
 * A seeded bug of {@link sel4Endpoints}, or `none`.
 *
 * @example
 * const bug: Sel4Bug = 'lostReply';
 */
export type Sel4Bug = (typeof BUGS)[number];

/**
 * Configuration of {@link sel4Endpoints}.
 *
 * @example
 * const cfg: Sel4Config = { clients: 2, servers: 1, senders: 0, rounds: 1, values: 2, preemption: true, lazy: false, bug: 'none' };
 */
export interface Sel4Config {
  readonly clients: number;
  readonly servers: number;
  /** Threads making one-way Sends (Send or NBSend), one per round. */
  readonly senders: number;
  /** Calls (or Sends) each client (or sender) makes. */
  readonly rounds: number;
  /** Request values 0..values-1; the answer echoes the request. */
  readonly values: number;
  /** Whether a timer interrupt may preempt a running thread. */
  readonly preemption: boolean;
  /** Lazy scheduling: blocked threads stay queued until the scheduler reaches them. */
  readonly lazy: boolean;
  readonly bug: Sel4Bug;
}

/** Where each thread's user program is. */
const PCS = ['prepare', 'call', 'send', 'exit', 'done', 'recv', 'handle', 'callOther', 'reply'] as const;
type Pc = (typeof PCS)[number];

/**
 * A step of {@link sel4Endpoints}: a user step of the running thread, a system call it makes, a
 * timer interrupt, or the kernel's return to user mode. Thread ids are 1-based.
 *
 * @example
 * const a: Sel4Action = { kind: 'Call', t: 1 };
 */
export type Sel4Action =
  | { readonly kind: 'Prepare'; readonly t: number; readonly v: number }
  | { readonly kind: 'Handle'; readonly t: number }
  | { readonly kind: 'Call'; readonly t: number }
  | { readonly kind: 'Send'; readonly t: number }
  | { readonly kind: 'NBSend'; readonly t: number }
  | { readonly kind: 'Recv'; readonly t: number }
  | { readonly kind: 'Reply'; readonly t: number }
  | { readonly kind: 'ReplyRecv'; readonly t: number }
  | { readonly kind: 'Exit'; readonly t: number }
  | { readonly kind: 'Preempt' }
  | { readonly kind: 'Return' };

function sel4Shape(threads: number, endpoints: number, rounds: number, values: number) {
  return record({
    hw: hwShape({ components: threads, pages: 1, frames: threads }),
    kernel: sel4KernelShape(threads, endpoints, values),
    pc: array(threads, oneOf(...PCS)),
    round: array(threads, int(0, rounds)),
  });
}

/**
 * A state of {@link sel4Endpoints}.
 *
 * @example
 * const s: Sel4State = sel4Endpoints().init()[0];
 * s.kernel.eps[0]; // { state: 'idle', queue: [] }
 */
export type Sel4State = Infer<ReturnType<typeof sel4Shape>>;

/**
 * The seL4 endpoint model.
 *
 * @example
 * const r = check(sel4Endpoints({ clients: 2, servers: 1 }));
 * r.verdicts['reply correctness'].status;                                     // 'holds'
 * check(sel4Endpoints({ bug: 'lostReply' })).verdicts['no client stuck forever'].status; // 'violated'
 */
export function sel4Endpoints(config: Partial<Sel4Config> = {}): Model<Sel4State, Sel4Action> {
  const cfg: Sel4Config = { clients: 2, servers: 1, senders: 0, rounds: 1, values: 2, preemption: true, lazy: false, bug: 'none', ...config };
  const { clients: C, servers: S, senders: N, rounds: R, values: P, bug } = cfg;
  const whole = (name: string, v: number, min: number, max: number) => {
    if (!Number.isSafeInteger(v) || v < min || v > max) throw new RangeError(`sel4Endpoints: ${name} must be a whole number from ${min} to ${max}, got ${v}`);
  };
  whole('clients', C, 1, 4);
  whole('servers', S, 1, 3);
  whole('senders', N, 0, 3);
  whole('rounds', R, 1, 4);
  whole('values', P, 1, 4);
  if (!BUGS.includes(bug)) throw new RangeError(`sel4Endpoints: unknown bug '${bug}'; valid: ${BUGS.join(', ')}`);
  if (bug === 'mutualCall' && S !== 2) throw new RangeError(`sel4Endpoints: bug 'mutualCall' needs exactly 2 servers, got ${S}`);
  if (bug === 'replyToAnyWaiter' && (S < 2 || C < 2)) throw new RangeError(`sel4Endpoints: bug 'replyToAnyWaiter' needs at least 2 clients and 2 servers`);
  const T = C + N + S;
  const isClient = (t: number) => t <= C;
  const isSender = (t: number) => t > C && t <= C + N;
  const isServer = (t: number) => t > C + N;
  const serverIndex = (t: number) => t - C - N; // 1..S
  const E = bug === 'mutualCall' ? 2 : bug === 'selfFaultHandler' ? 2 : 1;
  /** The endpoint a client or sender sends to (1-based): under mutualCall, client c calls server ((c-1) mod 2)+1's endpoint. */
  const targetEp = (t: number) => (bug === 'mutualCall' ? ((t - 1) % 2) + 1 : 1);
  /** The endpoint a server receives on. */
  const serverEp = (t: number) => (bug === 'mutualCall' ? serverIndex(t) : 1);
  const FAULT_EP = 2;
  const answer = (request: number) => request;

  const tables: PageTable[] = Array.from({ length: T }, (_, i) => [bug === 'selfFaultHandler' && i === 0 ? null : { frame: i, write: true }]);

  // ---- the kernel: model/kernel/sel4Ipc, with the mutants this configuration seeds ------------
  const kernelOptions: Sel4KernelOptions = {
    lazy: cfg.lazy,
    replyTo: bug === 'replyToAnyWaiter' ? 'anyWaiter' : 'callerSlot',
    dequeuedCall: bug === 'callAsSend' ? 'asSend' : 'awaitsReply',
    canGrant: (t) => !(bug === 'callWithoutGrant' && t === 1),
  };
  const runnable = (st: Sel4State) => runnableIn(st.kernel);
  /** A system call by `t`: the kernel path runs, and the processor stays in kernel mode until `Return`. */
  const syscall = (st: Sel4State, t: number, call: Sel4Syscall, pc: readonly Pc[], round = st.round, kernel = st.kernel): Sel4State => ({
    hw: trap(st.hw),
    kernel: sel4Syscall(kernel, t, call, kernelOptions),
    pc,
    round,
  });

  // ---- actions -------------------------------------------------------------------------------
  const PREPARE = Array.from({ length: T + 1 }, (_, t) => Array.from({ length: P }, (_, v): Sel4Action => ({ kind: 'Prepare', t, v })));
  const act = <K2 extends Exclude<Sel4Action['kind'], 'Prepare' | 'Preempt' | 'Return'>>(kind: K2) =>
    Array.from({ length: T + 1 }, (_, t) => ({ kind, t }) as Sel4Action);
  const HANDLE = act('Handle');
  const CALL = act('Call');
  const SEND = act('Send');
  const NBSEND = act('NBSend');
  const RECV = act('Recv');
  const REPLY = act('Reply');
  const REPLY_RECV = act('ReplyRecv');
  const EXIT = act('Exit');
  const PREEMPT: Sel4Action = { kind: 'Preempt' };
  const RETURN: Sel4Action = { kind: 'Return' };

  const actions = (st: Sel4State): Sel4Action[] => {
    const t = st.kernel.sched.current;
    if (st.hw.mode === 'kernel') return t === 0 ? [] : [RETURN];
    if (t === 0) return [];
    const out: Sel4Action[] = [];
    switch (st.pc[t - 1]) {
      case 'prepare':
        for (let v = 0; v < P; v++) out.push(PREPARE[t][v]);
        break;
      case 'call':
      case 'callOther':
        out.push(CALL[t]);
        break;
      case 'send':
        out.push(SEND[t], NBSEND[t]);
        break;
      case 'exit':
        out.push(EXIT[t]);
        break;
      case 'recv':
        out.push(RECV[t]);
        break;
      case 'handle':
        out.push(HANDLE[t]);
        // F1: the server may receive again before replying.
        if (bug === 'lostReply') out.push(RECV[t]);
        break;
      case 'reply':
        out.push(REPLY_RECV[t], REPLY[t]);
        break;
      case 'done':
        break;
      default:
        unreachable(st.pc[t - 1] as never);
    }
    if (cfg.preemption && st.kernel.sched.ready.some(runnable(st))) out.push(PREEMPT);
    return out;
  };

  const afterRound = (t: number, round: number): Pc => (round >= R ? 'exit' : 'prepare');

  const next = (st: Sel4State, a: Sel4Action): Sel4State => {
    switch (a.kind) {
      case 'Return': {
        const t = st.kernel.sched.current;
        const hw = returnToUser(st.hw, bug === 'noPageTableSwitch' ? st.hw.ptbr : t - 1);
        return { ...st, hw, kernel: sel4UserStep(st.kernel, t) };
      }
      case 'Preempt':
        return { ...st, hw: trap(st.hw), kernel: sel4Preempt(st.kernel) };
      case 'Prepare': {
        const t = a.t;
        const r = userAccess(st.hw, t - 1, 0, 'write');
        if ('fault' in r.translation) {
          // A page fault: the kernel sends a fault message to the thread's fault endpoint (a Call).
          return syscall(st, t, { kind: 'Fault', ep: FAULT_EP }, st.pc, st.round, { ...st.kernel, mr: replaceAt(st.kernel.mr, t - 1, a.v) });
        }
        return { hw: r.hw, kernel: sel4UserStep(st.kernel, t, a.v), pc: replaceAt(st.pc, t - 1, isSender(t) ? 'send' : 'call'), round: st.round };
      }
      case 'Handle': {
        const t = a.t;
        const r = userAccess(st.hw, t - 1, 0, 'read');
        // The answer echoes the request, which is already in the server's message register.
        const then: Pc = bug === 'mutualCall' ? 'callOther' : 'reply';
        return { hw: r.hw, kernel: sel4UserStep(st.kernel, t), pc: replaceAt(st.pc, t - 1, then), round: st.round };
      }
      case 'Call': {
        const t = a.t;
        const ep = isServer(t) ? 3 - serverIndex(t) : targetEp(t);
        // The caller resumes after its reply; its program moves on now (it runs again only then).
        const pc = replaceAt(st.pc, t - 1, isServer(t) ? 'reply' : afterRound(t, st.round[t - 1] + 1));
        return syscall(st, t, { kind: 'Call', ep }, pc, replaceAt(st.round, t - 1, st.round[t - 1] + 1));
      }
      case 'Send':
      case 'NBSend': {
        const t = a.t;
        const round = st.round[t - 1] + 1;
        return syscall(st, t, { kind: a.kind, ep: targetEp(t) }, replaceAt(st.pc, t - 1, afterRound(t, round)), replaceAt(st.round, t - 1, round));
      }
      case 'Recv':
        return syscall(st, a.t, { kind: 'Recv', ep: serverEp(a.t) }, replaceAt(st.pc, a.t - 1, 'handle'));
      case 'Reply':
        return syscall(st, a.t, { kind: 'Reply' }, replaceAt(st.pc, a.t - 1, 'recv'));
      case 'ReplyRecv':
        return syscall(st, a.t, { kind: 'ReplyRecv', ep: serverEp(a.t) }, replaceAt(st.pc, a.t - 1, 'handle'));
      case 'Exit':
        return syscall(st, a.t, { kind: 'Exit' }, replaceAt(st.pc, a.t - 1, 'done'));
      default:
        return unreachable(a);
    }
  };

  // ---- properties ----------------------------------------------------------------------------
  const threadName = (t: number) => (isClient(t) ? `client ${t}` : isSender(t) ? `sender ${t - C}` : `server ${serverIndex(t)}`);
  const clientIds = Array.from({ length: C }, (_, i) => i + 1);
  const invSym = (st: Sel4State): boolean => {
    for (let t = 1; t <= T; t++) {
      const tcb = st.kernel.tcb[t - 1];
      for (let ep = 1; ep <= E; ep++) {
        const e = st.kernel.eps[ep - 1];
        const queuedSend = e.state === 'send' && e.queue.includes(t);
        const queuedRecv = e.state === 'recv' && e.queue.includes(t);
        if (queuedSend !== (tcb.state === 'blockedOnSend' && tcb.on === ep)) return false;
        if (queuedRecv !== (tcb.state === 'blockedOnReceive' && tcb.on === ep)) return false;
      }
    }
    return true;
  };
  const invR = (st: Sel4State): boolean => {
    for (let t = 1; t <= T; t++) {
      const c = st.kernel.slot[t - 1];
      if (c === 0) continue;
      if (st.kernel.tcb[c - 1].state !== 'blockedOnReply') return false;
      for (let u = t + 1; u <= T; u++) if (st.kernel.slot[u - 1] === c) return false;
    }
    return true;
  };
  const finished = (st: Sel4State) => {
    for (let t = 1; t <= C + N; t++) if (st.kernel.tcb[t - 1].state !== 'done') return false;
    return true;
  };
  /** A client inside Call: blocked sending a call, or waiting for its reply. */
  const inCall = (st: Sel4State, t: number) => {
    const x = st.kernel.tcb[t - 1];
    return (x.state === 'blockedOnSend' && x.isCall) || x.state === 'blockedOnReply';
  };

  const events = (s: Sel4State, a: Sel4Action, t: Sel4State): SequenceEvent[] => {
    const out: SequenceEvent[] = [];
    const lane = (id: number) => id - 1;
    if (a.kind === 'Return' || a.kind === 'Preempt') {
      if (a.kind === 'Preempt') out.push({ kind: 'mark', lane: s.kernel.sched.current - 1, label: 'timer interrupt', mark: 'kernel' });
      else out.push({ kind: 'mark', lane: t.kernel.sched.current - 1, label: 'return to user', mark: 'note' });
      return out;
    }
    const me = a.t;
    if (a.kind === 'Prepare' || a.kind === 'Handle') {
      if (s.hw.mode === 'user' && t.hw.mode === 'kernel') out.push({ kind: 'mark', lane: lane(me), label: 'page fault', mark: 'fault' });
      else out.push({ kind: 'mark', lane: lane(me), label: a.kind === 'Prepare' ? `request ${a.v}` : 'handle', mark: 'note' });
    } else {
      out.push({ kind: 'mark', lane: lane(me), label: a.kind, mark: 'kernel' });
    }
    // Transfers: a thread whose message register changed received a message from `me` or from a queued sender.
    const d = t.kernel.ghost.delivered;
    if (d !== null) out.push({ kind: 'message', from: lane(d.from), to: lane(d.to), label: `reply ${d.value}` });
    for (let r = 1; r <= T; r++) {
      const received = t.kernel.ghost.pending.findIndex((p, i) => p !== null && p.server === r && s.kernel.ghost.pending[i]?.server !== r);
      if (received >= 0) out.push({ kind: 'message', from: received, to: lane(r), label: `call ${t.kernel.ghost.pending[received]!.request}` });
    }
    for (let u = 1; u <= T; u++) {
      const dropped = s.kernel.slot[u - 1];
      if (dropped !== 0 && t.kernel.slot[u - 1] === 0 && (d === null || d.to !== dropped)) {
        out.push({ kind: 'mark', lane: lane(u), label: `reply cap to ${threadName(dropped)} deleted`, mark: 'note' });
      }
    }
    for (let u = 1; u <= T; u++) {
      const was = s.kernel.tcb[u - 1];
      const now = t.kernel.tcb[u - 1];
      if (isBlocked(now) && !isBlocked(was)) out.push({ kind: 'mark', lane: lane(u), label: now.state, mark: 'block' });
      if (!isBlocked(now) && isBlocked(was)) out.push({ kind: 'mark', lane: lane(u), label: 'unblocked', mark: 'unblock' });
    }
    return out;
  };

  const name = `sel4Endpoints(clients=${C},servers=${S},senders=${N},rounds=${R},values=${P}${cfg.preemption ? '' : ',preemption=false'}${cfg.lazy ? ',lazy' : ''}${bug === 'none' ? '' : `,bug=${bug}`})`;
  return defineModel<Sel4State, Sel4Action>({
    name,
    config: { ...cfg },
    shape: sel4Shape(T, E, R, P),
    init: () => [
      {
        hw: initialHw(tables),
        kernel: initialSel4Kernel(T, E),
        pc: Array.from({ length: T }, (_, i) => (isServer(i + 1) ? 'recv' : 'prepare')),
        round: Array.from({ length: T }, () => 0),
      },
    ],
    actions,
    next,
    showAction: (a) => (a.kind === 'Preempt' || a.kind === 'Return' ? a.kind : a.kind === 'Prepare' ? `Prepare(${threadName(a.t)}, ${a.v})` : `${a.kind}(${threadName(a.t)})`),
    sequence: {
      lanes: Array.from({ length: T }, (_, i) => ({ name: threadName(i + 1), group: `space ${i + 1}` })),
      events,
    },
    properties: [
      always('INV-EP', (st: Sel4State) => st.kernel.eps.every(endpointOk)),
      always('INV-SYM', invSym),
      always('INV-R', invR),
      replyCorrectness((st: Sel4State) => st.kernel.ghost, answer, {
        waiting: (st: Sel4State, th) => st.kernel.tcb[th - 1].state === 'blockedOnReply',
        resumed: (s: Sel4State, t: Sel4State, th) => inCall(s, th) && !inCall(t, th) && t.kernel.tcb[th - 1].state === 'running',
      }),
      always('run queue', (st: Sel4State) => runQueueOk(st.kernel.sched, T, runnable(st), cfg.lazy)),
      kernelMemoryBound(() => 0, 0),
      ...machineProperties(
        (st: Sel4State) => st.hw,
        (st: Sel4State) => st.kernel.sched.current,
      ),
      deadlockFree({ validEnd: finished }),
      neverStuck('no client stuck forever', { threads: clientIds.map(threadName), blocked: (st: Sel4State, i) => isBlocked(st.kernel.tcb[i]) }),
      sometimes('a call completes', (st: Sel4State) => st.kernel.ghost.delivered !== null),
    ],
  });
}
