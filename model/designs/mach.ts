/**
 * Mach ports (spec card M7): asynchronous IPC through per-port queues of kernel message copies
 * (kmsgs), with a queue limit, send timeouts and send-once reply rights.
 *
 * Sources: gnu.org/software/hurd/gnumach-doc/Message-Send.html; apple-oss-distributions/xnu@e3723e1
 * `osfmk/ipc/ipc_mqueue.{c,h}`, `osfmk/mach/port.h`; the XNU man pages `mach_port_limits` and
 * `do_mach_notify_send_once`; Libc `mach/mach_msg.c` (`mach_msg_server_once` sends a reply
 * through a send-once right without a timeout, through a send right with MACH_SEND_TIMEOUT 0).
 *
 * Abstractions: every workload service, channel or fault object is a port, and every thread has a
 * reply port of its own (ports n..n+T-1 after the workload's n objects). The threads serving an
 * object share its receive right. A message is one value; a kmsg also records its sender, the
 * send-once reply right it carries (the client it names, 0 for none) and whether it was sent
 * through a send-once right. An rpc is one mach_msg with SEND|RCV: the request carries a
 * send-once right to the caller's reply port, made by the caller, and the caller then receives
 * there. A server keeps the right of the request it serves (one per thread); a right it no longer
 * names (it received another request first) stays leaked in its space: nothing destroys it, so
 * no notification comes. A thread's exit destroys its rights and posts send-once notifications.
 * Not modelled: port death, port sets, rights carried in message bodies, the XNU 65534 cap,
 * receive timeouts, qlimit 0; a sender blocked on a full port holds its kmsg outside the measure
 * (as the monolithic model counts). Not expressible: signal and wait (Mach IPC has no event
 * object; XNU's semaphores are not ports) and page faults to a handler (external pagers are not
 * in card M7).
 *
 * Invariants: INV-PORT (a port's waiters are l4v-valid; receivers wait only on an empty port,
 * senders only on a full one), INV-SYM (a thread waits on a port exactly when it is in that
 * port's queue), INV-QLIMIT (kmsgs not exempt never exceed the port's qlimit) and INV-SO (each
 * client is named by at most one send-once right, and only while it waits for its reply). Kernel
 * memory is the number of queued kmsgs, bounded by Σ qlimit + outstanding send-once rights.
 *
 * Options and seeded mutants (card M7): `qlimit` (default 5, MACH_PORT_QLIMIT_DEFAULT; 'unbounded'
 * is F1's seed-post Mach; a workload object's `capacity` overrides it), `sendTimeout` (F2: 0 fails
 * a send to a full port with MACH_SEND_TIMED_OUT, 'finite' lets the environment expire it),
 * `sendOnceExempt` (default true: messages through send-once rights ignore qlimit),
 * `sendOnceRequests` (F3: requests go through send-once rights the server minted, so they pass
 * the limit too) and `sharedReplyRight` (F4: callers make their reply right with MAKE_SEND and a
 * third task holds a copy; the native call `SendReplyPort` is how a workload uses that copy).
 */
import { array, bool, int, oneOf, queue, record } from '../core/shape/index.js';
import { block, endpointOk, endpointShape, IDLE_ENDPOINT, takeHead, type Endpoint } from '../kernel/endpoint.js';
import { without } from '../kernel/fifo.js';
import { always } from '../../properties/always.js';
import { defineDesign, type Frame, type KernelEvent, type KernelState, type Outcome, type SyscallResult } from './design.js';

/**
 * A kernel message copy: sender, value, the send-once reply right it carries (the client it
 * names, 0 for none) and whether it came through a send-once right.
 *
 * @example
 * const request: Kmsg = { sender: 1, value: 0, reply: 1, once: false };
 */
export interface Kmsg { readonly sender: number; readonly value: number; readonly reply: number; readonly once: boolean }

/**
 * A port: its queued kmsgs and its waiting threads as an seL4 endpoint queue (`recv`: receivers
 * on an empty port, `send`: senders blocked on a full one).
 *
 * @example
 * const p: MachPort = { kmsgs: [], waiters: { state: 'recv', queue: [3] } };
 */
export interface MachPort { readonly kmsgs: readonly Kmsg[]; readonly waiters: Endpoint }

/**
 * A thread: the port it waits on (index plus one, 0 for none), whether its blocked send is a Call
 * and has a finite timeout, its message register, the reply right of the request it serves (the
 * client named, 0 for none) and the slots where it keeps reply rights.
 *
 * @example
 * const t: MachThread = { state: 'running', on: 0, call: false, timer: false, mr: 0, serving: 0, saved: [] };
 */
export interface MachThread { readonly state: 'running' | 'sending' | 'receiving' | 'done'; readonly on: number; readonly call: boolean; readonly timer: boolean; readonly mr: number; readonly serving: number; readonly saved: readonly number[] }

/**
 * The kernel objects: a port per workload object, then a reply port per thread.
 *
 * @example
 * const o: MachObjects = { ports: [{ kmsgs: [], waiters: IDLE_ENDPOINT }] };
 */
export interface MachObjects { readonly ports: readonly MachPort[] }

/**
 * A send timeout: none, 0 (fail at once with MACH_SEND_TIMED_OUT) or finite (the environment may let it expire).
 *
 * @example
 * const t: SendTimeout = 0;
 */
export type SendTimeout = 'never' | 0 | 'finite';

/**
 * Mach's calls: mach_msg SEND (`Send`), SEND|RCV with a send-once reply right (`Call`), RCV
 * (`Receive`), a send on the right being served (`Reply`), both in one mach_msg (`ReplyReceive`),
 * keeping and using a right in a slot, a send to thread `to`'s reply port through a send right
 * (`SendReplyPort`, native only) and task exit.
 *
 * @example
 * const c: MachCall = { kind: 'Call', obj: 0, timeout: 'never' };
 */
export type MachCall =
  | { readonly kind: 'Send' | 'Call'; readonly obj: number; readonly timeout: SendTimeout }
  | { readonly kind: 'Receive' | 'ReplyReceive'; readonly obj: number }
  | { readonly kind: 'SaveReply' | 'ReplySaved'; readonly slot: number }
  | { readonly kind: 'SendReplyPort'; readonly to: number }
  | { readonly kind: 'Reply' | 'Exit' };

/**
 * Options and seeded mutants (see the module comment); `room`: how many kmsgs a port may hold in
 * the state encoding where no limit binds (default 12).
 *
 * @example
 * const f1: MachOptions = { qlimit: 'unbounded' };
 */
export interface MachOptions { readonly qlimit?: number | 'unbounded'; readonly sendTimeout?: SendTimeout; readonly sendOnceExempt?: boolean; readonly sendOnceRequests?: boolean; readonly sharedReplyRight?: boolean; readonly room?: number }

type K = KernelState<MachThread, MachObjects>;
const RUNNING: MachThread = { state: 'running', on: 0, call: false, timer: false, mr: 0, serving: 0, saved: [] };
const RETURNED: Outcome = { kind: 'returned' };

/**
 * The Mach design.
 *
 * @example
 * const m = compose(mach(), rpcPool.build(rpcPool.defaults));
 * const f1 = mach({ qlimit: 'unbounded' });
 */
export function mach(options: MachOptions = {}) {
  const { qlimit = 5, sendTimeout = 'never', sendOnceExempt = true, sendOnceRequests = false, sharedReplyRight = false, room = 12 } = options;
  if (qlimit !== 'unbounded' && !(Number.isSafeInteger(qlimit) && qlimit >= 1)) throw new RangeError(`mach: qlimit must be a whole number ≥ 1 or 'unbounded', got ${qlimit}`);
  const flags = [qlimit === 5 ? '' : `qlimit ${qlimit}`, sendTimeout === 'never' ? '' : `send timeout ${sendTimeout}`, sendOnceExempt ? '' : 'send-once limited', sendOnceRequests ? 'sendOnceRequests' : '', sharedReplyRight ? 'sharedReplyRight' : ''];
  const variant = flags.filter((x) => x !== '').join(', ');
  const limitOf = (f: Frame, p: number) => (p < f.objects.length ? f.objects[p].capacity : undefined) ?? (qlimit === 'unbounded' ? Infinity : qlimit);
  const replyPort = (f: Frame, c: number) => f.objects.length + c - 1;
  const exempt = (m: Kmsg) => m.once && sendOnceExempt;
  const portName = (f: Frame, p: number) => (p < f.objects.length ? f.objects[p].name : `reply port of ${f.threadNames[p - f.objects.length]}`);

  /** A working copy of the kernel during one call, and what the call shows. */
  class Work {
    th: MachThread[];
    ports: MachPort[];
    woken: number[] = [];
    events: KernelEvent[] = [];
    constructor(k: K) {
      this.th = k.threads.slice();
      this.ports = k.objects.ports.slice();
    }
    set = (t: number, change: Partial<MachThread>) => void (this.th[t - 1] = { ...this.th[t - 1], ...change });
    wake = (t: number) => void (this.set(t, { state: 'running', on: 0, call: false, timer: false }), this.woken.push(t));
    fail = (t: number, label: string) => void this.events.push({ kind: 'error', thread: t, label });
    /** Thread `t` leaves the queue of port `p` (which becomes idle once empty). */
    unqueue(p: number, t: number) {
      const { state, queue } = this.ports[p].waiters;
      const rest = without(queue, t);
      this.ports[p] = { ...this.ports[p], waiters: rest.length === 0 ? IDLE_ENDPOINT : { state, queue: rest } };
    }
    result(outcome: Outcome): SyscallResult<K> {
      return { kernel: { threads: this.th, objects: { ports: this.ports } }, outcome, woken: this.woken, events: this.events };
    }
  }

  /** Receiver `r` takes kmsg `m` from port `p`: on a reply port it is the reply; a request leaves its reply right with `r`. */
  function deliver(w: Work, f: Frame, r: number, m: Kmsg, p: number): void {
    w.set(r, { mr: m.value });
    if (p >= f.objects.length) w.events.push({ kind: 'transfer', what: 'reply', from: m.sender, to: r, value: m.value });
    else {
      if (m.reply !== 0) w.set(r, { serving: m.reply }); // a right still held there is leaked
      w.events.push({ kind: 'transfer', what: m.reply !== 0 ? 'request' : 'message', from: m.sender, to: r, value: m.value });
    }
  }

  /** The kmsg a blocked sender holds. */
  const heldKmsg = (w: Work, s: number): Kmsg => ({ sender: s, value: w.th[s - 1].mr, reply: w.th[s - 1].call ? s : 0, once: sendOnceRequests });

  /** Posts `m` on port `p`; false when the port is full and `m` is not exempt. */
  function post(w: Work, f: Frame, p: number, m: Kmsg): boolean {
    const port = w.ports[p];
    switch (port.waiters.state) {
      // A receiver waits: the kmsg goes to the first one, which runs.
      case 'recv': {
        const { head: r, ep } = takeHead(port.waiters);
        w.ports[p] = { ...port, waiters: ep };
        deliver(w, f, r, m, p);
        w.wake(r);
        return true;
      }
      // No receiver: the kmsg is queued below the limit, or past it when exempt; else the port is full.
      case 'idle':
      case 'send':
        if (!exempt(m) && port.kmsgs.length >= limitOf(f, p)) return false;
        w.ports[p] = { ...port, kmsgs: [...port.kmsgs, m] };
        return true;
    }
  }

  /** Blocked sender `s`'s kmsg was taken: a one-way sender runs again; a caller goes on to receive its reply. */
  function accepted(w: Work, f: Frame, s: number): void {
    const isCall = w.th[s - 1].call;
    w.set(s, { state: 'running', on: 0, call: false, timer: false });
    if (!isCall || receive(w, f, s, replyPort(f, s))) w.wake(s);
  }

  /** Thread `t` receives on port `p`; returns whether it got a message (else it waits). */
  function receive(w: Work, f: Frame, t: number, p: number): boolean {
    const port = w.ports[p];
    // A kmsg is queued: take the head; the first blocked sender's kmsg then takes the room made.
    if (port.kmsgs.length > 0) {
      w.ports[p] = { ...port, kmsgs: port.kmsgs.slice(1) };
      deliver(w, f, t, port.kmsgs[0], p);
      if (port.waiters.state === 'send' && port.kmsgs.length - 1 < limitOf(f, p)) {
        const { head: s, ep } = takeHead(port.waiters);
        w.ports[p] = { kmsgs: [...port.kmsgs.slice(1), heldKmsg(w, s)], waiters: ep };
        accepted(w, f, s);
      }
      return true;
    }
    // Nothing to take: the thread waits on the port.
    w.ports[p] = { ...port, waiters: block(port.waiters, t, 'recv') };
    w.set(t, { state: 'receiving', on: p + 1 });
    return false;
  }

  /** Send or Call by `t`: post the kmsg, or fail, or block on the full port; a Call then receives on its reply port. */
  function sendIPC(w: Work, f: Frame, t: number, obj: number, isCall: boolean, timeout: SendTimeout): Outcome {
    if (!post(w, f, obj, { sender: t, value: w.th[t - 1].mr, reply: isCall ? t : 0, once: sendOnceRequests })) {
      if (timeout === 0) {
        w.fail(t, 'MACH_SEND_TIMED_OUT');
        return RETURNED;
      }
      w.ports[obj] = { ...w.ports[obj], waiters: block(w.ports[obj].waiters, t, 'send') };
      w.set(t, { state: 'sending', on: obj + 1, call: isCall, timer: timeout === 'finite' });
      return { kind: 'blocked', on: `send on ${portName(f, obj)}` };
    }
    if (!isCall || receive(w, f, t, replyPort(f, t))) return RETURNED;
    return { kind: 'blocked', on: 'reply' };
  }

  /** A reply by `t` through the right naming client `c`: posted on `c`'s reply port. A reply through a send right is sent with timeout 0 and dropped on a full port. */
  function replyTo(w: Work, f: Frame, t: number, c: number): void {
    if (c === 0) return w.fail(t, 'MACH_SEND_INVALID_DEST');
    if (!post(w, f, replyPort(f, c), { sender: t, value: w.th[t - 1].mr, reply: 0, once: !sharedReplyRight })) w.fail(t, 'MACH_SEND_TIMED_OUT');
  }

  /** A destroyed send-once right naming `c` posts a send-once notification: `c`'s call ends with it. */
  function notify(w: Work, f: Frame, c: number): void {
    if (w.th[c - 1].state !== 'receiving' || w.th[c - 1].on !== replyPort(f, c) + 1) return;
    w.unqueue(replyPort(f, c), c);
    w.fail(c, 'MACH_NOTIFY_SEND_ONCE');
    w.wake(c);
  }

  const syscall = (k: K, t: number, call: MachCall, message: number, f: Frame): SyscallResult<K> => {
    const w = new Work(k);
    w.set(t, { mr: message });
    const me = w.th[t - 1];
    switch (call.kind) {
      // Send posts a one-way kmsg; Call posts a request with a send-once right to the caller's reply port and receives there.
      case 'Send':
      case 'Call':
        return w.result(sendIPC(w, f, t, call.obj, call.kind === 'Call', call.timeout));
      // Receive takes the head kmsg (with any reply right in it) or waits.
      case 'Receive':
        return w.result(receive(w, f, t, call.obj) ? RETURNED : { kind: 'blocked', on: `receive on ${portName(f, call.obj)}` });
      // Reply sends on the right of the request being served, which it consumes.
      case 'Reply':
        w.set(t, { serving: 0 });
        replyTo(w, f, t, me.serving);
        return w.result(RETURNED);
      // ReplyReceive: Reply, then Receive, in one mach_msg.
      case 'ReplyReceive':
        w.set(t, { serving: 0 });
        replyTo(w, f, t, me.serving);
        return w.result(receive(w, f, t, call.obj) ? RETURNED : { kind: 'blocked', on: `receive on ${portName(f, call.obj)}` });
      // SaveReply keeps the right being served in a slot (a right already there is leaked).
      case 'SaveReply':
        w.set(t, { serving: 0, saved: me.saved.map((c, i) => (i === call.slot ? me.serving : c)) });
        return w.result(RETURNED);
      // ReplySaved replies through the right kept in the slot.
      case 'ReplySaved':
        w.set(t, { saved: me.saved.map((c, i) => (i === call.slot ? 0 : c)) });
        replyTo(w, f, t, me.saved[call.slot]);
        return w.result(RETURNED);
      // A send to a reply port through a send right: only a shared reply right makes one (F4); sent with timeout 0.
      case 'SendReplyPort':
        if (!sharedReplyRight) w.fail(t, 'MACH_SEND_INVALID_DEST');
        else if (!post(w, f, replyPort(f, call.to), { sender: t, value: message, reply: 0, once: false })) w.fail(t, 'MACH_SEND_TIMED_OUT');
        return w.result(RETURNED);
      // Exit destroys the task's rights: each send-once right posts a send-once notification.
      case 'Exit':
        if (!sharedReplyRight) for (const c of [me.serving, ...me.saved]) if (c !== 0) notify(w, f, c);
        w.set(t, { state: 'done', serving: 0, saved: me.saved.map(() => 0) });
        return w.result({ kind: 'ended' });
    }
  };

  return defineDesign<MachThread, MachObjects, MachCall>({
    id: 'Mach',
    title: `Mach ports (M7)${variant === '' ? '' : ` [${variant}]`}`,
    thread: (f) => record({ state: oneOf('running', 'sending', 'receiving', 'done'), on: int(0, f.objects.length + f.threads), call: bool(), timer: bool(), mr: int(0, f.values - 1), serving: int(0, f.threads), saved: array(f.slots, int(0, f.threads)) }),
    objects: (f) => {
      const ports = f.objects.length + f.threads;
      const most = Math.max(...Array.from({ length: ports }, (_, p) => limitOf(f, p)));
      const maxLen = sendOnceRequests && sendOnceExempt ? room : Math.min(room, most + 1);
      const kmsg = record({ sender: int(1, f.threads), value: int(0, f.values - 1), reply: int(0, f.threads), once: bool() });
      return record({ ports: array(ports, record({ kmsgs: queue(maxLen, kmsg), waiters: endpointShape(f.threads) })) });
    },
    init: (f) => ({
      threads: Array.from({ length: f.threads }, () => ({ ...RUNNING, saved: Array.from({ length: f.slots }, () => 0) })),
      objects: { ports: Array.from({ length: f.objects.length + f.threads }, () => ({ kmsgs: [], waiters: IDLE_ENDPOINT })) },
    }),
    operation: (op, _t, f) => {
      const obj = 'obj' in op ? f.objects.findIndex((o) => o.name === op.obj) : -1;
      if (obj >= 0 && f.objects[obj].kind === 'event') return undefined; // Mach IPC has no event object
      switch (op.op) {
        case 'rpc':
        case 'send':
          return { kind: op.op === 'rpc' ? 'Call' : 'Send', obj, timeout: sendTimeout };
        case 'serve':
        case 'receive':
          return { kind: 'Receive', obj };
        case 'replyServe':
          return { kind: 'ReplyReceive', obj };
        case 'reply':
          return { kind: 'Reply' };
        case 'save':
          return { kind: 'SaveReply', slot: op.slot };
        case 'replySaved':
          return { kind: 'ReplySaved', slot: op.slot };
        case 'exit':
          return { kind: 'Exit' };
        default:
          return undefined;
      }
    },
    syscall,
    runnable: (k, t) => k.threads[t - 1].state === 'running',
    ended: (k, t) => k.threads[t - 1].state === 'done',
    received: (k, t) => k.threads[t - 1].mr,
    memory: (k) => k.objects.ports.reduce((n, p) => n + p.kmsgs.length, 0),
    invariants: (f) => [
      always('INV-PORT', (k: K) => k.objects.ports.every((p, i) => endpointOk(p.waiters) && (p.waiters.state !== 'recv' || p.kmsgs.length === 0) && (p.waiters.state !== 'send' || p.kmsgs.length >= limitOf(f, i)))),
      always('INV-SYM', symOk),
      always('INV-QLIMIT', (k: K) => k.objects.ports.every((p, i) => p.kmsgs.filter((m) => !exempt(m)).length <= limitOf(f, i))),
      always('INV-SO', (k: K) => sharedReplyRight || sendOnceOk(k, f)),
    ],
    expirable: (k) => k.threads.flatMap((th, i) => (th.state === 'sending' && th.timer ? [i + 1] : [])),
    // The send timeout fires: the sender leaves the port's queue with MACH_SEND_TIMED_OUT.
    expire: (k, t) => {
      const w = new Work(k);
      w.unqueue(w.th[t - 1].on - 1, t);
      w.fail(t, 'MACH_SEND_TIMED_OUT');
      w.wake(t);
      return w.result(RETURNED);
    },
    label: (c, f) => {
      if ('timeout' in c) return `${c.kind}(${f.objects[c.obj].name}${c.timeout === 'never' ? '' : `, timeout ${c.timeout}`})`;
      if ('obj' in c) return `${c.kind}(${f.objects[c.obj].name})`;
      if ('slot' in c) return `${c.kind}(${c.slot})`;
      return 'to' in c ? `${c.kind}(${f.threadNames[c.to - 1]})` : c.kind;
    },
  });
}

/** INV-SYM: a thread is sending or receiving on a port exactly when it is in that port's queue of senders or receivers. */
function symOk(k: K): boolean {
  const waiting = (th: MachThread) => th.state === 'sending' || th.state === 'receiving';
  const queued = k.objects.ports.flatMap((p, j) => p.waiters.queue.map((t) => ({ t, on: j + 1, state: p.waiters.state === 'send' ? 'sending' : 'receiving' })));
  return queued.every((q) => k.threads[q.t - 1].on === q.on && k.threads[q.t - 1].state === q.state) && k.threads.filter(waiting).length === queued.length && k.threads.every((th) => waiting(th) || th.on === 0);
}

/** INV-SO: each send-once right (queued, held by a blocked caller, served or saved) names a distinct client that waits for its reply. */
function sendOnceOk(k: K, f: Frame): boolean {
  const rights = [...k.objects.ports.flatMap((p) => p.kmsgs.map((m) => m.reply)), ...k.threads.flatMap((th, i) => [th.serving, ...th.saved, th.state === 'sending' && th.call ? i + 1 : 0])].filter((c) => c !== 0);
  const waits = (c: number) => (k.threads[c - 1].state === 'sending' && k.threads[c - 1].call) || (k.threads[c - 1].state === 'receiving' && k.threads[c - 1].on === f.objects.length + c);
  return new Set(rights).size === rights.length && rights.every(waits);
}
