/**
 * L4 long IPC, Pistachio (spec card M2): the message is copied page by page through both address
 * spaces' page tables; a page fault in the middle of the copy is served by a pager through a
 * nested page-fault IPC, and the kernel keeps a continuation to resume the copy.
 *
 * Sources: l4ka/pistachio `kernel/src/api/v4/ipcx.cc` (`ipc_copy`: "we may cause a nested
 * pagefault ipc"), `space.cc` (`handle_pagefault`, `handle_xfer_timeouts`), `thread.cc`
 * (`send_pagefault_ipc`, `save_state`/`restore_state`), l4test's error strings 5 and 6.
 *
 * The one call is `Ipc(to, from)`: a send phase, then a receive phase; a sender polls a receiver
 * that does not wait for it; replies have send timeout 0 (card M1). A send of `pages` > 0 pages is
 * a long IPC that runs in phases (`continues`): the rendezvous locks both threads, then each phase
 * of the sender copies page i (1..pages) through both page tables (`machine.mapped`). An unmapped
 * source page makes the sender save a continuation and Call its pager with the fault, the receiver
 * staying locked; an unmapped page of the receive area is tunnelled through the partner: the
 * receiver saves the continuation and Calls its own pager, the sender staying locked. The pager's
 * reply maps the page (`faultReply` in the faulter's space) and the copy resumes where it stopped.
 * The first fault sets the xfer timer to min(sender's, receiver's xfer timeout): zero aborts at
 * once, finite may expire while a fault is outstanding. An abort releases both threads with error
 * 5 (current: the fault is in the sender's space) or 6 (partner) and drops the IPC's continuations;
 * a late pager reply then finds no one waiting and is dropped. A user page fault (F1) also saves a
 * continuation and Calls the thread's pager.
 *
 * Abstractions: one message register plus whole pages (no offsets, string items or copy window);
 * page i's data is the number i; page 0 is each thread's own buffer. In an IPC a thread's pager is
 * the one its IPC names (L4's TCB pager field, set by ThreadControl: the frame does not say who
 * pages whom); a user fault goes to the server of the thread's fault handler; σ0 is implicit and
 * never faults. Pollers are taken in thread order. Neutral
 * operations: `rpc` is Call to server (t − 1) mod n of the object, `serve`/`receive` an open wait,
 * `reply`/`replyServe` reply (and wait) to the last sender, `send` a short Send.
 *
 * Invariants: 'one continuation per thread'; 'continuation discipline' (an IPC continuation
 * records the page its copy stopped at, and every page below a copy's cursor holds its data: a
 * resumed copy restarted where it stopped); 'data integrity' (a thread running after its receive
 * without error holds the message's pages in order, with no hole). Kernel memory: continuations.
 *
 * Options: `movement: 'registers'` moves a long message as message registers (seL4, Fiasco) in the
 * one atomic rendezvous step: no copy, no fault. Seeded mutant `skipFaultedPage`: a resumed copy
 * restarts at the page after the one that faulted. F1-F3 are workloads (`workloads/longIpc.ts`).
 */
import { array, bool, int, oneOf, queue, record } from '../core/shape/index.js';
import { always } from '../../properties/always.js';
import { defineDesign, type Frame, type KernelEvent, type KernelState, type MachineView, type SyscallResult } from './design.js';
import { threadId } from '../core/shape/roles.js';

/**
 * An L4 transfer (xfer) timeout.
 *
 * @example
 * const t: L4XferTimeout = 'finite';
 */
export type L4XferTimeout = 'zero' | 'finite' | 'never';

/**
 * A thread's kernel state: card M2's thread state (`copying` is locked_running, `locked` is
 * locked_waiting, `aborted` a long send the xfer timer ended), what it polls or waits for (`on`,
 * 0: anythread; in a copy, the other thread), whether it is in a Call, the long send in progress
 * (`pages`, `cursor`: pages copied), its IPC's xfer timeout and the sender's xfer timer (set at
 * the first fault), its pager (0: σ0), the message register, the last IPC's error (5: current,
 * 6: partner), the partner (the last sender, or the other thread of the copy) and, as ghost, the
 * receive area (`area[i]`: the message page whose data page i + 1 holds, 0 for none).
 *
 * @example
 * const t: L4LongTcb = { state: 'copying', on: 2, calling: false, pages: 2, cursor: 1, xfer: 'never', timer: 'never', pager: 3, mr: 1, error: 'none', partner: 2, area: [0, 0] };
 */
export interface L4LongTcb {
  readonly state: 'running' | 'polling' | 'waiting' | 'copying' | 'locked' | 'aborted' | 'done';
  readonly on: number;
  readonly calling: boolean;
  readonly pages: number;
  readonly cursor: number;
  readonly xfer: L4XferTimeout;
  readonly timer: 'unset' | L4XferTimeout;
  readonly pager: number;
  readonly mr: number;
  readonly error: 'none' | 'current' | 'partner';
  readonly partner: number;
  readonly area: readonly number[];
}

/**
 * A continuation (card M2's saved state): whose, which fault (in the copy's source or receive
 * area, or a user access), at which page, and the other thread of the copy.
 *
 * @example
 * const c: L4LongContinuation = { owner: 2, ipc: 'dest', page: 2, partner: 1 };
 */
export interface L4LongContinuation {
  readonly owner: number;
  readonly ipc: 'source' | 'dest' | 'user';
  readonly page: number;
  readonly partner: number;
}

/**
 * The kernel objects: the continuations, the only memory the kernel allocates.
 *
 * @example
 * const o: L4LongObjects = { conts: [] };
 */
export interface L4LongObjects {
  readonly conts: readonly L4LongContinuation[];
}

/**
 * `Ipc(to, from)` (`to`: a thread, the partner or nil; `from`: a thread, anythread or nil), with
 * the long message's `pages`, the thread's `xfer` timeout and its `pager`; and the exit.
 *
 * @example
 * const send: L4LongCall = { kind: 'Ipc', to: 2, from: 'nil', pages: 2, xfer: 'never', pager: 3 };
 */
export type L4LongCall =
  | { readonly kind: 'Ipc'; readonly to: number | 'partner' | 'nil'; readonly from: number | 'any' | 'nil'; readonly call?: boolean; readonly pages?: number; readonly xfer?: L4XferTimeout; readonly pager?: number }
  | { readonly kind: 'Exit' };

/**
 * The data movement and the seeded mutant.
 *
 * @example
 * const o: L4LongOptions = { movement: 'registers' };
 */
export interface L4LongOptions {
  readonly movement?: 'long' | 'registers';
  readonly skipFaultedPage?: boolean;
}

type K = KernelState<L4LongTcb, L4LongObjects>;
type Ipc = Extract<L4LongCall, { kind: 'Ipc' }>;
const TIMEOUTS = ['zero', 'finite', 'never'] as const;
const earlier = (a: L4XferTimeout, b: L4XferTimeout) => (TIMEOUTS.indexOf(a) <= TIMEOUTS.indexOf(b) ? a : b);

/**
 * The L4 long-IPC design.
 *
 * @example
 * const m = compose(l4Long(), longIpc.build(longIpc.defaults));
 * const regs = l4Long({ movement: 'registers' });
 */
export function l4Long(options: L4LongOptions = {}) {
  const registers = options.movement === 'registers';
  const variant = [...(registers ? ['movement=registers'] : []), ...(options.skipFaultedPage ? ['skipFaultedPage'] : [])].join(', ');

  /** A working copy of the kernel during one step, and what the step shows. */
  class Work {
    tcb: L4LongTcb[];
    conts: L4LongContinuation[];
    woken: number[] = [];
    events: KernelEvent[] = [];
    constructor(k: K, readonly f: Frame) {
      this.tcb = k.threads.slice();
      this.conts = k.objects.conts.slice();
    }
    set(t: number, change: Partial<L4LongTcb>) {
      this.tcb[t - 1] = { ...this.tcb[t - 1], ...change };
    }
    /** Thread `t` becomes runnable in `state`. */
    wake(t: number, state: 'running' | 'copying' | 'aborted' = 'running') {
      this.set(t, { state, ...(state === 'running' ? { on: 0, calling: false } : {}) });
      this.woken.push(t);
    }
    result(kind: 'returned' | 'blocked' | 'continues' | 'ended', on = ''): SyscallResult<K> {
      const outcome = kind === 'blocked' ? { kind, on } : { kind };
      return { kernel: { threads: this.tcb, objects: { conts: this.conts } }, outcome, woken: this.woken, events: this.events };
    }
  }

  /** Sender `s`'s message register goes to `r`: a request if `s` calls, a reply if `r` awaits one, else a message. */
  function deliver(w: Work, s: number, r: number): void {
    const value = w.tcb[s - 1].mr;
    if (w.tcb[s - 1].calling) w.events.push({ kind: 'transfer', what: 'request', from: s, to: r, value });
    if (w.tcb[r - 1].calling) w.events.push({ kind: 'transfer', what: 'reply', from: s, to: r, value });
    else if (!w.tcb[s - 1].calling) w.events.push({ kind: 'transfer', what: 'message', from: s, to: r, value });
    w.set(r, { mr: value, partner: s, error: 'none' });
  }

  /** After its message went to `r`, sender `s` goes on: a Call waits for `r`'s reply, a Send returns. Whether `s` blocked. */
  function senderGoesOn(w: Work, s: number, r: number, own: boolean): boolean {
    w.set(s, { pages: 0, cursor: 0, timer: 'unset' });
    if (w.tcb[s - 1].calling) {
      w.set(s, { state: 'waiting', on: r });
      return true;
    }
    if (own) w.set(s, { state: 'running', on: 0 });
    else w.wake(s);
    return false;
  }

  /** The transfer from `s` to `r` begins (`r` waits for it). Whether a long copy starts; otherwise it completed. */
  function rendezvous(w: Work, s: number, r: number, own: boolean): 'copy' | 'blocked' | 'done' {
    const pages = w.tcb[s - 1].pages;
    // A long message moved by copying: both threads are locked and the sender copies page by page.
    if (pages > 0 && !registers) {
      w.set(s, { state: 'copying', on: r, partner: r, cursor: 0, timer: 'unset' });
      w.set(r, { state: 'locked', on: s, partner: s, area: w.tcb[r - 1].area.map(() => 0) });
      if (!own) w.woken.push(s);
      return 'copy';
    }
    // A short message, or the pages as message registers: one atomic copy and the transfer is done.
    if (pages > 0) w.set(r, { area: w.tcb[r - 1].area.map((_, i) => (i < pages ? i + 1 : 0)) });
    deliver(w, s, r);
    w.wake(r);
    return senderGoesOn(w, s, r, own) ? 'blocked' : 'done';
  }

  /** `f` saves a continuation and makes the fault IPC, a Call to pager `p` carrying the page. */
  function faultIpc(w: Work, f: number, p: number, ipc: L4LongContinuation['ipc'], page: number, partner: number): void {
    if (p === 0) throw new Error(`${w.f.threadNames[f - 1]} faulted in an IPC that names no pager`);
    w.conts.push({ owner: f, ipc, page, partner });
    const pager = w.tcb[p - 1];
    // The pager waits for anythread: it takes the fault message and runs.
    if (p !== f && pager.state === 'waiting' && (pager.on === 0 || pager.on === f)) {
      w.events.push({ kind: 'transfer', what: 'fault', from: f, to: p, value: page });
      w.set(p, { mr: page, partner: f });
      w.wake(p);
      w.set(f, { state: 'waiting', on: p });
      return;
    }
    // Otherwise the faulter polls it: a busy pager, one locked in this very copy (F2), or itself (F1).
    w.set(f, { state: 'polling', on: p });
  }

  /** The IPC of sender `s` aborts on a fault of `ipc`'s side: both threads are released with error 5 or 6. */
  function abort(w: Work, s: number, ipc: 'source' | 'dest', own: boolean): void {
    const r = w.tcb[s - 1].partner;
    const error = ipc === 'source' ? 'current' : 'partner';
    w.conts = w.conts.filter((c) => c.ipc === 'user' || (c.owner !== s && c.owner !== r));
    for (const t of [s, r]) w.events.push({ kind: 'error', thread: t, label: `error ${error === 'current' ? 5 : 6}: xfer timeout (${error})` });
    w.set(s, { error, pages: 0, cursor: 0, timer: 'unset', on: 0 });
    w.set(r, { error });
    w.wake(r);
    if (own) w.set(s, { state: 'running' });
    else w.wake(s, 'aborted');
  }

  /** A fault at `page` of sender `s`'s copy, in the source (`s` faults) or the receive area (tunnelled: the receiver faults). */
  function copyFault(w: Work, s: number, ipc: 'source' | 'dest', page: number): SyscallResult<K> {
    const r = w.tcb[s - 1].partner;
    const timer = w.tcb[s - 1].timer === 'unset' ? earlier(w.tcb[s - 1].xfer, w.tcb[r - 1].xfer) : w.tcb[s - 1].timer;
    w.set(s, { timer });
    // A zero xfer timeout aborts the IPC at the first fault.
    if (timer === 'zero') {
      abort(w, s, ipc, true);
      return w.result('returned');
    }
    // Otherwise the faulting thread calls its pager and the other one stays locked.
    const [f, other] = ipc === 'source' ? [s, r] : [r, s];
    w.set(other, { state: 'locked', on: f });
    faultIpc(w, f, w.tcb[f - 1].pager, ipc, page, other);
    return w.result('continues');
  }

  /** One phase of sender `s`'s long IPC: copy the next page through both page tables, or fault. */
  function copyPhase(w: Work, s: number, m: MachineView | undefined): SyscallResult<K> {
    const { partner: r, cursor, pages } = w.tcb[s - 1];
    const page = cursor + 1;
    // The source page is not mapped in the sender's space: the sender faults.
    if (m !== undefined && !m.mapped(s, page)) return copyFault(w, s, 'source', page);
    // The receive page is not mapped in the receiver's space: the fault is tunnelled through the partner.
    if (m !== undefined && !m.mapped(r, page)) return copyFault(w, s, 'dest', page);
    // Both are mapped: the page is copied, and after the last one the receiver gets the message.
    w.set(r, { area: w.tcb[r - 1].area.map((x, i) => (i === cursor ? page : x)) });
    w.set(s, { cursor: page });
    if (page < pages) return w.result('continues');
    deliver(w, s, r);
    w.wake(r);
    return senderGoesOn(w, s, r, true) ? w.result('blocked', `waiting for ${w.f.threadNames[r - 1]}`) : w.result('returned');
  }

  /** Pager `p` answers `r`'s fault: the page is mapped in `r`'s space and `r` or the copy resumes. */
  function faultReply(w: Work, p: number, r: number, c: L4LongContinuation): void {
    w.events.push({ kind: 'transfer', what: 'faultReply', from: p, to: r, value: c.page, space: r });
    w.conts = w.conts.filter((x) => x !== c);
    // A user fault: the thread runs again and retries its access.
    if (c.ipc === 'user') return w.wake(r);
    // A fault of a copy: the sender copies again from the page that faulted (the mutant: the page after).
    const [s, rcv] = c.ipc === 'source' ? [c.owner, c.partner] : [c.partner, c.owner];
    const pages = w.tcb[s - 1].pages;
    w.set(rcv, { state: 'locked', on: s });
    w.set(s, { on: rcv, cursor: options.skipFaultedPage ? Math.min(c.page, pages - 1) : c.page - 1 });
    w.wake(s, 'copying');
  }

  /** The receive phase of `t` from `from` (0: anythread): take a matching poller, or wait. */
  function receivePhase(w: Work, t: number, from: number): SyscallResult<K> {
    const s = w.tcb.findIndex((x, i) => x.state === 'polling' && x.on === t && (from === 0 || from === i + 1)) + 1;
    // Nobody matching polls me: I wait.
    if (s === 0) {
      w.set(t, { state: 'waiting', on: from });
      return w.result('blocked', `waiting for ${from === 0 ? 'anythread' : w.f.threadNames[from - 1]}`);
    }
    const c = w.conts.find((x) => x.owner === s);
    // A faulter polls me: I take its fault message and it waits for my reply.
    if (c !== undefined) {
      w.events.push({ kind: 'transfer', what: 'fault', from: s, to: t, value: c.page });
      w.set(t, { mr: c.page, partner: s });
      w.set(s, { state: 'waiting', on: t });
      return w.result('returned');
    }
    // A sender polls me: its transfer begins; a long one locks me while it copies.
    return rendezvous(w, s, t, false) === 'copy' ? w.result('blocked', `locked by ${w.f.threadNames[s - 1]}`) : w.result('returned');
  }

  /** `Ipc(to, from)` by `t`: the send phase, then the receive phase. */
  function ipc(w: Work, t: number, call: Ipc): SyscallResult<K> {
    const me = w.tcb[t - 1];
    w.set(t, { calling: call.call === true, pages: call.pages ?? 0, xfer: call.xfer ?? 'never', pager: call.pager ?? me.pager, error: 'none' });
    const r = call.to === 'nil' ? 0 : call.to === 'partner' ? me.partner : call.to;
    if (r !== 0) {
      const to = w.tcb[r - 1];
      const c = w.conts.find((x) => x.owner === r);
      // The receiver waits for my reply to its fault: the fault reply.
      if (c !== undefined && to.state === 'waiting' && to.on === t) faultReply(w, t, r, c);
      // The receiver waits for me or for anythread: the transfer begins.
      else if (to.state === 'waiting' && (to.on === 0 || to.on === t)) {
        const begun = rendezvous(w, t, r, true);
        if (begun === 'copy') return w.result('continues');
        if (begun === 'blocked') return w.result('blocked', `waiting for ${w.f.threadNames[r - 1]}`);
      }
      // It does not, and this is a reply (send timeout 0): the reply is dropped and the receive phase skipped.
      else if (call.to === 'partner') {
        w.events.push({ kind: 'error', thread: t, label: `reply to ${w.f.threadNames[r - 1]} dropped` });
        return w.result('returned');
      }
      // Otherwise I poll it; a long send stays at its call to copy once the receiver takes it.
      else {
        w.set(t, { state: 'polling', on: r });
        return (call.pages ?? 0) > 0 && !registers ? w.result('continues') : w.result('blocked', `polling ${w.f.threadNames[r - 1]}`);
      }
    }
    if (call.from === 'nil') return w.result('returned');
    return receivePhase(w, t, call.from === 'any' ? 0 : call.from);
  }

  const syscall = (k: K, t: number, call: L4LongCall, message: number, f: Frame, m?: MachineView): SyscallResult<K> => {
    const w = new Work(k, f);
    switch (k.threads[t - 1].state) {
      // A long send in progress: the next phase of its copy.
      case 'copying':
        return copyPhase(w, t, m);
      // A long send the xfer timer aborted: the call returns its error.
      case 'aborted':
        w.set(t, { state: 'running' });
        return w.result('returned');
    }
    w.set(t, { mr: message });
    switch (call.kind) {
      // Ipc: the one IPC system call.
      case 'Ipc':
        return ipc(w, t, call);
      // The thread's program ends.
      case 'Exit':
        w.set(t, { state: 'done' });
        return w.result('ended');
    }
  };

  /** Whether `t` is stopped inside its instruction: a long send polling its receiver (it `continues`), the sender of a copy that faulted (locked, or paging), or a user access's fault. */
  const midOperation = (k: K, t: number): boolean => {
    const x = k.threads[t - 1];
    const conts = k.objects.conts;
    if (conts.some((c) => (c.owner === t && c.ipc !== 'dest') || (c.ipc === 'dest' && c.partner === t))) return true;
    return x.state === 'polling' && x.pages > 0 && !registers && !conts.some((c) => c.owner === t);
  };
  const name = (f: Frame, x: number | string) => (typeof x === 'number' ? f.threadNames[x - 1] : x);
  return defineDesign<L4LongTcb, L4LongObjects, L4LongCall>({
    id: 'L4-long',
    title: `L4 long IPC with pagers, Pistachio (M2)${variant === '' ? '' : ` [${variant}]`}`,
    thread: (f) => {
      const [thread, page] = [threadId(f.threads), int(0, f.pages - 1)];
      const state = oneOf('running', 'polling', 'waiting', 'copying', 'locked', 'aborted', 'done');
      const ipc = { state, on: thread, calling: bool(), pages: page, cursor: page, xfer: oneOf(...TIMEOUTS), timer: oneOf('unset', ...TIMEOUTS), pager: thread };
      return record({ ...ipc, mr: int(0, Math.max(f.values - 1, f.pages - 1)), error: oneOf('none', 'current', 'partner'), partner: thread, area: array(f.pages - 1, page) });
    },
    objects: (f) => record({ conts: queue(f.threads, record({ owner: threadId(f.threads, 1), ipc: oneOf('source', 'dest', 'user'), page: int(0, f.pages - 1), partner: threadId(f.threads) })) }),
    init: (f) => ({
      threads: Array.from({ length: f.threads }, () => ({ state: 'running', on: 0, calling: false, pages: 0, cursor: 0, xfer: 'never', timer: 'unset', pager: 0, mr: 0, error: 'none', partner: 0, area: Array.from({ length: f.pages - 1 }, () => 0) })),
      objects: { conts: [] },
    }),
    operation: (op, t, f) => {
      // A thread never sends to itself: on an object it also receives on, it sends to the others.
      const servers = (f.objects.find((x) => 'obj' in op && x.name === op.obj)?.servers ?? []).filter((x) => x !== t);
      const s = servers.length > 0 ? servers[(t - 1) % servers.length] : 0;
      const neutral: Partial<Record<string, L4LongCall>> = {
        rpc: s === 0 ? undefined : { kind: 'Ipc', to: s, from: s, call: true },
        send: s === 0 ? undefined : { kind: 'Ipc', to: s, from: 'nil' },
        serve: { kind: 'Ipc', to: 'nil', from: 'any' },
        receive: { kind: 'Ipc', to: 'nil', from: 'any' },
        reply: { kind: 'Ipc', to: 'partner', from: 'nil' },
        replyServe: { kind: 'Ipc', to: 'partner', from: 'any' },
        exit: { kind: 'Exit' },
      };
      return neutral[op.op];
    },
    syscall,
    runnable: (k, t) => ['running', 'copying', 'aborted'].includes(k.threads[t - 1].state),
    // A long send under way (polling its receiver, or locked or paging in a fault of its copy), or a user access's fault.
    midOperation: (k, t) => midOperation(k, t),
    ended: (k, t) => k.threads[t - 1].state === 'done',
    received: (k, t) => ({ none: k.threads[t - 1].mr, current: 5, partner: 6 })[k.threads[t - 1].error],
    memory: (k) => k.objects.conts.length,
    invariants: () => [always('one continuation per thread', oneEach), always('continuation discipline', discipline), always('data integrity', integrity)],
    // A user access faulted: the thread saves its state and calls its pager, the fault handler's server, with the page.
    pageFault: (k, t, page, f, handler) => {
      const w = new Work(k, f);
      faultIpc(w, t, f.objects[handler].servers[0] ?? 0, 'user', page, 0);
      return w.result('blocked', 'fault reply');
    },
    expirable: (k) => k.threads.flatMap((x, i) => (x.timer === 'finite' && k.objects.conts.some((c) => c.ipc !== 'user' && sender(c) === i + 1) ? [i + 1] : [])),
    // The xfer timer of sender `t` fires while a fault of its copy is outstanding: the IPC aborts.
    expire: (k, t, f) => {
      const w = new Work(k, f);
      const c = k.objects.conts.find((x) => x.ipc !== 'user' && sender(x) === t)!;
      abort(w, t, c.ipc as 'source' | 'dest', false);
      return w.result('returned');
    },
    label: (c, f) => {
      if (c.kind === 'Exit') return 'Exit';
      const long = (c.pages ?? 0) > 0 ? `, ${c.pages} pages` : '';
      if (c.call) return `Call(${name(f, c.to)})`;
      if (c.to === 'nil') return c.from === 'any' ? 'Wait' : `Receive(${name(f, c.from)})`;
      if (c.to === 'partner') return c.from === 'any' ? 'ReplyWait' : 'Reply';
      return c.from === 'nil' ? `Send(${name(f, c.to)}${long})` : `Ipc(${name(f, c.to)}, ${name(f, c.from)}${long})`;
    },
  });
}

/** The sender of the copy a continuation belongs to. */
const sender = (c: L4LongContinuation) => (c.ipc === 'source' ? c.owner : c.partner);

/** At most one saved state per thread. */
function oneEach(k: K): boolean {
  return new Set(k.objects.conts.map((c) => c.owner)).size === k.objects.conts.length;
}

/** A copy's continuation records the page its copy stopped at, and every page below a copy's cursor holds its data. */
function discipline(k: K): boolean {
  const copy = k.objects.conts.filter((c) => c.ipc !== 'user');
  if (!copy.every((c) => k.threads[sender(c) - 1].cursor === c.page - 1)) return false;
  return k.threads.every((s) => s.pages === 0 || s.partner === 0 || k.threads[s.partner - 1].area.every((x, i) => i >= s.cursor || x === i + 1));
}

/** A thread that runs after a receive without error holds the message's pages in order, with no hole. */
function integrity(k: K): boolean {
  return k.threads.every((t) => (t.state !== 'running' && t.state !== 'done') || t.error !== 'none' || t.area.every((x, i, a) => x === (i < a.filter((y) => y !== 0).length ? i + 1 : 0)));
}
