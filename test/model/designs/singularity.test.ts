/**
 * The Singularity design (spec card M12): its contracts checked when it is made, its calls case by
 * case on hand-built kernel states, its invariants, then every registered run of every pair with
 * state counts, verdicts and the shortest counterexamples of card M12's seeded bugs F1–F5 pinned,
 * and the command line's report of an ill-formed contract.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { reachableStates } from '../../helpers/reachableStates.js';
import { singularity, type SingCall, type SingChannel, type SingEndpoint, type SingObjects, type SingThread } from '../../../model/designs/singularity.js';
import { ContractError, defineContract } from '../../../model/designs/contract.js';
import { compose, type ComposedAction, type ComposedState } from '../../../model/compose/compose.js';
import type { Model } from '../../../model/core/model.js';
import { rpcPool } from '../../../model/workloads/rpcPool.js';
import { burst } from '../../../model/workloads/burst.js';
import type { Frame, KernelState, SyscallResult } from '../../../model/designs/design.js';
import { check } from '../../../checker/check.js';
import { designs, workloads } from '../../../registry/designs.js';
import { expressible, pairEntry } from '../../../registry/entries/designWorkloads.js';
import { ExitCode } from '../../../cli/exitCodes.js';
import { removeTmpDirs, runMain, tmpDir } from '../../cli/harness.js';

afterAll(removeTmpDirs);

type K = KernelState<SingThread, SingObjects>;

// Threads 1..4: two clients, a server, a producer. Object 0 is a service (RPC contract), object 1 a
// one-way channel (NicDeviceEventContract, the producer exports). Channel (o, u) is chans[o][u − 1].
const [SVC, CH] = [0, 1];
const [C1, C2, S, P] = [1, 2, 3, 4];
const frame: Frame = {
  threads: 4,
  values: 3,
  slots: 1,
  pages: 1,
  objects: [
    { name: 'svc', kind: 'service', servers: [S], senders: [C1, C2] },
    { name: 'ch', kind: 'channel', servers: [S], senders: [P] },
  ],
  threadNames: ['c1', 'c2', 's', 'p'],
};
// Protocol states and message tags, by index: RPC Start 0, Sent 1; Req 0, Reply 1, Error 2. NicDeviceEvent READY 0, ACK 1; event 0, Ack 1.
const [START, SENT] = [0, 1];
const [REQ, REPLY] = [0, 1];
const [READY, ACK] = [0, 1];
const [EVENT, ACK_MSG] = [0, 1];

const design = singularity();
const K0: K = design.init(frame);

type Syscall = (k: K, t: number, c: SingCall, message: number, f: Frame) => SyscallResult<K>;
const call = (k: K, t: number, c: SingCall, message = 0, d = design) => (d.syscall as Syscall)(k, t, c, message, frame);
const chan = (k: K, o: number, u: number): SingChannel => k.objects.chans[o][u - 1];
const msg = (tag: number, value: number, owner: number, freed = false) => ({ tag, value, owner, freed });
/** A kernel: the boot state with threads and endpoints (`[o, u, side]`) changed. */
function kernel(threads: Readonly<Record<number, Partial<SingThread>>> = {}, ends: readonly (readonly [number, number, number, Partial<SingEndpoint>])[] = [], base: K = K0): K {
  const chans = base.objects.chans.map((cs) => cs.map((c) => ({ ends: c.ends.slice() })));
  for (const [o, u, x, change] of ends) chans[o][u - 1].ends[x] = { ...chans[o][u - 1].ends[x], ...change };
  return { threads: base.threads.map((th, i) => ({ ...th, ...threads[i + 1] })), objects: { chans } };
}
const waiting = (wait: SingThread['wait'], obj: number, extra: Partial<SingThread> = {}): Partial<SingThread> => ({ state: 'waiting', wait, on: obj + 1, ...extra });
const invariants = (k: K, d = design) => Object.fromEntries(d.invariants(frame).map((p) => [p.name, p.holds(k)]));
const allHold = (k: K) => Object.values(invariants(k)).every((v) => v);

describe('contracts checked when the design is made (card M12 F1)', () => {
  it('an ill-formed one-way contract is rejected with a ContractError before any model exists', () => {
    expect(() => singularity({ stream: 'dataStop' })).toThrow(ContractError);
    expect(() => singularity({ stream: 'dataStop' })).toThrow('contract DataStop is ill-formed: state S is part of a pure receive loop S -Data?-> S');
    expect(() => singularity({ stream: 'xonXoff' })).toThrow('contract StreamXonXoff is ill-formed: state START is part of a pure receive loop START -Request?-> START');
  });

  it('with the check skipped (the F1 mutant) the design is made, its endpoints given the slots of the loop taken once', () => {
    const f1 = singularity({ stream: 'dataStop', checkContracts: false });
    expect(f1.title).toBe('Singularity channels (M12) [stream DataStop, contracts unchecked]');
    expect(chan(f1.init(frame), CH, P).ends.map((e) => e.slots)).toEqual([0, 1]);
  });
});

describe('a one-way contract of the user\'s, given as data (`stream: { contract, data }`)', () => {
  it('an ill-formed one is rejected when the design is made, with its pure loop', () => {
    const flood = defineContract('Flood', 'Open', [['Open', 'Ev!', 'Open'], ['Open', 'Stop!', 'Shut']]);
    let error: unknown;
    try {
      singularity({ stream: { contract: flood, data: 'Ev' } });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ContractError);
    expect((error as ContractError).cycle).toEqual([{ from: 'Open', message: 'Ev', dir: 'out', to: 'Open' }]);
    expect((error as ContractError).message).toContain('contract Flood is ill-formed: state Open is part of a pure send loop Open -Ev!-> Open');
    expect(() => singularity({ stream: { contract: flood, data: 'Event' } })).toThrow('singularity: contract Flood has no message Event for a producer to send');
  });

  it('a well-formed one runs: a credit of two gives each endpoint two slots (two events one way, two Acks back), and burst keeps every property with kernel memory 0 (100 states; 76 with NicDeviceEventContract)', () => {
    // The producer may send two events before it waits for an Ack; K(C, out) = 2.
    const window = defineContract('Window2', 'W0', [['W0', 'Ev!', 'W1'], ['W1', 'Ev!', 'W2'], ['W1', 'Ack?', 'W0'], ['W2', 'Ack?', 'W1']]);
    const d = singularity({ stream: { contract: window, data: 'Ev' } });
    expect(d.title).toBe('Singularity channels (M12) [stream Window2]');
    expect(chan(d.init(frame), CH, P).ends.map((e) => e.slots)).toEqual([2, 2]);
    const r = check(compose(d, burst.build(burst.defaults)));
    expect(r.modelError).toBeUndefined();
    expect(Object.entries(r.verdicts).filter(([, v]) => v.status !== 'holds' && v.status !== 'witnessed')).toEqual([]);
    expect(r.stats.distinct).toBe(100);
  }, 60_000);
});

describe('boot: every channel exists, its endpoints owned by the client or producer and by the server', () => {
  it('a channel per client of the service and per producer of the one-way channel, with the contract\'s K = 1 slots', () => {
    expect(chan(K0, SVC, C1).ends).toEqual([
      { owner: C1, state: START, closed: false, moving: 0, slots: 1, queue: [] },
      { owner: S, state: START, closed: false, moving: 0, slots: 1, queue: [] },
    ]);
    expect(chan(K0, SVC, C2).ends.map((e) => e.owner)).toEqual([C2, S]);
    expect(chan(K0, CH, P).ends.map((e) => e.owner)).toEqual([P, S]);
    expect(chan(K0, SVC, S).ends.map((e) => e.owner)).toEqual([0, 0]);
    expect([design.memory(K0), allHold(K0)]).toEqual([0, true]);
    for (let t = 1; t <= 4; t++) expect([design.runnable(K0, t), design.ended(K0, t)]).toEqual([true, false]);
  });

  it('maps the design-neutral operations: services and one-way channels; events, faults, a pool of servers and a two-way channel are n/a', () => {
    expect(design.operation({ op: 'rpc', obj: 'svc' }, C1, frame)).toEqual({ kind: 'Call', obj: SVC });
    expect(design.operation({ op: 'request', obj: 'svc' }, C1, frame)).toEqual({ kind: 'Send', obj: SVC });
    expect(design.operation({ op: 'receive', obj: 'svc' }, C1, frame)).toEqual({ kind: 'ReceiveReply', obj: SVC });
    expect(design.operation({ op: 'receive', obj: 'svc' }, S, frame)).toBeUndefined();
    expect(design.operation({ op: 'replyServe', obj: 'svc' }, S, frame)).toEqual({ kind: 'ReplyServe', obj: SVC });
    expect(design.operation({ op: 'send', obj: 'ch' }, P, frame)).toEqual({ kind: 'Send', obj: CH });
    expect(design.operation({ op: 'receive', obj: 'ch' }, S, frame)).toEqual({ kind: 'Receive', obj: CH });
    const other: Frame = {
      ...frame,
      objects: [
        { name: 'pool', kind: 'service', servers: [S, P], senders: [C1] },
        { name: 'two-way', kind: 'channel', servers: [C1, C2], senders: [C1, C2] },
        { name: 'ev', kind: 'event', servers: [S], senders: [C1] },
      ],
    };
    for (const obj of ['pool', 'two-way', 'ev']) for (const op of ['rpc', 'serve', 'send', 'receive'] as const) expect(design.operation({ op, obj }, C1, other)).toBeUndefined();
    expect(design.operation({ op: 'signal', obj: 'ev' }, C1, other)).toBeUndefined();
  });
});

describe('rpc, serve and reply over RPC channels', () => {
  it('Call sends Req into the server\'s slot (owner PID: the server) and waits in a switch receive for the answer', () => {
    const r = call(K0, C1, { kind: 'Call', obj: SVC }, 2);
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'switch receive (reply) on svc' });
    expect([r.woken, r.events]).toEqual([[], []]);
    expect(chan(r.kernel, SVC, C1).ends.map((e) => [e.state, e.queue])).toEqual([[SENT, []], [START, [msg(REQ, 2, S)]]]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'waiting', wait: 'reply', on: SVC + 1, mr: 2 });
    expect([design.memory(r.kernel), allHold(r.kernel)]).toEqual([0, true]);
  });

  it('Serve with no request waits over its clients\' endpoints; a Call then delivers to it at once', () => {
    const s = call(K0, S, { kind: 'Serve', obj: SVC });
    expect(s.outcome).toEqual({ kind: 'blocked', on: 'switch receive (request) on svc' });
    const r = call(s.kernel, C2, { kind: 'Call', obj: SVC }, 1);
    expect(r.woken).toEqual([S]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: C2, to: S, value: 1 }]);
    expect(r.kernel.threads[S - 1]).toMatchObject({ state: 'running', wait: 'none', mr: 1, servingObj: SVC + 1, serving: C2 });
    expect(chan(r.kernel, SVC, C2).ends.map((e) => [e.state, e.queue.length])).toEqual([[SENT, 0], [SENT, 0]]);
  });

  it('Serve takes the first row that matches, in channel order', () => {
    const k = kernel({ [C1]: waiting('reply', SVC), [C2]: waiting('reply', SVC) }, [
      [SVC, C1, 0, { state: SENT }],
      [SVC, C1, 1, { queue: [msg(REQ, 1, S)] }],
      [SVC, C2, 0, { state: SENT }],
      [SVC, C2, 1, { queue: [msg(REQ, 2, S)] }],
    ]);
    const r = call(k, S, { kind: 'Serve', obj: SVC });
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: C1, to: S, value: 1 }]);
  });

  it('Reply answers the client being served: it takes the Reply at once and runs; the server never blocks', () => {
    const k = kernel({ [C1]: waiting('reply', SVC), [S]: { servingObj: SVC + 1, serving: C1 } }, [[SVC, C1, 0, { state: SENT }], [SVC, C1, 1, { state: SENT }]]);
    const r = call(k, S, { kind: 'Reply' }, 2);
    expect([r.outcome, r.woken, r.events]).toEqual([{ kind: 'returned' }, [C1], [{ kind: 'transfer', what: 'reply', from: S, to: C1, value: 2 }]]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', wait: 'none', mr: 2 });
    expect(r.kernel.threads[S - 1]).toMatchObject({ servingObj: 0, serving: 0 });
    expect(chan(r.kernel, SVC, C1).ends.map((e) => [e.state, e.queue.length])).toEqual([[START, 0], [START, 0]]);
    expect(design.stepInvariants!(frame)[0].holds(k, { kind: 'Reply' }, r.kernel)).toBe(true);
  });

  it('a Reply to a client that has gone succeeds into its closed endpoint; a Reply with nobody served does nothing', () => {
    const k = kernel({ [C1]: { state: 'done' }, [S]: { servingObj: SVC + 1, serving: C1 } }, [[SVC, C1, 0, { state: SENT, closed: true }], [SVC, C1, 1, { state: SENT }]]);
    const r = call(k, S, { kind: 'Reply' }, 1);
    expect([r.outcome, r.woken, r.events]).toEqual([{ kind: 'returned' }, [], []]);
    expect(chan(r.kernel, SVC, C1).ends[0].queue).toEqual([msg(REPLY, 1, C1)]);
    expect(call(K0, S, { kind: 'Reply' }).kernel).toEqual({ ...K0, threads: K0.threads });
  });

  it('Save keeps the endpoint being served; ReplySaved answers through it; ReplyServe replies, then serves', () => {
    const k = kernel({ [C1]: waiting('reply', SVC), [S]: { servingObj: SVC + 1, serving: C1 } }, [[SVC, C1, 0, { state: SENT }], [SVC, C1, 1, { state: SENT }]]);
    const saved = call(k, S, { kind: 'Save', slot: 0 });
    expect(saved.kernel.threads[S - 1]).toMatchObject({ servingObj: 0, serving: 0, saved: [{ obj: SVC + 1, client: C1 }] });
    const r = call(saved.kernel, S, { kind: 'ReplySaved', slot: 0 }, 2);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: S, to: C1, value: 2 }]);
    expect(r.kernel.threads[S - 1].saved).toEqual([{ obj: 0, client: 0 }]);
    const rs = call(k, S, { kind: 'ReplyServe', obj: SVC }, 1);
    expect([rs.outcome, rs.woken]).toEqual([{ kind: 'blocked', on: 'switch receive (request) on svc' }, [C1]]);
  });
});

describe('ChannelClosed, unsatisfiable, and close on exit', () => {
  it('a caller whose server exits sees ChannelClosed: its call ends without a reply', () => {
    const k = kernel({ [C1]: waiting('reply', SVC) }, [[SVC, C1, 0, { state: SENT }], [SVC, C1, 1, { queue: [msg(REQ, 0, S)] }]]);
    const r = call(k, S, { kind: 'Exit' });
    expect([r.outcome, r.woken, r.events]).toEqual([{ kind: 'ended' }, [C1], [{ kind: 'error', thread: C1, label: 'ChannelClosed' }]]);
    expect(chan(r.kernel, SVC, C1).ends[1].closed).toBe(true);
    expect(chan(r.kernel, CH, P).ends[1].closed).toBe(true);
    expect(design.ended(r.kernel, S)).toBe(true);
  });

  it('FIFO then close: the Reply a server sent before it exited is taken first, then ChannelClosed', () => {
    const k = kernel({ [S]: { state: 'done' } }, [[SVC, C1, 0, { state: SENT, queue: [msg(REPLY, 2, C1)] }], [SVC, C1, 1, { closed: true }]]);
    const first = call(k, C1, { kind: 'ReceiveReply', obj: SVC });
    expect([first.outcome, first.events]).toEqual([{ kind: 'returned' }, [{ kind: 'transfer', what: 'reply', from: S, to: C1, value: 2 }]]);
    const second = call(first.kernel, C1, { kind: 'ReceiveReply', obj: SVC });
    expect(second.events).toEqual([{ kind: 'error', thread: C1, label: 'ChannelClosed' }]);
  });

  it('a server deletes the endpoint of a client that has gone and waits on the rest; with none left the unsatisfiable row ends it', () => {
    const k = kernel({ [C1]: { state: 'done' } }, [[SVC, C1, 0, { closed: true }]]);
    const r = call(k, S, { kind: 'Serve', obj: SVC });
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'switch receive (request) on svc' });
    expect(r.events).toEqual([{ kind: 'note', thread: S, label: "ChannelClosed: c1's endpoint deleted" }]);
    expect(invariants(r.kernel)['FIFO-then-close']).toBe(true);
    const last = call(r.kernel, C2, { kind: 'Exit' });
    expect(last.kernel.threads[S - 1].state).toBe('done');
    expect(last.events).toEqual([
      { kind: 'note', thread: S, label: "ChannelClosed: c2's endpoint deleted" },
      { kind: 'note', thread: S, label: 'unsatisfiable: every peer has closed' },
    ]);
    expect(chan(last.kernel, SVC, C2).ends.map((e) => e.closed)).toEqual([true, true]);
  });

  it('F4: without a ChannelClosed case a closed client\'s row is no longer possible; the server waits on the live rows, and throws only when none is left', () => {
    const f4 = singularity({ closedCase: false });
    const sys = f4.syscall as Syscall;
    const serving = sys(f4.init(frame), S, { kind: 'Serve', obj: SVC }, 0, frame);
    const one = sys(serving.kernel, C1, { kind: 'Exit' }, 0, frame);
    expect([one.events, one.kernel.threads[S - 1].state]).toEqual([[], 'waiting']);
    expect(chan(one.kernel, SVC, C1).ends.map((e) => e.closed)).toEqual([true, false]);
    const both = sys(one.kernel, C2, { kind: 'Exit' }, 0, frame);
    expect(both.events).toEqual([{ kind: 'error', thread: S, label: 'exception: Unsatisfiable switch receive' }]);
    expect(both.kernel.threads[S - 1].state).toBe('dead');
  });

  it('F4: without ChannelClosed or unsatisfiable rows the switch throws; the thread dies and its death closes its endpoints, killing its own caller in turn', () => {
    const f4 = singularity({ closedCase: false });
    // c1 calls s on svc; s calls p on ch? No: a second service. Frame: c1 → s (svc), s → p (back).
    const chain: Frame = { ...frame, objects: [{ name: 'svc', kind: 'service', servers: [S], senders: [C1] }, { name: 'back', kind: 'service', servers: [P], senders: [S] }] };
    const k0 = f4.init(chain);
    const k: K = {
      threads: k0.threads.map((th, i) => (i + 1 === C1 ? { ...th, ...waiting('reply', 0) } : i + 1 === S ? { ...th, ...waiting('reply', 1), servingObj: 1, serving: C1 } : th)),
      objects: { chans: k0.objects.chans.map((cs, o) => cs.map((c, i) => (i + 1 === (o === 0 ? C1 : S) ? { ends: c.ends.map((e) => ({ ...e, state: SENT })) } : c))) },
    };
    const r = (f4.syscall as Syscall)(k, P, { kind: 'Exit' }, 0, chain);
    expect(r.events).toEqual([
      { kind: 'error', thread: S, label: 'exception: Unsatisfiable switch receive' },
      { kind: 'error', thread: C1, label: 'exception: Unsatisfiable switch receive' },
    ]);
    expect(r.kernel.threads.map((th) => th.state)).toEqual(['dead', 'running', 'dead', 'done']);
    expect(f4.invariants(chain).find((p) => p.name === 'no thread dies of an exception')!.holds(r.kernel)).toBe(false);
    expect([f4.ended(r.kernel, C1), f4.runnable(r.kernel, C1)]).toEqual([true, false]);
  });
});

describe('one-way messages over NicDeviceEventContract: a credit of one', () => {
  it('the first Send never blocks; the second waits for the Ack the consumer returns when it comes back for the next event', () => {
    const first = call(K0, P, { kind: 'Send', obj: CH }, 1);
    expect([first.outcome, first.events]).toEqual([{ kind: 'returned' }, []]);
    expect(chan(first.kernel, CH, P).ends.map((e) => [e.state, e.queue])).toEqual([[ACK, []], [READY, [msg(EVENT, 1, S)]]]);
    const second = call(first.kernel, P, { kind: 'Send', obj: CH }, 2);
    expect(second.outcome).toEqual({ kind: 'blocked', on: 'switch receive (credit) on ch' });
    const got = call(second.kernel, S, { kind: 'Receive', obj: CH });
    expect([got.outcome, got.events]).toEqual([{ kind: 'returned' }, [{ kind: 'transfer', what: 'message', from: P, to: S, value: 1 }]]);
    expect(chan(got.kernel, CH, P).ends.map((e) => e.state)).toEqual([ACK, ACK]);
    // The next Receive sends the owed Ack: the producer takes it, sends its event, and the consumer takes that at once.
    const next = call(got.kernel, S, { kind: 'Receive', obj: CH });
    expect([next.outcome, next.woken, next.events]).toEqual([{ kind: 'returned' }, [P], [{ kind: 'transfer', what: 'message', from: P, to: S, value: 2 }]]);
    expect(chan(next.kernel, CH, P).ends.map((e) => [e.state, e.queue.length])).toEqual([[ACK, 0], [ACK, 0]]);
    expect([design.memory(next.kernel), allHold(next.kernel)]).toEqual([0, true]);
  });

  it('a producer waiting for its credit when the consumer exits sees ChannelClosed: its event is not sent', () => {
    const k = kernel({ [P]: { ...waiting('credit', CH), mr: 2 } }, [[CH, P, 0, { state: ACK }], [CH, P, 1, { state: ACK }]]);
    const r = call(k, S, { kind: 'Exit' });
    expect([r.woken, r.events]).toEqual([[P], [{ kind: 'error', thread: P, label: 'ChannelClosed: NicDeviceEvent not sent' }]]);
  });

  it('a stale answer the contract still owes (its call timed out) is taken and discarded before the next request', () => {
    const k = kernel({}, [[SVC, C1, 0, { state: SENT, queue: [msg(REPLY, 1, C1)] }]]);
    const r = call(k, C1, { kind: 'Call', obj: SVC }, 2);
    expect(r.events).toEqual([{ kind: 'note', thread: C1, label: 'stale Reply discarded' }]);
    expect(chan(r.kernel, SVC, C1).ends.map((e) => [e.state, e.queue.length])).toEqual([[SENT, 0], [START, 1]]);
  });

  it('with a timeout row (F3) a waiting caller may expire: its call ends without a reply', () => {
    const f3 = singularity({ replyTimeout: true });
    const r = (f3.syscall as Syscall)(K0, C1, { kind: 'Call', obj: SVC }, 0, frame);
    expect(f3.expirable!(r.kernel)).toEqual([C1]);
    const e = f3.expire!(r.kernel, C1, frame);
    expect([e.woken, e.events]).toEqual([[C1], [{ kind: 'error', thread: C1, label: 'timeout' }]]);
    expect(design.expirable!(call(K0, C1, { kind: 'Call', obj: SVC }).kernel)).toEqual([]);
  });
});

describe('endpoint moves and block ownership (F5)', () => {
  // The consumer end of ch, owned by s at boot, moves to c2.
  const move: SingCall = { kind: 'MoveEndpoint', obj: CH, to: C2 };

  it('AcceptEndpoint returns at once for a thread that owns an endpoint of the object, else waits for one', () => {
    expect(call(K0, S, { kind: 'AcceptEndpoint', obj: CH }).outcome).toEqual({ kind: 'returned' });
    expect(call(K0, C2, { kind: 'AcceptEndpoint', obj: CH }).outcome).toEqual({ kind: 'blocked', on: 'switch receive (endpoint) on ch' });
  });

  it('the rule refuses a move in a state where the endpoint can receive a block', () => {
    expect(() => call(K0, S, move)).toThrow("singularity: Endpoint must move in a state without pointer receives (EndpointStateMustGuaranteeNoPointerReceives): ch's endpoint is in state READY, where it can receive NicDeviceEvent");
  });

  it('a legal move (the endpoint owes an Ack) re-owns the blocks, then hands the endpoint over and wakes the thread accepting it', () => {
    const k = kernel({ [C2]: waiting('endpoint', CH) }, [[CH, P, 1, { state: ACK }]]);
    const one = call(k, S, move);
    expect(one.outcome).toEqual({ kind: 'continues' });
    expect(chan(one.kernel, CH, P).ends[1]).toMatchObject({ owner: S, moving: C2 });
    const two = call(one.kernel, S, move);
    expect([two.outcome, two.woken]).toEqual([{ kind: 'returned' }, [C2]]);
    expect(chan(two.kernel, CH, P).ends[1]).toMatchObject({ owner: C2, moving: 0 });
  });

  it('moved in any state (the mutant), a block sent between the phases keeps the old owner\'s PID, and its exit frees it: OWN fails', () => {
    const f5 = singularity({ moveRule: false });
    const sys = f5.syscall as Syscall;
    const one = sys(K0, S, move, 0, frame);
    const sent = sys(one.kernel, P, { kind: 'Send', obj: CH }, 1, frame);
    expect(chan(sent.kernel, CH, P).ends[1].queue).toEqual([msg(EVENT, 1, S)]);
    const two = sys(sent.kernel, S, move, 0, frame);
    const exit = sys(two.kernel, S, { kind: 'Exit' }, 0, frame);
    expect(chan(exit.kernel, CH, P).ends[1]).toMatchObject({ owner: C2, closed: false, queue: [msg(EVENT, 1, S, true)] });
    expect(Object.fromEntries(f5.invariants(frame).map((p) => [p.name, p.holds(exit.kernel)])).OWN).toBe(false);
  });
});

describe('invariants Q-BOUND, CONF, OWN, FIFO-then-close, no thread dies, and the step invariant senders never block', () => {
  it('are named as the module documents them', () => {
    expect(design.invariants(frame).map((p) => p.name)).toEqual(['Q-BOUND', 'CONF', 'OWN', 'FIFO-then-close', 'no thread dies of an exception']);
    expect(design.stepInvariants!(frame).map((p) => p.name)).toEqual(['senders never block']);
  });

  it('each fails on a state that breaks it', () => {
    expect(invariants(kernel({}, [[SVC, C1, 1, { queue: [msg(REQ, 0, S), msg(REQ, 0, S)] }]]))['Q-BOUND']).toBe(false);
    // A Reply queued while the client's state has sent nothing is no trace of the contract.
    expect(invariants(kernel({}, [[SVC, C1, 0, { queue: [msg(REPLY, 0, C1)] }]])).CONF).toBe(false);
    expect(invariants(kernel({}, [[SVC, C1, 0, { state: SENT }], [SVC, C1, 1, { queue: [msg(REQ, 0, S, true)] }]])).OWN).toBe(false);
    expect(invariants(kernel({}, [[SVC, C1, 0, { state: SENT }], [SVC, C1, 1, { closed: true, queue: [msg(REQ, 0, S)] }]]))['FIFO-then-close']).toBe(false);
    expect(invariants(kernel({ [C1]: { state: 'dead' } }))['no thread dies of an exception']).toBe(false);
  });

  it('senders never block (by construction): a Send the contract allows that waited would break it; the credit wait the contract demands does not', () => {
    const neverBlock = design.stepInvariants!(frame)[0];
    // Hand-built: the producer in READY may send its event, yet its Send left it waiting for a credit.
    expect(neverBlock.holds(K0, { kind: 'Send', obj: CH }, kernel({ [P]: waiting('credit', CH) }))).toBe(false);
    // The design's own steps: the first Send is made at once; the second waits in ACK, where the contract lets the producer only receive its Ack.
    const first = call(K0, P, { kind: 'Send', obj: CH }, 1);
    const second = call(first.kernel, P, { kind: 'Send', obj: CH }, 2);
    expect(second.kernel.threads[P - 1]).toMatchObject({ state: 'waiting', wait: 'credit' });
    expect([neverBlock.holds(K0, { kind: 'Send', obj: CH }, first.kernel), neverBlock.holds(first.kernel, { kind: 'Send', obj: CH }, second.kernel)]).toEqual([true, true]);
    // A server that replies and then waits for the next request waits to receive, not to send.
    expect(neverBlock.holds(K0, { kind: 'ReplyServe', obj: SVC }, kernel({ [S]: waiting('request', SVC) }))).toBe(true);
  });

  it('CONF holds with messages in flight either way, and the boot state keeps them all', () => {
    expect(invariants(kernel({}, [[SVC, C1, 0, { state: SENT }], [SVC, C1, 1, { queue: [msg(REQ, 0, S)] }]])).CONF).toBe(true);
    expect(invariants(kernel({}, [[SVC, C1, 0, { state: SENT, queue: [msg(REPLY, 0, C1)] }], [SVC, C1, 1, { state: START }]])).CONF).toBe(true);
    expect(allHold(K0)).toBe(true);
  });
});

/** Every registered run of Singularity × `workload`: distinct states (or the rejection), and the verdicts as the registry expects. */
function runs(workload: string): (number | string)[] {
  const entry = pairEntry(designs.find((d) => d.id === 'Singularity')!, workloads.find((w) => w.id === workload)!);
  return entry.runs.map((run) => {
    if (run.rejected !== undefined) {
      expect(() => entry.make({ ...entry.defaults, ...run.set })).toThrow(run.rejected);
      return 'rejected';
    }
    const r = check(entry.make({ ...entry.defaults, ...run.set }));
    expect(r.modelError, run.label).toBeUndefined();
    for (const [p, status] of Object.entries(run.expect)) expect(r.verdicts[p].status, `${run.label}: ${p}`).toBe(status);
    return r.stats.distinct;
  });
}

/** Every reachable state of `model`, by a plain search. */
const reachable = (model: Model<ComposedState, ComposedAction>): ComposedState[] => reachableStates(model);

/** The shortest counterexample's length of `property` in a run of Singularity × `workload`. */
function shortest(workload: string, set: Record<string, string | number>, property: string): number {
  const entry = pairEntry(designs.find((d) => d.id === 'Singularity')!, workloads.find((w) => w.id === workload)!);
  const v = check(entry.make({ ...entry.defaults, ...set })).verdicts[property];
  if (!('trace' in v)) throw new Error(`${property}: ${v.status}, no trace`);
  return v.trace.steps.length;
}

describe('composed: every registered pair, with its state counts and verdicts', () => {
  it('expresses these shipped workloads; pageFault, notifyItems, longIpc, oneWayClient, portQueue and duplex are n/a', () => {
    const sing = designs.find((d) => d.id === 'Singularity')!;
    expect(workloads.filter((w) => expressible(sing, w)).map((w) => w.id)).toEqual(['rpcPool', 'nestedServer', 'deferredReply', 'burst', 'eventCascade', 'mutualCalls', 'callBack', 'strayMessage', 'pipeStream', 'ringStream', 'serverFailure', 'endpointMove', 'selfInvocation', 'componentLock']);
  });

  it('rpcPool 1443, deferredReply 417, strayMessage 12674, pipeStream 76, ringStream 76: every property holds, kernel memory 0', () => {
    expect([runs('rpcPool'), runs('deferredReply'), runs('strayMessage'), runs('pipeStream'), runs('ringStream')]).toEqual([[1443], [417], [12674], [76], [76]]);
  }, 120_000);

  it('nestedServer: server 2 holds server 1 up, as on every synchronous design (12095); a device that may never fire closes its channel instead (13143)', () => {
    expect(runs('nestedServer')).toEqual([12095, 13143]);
  }, 120_000);

  it('eventCascade: chain 2753 and tree 4640 hold; W1 F5, credit 1 across a cycle, deadlocks (5695, shortest 41 steps)', () => {
    expect(runs('eventCascade')).toEqual([2753, 4640, 5695]);
    expect(shortest('eventCascade', { graph: 'cycle' }, 'deadlock free')).toBe(41);
  }, 120_000);

  it('F1: both ill-formed contracts are rejected before any search; the unchecked mutant grows the queue past K without bound (538 states)', () => {
    expect(runs('burst')).toEqual([76, 'rejected', 'rejected', 538]);
    expect(shortest('burst', { mutant: 'dataStopUnchecked', messages: 8, memoryBound: 0 }, 'Q-BOUND')).toBe(5);
    const entry = pairEntry(designs.find((d) => d.id === 'Singularity')!, workloads.find((w) => w.id === 'burst')!);
    const v = check(entry.make({ ...entry.defaults, mutant: 'dataStopUnchecked', messages: 8, memoryBound: 0 })).verdicts['kernel memory ≤ 0'];
    expect(v.status).toBe('unbounded');
    if (v.status !== 'unbounded') throw new Error('unreachable');
    expect([v.growth.prefixSteps, v.growth.measures, v.growth.growthPerRound]).toEqual([5, [1, 2, 3, 4, 5, 6], 1]);
  }, 60_000);

  it('F2: callBack (259) and mutualCalls (2264) deadlock across channels though each contract is kept', () => {
    expect([runs('callBack'), runs('mutualCalls')]).toEqual([[259], [2264]]);
    expect(shortest('callBack', {}, 'deadlock free')).toBe(8);
  }, 60_000);

  it('F3 and F4 on serverFailure: 124, never replies 74 (client stuck after 2 steps), a timeout row 570, death seen as ChannelClosed 87, no ChannelClosed case 74 (a death after 11 steps)', () => {
    expect(runs('serverFailure')).toEqual([124, 74, 570, 87, 74]);
    expect(shortest('serverFailure', { back: 'never' }, 'no client stuck forever')).toBe(2);
    expect(shortest('serverFailure', { back: 'dies', mutant: 'noClosedCase' }, 'no thread dies of an exception')).toBe(11);
    // The cascade: the back server's exit kills the middle server, whose death kills the client, in the one step.
    const entry = pairEntry(designs.find((d) => d.id === 'Singularity')!, workloads.find((w) => w.id === 'serverFailure')!);
    const v = check(entry.make({ ...entry.defaults, back: 'dies', mutant: 'noClosedCase' })).verdicts['no thread dies of an exception'];
    if (!('trace' in v)) throw new Error('no trace');
    const last = v.trace.steps[v.trace.steps.length - 1].state as { kernel: K };
    expect(last.kernel.threads.map((th) => th.state)).toEqual(['dead', 'dead', 'done']);
  }, 60_000);

  it('F4 on rpcPool: the server throws only once both clients have gone; while client 2\'s row is possible it waits (1363 states, a death after 17 steps)', () => {
    const model = compose(singularity({ closedCase: false }), rpcPool.build(rpcPool.defaults)) as Model<ComposedState, ComposedAction>;
    const states = reachable(model).map((s) => s.kernel as K);
    expect(states.length).toBe(1363);
    const [c1, c2, server] = [1, 2, 3];
    const ended = (k: K, t: number) => k.threads[t - 1].state === 'done';
    // Client 1 has gone and client 2 has not: the server lives on (some such states have it waiting on client 2's row).
    expect(states.some((k) => ended(k, c1) && !ended(k, c2) && k.threads[server - 1].state === 'waiting')).toBe(true);
    expect(states.filter((k) => k.threads[server - 1].state === 'dead').every((k) => ended(k, c1) && ended(k, c2))).toBe(true);
    expect(shortest('rpcPool', { mutant: 'noClosedCase' }, 'no thread dies of an exception')).toBe(17);
  }, 60_000);

  it('F5 on endpointMove: a legal move holds (368); moved in any state, OWN fails (564, shortest 16 steps)', () => {
    expect(runs('endpointMove')).toEqual([368, 564]);
    expect(shortest('endpointMove', { move: 'atOnce', mutant: 'moveAnyState' }, 'OWN')).toBe(16);
  }, 60_000);
});

describe('the command line reports an ill-formed contract as a model error, before any search', () => {
  it('one run: exit code 6 and the message naming the contract, its pure loop and the fix', async () => {
    const { code, stdout, stderr } = await runMain(['Singularity.burst', '--set', 'mutant=xonXoffContract', '--out', tmpDir(), '--no-progress']);
    expect(code).toBe(ExitCode.ModelError);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      'ipc-check: Singularity.burst (messages=3, receiver=slow, memoryBound=2, mutant=xonXoffContract, hardware=ok, scheduling=strict, preemption=true): the model definition is rejected before any search: ' +
        "contract StreamXonXoff is ill-formed: state START is part of a pure receive loop START -Request?-> START (from the exporter's side: the importer may send Request for ever while the exporter sends nothing back). " +
        "Every cycle of a contract needs at least one ! and one ?, so that each direction's queue is bounded by K(C, dir), the longest run of same-direction messages on any path; on this cycle no number of endpoint slots is enough. " +
        'Fix: make the exporter answer on the cycle, for example START -Request?-> START_ACK -Ack!-> START, as NicDeviceEventContract acknowledges each event.\n',
    );
  });

  it('the pair\'s registered runs: the rejections are as expected, and every verdict is', async () => {
    const { code, stdout } = await runMain(['Singularity.burst', '--out', tmpDir(), '--no-progress']);
    expect(code).toBe(ExitCode.Ok);
    expect(stdout).toContain('Singularity.burst [F1 DataStop contract (pure receive loop)]: rejected before any search, as expected: contract DataStop is ill-formed');
    expect(stdout).toContain('every verdict is as the registry expects');
  }, 60_000);
});
