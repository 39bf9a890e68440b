/**
 * M8: a UNIX pipe with Linux semantics and a small capacity (spec card M8 in
 * `../shared/IPC-MODELS.md`).
 *
 * Sources: mkerrisk/man-pages@10d7654 `man7/pipe.7`; the man7.org page `F_GETPIPE_SZ(2const)`.
 *
 * Units: one buffer unit stands for PIPE_BUF bytes, so PIPE_BUF = 1 unit and the capacity is a
 * few units (default 2). The system: a writer (thread 1) issues `writes` writes of `size` units
 * each into a pipe, then closes its write end; a reader (thread 2) reads one unit per read until
 * end of file, then closes its read end. The four write cases of pipe(7):
 * - blocking, n ≤ PIPE_BUF: all n units at once when they fit, else the writer blocks;
 * - non-blocking, n ≤ PIPE_BUF: all n units, or EAGAIN;
 * - blocking, n > PIPE_BUF: as many units as fit, then the writer blocks for the rest;
 * - non-blocking, n > PIPE_BUF: a partial write of what fits, or EAGAIN when full.
 * A non-blocking writer retries (EAGAIN or the rest of a partial write) until the whole write is
 * done. A read of an empty pipe blocks while a write end is open and returns 0 (end of file) once
 * none is; a write with no read end open returns EPIPE (SIGPIPE ignored) and the writer goes on to
 * close its end (`reader: 'exits'` closes the read end without reading). A thread woken from a
 * blocked read or write issues the call again. Each thread runs in its own component on one
 * processor through the hardware model: user steps (Prepare before a write, Handle after a read)
 * go through the MMU, system calls trap, the kernel path is atomic, and returning to user mode
 * loads the next thread's page table; a timer interrupt may preempt whenever another thread is
 * ready.
 *
 * Kernel memory: every buffered unit is one kernel object (`model/kernel/messageQueue`, one
 * message per unit); the bound checked is pipes × capacity.
 *
 * Properties: no message lost (per writer, the units read are exactly a prefix of the units the
 * kernel accepted, in order, the rest still buffered), write records not interleaved (no unit of
 * another writer enters the pipe while a write is half done), kernel memory bounded, the machine
 * properties, deadlock freedom (every thread done is the valid end), no thread stuck forever, and
 * the witnesses that the client (a writer) blocks on a full pipe and that a message is received.
 *
 * Seeded bugs (card M8):
 * - `bothWriteFirst` (F1): two processes and two pipes; each writes capacity + 1 units into its
 *   pipe before reading the other: both block in write, a deadlock.
 * - `readerKeepsWriteEnd` (F2): the reader never closed the write end it inherited, so end of file
 *   never comes: the reader is stuck (deadlock freedom fails too, the reader never ends).
 * - `interleavedWriters` (F3): two writers on one pipe; with `size` > PIPE_BUF (the run: one write
 *   of 3 units each) their writes interleave (pipe(7) allows it, and the checker finds it); with `size` ≤ PIPE_BUF they do not.
 * - `unboundedBuffer` (F4): a mutant pipe without capacity; the writer writes for ever and the
 *   reader never reads: kernel memory grows one unit per round (a growth witness). The search is
 *   cut (withinBounds) one unit above the bound.
 *
 * Not faithful: bytes are counted in PIPE_BUF-sized units; a woken writer or reader re-issues its
 * system call instead of continuing inside it; a read takes one unit; blocked writers are all
 * woken by a read and race for the room; a buffer is never freed (a read end closed with data
 * left keeps it); SIGPIPE, F_SETPIPE_SZ, O_NONBLOCK reads, select/poll and fork are not modelled;
 * in F4 the reader holds its read end without running.
 */
import { defineModel, type Model } from '../core/model.js';
import { replaceAt } from '../core/replaceAt.js';
import { array, bool, int, oneOf, record, type Infer } from '../core/shape/index.js';
import { hwShape, initialHw, trap, userAccess } from '../hw/cpu.js';
import { preemptStep, returnStep, withPreempt } from '../kernel/machineSteps.js';
import { kernelMemoryShape } from '../kernel/kernelMemory.js';
import { dequeueMessage, enqueueMessage, messageQueueShape, type QueueLimit } from '../kernel/messageQueue.js';
import { makeReady, scheduleNext, schedulerShape } from '../kernel/scheduler.js';
import { always, deadlockFree, neverStuck, sometimes } from '../../properties/index.js';
import { machineProperties } from '../hw/properties/index.js';
import { kernelMemoryBound } from '../kernel/properties/index.js';

/**
 * The seeded bugs of {@link unixPipe}; `none` is the specification.
 *
 * @example
 * BUGS.includes('none'); // true
 */
export const BUGS = ['none', 'bothWriteFirst', 'readerKeepsWriteEnd', 'interleavedWriters', 'unboundedBuffer'] as const;

/**
 * A seeded bug of {@link unixPipe}, or `none`.
 *
 * @example
 * const bug: PipeBug = 'unboundedBuffer';
 */
export type PipeBug = (typeof BUGS)[number];

/**
 * Configuration of {@link unixPipe}.
 *
 * @example
 * const cfg: PipeConfig = { capacity: 2, writes: 3, size: 1, nonblocking: false, reader: 'reads', bug: 'none' };
 */
export interface PipeConfig {
  /** The pipe's capacity in units (one unit = PIPE_BUF bytes). */
  readonly capacity: number;
  /** Writes each writer issues (ignored by F1 and F4). */
  readonly writes: number;
  /** Units per write; above 1 (PIPE_BUF) a write is not atomic (ignored by F1). */
  readonly size: number;
  /** O_NONBLOCK on the write ends. */
  readonly nonblocking: boolean;
  /** Whether the reader reads until end of file, or closes its read end at once (EPIPE for the writer). */
  readonly reader: 'reads' | 'exits';
  readonly bug: PipeBug;
}

/** PIPE_BUF, in units. */
const PIPE_BUF = 1;

type Instr =
  | { readonly op: 'prepare' }
  | { readonly op: 'write'; readonly pipe: number; readonly n: number; readonly next: number; readonly epipe: number }
  | { readonly op: 'read'; readonly pipe: number }
  | { readonly op: 'handle'; readonly back: number }
  | { readonly op: 'close'; readonly pipe: number; readonly end: 'write' | 'read' };

const THREAD_STATES = ['ready', 'blockedWrite', 'blockedRead', 'done'] as const;
const LABEL = { prepare: 'Prepare', write: 'Write', read: 'Read', handle: 'Handle', close: 'Close' } as const;

function pipeShape(threads: number, pipes: number, pcMax: number, sizeMax: number, values: number, bufMax: number, objectsMax: number) {
  return record({
    hw: hwShape({ components: threads, pages: 1, frames: threads }),
    sched: schedulerShape(threads),
    th: array(threads, oneOf(...THREAD_STATES)),
    /** Each thread's instruction index in its program. */
    pc: array(threads, int(0, pcMax)),
    /** Units of the current write not yet accepted (0: no write under way). */
    left: array(threads, int(0, sizeMax)),
    /** Each pipe's buffer, one message per unit: the writer and its unit's index in its stream. */
    buf: array(pipes, messageQueueShape(bufMax, threads, values)),
    /** Open write ends and read ends of each pipe. */
    writers: array(pipes, int(0, threads)),
    readers: array(pipes, int(0, threads)),
    /** Kernel objects alive: buffered units. */
    objects: kernelMemoryShape(objectsMax),
    /** Ghost: units the kernel accepted from each thread, and units of each thread read. */
    sent: array(threads, int(0, values)),
    got: array(threads, int(0, values)),
    /** Ghost: per pipe, the writer whose write is half done at the stream's tail (0: none). */
    tail: array(pipes, int(0, threads)),
    /** Ghost: a unit entered a pipe inside another writer's unfinished write. */
    interleaved: bool(),
  });
}

/**
 * A state of {@link unixPipe}: machine, scheduler, per-thread state, program point and pending
 * write, the pipes' buffers and open ends, the kernel-object count and the ghost counters.
 *
 * @example
 * const s: PipeState = unixPipe().init()[0];
 */
export type PipeState = Infer<ReturnType<typeof pipeShape>>;

/**
 * A step of {@link unixPipe}: a user step or system call of thread `t`, a timer interrupt, or the
 * kernel's return to user mode.
 *
 * @example
 * const a: PipeAction = { kind: 'Write', t: 1 };
 */
export type PipeAction = { readonly kind: 'Prepare' | 'Write' | 'Read' | 'Handle' | 'Close'; readonly t: number } | { readonly kind: 'Preempt' | 'Return' };

/** Writes of `n` units each to `pipe`, then the close of the write end; `loop` writes for ever. */
function writerProgram(pipe: number, writes: number, n: number, loop: boolean): Instr[] {
  const prog: Instr[] = [];
  const closeAt = 2 * writes;
  for (let i = 0; i < writes; i++) prog.push({ op: 'prepare' }, { op: 'write', pipe, n, next: loop ? 0 : 2 * i + 2, epipe: closeAt });
  if (!loop) prog.push({ op: 'close', pipe, end: 'write' });
  return prog;
}
/** Reads from `pipe` until end of file, then the close of the read end. */
function readerProgram(pipe: number, start: number): Instr[] {
  return [{ op: 'read', pipe }, { op: 'handle', back: start }, { op: 'close', pipe, end: 'read' }];
}

/**
 * The UNIX pipe model.
 *
 * @example
 * check(unixPipe()).ok;                                                       // true
 * check(unixPipe({ bug: 'unboundedBuffer' })).verdicts['kernel memory bounded'].status; // 'unbounded'
 */
export function unixPipe(config: Partial<PipeConfig> = {}): Model<PipeState, PipeAction> {
  const cfg: PipeConfig = { capacity: 2, writes: 3, size: 1, nonblocking: false, reader: 'reads', bug: 'none', ...config };
  const { capacity: C, writes: W, size, nonblocking, bug } = cfg;
  if (!Number.isSafeInteger(C) || C < 1 || C > 3) throw new RangeError(`unixPipe: capacity must be a whole number from 1 to 3, got ${C}`);
  if (!Number.isSafeInteger(W) || W < 1 || W > 3) throw new RangeError(`unixPipe: writes must be a whole number from 1 to 3, got ${W}`);
  if (!Number.isSafeInteger(size) || size < 1 || size > 3) throw new RangeError(`unixPipe: size must be a whole number from 1 to 3, got ${size}`);
  if (!(BUGS as readonly string[]).includes(bug)) throw new RangeError(`unixPipe: bug must be one of ${BUGS.join(', ')}, got ${bug}`);
  if (cfg.reader !== 'reads' && cfg.reader !== 'exits') throw new RangeError(`unixPipe: reader must be 'reads' or 'exits', got ${cfg.reader}`);
  if (cfg.reader === 'exits' && bug !== 'none') throw new RangeError("unixPipe: reader: 'exits' (EPIPE) is a configuration of the specification; use bug: 'none'");
  const forever = bug === 'unboundedBuffer';
  if (forever && nonblocking) throw new RangeError('unixPipe: unboundedBuffer (F4) never fills, so nonblocking makes no difference; leave it false');

  // Programs, thread names, pipes, and open ends per pipe.
  let progs: Instr[][];
  let names: string[];
  let writers: number[];
  let readers: number[];
  const P = bug === 'bothWriteFirst' ? 2 : 1;
  if (bug === 'bothWriteFirst') {
    const half = (mine: number, other: number): Instr[] => [...writerProgram(mine, 1, C + 1, false), ...readerProgram(other, 3)];
    progs = [half(0, 1), half(1, 0)];
    names = ['process 1', 'process 2'];
    writers = [1, 1];
    readers = [1, 1];
  } else if (bug === 'interleavedWriters') {
    progs = [writerProgram(0, W, size, false), writerProgram(0, W, size, false), readerProgram(0, 0)];
    names = ['writer 1', 'writer 2', 'reader'];
    writers = [2];
    readers = [1];
  } else if (forever) {
    progs = [writerProgram(0, 1, size, true), []];
    names = ['writer', 'reader'];
    writers = [1];
    readers = [1];
  } else {
    progs = [writerProgram(0, W, size, false), cfg.reader === 'reads' ? readerProgram(0, 0) : [{ op: 'close', pipe: 0, end: 'read' }]];
    names = ['writer', 'reader'];
    writers = [bug === 'readerKeepsWriteEnd' ? 2 : 1];
    readers = [1];
  }
  const T = progs.length;
  const isWriter = (i: number) => progs[i].some((ins) => ins.op === 'write');
  const limit: QueueLimit = forever ? null : C;
  const K = P * C;
  const sizeMax = bug === 'bothWriteFirst' ? C + 1 : size;
  const perWriter = bug === 'bothWriteFirst' ? C + 1 : W * size;
  const V = forever ? K + 8 * size : perWriter;
  const bufMax = forever ? V : C;
  const objectsMax = forever ? V : K;
  const pcMax = Math.max(...progs.map((p) => p.length));
  type St = PipeState;
  type Th = St['th'][number];

  const runnable = (st: St) => (t: number) => st.th[t - 1] === 'ready';
  const setTh = (st: St, t: number, state: Th): St => ({ ...st, th: replaceAt(st.th, t - 1, state) });
  const block = (st: St, t: number, state: Th): St => {
    const s2 = setTh(st, t, state);
    return { ...s2, sched: scheduleNext(s2.sched, runnable(s2)) };
  };
  /** Thread `t` moves to instruction `pc`; past the end of its program it is done. */
  const goTo = (st: St, t: number, pc: number): St => {
    const s2 = { ...st, pc: replaceAt(st.pc, t - 1, pc) };
    return pc >= progs[t - 1].length ? block(s2, t, 'done') : s2;
  };
  /** Wakes every thread blocked in `state` on `pipe`: it issues its call again when it runs. */
  const wakeAll = (st: St, state: Th, pipe: number): St => {
    let s2 = st;
    for (let t = 1; t <= T; t++) {
      const ins = progs[t - 1][st.pc[t - 1]];
      if (s2.th[t - 1] === state && ins !== undefined && 'pipe' in ins && ins.pipe === pipe) s2 = { ...setTh(s2, t, 'ready'), sched: makeReady(s2.sched, t) };
    }
    return s2;
  };
  /** Appends `k` units of thread `t` to `pipe`; the write ends after them when `rest` is 0. */
  const put = (st: St, t: number, pipe: number, k: number, rest: number): St => {
    let { objects, interleaved } = st;
    let q = st.buf[pipe];
    let sent = st.sent[t - 1];
    let tail = st.tail[pipe];
    for (let i = 0; i < k; i++) {
      if (tail !== 0 && tail !== t) interleaved = true;
      const e = enqueueMessage(q, objects, { sender: t, value: sent }, limit);
      q = e.queue;
      objects = e.objects;
      sent++;
      tail = i === k - 1 && rest === 0 ? 0 : t;
    }
    const s2 = { ...st, buf: replaceAt(st.buf, pipe, q), objects, interleaved, sent: replaceAt(st.sent, t - 1, sent), tail: replaceAt(st.tail, pipe, tail) };
    return wakeAll(s2, 'blockedRead', pipe);
  };

  const kernel = (st: St, t: number, ins: Instr): St => {
    switch (ins.op) {
      case 'write': {
        const { pipe: p, n } = ins;
        if (st.readers[p] === 0) return goTo({ ...st, left: replaceAt(st.left, t - 1, 0) }, t, ins.epipe); // EPIPE
        const rem = st.left[t - 1] === 0 ? n : st.left[t - 1];
        const free = limit === null ? rem : limit - st.buf[p].length;
        const k = n <= PIPE_BUF ? (free >= rem ? rem : 0) : Math.min(free, rem);
        const s2 = { ...put(st, t, p, k, rem - k), left: replaceAt(st.left, t - 1, rem - k) };
        if (rem - k === 0) return goTo(s2, t, ins.next);
        return nonblocking ? s2 : block(s2, t, 'blockedWrite'); // EAGAIN or a partial write: retried
      }
      case 'read': {
        const p = ins.pipe;
        if (st.buf[p].length === 0) return st.writers[p] === 0 ? goTo(st, t, st.pc[t - 1] + 2) : block(st, t, 'blockedRead');
        const d = dequeueMessage(st.buf[p], st.objects);
        const s2 = { ...st, buf: replaceAt(st.buf, p, d.queue), objects: d.objects, got: replaceAt(st.got, d.msg.sender - 1, st.got[d.msg.sender - 1] + 1) };
        return goTo(wakeAll(s2, 'blockedWrite', p), t, st.pc[t - 1] + 1);
      }
      case 'close': {
        const p = ins.pipe;
        let s2: St;
        if (ins.end === 'write') {
          s2 = { ...st, writers: replaceAt(st.writers, p, st.writers[p] - 1) };
          if (s2.writers[p] === 0) s2 = wakeAll(s2, 'blockedRead', p);
        } else {
          s2 = { ...st, readers: replaceAt(st.readers, p, st.readers[p] - 1) };
          if (s2.readers[p] === 0) s2 = wakeAll(s2, 'blockedWrite', p);
        }
        return goTo(s2, t, st.pc[t - 1] + 1);
      }
      default:
        throw new Error(`unixPipe: ${ins.op} is not a system call`);
    }
  };

  const tables = Array.from({ length: T }, (_, i) => [{ frame: i, write: true }]);
  const initTh: Th[] = progs.map((p) => (p.length === 0 ? 'done' : 'ready'));
  const live = initTh.flatMap((s, i) => (s === 'ready' ? [i + 1] : []));
  const allDone = (st: St) => st.th.every((s) => s === 'done');
  const noLoss = (st: St) =>
    st.buf.every((q) => {
      const seen = Array.from({ length: T }, () => 0);
      return q.every((m) => m.value === st.got[m.sender - 1] + seen[m.sender - 1]++);
    }) && st.sent.every((s, i) => s === st.got[i] + st.buf.reduce((n, q) => n + q.filter((m) => m.sender === i + 1).length, 0));

  return defineModel<St, PipeAction>({
    name: `unixPipe(capacity=${C},writes=${W},size=${size},nonblocking=${nonblocking},reader=${cfg.reader},bug=${bug})`,
    config: { ...cfg },
    shape: pipeShape(T, P, pcMax, sizeMax, V, bufMax, objectsMax),
    init: () => [
      {
        hw: initialHw(tables),
        sched: { current: live[0] ?? 0, ready: live.slice(1) },
        th: initTh,
        pc: Array.from({ length: T }, () => 0),
        left: Array.from({ length: T }, () => 0),
        buf: Array.from({ length: P }, () => []),
        writers,
        readers,
        objects: 0,
        sent: Array.from({ length: T }, () => 0),
        got: Array.from({ length: T }, () => 0),
        tail: Array.from({ length: P }, () => 0),
        interleaved: false,
      },
    ],
    actions: (st) => {
      const t = st.sched.current;
      if (t === 0) return [];
      if (st.hw.mode === 'kernel') return [{ kind: 'Return' }];
      const ins = progs[t - 1][st.pc[t - 1]];
      const mine: PipeAction[] = ins === undefined ? [] : [{ kind: LABEL[ins.op], t }];
      return withPreempt(st, runnable(st), mine);
    },
    next: (st, a) => {
      switch (a.kind) {
        case 'Return':
          return returnStep(st);
        case 'Preempt':
          return preemptStep(st, runnable(st));
        case 'Prepare':
          return { ...st, hw: userAccess(st.hw, a.t - 1, 0, 'write').hw, pc: replaceAt(st.pc, a.t - 1, st.pc[a.t - 1] + 1) };
        case 'Handle': {
          const ins = progs[a.t - 1][st.pc[a.t - 1]];
          return { ...st, hw: userAccess(st.hw, a.t - 1, 0, 'read').hw, pc: replaceAt(st.pc, a.t - 1, ins.op === 'handle' ? ins.back : st.pc[a.t - 1] + 1) };
        }
        default:
          return kernel({ ...st, hw: trap(st.hw) }, a.t, progs[a.t - 1][st.pc[a.t - 1]]);
      }
    },
    withinBounds: forever ? (st) => st.objects <= K + 1 : undefined,
    showAction: (a) => ('t' in a ? `${a.kind}(${names[a.t - 1]})` : a.kind),
    properties: [
      ...machineProperties(
        (st: St) => st.hw,
        (st: St) => st.sched.current,
      ),
      always('no message lost', noLoss),
      always('write records not interleaved', (st: St) => !st.interleaved),
      kernelMemoryBound((st: St) => st.objects, K, 'kernel buffer unit', 'kernel memory bounded'),
      deadlockFree({ validEnd: allDone }),
      neverStuck('no thread stuck forever', { threads: names, blocked: (st: St, i) => st.th[i].startsWith('blocked') }),
      sometimes('the client blocks', (st: St) => st.th.some((s, i) => s === 'blockedWrite' && isWriter(i))),
      sometimes('a message is received', (st: St) => st.got.some((g) => g > 0)),
    ],
  });
}
