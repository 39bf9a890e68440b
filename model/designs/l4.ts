/**
 * L4 X.2 short IPC, Pistachio (spec card M1): the thread is the message queue.
 *
 * Sources: l4ka/pistachio@8be66aa `kernel/src/api/v4/ipc.cc` (`SYS_IPC`, `enqueue_send`, zero and
 * finite timeouts, `handle_ipc_timeout`).
 *
 * The one system call is `Ipc(to, from, {snd, rcv})`; there are no endpoints. The send phase hands
 * the message to `to` if it waits for this thread or for anythread; else `snd = 0` fails with
 * ERR_IPC_TIMEOUT (skipping the receive phase) and any other `snd` polls, in the FIFO of senders
 * of the receiver's TCB. The receive phase takes a matching polling sender from the thread's own
 * queue (the head for anythread, else `from`), whose Ipc goes on to its own receive phase; with
 * none, `rcv = 0` fails and any other `rcv` waits. A finite timeout may expire while the thread
 * is blocked: its Ipc fails (an error event: an outstanding rpc ends without a reply).
 *
 * Operations: `rpc(obj)` is the Call `Ipc(S, S)` to a server thread S of the object picked
 * statically, thread t calling `servers[(t − 1) mod n]` (client c of rpcPool calls server
 * ((c − 1) mod n) + 1, as the monolithic model does); `serve` and `receive` are the open wait
 * `Ipc(nil, anythread)`; `send` is `Ipc(S, nil)`; `reply` is `Ipc(partner, nil)` and `replyServe`
 * ReplyWait, `Ipc(partner, anythread)`, the partner being the sender of the last message received
 * (Ipc's `from` result); `save`/`replySaved` keep a partner id in a slot (user-level memory in real
 * L4, run as calls by the framework); `exit` stops the thread for ever (L4 X.2 has no exit: a
 * sender polling a stopped thread waits until its timeout). No notifications: `signal` and `wait`
 * are not expressible.
 *
 * Abstractions: one message register; no long IPC, priorities, local ids, propagation or thread
 * deletion; no user-level fault handling. A TCB's `calling` flag only tells requests and replies
 * apart for the events (a Call taken by another Call's closed receive is both); the scheduler's
 * direct switch stands for Pistachio's (no timeslice donation after a failed zero-timeout receive).
 *
 * Invariants: `send queues` (card M1's `polling(t→r) ⇔ t ∈ r.sendq`, queues of distinct threads)
 * and `no missed rendezvous` (no thread polls a receiver waiting for it). Kernel memory 0.
 *
 * Options: the timeouts per role, `callSend` and `callReceive` (rpc; `send` uses `callSend` unless `oneWaySend` is set),
 * `replySend` (`reply`, `replyServe`, `replySaved`; 0 by L4 convention) and `serverReceive`
 * (`serve`, `receive`). Seeded bugs of card M1: F1 (mutual calls) and F3 (a reply with
 * `replySend: 'never'` to a thread that never receives) are workloads; F2 is the option
 * `openReceiveReply`, the rpc as the card's `Send` then open `Wait` in two steps (the call
 * `SendWait`, outcome `continues` after its first half): the open Wait takes a third thread's
 * message as the reply, and a reply sent between the halves finds nobody waiting and is lost.
 * `oneWaySend` sets the timeout of one-way sends apart from the Call's (F2's thread X sends with 0).
 */
import { array, bool, int, oneOf, record } from '../core/shape/index.js';
import { distinct } from '../kernel/fifo.js';
import { poll, senderQueuesShape, stopPolling, takeSender } from '../kernel/senderQueues.js';
import { always } from '../../properties/always.js';
import { defineDesign, type Frame, type KernelEvent, type KernelState, type SyscallResult } from './design.js';
import { threadId } from '../core/shape/roles.js';

/**
 * An L4 X.2 IPC timeout: fail at once, expire at some time, or wait for ever.
 *
 * @example
 * const snd: L4Timeout = 'zero';
 */
export type L4Timeout = 'zero' | 'finite' | 'never';

/**
 * A thread's kernel state: card M1's thread state, the message register and the partner.
 *
 * @example
 * const t: L4Tcb = { state: 'polling', on: 3, timer: false, then: 3, rcv: 'never', calling: true, mr: 1, partner: 0, saved: [] };
 */
export interface L4Tcb {
  /** running, polling(to), waiting(from) (card M1's waiting_forever and waiting_timeout), or stopped for ever. */
  readonly state: 'running' | 'polling' | 'waiting' | 'done';
  /** polling: the receiver polled; waiting: the sender awaited, 0 for anythread. */
  readonly on: number;
  /** The thread is blocked with a finite timeout. */
  readonly timer: boolean;
  /** polling: the receive phase that follows the send, −1 for none (nilthread), 0 for anythread. */
  readonly then: number;
  /** polling: the timeout of that receive phase. */
  readonly rcv: L4Timeout;
  /** In an Ipc that is a Call: its message is a request and the message its receive phase takes is the reply. */
  readonly calling: boolean;
  /**
   * F2's split Call: its Send half went (`sent`: the thread's next step is the open Wait) or timed
   * out while polling (`failed`: its next step returns the error).
   */
  readonly half: 'none' | 'sent' | 'failed';
  readonly mr: number;
  /** The sender of the last message received (Ipc's `from` result), 0 for none. */
  readonly partner: number;
  /** Partner ids the program keeps (user-level memory). */
  readonly saved: readonly number[];
}

/**
 * The kernel objects: per thread, the FIFO of senders polling it (Pistachio's `send_head` list).
 *
 * @example
 * const o: L4Objects = { sendq: [[], [], [1]] };
 */
export interface L4Objects {
  readonly sendq: readonly (readonly number[])[];
}

/** Whom an Ipc sends to: nilthread, a thread, the partner, or the partner kept in a slot. */
type L4To = 'nil' | 'partner' | { readonly thread: number } | { readonly slot: number };
/** Whom the receive phase accepts: nilthread (no receive phase), anythread, or one thread. */
type L4From = 'nil' | 'any' | { readonly thread: number };

/**
 * The system calls: `Ipc` (`call` marks L4_Call, whose receive phase awaits the answer), the
 * user-level `Save` of the partner id, and the thread's final stop.
 *
 * @example
 * const call: L4Call = { kind: 'Ipc', to: { thread: 3 }, from: { thread: 3 }, snd: 'never', rcv: 'never', call: true };
 */
export type L4Call =
  | { readonly kind: 'Ipc'; readonly to: L4To; readonly from: L4From; readonly snd: L4Timeout; readonly rcv: L4Timeout; readonly call?: boolean }
  /** F2's Call split in two: `Ipc(to, nil)`, then, when the thread runs again, `Ipc(nil, anythread)`. */
  | { readonly kind: 'SendWait'; readonly to: L4To; readonly snd: L4Timeout; readonly rcv: L4Timeout }
  | { readonly kind: 'Save'; readonly slot: number }
  | { readonly kind: 'Exit' };

/**
 * The timeouts per role and the seeded bug F2.
 *
 * @example
 * const o: L4Options = { callSend: 'finite', openReceiveReply: true };
 */
export interface L4Options {
  readonly callSend?: L4Timeout;
  readonly callReceive?: L4Timeout;
  readonly replySend?: L4Timeout;
  readonly serverReceive?: L4Timeout;
  /** Send timeout of a one-way `send` (by default `callSend`). */
  readonly oneWaySend?: L4Timeout;
  /** F2: an rpc is `Send` then an open `Wait` (card M1), its reply taken from whoever sends first. */
  readonly openReceiveReply?: boolean;
}

type K = KernelState<L4Tcb, L4Objects>;
type Ipc = Extract<L4Call, { kind: 'Ipc' }>;
const RUNNING: L4Tcb = { state: 'running', on: 0, timer: false, then: -1, rcv: 'never', calling: false, half: 'none', mr: 0, partner: 0, saved: [] };
const TIMEOUTS = ['zero', 'finite', 'never'] as const;
const DEFAULTS = { callSend: 'never', callReceive: 'never', replySend: 'zero', serverReceive: 'never' } as const;

/**
 * The L4 design, with the timeouts and the mutant `options` set.
 *
 * @example
 * const m = compose(l4(), rpcPool.build(rpcPool.defaults));
 * const f2 = l4({ openReceiveReply: true, callReceive: 'finite' });
 */
export function l4(options: L4Options = {}) {
  const o = { ...DEFAULTS, ...options };
  const changed = (['callSend', 'callReceive', 'replySend', 'serverReceive'] as const).filter((r) => o[r] !== DEFAULTS[r]).map((r) => `${r}=${o[r]}`);
  if (options.oneWaySend !== undefined) changed.push(`oneWaySend=${options.oneWaySend}`);
  const oneWaySend = options.oneWaySend ?? o.callSend;
  const variant = [...changed, ...(o.openReceiveReply ? ['openReceiveReply'] : [])].join(', ');

  /** A working copy of the kernel during one system call, and what the call shows. */
  class Work {
    tcb: L4Tcb[];
    sendq: (readonly number[])[];
    woken: number[] = [];
    events: KernelEvent[] = [];
    constructor(k: K) {
      this.tcb = k.threads.slice();
      this.sendq = k.objects.sendq.slice();
    }
    set(t: number, change: Partial<L4Tcb>) {
      this.tcb[t - 1] = { ...this.tcb[t - 1], ...change };
    }
    /** Thread `t`'s Ipc returns and it is ready to run. */
    wake(t: number) {
      this.set(t, { state: 'running', on: 0, timer: false, then: -1, calling: false });
      this.woken.push(t);
    }
    fail(t: number, phase: string) {
      this.events.push({ kind: 'error', thread: t, label: `ERR_IPC_TIMEOUT (${phase})` });
    }
    result(outcome: SyscallResult<K>['outcome']): SyscallResult<K> {
      return { kernel: { threads: this.tcb, objects: { sendq: this.sendq } }, outcome, woken: this.woken, events: this.events };
    }
  }

  /**
   * Sender `s`'s message register goes to receiver `r`, which learns who sent it. A Call's message
   * is a request; a message a Call's receive phase takes is its reply; a Call taken by another
   * Call's receive phase is both.
   */
  function transfer(w: Work, s: number, r: number): void {
    const value = w.tcb[s - 1].mr;
    w.set(r, { mr: value, partner: s });
    if (w.tcb[s - 1].calling) w.events.push({ kind: 'transfer', what: 'request', from: s, to: r, value });
    if (w.tcb[r - 1].calling) w.events.push({ kind: 'transfer', what: 'reply', from: s, to: r, value });
    else if (!w.tcb[s - 1].calling) w.events.push({ kind: 'transfer', what: 'message', from: s, to: r, value });
  }

  /** The send phase of `t`'s Ipc to `r`: whether the message went, `t` polls, or the send failed. */
  function sendPhase(w: Work, t: number, r: number, ipc: Ipc, from: number): 'sent' | 'polling' | 'failed' {
    const to = w.tcb[r - 1];
    // The receiver waits for me or for anythread: the message goes and its Ipc returns.
    if (to.state === 'waiting' && (to.on === t || to.on === 0)) {
      transfer(w, t, r);
      w.wake(r);
      return 'sent';
    }
    // It does not, and the send timeout is zero: ERR_IPC_TIMEOUT at once.
    if (ipc.snd === 'zero') {
      w.fail(t, 'send');
      return 'failed';
    }
    // Otherwise I poll it, at the tail of its queue.
    w.sendq = poll(w.sendq, r, t);
    w.set(t, { state: 'polling', on: r, timer: ipc.snd === 'finite', then: from, rcv: ipc.rcv });
    return 'polling';
  }

  /** The receive phase of `t` from `from` (0: anythread): whether it received, waits, or failed. */
  function recvPhase(w: Work, t: number, from: number, rcv: L4Timeout): 'received' | 'waiting' | 'failed' {
    const { sender: p, queues } = takeSender(w.sendq, t, from);
    // A matching sender polls me: take its message; its Ipc goes on to its own receive phase.
    if (p !== 0) {
      w.sendq = queues;
      transfer(w, p, t);
      senderContinues(w, p);
      return 'received';
    }
    // None, and the receive timeout is zero: an error at once.
    if (rcv === 'zero') {
      w.fail(t, 'receive');
      return 'failed';
    }
    // Otherwise I wait for it.
    w.set(t, { state: 'waiting', on: from, timer: rcv === 'finite' });
    return 'waiting';
  }

  /** A polling sender `p` whose message was taken: it returns, or goes on to receive. */
  function senderContinues(w: Work, p: number): void {
    const x = w.tcb[p - 1];
    if (x.then < 0 || recvPhase(w, p, x.then, x.rcv) !== 'waiting') w.wake(p);
  }

  /** The thread an Ipc by `t` sends to, 0 for nilthread. */
  function destination(w: Work, t: number, to: L4To): number {
    if (to === 'nil') return 0;
    if (to === 'partner') return w.tcb[t - 1].partner;
    return 'thread' in to ? to.thread : w.tcb[t - 1].saved[to.slot];
  }

  /** `Ipc(to, from, {snd, rcv})` by `t`: the send phase, then the receive phase, in one kernel entry. */
  function ipc(w: Work, t: number, call: Ipc): SyscallResult<K> {
    const from = call.from === 'nil' ? -1 : call.from === 'any' ? 0 : call.from.thread;
    const blocked = () => w.result({ kind: 'blocked', on: `${w.tcb[t - 1].state} ${w.tcb[t - 1].on === 0 ? 'anythread' : `thread ${w.tcb[t - 1].on}`}` });
    const returned = () => {
      w.set(t, { calling: false });
      return w.result({ kind: 'returned' });
    };
    w.set(t, { calling: call.call === true });
    const r = destination(w, t, call.to);
    if (r !== 0) {
      const sent = sendPhase(w, t, r, call, from);
      if (sent === 'polling') return blocked();
      if (sent === 'failed') return returned();
    }
    if (from < 0) return returned();
    return recvPhase(w, t, from, call.rcv) === 'waiting' ? blocked() : returned();
  }

  /**
   * F2's split Call by `t`: the Send half (`Ipc(to, nil)`; the thread stays at the operation, and
   * polls if its server does not wait), then, when it runs again, the open Wait for the reply. A
   * reply sent in between finds no thread waiting and is lost (the server's send timeout is 0).
   */
  function sendWait(w: Work, t: number, call: Extract<L4Call, { kind: 'SendWait' }>): SyscallResult<K> {
    const half = w.tcb[t - 1].half;
    if (half !== 'none') w.set(t, { half: 'none' });
    // The Send half timed out while polling: the Call returns its error.
    if (half === 'failed') return w.result({ kind: 'returned' });
    if (half === 'sent') return ipc(w, t, { kind: 'Ipc', to: 'nil', from: 'any', snd: call.snd, rcv: call.rcv, call: true });
    const r = ipc(w, t, { kind: 'Ipc', to: call.to, from: 'nil', snd: call.snd, rcv: call.rcv, call: true });
    // The Send failed: the Call ends without a reply.
    if (r.events.some((e) => e.kind === 'error' && e.thread === t)) return r;
    w.set(t, { half: 'sent' });
    return w.result({ kind: 'continues' });
  }

  const syscall = (k: K, t: number, call: L4Call, message: number): SyscallResult<K> => {
    const w = new Work(k);
    w.set(t, { mr: message });
    switch (call.kind) {
      // Ipc: the one system call.
      case 'Ipc':
        return ipc(w, t, call);
      // F2: a Call as Send, then an open Wait.
      case 'SendWait':
        return sendWait(w, t, call);
      // Save keeps the partner id in a slot of the thread's memory.
      case 'Save':
        w.set(t, { saved: w.tcb[t - 1].saved.map((c, i) => (i === call.slot ? w.tcb[t - 1].partner : c)) });
        return w.result({ kind: 'returned' });
      // The thread stops for ever; senders polling it stay until their timeouts.
      case 'Exit':
        w.set(t, { state: 'done' });
        return w.result({ kind: 'ended' });
    }
  };

  const name = (f: Frame, t: number) => f.threadNames[t - 1] ?? `thread ${t}`;
  const show = (f: Frame, x: L4To | L4From) => (typeof x === 'string' ? x : 'thread' in x ? name(f, x.thread) : `saved ${x.slot}`);

  return defineDesign<L4Tcb, L4Objects, L4Call>({
    id: 'L4',
    title: `L4 X.2 short IPC, Pistachio (M1)${variant === '' ? '' : ` [${variant}]`}`,
    thread: (f) =>
      record({
        state: oneOf('running', 'polling', 'waiting', 'done'),
        on: threadId(f.threads),
        timer: bool(),
        then: threadId(f.threads, -1),
        rcv: oneOf(...TIMEOUTS),
        calling: bool(),
        half: oneOf('none', 'sent', 'failed'),
        mr: int(0, f.values - 1),
        partner: threadId(f.threads),
        saved: array(f.slots, threadId(f.threads)),
      }),
    objects: (f) => record({ sendq: senderQueuesShape(f.threads, f.threads - 1) }),
    init: (f) => ({
      threads: Array.from({ length: f.threads }, () => ({ ...RUNNING, saved: Array.from({ length: f.slots }, () => 0) })),
      objects: { sendq: Array.from({ length: f.threads }, () => []) },
    }),
    operation: (op, t, f) => {
      const obj = 'obj' in op ? f.objects.findIndex((x) => x.name === op.obj) : -1;
      // A thread never sends to itself: on an object it also receives on, it sends to the others.
      const servers = obj >= 0 ? f.objects[obj].servers.filter((x) => x !== t) : [];
      const server = servers.length > 0 ? { thread: servers[(t - 1) % servers.length] } : undefined;
      const ipc = (to: L4To, from: L4From, snd: L4Timeout, rcv: L4Timeout, call = false): L4Call => ({ kind: 'Ipc', to, from, snd, rcv, ...(call ? { call } : {}) });
      switch (op.op) {
        case 'rpc':
          return server && (o.openReceiveReply ? { kind: 'SendWait', to: server, snd: o.callSend, rcv: o.callReceive } : ipc(server, server, o.callSend, o.callReceive, true));
        case 'send':
          return server && ipc(server, 'nil', oneWaySend, 'never');
        // A service takes requests from anyone: an open wait.
        case 'serve':
          return ipc('nil', 'any', 'never', o.serverReceive);
        // A one-way message from the object's one sender is a closed wait for that thread (an open wait with several).
        case 'receive': {
          const senders = obj >= 0 ? f.objects[obj].senders : [];
          return ipc('nil', senders.length === 1 ? { thread: senders[0] } : 'any', 'never', o.serverReceive);
        }
        case 'reply':
          return ipc('partner', 'nil', o.replySend, 'never');
        case 'replyServe':
          return ipc('partner', 'any', o.replySend, o.serverReceive);
        case 'save':
          return { kind: 'Save', slot: op.slot };
        case 'replySaved':
          return ipc({ slot: op.slot }, 'nil', o.replySend, 'never');
        case 'exit':
          return { kind: 'Exit' };
        default:
          return undefined;
      }
    },
    syscall: (k, t, call, message) => syscall(k, t, call, message),
    runnable: (k, t) => k.threads[t - 1].state === 'running',
    // F2's split Call between its halves (its Send half polling the server).
    midOperation: (k, t) => k.threads[t - 1].half !== 'none',
    ended: (k, t) => k.threads[t - 1].state === 'done',
    received: (k, t) => k.threads[t - 1].mr,
    memory: () => 0,
    invariants: () => [always('send queues', sendQueuesOk), always('no missed rendezvous', noMissedRendezvous)],
    expirable: (k) => k.threads.flatMap((x, i) => (x.timer && (x.state === 'polling' || x.state === 'waiting') ? [i + 1] : [])),
    // The timer fires: the thread leaves the queue it polls, and its Ipc returns ERR_IPC_TIMEOUT.
    expire: (k, t) => {
      const w = new Work(k);
      const x = w.tcb[t - 1];
      if (x.state === 'polling') w.sendq = stopPolling(w.sendq, x.on, t);
      w.fail(t, x.state === 'polling' ? 'send' : 'receive');
      if (x.half === 'sent') w.set(t, { half: 'failed' });
      w.wake(t);
      return w.result({ kind: 'returned' });
    },
    label: (c, f) => {
      if (c.kind === 'SendWait') return `Send(${show(f, c.to)}); Wait`;
      if (c.kind !== 'Ipc') return 'slot' in c ? `Save(${c.slot})` : c.kind;
      if (c.call) return c.from === 'any' ? `Call(${show(f, c.to)}, anythread)` : `Call(${show(f, c.to)})`;
      if (c.to === 'nil') return c.from === 'any' ? 'Wait' : `Receive(${show(f, c.from)})`;
      if (c.from === 'nil') return c.to === 'partner' ? 'Reply' : typeof c.to !== 'string' && 'slot' in c.to ? `Reply(${show(f, c.to)})` : `Send(${show(f, c.to)})`;
      return c.to === 'partner' && c.from === 'any' ? 'ReplyWait' : `Ipc(${show(f, c.to)}, ${show(f, c.from)})`;
    },
  });
}

/** Card M1: a thread polls r exactly when it is in r's queue, and each queue holds distinct threads. */
function sendQueuesOk(k: K): boolean {
  const q = k.objects.sendq;
  if (!q.every(distinct)) return false;
  if (!q.every((senders, r) => senders.every((t) => k.threads[t - 1].state === 'polling' && k.threads[t - 1].on === r + 1))) return false;
  return k.threads.every((x, i) => x.state !== 'polling' || q[x.on - 1].includes(i + 1));
}

/** No thread polls a receiver that waits for it or for anythread: that rendezvous would have happened. */
function noMissedRendezvous(k: K): boolean {
  return k.threads.every((x, i) => x.state !== 'polling' || !(k.threads[x.on - 1].state === 'waiting' && (k.threads[x.on - 1].on === 0 || k.threads[x.on - 1].on === i + 1)));
}
