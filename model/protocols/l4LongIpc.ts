/**
 * M2: L4 long IPC (Pistachio): the message is copied page by page through both address spaces'
 * page tables, a page fault in the middle of the copy is served by a pager through a nested
 * page-fault IPC, and the kernel keeps a continuation to resume the copy (spec card M2 in
 * `../shared/IPC-MODELS.md`).
 *
 * Sources: the card's citations, l4ka/pistachio `kernel/src/api/v4/ipcx.cc` (`ipc_copy`: "we may
 * cause a nested pagefault ipc"), `space.cc` (`handle_pagefault`, `handle_xfer_timeouts`),
 * `thread.cc` (`send_pagefault_ipc`, `save_state`/`restore_state`), l4test's error strings
 * (5 "xfer timeout (current)", 6 "xfer timeout (partner)").
 *
 * The system: client C (thread 1) in space A sends one message of `pages` pages to server S
 * (thread 2) in space B; PA (thread 3) is the pager of A, PB (thread 4) the pager of B. Each
 * pager runs in a space of its own whose page σ0 mapped at boot (σ0 is implicit). C writes its
 * message page (a user step), then makes `Ipc(S, nil)`; S makes `Ipc(nil, C)`; whichever comes
 * second finds its partner blocked and the copy starts with both threads locked. Pagers loop on
 * an open wait: on a fault message they touch their own page (a user step: `Handle`) and answer
 * with `Reply`, which maps the faulting page (a real `mapPage` on the faulting space's table, to
 * the frame that holds that page's data) and replies; the pager then waits again.
 *
 * The copy (`Copy(page i)`, kernel steps in C's context, atomic while no fault occurs): page i is
 * read through A's table and written through B's table, as kernel accesses (the ghost user-access
 * record stays empty: user code never touches another space). Every space has `pages` message
 * pages 0..pages-1 and a private page `pages`.
 * - An unmapped source page: C saves a continuation (which IPC: `source`; which page; which
 *   partner: S; which pager: PA) and makes a nested fault IPC to PA, S staying locked.
 * - An unmapped page of S's receive area: the fault is tunnelled through the partner: S saves a
 *   continuation (`dest`, page, partner C, pager of B) and makes the fault IPC on its own behalf,
 *   C staying locked.
 * - A fault IPC is delivered at once if the pager waits, otherwise the faulting thread polls the
 *   pager (blocked) until the pager next waits. The pager's reply resumes the copy from the
 *   continuation, at the page where it stopped.
 * - Transfer timeouts: on the first fault the xfer timer is set to min(C's send xfer timeout,
 *   S's receive xfer timeout) over zero < finite < never. Zero aborts the IPC at once; a finite
 *   one may expire (`Expire`, nondeterministic, while a fault is outstanding). An abort releases
 *   both threads with error `current` (5: the fault is in the sender's space) or `partner`
 *   (6: in the receiver's space), discards the IPC's continuation, and a late pager reply then
 *   finds no thread waiting for it and is dropped (pagers reply with send timeout 0): no map.
 *
 * Scheduling: one processor; the machine boots in the kernel, and after each kernel entry the
 * kernel may dispatch any runnable thread (`Switch`, then `Return` loads its page table); a timer
 * interrupt (`Preempt`) may stop a user thread whenever another is runnable. The copy itself is
 * not preemptible. A user page fault (F1) also makes a fault IPC with a saved state, counted
 * as a continuation (`user`).
 *
 * Abstractions: one message, one round, one page granularity (no offsets, no string items, no
 * copy window), pagers of pagers are σ0 and never fault (except F1), the IPC's own send and
 * receive timeouts are `never`, every thread finishes its program (`done`) after its IPC, with or
 * without error. The error code is recorded once for the IPC, as the sender sees it.
 *
 * Properties: data integrity (once the IPC completes, every receive-buffer page maps to a frame
 * holding exactly the sent value: no torn or stale copy; the sent value of page i is i + 1, the
 * receive frames start at 0; with `registers`, S's message register i holds it), one continuation
 * per thread, continuation discipline (a step property: a new IPC continuation records the page
 * the copy stopped at, and a resumed copy restarts at the continuation's page), kernel memory
 * (continuations ≤ 2), isolation, privilege and kernel-mediated transfer, deadlock freedom (C and
 * S done is the valid end), no thread stuck forever, one property per thread so that the verdicts
 * name the STUCK set (a pager in its open wait is idle, not stuck; a thread locked in the copy is
 * blocked), and the witnesses that a page fault occurs inside an IPC and that the long IPC
 * completes.
 *
 * Data movement (`movement`), for the survey's comparison of constrained and unconstrained
 * movement on the same workload: `long` (the default) is the copy above. With `registers` the
 * message travels as `pages` message registers (seL4, Fiasco): at the rendezvous, in the one
 * atomic kernel step where the long copy would start, the kernel copies C's registers into S's,
 * between the two threads' always-mapped per-thread buffers (state `mr`, reached without the user
 * page tables), and the IPC completes. No page of A or B is touched by the IPC, so no fault can
 * occur inside it: the same threads, pagers, page tables (the unmapped pages stay unmapped) and
 * timeouts, but 'a page fault occurs inside an IPC' is unwitnessed and the pagers stay idle. Data
 * integrity then reads S's registers. The seeded bugs all need a fault inside the IPC, and are
 * refused with `registers`.
 *
 * Seeded bugs (card M2's F1–F3, and one mutant):
 * - `pagerFaultsInHandler` (F1): PB runs in space B, is B's pager, and its handler touches its
 *   own unmapped page of B: the fault IPC targets PB itself, which never receives: PB, S and C
 *   are stuck and deadlock freedom fails.
 * - `pagerCycle` (F2): pager(B) = C: the tunnelled fault goes to C, locked in this very copy:
 *   deadlock. With finite timeouts the IPC aborts and both recover.
 * - `silentPager` (F3): PB never replies (it spins in user mode after taking the fault message):
 *   with never timeouts C (and S) stay locked for ever (STUCK(C); the spinning pager keeps the
 *   system from a deadlock state); with finite ones the IPC aborts with error `partner`.
 * - `skipFaultedPage` (mutant): the resumed copy restarts at the page after the one that faulted:
 *   continuation discipline and data integrity fail.
 */
import { defineModel, type Model } from '../core/model.js';
import { replaceAt } from '../core/replaceAt.js';
import { array, bool, int, oneOf, optional, queue, record, type Infer } from '../core/shape/index.js';
import type { SequenceEvent } from '../core/sequence.js';
import { hwShape, initialHw, returnToUser, trap, userAccess, type Hw } from '../hw/cpu.js';
import { mapPage, translate, type PageTable } from '../hw/pageTable.js';
import { always, deadlockFree, neverStuck, sometimes, step } from '../../properties/index.js';
import { machineProperties } from '../hw/properties/index.js';
import { kernelMemoryBound } from '../kernel/properties/index.js';
import { unreachable } from '../core/unreachable.js';

/**
 * The seeded bugs of {@link l4LongIpc}; `none` is the specification.
 *
 * @example
 * BUGS.includes('none'); // true
 */
export const BUGS = ['none', 'pagerFaultsInHandler', 'pagerCycle', 'silentPager', 'skipFaultedPage'] as const;
/**
 * The timeout values of {@link l4LongIpc}.
 *
 * @example
 * TIMEOUTS.includes('finite'); // true
 */
export const TIMEOUTS = ['zero', 'finite', 'never'] as const;
/**
 * The data movements of {@link l4LongIpc}.
 *
 * @example
 * MOVEMENTS.includes('registers'); // true
 */
export const MOVEMENTS = ['long', 'registers'] as const;

/**
 * A seeded bug of {@link l4LongIpc} (card M2's F1–F3, or the `skipFaultedPage` mutant), or `none`.
 *
 * @example
 * const bug: L4LongIpcBug = 'pagerCycle';
 */
export type L4LongIpcBug = (typeof BUGS)[number];

/**
 * An L4 transfer (xfer) timeout: `zero` (abort at the first fault), `finite` (may expire) or `never`.
 *
 * @example
 * const t: L4XferTimeout = 'finite';
 */
export type L4XferTimeout = (typeof TIMEOUTS)[number];

/**
 * Configuration of {@link l4LongIpc}. `srcUnmapped` and `dstUnmapped` are bit masks over the
 * message pages (bit i: page i starts unmapped in A's message, in B's receive area).
 *
 * @example
 * const cfg: L4LongIpcConfig = { pages: 2, srcUnmapped: 1, dstUnmapped: 2, sendXfer: 'never', recvXfer: 'never', bug: 'none', movement: 'long' };
 */
export interface L4LongIpcConfig {
  /** Pages of the message, 1..2. */
  readonly pages: number;
  /** Source pages (bit mask) unmapped in A at boot. */
  readonly srcUnmapped: number;
  /** Receive-area pages (bit mask) unmapped in B at boot. */
  readonly dstUnmapped: number;
  /** C's send transfer timeout. */
  readonly sendXfer: L4XferTimeout;
  /** S's receive transfer timeout. */
  readonly recvXfer: L4XferTimeout;
  readonly bug: L4LongIpcBug;
  /** How the message moves: `long` (page by page through both page tables) or `registers` (message registers, one atomic kernel step). */
  readonly movement: 'long' | 'registers';
}

/**
 * Thread program points and IPC states: `prepare`/`send` (C's user program), `recv` (S's),
 * `polling` (C blocked sending), `waiting` (S blocked receiving), `copying` (C runs the copy in
 * the kernel: locked_running), `locked` (locked_waiting while the partner copies or faults),
 * `faultSend`/`faultReply` (in a nested fault IPC: polling the pager, awaiting its reply),
 * `openWait`/`handle`/`reply`/`spin` (a pager's loop), `done`.
 */
const PCS = ['prepare', 'send', 'recv', 'polling', 'waiting', 'copying', 'locked', 'faultSend', 'faultReply', 'openWait', 'handle', 'reply', 'spin', 'done'] as const;
type Pc = (typeof PCS)[number];
const BLOCKED: ReadonlySet<Pc> = new Set<Pc>(['polling', 'waiting', 'locked', 'faultSend', 'faultReply']);
const RUNNABLE: ReadonlySet<Pc> = new Set<Pc>(['prepare', 'send', 'recv', 'handle', 'reply', 'spin']);

const C = 1;
const S = 2;
const PA = 3;
const PB = 4;
const THREADS = 4;
const NAMES = ['', 'C', 'S', 'PA', 'PB'];
/** Components (address spaces): A, B, PA's, PB's. */
const SPACE_A = 0;
const SPACE_B = 1;
const SPACE_NAMES = ['A', 'B', 'PA', 'PB'];

/**
 * A step of {@link l4LongIpc}: a user step or system call of the running thread, a kernel copy
 * step, a dispatch (`Switch`, then `Return` to user mode), or the transfer timer expiring.
 *
 * @example
 * const a: L4LongIpcAction = { kind: 'Copy', page: 0 };
 * const h: L4LongIpcAction = { kind: 'Handle', t: 4 };
 */
export type L4LongIpcAction =
  | { readonly kind: 'Prepare' }
  | { readonly kind: 'Send' }
  | { readonly kind: 'Recv' }
  | { readonly kind: 'Copy'; readonly page: number }
  | { readonly kind: 'Handle'; readonly t: number }
  | { readonly kind: 'Reply'; readonly t: number }
  | { readonly kind: 'Spin'; readonly t: number }
  | { readonly kind: 'Switch'; readonly t: number }
  | { readonly kind: 'Return' }
  | { readonly kind: 'Preempt' }
  | { readonly kind: 'Expire' };

function longShape(pages: number, registers: boolean) {
  const thread = int(0, THREADS);
  return record({
    hw: hwShape({ components: 4, pages: pages + 1, frames: 2 * pages + 4 }),
    /** The thread the processor runs (in user mode) or the kernel runs on behalf of. */
    cur: int(1, THREADS),
    pc: array(THREADS, oneOf(...PCS)),
    /** The copy cursor: the next page to copy. */
    cursor: int(0, pages),
    /** Saved states of threads in a nested fault IPC: the continuations, kernel objects. */
    conts: queue(3, record({ owner: thread, ipc: oneOf('source', 'dest', 'user'), page: int(0, pages), partner: thread, pager: thread })),
    /** Per thread, the fault message a pager holds: who faulted, where. */
    msg: array(THREADS, optional(record({ from: thread, space: int(0, 3), page: int(0, pages) }))),
    /** Contents of the message frames: A's data 0..pages-1, B's receive buffer pages..2·pages-1. */
    mem: array(2 * pages, int(0, pages)),
    /** With `registers`: the message registers of C ([0]) and S ([1]), in per-thread buffers outside the page tables; empty with `long`. */
    mr: array(registers ? 2 : 0, array(pages, int(0, pages))),
    /** The transfer timer, set at the first fault. */
    xfer: oneOf('unset', 'zero', 'finite', 'never'),
    result: oneOf('pending', 'completed', 'aborted'),
    error: oneOf('none', 'current', 'partner'),
    /** Ghost: a page fault happened inside the IPC. */
    faulted: bool(),
  });
}

/**
 * A state of {@link l4LongIpc}.
 *
 * @example
 * const s: L4LongIpcState = l4LongIpc().init()[0];
 * s.pc; // ['prepare', 'recv', 'openWait', 'openWait']
 */
export type L4LongIpcState = Infer<ReturnType<typeof longShape>>;

type Cont = L4LongIpcState['conts'][number];

const RANK: Record<L4XferTimeout, number> = { zero: 0, finite: 1, never: 2 };
/** The sent value of message page (or register) i; receive buffers start at 0. */
const sent = (i: number): number => i + 1;

/**
 * The L4 long-IPC model.
 *
 * @example
 * check(l4LongIpc()).ok;                                                                 // true
 * check(l4LongIpc({ bug: 'pagerCycle' })).verdicts['deadlock free'].status;               // 'violated'
 * check(l4LongIpc({ bug: 'silentPager', sendXfer: 'finite', recvXfer: 'finite' })).verdicts['C never stuck'].status; // 'holds'
 */
export function l4LongIpc(config: Partial<L4LongIpcConfig> = {}): Model<L4LongIpcState, L4LongIpcAction> {
  const cfg: L4LongIpcConfig = { ...DEFAULTS, ...config };
  const { pages: P, srcUnmapped, dstUnmapped, bug } = cfg;
  const whole = (name: string, v: number, min: number, max: number) => {
    if (!Number.isSafeInteger(v) || v < min || v > max) throw new RangeError(`l4LongIpc: ${name} must be a whole number from ${min} to ${max}, got ${v}`);
  };
  whole('pages', P, 1, 2);
  whole('srcUnmapped', srcUnmapped, 0, (1 << P) - 1);
  whole('dstUnmapped', dstUnmapped, 0, (1 << P) - 1);
  for (const role of ['sendXfer', 'recvXfer'] as const) {
    if (!TIMEOUTS.includes(cfg[role])) throw new RangeError(`l4LongIpc: unknown ${role} '${cfg[role]}'; valid: ${TIMEOUTS.join(', ')}`);
  }
  if (!BUGS.includes(bug)) throw new RangeError(`l4LongIpc: unknown bug '${bug}'; valid: ${BUGS.join(', ')}`);
  if (!MOVEMENTS.includes(cfg.movement)) throw new RangeError(`l4LongIpc: unknown movement '${cfg.movement}'; valid: ${MOVEMENTS.join(', ')}`);
  const registers = cfg.movement === 'registers';
  if (registers && bug !== 'none') {
    throw new RangeError(`l4LongIpc: bug '${bug}' needs a page fault inside the IPC, which movement 'registers' never takes`);
  }
  if ((bug === 'pagerFaultsInHandler' || bug === 'pagerCycle' || bug === 'silentPager') && dstUnmapped === 0) {
    throw new RangeError(`l4LongIpc: bug '${bug}' needs a fault in the receive area (dstUnmapped > 0)`);
  }
  if (bug === 'skipFaultedPage' && srcUnmapped === 0 && dstUnmapped === 0) throw new RangeError(`l4LongIpc: bug 'skipFaultedPage' needs an unmapped page`);

  const f1 = bug === 'pagerFaultsInHandler';
  const spaceOf = (t: number): number => (t === C ? SPACE_A : t === S ? SPACE_B : t === PA ? 2 : f1 ? SPACE_B : 3);
  /** The pager of a space: PA for A, PB (F2: C) for B; σ0 (0) for the pagers' own spaces. */
  const pagerOf = (space: number): number => (space === SPACE_A ? PA : space === SPACE_B ? (bug === 'pagerCycle' ? C : PB) : 0);
  const PRIVATE = P; // each space's private page
  /** The frame that holds a page's data: A's message 0..P-1, B's buffer P..2P-1, private pages after. */
  const backing = (space: number, page: number): number => (page === PRIVATE ? 2 * P + space : space === SPACE_A ? page : P + page);
  const tables: PageTable[] = [0, 1, 2, 3].map((space) =>
    Array.from({ length: P + 1 }, (_, page) => {
      if (page === PRIVATE) return f1 && space === SPACE_B ? null : { frame: backing(space, page), write: true };
      if (space === SPACE_A) return srcUnmapped & (1 << page) ? null : { frame: backing(space, page), write: true };
      if (space === SPACE_B) return dstUnmapped & (1 << page) ? null : { frame: backing(space, page), write: true };
      return null;
    }),
  );
  const xferOnFault: L4XferTimeout = RANK[cfg.sendXfer] <= RANK[cfg.recvXfer] ? cfg.sendXfer : cfg.recvXfer;

  // ---- the kernel ---------------------------------------------------------------------------
  /** A working copy of the mutable parts of a state during one step. */
  interface K {
    hw: Hw;
    pc: Pc[];
    cursor: number;
    conts: Cont[];
    msg: L4LongIpcState['msg'][number][];
    mem: number[];
    mr: (readonly number[])[];
    xfer: L4LongIpcState['xfer'];
    result: L4LongIpcState['result'];
    error: L4LongIpcState['error'];
    faulted: boolean;
  }
  const open = (st: L4LongIpcState, hw: Hw): K => ({
    hw,
    pc: st.pc.slice(),
    cursor: st.cursor,
    conts: st.conts.slice(),
    msg: st.msg.slice(),
    mem: st.mem.slice(),
    mr: st.mr.slice(),
    xfer: st.xfer,
    result: st.result,
    error: st.error,
    faulted: st.faulted,
  });
  const close = (st: L4LongIpcState, k: K): L4LongIpcState => ({ ...k, cur: st.cur });

  const startCopy = (k: K) => {
    if (registers) {
      // One atomic kernel step: C's message registers into S's, buffer to buffer, no page table.
      k.mr[1] = k.mr[0].slice();
      k.result = 'completed';
      k.pc[C - 1] = 'done';
      k.pc[S - 1] = 'done';
      return;
    }
    k.pc[C - 1] = 'copying';
    k.pc[S - 1] = 'locked';
    k.cursor = 0;
  };
  /** Delivers a fault message to pager `p` if it waits; otherwise `f` polls it. */
  const sendFault = (k: K, f: number, p: number, page: number) => {
    if (k.pc[p - 1] === 'openWait') {
      k.msg[p - 1] = { from: f, space: spaceOf(f), page };
      k.pc[p - 1] = 'handle';
      k.pc[f - 1] = 'faultReply';
    } else k.pc[f - 1] = 'faultSend';
  };
  const abort = (k: K, ipc: 'source' | 'dest') => {
    k.result = 'aborted';
    k.error = ipc === 'source' ? 'current' : 'partner';
    k.conts = k.conts.filter((c) => c.ipc === 'user');
    k.pc[C - 1] = 'done';
    k.pc[S - 1] = 'done';
  };
  /** A fault at `page` of the copy: on the source side (C faults) or in the receive area (tunnelled: S faults). */
  const ipcFault = (k: K, ipc: 'source' | 'dest', page: number) => {
    k.faulted = true;
    if (k.xfer === 'unset') k.xfer = xferOnFault;
    if (k.xfer === 'zero') return abort(k, ipc);
    const f = ipc === 'source' ? C : S;
    const partner = ipc === 'source' ? S : C;
    const pager = pagerOf(spaceOf(f));
    k.conts.push({ owner: f, ipc, page, partner, pager });
    k.pc[partner - 1] = 'locked';
    sendFault(k, f, pager, page);
  };
  /** The pager waits again: it takes a thread polling it with a fault, if any. */
  const pagerWaits = (k: K, p: number) => {
    k.pc[p - 1] = 'openWait';
    const c = k.conts.find((x) => x.pager === p && k.pc[x.owner - 1] === 'faultSend');
    if (c !== undefined) sendFault(k, c.owner, p, c.page);
  };

  const copy = (st: L4LongIpcState): L4LongIpcState => {
    const k = open(st, st.hw);
    const i = st.cursor;
    const src = translate(st.hw.tables[SPACE_A], i, 'read');
    if ('fault' in src) {
      ipcFault(k, 'source', i);
      return close(st, k);
    }
    const dst = translate(st.hw.tables[SPACE_B], i, 'write');
    if ('fault' in dst) {
      ipcFault(k, 'dest', i);
      return close(st, k);
    }
    k.mem[dst.frame] = st.mem[src.frame];
    k.cursor = i + 1;
    if (k.cursor === P) {
      k.result = 'completed';
      k.pc[C - 1] = 'done';
      k.pc[S - 1] = 'done';
    }
    return close(st, k);
  };

  const handle = (st: L4LongIpcState, t: number): L4LongIpcState => {
    const r = userAccess(st.hw, spaceOf(t), PRIVATE, 'read');
    const k = open(st, r.hw);
    if ('fault' in r.translation) {
      // A user page fault: the kernel saves the thread's state and sends a fault IPC to its space's pager.
      const pager = pagerOf(spaceOf(t));
      k.conts.push({ owner: t, ipc: 'user', page: PRIVATE, partner: 0, pager });
      sendFault(k, t, pager, PRIVATE);
    } else k.pc[t - 1] = bug === 'silentPager' && t === PB ? 'spin' : 'reply';
    return close(st, k);
  };

  /** The pager's reply: map the page and resume the faulting thread, if it still waits; then wait again. */
  const reply = (st: L4LongIpcState, t: number): L4LongIpcState => {
    const k = open(st, trap(st.hw));
    const m = st.msg[t - 1];
    if (m === null) throw new Error(`l4LongIpc: pager ${NAMES[t]} replies without a fault message`);
    k.msg[t - 1] = null;
    const c = st.conts.find((x) => x.owner === m.from && x.pager === t);
    if (c !== undefined && st.pc[m.from - 1] === 'faultReply') {
      const tables = k.hw.tables.slice();
      tables[m.space] = mapPage(tables[m.space], m.page, { frame: backing(m.space, m.page), write: true });
      k.hw = { ...k.hw, tables };
      k.conts = k.conts.filter((x) => x !== c);
      if (c.ipc === 'user') k.pc[c.owner - 1] = 'handle';
      else {
        k.pc[C - 1] = 'copying';
        k.pc[S - 1] = 'locked';
        k.cursor = bug === 'skipFaultedPage' ? Math.min(c.page + 1, P - 1) : c.page;
      }
    }
    pagerWaits(k, t);
    return close(st, k);
  };

  const expirable = (st: L4LongIpcState) => st.xfer === 'finite' && st.result === 'pending' && st.conts.some((c) => c.ipc !== 'user');

  // ---- actions ------------------------------------------------------------------------------
  const PREPARE: L4LongIpcAction = { kind: 'Prepare' };
  const SEND: L4LongIpcAction = { kind: 'Send' };
  const RECV: L4LongIpcAction = { kind: 'Recv' };
  const RETURN: L4LongIpcAction = { kind: 'Return' };
  const EXPIRE: L4LongIpcAction = { kind: 'Expire' };
  const PREEMPT: L4LongIpcAction = { kind: 'Preempt' };
  const COPY = Array.from({ length: P + 1 }, (_, page): L4LongIpcAction => ({ kind: 'Copy', page }));
  const per = (kind: 'Handle' | 'Reply' | 'Spin' | 'Switch') => Array.from({ length: THREADS + 1 }, (_, t) => ({ kind, t }) as L4LongIpcAction);
  const HANDLE = per('Handle');
  const REPLY = per('Reply');
  const SPIN = per('Spin');
  const SWITCH = per('Switch');
  const runnable = (st: L4LongIpcState, t: number) => RUNNABLE.has(st.pc[t - 1]);
  const RUNNABLE_OTHER = (st: L4LongIpcState) => [C, S, PA, PB].some((t) => t !== st.cur && runnable(st, t));

  const actions = (st: L4LongIpcState): L4LongIpcAction[] => {
    const out: L4LongIpcAction[] = [];
    if (st.hw.mode === 'kernel') {
      // The copy runs to its end or to a fault; otherwise the kernel dispatches a runnable thread.
      if (st.pc[C - 1] === 'copying') return [COPY[st.cursor]];
      if (runnable(st, st.cur)) out.push(RETURN);
      for (let t = 1; t <= THREADS; t++) if (t !== st.cur && runnable(st, t)) out.push(SWITCH[t]);
    } else {
      const t = st.cur;
      const pc = st.pc[t - 1];
      switch (pc) {
        case 'prepare':
          out.push(PREPARE);
          break;
        case 'send':
          out.push(SEND);
          break;
        case 'recv':
          out.push(RECV);
          break;
        case 'handle':
          out.push(HANDLE[t]);
          break;
        case 'reply':
          out.push(REPLY[t]);
          break;
        case 'spin':
          out.push(SPIN[t]);
          break;
        default:
          throw new Error(`l4LongIpc: thread ${NAMES[t]} runs in user mode at '${pc}'`);
      }
      if (RUNNABLE_OTHER(st)) out.push(PREEMPT);
    }
    if (expirable(st)) out.push(EXPIRE);
    return out;
  };

  const next = (st: L4LongIpcState, a: L4LongIpcAction): L4LongIpcState => {
    switch (a.kind) {
      case 'Prepare': {
        const r = userAccess(st.hw, SPACE_A, PRIVATE, 'write');
        if ('fault' in r.translation) throw new Error("l4LongIpc: C's private page faulted");
        return { ...st, hw: r.hw, pc: replaceAt(st.pc, C - 1, 'send') };
      }
      case 'Send': {
        const k = open(st, trap(st.hw));
        if (st.pc[S - 1] === 'waiting') startCopy(k);
        else k.pc[C - 1] = 'polling';
        return close(st, k);
      }
      case 'Recv': {
        const k = open(st, trap(st.hw));
        if (st.pc[C - 1] === 'polling') startCopy(k);
        else k.pc[S - 1] = 'waiting';
        return close(st, k);
      }
      case 'Copy':
        return copy(st);
      case 'Handle':
        return handle(st, a.t);
      case 'Reply':
        return reply(st, a.t);
      case 'Spin': {
        const r = userAccess(st.hw, spaceOf(a.t), PRIVATE, 'read');
        return { ...st, hw: r.hw };
      }
      case 'Switch':
        return { ...st, cur: a.t };
      case 'Preempt':
        return { ...st, hw: trap(st.hw) };
      case 'Return':
        return { ...st, hw: returnToUser(st.hw, spaceOf(st.cur)) };
      case 'Expire': {
        const k = open(st, st.hw.mode === 'user' ? trap(st.hw) : st.hw);
        const c = st.conts.find((x) => x.ipc !== 'user')!;
        abort(k, c.ipc as 'source' | 'dest');
        return close(st, k);
      }
      default:
        return unreachable(a);
    }
  };

  // ---- properties ---------------------------------------------------------------------------
  const integrity = (st: L4LongIpcState): boolean => {
    if (st.result !== 'completed') return true;
    // Message registers: S's received word i is the sent value.
    if (registers) return st.mr[1].length === P && st.mr[1].every((w, i) => w === sent(i));
    for (let i = 0; i < P; i++) {
      const tr = translate(st.hw.tables[SPACE_B], i, 'read');
      if ('fault' in tr || st.mem[tr.frame] !== sent(i)) return false;
    }
    return true;
  };
  const oneEach = (st: L4LongIpcState): boolean => new Set(st.conts.map((c) => c.owner)).size === st.conts.length;
  const contOf = (st: L4LongIpcState, owner: number) => st.conts.find((c) => c.owner === owner);
  const discipline = (s: L4LongIpcState, _a: L4LongIpcAction, t: L4LongIpcState): boolean => {
    for (const c of t.conts) {
      if (c.ipc === 'user' || contOf(s, c.owner) !== undefined) continue;
      // A new continuation records the page the copy stopped at.
      if (s.pc[C - 1] !== 'copying' || c.page !== s.cursor) return false;
    }
    for (const c of s.conts) {
      if (c.ipc === 'user' || contOf(t, c.owner) !== undefined || t.result !== 'pending') continue;
      // A consumed continuation of a live IPC resumes the copy at its page.
      if (t.pc[C - 1] !== 'copying' || t.cursor !== c.page) return false;
    }
    return true;
  };
  const blocked = (st: L4LongIpcState, i: number) => BLOCKED.has(st.pc[i]);

  // ---- sequence chart -----------------------------------------------------------------------
  /** Lanes: C, PA (near A), S, PB (near B). */
  const lane = (t: number) => [0, 0, 2, 1, 3][t];
  const where = (space: number, page: number) => `${SPACE_NAMES[space]} page ${page}`;
  const events = (s: L4LongIpcState, a: L4LongIpcAction, t: L4LongIpcState): SequenceEvent[] => {
    const out: SequenceEvent[] = [];
    const me = s.cur;
    switch (a.kind) {
      case 'Return':
        out.push({ kind: 'mark', lane: lane(me), label: 'return to user', mark: 'note' });
        break;
      case 'Switch':
        out.push({ kind: 'mark', lane: lane(a.t), label: 'dispatched', mark: 'note' });
        break;
      case 'Prepare':
        out.push({ kind: 'mark', lane: lane(C), label: 'write message', mark: 'note' });
        break;
      case 'Send':
        out.push({ kind: 'mark', lane: lane(C), label: 'Ipc(S, nil)', mark: 'kernel' });
        break;
      case 'Recv':
        out.push({ kind: 'mark', lane: lane(S), label: 'Ipc(nil, C)', mark: 'kernel' });
        break;
      case 'Copy':
        if (t.cursor === s.cursor + 1) out.push({ kind: 'mark', lane: lane(C), label: `copy page ${a.page}`, mark: 'kernel' });
        break;
      case 'Handle':
        out.push({ kind: 'mark', lane: lane(a.t), label: `touch ${where(spaceOf(a.t), PRIVATE)}`, mark: 'note' });
        break;
      case 'Reply':
        out.push({ kind: 'mark', lane: lane(a.t), label: 'reply', mark: 'kernel' });
        break;
      case 'Spin':
        out.push({ kind: 'mark', lane: lane(a.t), label: 'spin (never replies)', mark: 'note' });
        break;
      case 'Preempt':
        out.push({ kind: 'mark', lane: lane(me), label: 'timer interrupt', mark: 'kernel' });
        break;
      case 'Expire':
        out.push({ kind: 'mark', lane: lane(C), label: 'xfer timeout', mark: 'kernel' });
        break;
      default:
        unreachable(a);
    }
    if (s.pc[C - 1] !== 'copying' && t.pc[C - 1] === 'copying') {
      const resumed = s.conts.find((c) => c.ipc !== 'user' && contOf(t, c.owner) === undefined);
      if (resumed !== undefined) out.push({ kind: 'mark', lane: lane(C), label: `resume copy at page ${t.cursor}`, mark: 'unblock' });
      else out.push({ kind: 'mark', lane: lane(C), label: `long IPC starts: ${P} page${P === 1 ? '' : 's'}`, mark: 'kernel' });
    }
    for (const c of t.conts) {
      if (contOf(s, c.owner) !== undefined) continue;
      const label = c.ipc === 'source' ? `page fault: ${where(SPACE_A, c.page)}` : c.ipc === 'dest' ? `page fault: ${where(SPACE_B, c.page)} (tunnelled)` : `page fault in handler: ${where(spaceOf(c.owner), c.page)}`;
      out.push({ kind: 'mark', lane: lane(c.owner), label, mark: 'fault' });
      if (c.owner === c.pager) out.push({ kind: 'message', from: lane(c.owner), to: lane(c.pager), label: 'fault IPC to itself' });
    }
    for (let p = 1; p <= THREADS; p++) {
      const m = t.msg[p - 1];
      if (m !== null && s.msg[p - 1] === null) out.push({ kind: 'message', from: lane(m.from), to: lane(p), label: `fault(${where(m.space, m.page)})` });
    }
    if (a.kind === 'Reply') {
      const m = s.msg[a.t - 1]!;
      if (t.hw.tables[m.space][m.page] !== s.hw.tables[m.space][m.page]) out.push({ kind: 'message', from: lane(a.t), to: lane(m.from), label: `map ${where(m.space, m.page)}` });
      else out.push({ kind: 'mark', lane: lane(a.t), label: `reply to ${NAMES[m.from]} dropped`, mark: 'note' });
    }
    if (s.result === 'pending' && t.result === 'completed') {
      const label = registers ? `IPC done: ${P} message register${P === 1 ? '' : 's'}` : `long IPC done: ${P} page${P === 1 ? '' : 's'}`;
      out.push({ kind: 'message', from: lane(C), to: lane(S), label });
    }
    if (s.result === 'pending' && t.result === 'aborted') {
      const label = t.error === 'current' ? 'error 5: xfer timeout (current)' : 'error 6: xfer timeout (partner)';
      out.push({ kind: 'mark', lane: lane(C), label, mark: 'unblock' }, { kind: 'mark', lane: lane(S), label, mark: 'unblock' });
    }
    for (let u = 1; u <= THREADS; u++) {
      const was = s.pc[u - 1];
      const now = t.pc[u - 1];
      if (BLOCKED.has(now) && was !== now) out.push({ kind: 'mark', lane: lane(u), label: now, mark: 'block' });
    }
    return out;
  };

  const timeouts = (['sendXfer', 'recvXfer'] as const).map((r) => `,${r}=${cfg[r]}`).join('');
  const name = `l4LongIpc(pages=${P},srcUnmapped=${srcUnmapped},dstUnmapped=${dstUnmapped}${timeouts}${registers ? ',movement=registers' : ''}${bug === 'none' ? '' : `,bug=${bug}`})`;
  return defineModel<L4LongIpcState, L4LongIpcAction>({
    name,
    config: { ...cfg },
    shape: longShape(P, registers),
    init: () => [
      {
        hw: trap(initialHw(tables, SPACE_A)),
        cur: C,
        pc: ['prepare', 'recv', 'openWait', 'openWait'],
        cursor: 0,
        conts: [],
        msg: [null, null, null, null],
        mem: Array.from({ length: 2 * P }, (_, f) => (f < P ? sent(f) : 0)),
        mr: registers ? [Array.from({ length: P }, (_, i) => sent(i)), Array.from({ length: P }, () => 0)] : [],
        xfer: 'unset',
        result: 'pending',
        error: 'none',
        faulted: false,
      },
    ],
    actions,
    next,
    showAction: (a) => {
      switch (a.kind) {
        case 'Copy':
          return `Copy(page ${a.page})`;
        case 'Handle':
        case 'Reply':
        case 'Spin':
        case 'Switch':
          return `${a.kind}(${NAMES[a.t]})`;
        case 'Send':
          return 'Send(C→S)';
        case 'Recv':
          return 'Recv(S←C)';
        default:
          return a.kind;
      }
    },
    sequence: {
      lanes: [
        { name: 'C', group: 'space A' },
        { name: 'PA', group: 'space PA' },
        { name: 'S', group: 'space B' },
        { name: 'PB', group: f1 ? 'space B' : 'space PB' },
      ],
      events,
    },
    properties: [
      always('data integrity', integrity),
      always('one continuation per thread', oneEach),
      step('continuation discipline', discipline),
      kernelMemoryBound((st: L4LongIpcState) => st.conts.length, 2, 'continuation'),
      ...machineProperties(
        (st: L4LongIpcState) => st.hw,
        (st: L4LongIpcState) => spaceOf(st.cur),
      ),
      deadlockFree({ validEnd: (st: L4LongIpcState) => st.pc[C - 1] === 'done' && st.pc[S - 1] === 'done' }),
      ...[C, S, PA, PB].map((th) => neverStuck(`${NAMES[th]} never stuck`, { threads: [NAMES[th]], blocked: (st: L4LongIpcState) => blocked(st, th - 1) })),
      sometimes('a page fault occurs inside an IPC', (st: L4LongIpcState) => st.faulted),
      sometimes('the long IPC completes', (st: L4LongIpcState) => st.result === 'completed'),
    ],
  });
}

/**
 * The default configuration of {@link l4LongIpc}.
 *
 * @example
 * DEFAULTS.bug; // 'none'
 */
export const DEFAULTS: L4LongIpcConfig = { pages: 2, srcUnmapped: 1, dstUnmapped: 2, sendXfer: 'never', recvXfer: 'never', bug: 'none', movement: 'long' };
