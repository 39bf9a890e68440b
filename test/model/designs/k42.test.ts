/**
 * The K42 design (spec card M13): its calls case by case on hand-built kernel states, then
 * composed checks of every registered K42 run (state counts and verdicts), with card M13's seeded
 * bugs F1-F5 and HOLD items pinned: every verdict, the shortest counterexamples' lengths and, for
 * each bug, its trace.
 */
import { describe, expect, it } from 'vitest';
import { dispatchersOf, k42, type Dispatcher, type K42Call, type K42Objects, type K42Options, type K42Thread } from '../../../model/designs/k42.js';
import type { Frame, KernelState, SyscallResult } from '../../../model/designs/design.js';
import { answer, native, receive, reply, replyServe, rpc, send, serve, signal, wait } from '../../../model/workloads/program.js';
import { check } from '../../../checker/check.js';
import { compose } from '../../../model/compose/compose.js';
import { burst } from '../../../model/workloads/burst.js';
import { designWorkloadEntries } from '../../../registry/entries/designWorkloads.js';
import { registryRunCounts, traceActions } from '../../helpers/verdicts.js';

type K = KernelState<K42Thread, K42Objects>;

// Threads: two clients (each its own dispatcher), two server threads of one dispatcher serving svc
// (dispatcher 3), and a receiver r serving channel ch and waiting on event ev (dispatcher 5).
const [SVC, CH, EV] = [0, 1, 2];
const [C1, C2, S1, S2, R] = [1, 2, 3, 4, 5];
const S = 3; // the server dispatcher's id
const frame: Frame = {
  threads: 5,
  values: 3,
  slots: 1,
  pages: 1,
  objects: [
    { name: 'svc', kind: 'service', servers: [S1, S2], senders: [C1, C2] },
    { name: 'ch', kind: 'channel', servers: [R], senders: [C1, C2], capacity: 1 },
    { name: 'ev', kind: 'event', servers: [R], senders: [C1] },
  ],
  threadNames: ['c1', 'c2', 's1', 's2', 'r'],
};

const design = k42();
const K0: K = design.init(frame);

/** A kernel state: the boot state with the given threads and dispatchers changed, and rings set. */
function kernel(threads: Readonly<Record<number, Partial<K42Thread>>> = {}, dispatchers: Readonly<Record<number, Partial<Dispatcher>>> = {}, rings: Readonly<Record<number, { from: number; value: number }[]>> = {}): K {
  return {
    threads: K0.threads.map((th, i) => ({ ...th, ...threads[i + 1] })),
    objects: { dispatchers: K0.objects.dispatchers.map((d, i) => ({ ...d, ...dispatchers[i + 1] })), rings: K0.objects.rings.map((r, j) => rings[j] ?? r) },
  };
}
/** The server dispatcher taking calls, with its threads in the pool. */
const READY = { [S1]: { state: 'free', obj: SVC + 1, pooled: true }, [S2]: { state: 'free', obj: SVC + 1, pooled: true } } as const;
const TAKING = { [S]: { entry: true } };
/** Client `c` blocked in a PPC to the server, served by `by`. */
const served = (c: number, by: number): Record<number, Partial<K42Thread>> => ({ [c]: { state: 'called', on: S }, [by]: { state: 'running', obj: 0, caller: c, pooled: true } });

type Syscall = (k: K, t: number, c: K42Call, message: number, f: Frame, machine?: unknown) => SyscallResult<K>;
const call = (k: K, t: number, c: K42Call, message = 0, d = design) => (d.syscall as Syscall)(k, t, c, message, frame);
const invariants = (k: K, d = design) => Object.fromEntries(d.invariants(frame).map((p) => [p.name, p.holds(k)]));
const allHold = (k: K, d = design) => Object.values(invariants(k, d)).every((v) => v);
const retryKept = (before: K, after: K) => design.stepInvariants!(frame)[0].holds(before, undefined, after);

describe('dispatchers and boot state', () => {
  it('threads serving a common object are one dispatcher, named by its lowest thread; its pool is the threads serving a service', () => {
    const d = dispatchersOf(frame);
    expect(d.of).toEqual([1, 2, 3, 3, 5]);
    expect(d.owner).toEqual([S, R, R]);
    expect([d.pool.get(S), d.pool.get(R), d.pool.get(C1)]).toEqual([[S1, S2], [], []]);
  });

  it('every thread runs; no dispatcher is disabled or takes calls yet; rings are empty; kernel memory 0', () => {
    for (let t = 1; t <= 5; t++) expect([design.runnable(K0, t), design.ended(K0, t), K0.threads[t - 1].home]).toEqual([true, false, dispatchersOf(frame).of[t - 1]]);
    expect(K0.objects.dispatchers.every((d) => d.disabledBy === 0 && d.word === 0 && !d.entry)).toBe(true);
    expect(K0.objects.rings).toEqual([[], [], []]);
    expect(design.memory(K0)).toBe(0);
    expect(allHold(K0)).toBe(true);
  });
});

describe('Call (K IPC_CALL and the IPC_CALL upcall)', () => {
  it('to a dispatcher whose IPC_CALL entry is not set yet: refused with EAGAIN, the caller parks on the retry list and stays at its call', () => {
    const r = call(kernel(), C1, { kind: 'Call', obj: SVC }, 2);
    expect(r.outcome).toEqual({ kind: 'continues' });
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'parked', on: S, primitive: false, notified: false, mr: 2 });
    expect(r.events).toEqual([{ kind: 'note', thread: C1, label: "EAGAIN: s1's dispatcher is not yet taking calls; parked for retry" }]);
    expect(design.runnable(r.kernel, C1)).toBe(false);
  });

  it('to a disabled dispatcher: refused with EAGAIN in the same way', () => {
    const r = call(kernel(READY, { [S]: { entry: true, disabledBy: S2 } }), C1, { kind: 'Call', obj: SVC });
    expect(r.outcome).toEqual({ kind: 'continues' });
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'parked', on: S });
    expect(r.events[0]).toMatchObject({ label: "EAGAIN: s1's dispatcher is disabled; parked for retry" });
  });

  it('with a free pool thread: a direct hand-off; the lowest free thread takes the request and runs, the caller blocks with the callee as targetID, and nothing is queued', () => {
    const r = call(kernel(READY, TAKING), C1, { kind: 'Call', obj: SVC }, 2);
    expect([r.outcome, r.woken]).toEqual([{ kind: 'blocked', on: 'PPC' }, [S1]]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: C1, to: S1, value: 2 }]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'called', on: S, primitive: false });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'running', obj: 0, mr: 2, caller: C1 });
    expect(r.kernel.threads[S2 - 1].state).toBe('free');
    expect(design.memory(r.kernel)).toBe(0);
    expect(allHold(r.kernel)).toBe(true);
  });

  it('a thread blocked in a PPC holds nothing in the kernel: the other threads of its process run on', () => {
    const r = call(kernel(READY, TAKING), C1, { kind: 'Call', obj: SVC });
    // The kernel objects (annexes, pages, rings) are as before the call: no record of it.
    expect(r.kernel.objects).toEqual(kernel(READY, TAKING).objects);
    const k = kernel({ [S1]: { state: 'called', on: C1 } }, TAKING);
    expect([design.runnable(k, S1), design.runnable(k, S2)]).toEqual([false, true]);
  });

  it('with no free thread and none still to be created, by default: the "Out of threads" assertion kills the server process, and the caller stays PPC-blocked', () => {
    const k = kernel({ ...served(C2, S1), [S2]: { state: 'running', pooled: true } }, TAKING);
    const r = call(k, C1, { kind: 'Call', obj: SVC });
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'PPC' });
    expect(r.events).toEqual([{ kind: 'note', thread: S1, label: 'passertMsg: Out of threads (the process dies)' }]);
    expect([S1, S2].map((t) => [r.kernel.threads[t - 1].state, r.kernel.threads[t - 1].caller, design.ended(r.kernel, t)])).toEqual([['dead', 0, true], ['dead', 0, true]]);
    expect([r.kernel.threads[C1 - 1].state, r.kernel.threads[C2 - 1].state]).toEqual(['called', 'called']);
    expect(allHold(r.kernel)).toBe(true);
  });

  it('with no free thread, designed path (enomem): the call fails with ENOMEM, 0 in the caller\'s register, and the server lives on', () => {
    const k = kernel({ ...served(C2, S1), [S2]: { state: 'running', pooled: true } }, TAKING);
    const r = call(k, C1, { kind: 'Call', obj: SVC }, 2, k42({ noThread: 'enomem' }));
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.events).toEqual([{ kind: 'error', thread: C1, label: 'ENOMEM: no thread for the upcall' }]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', mr: 0 });
    expect(r.kernel.threads[S1 - 1].state).toBe('running');
  });

  it('with no free thread while a pool thread is still to be created (boot): the call waits in its PPC for it, one waiting call per such thread; the next call is F1', () => {
    const k = kernel({ ...served(C2, S1) }, TAKING);
    const r = call(k, C1, { kind: 'Call', obj: SVC }, 2);
    expect([r.outcome, r.woken]).toEqual([{ kind: 'blocked', on: 'PPC' }, []]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'called', on: S, obj: SVC + 1, mr: 2 });
    expect(r.events).toEqual([{ kind: 'note', thread: C1, label: "no free thread in s1's pool: the upcall waits for a thread still to be created" }]);
    expect(allHold(r.kernel)).toBe(true);
    // A second call finds the one thread still to come already promised: no thread for its upcall.
    const again = call({ ...r.kernel, threads: r.kernel.threads.map((th, i) => (i === C2 - 1 ? { ...th, state: 'running', on: 0 } : i === S1 - 1 ? { ...th, caller: 0 } : th)) }, C2, { kind: 'Call', obj: SVC });
    expect(again.events).toEqual([{ kind: 'note', thread: S1, label: 'passertMsg: Out of threads (the process dies)' }]);
  });

  it('to a process that died: the call fails with EPERM', () => {
    const r = call(kernel({ [S1]: { state: 'dead' }, [S2]: { state: 'dead' } }, TAKING), C1, { kind: 'Call', obj: SVC });
    expect([r.outcome, r.events]).toEqual([{ kind: 'returned' }, [{ kind: 'error', thread: C1, label: 'EPERM: the server process is gone' }]]);
  });

  it('made while the caller\'s own dispatcher is disabled by it: a primitive PPC', () => {
    const r = call(kernel(READY, { ...TAKING, [C1]: { disabledBy: C1 } }), C1, { kind: 'Call', obj: SVC });
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'primitive PPC' });
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'called', primitive: true });
  });
});

describe('Serve, Return, ReturnServe, Save and ReturnSaved (K IPC_RTN and the IPC_RTN upcall)', () => {
  it('the first Serve starts the dispatcher: the thread enters the pool, the library sets the IPC_CALL entry, and the callers refused meanwhile are notified and run again', () => {
    const parked = { [C1]: { state: 'parked', on: S, mr: 1 } } as const;
    const first = call(kernel(parked), S1, { kind: 'Serve', obj: SVC });
    expect(first.outcome).toEqual({ kind: 'blocked', on: 'free in the pool' });
    expect(first.kernel.threads[S1 - 1]).toMatchObject({ state: 'free', obj: SVC + 1, pooled: true });
    expect([first.kernel.objects.dispatchers[S - 1].entry, first.woken]).toEqual([true, [C1]]);
    expect(first.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', on: 0, notified: false });
    expect(first.events).toEqual([{ kind: 'note', thread: C1, label: "IPC_RETRY_NOTIFY from s1's dispatcher" }]);
    // The second thread only joins the pool.
    const second = call(first.kernel, S2, { kind: 'Serve', obj: SVC });
    expect([second.outcome, second.kernel.objects.dispatchers, second.woken]).toEqual([{ kind: 'blocked', on: 'free in the pool' }, first.kernel.objects.dispatchers, []]);
  });

  it('a thread entering the pool takes a call waiting for a thread still to be created at once: it runs with the request, serving that caller', () => {
    const k = kernel({ ...served(C2, S1), [C1]: { state: 'called', on: S, obj: SVC + 1, mr: 2 } }, TAKING);
    const r = call(k, S2, { kind: 'Serve', obj: SVC });
    expect([r.outcome, r.woken]).toEqual([{ kind: 'returned' }, []]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: C1, to: S2, value: 2 }]);
    expect(r.kernel.threads[S2 - 1]).toMatchObject({ state: 'running', obj: 0, mr: 2, caller: C1, pooled: true });
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'called', on: S, obj: 0 });
    expect(allHold(r.kernel)).toBe(true);
  });

  it('Return hands the reply to the caller, whose targetID is the replier\'s process; the caller runs and the replier forgets it', () => {
    const r = call(kernel(served(C1, S1), TAKING), S1, { kind: 'Return' }, 2);
    expect([r.outcome, r.woken]).toEqual([{ kind: 'returned' }, [C1]]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: S1, to: C1, value: 2 }]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', on: 0, mr: 2 });
    expect(r.kernel.threads[S1 - 1].caller).toBe(0);
    expect(allHold(r.kernel)).toBe(true);
  });

  it('a reply to a thread not waiting in a call to the replier\'s process fails the user-level check: "Illegal ppc reply", dropped', () => {
    const r = call(kernel({ [S1]: { caller: C1 }, [C1]: { state: 'called', on: R } }, TAKING), S1, { kind: 'Return' });
    expect([r.woken, r.events]).toEqual([[], [{ kind: 'note', thread: C1, label: 'Illegal ppc reply (dropped)' }]]);
    expect(r.kernel.threads[C1 - 1].state).toBe('called');
  });

  it('a Return with no caller does nothing but note it', () => {
    expect(call(kernel(), S1, { kind: 'Return' }).events).toEqual([{ kind: 'note', thread: S1, label: 'no caller to return to' }]);
  });

  it('a reply to a caller whose dispatcher another thread holds disabled is refused: the replier parks for retry, keeping its caller', () => {
    const r = call(kernel({ ...served(C1, S1) }, { ...TAKING, [C1]: { disabledBy: C2 } }), S1, { kind: 'Return' });
    expect(r.outcome).toEqual({ kind: 'continues' });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'parked', on: C1, caller: C1 });
    expect(r.kernel.threads[C1 - 1].state).toBe('called');
  });

  it('a reply to a primitive PPC is delivered in place although the caller\'s dispatcher is disabled (by the caller itself)', () => {
    const r = call(kernel({ ...served(C1, S1), [C1]: { state: 'called', on: S, primitive: true } }, { ...TAKING, [C1]: { disabledBy: C1 } }), S1, { kind: 'Return' }, 1);
    expect(r.woken).toEqual([C1]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', primitive: false, mr: 1 });
  });

  it('ReturnServe replies and returns the thread to the pool in one call', () => {
    const r = call(kernel(served(C1, S1), TAKING), S1, { kind: 'ReturnServe', obj: SVC }, 1);
    expect([r.outcome, r.woken]).toEqual([{ kind: 'blocked', on: 'free in the pool' }, [C1]]);
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'free', obj: SVC + 1, caller: 0 });
  });

  it('Save keeps the caller on the thread\'s stack; ReturnSaved answers it later', () => {
    const saved = call(kernel(served(C1, S1), TAKING), S1, { kind: 'Save', slot: 0 });
    expect(saved.kernel.threads[S1 - 1]).toMatchObject({ caller: 0, saved: [C1] });
    expect(allHold(saved.kernel)).toBe(true);
    const r = call(saved.kernel, S1, { kind: 'ReturnSaved', slot: 0 }, 2);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: S1, to: C1, value: 2 }]);
    expect(r.kernel.threads[S1 - 1].saved).toEqual([0]);
  });
});

describe('Async and Receive (K IPC_ASYNC and the ring)', () => {
  it('a message for a waiting receiver goes to it at once; otherwise into the ring (in the dispatcher page: no kernel memory)', () => {
    const waiting = call(kernel({ [R]: { state: 'receiving', obj: CH + 1 } }), C1, { kind: 'Async', obj: CH }, 2);
    expect([waiting.outcome, waiting.woken, waiting.events]).toEqual([{ kind: 'returned' }, [R], [{ kind: 'transfer', what: 'message', from: C1, to: R, value: 2 }]]);
    const queued = call(kernel(), C1, { kind: 'Async', obj: CH }, 2);
    expect([queued.outcome, queued.kernel.objects.rings[CH], design.memory(queued.kernel)]).toEqual([{ kind: 'returned' }, [{ from: C1, value: 2 }], 0]);
  });

  it('a full ring answers EBUSY: by default the sender\'s library retries (it stays runnable at its send, nothing changes); with drop the message is lost', () => {
    const full = kernel({}, {}, { [CH]: [{ from: C2, value: 0 }] });
    const retry = call(full, C1, { kind: 'Async', obj: CH }, 2);
    expect([retry.outcome, retry.events]).toEqual([{ kind: 'continues' }, [{ kind: 'note', thread: C1, label: 'EBUSY: the sender retries' }]]);
    expect(retry.kernel).toEqual({ ...full, threads: full.threads.map((th, i) => (i === C1 - 1 ? { ...th, mr: 2 } : th)) });
    expect(design.runnable(retry.kernel, C1)).toBe(true);
    const drop = call(full, C1, { kind: 'Async', obj: CH }, 2, k42({ busy: 'drop' }));
    expect([drop.outcome, drop.events, drop.kernel.objects.rings[CH]]).toEqual([{ kind: 'returned' }, [{ kind: 'error', thread: C1, label: 'EBUSY: message dropped' }], [{ from: C2, value: 0 }]]);
  });

  it('Receive takes the head of the ring; on an empty ring it waits', () => {
    const r = call(kernel({}, {}, { [CH]: [{ from: C2, value: 1 }] }), R, { kind: 'Receive', obj: CH });
    expect([r.outcome, r.woken, r.kernel.objects.rings[CH], r.kernel.threads[R - 1].mr]).toEqual([{ kind: 'returned' }, [], [], 1]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'message', from: C2, to: R, value: 1 }]);
    const empty = call(kernel(), R, { kind: 'Receive', obj: CH });
    expect([empty.outcome, empty.kernel.threads[R - 1].state]).toEqual([{ kind: 'blocked', on: 'receive' }, 'receiving']);
  });

  it('asyncList (F4): the ring is a kernel list that never fills, and every message queued counts as kernel memory', () => {
    const f4 = k42({ asyncList: true });
    const r = call(kernel({}, {}, { [CH]: [{ from: C2, value: 0 }] }), C1, { kind: 'Async', obj: CH }, 2, f4);
    expect([r.outcome, r.kernel.objects.rings[CH].length, f4.memory(r.kernel)]).toEqual([{ kind: 'returned' }, 2, 2]);
  });
});

describe('Signal and Wait (soft-interrupt bits)', () => {
  const bit = 2; // the first event's bit; bit 0 is IPC_RETRY_NOTIFY

  it('a signal to an enabled dispatcher with a waiter readies it with 1; with none the bit stays set, and a second signal coalesces', () => {
    const r = call(kernel({ [R]: { state: 'waiting', obj: EV + 1 } }), C1, { kind: 'Signal', obj: EV });
    expect([r.woken, r.kernel.threads[R - 1].mr, r.kernel.objects.dispatchers[R - 1].word]).toEqual([[R], 1, 0]);
    const once = call(kernel(), C1, { kind: 'Signal', obj: EV });
    const twice = call(once.kernel, C2, { kind: 'Signal', obj: EV });
    expect([once.kernel.objects.dispatchers[R - 1].word, twice.kernel.objects.dispatchers[R - 1].word]).toEqual([bit, bit]);
  });

  it('Wait takes a set bit at once, or waits for it', () => {
    const r = call(kernel({}, { [R]: { word: bit } }), R, { kind: 'Wait', obj: EV });
    expect([r.outcome, r.kernel.threads[R - 1].mr, r.kernel.objects.dispatchers[R - 1].word]).toEqual([{ kind: 'returned' }, 1, 0]);
    const w = call(kernel(), R, { kind: 'Wait', obj: EV });
    expect([w.outcome, w.kernel.threads[R - 1]]).toMatchObject([{ kind: 'blocked', on: 'soft interrupt' }, { state: 'waiting', obj: EV + 1 }]);
  });

  it('a signal to a disabled dispatcher only sets the bit; its Enable hands it to the waiter', () => {
    const k = kernel({ [R]: { state: 'waiting', obj: EV + 1 }, [C1]: {} }, { [R]: { disabledBy: R } });
    const r = call(k, C1, { kind: 'Signal', obj: EV });
    expect([r.woken, r.kernel.objects.dispatchers[R - 1].word]).toEqual([[], bit]);
  });
});

describe('Disable and Enable', () => {
  it('a disabled dispatcher runs only the thread that disabled it; Enable lets its other threads run again', () => {
    const d = call(kernel(), S1, { kind: 'Disable' });
    expect(d.kernel.objects.dispatchers[S - 1].disabledBy).toBe(S1);
    expect([design.runnable(d.kernel, S1), design.runnable(d.kernel, S2), design.runnable(d.kernel, C1)]).toEqual([true, false, true]);
    const e = call(d.kernel, S1, { kind: 'Enable' });
    expect([e.outcome, e.woken, e.kernel.objects.dispatchers[S - 1].disabledBy]).toEqual([{ kind: 'returned' }, [S2], 0]);
  });

  it('Enable takes the word atomically: a pending retry notification readies the parked thread (no lost PPC)', () => {
    const k = kernel({ [C1]: { state: 'parked', on: S, notified: true } }, { [C1]: { disabledBy: C1, word: 1 } });
    const r = call(k, C1, { kind: 'Enable' });
    expect(r.kernel.threads[C1 - 1].state).toBe('running');
    expect(r.kernel.objects.dispatchers[C1 - 1].word).toBe(0);
    expect(retryKept(k, r.kernel)).toBe(true);
  });

  it('the yield at Enable notifies the callers it refused: an enabled caller\'s library readies its thread at once; a disabled one only gets the bit', () => {
    const k = kernel({ [C1]: { state: 'parked', on: S }, [C2]: { state: 'parked', on: S } }, { [S]: { disabledBy: S1, entry: true }, [C2]: { disabledBy: C2 } });
    const r = call(k, S1, { kind: 'Enable' });
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', notified: false });
    expect(r.kernel.threads[C2 - 1]).toMatchObject({ state: 'parked', notified: true });
    expect([r.kernel.objects.dispatchers[C1 - 1].word, r.kernel.objects.dispatchers[C2 - 1].word]).toEqual([0, 1]);
  });

  it('a refused primitive PPC is re-tried by the kernel when the target enables', () => {
    const k = kernel({ [C1]: { state: 'parked', on: S, primitive: true } }, { [S]: { disabledBy: S1, entry: true }, [C1]: { disabledBy: C1 } });
    expect(call(k, S1, { kind: 'Enable' }).kernel.threads[C1 - 1].state).toBe('running');
  });

  it('nonAtomicTake (F3): Enable reads the word, and stores 0 in a later step; a notification set in between is lost', () => {
    const f3 = k42({ nonAtomicTake: true });
    const k = kernel({ [S1]: { state: 'parked', on: R } }, { [S]: { disabledBy: S2 } });
    const read = call(k, S2, { kind: 'Enable' }, 0, f3);
    expect([read.outcome, read.kernel.threads[S2 - 1].took, read.kernel.objects.dispatchers[S - 1].disabledBy]).toEqual([{ kind: 'continues' }, 1, S2]);
    // Meanwhile R yields: S1 is notified, and the still disabled dispatcher only gets IPC_RETRY_NOTIFY.
    const notified: K = { threads: read.kernel.threads.map((th, i) => (i === S1 - 1 ? { ...th, notified: true } : th)), objects: { ...read.kernel.objects, dispatchers: read.kernel.objects.dispatchers.map((d, i) => (i === S - 1 ? { ...d, word: 1 } : d)) } };
    const store = call(notified, S2, { kind: 'Enable' }, 0, f3);
    expect([store.outcome, store.kernel.objects.dispatchers[S - 1], store.kernel.threads[S2 - 1].took]).toEqual([{ kind: 'returned' }, { disabledBy: 0, word: 0, entry: false }, 0]);
    expect(store.kernel.threads[S1 - 1]).toMatchObject({ state: 'parked', notified: true });
    expect(retryKept(notified, store.kernel)).toBe(false);
    // The atomic take of the design readies S1 from the same state.
    expect(call({ ...notified, threads: notified.threads.map((th) => ({ ...th, took: 0 })) }, S2, { kind: 'Enable' }).kernel.threads[S1 - 1].state).toBe('running');
  });
});

describe('operations, labels, invariants', () => {
  it('maps the design-neutral operations; a PPC or a message to one\'s own dispatcher, one-way messages on a service and request are not expressible', () => {
    expect(design.operation(rpc('svc'), C1, frame)).toEqual({ kind: 'Call', obj: SVC });
    expect(design.operation(serve('svc'), S1, frame)).toEqual({ kind: 'Serve', obj: SVC });
    expect(design.operation(replyServe('svc'), S1, frame)).toEqual({ kind: 'ReturnServe', obj: SVC });
    expect(design.operation(reply(), S1, frame)).toEqual({ kind: 'Return' });
    expect(design.operation({ op: 'save', slot: 0 }, S1, frame)).toEqual({ kind: 'Save', slot: 0 });
    expect(design.operation({ op: 'replySaved', slot: 0 }, S1, frame)).toEqual({ kind: 'ReturnSaved', slot: 0 });
    expect(design.operation(send('ch'), C1, frame)).toEqual({ kind: 'Async', obj: CH });
    expect(design.operation(receive('ch'), R, frame)).toEqual({ kind: 'Receive', obj: CH });
    expect(design.operation(signal('ev'), C1, frame)).toEqual({ kind: 'Signal', obj: EV });
    expect(design.operation(wait('ev'), R, frame)).toEqual({ kind: 'Wait', obj: EV });
    expect(design.operation({ op: 'exit' }, C1, frame)).toEqual({ kind: 'Exit' });
    expect(design.operation(rpc('svc'), S2, frame)).toBeUndefined();
    expect(design.operation(send('ch'), R, frame)).toBeUndefined();
    expect(design.operation(send('svc'), C1, frame)).toBeUndefined();
    expect(design.operation({ op: 'request', obj: 'svc' }, C1, frame)).toBeUndefined();
    expect(design.operation(answer(), C1, frame)).toBeUndefined();
    expect(design.operation(native('Disable', { K42: { kind: 'Disable' } }), C1, frame)).toBeUndefined();
  });

  it('labels calls and marks variants in the title', () => {
    expect(design.label({ kind: 'Call', obj: SVC }, frame)).toBe('Call(svc)');
    expect(design.label({ kind: 'ReturnSaved', slot: 0 }, frame)).toBe('ReturnSaved(0)');
    expect(design.label({ kind: 'Enable' }, frame)).toBe('Enable');
    expect(design.title).toBe('K42 PPC, dispatchers and upcalls (M13)');
    expect(k42({ noThread: 'enomem', nonAtomicTake: true }).title).toBe('K42 PPC, dispatchers and upcalls (M13) [ENOMEM, nonAtomicTake]');
  });

  it('INV-CALL fails on a served caller not in a call to the server\'s process, and on two threads naming one caller; a dead caller is allowed', () => {
    expect(invariants(kernel({ [S1]: { caller: C1 } }))['INV-CALL']).toBe(false);
    expect(invariants(kernel({ ...served(C1, S1), [S2]: { saved: [C1] } }))['INV-CALL']).toBe(false);
    expect(invariants(kernel({ [S1]: { caller: C1 }, [C1]: { state: 'dead' } }))['INV-CALL']).toBe(true);
  });

  it('INV-DISABLED fails on a dispatcher disabled by another process\'s thread; INV-RING on a ring past its capacity', () => {
    expect(invariants(kernel({}, { [S]: { disabledBy: C1 } }))['INV-DISABLED']).toBe(false);
    expect(invariants(kernel({}, {}, { [CH]: [{ from: 1, value: 0 }, { from: 2, value: 0 }] }))['INV-RING']).toBe(false);
  });

  it("'no retry notification lost' fails when IPC_RETRY_NOTIFY is cleared while a notified thread stays parked", () => {
    const before = kernel({ [C1]: { state: 'parked', on: S, notified: true } }, { [C1]: { word: 1 } });
    expect(retryKept(before, kernel({ [C1]: { state: 'parked', on: S, notified: true } }))).toBe(false);
    expect(retryKept(before, kernel())).toBe(true);
  });
});

// ---- composed checks ------------------------------------------------------------------------

const entry = (id: string) => designWorkloadEntries.find((e) => e.id === id)!;
/** A registered pair at `set`: its state count and every verdict that is not a plain hold, with trace lengths. */
function verdicts(id: string, set: Record<string, string | number | boolean> = {}) {
  const e = entry(id);
  const model = e.make({ ...e.defaults, ...set });
  const r = check(model);
  const table = Object.fromEntries(Object.entries(r.verdicts).filter(([, v]) => v.status !== 'holds').map(([name, v]) => [name, 'trace' in v ? `${v.status}/${v.trace.steps.length}` : v.status]));
  return { model, r, table };
}

describe('every registered K42 run gives the verdicts it expects', () => {
  const counts: Record<string, number[]> = {
    'K42.rpcPool': [1643, 167, 13028, 1803],
    'K42.nestedServer': [13770, 88991],
    'K42.deferredReply': [449],
    'K42.burst': [110, 48, 138],
    'K42.eventCascade': [3916, 8072, 3640, 4375, 24996, 593],
    'K42.notifyItems': [525, 525, 585],
    'K42.mutualCalls': [2864],
    'K42.callBack': [259],
    'K42.strayMessage': [15230, 17146],
    'K42.pipeStream': [110],
    'K42.ringStream': [126, 136],
    'K42.upcallPool': [448, 542, 3422, 1015, 1344, 6253],
    'K42.reentrantCalls': [684, 92],
    'K42.primitiveCallback': [66, 108, 123],
    'K42.retryRace': [227, 287],
    'K42.serverFailure': [131],
    'K42.componentLock': [787],
  };

  it('the K42 pairs are exactly these: the shipped workloads K42 cannot express (pageFault, longIpc, oneWayClient, portQueue, duplex) are n/a', () => {
    expect(designWorkloadEntries.filter((e) => e.id.startsWith('K42.')).map((e) => e.id)).toEqual(Object.keys(counts));
  });

  for (const [id, expected] of Object.entries(counts)) {
    it(`${id}: ${expected.join(', ')} states`, () => {
      expect(registryRunCounts(entry(id))).toEqual(expected);
    }, 120_000);
  }
});

describe('card M13 HOLD', () => {
  it('KM: nothing is allocated per call; kernel memory stays 0 on every design run of a shipped RPC workload', () => {
    for (const id of ['K42.rpcPool', 'K42.strayMessage', 'K42.deferredReply']) expect(check(entry(id).make(entry(id).defaults)).verdicts['kernel memory ≤ 0']).toEqual({ status: 'holds', maxReached: 0 });
  });

  it('no lost PPC (LV(retry)): the call refused before the server is ready is retried and answered on every fair path', () => {
    const { table } = verdicts('K42.retryRace');
    expect(table).toEqual({ 'a call completes': 'witnessed/11' });
  });

  it('re-entrancy: S1 → S2 → S1 completes when S1 has a free thread for the call back; with one thread it is F1', () => {
    expect(verdicts('K42.reentrantCalls').table).toEqual({ 'a call completes': 'witnessed/23' });
    expect(verdicts('K42.reentrantCalls', { pool: 1 }).table).toEqual({ 'deadlock free': 'violated/18', 'no client stuck forever': 'violated/6', 'every call is answered': 'violated/20', 'a call completes': 'unwitnessed' });
  });

  it('the thread-per-call cost: rpcPool\'s one server thread suffices without preemption, and a preempted handler exhausts it', () => {
    const { model, r, table } = verdicts('K42.rpcPool');
    expect(table).toEqual({ 'deadlock free': 'violated/13', 'no client stuck forever': 'violated/13', 'every call is answered': 'violated/13', 'a call completes': 'witnessed/11' });
    expect(traceActions(model, r, 'no client stuck forever')).toEqual([
      'prepare 0 (client 1)', 'Call(svc) (client 1)', 'Return', 'prepare 0 (client 2)', 'Call(svc) (client 2)', 'Return',
      'Serve(svc) (server 1)', 'Return', 'Call(svc) (client 1)', 'Return', 'Preempt', 'Return', 'Call(svc) (client 2)',
    ]);
  });
});

describe('card M13 FAIL, the seeded bugs', () => {
  it('F1, no thread for the upcall, default library: the server process dies and both clients stay PPC-blocked (STUCK)', () => {
    const { table } = verdicts('K42.upcallPool');
    expect(table).toEqual({ 'deadlock free': 'violated/13', 'no client stuck forever': 'violated/8', 'every call is answered': 'violated/13', 'every honest call is served': 'violated/13', 'a call completes': 'witnessed/13' });
  });

  it('F1, designed path (enomem): client 2\'s call fails with ENOMEM and is never served (LV fails); client 1 then waits for ever', () => {
    const { model, r, table } = verdicts('K42.upcallPool', { mutant: 'enomem' });
    expect(table).toEqual({ 'deadlock free': 'violated/16', 'no client stuck forever': 'violated/8', 'every call is answered': 'violated/16', 'every honest call is served': 'violated/16', 'a call completes': 'witnessed/13' });
    expect(traceActions(model, r, 'every honest call is served').slice(-4)).toEqual(['Return', 'Call(svc) (client 2)', 'Return', 'Exit (client 2)']);
  });

  it('F2, primitive PPC cycle: the call back into the disabled S1 is refused and waits for a yield S1 cannot make (STUCK)', () => {
    const { model, r, table } = verdicts('K42.primitiveCallback');
    expect(table).toEqual({ 'deadlock free': 'violated/11', 'no client stuck forever': 'violated/8', 'every call is answered': 'violated/11', 'a call completes': 'unwitnessed' });
    expect(traceActions(model, r, 'deadlock free')).toEqual([
      'Disable (S1 main)', 'Return', 'set 0 (S1 main)', 'Call(s2) (S1 main)', 'Return', 'Serve(s2) (S2 thread)', 'Return', 'Call(s2) (S1 main)', 'Return', 'set 1 (S2 thread)', 'Call(s1) (S2 thread)',
    ]);
    expect(verdicts('K42.primitiveCallback', { callback: false }).table).toEqual({ 'a call completes': 'witnessed/11' });
    // The control: the same calls with S1 enabled (an ordinary PPC). The call back is served by S1's pool thread; nothing deadlocks.
    expect(verdicts('K42.primitiveCallback', { disabled: false }).table).toEqual({ 'a call completes': 'witnessed/14' });
  });

  it('F3, lost upcall (nonAtomicTake): the retry notification set between the read and the store of 0 is lost; the client is STUCK', () => {
    const { model, r, table } = verdicts('K42.retryRace', { mutant: 'nonAtomicTake' });
    expect(table).toEqual({ 'no retry notification lost': 'violated/12', 'deadlock free': 'violated/14', 'no client stuck forever': 'violated/10', 'every call is answered': 'violated/14', 'a call completes': 'witnessed/11' });
    expect(traceActions(model, r, 'no retry notification lost')).toEqual([
      'prepare 0 (client)', 'Call(s) (client)', 'Return', 'Disable (helper)', 'Return', 'Enable (helper)', 'Return', 'Preempt', 'Return', 'Serve(s) (server)', 'Return', 'Enable (helper)',
    ]);
  });

  it('F4, unbounded pending upcalls (asyncList): a sender to a receiver that never drains grows kernel memory by one message per round', () => {
    const { r, table } = verdicts('K42.burst', { receiver: 'never', mutant: 'asyncList', messages: 8 });
    expect(table).toEqual({ 'kernel memory ≤ 2': 'unbounded/23', 'the burst is sent': 'witnessed/25' });
    const v = r.verdicts['kernel memory ≤ 2'];
    if (v.status !== 'unbounded') throw new Error('expected unbounded');
    expect(v.growth).toEqual({ loopStart: 5, loopEnd: 8, prefixSteps: 8, rounds: 5, measures: [3, 4, 5, 6, 7, 8], growthPerRound: 1, unit: 'kernel object' });
    // The design: the ring of two fills, and the sender's library retries on EBUSY with nothing allocated: a livelock
    // (no deadlock, no thread stuck: the sender stays runnable), and the burst is never sent.
    expect(verdicts('K42.burst', { receiver: 'never', messages: 8 }).table).toEqual({ 'the burst is sent': 'unwitnessed' });
    // The livelock is a liveness failure: with the burst's sending as a liveness property, it fails (a retry loop), and
    // holds with a receiver that drains (under weak fairness the receiver runs and the retry succeeds).
    const sent = (receiver: string) => {
      const spec = burst.build({ ...burst.defaults, receiver });
      const r = check(compose(k42(), { ...spec, liveness: [{ name: 'the burst is eventually sent', p: () => true, q: (v, st) => v.finished(st, 'client') }] }));
      const v = r.verdicts['the burst is eventually sent'];
      return [r.verdicts['deadlock free'].status, 'trace' in v ? `${v.status}/${v.trace.steps.length}` : v.status];
    };
    expect([sent('never'), sent('slow')]).toEqual([['holds', 'violated/13'], ['holds', 'holds']]);
  });

  it('F5, synchronous callback to an untrusted client that never returns: the server thread is held, and the honest client is never served', () => {
    expect(verdicts('K42.upcallPool', { handler: 'callsBack' }).table).toEqual({ 'deadlock free': 'violated/15', 'no client stuck forever': 'violated/15', 'every call is answered': 'violated/15', 'every honest call is served': 'violated/15', 'a call completes': 'witnessed/11' });
    expect(verdicts('K42.upcallPool', { handler: 'callsBack', mutant: 'enomem' }).table).toEqual({ 'deadlock free': 'violated/20', 'every call is answered': 'violated/22', 'every honest call is served': 'violated/20', 'a call completes': 'witnessed/11' });
    // A second thread serves the honest client; the untrusted client's own call stays unanswered.
    expect(verdicts('K42.upcallPool', { handler: 'callsBack', pool: 2 }).table).toEqual({ 'deadlock free': 'violated/28', 'every call is answered': 'violated/30', 'a call completes': 'witnessed/11' });
  });
});
