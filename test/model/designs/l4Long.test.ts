/**
 * The L4 long-IPC design (card M2): each case of `Ipc`'s send and receive phases, the copy phases,
 * the nested fault IPC, the pager's reply, the xfer timeouts and the invariants on hand-built
 * kernels; then the design composed with rpcPool and with the longIpc workload at every run of the
 * old monolithic l4LongIpc registry entry (same verdicts), pinning state counts, every verdict and
 * the shortest counterexamples.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { compose } from '../../../model/compose/compose.js';
import type { Frame, KernelState, MachineView } from '../../../model/designs/design.js';
import { l4Long, type L4LongCall, type L4LongContinuation, type L4LongObjects, type L4LongOptions, type L4LongTcb } from '../../../model/designs/l4Long.js';
import { callBack } from '../../../model/workloads/callBack.js';
import { longIpc } from '../../../model/workloads/longIpc.js';
import { rpcPool } from '../../../model/workloads/rpcPool.js';
import { failingVerdicts, traceActions } from '../../helpers/verdicts.js';

type K = KernelState<L4LongTcb, L4LongObjects>;

// Threads: client (1, space A), server (2, space B), PA (3), PB (4); message pages 1..2.
const frame: Frame = {
  threads: 4,
  values: 2,
  slots: 0,
  pages: 3,
  objects: [
    { name: 'faults A', kind: 'faults', servers: [3], senders: [] },
    { name: 'faults B', kind: 'faults', servers: [4], senders: [] },
  ],
  threadNames: ['client', 'server', 'PA', 'PB'],
};
const design = l4Long();
const k0 = design.init(frame);

/** `k` with thread `t`'s TCB changed. */
const withTcb = (k: K, t: number, change: Partial<L4LongTcb>): K => ({ ...k, threads: k.threads.map((x, i) => (i === t - 1 ? { ...x, ...change } : x)) });
const withConts = (k: K, conts: L4LongContinuation[]): K => ({ ...k, objects: { conts } });
/** A machine where exactly the listed (thread, page) pairs are unmapped. */
const machine = (...unmapped: [number, number][]): MachineView => ({ mapped: (t, p) => !unmapped.some(([u, q]) => u === t && q === p) });
const SEND: L4LongCall = { kind: 'Ipc', to: 2, from: 'nil', pages: 2, xfer: 'never', pager: 3 };
const RECEIVE: L4LongCall = { kind: 'Ipc', to: 'nil', from: 1, xfer: 'never', pager: 4 };
const WAIT: L4LongCall = { kind: 'Ipc', to: 'nil', from: 'any' };
const REPLY_WAIT: L4LongCall = { kind: 'Ipc', to: 'partner', from: 'any' };
/** The pagers waiting for anythread. */
const pagersWait = withTcb(withTcb(k0, 3, { state: 'waiting', on: 0 }), 4, { state: 'waiting', on: 0 });
/** The client copying 2 pages to the server (pages copied: `cursor`), with the given xfer timeouts and timer. */
const copying = (cursor: number, area: number[] = [0, 0], k: K = pagersWait): K =>
  withTcb(withTcb(k, 1, { state: 'copying', on: 2, partner: 2, pages: 2, cursor, pager: 3, mr: 1 }), 2, { state: 'locked', on: 1, partner: 1, pager: 4, area });
const invariant = (name: string, k: K) => design.invariants(frame).find((p) => p.name === name)!.holds(k);

describe('L4 long IPC design (M2)', () => {
  describe('the rendezvous', () => {
    it('a long Send to a receiver waiting for it locks both and continues: the sender copies in its next phases', () => {
      const r = design.syscall(withTcb(k0, 2, { state: 'waiting', on: 1, pager: 4 }), 1, SEND, 1, frame, machine());
      expect(r.outcome).toEqual({ kind: 'continues' });
      expect([r.woken, r.events]).toEqual([[], []]);
      expect(r.kernel.threads[0]).toMatchObject({ state: 'copying', on: 2, partner: 2, pages: 2, cursor: 0, pager: 3, mr: 1 });
      expect(r.kernel.threads[1]).toMatchObject({ state: 'locked', on: 1, partner: 1 });
      expect(design.runnable(r.kernel, 1) && !design.runnable(r.kernel, 2)).toBe(true);
    });

    it('a long Send to a receiver not waiting polls it and stays at its call; a short Send polls and blocks', () => {
      const r = design.syscall(k0, 1, SEND, 1, frame);
      expect(r.outcome).toEqual({ kind: 'continues' });
      expect(r.kernel.threads[0]).toMatchObject({ state: 'polling', on: 2, pages: 2 });
      expect(design.runnable(r.kernel, 1)).toBe(false);
      const short = design.syscall(k0, 1, { kind: 'Ipc', to: 2, from: 'nil' }, 1, frame);
      expect(short.outcome).toEqual({ kind: 'blocked', on: 'polling server' });
    });

    it('a receive that finds a long sender polling locks itself and makes the sender copy, the direct-switch target', () => {
      const k = withTcb(k0, 1, { state: 'polling', on: 2, pages: 2, pager: 3, mr: 1 });
      const r = design.syscall(k, 2, RECEIVE, 0, frame);
      expect(r.outcome).toEqual({ kind: 'blocked', on: 'locked by client' });
      expect(r.woken).toEqual([1]);
      expect(r.kernel.threads[0]).toMatchObject({ state: 'copying', on: 2, cursor: 0 });
      expect(r.kernel.threads[1]).toMatchObject({ state: 'locked', on: 1, pager: 4 });
    });

    it('a closed receive from a thread that does not poll waits for that thread', () => {
      const r = design.syscall(k0, 2, RECEIVE, 0, frame);
      expect(r.outcome).toEqual({ kind: 'blocked', on: 'waiting for client' });
      expect(r.kernel.threads[1]).toMatchObject({ state: 'waiting', on: 1 });
    });

    it('with message registers the rendezvous moves every page at once: the receiver holds the message and no copy runs', () => {
      const r = l4Long({ movement: 'registers' }).syscall(withTcb(k0, 2, { state: 'waiting', on: 1 }), 1, SEND, 1, frame, machine([1, 1], [2, 2]));
      expect(r.outcome).toEqual({ kind: 'returned' });
      expect(r.events).toEqual([{ kind: 'transfer', what: 'message', from: 1, to: 2, value: 1 }]);
      expect(r.woken).toEqual([2]);
      expect(r.kernel.threads[1]).toMatchObject({ state: 'running', mr: 1, area: [1, 2] });
      expect(r.kernel.objects.conts).toEqual([]);
      expect(l4Long({ movement: 'registers' }).syscall(k0, 1, SEND, 1, frame).outcome).toEqual({ kind: 'blocked', on: 'polling server' });
    });
  });

  describe('the copy phases', () => {
    it('a phase with both pages mapped copies one page into the receive area and continues', () => {
      const r = design.syscall(copying(0), 1, SEND, 1, frame, machine());
      expect(r.outcome).toEqual({ kind: 'continues' });
      expect(r.kernel.threads[0].cursor).toBe(1);
      expect(r.kernel.threads[1].area).toEqual([1, 0]);
      expect(r.events).toEqual([]);
    });

    it('the last page completes the transfer: the receiver gets the message and runs, the sender returns', () => {
      const r = design.syscall(copying(1, [1, 0]), 1, SEND, 1, frame, machine());
      expect(r.outcome).toEqual({ kind: 'returned' });
      expect(r.events).toEqual([{ kind: 'transfer', what: 'message', from: 1, to: 2, value: 1 }]);
      expect(r.woken).toEqual([2]);
      expect(r.kernel.threads[1]).toMatchObject({ state: 'running', mr: 1, area: [1, 2] });
      expect(r.kernel.threads[0]).toMatchObject({ state: 'running', pages: 0, cursor: 0 });
      expect(invariant('data integrity', r.kernel)).toBe(true);
    });

    it('an unmapped source page: the sender saves a continuation and sends the fault to its waiting pager, the receiver stays locked', () => {
      const r = design.syscall(copying(0), 1, SEND, 1, frame, machine([1, 1]));
      expect(r.outcome).toEqual({ kind: 'continues' });
      expect(r.events).toEqual([{ kind: 'transfer', what: 'fault', from: 1, to: 3, value: 1 }]);
      expect(r.woken).toEqual([3]);
      expect(r.kernel.objects.conts).toEqual([{ owner: 1, ipc: 'source', page: 1, partner: 2 }]);
      expect(r.kernel.threads[0]).toMatchObject({ state: 'waiting', on: 3, timer: 'never' });
      expect(r.kernel.threads[1]).toMatchObject({ state: 'locked', on: 1 });
      expect(r.kernel.threads[2]).toMatchObject({ state: 'running', mr: 1, partner: 1 });
      expect(design.memory(r.kernel)).toBe(1);
      expect(design.runnable(r.kernel, 1)).toBe(false);
    });

    it('an unmapped receive page is tunnelled through the partner: the receiver faults to its own pager and the sender is locked', () => {
      const r = design.syscall(copying(1, [1, 0]), 1, SEND, 1, frame, machine([2, 2]));
      expect(r.events).toEqual([{ kind: 'transfer', what: 'fault', from: 2, to: 4, value: 2 }]);
      expect(r.woken).toEqual([4]);
      expect(r.kernel.objects.conts).toEqual([{ owner: 2, ipc: 'dest', page: 2, partner: 1 }]);
      expect(r.kernel.threads[0]).toMatchObject({ state: 'locked', on: 2, cursor: 1 });
      expect(r.kernel.threads[1]).toMatchObject({ state: 'waiting', on: 4 });
    });

    it('a faulter whose pager is not waiting polls it; the pager takes the fault message when it next waits', () => {
      const busy = withTcb(copying(0), 3, { state: 'running' });
      const r = design.syscall(busy, 1, SEND, 1, frame, machine([1, 1]));
      expect([r.events, r.woken]).toEqual([[], []]);
      expect(r.kernel.threads[0]).toMatchObject({ state: 'polling', on: 3 });
      const w = design.syscall(r.kernel, 3, WAIT, 0, frame);
      expect(w.outcome).toEqual({ kind: 'returned' });
      expect(w.events).toEqual([{ kind: 'transfer', what: 'fault', from: 1, to: 3, value: 1 }]);
      expect(w.kernel.threads[0]).toMatchObject({ state: 'waiting', on: 3 });
    });

    it('a pager cycle (F2): the receiver’s pager is the sender, locked in this very copy, so the tunnelled fault polls it', () => {
      const k = withTcb(copying(1, [1, 0]), 2, { pager: 1 });
      const r = design.syscall(k, 1, SEND, 1, frame, machine([2, 2]));
      expect(r.kernel.threads[1]).toMatchObject({ state: 'polling', on: 1 });
      expect(r.kernel.threads[0]).toMatchObject({ state: 'locked', on: 2 });
      expect(r.woken).toEqual([]);
    });
  });

  describe('the pager’s reply', () => {
    const sourceFault = design.syscall(copying(0), 1, SEND, 1, frame, machine([1, 1])).kernel;
    const destFault = design.syscall(copying(1, [1, 0]), 1, SEND, 1, frame, machine([2, 2])).kernel;

    it('a reply to a source fault maps the page in the sender’s space and the copy resumes at that page; the pager waits again', () => {
      const r = design.syscall(sourceFault, 3, REPLY_WAIT, 0, frame);
      expect(r.events).toEqual([{ kind: 'transfer', what: 'faultReply', from: 3, to: 1, value: 1, space: 1 }]);
      expect(r.outcome).toEqual({ kind: 'blocked', on: 'waiting for anythread' });
      expect(r.woken).toEqual([1]);
      expect(r.kernel.threads[0]).toMatchObject({ state: 'copying', on: 2, cursor: 0 });
      expect(r.kernel.objects.conts).toEqual([]);
      expect(invariant('continuation discipline', r.kernel)).toBe(true);
    });

    it('a reply to a tunnelled fault maps the page in the receiver’s space and the sender copies again', () => {
      const r = design.syscall(destFault, 4, REPLY_WAIT, 0, frame);
      expect(r.events).toEqual([{ kind: 'transfer', what: 'faultReply', from: 4, to: 2, value: 2, space: 2 }]);
      expect(r.woken).toEqual([1]);
      expect(r.kernel.threads[0]).toMatchObject({ state: 'copying', on: 2, cursor: 1 });
      expect(r.kernel.threads[1]).toMatchObject({ state: 'locked', on: 1 });
    });

    it('skipFaultedPage resumes at the page after the fault, leaving a hole below the cursor: continuation discipline fails', () => {
      const r = l4Long({ skipFaultedPage: true }).syscall(sourceFault, 3, REPLY_WAIT, 0, frame);
      expect(r.kernel.threads[0]).toMatchObject({ state: 'copying', cursor: 1 });
      expect(invariant('continuation discipline', r.kernel)).toBe(false);
    });

    it('a user fault (F1: a pager touching its own unmapped page) goes to its fault handler’s server, itself: it polls itself', () => {
      const r = design.pageFault!(k0, 4, 0, frame, 1);
      expect(r.outcome).toEqual({ kind: 'blocked', on: 'fault reply' });
      expect(r.kernel.objects.conts).toEqual([{ owner: 4, ipc: 'user', page: 0, partner: 0 }]);
      expect(r.kernel.threads[3]).toMatchObject({ state: 'polling', on: 4 });
      // Served by another pager, the reply lets the thread run again to retry its access.
      const served = design.pageFault!(pagersWait, 2, 0, frame, 0);
      expect(served.events).toEqual([{ kind: 'transfer', what: 'fault', from: 2, to: 3, value: 0 }]);
      const back = design.syscall(served.kernel, 3, REPLY_WAIT, 0, frame);
      expect(back.events).toEqual([{ kind: 'transfer', what: 'faultReply', from: 3, to: 2, value: 0, space: 2 }]);
      expect(back.kernel.threads[1].state).toBe('running');
    });
  });

  describe('transfer timeouts', () => {
    it('a zero xfer timeout aborts at the first fault: both threads return with error 5 and no continuation is kept', () => {
      const k = withTcb(copying(0), 1, { xfer: 'zero' });
      const r = design.syscall(k, 1, SEND, 1, frame, machine([1, 1]));
      expect(r.outcome).toEqual({ kind: 'returned' });
      expect(r.events).toEqual([
        { kind: 'error', thread: 1, label: 'error 5: xfer timeout (current)' },
        { kind: 'error', thread: 2, label: 'error 5: xfer timeout (current)' },
      ]);
      expect(r.kernel.objects.conts).toEqual([]);
      expect([design.received(r.kernel, 1), design.received(r.kernel, 2)]).toEqual([5, 5]);
      expect(r.woken).toEqual([2]);
    });

    it('the first fault sets the timer to the shorter xfer timeout; only a finite one is expirable, while the fault is outstanding', () => {
      const k = withTcb(withTcb(copying(1, [1, 0]), 1, { xfer: 'never' }), 2, { xfer: 'finite' });
      const r = design.syscall(k, 1, SEND, 1, frame, machine([2, 2]));
      expect(r.kernel.threads[0].timer).toBe('finite');
      expect(design.expirable!(r.kernel)).toEqual([1]);
      expect(design.expirable!(design.syscall(r.kernel, 4, REPLY_WAIT, 0, frame).kernel)).toEqual([]);
      expect(design.expirable!(design.syscall(copying(1, [1, 0]), 1, SEND, 1, frame, machine([2, 2])).kernel)).toEqual([]);
    });

    it('expiry during a tunnelled fault releases both with error 6; the sender’s call then returns, and the late reply is dropped', () => {
      const k = withTcb(copying(1, [1, 0]), 1, { xfer: 'finite' });
      const faulted = design.syscall(k, 1, SEND, 1, frame, machine([2, 2])).kernel;
      const r = design.expire!(faulted, 1, frame);
      expect(r.events.map((e) => e.kind === 'error' && e.label)).toEqual(['error 6: xfer timeout (partner)', 'error 6: xfer timeout (partner)']);
      expect(r.woken).toEqual([2, 1]);
      expect(r.kernel.objects.conts).toEqual([]);
      expect(r.kernel.threads[0].state).toBe('aborted');
      expect(design.received(r.kernel, 2)).toBe(6);
      const back = design.syscall(r.kernel, 1, SEND, 1, frame, machine([2, 2]));
      expect(back.outcome).toEqual({ kind: 'returned' });
      expect(back.kernel.threads[0].state).toBe('running');
      const late = design.syscall(r.kernel, 4, REPLY_WAIT, 0, frame);
      expect(late.events).toEqual([{ kind: 'error', thread: 4, label: 'reply to server dropped' }]);
      expect(late.kernel.threads[1].state).toBe('running');
    });
  });

  describe('short IPC and the invariants', () => {
    it('a Call to a waiting server is a request and leaves the caller waiting for that server; its reply wakes the caller', () => {
      const r = design.syscall(withTcb(k0, 2, { state: 'waiting', on: 0 }), 1, { kind: 'Ipc', to: 2, from: 2, call: true }, 1, frame);
      expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: 1, to: 2, value: 1 }]);
      expect(r.outcome).toEqual({ kind: 'blocked', on: 'waiting for server' });
      const back = design.syscall(r.kernel, 2, { kind: 'Ipc', to: 'partner', from: 'nil' }, 0, frame);
      expect(back.events).toEqual([{ kind: 'transfer', what: 'reply', from: 2, to: 1, value: 0 }]);
      expect(back.kernel.threads[0]).toMatchObject({ state: 'running', calling: false, mr: 0 });
    });

    it('data integrity fails for a receive area with a hole once its thread runs without error, not while it is locked or aborted', () => {
      const holey = withTcb(k0, 2, { area: [0, 2] });
      expect(invariant('data integrity', holey)).toBe(false);
      expect(invariant('data integrity', withTcb(holey, 2, { state: 'locked' }))).toBe(true);
      expect(invariant('data integrity', withTcb(holey, 2, { error: 'partner' }))).toBe(true);
      expect(invariant('data integrity', withTcb(k0, 2, { area: [1, 0] }))).toBe(true);
    });

    it('one continuation per thread and continuation discipline read the continuations against the copy cursor', () => {
      const c: L4LongContinuation = { owner: 1, ipc: 'source', page: 2, partner: 2 };
      const k = withConts(copying(1, [1, 0]), [c]);
      expect(invariant('continuation discipline', k)).toBe(true);
      expect(invariant('continuation discipline', withConts(copying(0), [c]))).toBe(false);
      expect(invariant('one continuation per thread', withConts(k0, [c, { ...c, ipc: 'user' }]))).toBe(false);
    });
  });

  describe('composed', () => {
    const run = (set: Record<string, string | number> = {}, options: L4LongOptions = {}) => {
      const model = compose(l4Long(options), longIpc.build({ ...longIpc.defaults, ...set }));
      return { model, r: check(model) };
    };
    const FINITE = { sendXfer: 'finite', recvXfer: 'finite' };
    const STUCK = { 'deadlock free': 'violated', 'no client stuck forever': 'violated' };
    const PREFIX = ['set 1 (client)', 'Send(server, 2 pages) (client)', 'Return', 'Receive(client) (server)', 'Return', 'Send(server, 2 pages) (client)'];
    /** To the source fault served by PA and the copy resumed at page 1. */
    const SOURCE_SERVED = [...PREFIX, 'Return', 'Wait (PA)', 'Return', 'touch 0 (PA)', 'ReplyWait (PA)'];
    /** Then page 1 copied and the tunnelled fault on page 2 polling PB, which now waits. */
    const DEST_FAULT = [...SOURCE_SERVED, 'Return', 'Send(server, 2 pages) (client)', 'Return', 'Send(server, 2 pages) (client)', 'Return', 'Wait (PB)'];
    const STUCK_TRACE = ['Preempt', 'Return', 'Receive(client) (server)'];

    it('holds every property on rpcPool, short IPC only: 1431 states', () => {
      const model = compose(design, rpcPool.build(rpcPool.defaults));
      const r = check(model);
      expect(r.complete).toBe(true);
      expect(r.stats.distinct).toBe(1431);
      expect(Object.fromEntries(r.properties.map((p) => [p.name, p.verdict.status]))).toEqual({
        'one continuation per thread': 'holds',
        'continuation discipline': 'holds',
        'data integrity': 'holds',
        'reply correctness': 'holds',
        'run queue': 'holds',
        'kernel memory ≤ 0': 'holds',
        isolation: 'holds',
        privilege: 'holds',
        'kernel-mediated transfer': 'holds',
        'deadlock free': 'holds',
        'no client stuck forever': 'holds',
        'every call is answered': 'holds',
        'a call completes': 'witnessed',
      });
    });

    it('callBack (card M1 F1): client 1’s call is never answered: an 8-step lasso from its Call (state 2) into the deadlock where the three calls poll each other', () => {
      const model = compose(design, callBack.build(callBack.defaults));
      const r = check(model);
      expect(r.stats.distinct).toBe(259);
      expect(failingVerdicts(r)).toEqual({ 'deadlock free': 'violated', 'no client stuck forever': 'violated', 'every call is answered': 'violated', 'a call completes': 'unwitnessed' });
      const v = r.verdicts['every call is answered'];
      if (v.status !== 'violated') throw new Error('expected a lasso');
      // loop = steps: nothing repeats, the path stays in the deadlock.
      expect([v.instance, v.trace.steps.length, v.trace.loop, v.premiseAt]).toEqual(['client 1', 8, 8, 2]);
      // Client 1 and client 2 call the server, which calls client 1 back: each polls a thread that is itself calling.
      expect(traceActions(model, r, 'every call is answered')).toEqual([
        'set 1 (client 1)', 'Call(server) (client 1)', 'Return', 'prepare 0 (client 2)', 'Call(server) (client 2)', 'Return', 'set 0 (server)', 'Call(client 1) (server)',
      ]);
    });

    it('holds every property on the default long IPC (source page 1 and receive page 2 unmapped), with a fault inside the IPC: 221 states', () => {
      const { model, r } = run();
      expect(r.complete).toBe(true);
      expect(r.stats.distinct).toBe(221);
      expect(failingVerdicts(r)).toEqual({});
      expect(Object.keys(r.verdicts)).toEqual([
        'one continuation per thread',
        'continuation discipline',
        'data integrity',
        'reply correctness',
        'run queue',
        'kernel memory ≤ 2',
        'isolation',
        'privilege',
        'kernel-mediated transfer',
        'deadlock free',
        'no client stuck forever',
        'a page fault occurs inside an IPC',
        'the long IPC completes',
      ]);
      expect(r.verdicts['kernel memory ≤ 2']).toEqual({ status: 'holds', maxReached: 1 });
      expect(traceActions(model, r, 'a page fault occurs inside an IPC')).toEqual(PREFIX);
      expect(traceActions(model, r, 'the long IPC completes')).toEqual([...DEST_FAULT, 'Return', 'touch 0 (PB)', 'ReplyWait (PB)', 'Return', 'Send(server, 2 pages) (client)']);
    });

    // The old registry entry's runs: label, workload set, design options, distinct states, verdicts that fail, whether the IPC completes.
    const RUNS: [string, Record<string, string | number>, L4LongOptions, number, Record<string, string>, 'witnessed' | 'unwitnessed'][] = [
      ['default (xfer timeouts never)', {}, {}, 221, {}, 'witnessed'],
      ['finite xfer timeouts', FINITE, {}, 1204, {}, 'witnessed'],
      ['zero send xfer timeout', { sendXfer: 'zero' }, {}, 256, {}, 'unwitnessed'],
      ['one page, both sides unmapped', { pages: 1, srcUnmapped: 1, dstUnmapped: 1 }, {}, 213, {}, 'witnessed'],
      ['no unmapped page', { srcUnmapped: 0, dstUnmapped: 0 }, {}, 279, { 'a page fault occurs inside an IPC': 'unwitnessed' }, 'witnessed'],
      ['F1 pagerFaultsInHandler', { bug: 'pagerFaultsInHandler' }, {}, 200, STUCK, 'unwitnessed'],
      ['F2 pagerCycle', { bug: 'pagerCycle' }, {}, 206, STUCK, 'unwitnessed'],
      ['F2 pagerCycle, finite xfer timeouts', { bug: 'pagerCycle', ...FINITE }, {}, 1041, {}, 'unwitnessed'],
      ['F3 silentPager', { bug: 'silentPager' }, {}, 208, { 'no client stuck forever': 'violated' }, 'unwitnessed'],
      ['F3 silentPager, finite xfer timeouts', { bug: 'silentPager', ...FINITE }, {}, 1115, {}, 'unwitnessed'],
      ['skipFaultedPage', {}, { skipFaultedPage: true }, 213, { 'continuation discipline': 'violated', 'data integrity': 'violated' }, 'witnessed'],
      ['message registers', {}, { movement: 'registers' }, 263, { 'a page fault occurs inside an IPC': 'unwitnessed' }, 'witnessed'],
    ];

    it('reaches the old l4LongIpc registry verdicts on every run, the long IPC completing where it did', () => {
      for (const [label, set, options, distinct, fails, completes] of RUNS) {
        const { r } = run(set, options);
        const expected = completes === 'unwitnessed' ? { ...fails, 'the long IPC completes': 'unwitnessed' } : fails;
        expect([r.complete, r.stats.distinct, failingVerdicts(r)], label).toEqual([true, distinct, expected]);
      }
    }, 120_000);

    it('F1: PB faults in its own handler and its fault IPC targets itself: deadlock in 19 steps, the server stuck after 3', () => {
      const { model, r } = run({ bug: 'pagerFaultsInHandler' });
      expect(traceActions(model, r, 'deadlock free')).toEqual([...DEST_FAULT, 'Return', 'touch 0 (PB)']);
      expect(traceActions(model, r, 'no client stuck forever')).toEqual(STUCK_TRACE);
      const v = r.verdicts['deadlock free'];
      if (v.status !== 'violated') throw new Error('expected a violation');
      const last = v.trace.steps[v.trace.steps.length - 1].state.kernel as K;
      expect(last.threads.map((x) => [x.state, x.on])).toEqual([['locked', 2], ['waiting', 4], ['waiting', 0], ['polling', 4]]);
      expect(last.objects.conts).toEqual([{ owner: 2, ipc: 'dest', page: 2, partner: 1 }, { owner: 4, ipc: 'user', page: 0, partner: 0 }]);
      expect(r.verdicts['kernel memory ≤ 2']).toEqual({ status: 'holds', maxReached: 2 });
    });

    it('F2: the server’s pager is the client, locked in the copy: the tunnelled fault polls it for ever (17 steps); finite timeouts recover', () => {
      const { model, r } = run({ bug: 'pagerCycle' });
      expect(traceActions(model, r, 'deadlock free')).toEqual(DEST_FAULT);
      expect(traceActions(model, r, 'no client stuck forever')).toEqual(STUCK_TRACE);
      const v = r.verdicts['deadlock free'];
      if (v.status !== 'violated') throw new Error('expected a violation');
      expect((v.trace.steps[v.trace.steps.length - 1].state.kernel as K).threads.map((x) => [x.state, x.on])).toEqual([['locked', 2], ['polling', 1], ['waiting', 0], ['waiting', 0]]);
    });

    it('F3: a silent PB leaves the client stuck but the system never deadlocks; with finite timeouts the IPC aborts with error 6', () => {
      const { model, r } = run({ bug: 'silentPager' });
      expect(traceActions(model, r, 'no client stuck forever')).toEqual(STUCK_TRACE);
      const finite = run({ bug: 'silentPager', ...FINITE });
      expect(failingVerdicts(finite.r)).toEqual({ 'the long IPC completes': 'unwitnessed' });
    });

    it('skipFaultedPage breaks continuation discipline at the resume (11 steps) and data integrity when the IPC completes (20 steps)', () => {
      const { model, r } = run({}, { skipFaultedPage: true });
      expect(traceActions(model, r, 'continuation discipline')).toEqual(SOURCE_SERVED);
      expect(traceActions(model, r, 'data integrity')).toEqual([...SOURCE_SERVED, 'Return', 'Send(server, 2 pages) (client)', 'Return', 'Wait (PB)', 'Return', 'touch 0 (PB)', 'ReplyWait (PB)', 'Return', 'Send(server, 2 pages) (client)']);
    });

    it('the comparison: message registers on the same workload complete in the rendezvous and never fault inside the IPC', () => {
      const regs = run({}, { movement: 'registers' });
      expect(traceActions(regs.model, regs.r, 'the long IPC completes')).toEqual(['set 1 (client)', 'Send(server, 2 pages) (client)', 'Return', 'Receive(client) (server)']);
      expect(regs.r.verdicts['kernel memory ≤ 2']).toEqual({ status: 'holds', maxReached: 0 });
      const long = run();
      expect(long.r.verdicts['a page fault occurs inside an IPC'].status).toBe('witnessed');
      expect(run({}, { movement: 'registers' }).r.verdicts['a page fault occurs inside an IPC'].status).toBe('unwitnessed');
    });
  });
});
