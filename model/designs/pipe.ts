/**
 * UNIX pipes with Linux semantics (spec card M8): every channel is a pipe with a bounded buffer,
 * and RPC runs over pipes, a request pipe per service and a reply pipe per thread.
 *
 * Sources: mkerrisk/man-pages@10d7654 `man7/pipe.7`; the man7.org page `F_GETPIPE_SZ(2const)`.
 *
 * Abstractions: a unit stands for PIPE_BUF bytes; a message is one unit, and only the native
 * `write` with `units` above 1 writes more (pipe(7)'s writes above PIPE_BUF, a byte-stream notion
 * other designs do not have). A write of one unit is atomic (blocking, or all-or-EAGAIN with
 * `nonblocking`); a larger one writes what fits and, when the pipe is full, sleeps with the rest
 * (outcome `continues`) and goes on when it runs again after a read made room, so another writer
 * may get in first (Linux). With `nonblocking` a write that finds no room returns EAGAIN, or the
 * count of a partial write, and the writer's loop issues the rest again (it stays runnable at
 * its write, as the monolithic model's writer retried). A read takes one unit; capacity counts
 * units (`capacity`, default 2, or the object's own). The kernel copies for a sleeper in the step
 * that wakes it: a write to an empty pipe goes straight to the first sleeping reader, and a read
 * of a full pipe moves the first sleeping one-unit writer's unit into the room it made, or else
 * wakes every sleeping larger write to race for it (Linux wakes every sleeper and the first to
 * run copies). A thread holds the read end of the pipes it reads (the object's servers; its own
 * reply pipe) and the write end of every other pipe, as processes that closed the ends they do
 * not use after fork; exit closes them. A read at end of file leaves the message register as it
 * was. SIGPIPE is ignored (EPIPE); F_SETPIPE_SZ, poll and pipe freeing are not modelled.
 *
 * RPC over pipes: `rpc` writes the request (the unit carries the client's id) to the service's
 * request pipe and then reads the client's reply pipe, in one call that blocks until the reply is
 * there, so the framework sees one call and one reply; `serve` reads the request pipe and the
 * server remembers the requester (user memory, kept here in its record); `reply` writes to the
 * requester's reply pipe; `replyServe` is reply then serve in one call (two system calls in UNIX);
 * `save` and `replySaved` keep the requester in a slot. Events and page faults have no pipe
 * counterpart (n/a).
 *
 * Invariants: `contents ≤ C`; INV-SYM (a thread sleeps writing or reading a pipe exactly when it
 * is in that pipe's queue of writers or readers); INV-SLEEP (readers sleep only on an empty pipe
 * whose write end is open somewhere: end of file; writers only on a full pipe whose read end is
 * open somewhere: EPIPE). Kernel memory: the units buffered.
 *
 * Seeded mutants (card M8): `readerKeepsWriteEnd` (F2: no close after fork, every thread keeps
 * every write end, so end of file never comes) and `unbounded` (F4: no capacity; the check needs a
 * depth bound). F1 (both write first) and F3 (writes above PIPE_BUF interleave) are workloads
 * (`pipeStream`): F3 is two writers of multi-unit writes racing for the room a read makes.
 */
import { array, int, oneOf, queue, record } from '../core/shape/index.js';
import { distinct, enqueue } from '../kernel/fifo.js';
import { messageShape, type Message } from '../kernel/messageQueue.js';
import { always } from '../../properties/always.js';
import { defineDesign, type Frame, type KernelEvent, type KernelState, type SyscallResult } from './design.js';
import { threadId } from '../core/shape/roles.js';

/**
 * A thread's kernel state: running, sleeping in a write or a read of pipe `on - 1`, or done; the
 * pipe an RPC reads once its write is done; the units a write above PIPE_BUF has still to write;
 * the message register; the requester of the request last read and the slots where `save` keeps
 * requesters.
 *
 * @example
 * const t: PipeTcb = { state: 'writing', on: 1, then: 3, left: 0, mr: 0, from: 0, saved: [] };
 */
export interface PipeTcb {
  readonly state: 'running' | 'writing' | 'reading' | 'done';
  readonly on: number;
  readonly then: number;
  readonly left: number;
  readonly mr: number;
  readonly from: number;
  readonly saved: readonly number[];
}

/**
 * One pipe: the buffered units (writer and value) and the FIFO queues of sleeping writers and readers.
 *
 * @example
 * const p: Pipe = { buf: [{ sender: 1, value: 0 }], writers: [], readers: [] };
 */
export interface Pipe {
  readonly buf: readonly Message[];
  readonly writers: readonly number[];
  readonly readers: readonly number[];
}

/**
 * The pipes: one per workload object (index = object index; events and fault objects leave theirs
 * unused), then one reply pipe per thread (thread t's is `objects.length + t - 1`).
 *
 * @example
 * const o: PipeObjects = { pipes: [{ buf: [], writers: [], readers: [] }] };
 */
export interface PipeObjects {
  readonly pipes: readonly Pipe[];
}

/**
 * The calls: write (of `units` units, default 1; more only as a native call), read, call (write a
 * request, read the reply), reply, replyRead (reply, then read the request pipe), save, replySaved
 * and exit.
 *
 * @example
 * const c: PipeCall = { kind: 'write', obj: 0, units: 3 };
 */
export type PipeCall =
  | { readonly kind: 'write'; readonly obj: number; readonly units?: number }
  | { readonly kind: 'read' | 'call' | 'replyRead'; readonly obj: number }
  | { readonly kind: 'save' | 'replySaved'; readonly slot: number }
  | { readonly kind: 'reply' | 'exit' };

/**
 * Options and seeded mutants of {@link pipe}.
 *
 * @example
 * const f4: PipeOptions = { unbounded: true };
 */
export interface PipeOptions {
  /** Units a pipe holds when its object sets no capacity; default 2. */
  readonly capacity?: number;
  /** O_NONBLOCK on every write end: a write that finds no room gets EAGAIN (or writes part) and is issued again. */
  readonly nonblocking?: boolean;
  /** F2: every thread keeps every write end. */
  readonly readerKeepsWriteEnd?: boolean;
  /** F4: no capacity. */
  readonly unbounded?: boolean;
}

type K = KernelState<PipeTcb, PipeObjects>;
type Done = 'done' | 'failed' | 'blocked' | 'continues';
const EMPTY: Pipe = { buf: [], writers: [], readers: [] };
const RUNNING: PipeTcb = { state: 'running', on: 0, then: 0, left: 0, mr: 0, from: 0, saved: [] };
/** PIPE_BUF in units, and the largest write the state has room for. */
const PIPE_BUF = 1;
const MAX_WRITE = 4;
/** How long an unbounded buffer may grow in the state's shape (the check bounds the depth). */
const UNBOUNDED_SHAPE = 16;

/**
 * The pipe design, with the options and mutants `options` sets.
 *
 * @example
 * const m = compose(pipe(), rpcPool.build(rpcPool.defaults));
 * const f2 = pipe({ readerKeepsWriteEnd: true });
 */
export function pipe(options: PipeOptions = {}) {
  const C = options.capacity ?? 2;
  if (!Number.isSafeInteger(C) || C < 1) throw new RangeError(`pipe: capacity must be a whole number of at least 1, got ${C}`);
  const variant = (['nonblocking', 'readerKeepsWriteEnd', 'unbounded'] as const).filter((o) => options[o]).map((o) => ` [${o}]`).join('');
  const limit = (f: Frame, p: number) => (options.unbounded ? Infinity : p < f.objects.length ? (f.objects[p].capacity ?? C) : C);
  const replyPipe = (f: Frame, t: number) => f.objects.length + t - 1;
  const reads = (f: Frame, p: number, t: number) => (p < f.objects.length ? f.objects[p].servers.includes(t) : p === replyPipe(f, t));
  const writes = (f: Frame, p: number, t: number) => options.readerKeepsWriteEnd === true || !reads(f, p, t);
  /** Whether some thread that has not exited holds the `end` of pipe `p`. */
  const open = (f: Frame, threads: readonly PipeTcb[], end: 'read' | 'write', p: number) => threads.some((x, i) => x.state !== 'done' && (end === 'read' ? reads : writes)(f, p, i + 1));

  /** A working copy of the kernel during one system call, and what the call shows. */
  class Work {
    tcb: PipeTcb[];
    pipes: Pipe[];
    woken: number[] = [];
    events: KernelEvent[] = [];
    constructor(k: K, readonly f: Frame) {
      this.tcb = k.threads.slice();
      this.pipes = k.objects.pipes.slice();
    }
    set(t: number, change: Partial<PipeTcb>) {
      this.tcb[t - 1] = { ...this.tcb[t - 1], ...change };
    }
    wake(t: number): number {
      this.set(t, { state: 'running', on: 0, then: 0 });
      this.woken.push(t);
      return t;
    }
    open(end: 'read' | 'write', p: number) {
      return open(this.f, this.tcb, end, p);
    }
    result(outcome: SyscallResult<K>['outcome']): SyscallResult<K> {
      return { kernel: { threads: this.tcb, objects: { pipes: this.pipes } }, outcome, woken: this.woken, events: this.events };
    }
  }

  /** Unit `m` of pipe `p` reaches reader `r`: a request (whose sender `r` remembers), a reply or a message. */
  function deliver(w: Work, r: number, p: number, m: Message): void {
    const request = p < w.f.objects.length && w.f.objects[p].kind === 'service';
    w.set(r, request ? { mr: m.value, from: m.sender } : { mr: m.value });
    w.events.push({ kind: 'transfer', what: p >= w.f.objects.length ? 'reply' : request ? 'request' : 'message', from: m.sender, to: r, value: m.value });
  }

  /** Thread `t` writes `units` units of its message register to pipe `p` (the rest of a write under way), then reads pipe `then - 1` if `then` is set. */
  function write(w: Work, t: number, p: number, then: number, units = 1): Done {
    if (!Number.isSafeInteger(units) || units < 1 || units > MAX_WRITE) throw new Error(`pipe: a write of ${units} units (1 to ${MAX_WRITE})`);
    const m = { sender: t, value: w.tcb[t - 1].mr };
    let n = w.tcb[t - 1].left || units;
    w.set(t, { left: 0 });
    // No read end is open: EPIPE (SIGPIPE ignored).
    if (!w.open('read', p)) return fail(w, t, 'EPIPE');
    // Readers sleep on the empty pipe: each of the first ones takes a unit and runs.
    for (const r of w.pipes[p].readers.slice(0, n)) {
      w.pipes[p] = { ...w.pipes[p], readers: w.pipes[p].readers.slice(1) };
      deliver(w, w.wake(r), p, m);
      n--;
    }
    // What fits is appended to the buffer; up to PIPE_BUF all of it or nothing.
    const room = limit(w.f, p) - w.pipes[p].buf.length;
    const k = units <= PIPE_BUF && n > room ? 0 : Math.min(n, room);
    w.pipes[p] = { ...w.pipes[p], buf: [...w.pipes[p].buf, ...Array.from({ length: k }, () => m)] };
    n -= k;
    if (n === 0) return then === 0 ? 'done' : read(w, t, then - 1);
    // The write end is non-blocking: EAGAIN (or a partial write); the writer issues the rest again.
    if (options.nonblocking) {
      w.set(t, { left: units > PIPE_BUF ? n : 0 });
      w.events.push({ kind: 'note', thread: t, label: 'EAGAIN' });
      return 'continues';
    }
    // The pipe is full: the writer sleeps until a read makes room; a write above PIPE_BUF then goes on with the rest.
    w.pipes[p] = { ...w.pipes[p], writers: enqueue(w.pipes[p].writers, t) };
    w.set(t, { state: 'writing', on: p + 1, then, left: units > PIPE_BUF ? n : 0 });
    return units > PIPE_BUF ? 'continues' : 'blocked';
  }

  /** Thread `t` reads one unit of pipe `p`. */
  function read(w: Work, t: number, p: number): Done {
    const pi = w.pipes[p];
    // A unit is buffered: the reader takes the head; the first sleeping one-unit writer's unit fills the room.
    if (pi.buf.length > 0) {
      deliver(w, t, p, pi.buf[0]);
      const u = pi.writers.find((x) => w.tcb[x - 1].left === 0);
      if (u !== undefined) {
        w.pipes[p] = { buf: [...pi.buf.slice(1), { sender: u, value: w.tcb[u - 1].mr }], writers: pi.writers.filter((x) => x !== u), readers: pi.readers };
        resume(w, u);
        return 'done';
      }
      // Else every sleeping write above PIPE_BUF wakes, and they race for the room with the rest of their writes.
      w.pipes[p] = { ...pi, buf: pi.buf.slice(1), writers: [] };
      for (const x of pi.writers) w.wake(x);
      return 'done';
    }
    // The pipe is empty and no write end is open: end of file (an RPC waiting for its reply fails).
    if (!w.open('write', p)) return endOfFile(w, t, p);
    // The pipe is empty: the reader sleeps until a write.
    w.pipes[p] = { ...pi, readers: enqueue(pi.readers, t) };
    w.set(t, { state: 'reading', on: p + 1 });
    return 'blocked';
  }

  /** Writer `u`'s unit is in: it runs, or first goes on to read the pipe its call reads next. */
  function resume(w: Work, u: number): void {
    const then = w.tcb[u - 1].then;
    w.set(u, { state: 'running', on: 0, then: 0 });
    if (then === 0 || read(w, u, then - 1) !== 'blocked') w.woken.push(u); // else it sleeps on its next pipe
  }

  /** Thread `t`'s call fails (EPIPE, EAGAIN, end of file while waiting for a reply). */
  function fail(w: Work, t: number, label: string): Done {
    w.events.push({ kind: 'error', thread: t, label });
    return 'failed';
  }

  /** A read of `t` returns 0, end of file: an RPC waiting for its reply fails. */
  function endOfFile(w: Work, t: number, p: number): Done {
    if (p >= w.f.objects.length) return fail(w, t, 'end of file');
    w.events.push({ kind: 'note', thread: t, label: 'end of file' });
    return 'done';
  }

  /** Thread `t` answers requester `c` (0: none remembered) and then reads pipe `then - 1` if set. */
  function reply(w: Work, t: number, c: number, then: number): Done {
    if (c !== 0) return write(w, t, replyPipe(w.f, c), then);
    // No requester remembered: nothing is written.
    w.events.push({ kind: 'note', thread: t, label: 'no requester' });
    return then === 0 ? 'done' : read(w, t, then - 1);
  }

  /** Thread `t` exits and its ends close: readers of a pipe left without writers see end of file, writers of a pipe left without readers get EPIPE. */
  function exit(w: Work, t: number): void {
    w.set(t, { state: 'done', on: 0, then: 0 });
    w.pipes.forEach((pi, p) => {
      if (writes(w.f, p, t) && pi.readers.length > 0 && !w.open('write', p)) {
        w.pipes[p] = { ...w.pipes[p], readers: [] };
        for (const r of pi.readers) endOfFile(w, w.wake(r), p);
      }
      if (reads(w.f, p, t) && pi.writers.length > 0 && !w.open('read', p)) {
        w.pipes[p] = { ...w.pipes[p], writers: [] };
        for (const u of pi.writers) if (w.tcb[u - 1].left > 0) w.wake(u); // it gets EPIPE when it goes on
        else fail(w, w.wake(u), 'EPIPE');
      }
    });
  }

  const syscall = (k: K, t: number, call: PipeCall, message: number, f: Frame): SyscallResult<K> => {
    const w = new Work(k, f);
    w.set(t, { mr: message });
    const outcome = (d: Done) => w.result(d === 'blocked' ? { kind: 'blocked', on: `${w.tcb[t - 1].state} ${pipeName(f, w.tcb[t - 1].on - 1)}` } : d === 'continues' ? { kind: 'continues' } : { kind: 'returned' });
    const me = w.tcb[t - 1];
    switch (call.kind) {
      // write(2) of its units to the object's pipe.
      case 'write':
        return outcome(write(w, t, call.obj, 0, call.units));
      // read(2) of one unit from the object's pipe.
      case 'read':
        return outcome(read(w, t, call.obj));
      // An RPC writes the request to the service's pipe and reads the caller's reply pipe.
      case 'call':
        return outcome(write(w, t, call.obj, replyPipe(f, t) + 1));
      // A reply writes to the remembered requester's reply pipe.
      case 'reply':
        w.set(t, { from: 0 });
        return outcome(reply(w, t, me.from, 0));
      // replyRead: the reply, then a read of the request pipe.
      case 'replyRead':
        w.set(t, { from: 0 });
        return outcome(reply(w, t, me.from, call.obj + 1));
      // save keeps the requester in a slot.
      case 'save':
        w.set(t, { from: 0, saved: me.saved.map((c, i) => (i === call.slot ? me.from : c)) });
        return outcome('done');
      // replySaved answers the requester kept in the slot.
      case 'replySaved':
        w.set(t, { saved: me.saved.map((c, i) => (i === call.slot ? 0 : c)) });
        return outcome(reply(w, t, me.saved[call.slot], 0));
      // exit(2) closes every end the thread holds.
      case 'exit':
        exit(w, t);
        return w.result({ kind: 'ended' });
    }
  };

  return defineDesign<PipeTcb, PipeObjects, PipeCall>({
    id: 'pipe',
    title: `UNIX pipes, Linux (M8), capacity ${options.unbounded ? '∞' : C}${variant}`,
    thread: (f) => record({ state: oneOf('running', 'writing', 'reading', 'done'), on: int(0, pipeCount(f)), then: int(0, pipeCount(f)), left: int(0, MAX_WRITE), mr: int(0, Math.max(f.values, 1) - 1), from: threadId(f.threads), saved: array(f.slots, threadId(f.threads)) }),
    objects: (f) => {
      const room = options.unbounded ? UNBOUNDED_SHAPE : Math.max(C, ...f.objects.map((o) => o.capacity ?? C));
      const one = record({ buf: queue(room, messageShape(f.threads, Math.max(f.values, 1))), writers: queue(f.threads, threadId(f.threads, 1)), readers: queue(f.threads, threadId(f.threads, 1)) });
      return record({ pipes: array(pipeCount(f), one) });
    },
    init: (f) => ({ threads: Array.from({ length: f.threads }, () => ({ ...RUNNING, saved: Array.from({ length: f.slots }, () => 0) })), objects: { pipes: Array.from({ length: pipeCount(f) }, () => EMPTY) } }),
    // rpc, serve and replyServe need a service (a request pipe); send and receive any pipe.
    operation: (op, _t, f) => {
      const obj = 'obj' in op ? f.objects.findIndex((o) => o.name === op.obj) : -1;
      const kind = f.objects[obj]?.kind;
      if (op.op === 'rpc' || op.op === 'serve' || op.op === 'replyServe') return kind === 'service' ? { kind: op.op === 'rpc' ? 'call' : op.op === 'serve' ? 'read' : 'replyRead', obj } : undefined;
      if (op.op === 'send' || op.op === 'receive') return kind === 'service' || kind === 'channel' ? { kind: op.op === 'send' ? 'write' : 'read', obj } : undefined;
      if (op.op === 'save' || op.op === 'replySaved') return { kind: op.op, slot: op.slot };
      return op.op === 'reply' || op.op === 'exit' ? { kind: op.op } : undefined;
    },
    syscall,
    runnable: (k, t) => k.threads[t - 1].state === 'running',
    // Asleep in a write above PIPE_BUF with units left (it goes on when it runs again).
    midOperation: (k, t) => k.threads[t - 1].state === 'writing' && k.threads[t - 1].left > 0,
    ended: (k, t) => k.threads[t - 1].state === 'done',
    received: (k, t) => k.threads[t - 1].mr,
    memory: (k) => k.objects.pipes.reduce((n, p) => n + p.buf.length, 0),
    invariants: (f) => [
      always('contents ≤ C', (k: K) => k.objects.pipes.every((p, i) => p.buf.length <= limit(f, i))),
      always('INV-SYM', (k: K) => invSym(k)),
      always('INV-SLEEP', (k: K) => k.objects.pipes.every((p, i) => (p.readers.length === 0 || (p.buf.length === 0 && open(f, k.threads, 'write', i))) && (p.writers.length === 0 || (p.buf.length >= limit(f, i) && open(f, k.threads, 'read', i))))),
    ],
    label: (c, f) => ('obj' in c ? `${c.kind}(${f.objects[c.obj].name}${'units' in c && c.units !== undefined && c.units !== 1 ? `, ${c.units} units` : ''})` : 'slot' in c ? `${c.kind}(${c.slot})` : c.kind),
  });
}

/** Pipes: one per object, one reply pipe per thread. */
function pipeCount(f: Frame): number {
  return f.objects.length + f.threads;
}

/** A pipe's name for the chart: the object's, or `reply t`. */
function pipeName(f: Frame, p: number): string {
  return p < f.objects.length ? f.objects[p].name : `reply ${p - f.objects.length + 1}`;
}

/** INV-SYM: a thread sleeps writing (reading) pipe p exactly when it is in p's writers (readers), each queue once. */
function invSym(k: K): boolean {
  const pipes = k.objects.pipes;
  if (!pipes.every((p) => distinct(p.writers) && distinct(p.readers))) return false;
  return k.threads.every((x, i) => pipes.every((p, j) => p.writers.includes(i + 1) === (x.state === 'writing' && x.on === j + 1) && p.readers.includes(i + 1) === (x.state === 'reading' && x.on === j + 1)));
}
