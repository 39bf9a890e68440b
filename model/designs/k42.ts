/**
 * K42 (spec card M13): protected procedure calls (PPCs) between dispatchers, entered in the
 * server through an upcall that takes a thread from the process's pool, refusals answered with
 * `EAGAIN` and a retry notification, a bounded asynchronous ring with `EBUSY`, and soft-interrupt
 * bits in the dispatcher page.
 *
 * Sources: jimix/k42@0974d1c `doc/white-papers/Scheduling.sgml` (PPC, reserved threads, entry
 * points, the disabled flag, software interrupts, thread creation); `os/kernel/exception/
 * {ExceptionExp.C, ProcessAnnex.{C,H}, IPCRetryManager.{C,H}}`; `os/kernel/sys/{Dispatcher.H,
 * SoftIntr.H, doc/sysPrgG.sgml}`; `lib/libc/scheduler/DispatcherDefault.{C,H}` (the IPC_CALL,
 * IPC_RTN and IPC_FAULT upcalls, `passertMsg(... "Out of threads")`, the retry lists);
 * `usr/testDisabledIPC.C`.
 *
 * Abstractions. One CPU, so no remote PPC and no `pendingRemoteIPC` slot; no resource domains
 * and no borrower ring (a cache only). A dispatcher is a process: the threads that serve a common
 * workload object (the framework's frame names no address spaces, so this union stands for them;
 * its lowest thread id is the dispatcher's id, and its kernel annex and dispatcher page are kept
 * in that thread's entry).
 *
 * The pool. A thread waiting in `serve` is a free thread of the library's pool, and the pool is
 * exactly the workload's server threads: the code after a thread's `serve` is the method it runs,
 * so a free thread takes calls to the service it serves only (K42's `freeList` is per dispatcher
 * and serves any method; no shipped workload has a dispatcher exporting two services, where the
 * two would differ). A handler that replies and then serves in two calls leaves its pool one
 * thread short in between (K42 frees the thread before IPC_RTN; the one-call `replyServe` is the
 * faithful form). A handler that is preempted, blocks or calls out keeps its thread: preempting
 * an enabled dispatcher leaves it clean (the kernel does not hold it), so calls are still launched
 * into it and meet a pool without a free thread (rpcPool's one server thread: F1).
 *
 * Boot. The library sets the dispatcher's IPC_CALL entry (`ipcCallsEnabled`) when the dispatcher
 * starts, which is when its first pool thread enters the pool; a call before that is refused like
 * a call to a disabled dispatcher and retried when the entry is set. K42's upcall that finds no
 * free thread creates one from the process's stack pool; in the model the threads still to be
 * created are the pool threads that have not entered the pool yet, so such a call waits in its
 * PPC for one of them, and the first thread of the pool to serve takes it (at most one waiting
 * call per thread still to come; a pool thread whose program first does other work, like
 * primitiveCallback's S1 main, makes such a call wait for that work, where K42 would create a
 * thread at once). Only a call that meets a set entry, no free thread and no thread still to come
 * is F1's case.
 *
 * Disabling. A dispatcher is disabled by one of its threads (`Disable`, a native call), and while
 * disabled it runs only that thread; a call that thread makes is a primitive PPC. Being disabled
 * stands for every reason the kernel holds a dispatcher (`reservedThread ≠ ⊥`): on one CPU a
 * disabled dispatcher that does not run has its state in the kernel. A refused call (or reply)
 * parks the calling thread itself on the retry list (K42 allocates a fresh thread to hold the PPC
 * page; the model does not count it); a refused primitive PPC is re-tried by the kernel when the
 * target enables (its 10 ms delay loop abstracted). The target notifies its retry sources when it
 * enables (K42: when it yields, which PREEMPT forces at the enable) and when its entry is set.
 *
 * Asynchronous messages and soft interrupts. The ring is kept per channel object, inside the
 * dispatcher page (every shipped workload's dispatcher receives on one channel), of the object's
 * capacity or `ringSize`; the ASYNC_MSG bit is not modelled (a waiting receiver takes a message at
 * once). `EBUSY` goes back to the sender, who "is responsible for re-trying": by default its
 * library re-issues the message (`busy: 'retry'`); the thread stays runnable and holds nothing,
 * so a receiver that never drains makes it retry for ever (a livelock: no deadlock, no thread
 * stuck, but the burst is never sent), and one that does drain under weak fairness lets the retry
 * succeed. With `busy: 'drop'` the message is lost. Each event object is one soft-interrupt bit of
 * its waiters' dispatcher page, and bit 0 is IPC_RETRY_NOTIFY; a wait returns 1.
 *
 * Not expressible: a PPC to or a message for one's own dispatcher (intra-process calls are
 * function calls), one-way messages on a service, page faults to a handler, and the two-call
 * `request`.
 *
 * Properties (card M13 HOLD):
 * - kernel memory 0, by construction: the annex and the rings are fixed and nothing is allocated
 *   per call (only the F4 mutant counts anything);
 * - 'no retry notification lost': a step that clears a dispatcher's IPC_RETRY_NOTIFY bit readies
 *   its notified parked threads;
 * - INV-CALL (reply correctness at user level): a thread serving or keeping a caller names a
 *   thread blocked in a call to its own dispatcher, or one whose process died, and no two name
 *   the same;
 * - INV-DISABLED: a dispatcher is disabled only by one of its own threads;
 * - INV-RING: a ring holds at most its capacity.
 *
 * Variants (card M13 FAIL):
 * - by default the library meets an upcall with no free thread with the production assertion
 *   "Out of threads", which kills the server process (`noThread: 'assert'`; F1 and F5: STUCK);
 * - `noThread: 'enomem'`, the designed path: the caller's call fails with `ENOMEM`, its message
 *   register cleared to 0 (F1: the call is never served, which upcallPool's 'every honest call is
 *   served' checks; the framework's 'every call is answered' counts a failed call as answered,
 *   so rpcPool and strayMessage, which check no reply value, hold under it);
 * - `nonAtomicTake` (F3): the library reads the soft-interrupt word and then stores 0, losing a
 *   bit set in between;
 * - `asyncList` (F4): asynchronous messages queued in a kernel list, without `EBUSY`;
 * - `busy: 'drop'` (card W1 F3): a message that gets `EBUSY` is dropped.
 *
 * The scenarios are workloads: F1 `upcallPool` (and `nestedServer`, and `rpcPool` with a
 * preempted handler), F2 `primitiveCallback` (its control run, an ordinary PPC, holds), F3
 * `retryRace`, F4 `burst` with a receiver that never drains, F5 `upcallPool` with
 * `handler: 'callsBack'`; the re-entrancy of HOLD is `reentrantCalls`. Not modelled: the duplicate
 * reply that RC at user level lets a later call to the same process take, page faults, and the
 * remote-CPU paths.
 */
import { array, bool, int, oneOf, perThread, queue, record, threadId } from '../core/shape/index.js';
import { always } from '../../properties/always.js';
import { defineDesign, type Frame, type KernelEvent, type KernelState, type Outcome, type SyscallResult } from './design.js';

/**
 * A thread of a dispatcher, its library state and the registers the kernel sees.
 *
 * @example
 * const t: K42Thread = { state: 'running', on: 0, obj: 0, primitive: false, notified: false, mr: 0, caller: 0, saved: [], took: 0, pooled: false, home: 1 };
 */
export interface K42Thread {
  /**
   * `free`: waiting in the pool for an upcall; `called`: blocked in a PPC, its `targetID` the
   * dispatcher `on` (with `obj` the service plus one while its upcall waits for a thread still to
   * be created); `parked`: refused with EAGAIN and on the retry list for dispatcher `on`;
   * `waiting`, `receiving`: on event or channel `obj`; `dead`: its process died.
   */
  readonly state: 'running' | 'free' | 'called' | 'parked' | 'waiting' | 'receiving' | 'done' | 'dead';
  /** The dispatcher it called or is parked on (0: none). */
  readonly on: number;
  /** The object (plus one) it serves, waits on or receives from, or its waiting upcall's service. */
  readonly obj: number;
  /** Its call is a primitive PPC (made while its own dispatcher was disabled by it). */
  readonly primitive: boolean;
  /** Its parked call or reply was sent IPC_RETRY_NOTIFY. */
  readonly notified: boolean;
  /** Its message register. */
  readonly mr: number;
  /** The caller it serves (0: none). */
  readonly caller: number;
  /** The callers it keeps on its stack, per slot (0: none). */
  readonly saved: readonly number[];
  /** The F3 mutant: the soft-interrupt word it read, plus one (0: none). */
  readonly took: number;
  /** It has entered its pool once (the library created it); a pool thread that has not is still to be created. */
  readonly pooled: boolean;
  /** Its dispatcher's id (fixed at boot). */
  readonly home: number;
}

/**
 * A dispatcher's kernel annex and page, kept at its id (its lowest thread): the thread that
 * disabled it (0: enabled) and the soft-interrupt word (bit 0 IPC_RETRY_NOTIFY, bit 1 + k the k-th
 * event object).
 *
 * @example
 * const d: Dispatcher = { disabledBy: 0, word: 0, entry: true };
 */
export interface Dispatcher {
  /** The thread that disabled it (0: enabled). */
  readonly disabledBy: number;
  /** The soft-interrupt word of its dispatcher page. */
  readonly word: number;
  /** `ipcCallsEnabled`: the IPC_CALL entry point is set (the library sets it when the dispatcher starts: its first pool thread enters the pool). */
  readonly entry: boolean;
}

/**
 * An asynchronous message in a ring: its sender and value.
 *
 * @example
 * const m: AsyncMsg = { from: 1, value: 0 };
 */
export interface AsyncMsg {
  readonly from: number;
  readonly value: number;
}

/**
 * The kernel objects: the dispatchers (per thread id, used at dispatcher ids) and one ring per
 * workload object (used for channels).
 *
 * @example
 * const o: K42Objects = { dispatchers: [{ disabledBy: 0, word: 0, entry: false }], rings: [[]] };
 */
export interface K42Objects {
  readonly dispatchers: readonly Dispatcher[];
  readonly rings: readonly (readonly AsyncMsg[])[];
}

/**
 * K42's calls: a PPC (`Call`, primitive when the caller's dispatcher is disabled), waiting in the
 * pool (`Serve`), the IPC_RTN to the caller served or kept (`Return`, `ReturnServe`, `Save`,
 * `ReturnSaved`), IPC_ASYNC (`Async`) and taking a message (`Receive`), a soft interrupt
 * (`Signal`, `Wait`), `Disable`, `Enable` and exit.
 *
 * @example
 * const c: K42Call = { kind: 'Call', obj: 0 };
 */
export type K42Call =
  | { readonly kind: 'Call' | 'Serve' | 'ReturnServe' | 'Async' | 'Receive' | 'Signal' | 'Wait'; readonly obj: number }
  | { readonly kind: 'Save' | 'ReturnSaved'; readonly slot: number }
  | { readonly kind: 'Return' | 'Disable' | 'Enable' | 'Exit' };

/**
 * Options and seeded variants (see the module comment).
 *
 * @example
 * const f1: K42Options = { noThread: 'enomem' };
 */
export interface K42Options {
  /** An upcall with no free thread: the library's "Out of threads" assertion kills the server (`assert`, the default), or the call fails with ENOMEM (`enomem`, the designed path: F1). */
  readonly noThread?: 'assert' | 'enomem';
  /** A message that gets EBUSY: the sender's library re-issues it (`retry`, the default), or drops it (`drop`: card W1 F3). */
  readonly busy?: 'retry' | 'drop';
  /** The ring's capacity for a channel that gives none (default 2). */
  readonly ringSize?: number;
  /** F3 mutant: the library reads the soft-interrupt word and stores 0 in a later step. */
  readonly nonAtomicTake?: boolean;
  /** F4 mutant: asynchronous messages are queued in a kernel list that never answers EBUSY (counted as kernel memory). */
  readonly asyncList?: boolean;
  /** How many messages the F4 list may hold in the state encoding (default 10). */
  readonly room?: number;
}

type K = KernelState<K42Thread, K42Objects>;
const RETRY = 1;
const RUNNING: K42Thread = { state: 'running', on: 0, obj: 0, primitive: false, notified: false, mr: 0, caller: 0, saved: [], took: 0, pooled: false, home: 1 };
const BOOT: Dispatcher = { disabledBy: 0, word: 0, entry: false };
const RETURNED: Outcome = { kind: 'returned' };
const CONTINUES: Outcome = { kind: 'continues' };

/** Dispatchers of a frame: each thread's dispatcher id, each dispatcher's threads, each object's dispatcher (0: none). */
interface Layout {
  readonly of: readonly number[];
  readonly members: ReadonlyMap<number, readonly number[]>;
  readonly owner: readonly number[];
  /** Per dispatcher: its pool, the threads that serve one of its services. */
  readonly pool: ReadonlyMap<number, readonly number[]>;
}
const layouts = new WeakMap<Frame, Layout>();

/**
 * The dispatchers of a frame: threads serving a common object are one dispatcher, whose id is its
 * lowest thread id.
 *
 * @example
 * dispatchersOf(frame).of[2]; // the dispatcher id of thread 3
 */
export function dispatchersOf(f: Frame): Layout {
  const known = layouts.get(f);
  if (known !== undefined) return known;
  const parent = Array.from({ length: f.threads + 1 }, (_, i) => i);
  const find = (x: number): number => (parent[x] === x ? x : (parent[x] = find(parent[x])));
  for (const o of f.objects) for (const s of o.servers.slice(1)) parent[Math.max(find(s), find(o.servers[0]))] = Math.min(find(s), find(o.servers[0]));
  const of = Array.from({ length: f.threads }, (_, i) => find(i + 1));
  const members = new Map<number, number[]>();
  of.forEach((d, i) => members.set(d, [...(members.get(d) ?? []), i + 1]));
  const services = f.objects.filter((o) => o.kind === 'service');
  const pool = new Map([...members].map(([d, ts]) => [d, ts.filter((t) => services.some((o) => o.servers.includes(t)))]));
  const layout = { of, members, owner: f.objects.map((o) => (o.servers.length === 0 ? 0 : of[o.servers[0] - 1])), pool };
  layouts.set(f, layout);
  return layout;
}

/**
 * The K42 design with the variants `options` selects.
 *
 * @example
 * const m = compose(k42(), rpcPool.build({ ...rpcPool.defaults, servers: 2 }));
 * const f3 = k42({ nonAtomicTake: true });
 */
export function k42(options: K42Options = {}) {
  const { noThread = 'assert', busy = 'retry', ringSize = 2, nonAtomicTake = false, asyncList = false, room = 10 } = options;
  const flags = [noThread === 'assert' ? '' : 'ENOMEM', busy === 'retry' ? '' : 'drop on EBUSY', nonAtomicTake ? 'nonAtomicTake' : '', asyncList ? 'asyncList' : ''].filter((x) => x !== '');
  const capacity = (f: Frame, obj: number) => (asyncList ? room : (f.objects[obj].capacity ?? ringSize));
  const events = (f: Frame) => f.objects.map((o, i) => (o.kind === 'event' ? i : -1)).filter((i) => i >= 0);
  const bitOf = (f: Frame, obj: number) => 2 << events(f).indexOf(obj);

  /** A working copy of the kernel during one call, and what the call shows. */
  class Work {
    th: K42Thread[];
    disp: Dispatcher[];
    rings: (readonly AsyncMsg[])[];
    woken: number[] = [];
    events: KernelEvent[] = [];
    readonly d: Layout;
    constructor(k: K, readonly f: Frame) {
      this.th = k.threads.slice();
      this.disp = k.objects.dispatchers.slice();
      this.rings = k.objects.rings.slice();
      this.d = dispatchersOf(f);
    }
    set = (t: number, change: Partial<K42Thread>) => void (this.th[t - 1] = { ...this.th[t - 1], ...change });
    setDisp = (d: number, change: Partial<Dispatcher>) => void (this.disp[d - 1] = { ...this.disp[d - 1], ...change });
    wake = (t: number) => void (this.set(t, { state: 'running', on: 0, obj: 0, primitive: false, notified: false }), this.woken.push(t));
    note = (t: number, label: string) => void this.events.push({ kind: 'note', thread: t, label });
    name = (t: number) => this.f.threadNames[t - 1];
    result(outcome: Outcome): SyscallResult<K> {
      return { kernel: { threads: this.th, objects: { dispatchers: this.disp, rings: this.rings } }, outcome, woken: this.woken, events: this.events };
    }
  }

  /** The library of enabled dispatcher `d` handles the soft-interrupt bits `bits`: RETRY readies its notified parked threads; an event bit readies a waiter, or stays pending. */
  function handle(w: Work, d: number, bits: number): void {
    for (const t of w.d.members.get(d) ?? []) {
      if (bits & RETRY && w.th[t - 1].state === 'parked' && w.th[t - 1].notified) w.wake(t);
    }
    for (const e of events(w.f)) {
      const bit = bitOf(w.f, e);
      if (!(bits & bit)) continue;
      const waiter = (w.d.members.get(d) ?? []).find((t) => w.th[t - 1].state === 'waiting' && w.th[t - 1].obj === e + 1);
      if (waiter === undefined) w.setDisp(d, { word: w.disp[d - 1].word | bit });
      else {
        w.set(waiter, { mr: Math.min(1, w.f.values - 1) });
        w.wake(waiter);
      }
    }
  }

  /** deliverInterrupt: fetch-and-OR `bit` into `d`'s word; an enabled dispatcher takes the word at once (atomic swap with 0) and handles it. */
  function deliverInterrupt(w: Work, d: number, bit: number): void {
    const word = w.disp[d - 1].word | bit;
    if (w.disp[d - 1].disabledBy !== 0) return w.setDisp(d, { word });
    w.setDisp(d, { word: 0 });
    handle(w, d, word);
  }

  /** Dispatcher `d` yields: each thread parked on it is notified (its dispatcher gets IPC_RETRY_NOTIFY); a parked primitive PPC is re-tried by the kernel. */
  function notifyRetrySources(w: Work, d: number): void {
    for (let p = 1; p <= w.f.threads; p++) {
      const x = w.th[p - 1];
      if (x.state !== 'parked' || x.on !== d || x.notified) continue;
      if (x.primitive) {
        w.wake(p);
        continue;
      }
      w.set(p, { notified: true });
      w.note(p, `IPC_RETRY_NOTIFY from ${w.name(d)}'s dispatcher`);
      deliverInterrupt(w, w.d.of[p - 1], RETRY);
    }
  }

  /** K IPC_CALL by `t` to the dispatcher exporting `obj`, and the IPC_CALL upcall there. */
  function call(w: Work, t: number, obj: number): Outcome {
    const s = w.d.owner[obj];
    const primitive = w.disp[w.d.of[t - 1] - 1].disabledBy === t;
    const servers = s === 0 ? [] : (w.d.members.get(s) ?? []);
    // The process is gone: the XHandle no longer names a dispatcher, and the call fails.
    if (servers.length > 0 && servers.every((p) => w.th[p - 1].state === 'dead')) {
      w.events.push({ kind: 'error', thread: t, label: 'EPERM: the server process is gone' });
      return RETURNED;
    }
    // The target is disabled (its state held by the kernel) or has no IPC_CALL entry yet: refused with EAGAIN; the caller parks on the retry list.
    if (s !== 0 && (w.disp[s - 1].disabledBy !== 0 || !w.disp[s - 1].entry)) {
      w.set(t, { state: 'parked', on: s, primitive, notified: false });
      w.note(t, `EAGAIN: ${w.name(s)}'s dispatcher is ${w.disp[s - 1].disabledBy !== 0 ? 'disabled' : 'not yet taking calls'}; parked for retry`);
      return CONTINUES;
    }
    const free = servers.find((p) => w.th[p - 1].state === 'free' && w.th[p - 1].obj === obj + 1);
    // A free pool thread takes the call: a direct hand-off, no kernel queue, no record of the call.
    if (free !== undefined) {
      w.set(t, { state: 'called', on: s, primitive });
      w.set(free, { mr: w.th[t - 1].mr, caller: t });
      w.wake(free);
      w.events.push({ kind: 'transfer', what: 'request', from: t, to: free, value: w.th[t - 1].mr });
      return { kind: 'blocked', on: primitive ? 'primitive PPC' : 'PPC' };
    }
    // No free thread, but a pool thread is still to be created: the call waits in its PPC for the first thread of the pool to serve.
    const toCome = w.f.objects[obj].servers.filter((p) => !w.th[p - 1].pooled).length;
    const waiting = w.th.filter((x) => x.state === 'called' && x.on === s && x.obj === obj + 1).length;
    if (waiting < toCome) {
      w.set(t, { state: 'called', on: s, obj: obj + 1, primitive });
      w.note(t, `no free thread in ${w.name(s)}'s pool: the upcall waits for a thread still to be created`);
      return { kind: 'blocked', on: primitive ? 'primitive PPC' : 'PPC' };
    }
    // No thread for the upcall, designed path: the caller's call fails with ENOMEM.
    if (noThread === 'enomem') {
      w.set(t, { mr: 0 });
      w.events.push({ kind: 'error', thread: t, label: 'ENOMEM: no thread for the upcall' });
      return RETURNED;
    }
    // No thread for the upcall, default library: the assertion "Out of threads" kills the server process; the caller stays PPC-blocked.
    w.set(t, { state: 'called', on: s, primitive });
    for (const p of servers) w.set(p, { state: 'dead', caller: 0, saved: w.th[p - 1].saved.map(() => 0) });
    if (servers.length > 0) w.note(servers[0], 'passertMsg: Out of threads (the process dies)');
    return { kind: 'blocked', on: 'PPC' };
  }

  /** K IPC_RTN by `t` to caller `c`, and the IPC_RTN upcall in `c`'s dispatcher; false when refused (t parks). */
  function ppcReturn(w: Work, t: number, c: number): boolean {
    if (c === 0) {
      w.note(t, 'no caller to return to');
      return true;
    }
    const cd = w.d.of[c - 1];
    const held = w.disp[cd - 1].disabledBy;
    // The caller's dispatcher is held by the kernel for another reason than this very primitive call: refused, retry later.
    if (held !== 0 && held !== c) {
      w.set(t, { state: 'parked', on: cd, primitive: false, notified: false });
      w.note(t, `EAGAIN: ${w.name(cd)}'s dispatcher is disabled; reply parked for retry`);
      return false;
    }
    const x = w.th[c - 1];
    // The user-level check: the thread waits in a call whose targetID is the replier's process.
    if (x.state === 'called' && x.on === w.d.of[t - 1]) {
      w.set(c, { mr: w.th[t - 1].mr });
      w.wake(c);
      w.events.push({ kind: 'transfer', what: 'reply', from: t, to: c, value: w.th[t - 1].mr });
    } else w.note(c, 'Illegal ppc reply (dropped)');
    return true;
  }

  /** The thread enters the pool for `obj`: the first to enter starts the dispatcher, whose library sets its IPC_CALL entry (notifying the calls refused meanwhile); a call waiting for a thread still to be created is taken at once, or the thread waits free. */
  function serve(w: Work, t: number, obj: number): Outcome {
    const d = w.d.of[t - 1];
    w.set(t, { state: 'free', obj: obj + 1, caller: 0, pooled: true });
    if (!w.disp[d - 1].entry) {
      w.setDisp(d, { entry: true });
      if (w.disp[d - 1].disabledBy === 0) notifyRetrySources(w, d);
    }
    const c = w.th.findIndex((x) => x.state === 'called' && x.on === d && x.obj === obj + 1) + 1;
    if (c === 0) return { kind: 'blocked', on: 'free in the pool' };
    w.set(c, { obj: 0 });
    w.set(t, { state: 'running', obj: 0, mr: w.th[c - 1].mr, caller: c });
    w.events.push({ kind: 'transfer', what: 'request', from: c, to: t, value: w.th[c - 1].mr });
    return RETURNED;
  }

  /** IPC_ASYNC by `t` into `obj`'s ring: to a waiting receiver, into the ring, or EBUSY (retried by the sender, or dropped). */
  function asyncSend(w: Work, t: number, obj: number): Outcome {
    const value = w.th[t - 1].mr;
    const receiver = w.d.members.get(w.d.owner[obj])?.find((r) => w.th[r - 1].state === 'receiving' && w.th[r - 1].obj === obj + 1);
    if (receiver !== undefined && w.rings[obj].length === 0) {
      w.set(receiver, { mr: value });
      w.wake(receiver);
      w.events.push({ kind: 'transfer', what: 'message', from: t, to: receiver, value });
      return RETURNED;
    }
    if (w.rings[obj].length < capacity(w.f, obj)) {
      w.rings[obj] = [...w.rings[obj], { from: t, value }];
      return RETURNED;
    }
    if (asyncList) throw new Error(`the F4 list of ${w.f.objects[obj].name} would pass its encoding room ${room}`);
    if (busy === 'drop') {
      w.events.push({ kind: 'error', thread: t, label: 'EBUSY: message dropped' });
      return RETURNED;
    }
    // EBUSY goes back to the sender, whose library re-issues the message: the thread stays runnable.
    w.note(t, 'EBUSY: the sender retries');
    return CONTINUES;
  }

  /** `t` takes the head of `obj`'s ring, or waits. */
  function receive(w: Work, t: number, obj: number): Outcome {
    const ring = w.rings[obj];
    if (ring.length === 0) {
      w.set(t, { state: 'receiving', obj: obj + 1 });
      return { kind: 'blocked', on: 'receive' };
    }
    w.rings[obj] = ring.slice(1);
    w.set(t, { mr: ring[0].value });
    w.events.push({ kind: 'transfer', what: 'message', from: ring[0].from, to: t, value: ring[0].value });
    return RETURNED;
  }

  /** Enable by `t`: the word is taken (atomically, or read then cleared in the F3 mutant) and handled; the dispatcher yields, notifying its retry sources, and its other threads run again. */
  function enable(w: Work, t: number): Outcome {
    const d = w.d.of[t - 1];
    if (w.disp[d - 1].disabledBy !== t) {
      w.note(t, 'already enabled');
      return RETURNED;
    }
    let bits = w.disp[d - 1].word;
    if (nonAtomicTake) {
      // F3 mutant: first read the word; the store of 0 is a step of its own.
      if (w.th[t - 1].took === 0) {
        w.set(t, { took: bits + 1 });
        return CONTINUES;
      }
      bits = w.th[t - 1].took - 1;
      w.set(t, { took: 0 });
    }
    w.setDisp(d, { disabledBy: 0, word: 0 });
    handle(w, d, bits);
    notifyRetrySources(w, d);
    for (const p of w.d.members.get(d) ?? []) if (p !== t && w.th[p - 1].state === 'running' && !w.woken.includes(p)) w.woken.push(p);
    return RETURNED;
  }

  /** IPC_RTN by `t` to the caller it serves; refused, it parks for retry, keeping the caller. */
  function returnCall(w: Work, t: number): Outcome {
    if (!ppcReturn(w, t, w.th[t - 1].caller)) return CONTINUES;
    w.set(t, { state: 'running', caller: 0 });
    return RETURNED;
  }

  /** IPC_RTN by `t` to the caller it serves, then back to the pool for `obj`. */
  function returnServe(w: Work, t: number, obj: number): Outcome {
    return ppcReturn(w, t, w.th[t - 1].caller) ? serve(w, t, obj) : CONTINUES;
  }

  /** `t` keeps its caller's ID and thread ID on its stack in `slot`, to return to later. */
  function save(w: Work, t: number, slot: number): Outcome {
    const me = w.th[t - 1];
    w.set(t, { caller: 0, saved: me.saved.map((x, i) => (i === slot ? me.caller : x)) });
    return RETURNED;
  }

  /** IPC_RTN by `t` to the caller kept in `slot`; refused, it parks for retry. */
  function returnSaved(w: Work, t: number, slot: number): Outcome {
    const me = w.th[t - 1];
    if (!ppcReturn(w, t, me.saved[slot])) return CONTINUES;
    w.set(t, { state: 'running', saved: me.saved.map((x, i) => (i === slot ? 0 : x)) });
    return RETURNED;
  }

  /** A soft interrupt: the bit of event `obj` to the dispatcher that waits on it. */
  function signal(w: Work, obj: number): Outcome {
    if (w.d.owner[obj] !== 0) deliverInterrupt(w, w.d.owner[obj], bitOf(w.f, obj));
    return RETURNED;
  }

  /** `t` takes event `obj`'s bit from its dispatcher's word (atomically), or waits for it. */
  function waitBit(w: Work, t: number, obj: number): Outcome {
    const d = w.d.of[t - 1];
    const bit = bitOf(w.f, obj);
    if (w.disp[d - 1].word & bit) {
      w.setDisp(d, { word: w.disp[d - 1].word & ~bit });
      w.set(t, { mr: Math.min(1, w.f.values - 1) });
      return RETURNED;
    }
    w.set(t, { state: 'waiting', obj: obj + 1 });
    return { kind: 'blocked', on: 'soft interrupt' };
  }

  /** `t` disables its dispatcher, which then runs only `t` until it enables; `t`'s calls are primitive PPCs. */
  function disable(w: Work, t: number): Outcome {
    const d = w.d.of[t - 1];
    if (w.disp[d - 1].disabledBy === 0) w.setDisp(d, { disabledBy: t });
    return RETURNED;
  }

  const syscall = (k: K, t: number, c: K42Call, message: number, f: Frame): SyscallResult<K> => {
    const w = new Work(k, f);
    w.set(t, { mr: message });
    switch (c.kind) {
      case 'Call':
        return w.result(call(w, t, c.obj));
      case 'Serve':
        return w.result(serve(w, t, c.obj));
      case 'Return':
        return w.result(returnCall(w, t));
      case 'ReturnServe':
        return w.result(returnServe(w, t, c.obj));
      case 'Save':
        return w.result(save(w, t, c.slot));
      case 'ReturnSaved':
        return w.result(returnSaved(w, t, c.slot));
      case 'Async':
        return w.result(asyncSend(w, t, c.obj));
      case 'Receive':
        return w.result(receive(w, t, c.obj));
      case 'Signal':
        return w.result(signal(w, c.obj));
      case 'Wait':
        return w.result(waitBit(w, t, c.obj));
      case 'Disable':
        return w.result(disable(w, t));
      case 'Enable':
        return w.result(enable(w, t));
      case 'Exit':
        w.set(t, { state: 'done' });
        return w.result({ kind: 'ended' });
    }
  };

  return defineDesign<K42Thread, K42Objects, K42Call>({
    id: 'K42',
    title: `K42 PPC, dispatchers and upcalls (M13)${flags.length > 0 ? ` [${flags.join(', ')}]` : ''}`,
    thread: (f) =>
      record({
        state: oneOf('running', 'free', 'called', 'parked', 'waiting', 'receiving', 'done', 'dead'),
        on: threadId(f.threads),
        obj: int(0, f.objects.length),
        primitive: bool(),
        notified: bool(),
        mr: int(0, Math.max(1, f.values - 1)),
        caller: threadId(f.threads),
        saved: array(f.slots, threadId(f.threads)),
        took: int(0, nonAtomicTake ? 2 << events(f).length : 0),
        pooled: bool(),
        home: threadId(f.threads, 1),
      }),
    objects: (f) =>
      record({
        dispatchers: perThread(f.threads, record({ disabledBy: threadId(f.threads), word: int(0, (2 << events(f).length) - 1), entry: bool() })),
        rings: array(
          f.objects.length,
          queue(Math.max(0, ...f.objects.map((_, i) => capacity(f, i))), record({ from: threadId(f.threads), value: int(0, Math.max(1, f.values - 1)) })),
        ),
      }),
    init: (f) => ({
      threads: Array.from({ length: f.threads }, (_, i) => ({ ...RUNNING, saved: Array.from({ length: f.slots }, () => 0), home: dispatchersOf(f).of[i] })),
      objects: { dispatchers: Array.from({ length: f.threads }, () => BOOT), rings: f.objects.map(() => []) },
    }),
    operation: (op, t, f) => {
      const obj = 'obj' in op ? f.objects.findIndex((o) => o.name === op.obj) : -1;
      const kind = obj >= 0 ? f.objects[obj].kind : undefined;
      const own = obj >= 0 && dispatchersOf(f).owner[obj] === dispatchersOf(f).of[t - 1];
      switch (op.op) {
        case 'rpc':
          return kind === 'service' && !own ? { kind: 'Call', obj } : undefined;
        case 'serve':
          return kind === 'service' ? { kind: 'Serve', obj } : undefined;
        case 'replyServe':
          return kind === 'service' ? { kind: 'ReturnServe', obj } : undefined;
        case 'reply':
          return { kind: 'Return' };
        case 'save':
          return { kind: 'Save', slot: op.slot };
        case 'replySaved':
          return { kind: 'ReturnSaved', slot: op.slot };
        case 'send':
          return kind === 'channel' && !own ? { kind: 'Async', obj } : undefined;
        case 'receive':
          return kind === 'channel' ? { kind: 'Receive', obj } : undefined;
        case 'signal':
          return kind === 'event' ? { kind: 'Signal', obj } : undefined;
        case 'wait':
          return kind === 'event' ? { kind: 'Wait', obj } : undefined;
        case 'exit':
          return { kind: 'Exit' };
        default:
          return undefined;
      }
    },
    syscall,
    // A running thread runs unless another thread has disabled its dispatcher.
    runnable: (k, t) => {
      const th = k.threads[t - 1];
      const by = k.objects.dispatchers[th.home - 1].disabledBy;
      return th.state === 'running' && (by === 0 || by === t);
    },
    // Parked for retry (EAGAIN) or waiting for ring room (EBUSY), its call to go on; or held by a dispatcher another thread disabled.
    midOperation: (k, t) => ['parked', 'running'].includes(k.threads[t - 1].state),
    ended: (k, t) => k.threads[t - 1].state === 'done' || k.threads[t - 1].state === 'dead',
    received: (k, t) => k.threads[t - 1].mr,
    memory: (k) => (asyncList ? k.objects.rings.reduce((n, r) => n + r.length, 0) : 0),
    invariants: (f) => [
      always('INV-CALL', (k: K) => callsOk(k, f)),
      always('INV-DISABLED', (k: K) => k.objects.dispatchers.every((d, i) => d.disabledBy === 0 || dispatchersOf(f).of[d.disabledBy - 1] === i + 1)),
      always('INV-RING', (k: K) => k.objects.rings.every((r, i) => r.length <= capacity(f, i))),
    ],
    stepInvariants: (f) => [
      {
        // Card M13: no soft interrupt is lost; a step that clears IPC_RETRY_NOTIFY readies every notified parked thread of the dispatcher.
        name: 'no retry notification lost',
        holds: (before: K, _c: K42Call | undefined, after: K) =>
          before.objects.dispatchers.every((d, i) => !(d.word & RETRY) || after.objects.dispatchers[i].word & RETRY || !(dispatchersOf(f).members.get(i + 1) ?? []).some((t) => after.threads[t - 1].state === 'parked' && after.threads[t - 1].notified)),
      },
    ],
    label: (c, f) => ('obj' in c ? `${c.kind}(${f.objects[c.obj].name})` : 'slot' in c ? `${c.kind}(${c.slot})` : c.kind),
  });
}

/** INV-CALL: every caller a thread serves or keeps is blocked in a call to that thread's dispatcher, and no two threads name the same caller. */
function callsOk(k: K, f: Frame): boolean {
  const d = dispatchersOf(f);
  const named = new Set<number>();
  for (let t = 1; t <= k.threads.length; t++) {
    for (const c of [k.threads[t - 1].caller, ...k.threads[t - 1].saved]) {
      if (c === 0) continue;
      const x = k.threads[c - 1];
      if (named.has(c) || (x.state !== 'dead' && (x.state !== 'called' || x.on !== d.of[t - 1]))) return false;
      named.add(c);
    }
  }
  return true;
}
