/**
 * The Barrelfish UMP design (card M10): each library step case by case on hand-built kernels,
 * then composed checks on rpcPool and on inline workloads for the old barrelfishUmp registry runs
 * (the specification, F1 ignore can_send, F2 a blocked sender stops draining); counts, verdicts
 * and shortest counterexamples pinned.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { compose } from '../../../model/compose/compose.js';
import type { Frame, KernelState } from '../../../model/designs/design.js';
import { ump, type UmpObjects, type UmpRing, type UmpTcb } from '../../../model/designs/ump.js';
import { forever, receive, repeat, send, set } from '../../../model/workloads/program.js';
import { nestedServer } from '../../../model/workloads/nestedServer.js';
import { rpcPool } from '../../../model/workloads/rpcPool.js';
import type { WorkloadSpec } from '../../../model/workloads/workload.js';
import { traceActions } from '../../helpers/verdicts.js';

type K = KernelState<UmpTcb, UmpObjects>;

// Threads: 1 A (a client), 2 B (the server). Objects: 0 svc, 1 chan (both A and B receive on it).
// Rings (2 threads × 2 objects): A's request ring on svc = 0, A's ring on chan = 2, B's ring on chan = 3, B's response ring to A = 4.
const frame: Frame = {
  threads: 2,
  values: 4,
  slots: 0,
  pages: 1,
  objects: [
    { name: 'svc', kind: 'service', servers: [2], senders: [1] },
    { name: 'chan', kind: 'channel', servers: [1, 2], senders: [1, 2], capacity: 2 },
  ],
  threadNames: ['A', 'B'],
};
const SVC = 0;
const CHAN = 1;
const A_RING = 2;
const B_RING = 3;
const RSP = 4;
const d = ump();
const k0 = d.init(frame);

const withThread = (k: K, t: number, change: Partial<UmpTcb>): K => ({ ...k, threads: k.threads.map((x, i) => (i === t - 1 ? { ...x, ...change } : x)) });
const withRing = (k: K, r: number, change: Partial<UmpRing>): K => ({ ...k, objects: { ...k.objects, rings: k.objects.rings.map((g, i) => (i === r ? { ...g, ...change } : g)) } });
const slot = (val: number, epoch: boolean, ack = 0) => ({ val, epoch, ack });
const EMPTY = slot(0, false);
const sendCall = { kind: 'Send', obj: CHAN } as const;
const recvCall = { kind: 'Receive', obj: CHAN } as const;
/** A's ring full: two messages sent, none acknowledged. */
const aFull = withRing(k0, A_RING, { slots: [slot(1, true), slot(2, true)], sent: 2 });

describe('UMP design (M10): sending', () => {
  it('a send that may send writes the payload only, leaving the old epoch, and continues', () => {
    const r = d.syscall(k0, 1, sendCall, 3, frame);
    expect(r.kernel.objects.rings[A_RING].slots).toEqual([slot(3, false), EMPTY]);
    expect([r.kernel.threads[0].phase, r.outcome, r.events]).toEqual(['publish', { kind: 'continues' }, []]);
  });

  it('the publish writes the control word last: the epoch of message 0 and the piggybacked count consumed of the reverse ring', () => {
    const k = withRing(withThread(withRing(k0, A_RING, { slots: [slot(3, false), EMPTY] }), 1, { phase: 'publish', obj: CHAN + 1 }), B_RING, { recvd: 1 });
    const r = d.syscall(k, 1, sendCall, 3, frame);
    expect(r.kernel.objects.rings[A_RING]).toMatchObject({ slots: [slot(3, true, 1), EMPTY], sent: 1 });
    expect(r.kernel.objects.rings[B_RING].lastAck).toBe(1);
    expect([r.kernel.threads[0].phase, r.outcome]).toEqual(['idle', { kind: 'returned' }]);
  });

  it('the publish wakes a reader asleep in a receive, which takes the message in the same step (its poll saw it)', () => {
    const k = withThread(withThread(withRing(k0, A_RING, { slots: [slot(3, false), EMPTY] }), 1, { phase: 'publish', obj: CHAN + 1 }), 2, { state: 'receiving', obj: CHAN + 1 });
    const r = d.syscall(k, 1, sendCall, 3, frame);
    expect(r.kernel.threads[1]).toMatchObject({ state: 'running', mr: 3 });
    expect(r.kernel.objects.rings[A_RING].recvd).toBe(1);
    expect([r.woken, r.events]).toEqual([[2], [{ kind: 'transfer', what: 'message', from: 1, to: 2, value: 3 }]]);
  });

  it('a sender that may not send drains the reverse ring into its buffer, then acknowledges, then sleeps', () => {
    const k = withRing(aFull, B_RING, { slots: [slot(1, true), EMPTY], sent: 1 });
    const drain = d.syscall(k, 1, sendCall, 3, frame);
    expect(drain.kernel.threads[0].buf).toEqual([{ ring: B_RING + 1, value: 1 }]);
    expect(drain.events).toEqual([{ kind: 'transfer', what: 'message', from: 2, to: 1, value: 1 }]);
    const ack = d.syscall(drain.kernel, 1, sendCall, 3, frame);
    expect(ack.kernel.objects.rings[B_RING]).toMatchObject({ ackWord: 1, lastAck: 1 });
    const sleep = d.syscall(ack.kernel, 1, sendCall, 3, frame);
    expect([sleep.kernel.threads[0].state, sleep.outcome, d.runnable(sleep.kernel, 1)]).toEqual(['sending', { kind: 'continues' }, false]);
  });

  it('an acknowledgement word lets the sender send again, and its write wakes the sleeping sender', () => {
    const k = withThread(withRing(aFull, A_RING, { slots: [slot(1, true), slot(2, true)], sent: 2, recvd: 2 }), 1, { state: 'sending', obj: CHAN + 1 });
    const r = d.syscall(withThread(k, 2, { phase: 'ack', obj: CHAN + 1 }), 2, recvCall, 0, frame);
    expect(r.kernel.objects.rings[A_RING]).toMatchObject({ ackWord: 2, lastAck: 2 });
    expect([r.kernel.threads[0].state, r.woken]).toEqual(['running', [1]]);
    const send2 = d.syscall(r.kernel, 1, sendCall, 3, frame);
    expect(send2.kernel.objects.rings[A_RING].slots[0]).toEqual(slot(3, true));
  });

  it('F2: a sender that may not send sleeps at once, leaving the message it could drain in the ring', () => {
    const k = withRing(aFull, B_RING, { slots: [slot(1, true), EMPTY], sent: 1 });
    const r = ump({ blockedSenderStopsDraining: true }).syscall(k, 1, sendCall, 3, frame);
    expect([r.kernel.threads[0].state, r.kernel.threads[0].buf, r.kernel.objects.rings[B_RING].recvd]).toEqual(['sending', [], 0]);
  });

  it('F1: a sender that ignores can_send overwrites the unconsumed message 0; its publish gives it the lapped epoch', () => {
    const f1 = ump({ ignoreCanSend: true });
    const w = f1.syscall(aFull, 1, sendCall, 3, frame);
    expect(w.kernel.objects.rings[A_RING].slots[0]).toEqual(slot(3, true));
    const p = f1.syscall(w.kernel, 1, sendCall, 3, frame);
    expect(p.kernel.objects.rings[A_RING].slots[0]).toEqual(slot(3, false));
    expect(f1.invariants(frame).map((i) => [i.name, i.holds(p.kernel)])).toEqual([
      ['no message lost', false],
      ['ring indices within bounds', false],
    ]);
  });
});

describe('UMP design (M10): sequence numbers modulo 4N (= 8 here)', () => {
  // A's ring: messages 0..6 published, 0..5 taken and acknowledged by B's word (6); message 7's payload is written.
  const lapped = (ackId: number, ackWord: number) =>
    withThread(withRing(k0, A_RING, { slots: [slot(1, false), slot(3, true)], sent: 7, recvd: 6, ackId, ackWord, lastAck: 6 }), 1, { phase: 'publish', obj: CHAN + 1 });
  const holds = (k: K) => d.invariants(frame).map((i) => i.holds(k));

  it("a one-way ring's ack_id, 4N − 1 behind, would read as 'all acknowledged' once next_id wraps: the publish replaces it, and an unread header as old, by the word's count, so the full ring stays full", () => {
    // B's message 0, unread by A, carries the count of A's messages B had taken then: 0.
    const k = withRing(lapped(0, 6), B_RING, { slots: [slot(2, true, 0), EMPTY], sent: 1 });
    const p = d.syscall(k, 1, sendCall, 3, frame);
    expect(p.kernel.objects.rings[A_RING]).toMatchObject({ slots: [slot(1, false), slot(3, false, 0)], sent: 0, ackId: 6, ackWord: 6 });
    expect(p.kernel.objects.rings[B_RING].slots[0]).toEqual(slot(2, true, 6));
    expect(holds(p.kernel)).toEqual([true, true]);
    // Messages 6 and 7 fill the ring: the next send may not write; it drains B's message, whose header leaves ack_id at 6.
    const next = d.syscall(p.kernel, 1, sendCall, 2, frame);
    expect(next.kernel.objects.rings[A_RING]).toMatchObject({ slots: [slot(1, false), slot(3, false, 0)], ackId: 6 });
    expect([next.kernel.threads[0].buf, next.kernel.objects.lost, holds(next.kernel)]).toEqual([[{ ring: B_RING + 1, value: 2 }], false, [true, true]]);
  });

  it('an acknowledgement word left 4N − 1 behind by piggybacked headers is replaced the same way', () => {
    const p = d.syscall(lapped(6, 0), 1, sendCall, 3, frame);
    expect(p.kernel.objects.rings[A_RING]).toMatchObject({ sent: 0, ackId: 6, ackWord: 6 });
    expect(holds(p.kernel)).toEqual([true, true]);
  });
});

describe('UMP design (M10): receiving', () => {
  it('a receive accepts slot pos only with the expected epoch, and takes its header acknowledgement', () => {
    const k = withRing(withRing(k0, B_RING, { slots: [slot(2, true, 1), EMPTY], sent: 1 }), A_RING, { sent: 2, slots: [slot(1, true), slot(2, true)] });
    const r = d.syscall(k, 1, recvCall, 0, frame);
    expect([r.kernel.threads[0].mr, r.kernel.objects.rings[B_RING].recvd, r.kernel.objects.rings[A_RING].ackId]).toEqual([2, 1, 1]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'message', from: 2, to: 1, value: 2 }]);
  });

  it('a slot with the stale epoch is no message: the receiver sleeps (the receive ends at the wake-up)', () => {
    const k = withRing(k0, B_RING, { slots: [slot(2, false), EMPTY] });
    const r = d.syscall(k, 1, recvCall, 0, frame);
    expect([r.kernel.threads[0].state, r.outcome]).toEqual(['receiving', { kind: 'blocked', on: 'ring chan' }]);
  });

  it('a receive takes a message drained into the buffer first', () => {
    const k = withThread(withRing(k0, B_RING, { slots: [slot(2, true), EMPTY], sent: 1 }), 1, { buf: [{ ring: B_RING + 1, value: 1 }] });
    const r = d.syscall(k, 1, recvCall, 0, frame);
    expect([r.kernel.threads[0].mr, r.kernel.threads[0].buf, r.kernel.objects.rings[B_RING].recvd]).toEqual([1, [], 0]);
  });

  it('a take that drains the ring and leaves max(N − 1, 1) unacknowledged goes on to write the acknowledgement word', () => {
    const k = withRing(k0, B_RING, { slots: [slot(2, true), EMPTY], sent: 1 });
    const r = d.syscall(k, 1, recvCall, 0, frame);
    expect([r.kernel.threads[0].phase, r.outcome]).toEqual(['ack', { kind: 'continues' }]);
    const a = d.syscall(r.kernel, 1, recvCall, 0, frame);
    expect([a.kernel.objects.rings[B_RING].ackWord, a.outcome]).toEqual([1, { kind: 'returned' }]);
  });
});

describe('UMP design (M10): RPC over a request ring and a response ring', () => {
  it('the server publishing a response wakes the client asleep for it and delivers it: the reply', () => {
    const k = withThread(withThread(withRing(k0, RSP, { slots: [slot(1, false), EMPTY] }), 2, { phase: 'publish', obj: SVC + 1, peer: 1 }), 1, { state: 'responding', obj: SVC + 1 });
    const r = d.syscall(k, 2, { kind: 'Reply' }, 1, frame);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: 2, to: 1, value: 1 }]);
    expect([r.kernel.threads[0].state, r.kernel.threads[0].mr, r.kernel.threads[1].peer, r.woken]).toEqual(['running', 1, 0, [1]]);
  });

  it('the request publish hands the request to a server asleep in Serve (the request event) and puts the client to sleep for its response in the same step', () => {
    const k = withThread(withThread(withRing(k0, SVC, { slots: [slot(3, false), EMPTY] }), 1, { phase: 'publish', obj: SVC + 1 }), 2, { state: 'receiving', obj: SVC + 1 });
    const r = d.syscall(k, 1, { kind: 'Rpc', obj: SVC }, 3, frame);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: 1, to: 2, value: 3 }]);
    expect([r.kernel.threads[1].state, r.kernel.threads[1].mr, r.kernel.threads[1].peer, r.woken]).toEqual(['running', 3, SVC + 1, [2]]);
    // The client never runs with its call outstanding and no reply: it waits for the response at once.
    expect([r.kernel.threads[0].state, r.outcome, d.runnable(r.kernel, 1)]).toEqual(['responding', { kind: 'blocked', on: 'response' }, false]);
  });

  it('a response already in the ring when the client starts to wait is taken at once as the reply, acknowledged in the same step (no further phase of the call)', () => {
    const k = withThread(withRing(withRing(k0, SVC, { slots: [slot(3, false), EMPTY] }), RSP, { slots: [slot(1, true), EMPTY], sent: 1 }), 1, { phase: 'publish', obj: SVC + 1 });
    const r = d.syscall(k, 1, { kind: 'Rpc', obj: SVC }, 3, frame);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: 2, to: 1, value: 1 }]);
    expect([r.kernel.threads[0].state, r.kernel.threads[0].phase, r.kernel.threads[0].mr, r.outcome]).toEqual(['running', 'idle', 1, { kind: 'returned' }]);
    expect(r.kernel.objects.rings[RSP]).toMatchObject({ recvd: 1, ackWord: 1, lastAck: 1 });
  });

  it('events have no UMP counterpart, a service needs one server; every call but exit is user level; kernel memory 0', () => {
    expect(d.operation({ op: 'signal', obj: 'chan' }, 1, frame)).toBeUndefined();
    expect(d.operation({ op: 'rpc', obj: 'svc' }, 1, { ...frame, objects: [{ name: 'svc', kind: 'service', servers: [1, 2], senders: [] }] })).toBeUndefined();
    expect([d.userLevel!(sendCall), d.userLevel!({ kind: 'Exit' })]).toEqual([true, false]);
    expect(d.memory(aFull)).toBe(0);
  });
});

// ---- composed checks ------------------------------------------------------------------------------

const statuses = (r: ReturnType<typeof check>) => Object.fromEntries(Object.entries(r.verdicts).map(([k, v]) => [k, v.status]));
const lengths = (r: ReturnType<typeof check>) => Object.fromEntries(Object.entries(r.verdicts).flatMap(([k, v]) => ('trace' in v ? [[k, v.trace.steps.length]] : [])));
const HOLDS = {
  'no message lost': 'holds',
  'ring indices within bounds': 'holds',
  'reply correctness': 'holds',
  'run queue': 'holds',
  'kernel memory ≤ 0': 'holds',
  isolation: 'holds',
  privilege: 'holds',
  'kernel-mediated transfer': 'holds',
  'deadlock free': 'holds',
};

/** The old barrelfishUmp scenario: endpoints A and B each send 3 messages (1, 2, 3) on a channel of 2-slot rings, then receive 3. */
const duplex = (witness: 'the client blocks' | 'a message is received'): WorkloadSpec => {
  const endpoint = [set(1), send('chan'), set(2), send('chan'), set(3), send('chan'), repeat(3, receive('chan'))];
  return {
    name: `umpDuplex(${witness})`,
    threads: [
      { name: 'A', space: 'A', program: endpoint },
      { name: 'B', space: 'B', program: endpoint },
    ],
    objects: [{ name: 'chan', kind: 'channel', capacity: 2 }],
    values: 4,
    stuckName: 'no endpoint stuck forever',
    witness: witness === 'the client blocks' ? { name: witness, holds: (v, s) => v.blocked(s, 'A') } : { name: witness, holds: (v, s) => v.received(s, 'A') !== 0 || v.received(s, 'B') !== 0 },
  };
};

/**
 * The event cycle 1 → 2 → 3 → 1 of card W1 as one-way channels (eventCascade graph=cycle, one
 * event): server 1 sends twice on 'in 2' per event, and 'in 1' has two senders, the injector and
 * server 3. Events circulate for ever, so every ring's sequence numbers wrap modulo 4N.
 */
const cycle = (capacity?: number): WorkloadSpec => ({
  name: `umpCycle(capacity=${capacity ?? 'default'})`,
  threads: [
    { name: 'injector', space: 'I', program: [set(0), send('in 1')] },
    { name: 'server 1', space: 'S1', program: [forever(receive('in 1'), send('in 2'), send('in 2'))] },
    { name: 'server 2', space: 'S2', program: [forever(receive('in 2'), send('in 3'))] },
    { name: 'server 3', space: 'S3', program: [forever(receive('in 3'), set(1), send('in 1'))] },
  ],
  objects: ['in 1', 'in 2', 'in 3'].map((name) => ({ name, kind: 'channel' as const, ...(capacity === undefined ? {} : { capacity }) })),
  values: 2,
  witness: { name: 'the cascade reaches server 3', holds: (v, s) => v.message(s, 'server 3') === 1 },
});

describe('UMP design (M10) composed', () => {
  // Before the modulo-4N fix a one-way ring's ack_id (no headers come back) stayed 0 while next_id wrapped, and
  // then read as 'all acknowledged': server 1 overwrote an unread message on 'in 2' ('no message lost' violated
  // in 76 states, 'ring indices within bounds' in 73, of 96, without preemption). With capacity 1 the rings'
  // slot arrays did not fit the state's shape (model error IPC002).
  const CYCLE = { ...HOLDS, 'deadlock free': 'violated', 'no client stuck forever': 'holds', 'the cascade reaches server 3': 'witnessed' };
  const asleepInSend = (r: ReturnType<typeof check>) => {
    const v = r.verdicts['deadlock free'];
    if (v.status !== 'violated') throw new Error('expected a deadlock');
    return (v.trace.steps[v.trace.steps.length - 1].state as { kernel: K }).kernel.threads.map((t) => t.state);
  };

  it('event cycle, no preemption: the sequence numbers wrap and both invariants hold (158 states); the three servers end asleep sending into each other (card W1 F2, 157 steps)', () => {
    const r = check(compose(ump(), cycle(), { preemption: false }));
    expect(r.stats.distinct).toBe(158);
    expect(statuses(r)).toEqual(CYCLE);
    expect(lengths(r)).toEqual({ 'deadlock free': 157, 'the cascade reaches server 3': 24 });
    expect(asleepInSend(r)).toEqual(['done', 'sending', 'sending', 'sending']);
  });

  it('event cycle with 1-slot rings: no preemption (131 states), and preempted anywhere (55837 states), both invariants hold; the servers deadlock in 130 and 106 steps', () => {
    const a = check(compose(ump(), cycle(1), { preemption: false }));
    const b = check(compose(ump(), cycle(1)));
    expect([a.stats.distinct, b.stats.distinct]).toEqual([131, 55837]);
    expect([statuses(a), statuses(b)]).toEqual([CYCLE, CYCLE]);
    expect([lengths(a)['deadlock free'], lengths(b)['deadlock free']]).toEqual([130, 106]);
    expect([asleepInSend(a), asleepInSend(b)]).toEqual([
      ['done', 'sending', 'sending', 'sending'],
      ['done', 'sending', 'sending', 'sending'],
    ]);
  }, 120_000);

  // Counts since the reply fix: a client now sleeps for its response in its request's publish step (it no longer
  // runs a separate phase in which it could poll the response, nor an acknowledgement phase inside the call),
  // so rpcPool went from 18469 to 3219 states and lostReply from 22527 to 3539, each shortest trace one step shorter.
  it('rpcPool (2 clients, 1 server): every property holds over 3219 states, kernel memory 0, and a call completes in 11 steps', () => {
    const r = check(compose(ump(), rpcPool.build(rpcPool.defaults)));
    expect(r.stats.distinct).toBe(3219);
    expect(statuses(r)).toEqual({ ...HOLDS, 'no client stuck forever': 'holds', 'every call is answered': 'holds', 'a call completes': 'witnessed' });
    expect(lengths(r)).toEqual({ 'a call completes': 11 });
  }, 60_000);

  it('rpcPool lostReply (card M3 F1 as a workload): the client whose request the server forgets is stuck, its call never answered (the lasso: the 13-step deadlock trace, from its request at state 2)', () => {
    const model = compose(ump(), rpcPool.build({ ...rpcPool.defaults, bug: 'lostReply' }));
    const r = check(model);
    expect(r.stats.distinct).toBe(3539);
    expect(statuses(r)).toEqual({ ...HOLDS, 'deadlock free': 'violated', 'no client stuck forever': 'violated', 'every call is answered': 'violated', 'a call completes': 'witnessed' });
    expect(lengths(r)).toMatchObject({ 'deadlock free': 13, 'no client stuck forever': 9 });
    const v = r.verdicts['every call is answered'];
    if (v.status !== 'violated') throw new Error('expected a lasso');
    // The lasso: from client 1's request (state 2) into the deadlock (loop = steps: it stays there), by the shortest deadlock trace.
    expect([v.instance, v.trace.steps.length, v.trace.loop, v.premiseAt]).toEqual(['client 1', 13, 13, 2]);
    expect(traceActions(model, r, 'every call is answered')).toEqual(traceActions(model, r, 'deadlock free'));
  }, 60_000);

  it('nestedServer: every request and response taken is recorded, so reply correctness holds (24479 states); only the one server-1 thread holds up the bystander (19 steps)', () => {
    // Before the fix a response polled by a running server 1 ended its call with an error event, and the
    // acknowledgement phase that followed re-recorded the call: reply correctness failed in 45 steps.
    const r = check(compose(ump(), nestedServer.build(nestedServer.defaults)));
    expect(r.stats.distinct).toBe(24479);
    expect(statuses(r)).toEqual({
      ...HOLDS,
      'no client stuck forever': 'holds',
      'every call is answered': 'holds',
      'bystander not held up by server 2': 'violated',
      'bystander reply latency': 'holds',
      'a call completes': 'witnessed',
    });
    expect(lengths(r)).toEqual({ 'bystander not held up by server 2': 19, 'a call completes': 11 });
  }, 120_000);

  it('old run "default": the specification holds everything (3428 states): a sender waiting for can_send drains and acknowledges', () => {
    const a = check(compose(ump(), duplex('the client blocks')));
    const b = check(compose(ump(), duplex('a message is received')));
    expect([a.stats.distinct, b.stats.distinct]).toEqual([3428, 3428]);
    expect(statuses(a)).toEqual({ ...HOLDS, 'no endpoint stuck forever': 'holds', 'the client blocks': 'witnessed' });
    expect(statuses(b)['a message is received']).toBe('witnessed');
    expect([lengths(a)['the client blocks'], lengths(b)['a message is received']]).toEqual([8, 23]);
  });

  it('old run "F1 ignoreCanSend": A laps B and overwrites message 1 (8 steps); the stale epoch then strands B (deadlock in 23)', () => {
    const r = check(compose(ump({ ignoreCanSend: true }), duplex('the client blocks')));
    expect(r.stats.distinct).toBe(1082);
    expect(statuses(r)).toEqual({
      ...HOLDS,
      'no message lost': 'violated',
      'ring indices within bounds': 'violated',
      'deadlock free': 'violated',
      'no endpoint stuck forever': 'violated',
      'the client blocks': 'witnessed',
    });
    expect(lengths(r)).toMatchObject({ 'no message lost': 8, 'ring indices within bounds': 9, 'deadlock free': 23, 'no endpoint stuck forever': 21 });
  });

  it('old run "F2 blockedSenderStopsDraining": both rings full, both senders wait for acknowledgements nobody writes', () => {
    const m = compose(ump({ blockedSenderStopsDraining: true }), duplex('the client blocks'));
    const r = check(m);
    expect(r.stats.distinct).toBe(466);
    expect(statuses(r)).toEqual({ ...HOLDS, 'deadlock free': 'violated', 'no endpoint stuck forever': 'violated', 'the client blocks': 'witnessed' });
    expect(lengths(r)).toMatchObject({ 'deadlock free': 19, 'no endpoint stuck forever': 16 });
    const v = r.verdicts['deadlock free'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    const last = v.trace.steps[v.trace.steps.length - 1].state.kernel as K;
    expect(last.objects.rings.slice(0, 2).map((g) => [g.sent, g.recvd, g.ackId, g.ackWord])).toEqual([
      [2, 0, 0, 0],
      [2, 0, 0, 0],
    ]);
    // Here nobody receives before sending all three: the old model's endpoints could, so its witness 'a message is received' was witnessed.
    expect(statuses(check(compose(ump({ blockedSenderStopsDraining: true }), duplex('a message is received'))))['a message is received']).toBe('unwitnessed');
  });
});
