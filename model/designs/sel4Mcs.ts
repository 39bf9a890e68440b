/**
 * seL4 MCS (spec card M4): endpoints with reply objects, scheduling contexts (SCs), SC donation on
 * Call, and passive servers (threads without an SC of their own, which run only on a donated one).
 *
 * Sources: seL4 `manual/parts/{objects,threads}.tex`, `src/object/{endpoint,reply,objecttype}.c`,
 * `include/object/reply.h`; seL4 PRs #267 and #1358; l4v PR #112 and MCS `sym_refs`.
 *
 * Abstractions: `sel4.ts`'s endpoints (one message register, no badges, Grant everywhere); no
 * budgets, refills or priorities: an SC only decides whether its thread may run. SC k is thread
 * k's at boot. Each thread that receives owns `slots + 1` reply objects: reply capability 0 is the
 * one Recv uses, 1 + s is save slot s (`save` is CNode_Swap of the two, `replySaved` a Send on
 * 1 + s). A passive server's own SC is unbound the first time it blocks receiving (the
 * initialiser's unbind, folded into that step). MCS has no Reply: `reply` is a Send on reply
 * capability 0, after which a passive server has given the SC back and cannot run. No
 * notifications, page faults or timeouts.
 *
 * Invariants: INV-EP (`valid_ep`); INV-SYM (`sym_refs`: endpoint queues, and reply object ⇄ the
 * receiving or replied-to thread); SC-UNIQ (an SC is bound to at most one thread, links agreeing);
 * CALLSTACK (reply chains are acyclic doubly linked stacks headed by the reply their SC names, each
 * entry holding a caller BlockedOnReply). The kernel allocates nothing: kernel memory 0.
 *
 * Seeded bugs (card M4): `waitForRequests` (F1: servers receive with Wait, no reply object);
 * `unlinkOnFinalise` (F4, before PR #267: finalising a reply object linked to a BlockedOnReceive
 * thread makes it Inactive but leaves it queued); `cancelSendReply` (F5, before PR #1358: cancelIPC
 * also unlinks a BlockedOnSend thread's replyObject). The kernel always clears that field
 * (reply_unlink), so F5 shows only with `staleReplyObject`, a kernel the design allows that keeps
 * it when a waiting receiver is woken. F2 (receive again before replying) and F3 (never reply) are
 * workloads. Native calls: `Suspend` (cancelIPC, then Inactive), `DeleteReply` (finalise).
 */
import { array, bool, int, oneOf, record } from '../core/shape/index.js';
import { block, endpointOk, endpointQueuesMatch, endpointShape, IDLE_ENDPOINT, takeHead, type Endpoint } from '../kernel/endpoint.js';
import type { Operation } from '../workloads/program.js';
import { always } from '../../properties/always.js';
import { defineDesign, type Frame, type KernelEvent, type KernelState, type SyscallResult } from './design.js';
import { perThread, threadId } from '../core/shape/roles.js';

/**
 * A thread's kernel state: `on` the endpoint it is blocked on, `reply` its thread state's
 * replyObject (meaningful BlockedOnReceive and BlockedOnReply), `sc` its SC, `caps` the reply
 * capabilities it holds. Objects and SCs are numbered from 1; 0 is none.
 *
 * @example
 * const t: McsTcb = { state: 'running', on: 0, isCall: false, mr: 0, reply: 0, sc: 1, caps: [1] };
 */
export interface McsTcb {
  readonly state: 'running' | 'blockedOnSend' | 'blockedOnReceive' | 'blockedOnReply' | 'inactive' | 'done';
  readonly on: number;
  readonly isCall: boolean;
  readonly mr: number;
  readonly reply: number;
  readonly sc: number;
  readonly caps: readonly number[];
}

/**
 * A reply object: its thread (the caller, or the server receiving with it), the reply below it on
 * a call stack, the reply above it, or the SC whose stack it heads (C's `replyNext` and `isHead`).
 *
 * @example
 * const r: McsReply = { tcb: 1, prev: 0, next: 0, head: 1 }; // thread 1's call, on top of SC 1
 */
export type McsReply = { readonly [field in 'tcb' | 'prev' | 'next' | 'head']: number };

/**
 * The kernel objects: an endpoint per workload object, the reply objects, one SC per thread with
 * its owner and the head of its call stack.
 *
 * @example
 * const o: McsObjects = { eps: [IDLE_ENDPOINT], replies: [{ tcb: 0, prev: 0, next: 0, head: 0 }], scs: [{ owner: 1, reply: 0 }] };
 */
export interface McsObjects {
  readonly eps: readonly Endpoint[];
  readonly replies: readonly McsReply[];
  readonly scs: readonly { readonly owner: number; readonly reply: number }[];
}

/**
 * The system calls: on endpoint `obj` (0-based), with the caller's reply capability `cap`, on
 * thread `thread`. `Reply` is seL4_Send on a reply capability, `Swap` CNode_Swap of reply
 * capabilities 0 and `cap`.
 *
 * @example
 * const c: McsCall = { kind: 'Recv', obj: 0, cap: 0 };
 */
export type McsCall =
  | { readonly kind: 'Call' | 'Send' | 'NBSend' | 'Wait'; readonly obj: number }
  | { readonly kind: 'Recv' | 'ReplyRecv' | 'NBSendWait'; readonly obj: number; readonly cap: number }
  | { readonly kind: 'Reply' | 'Swap'; readonly cap: number }
  | { readonly kind: 'Suspend'; readonly thread: number }
  | { readonly kind: 'DeleteReply'; readonly thread: number; readonly cap: number }
  | { readonly kind: 'Exit' };

/**
 * The passive threads (default: every thread that receives only on services, i.e. serves calls) and the seeded bugs.
 *
 * @example
 * const o: Sel4McsOptions = { passive: [], unlinkOnFinalise: true };
 */
export type Sel4McsOptions = { readonly passive?: readonly number[] } & { readonly [bug in (typeof BUGS)[number]]?: boolean };

type K = KernelState<McsTcb, McsObjects>;
type Sc = { owner: number; reply: number };
const BUGS = ['waitForRequests', 'unlinkOnFinalise', 'cancelSendReply', 'staleReplyObject'] as const;

/**
 * The seL4 MCS design, with the options `options` sets.
 *
 * @example
 * const m = compose(sel4Mcs(), rpcPool.build(rpcPool.defaults));
 * const f4 = sel4Mcs({ unlinkOnFinalise: true });
 */
export function sel4Mcs(options: Sel4McsOptions = {}) {
  const bugs = BUGS.filter((b) => options[b]);
  const receivers = (f: Frame) => [...new Set(f.objects.flatMap((o) => o.servers))].sort((a, b) => a - b);
  /** Passive by default: the threads that serve calls and receive nothing else (a thread receiving one-way messages or events needs an SC of its own). */
  const passiveByDefault = (f: Frame) =>
    receivers(f).filter((t) => f.objects.every((o) => !o.servers.includes(t) || o.kind === 'service'));
  const replyCount = (f: Frame) => receivers(f).length * (f.slots + 1);

  /** A working copy of the kernel during one call, and what the call shows. */
  class Work {
    tcb: McsTcb[];
    eps: Endpoint[];
    replies: McsReply[];
    scs: Sc[];
    woken: number[] = [];
    events: KernelEvent[] = [];
    constructor(k: K, readonly f: Frame) {
      [this.tcb, this.eps, this.replies, this.scs] = [k.threads.slice(), k.objects.eps.slice(), k.objects.replies.slice(), k.objects.scs.slice()];
    }
    set = (t: number, change: Partial<McsTcb>) => void (this.tcb[t - 1] = { ...this.tcb[t - 1], ...change });
    link = (r: number, change: Partial<McsReply>) => void (this.replies[r - 1] = { ...this.replies[r - 1], ...change });
    bind = (s: number, change: Partial<Sc>) => void (this.scs[s - 1] = { ...this.scs[s - 1], ...change });
    wake(t: number) {
      this.set(t, { state: 'running', on: 0, isCall: false });
      this.woken.push(t);
    }
    /** The caller returns while it runs on an SC, and blocks otherwise. */
    result(t: number): SyscallResult<K> {
      const { state, sc } = this.tcb[t - 1];
      const outcome = state === 'done' ? ({ kind: 'ended' } as const) : state === 'running' && sc !== 0 ? ({ kind: 'returned' } as const) : { kind: 'blocked' as const, on: state === 'running' ? 'no scheduling context' : state };
      return { kernel: { threads: this.tcb, objects: { eps: this.eps, replies: this.replies, scs: this.scs } }, outcome, woken: this.woken, events: this.events };
    }
  }

  /** schedContext_donate: SC `s` leaves its thread and is bound to `to`. */
  function donate(w: Work, s: number, to: number): void {
    if (w.scs[s - 1].owner !== 0) w.set(w.scs[s - 1].owner, { sc: 0 });
    w.bind(s, { owner: to });
    w.set(to, { sc: s });
  }

  /** reply_unlink: reply `r` and thread `t` forget each other (`keep`: the thread keeps the stale field), and `t` becomes Inactive. */
  function unlink(w: Work, r: number, t: number, keep = false): void {
    w.link(r, { tcb: 0 });
    w.set(t, { state: 'inactive', on: 0, isCall: false, ...(keep ? {} : { reply: 0 }) });
  }

  /** reply_push: `caller` waits on reply `r`; if `callee` has no SC, the caller's SC is pushed on its stack and donated. */
  function push(w: Work, caller: number, callee: number, r: number, canDonate: boolean): void {
    w.link(r, { tcb: caller });
    w.set(caller, { state: 'blockedOnReply', on: 0, isCall: false, reply: r });
    const s = w.tcb[caller - 1].sc;
    if (s === 0 || w.tcb[callee - 1].sc !== 0 || !canDonate) return;
    const below = w.scs[s - 1].reply;
    if (below !== 0) w.link(below, { next: r, head: 0 });
    w.link(r, { prev: below, next: 0, head: s });
    w.bind(s, { reply: r });
    donate(w, s, callee);
  }

  /** reply_remove: the head of a stack is popped (its SC goes back to a caller without one), any other reply breaks the chain; `cancel` is reply_remove_tcb, which never pops. */
  function remove(w: Work, r: number, t: number, cancel = false): void {
    const { prev, next, head } = w.replies[r - 1];
    if (head !== 0) {
      w.bind(head, { reply: cancel ? 0 : prev });
      if (prev !== 0) w.link(prev, { next: 0, head: cancel ? 0 : head });
      if (!cancel && w.tcb[t - 1].sc === 0) donate(w, head, t);
    }
    if (next !== 0) w.link(next, { prev: 0 });
    if (prev !== 0 && head === 0) w.link(prev, { next: 0 });
    w.link(r, { prev: 0, next: 0, head: 0 });
    unlink(w, r, t);
  }

  /** cancelIPC of thread `t`. */
  function cancelIPC(w: Work, t: number): void {
    const me = w.tcb[t - 1];
    switch (me.state) {
      // Blocked on an endpoint: it leaves the queue, a receiver's reply object is unlinked (F5: a sender's too), and it becomes Inactive.
      case 'blockedOnSend':
      case 'blockedOnReceive': {
        const { state, queue } = w.eps[me.on - 1];
        const rest = queue.filter((x) => x !== t);
        w.eps[me.on - 1] = rest.length === 0 ? IDLE_ENDPOINT : { state, queue: rest };
        if (me.reply !== 0 && (me.state === 'blockedOnReceive' || options.cancelSendReply)) unlink(w, me.reply, t);
        w.set(t, { state: 'inactive', on: 0, isCall: false });
        return;
      }
      // Waiting for a reply: reply_remove_tcb takes its reply object out of the call stack, and it becomes Inactive.
      case 'blockedOnReply':
        return remove(w, me.reply, t, true);
      // Running, Inactive or done: nothing to cancel.
      default:
        return;
    }
  }

  /** The send phase of Call, Send and NBSend by `t`. */
  function sendIPC(w: Work, t: number, obj: number, how: 'send' | 'nbsend' | 'call'): void {
    const ep = w.eps[obj];
    switch (ep.state) {
      // A receiver waits: it takes the message and runs; a Call waits on the receiver's reply object (without one the caller becomes Inactive).
      case 'recv': {
        const { head: r, ep: rest } = takeHead(ep);
        const reply = w.tcb[r - 1].reply;
        w.eps[obj] = rest;
        if (reply !== 0) unlink(w, reply, r, options.staleReplyObject);
        w.set(r, { mr: w.tcb[t - 1].mr });
        w.events.push({ kind: 'transfer', what: how === 'call' ? 'request' : 'message', from: t, to: r, value: w.tcb[t - 1].mr });
        if (how === 'call' && reply !== 0) push(w, t, r, reply, true);
        else if (how === 'call') w.set(t, { state: 'inactive' });
        return w.wake(r);
      }
      // No receiver: a non-blocking send is dropped, any other send joins the queue.
      case 'idle':
      case 'send':
        if (how === 'nbsend') return;
        w.eps[obj] = block(ep, t, 'send');
        w.set(t, { state: 'blockedOnSend', on: obj + 1, isCall: how === 'call' });
    }
  }

  /** The receive phase of Recv (reply capability `cap`) and Wait (none) by `t`. */
  function receiveIPC(w: Work, t: number, obj: number, cap: number | undefined): void {
    const r = cap === undefined ? 0 : w.tcb[t - 1].caps[cap];
    const holder = r === 0 ? 0 : w.replies[r - 1].tcb;
    if (holder !== 0 && holder !== t) {
      w.events.push({ kind: 'note', thread: t, label: `reply object already has unexecuted reply: ${w.f.threadNames[holder - 1]} cancelled` });
      cancelIPC(w, holder);
    }
    const ep = w.eps[obj];
    switch (ep.state) {
      // A sender waits: take its message; a Call waits on the reply object (without one the caller becomes Inactive), a Send runs on.
      case 'send': {
        const { head: s, ep: rest } = takeHead(ep);
        const sender = w.tcb[s - 1];
        w.eps[obj] = rest;
        w.set(t, { mr: sender.mr });
        w.events.push({ kind: 'transfer', what: sender.isCall ? 'request' : 'message', from: s, to: t, value: sender.mr });
        if (!sender.isCall) w.wake(s);
        else if (r !== 0) push(w, s, t, r, sender.sc !== 0);
        else w.set(s, { state: 'inactive', on: 0, isCall: false });
        return;
      }
      // Nobody sends: wait in the queue with the reply object; a passive server still on its own SC gives it up.
      case 'idle':
      case 'recv':
        w.eps[obj] = block(ep, t, 'recv');
        w.set(t, { state: 'blockedOnReceive', on: obj + 1, reply: r });
        if (r !== 0) w.link(r, { tcb: t });
        if ((options.passive ?? passiveByDefault(w.f)).includes(t) && w.tcb[t - 1].sc === t) {
          w.bind(t, { owner: 0 });
          w.set(t, { sc: 0 });
          w.events.push({ kind: 'note', thread: t, label: 'SC unbound: passive' });
        }
    }
  }

  /** Send on reply capability `cap` of `t`: the caller waiting on that reply object gets the message (reply_remove); otherwise nothing happens. */
  function sendReply(w: Work, t: number, cap: number): void {
    const r = w.tcb[t - 1].caps[cap];
    const c = r === 0 ? 0 : w.replies[r - 1].tcb;
    if (c === 0 || w.tcb[c - 1].state !== 'blockedOnReply') return;
    remove(w, r, c);
    w.set(c, { mr: w.tcb[t - 1].mr });
    w.events.push({ kind: 'transfer', what: 'reply', from: t, to: c, value: w.tcb[t - 1].mr });
    w.wake(c);
  }

  const syscall = (k: K, t: number, call: McsCall, message: number, f: Frame): SyscallResult<K> => {
    const w = new Work(k, f);
    w.set(t, { mr: message });
    switch (call.kind) {
      // Call, Send and NBSend: the send phase (a Call then waits for its reply).
      case 'Call':
      case 'Send':
      case 'NBSend':
        sendIPC(w, t, call.obj, call.kind === 'Call' ? 'call' : call.kind === 'Send' ? 'send' : 'nbsend');
        break;
      // Recv receives with a reply object, Wait without one.
      case 'Recv':
      case 'Wait':
        receiveIPC(w, t, call.obj, call.kind === 'Recv' ? call.cap : undefined);
        break;
      // A Send on a reply capability replies; a server running on the caller's SC loses it.
      case 'Reply':
        sendReply(w, t, call.cap);
        break;
      // ReplyRecv and NBSendWait: reply, then Recv with the same reply object, or Wait.
      case 'ReplyRecv':
      case 'NBSendWait':
        sendReply(w, t, call.cap);
        receiveIPC(w, t, call.obj, call.kind === 'ReplyRecv' ? call.cap : undefined);
        break;
      // CNode_Swap: the caller stays in its reply object, and Recv now uses the one from slot `cap`.
      case 'Swap': {
        const caps = w.tcb[t - 1].caps.slice();
        [caps[0], caps[call.cap]] = [caps[call.cap], caps[0]];
        w.set(t, { caps });
        break;
      }
      // Suspend: cancelIPC, then Inactive.
      case 'Suspend':
        cancelIPC(w, call.thread);
        w.set(call.thread, { state: 'inactive', on: 0, isCall: false });
        break;
      // Deleting a reply capability finalises its object: a caller is removed (reply_remove), a receiver cancelled (F4: unlinked and left queued).
      case 'DeleteReply': {
        const caps = w.tcb[call.thread - 1].caps;
        const r = caps[call.cap];
        const u = r === 0 ? 0 : w.replies[r - 1].tcb;
        if (u !== 0 && w.tcb[u - 1].state === 'blockedOnReply') remove(w, r, u);
        else if (u !== 0 && options.unlinkOnFinalise) unlink(w, r, u);
        else if (u !== 0) cancelIPC(w, u);
        w.set(call.thread, { caps: caps.map((c, i) => (i === call.cap ? 0 : c)) });
        break;
      }
      // The thread's program ends.
      case 'Exit':
        w.set(t, { state: 'done' });
    }
    return w.result(t);
  };

  return defineDesign<McsTcb, McsObjects, McsCall>({
    id: 'seL4-MCS',
    title: `seL4 MCS: reply objects and SC donation (M4)${bugs.length > 0 ? ` [${bugs.join(', ')}]` : ''}`,
    thread: (f) =>
      record({
        state: oneOf('running', 'blockedOnSend', 'blockedOnReceive', 'blockedOnReply', 'inactive', 'done'),
        on: int(0, f.objects.length),
        isCall: bool(),
        mr: int(0, Math.max(f.values - 1, 0)),
        reply: int(0, replyCount(f)),
        sc: threadId(f.threads),
        caps: array(f.slots + 1, int(0, replyCount(f))),
      }),
    objects: (f) => {
      const R = replyCount(f);
      // Scheduling contexts are numbered as their threads (SC i is thread i's at boot), so they are renamed and moved with them.
      const reply = record({ tcb: threadId(f.threads), prev: int(0, R), next: int(0, R), head: threadId(f.threads) });
      return record({ eps: array(f.objects.length, endpointShape(f.threads)), replies: array(R, reply), scs: perThread(f.threads, record({ owner: threadId(f.threads), reply: int(0, R) })) });
    },
    init: (f) => {
      const rs = receivers(f);
      const caps = (t: number) => Array.from({ length: f.slots + 1 }, (_, c) => (rs.includes(t) ? rs.indexOf(t) * (f.slots + 1) + c + 1 : 0));
      const threads = Array.from({ length: f.threads }, (_, i) => ({ state: 'running' as const, on: 0, isCall: false, mr: 0, reply: 0, sc: i + 1, caps: caps(i + 1) }));
      const replies = Array.from({ length: replyCount(f) }, () => ({ tcb: 0, prev: 0, next: 0, head: 0 }));
      return { threads, objects: { eps: f.objects.map(() => IDLE_ENDPOINT), replies, scs: threads.map((_, i) => ({ owner: i + 1, reply: 0 })) } };
    },
    operation: (op, _t, f) => {
      const obj = 'obj' in op ? f.objects.findIndex((o) => o.name === op.obj) : -1;
      const cap = 'slot' in op ? op.slot + 1 : 0;
      if (obj >= 0 && f.objects[obj].kind === 'event') return undefined;
      const calls: Partial<Record<Operation['op'], McsCall>> = {
        rpc: { kind: 'Call', obj },
        serve: options.waitForRequests ? { kind: 'Wait', obj } : { kind: 'Recv', obj, cap: 0 },
        replyServe: { kind: options.waitForRequests ? 'NBSendWait' : 'ReplyRecv', obj, cap: 0 },
        receive: { kind: 'Wait', obj },
        send: { kind: 'Send', obj },
        reply: { kind: 'Reply', cap: 0 },
        save: { kind: 'Swap', cap },
        replySaved: { kind: 'Reply', cap },
        exit: { kind: 'Exit' },
      };
      return calls[op.op];
    },
    syscall,
    runnable: (k, t) => k.threads[t - 1].state === 'running' && k.threads[t - 1].sc !== 0,
    ended: (k, t) => k.threads[t - 1].state === 'done',
    received: (k, t) => k.threads[t - 1].mr,
    memory: () => 0,
    invariants: (f) => [always('INV-EP', (k: K) => k.objects.eps.every(endpointOk)), always('INV-SYM', (k: K) => invSym(k, f)), always('SC-UNIQ', scUniq), always('CALLSTACK', callStack)],
    label: (c, f) => {
      const args = ['obj' in c ? f.objects[c.obj].name : '', 'thread' in c ? f.threadNames[c.thread - 1] : '', 'cap' in c ? `reply ${c.cap}` : ''].filter((a) => a !== '');
      return `${c.kind === 'Reply' ? 'Send' : c.kind}${args.length > 0 ? `(${args.join(', ')})` : ''}`;
    },
  });
}

/** INV-SYM: blocked on an endpoint exactly when queued there; a reply object names a thread exactly when that thread, receiving or waiting for a reply, names it. */
function invSym(k: K, f: Frame): boolean {
  const names = (t: McsTcb, r: number) => (t.state === 'blockedOnReceive' || t.state === 'blockedOnReply') && t.reply === r;
  if (!endpointQueuesMatch(k.threads, k.objects.eps)) return false;
  for (let t = 1; t <= f.threads; t++) {
    const tcb = k.threads[t - 1];
    if (tcb.reply !== 0 && names(tcb, tcb.reply) && k.objects.replies[tcb.reply - 1].tcb !== t) return false;
  }
  return k.objects.replies.every((r, i) => r.tcb === 0 || names(k.threads[r.tcb - 1], i + 1));
}

/** SC-UNIQ: an SC's owner is bound to it and a bound thread is its SC's owner, so no SC has two threads. */
function scUniq(k: K): boolean {
  return k.objects.scs.every((s, i) => s.owner === 0 || k.threads[s.owner - 1].sc === i + 1) && k.threads.every((t, i) => t.sc === 0 || k.objects.scs[t.sc - 1].owner === i + 1);
}

/** CALLSTACK: links agree both ways, an SC's stack is headed by the reply naming it, chains are acyclic, every linked reply holds a caller BlockedOnReply. */
function callStack(k: K): boolean {
  const rs = k.objects.replies;
  if (!k.objects.scs.every((s, i) => s.reply === 0 || rs[s.reply - 1].head === i + 1)) return false;
  return rs.every((r, i) => {
    if (r.head !== 0 && (r.next !== 0 || k.objects.scs[r.head - 1].reply !== i + 1)) return false;
    if ((r.next !== 0 && rs[r.next - 1].prev !== i + 1) || (r.prev !== 0 && rs[r.prev - 1].next !== i + 1)) return false;
    if ((r.head !== 0 || r.next !== 0 || r.prev !== 0) && (r.tcb === 0 || k.threads[r.tcb - 1].state !== 'blockedOnReply')) return false;
    let below = r.prev;
    for (let n = 0; below !== 0; n++, below = rs[below - 1].prev) if (n > rs.length) return false;
    return true;
  });
}
