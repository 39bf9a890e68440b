/**
 * The Xen design (card M9): each library step and hypercall case by case on hand-built kernels,
 * then composed checks on rpcPool, callBack, serverFailure and on inline workloads for the old
 * xenEventChannel registry runs (the specification, F1 no final check, F2 overwrite); counts,
 * verdicts and shortest counterexamples pinned.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { compose } from '../../../model/compose/compose.js';
import type { Frame, KernelState } from '../../../model/designs/design.js';
import { xen, type XenObjects, type XenRing, type XenTcb } from '../../../model/designs/xen.js';
import { receive, repeat, send, set } from '../../../model/workloads/program.js';
import { callBack } from '../../../model/workloads/callBack.js';
import { rpcPool } from '../../../model/workloads/rpcPool.js';
import { serverFailure } from '../../../model/workloads/serverFailure.js';
import type { WorkloadSpec } from '../../../model/workloads/workload.js';
import { traceActions } from '../../helpers/verdicts.js';

type K = KernelState<XenTcb, XenObjects>;

// Threads: 1 the frontend (client, producer), 2 the backend (server, consumer). Objects 0 svc, 1 chan, 2 ev.
// Rings (2 threads × 3 objects): request ring of client 1 on svc = 0, chan ring of producer 1 = 2, response ring of svc to client 1 = 6.
const frame: Frame = {
  threads: 2,
  values: 4,
  slots: 0,
  pages: 1,
  objects: [
    { name: 'svc', kind: 'service', servers: [2], senders: [1] },
    { name: 'chan', kind: 'channel', servers: [2], senders: [1], capacity: 2 },
    { name: 'ev', kind: 'event', servers: [2], senders: [1] },
  ],
  threadNames: ['frontend', 'backend'],
};
const SVC = 0;
const CHAN = 1;
const EV = 2;
const REQ = 0;
const RING = 2;
const RSP = 6;
const d = xen();
const k0 = d.init(frame);

const withThread = (k: K, t: number, change: Partial<XenTcb>): K => ({ ...k, threads: k.threads.map((x, i) => (i === t - 1 ? { ...x, ...change } : x)) });
const withRing = (k: K, r: number, change: Partial<XenRing>): K => ({ ...k, objects: { ...k.objects, rings: k.objects.rings.map((g, i) => (i === r ? { ...g, ...change } : g)) } });
const sendCall = { kind: 'Send', obj: CHAN } as const;
const recvCall = { kind: 'Receive', obj: CHAN } as const;
/** The backend asleep on its ring port waiting on chan. */
const backendAsleep = withThread(k0, 2, { state: 'blocked', phase: 'sleep', obj: CHAN + 1, masked: false });

describe('Xen design (M9): the producer side of a ring', () => {
  it('a send first writes the slot at prod, without publishing it, and continues', () => {
    const r = d.syscall(k0, 1, sendCall, 3, frame);
    expect(r.kernel.objects.rings[RING]).toMatchObject({ slots: [3, 0], prod: 0 });
    expect(r.kernel.threads[0].phase).toBe('publish');
    expect([r.outcome, r.woken, r.events]).toEqual([{ kind: 'continues' }, [], []]);
  });

  it('publishing advances prod; the check then asks for a notification exactly when the consumer armed event = new prod', () => {
    const p = d.syscall(withThread(withRing(k0, RING, { slots: [3, 0] }), 1, { phase: 'publish' }), 1, sendCall, 3, frame);
    expect(p.kernel.objects.rings[RING].prod).toBe(1);
    const c = d.syscall(p.kernel, 1, sendCall, 3, frame);
    expect([c.kernel.threads[0].phase, c.outcome]).toEqual(['notify', { kind: 'continues' }]);
    const quiet = d.syscall(withRing(p.kernel, RING, { event: 2 }), 1, sendCall, 3, frame);
    expect([quiet.kernel.threads[0].phase, quiet.outcome]).toEqual(['idle', { kind: 'returned' }]);
  });

  it('the notify hypercall to a running backend only sets its port pending', () => {
    const k = withThread(withRing(k0, RING, { slots: [3, 0], prod: 1 }), 1, { phase: 'notify' });
    const r = d.syscall(k, 1, sendCall, 3, frame);
    expect(r.kernel.threads[1]).toMatchObject({ state: 'running', pending: true });
    expect([r.outcome, r.woken, r.events]).toEqual([{ kind: 'returned' }, [], []]);
  });

  it('the notify to a backend asleep on its port wakes it, and its handler takes the message in the same step', () => {
    const k = withThread(withRing(backendAsleep, RING, { slots: [3, 0], prod: 1 }), 1, { phase: 'notify' });
    const r = d.syscall(k, 1, sendCall, 3, frame);
    expect(r.kernel.threads[1]).toMatchObject({ state: 'running', masked: true, pending: false, mr: 3, phase: 'idle' });
    expect(r.kernel.objects.rings[RING]).toMatchObject({ slots: [0, 0], prod: 1, cons: 1 });
    expect(r.woken).toEqual([2]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'message', from: 1, to: 2, value: 3 }]);
  });

  it('a full ring makes the producer arm prodEvent, check again and sleep on its port; the sleep keeps the send going (continues)', () => {
    const full = withRing(k0, RING, { slots: [1, 2], prod: 2 });
    const a = d.syscall(full, 1, sendCall, 3, frame);
    expect([a.kernel.threads[0].phase, a.kernel.objects.rings[RING].slots]).toEqual(['armRoom', [1, 2]]);
    const b = d.syscall(a.kernel, 1, sendCall, 3, frame);
    expect(b.kernel.objects.rings[RING].prodEvent).toBe(1);
    const c = d.syscall(b.kernel, 1, sendCall, 3, frame);
    expect(c.kernel.threads[0].phase).toBe('blockRoom');
    const s = d.syscall(c.kernel, 1, sendCall, 3, frame);
    expect(s.kernel.threads[0]).toMatchObject({ state: 'blocked', masked: false, phase: 'blockRoom' });
    expect(s.outcome).toEqual({ kind: 'continues' });
    expect(d.runnable(s.kernel, 1)).toBe(false);
  });

  it('F2 overwrite: the producer writes into a full ring over an unconsumed request, which breaks both ring invariants once published', () => {
    const f2 = xen({ overwrite: true });
    const full = withRing(k0, RING, { slots: [1, 2], prod: 2 });
    const w = f2.syscall(full, 1, sendCall, 3, frame);
    expect(w.kernel.objects.rings[RING].slots).toEqual([3, 2]);
    const p = f2.syscall(w.kernel, 1, sendCall, 3, frame);
    expect(f2.invariants(frame).map((i) => [i.name, i.holds(p.kernel)])).toEqual([
      ['no message lost', false],
      ['ring indices within bounds', false],
      ['INV-PORT', true],
    ]);
  });
});

describe('Xen design (M9): the consumer side of a ring', () => {
  it('a receive takes the message at cons, clears the consumed slot and returns', () => {
    const r = d.syscall(withRing(k0, RING, { slots: [2, 0], prod: 1, prodEvent: 3 }), 2, recvCall, 0, frame);
    expect(r.kernel.objects.rings[RING]).toMatchObject({ slots: [0, 0], cons: 1 });
    expect([r.kernel.threads[1].mr, r.outcome]).toEqual([2, { kind: 'returned' }]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'message', from: 1, to: 2, value: 2 }]);
  });

  it("a take that passes the producer's prodEvent notifies it in a hypercall step of its own, which wakes a sleeping producer", () => {
    const k = withThread(withRing(k0, RING, { slots: [1, 2], prod: 2, prodEvent: 1 }), 1, { state: 'blocked', phase: 'blockRoom', masked: false });
    const t = d.syscall(k, 2, recvCall, 0, frame);
    expect([t.kernel.threads[1].phase, t.outcome]).toEqual(['notifyRoom', { kind: 'continues' }]);
    const n = d.syscall(t.kernel, 2, recvCall, 0, frame);
    expect(n.kernel.threads[0]).toMatchObject({ state: 'running', phase: 'idle', masked: true });
    expect([n.woken, n.outcome]).toEqual([[1], { kind: 'returned' }]);
  });

  it('on an empty ring the consumer re-arms event = cons + 1, checks again, and sleeps unmasked', () => {
    const k = withRing(k0, RING, { prod: 1, cons: 1, event: 1 });
    const a = d.syscall(k, 2, recvCall, 0, frame);
    expect(a.kernel.threads[1].phase).toBe('arm');
    const b = d.syscall(a.kernel, 2, recvCall, 0, frame);
    expect([b.kernel.objects.rings[RING].event, b.kernel.threads[1].phase]).toEqual([2, 'final']);
    const c = d.syscall(b.kernel, 2, recvCall, 0, frame);
    expect(c.kernel.threads[1].phase).toBe('sleep');
    const s = d.syscall(c.kernel, 2, recvCall, 0, frame);
    expect(s.kernel.threads[1]).toMatchObject({ state: 'blocked', masked: false });
    expect(s.outcome).toEqual({ kind: 'blocked', on: 'ring chan' });
  });

  it('the final check finds a request pushed after the re-arm and goes back to take it', () => {
    const k = withThread(withRing(k0, RING, { slots: [2, 0], prod: 1, event: 1 }), 2, { phase: 'final', obj: CHAN + 1 });
    const r = d.syscall(k, 2, recvCall, 0, frame);
    expect([r.kernel.threads[1].phase, r.outcome]).toEqual(['idle', { kind: 'continues' }]);
  });

  it('F1 noFinalCheck: after the re-arm the consumer goes straight to sleep', () => {
    const k = withThread(k0, 2, { phase: 'arm', obj: CHAN + 1 });
    expect(xen({ noFinalCheck: true }).syscall(k, 2, recvCall, 0, frame).kernel.threads[1].phase).toBe('sleep');
  });

  it('SCHEDOP_block on a pending port returns at once, clearing it (unmask delivers the pending signal)', () => {
    const k = withThread(k0, 2, { phase: 'sleep', obj: CHAN + 1, pending: true });
    const r = d.syscall(k, 2, recvCall, 0, frame);
    expect(r.kernel.threads[1]).toMatchObject({ state: 'running', pending: false, phase: 'idle' });
    expect(r.outcome).toEqual({ kind: 'continues' });
  });

  it("a notification that finds the sleeper's ring empty leaves it asleep, unmasked and not pending (its re-check, merged)", () => {
    const k = withThread(withRing(backendAsleep, RING, { prod: 1, cons: 1 }), 1, { phase: 'notify' });
    const r = d.syscall(k, 1, sendCall, 0, frame);
    expect(r.kernel.threads[1]).toMatchObject({ state: 'blocked', pending: false, masked: false });
    expect(r.woken).toEqual([]);
  });
});

describe('Xen design (M9): RPC over a request ring and a response ring', () => {
  it("an rpc pushes the request into the client's own request ring, then waits on its response ring", () => {
    const w = d.syscall(k0, 1, { kind: 'Rpc', obj: SVC }, 1, frame);
    expect(w.kernel.objects.rings[REQ].slots).toEqual([1, 0]);
    const k = withThread(withRing(w.kernel, REQ, { prod: 1 }), 1, { phase: 'check' });
    const c = d.syscall(withRing(k, REQ, { event: 2 }), 1, { kind: 'Rpc', obj: SVC }, 1, frame);
    expect([c.kernel.threads[0].phase, c.outcome]).toEqual(['rcheck', { kind: 'continues' }]);
  });

  it("serving takes the request and remembers its ring; the reply pushes into that client's response ring", () => {
    const s = d.syscall(withRing(k0, REQ, { slots: [1, 0], prod: 1 }), 2, { kind: 'Serve', obj: SVC }, 0, frame);
    expect(s.events).toEqual([{ kind: 'transfer', what: 'request', from: 1, to: 2, value: 1 }]);
    expect(s.kernel.threads[1].peer).toBe(REQ + 1);
    const r = d.syscall(s.kernel, 2, { kind: 'Reply' }, 1, frame);
    expect(r.kernel.objects.rings[RSP].slots).toEqual([1, 0]);
  });

  it("the server's notify wakes a client asleep for its response and delivers it: the reply", () => {
    const k = withThread(withThread(withRing(k0, RSP, { slots: [1, 0], prod: 1 }), 1, { state: 'blocked', phase: 'rsleep', obj: SVC + 1, masked: false }), 2, { phase: 'notify', peer: REQ + 1 });
    const r = d.syscall(k, 2, { kind: 'Reply' }, 1, frame);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: 2, to: 1, value: 1 }]);
    expect(r.kernel.threads[0]).toMatchObject({ state: 'running', mr: 1 });
    expect(r.kernel.threads[1].peer).toBe(0);
    expect(r.woken).toEqual([1]);
  });

  it("a middle server asleep for its own call's response, woken by its client's request notification, takes the response as the back server's reply, not the notifier's", () => {
    // Threads 1 client, 2 middle (serves mid, calls back), 3 back. Rings: the client's request ring on mid 0, the
    // middle's on back 4, back's response ring to the middle 10. Back has published its response and not notified yet.
    const nested: Frame = {
      threads: 3,
      values: 2,
      slots: 0,
      pages: 1,
      objects: [
        { name: 'mid', kind: 'service', servers: [2], senders: [1] },
        { name: 'back', kind: 'service', servers: [3], senders: [2] },
      ],
      threadNames: ['client', 'middle', 'back'],
    };
    let k = withRing(withRing(d.init(nested), 10, { slots: [1, 0], prod: 1 }), 0, { slots: [1, 0], prod: 1 });
    k = withThread(withThread(withThread(k, 2, { state: 'blocked', phase: 'rsleep', obj: 2, masked: false }), 3, { phase: 'check', peer: 5 }), 1, { phase: 'notify', obj: 1 });
    const r = d.syscall(k, 1, { kind: 'Rpc', obj: 0 }, 1, nested);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: 3, to: 2, value: 1 }]);
    expect(r.kernel.threads[1]).toMatchObject({ state: 'running', masked: true, pending: false, mr: 1, phase: 'idle' });
    expect(r.woken).toEqual([2]);
    // The client's request stays in its ring for the middle server's next look; the client goes on to wait for its response.
    expect(r.kernel.objects.rings[0]).toMatchObject({ prod: 1, cons: 0 });
    expect([r.kernel.threads[0].phase, r.outcome]).toEqual(['rcheck', { kind: 'continues' }]);
  });

  it('a response the client finds while it runs ends the call with an error event (no kernel reply to check)', () => {
    const k = withThread(withRing(k0, RSP, { slots: [1, 0], prod: 1 }), 1, { phase: 'rcheck', obj: SVC + 1 });
    const r = d.syscall(k, 1, { kind: 'Rpc', obj: SVC }, 1, frame);
    expect(r.events).toEqual([{ kind: 'error', thread: 1, label: 'response polled from the ring' }]);
    expect([r.kernel.threads[0].mr, r.outcome]).toEqual([1, { kind: 'returned' }]);
  });

  it('rpc needs exactly one server, and a ring one consumer: otherwise n/a', () => {
    const two: Frame = { ...frame, objects: [{ name: 'svc', kind: 'service', servers: [1, 2], senders: [] }] };
    expect(d.operation({ op: 'rpc', obj: 'svc' }, 1, two)).toBeUndefined();
    expect(d.operation({ op: 'rpc', obj: 'svc' }, 1, frame)).toEqual({ kind: 'Rpc', obj: SVC });
    expect(d.operation({ op: 'signal', obj: 'chan' }, 1, frame)).toBeUndefined();
  });
});

describe('Xen design (M9): event channels alone', () => {
  it('a signal to an event nobody waits on sets pending; a second coalesces; a wait then clears it and returns', () => {
    const s1 = d.syscall(k0, 1, { kind: 'Signal', obj: EV }, 0, frame);
    expect(s1.kernel.objects.ports[EV]).toBe(true);
    const s2 = d.syscall(s1.kernel, 1, { kind: 'Signal', obj: EV }, 0, frame);
    expect(s2.kernel).toEqual(s1.kernel);
    const w = d.syscall(s2.kernel, 2, { kind: 'Wait', obj: EV }, 0, frame);
    expect([w.kernel.objects.ports[EV], w.outcome]).toEqual([false, { kind: 'returned' }]);
  });

  it('a wait on a clear port sleeps on it, and a signal wakes the sleeper', () => {
    const w = d.syscall(k0, 2, { kind: 'Wait', obj: EV }, 0, frame);
    expect(w.outcome).toEqual({ kind: 'blocked', on: 'port ev' });
    const s = d.syscall(w.kernel, 1, { kind: 'Signal', obj: EV }, 0, frame);
    expect([s.kernel.threads[1].state, s.woken, s.kernel.objects.ports[EV]]).toEqual(['running', [2], false]);
    expect(s.events).toEqual([{ kind: 'transfer', what: 'signal', from: 1, to: 2, value: 0 }]);
  });

  it('ring steps are user level, event-channel calls trap; kernel memory is always 0', () => {
    expect([d.userLevel!(sendCall), d.userLevel!({ kind: 'Rpc', obj: SVC }), d.userLevel!({ kind: 'Signal', obj: EV }), d.userLevel!({ kind: 'Exit' })]).toEqual([true, true, false, false]);
    expect(d.memory(withRing(k0, RING, { slots: [1, 2], prod: 2 }))).toBe(0);
  });
});

// ---- composed checks ------------------------------------------------------------------------------

const statuses = (r: ReturnType<typeof check>) => Object.fromEntries(Object.entries(r.verdicts).map(([k, v]) => [k, v.status]));
const lengths = (r: ReturnType<typeof check>) => Object.fromEntries(Object.entries(r.verdicts).flatMap(([k, v]) => ('trace' in v ? [[k, v.trace.steps.length]] : [])));
const HOLDS = {
  'no message lost': 'holds',
  'ring indices within bounds': 'holds',
  'INV-PORT': 'holds',
  'reply correctness': 'holds',
  'run queue': 'holds',
  'kernel memory ≤ 0': 'holds',
  isolation: 'holds',
  privilege: 'holds',
  'kernel-mediated transfer': 'holds',
  'deadlock free': 'holds',
};

/**
 * The old xenEventChannel scenario: the frontend pushes 3 requests (values 1, 2, 3) into a 2-slot ring
 * (or `capacity` slots); the backend takes 3. `idle` adds an object nobody uses, with the design's
 * default capacity.
 */
const stream = (witness: 'the client blocks' | 'a message is received', capacity = 2, idle = false): WorkloadSpec => ({
  name: `xenStream(${witness})`,
  threads: [
    { name: 'frontend', space: 'front', program: [set(1), send('ring'), set(2), send('ring'), set(3), send('ring')] },
    { name: 'backend', space: 'back', program: [repeat(3, receive('ring'))] },
  ],
  objects: [{ name: 'ring', kind: 'channel', capacity }, ...(idle ? [{ name: 'idle', kind: 'channel' as const }] : [])],
  values: 4,
  stuckName: 'no domain stuck forever',
  witness: witness === 'the client blocks' ? { name: witness, holds: (v, s) => v.blocked(s, 'frontend') } : { name: witness, holds: (v, s) => v.received(s, 'backend') !== 0 },
});

describe('Xen design (M9) composed', () => {
  it('rpcPool (2 clients, 1 server): every property holds over 622477 states, kernel memory 0, and a call completes in 18 steps', () => {
    const r = check(compose(xen(), rpcPool.build(rpcPool.defaults)));
    expect(r.stats.distinct).toBe(622477);
    expect(statuses(r)).toEqual({ ...HOLDS, 'no client stuck forever': 'holds', 'every call is answered': 'holds', 'a call completes': 'witnessed' });
    expect(r.verdicts['kernel memory ≤ 0']).toMatchObject({ maxReached: 0 });
    expect(lengths(r)).toEqual({ 'a call completes': 18 });
  }, 180_000);

  it('callBack without preemption (card M1 F1): client 1’s call is never answered: a 33-step lasso from its request (state 2) into the deadlock where all three callers sleep for a response nobody sends', () => {
    const model = compose(xen(), { ...callBack.build(callBack.defaults), preemption: false });
    const r = check(model);
    expect(r.stats.distinct).toBe(57);
    expect(statuses(r)).toEqual({ ...HOLDS, 'deadlock free': 'violated', 'no client stuck forever': 'violated', 'every call is answered': 'violated', 'a call completes': 'unwitnessed' });
    const v = r.verdicts['every call is answered'];
    if (v.status !== 'violated') throw new Error('expected a lasso');
    // loop = steps: nothing repeats, the path stays in the deadlock.
    expect([v.instance, v.trace.steps.length, v.trace.loop, v.premiseAt]).toEqual(['client 1', 33, 33, 2]);
    // Without preemption each caller runs its Rpc's phases until it sleeps for the response; the server's Rpc to client 1 is the last.
    expect(traceActions(model, r, 'every call is answered')).toEqual([
      'set 1 (client 1)', ...Array(8).fill('Rpc(svc) (client 1)'), 'Return', 'prepare 0 (client 2)', ...Array(8).fill('Rpc(svc) (client 2)'), 'Return', 'set 0 (server)', ...Array(12).fill('Rpc(cb) (server)'),
    ]);
    const end = v.trace.steps.at(-1)!.state;
    expect((end.kernel as K).threads.map((x) => [x.state, x.phase])).toEqual([['blocked', 'rsleep'], ['blocked', 'rsleep'], ['blocked', 'rsleep']]);
    expect(end.ghost.pending).toEqual([{ request: 1, server: 0 }, { request: 0, server: 0 }, { request: 0, server: 0 }]);
  });

  it("serverFailure (a middle server calling a back server before it replies): every property holds over 50459 states, reply correctness included (it failed in 24 steps when the middle server's wake-up by its client's notification named the client as its response's sender)", () => {
    const r = check(compose(xen(), serverFailure.build(serverFailure.defaults)));
    expect(r.stats.distinct).toBe(50459);
    expect(statuses(r)).toEqual({ ...HOLDS, 'no client stuck forever': 'holds', 'every call is answered': 'holds', 'a call completes': 'witnessed' });
  }, 60_000);

  it('old run "default": the specification holds everything (3075 states); the frontend blocks on a full ring and the backend receives', () => {
    const a = check(compose(xen(), stream('the client blocks')));
    const b = check(compose(xen(), stream('a message is received')));
    expect([a.stats.distinct, b.stats.distinct]).toEqual([3075, 3075]);
    expect(statuses(a)).toEqual({ ...HOLDS, 'no domain stuck forever': 'holds', 'the client blocks': 'witnessed' });
    expect(statuses(b)['a message is received']).toBe('witnessed');
    expect([lengths(a)['the client blocks'], lengths(b)['a message is received']]).toEqual([14, 6]);
  });

  it('old run "F1 noFinalCheck": a lost wakeup strands the backend with a request in the ring (deadlock in 28 steps, stuck in 24)', () => {
    const m = compose(xen({ noFinalCheck: true }), stream('the client blocks'));
    const r = check(m);
    expect(r.stats.distinct).toBe(2510);
    expect(statuses(r)).toEqual({ ...HOLDS, 'deadlock free': 'violated', 'no domain stuck forever': 'violated', 'the client blocks': 'witnessed' });
    expect(lengths(r)).toMatchObject({ 'deadlock free': 28, 'no domain stuck forever': 24 });
    const v = r.verdicts['no domain stuck forever'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    expect(v.stuckThread).toBe('backend');
    const last = v.trace.steps[v.trace.steps.length - 1].state.kernel as K;
    expect(last.threads[1].state).toBe('blocked');
    expect(last.objects.rings[0].prod - last.objects.rings[0].cons).toBe(1);
    // With the final check (the specification) the same interleavings end well: see the default run above.
  });

  it('old run "F2 overwrite": the frontend overwrites request 1 (11 steps to the lost message, 12 to the publish), and never blocks', () => {
    const m = compose(xen({ overwrite: true }), stream('the client blocks'));
    const r = check(m);
    expect(r.stats.distinct).toBe(2019);
    expect(statuses(r)).toEqual({ ...HOLDS, 'no message lost': 'violated', 'ring indices within bounds': 'violated', 'no domain stuck forever': 'holds', 'the client blocks': 'unwitnessed' });
    expect(lengths(r)).toMatchObject({ 'no message lost': 11, 'ring indices within bounds': 12 });
    expect(statuses(check(compose(xen({ overwrite: true }), stream('a message is received'))))['a message is received']).toBe('witnessed');
  });

  it('a 1-slot ring, alone or beside an object of the default 2 slots: the frontend blocks after one push, and padding the slots changes nothing', () => {
    // Every ring's slots array is as long as the largest capacity; a 1-slot ring beside a 2-slot object
    // once failed its shape at the first state.
    const alone = check(compose(xen(), stream('the client blocks', 1)));
    const beside = check(compose(xen(), stream('the client blocks', 1, true)));
    expect(alone.modelError).toBeUndefined();
    expect(beside.modelError).toBeUndefined();
    expect([alone.stats.distinct, beside.stats.distinct]).toEqual([6085, 6085]);
    expect(statuses(alone)).toEqual({ ...HOLDS, 'no domain stuck forever': 'holds', 'the client blocks': 'witnessed' });
    expect(statuses(beside)).toEqual(statuses(alone));
    // One push fewer than on two slots (14 steps) before the frontend finds the ring full.
    expect([lengths(alone)['the client blocks'], lengths(beside)['the client blocks']]).toEqual([10, 10]);
    // F2 on one slot: the second push overwrites the first, sooner than on two slots (11 steps).
    const f2 = check(compose(xen({ overwrite: true }), stream('the client blocks', 1, true)));
    expect(statuses(f2)['no message lost']).toBe('violated');
    expect(lengths(f2)['no message lost']).toBe(7);
  });
});
