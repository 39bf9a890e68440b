/**
 * seL4, non-MCS (spec cards M3 and M5): synchronous IPC over endpoints with caller slots, and
 * notifications.
 *
 * Sources: seL4/seL4@1326364 `manual/parts/{ipc,objects,notifications}.tex`,
 * `src/object/{endpoint,tcb,notification}.c`, `src/api/syscall.c` (`handleRecv`); l4v's
 * `valid_ep` and `sym_refs` (`Invariants_AI`).
 *
 * Abstractions: a message is one register the kernel copies between per-thread buffers it always
 * reaches (IPC never page-faults); no badges on endpoints, no capability derivation; a thread's
 * Grant right is a flag; a notification's badge is one bit per message value. Each workload
 * service, channel or fault object is an endpoint, each event a notification.
 *
 * Invariants: INV-EP (l4v `valid_ep`), INV-SYM (a thread is BlockedOnSend or BlockedOnReceive on
 * an endpoint exactly when it is in that endpoint's queue), INV-R (a caller slot names only a
 * thread BlockedOnReply, and at most one slot names it), `valid_ntfn` (INV-NTFN), and the step
 * invariant 'no signal lost' (a Signal wakes a waiter or leaves the notification Active). Nothing is allocated
 * on the IPC path: kernel memory 0.
 *
 * Seeded mutants (card M3): `replyToAnyWaiter` (F2: Reply answers the lowest-numbered thread
 * BlockedOnReply, not the caller slot's), `callAsSend` (F6: a queued Call dequeued by Recv is
 * made ready as if it had sent), `grantless` (F5: these threads' capabilities lack Grant, so a
 * received Call leaves them Inactive), and card M5's `dropSignal` (F2: a Signal with nobody waiting
 * is dropped). F1 (lost reply), F3 (mutual calls), F4 (a thread as its own fault handler) and M5's
 * F1 (a consumer handling one item per wakeup) are workloads.
 */
import { array, bool, int, oneOf, record } from '../core/shape/index.js';
import { block, endpointOk, endpointQueuesMatch, endpointShape, IDLE_ENDPOINT, takeHead, type Endpoint } from '../kernel/endpoint.js';
import { idleNotification, notificationOk, notificationShape, signalNotification, waitNotification, type Notification } from '../kernel/notification.js';
import { always } from '../../properties/always.js';
import { defineDesign, type Frame, type KernelEvent, type KernelState, type SyscallResult } from './design.js';
import { threadId } from '../core/shape/roles.js';

/**
 * A thread's kernel state: seL4's thread state, the message register, the caller slot and the
 * slots where SaveCaller keeps callers.
 *
 * @example
 * const t: Sel4Tcb = { state: 'running', on: 0, isCall: false, fault: 0, mr: 0, caller: 0, saved: [] };
 */
export interface Sel4Tcb {
  readonly state: 'running' | 'blockedOnSend' | 'blockedOnReceive' | 'blockedOnReply' | 'blockedOnNotification' | 'inactive' | 'done';
  /** The object blocked on, 1-based; 0 for none. */
  readonly on: number;
  /** BlockedOnSend: the send is a Call. */
  readonly isCall: boolean;
  /** The page a fault message is about, plus one; 0 when the thread is not faulting. */
  readonly fault: number;
  readonly mr: number;
  /** The caller slot: the thread this one may reply to, 0 when empty. */
  readonly caller: number;
  readonly saved: readonly number[];
}

/**
 * The kernel objects: an endpoint per service, channel or fault object, a notification per event
 * (both indexed by the workload's object index; the other kind stays idle).
 *
 * @example
 * const o: Sel4Objects = { eps: [IDLE_ENDPOINT], ntfns: [idleNotification()] };
 */
export interface Sel4Objects {
  readonly eps: readonly Endpoint[];
  readonly ntfns: readonly Notification[];
}

/**
 * seL4's system calls, on workload object `obj` (0-based) where they take one.
 *
 * @example
 * const c: Sel4Call = { kind: 'Call', obj: 0 };
 */
export type Sel4Call =
  | { readonly kind: 'Send' | 'NBSend' | 'Call' | 'Recv' | 'ReplyRecv' | 'Signal' | 'Wait'; readonly obj: number }
  | { readonly kind: 'SaveCaller' | 'SendSaved'; readonly slot: number }
  | { readonly kind: 'Reply' | 'Exit' };

/**
 * The seeded mutants of card M3.
 *
 * @example
 * const bug: Sel4Mutant = { replyToAnyWaiter: true };
 */
export interface Sel4Mutant {
  readonly replyToAnyWaiter?: boolean;
  readonly callAsSend?: boolean;
  /** Threads whose endpoint capability lacks Grant. */
  readonly grantless?: readonly number[];
  /** Card M5 F2: a Signal with nobody waiting is dropped instead of making the notification Active. */
  readonly dropSignal?: boolean;
}

type K = KernelState<Sel4Tcb, Sel4Objects>;
const RUNNING: Sel4Tcb = { state: 'running', on: 0, isCall: false, fault: 0, mr: 0, caller: 0, saved: [] };

/**
 * The seL4 design, with the mutants `bug` seeds.
 *
 * @example
 * const m = compose(sel4(), rpcPool.build(rpcPool.defaults));
 * const f2 = compose(sel4({ replyToAnyWaiter: true }), rpcPool.build({ ...rpcPool.defaults, servers: 2 }));
 */
export function sel4(bug: Sel4Mutant = {}) {
  const variant = bug.replyToAnyWaiter
    ? ' [replyToAnyWaiter]'
    : bug.callAsSend
      ? ' [callAsSend]'
      : bug.grantless?.length
        ? ` [grantless ${bug.grantless.join(',')}]`
        : bug.dropSignal
          ? ' [dropSignal]'
          : '';

  /** A working copy of the kernel during one system call, and what the call shows. */
  class Work {
    tcb: Sel4Tcb[];
    eps: Endpoint[];
    ntfns: Notification[];
    woken: number[] = [];
    events: KernelEvent[] = [];
    constructor(k: K, readonly names: readonly string[]) {
      this.tcb = k.threads.slice();
      this.eps = k.objects.eps.slice();
      this.ntfns = k.objects.ntfns.slice();
    }
    set(t: number, change: Partial<Sel4Tcb>) {
      this.tcb[t - 1] = { ...this.tcb[t - 1], ...change };
    }
    wake(t: number) {
      this.set(t, { state: 'running', on: 0, isCall: false });
      this.woken.push(t);
    }
    result(outcome: SyscallResult<K>['outcome']): SyscallResult<K> {
      return { kernel: { threads: this.tcb, objects: { eps: this.eps, ntfns: this.ntfns } }, outcome, woken: this.woken, events: this.events };
    }
  }

  /**
   * Sender `s` hands its message to receiver `r`. A Call leaves the sender BlockedOnReply with
   * `Reply(s)` in the receiver's caller slot; without Grant the sender becomes Inactive (F5).
   */
  function transfer(w: Work, s: number, r: number, isCall: boolean, dequeued: boolean): void {
    const sender = w.tcb[s - 1];
    w.set(r, { mr: sender.mr });
    w.events.push({ kind: 'transfer', what: sender.fault !== 0 ? 'fault' : isCall ? 'request' : 'message', from: s, to: r, value: sender.mr });
    if (!isCall) {
      if (dequeued) w.wake(s);
      return;
    }
    // F6 mutant: a queued Call is made ready as if it had sent.
    if (bug.callAsSend && dequeued) w.wake(s);
    else if (bug.grantless?.includes(s)) w.set(s, { state: 'inactive', on: 0, isCall: false });
    else {
      w.set(s, { state: 'blockedOnReply', on: 0, isCall: false });
      w.set(r, { caller: s });
    }
  }

  /** The send phase of Send, NBSend and Call by `t`: whether `t` blocked. */
  function sendIPC(w: Work, t: number, obj: number, how: 'send' | 'nbsend' | 'call'): boolean {
    const ep = w.eps[obj];
    switch (ep.state) {
      // A receiver is waiting: the message goes to the head receiver, which runs.
      case 'recv': {
        const { head: r, ep: rest } = takeHead(ep);
        w.eps[obj] = rest;
        w.wake(r);
        transfer(w, t, r, how === 'call', false);
        return how === 'call';
      }
      // No receiver: a non-blocking send is silently dropped; any other send joins the queue.
      case 'idle':
      case 'send':
        if (how === 'nbsend') return false;
        w.eps[obj] = block(ep, t, 'send');
        w.set(t, { state: 'blockedOnSend', on: obj + 1, isCall: how === 'call' });
        return true;
    }
  }

  /** The receive phase of Recv and ReplyRecv by `t`: deleteCallerCap, then take the head sender or wait. */
  function receiveIPC(w: Work, t: number, obj: number): boolean {
    const dropped = w.tcb[t - 1].caller;
    if (dropped !== 0) {
      w.set(t, { caller: 0 });
      w.events.push({ kind: 'note', thread: t, label: `reply cap to ${w.names[dropped - 1]} deleted` });
    }
    const ep = w.eps[obj];
    switch (ep.state) {
      // A sender is waiting: take the head sender's message.
      case 'send': {
        const { head: s, ep: rest } = takeHead(ep);
        w.eps[obj] = rest;
        transfer(w, s, t, w.tcb[s - 1].isCall, true);
        return false;
      }
      // Nobody sends: wait in the endpoint's queue.
      case 'idle':
      case 'recv':
        w.eps[obj] = block(ep, t, 'recv');
        w.set(t, { state: 'blockedOnReceive', on: obj + 1 });
        return true;
    }
  }

  /** Reply by `t` to caller `c`, if `c` waits for a reply: the message goes to `c`, which becomes ready. */
  function doReply(w: Work, t: number, c: number): void {
    if (c === 0 || w.tcb[c - 1].state !== 'blockedOnReply') return; // an empty slot: nothing happens
    const value = w.tcb[t - 1].mr;
    const page = w.tcb[c - 1].fault;
    w.set(c, { mr: value, fault: 0 });
    w.events.push(page !== 0 ? { kind: 'transfer', what: 'faultReply', from: t, to: c, value: page - 1 } : { kind: 'transfer', what: 'reply', from: t, to: c, value });
    w.wake(c);
  }

  /** Reply through the caller slot (F2 mutant: to the lowest-numbered thread BlockedOnReply). */
  function replyIPC(w: Work, t: number): void {
    const c = bug.replyToAnyWaiter ? w.tcb.findIndex((x) => x.state === 'blockedOnReply') + 1 : w.tcb[t - 1].caller;
    if (c !== 0 && w.tcb[c - 1].state === 'blockedOnReply') w.set(t, { caller: 0 });
    doReply(w, t, c);
  }

  const syscall = (k: K, t: number, call: Sel4Call, message: number, f: Frame): SyscallResult<K> => {
    const w = new Work(k, f.threadNames);
    w.set(t, { mr: message });
    const blocked = (b: boolean) => w.result(b ? { kind: 'blocked', on: w.tcb[t - 1].state } : { kind: 'returned' });
    switch (call.kind) {
      // Call: send, and wait for the reply.
      case 'Call':
        return blocked(sendIPC(w, t, call.obj, 'call'));
      // Send blocks until a receiver takes the message; NBSend never blocks.
      case 'Send':
        return blocked(sendIPC(w, t, call.obj, 'send'));
      case 'NBSend':
        return blocked(sendIPC(w, t, call.obj, 'nbsend'));
      // Recv first deletes the caller slot, then takes a sender or waits.
      case 'Recv':
        return blocked(receiveIPC(w, t, call.obj));
      // Reply never blocks; on an empty caller slot it does nothing.
      case 'Reply':
        replyIPC(w, t);
        return blocked(false);
      // ReplyRecv: Reply, then Recv, atomically.
      case 'ReplyRecv':
        replyIPC(w, t);
        return blocked(receiveIPC(w, t, call.obj));
      // SaveCaller moves the caller slot into a slot of the thread's own; an occupied slot refuses (DeleteFirst).
      case 'SaveCaller': {
        const me = w.tcb[t - 1];
        if (me.saved[call.slot] !== 0) {
          w.events.push({ kind: 'error', thread: t, label: 'SaveCaller: destination slot not empty (DeleteFirst)' });
          return blocked(false);
        }
        w.set(t, { caller: 0, saved: me.saved.map((c, i) => (i === call.slot ? me.caller : c)) });
        return blocked(false);
      }
      // A Send on a saved reply capability replies to the caller kept there.
      case 'SendSaved': {
        const c = w.tcb[t - 1].saved[call.slot];
        w.set(t, { saved: w.tcb[t - 1].saved.map((x, i) => (i === call.slot ? 0 : x)) });
        doReply(w, t, c);
        return blocked(false);
      }
      // Signal ORs the badge into the notification, or hands it to the first waiter (F2 mutant: with nobody waiting it is dropped).
      case 'Signal': {
        if (bug.dropSignal && w.ntfns[call.obj].state !== 'waiting') return blocked(false);
        const r = signalNotification(w.ntfns[call.obj], 1 << message);
        w.ntfns[call.obj] = r.ntfn;
        if (r.woken !== 0) {
          w.set(r.woken, { mr: r.badge });
          w.wake(r.woken);
          w.events.push({ kind: 'transfer', what: 'signal', from: t, to: r.woken, value: r.badge });
        }
        return blocked(false);
      }
      // Wait takes the word of an active notification, or blocks.
      case 'Wait': {
        const r = waitNotification(w.ntfns[call.obj], t);
        w.ntfns[call.obj] = r.ntfn;
        if (r.received !== null) {
          w.set(t, { mr: r.received });
          return blocked(false);
        }
        w.set(t, { state: 'blockedOnNotification', on: call.obj + 1 });
        return blocked(true);
      }
      // The thread's program ends.
      case 'Exit':
        w.set(t, { state: 'done' });
        return w.result({ kind: 'ended' });
    }
  };

  return defineDesign<Sel4Tcb, Sel4Objects, Sel4Call>({
    id: 'seL4',
    title: `seL4 endpoints and notifications, non-MCS (M3, M5)${variant}`,
    thread: (f) =>
      record({
        state: oneOf('running', 'blockedOnSend', 'blockedOnReceive', 'blockedOnReply', 'blockedOnNotification', 'inactive', 'done'),
        on: int(0, f.objects.length),
        isCall: bool(),
        fault: int(0, f.pages),
        mr: int(0, Math.max(f.values - 1, (1 << f.values) - 1)),
        caller: threadId(f.threads),
        saved: array(f.slots, threadId(f.threads)),
      }),
    objects: (f) => record({ eps: array(f.objects.length, endpointShape(f.threads)), ntfns: array(f.objects.length, notificationShape(f.threads, f.values)) }),
    init: (f) => ({
      threads: Array.from({ length: f.threads }, () => ({ ...RUNNING, saved: Array.from({ length: f.slots }, () => 0) })),
      objects: { eps: f.objects.map(() => IDLE_ENDPOINT), ntfns: f.objects.map(() => idleNotification()) },
    }),
    operation: (op, _t, f) => {
      const obj = 'obj' in op ? f.objects.findIndex((o) => o.name === op.obj) : -1;
      const isEvent = obj >= 0 && f.objects[obj].kind === 'event';
      switch (op.op) {
        case 'rpc':
          return isEvent ? undefined : { kind: 'Call', obj };
        case 'serve':
        case 'receive':
          return isEvent ? undefined : { kind: 'Recv', obj };
        case 'replyServe':
          return isEvent ? undefined : { kind: 'ReplyRecv', obj };
        case 'send':
          return isEvent ? undefined : { kind: 'Send', obj };
        case 'reply':
          return { kind: 'Reply' };
        case 'save':
          return { kind: 'SaveCaller', slot: op.slot };
        case 'replySaved':
          return { kind: 'SendSaved', slot: op.slot };
        case 'signal':
          return isEvent ? { kind: 'Signal', obj } : undefined;
        case 'wait':
          return isEvent ? { kind: 'Wait', obj } : undefined;
        case 'exit':
          return { kind: 'Exit' };
        default:
          return undefined;
      }
    },
    syscall,
    runnable: (k, t) => k.threads[t - 1].state === 'running',
    // A user access faulted: the thread waits for its fault handler's reply.
    midOperation: (k, t) => k.threads[t - 1].fault !== 0,
    ended: (k, t) => k.threads[t - 1].state === 'done',
    received: (k, t) => k.threads[t - 1].mr,
    memory: () => 0,
    invariants: (f) => [
      always('INV-EP', (k: K) => k.objects.eps.every(endpointOk)),
      always('INV-SYM', (k: K) => endpointQueuesMatch(k.threads, k.objects.eps)),
      always('INV-R', invR),
      always('INV-NTFN', (k: K) => k.objects.ntfns.every(notificationOk)),
    ],
    stepInvariants: () => [
      {
        // Card M5: a signal either wakes a waiter or leaves the notification Active.
        name: 'no signal lost',
        holds: (before: K, call: Sel4Call | undefined, after: K) =>
          call?.kind !== 'Signal' || after.objects.ntfns[call.obj].state === 'active' || before.threads.some((x, i) => x.state === 'blockedOnNotification' && after.threads[i].state === 'running'),
      },
    ],
    // A fault: the kernel sends a fault message (a Call carrying the page) to the thread's fault endpoint.
    pageFault: (k, t, page, f, handler) => {
      const w = new Work(k, f.threadNames);
      w.set(t, { fault: page + 1, mr: page });
      w.events.push({ kind: 'note', thread: t, label: `fault message to ${f.objects[handler].name}` });
      const blockedNow = sendIPC(w, t, handler, 'call');
      return w.result(blockedNow ? { kind: 'blocked', on: 'fault reply' } : { kind: 'returned' });
    },
    label: (c, f) => ('obj' in c ? `${c.kind}(${f.objects[c.obj].name})` : 'slot' in c ? `${c.kind}(${c.slot})` : c.kind),
  });
}

/** INV-R: a caller slot names only a thread BlockedOnReply, and no two slots name the same one. */
function invR(k: K): boolean {
  const named = new Set<number>();
  for (const tcb of k.threads) {
    for (const c of [tcb.caller, ...tcb.saved]) {
      if (c === 0) continue;
      if (k.threads[c - 1].state !== 'blockedOnReply' || named.has(c)) return false;
      named.add(c);
    }
  }
  return true;
}
