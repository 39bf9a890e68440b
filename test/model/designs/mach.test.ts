/**
 * The Mach design (spec card M7): its calls case by case on hand-built kernel states, then
 * composed checks on rpcPool and on inline workloads that replay the scenarios of the monolithic
 * model's registry runs (`registry/entries/machPorts.ts`) and card M7's seeded bugs F1-F4, with
 * state counts, every verdict and the shortest counterexamples pinned.
 */
import { describe, expect, it } from 'vitest';
import { mach, type Kmsg, type MachCall, type MachObjects, type MachOptions, type MachPort, type MachThread } from '../../../model/designs/mach.js';
import type { Frame, KernelState, SyscallResult } from '../../../model/designs/design.js';
import { compose, NotExpressible } from '../../../model/compose/compose.js';
import { rpcPool } from '../../../model/workloads/rpcPool.js';
import { answer, native, prepare, receive, repeat, reply, rpc, send, serve, set, signal, wait, type ProgramStep } from '../../../model/workloads/program.js';
import type { WorkloadSpec } from '../../../model/workloads/workload.js';
import { check } from '../../../checker/check.js';
import { failingVerdicts, traceActions } from '../../helpers/verdicts.js';

type K = KernelState<MachThread, MachObjects>;

// Threads 1..3: two clients and a server. Objects: 0 a service, 1 a channel of capacity 1, 2 an event.
// Ports 0..2 are the objects'; ports 3, 4, 5 are the reply ports of threads 1, 2, 3.
const [SVC, CH, EV] = [0, 1, 2];
const [C1, C2, S] = [1, 2, 3];
const replyPort = (t: number) => 2 + t;
const frame: Frame = {
  threads: 3,
  values: 3,
  slots: 1,
  pages: 1,
  objects: [
    { name: 'svc', kind: 'service', servers: [S], senders: [] },
    { name: 'ch', kind: 'channel', servers: [S], senders: [], capacity: 1 },
    { name: 'ev', kind: 'event', servers: [S], senders: [] },
  ],
  threadNames: ['c1', 'c2', 's'],
};

const design = mach({ qlimit: 2 });
const K0: K = design.init(frame);

/** A kernel state: the boot state with the given threads and ports changed. */
function kernel(threads: Readonly<Record<number, Partial<MachThread>>> = {}, ports: Readonly<Record<number, Partial<MachPort>>> = {}): K {
  return {
    threads: K0.threads.map((th, i) => ({ ...th, ...threads[i + 1] })),
    objects: { ports: K0.objects.ports.map((p, j) => ({ ...p, ...ports[j] })) },
  };
}
const msg = (sender: number, value: number, reply = 0, once = false): Kmsg => ({ sender, value, reply, once });
const receivers = (...queue: number[]): Partial<MachPort> => ({ waiters: { state: 'recv', queue } });
const senders = (...queue: number[]): Partial<MachPort> => ({ waiters: { state: 'send', queue } });
const IDLE = { state: 'idle', queue: [] };
const receiving = (port: number): Partial<MachThread> => ({ state: 'receiving', on: port + 1 });
const sending = (port: number, call: boolean, timer = false): Partial<MachThread> => ({ state: 'sending', on: port + 1, call, timer });
/** A client waiting for its reply, and the server holding its send-once right. */
const awaiting = (c: number): Record<number, Partial<MachThread>> => ({ [c]: receiving(replyPort(c)), [S]: { serving: c } });

type Syscall = (k: K, t: number, c: MachCall, message: number, f: Frame, machine?: unknown) => SyscallResult<K>;
const call = (k: K, t: number, c: MachCall, message = 0, d = design) => (d.syscall as Syscall)(k, t, c, message, frame, { mapped: () => true });
const invariants = (k: K, d = design) => Object.fromEntries(d.invariants(frame).map((p) => [p.name, p.holds(k)]));
const allHold = (k: K, d = design) => Object.values(invariants(k, d)).every((v) => v);
const NEVER = 'never' as const;

describe('Mach boot state', () => {
  it('every thread runs holding no right; every port, reply ports included, is empty and idle', () => {
    expect(K0.threads).toHaveLength(3);
    for (let t = 1; t <= 3; t++) expect([design.runnable(K0, t), design.ended(K0, t), K0.threads[t - 1].serving, K0.threads[t - 1].saved]).toEqual([true, false, 0, [0]]);
    expect(K0.objects.ports).toHaveLength(6);
    expect(K0.objects.ports.every((p) => p.kmsgs.length === 0 && p.waiters.state === 'idle')).toBe(true);
    expect(design.memory(K0)).toBe(0);
    expect(allHold(K0)).toBe(true);
  });
});

describe('Send and Call', () => {
  it('a Send to a port with a receiver waiting hands the message to the first receiver, which runs; nothing is queued', () => {
    const r = call(kernel({ [S]: receiving(SVC), [C2]: receiving(SVC) }, { [SVC]: receivers(S, C2) }), C1, { kind: 'Send', obj: SVC, timeout: NEVER }, 2);
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.woken).toEqual([S]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'message', from: C1, to: S, value: 2 }]);
    expect(r.kernel.threads[S - 1]).toMatchObject({ state: 'running', on: 0, mr: 2, serving: 0 });
    expect(r.kernel.objects.ports[SVC]).toEqual({ kmsgs: [], waiters: { state: 'recv', queue: [C2] } });
    expect(design.memory(r.kernel)).toBe(0);
  });

  it('a Send to a port with room and no receiver queues one kmsg (one unit of kernel memory) and returns', () => {
    const r = call(kernel({}, { [SVC]: { kmsgs: [msg(C2, 0)] } }), C1, { kind: 'Send', obj: SVC, timeout: NEVER }, 1);
    expect([r.outcome.kind, r.woken, r.events]).toEqual(['returned', [], []]);
    expect(r.kernel.objects.ports[SVC].kmsgs).toEqual([msg(C2, 0), msg(C1, 1)]);
    expect(design.memory(r.kernel)).toBe(2);
  });

  it('a Call to a waiting server hands over the request with a send-once right to the caller, and the caller waits on its reply port', () => {
    const r = call(kernel({ [S]: receiving(SVC) }, { [SVC]: receivers(S) }), C1, { kind: 'Call', obj: SVC, timeout: NEVER }, 2);
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'reply' });
    expect(r.woken).toEqual([S]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: C1, to: S, value: 2 }]);
    expect(r.kernel.threads[S - 1]).toMatchObject({ state: 'running', serving: C1, mr: 2 });
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'receiving', on: replyPort(C1) + 1 });
    expect(r.kernel.objects.ports[replyPort(C1)].waiters).toEqual({ state: 'recv', queue: [C1] });
    expect(allHold(r.kernel)).toBe(true);
  });

  it('a Call with no receiver queues the request carrying the reply right and blocks the caller for its reply', () => {
    const r = call(kernel(), C1, { kind: 'Call', obj: SVC, timeout: NEVER }, 1);
    expect([r.outcome, r.woken, r.events]).toEqual([{ kind: 'blocked', on: 'reply' }, [], []]);
    expect(r.kernel.objects.ports[SVC].kmsgs).toEqual([msg(C1, 1, C1)]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'receiving', on: replyPort(C1) + 1 });
    expect(allHold(r.kernel)).toBe(true);
  });

  it('a Call that finds a message already queued on its reply port takes it at once as the reply', () => {
    const r = call(kernel({}, { [replyPort(C1)]: { kmsgs: [msg(C2, 0)] } }), C1, { kind: 'Call', obj: SVC, timeout: NEVER }, 1);
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: C2, to: C1, value: 0 }]);
    expect(r.kernel.objects.ports[replyPort(C1)].kmsgs).toEqual([]);
    expect(r.kernel.objects.ports[SVC].kmsgs).toEqual([msg(C1, 1, C1)]);
  });

  it('a Send to a full port blocks the sender in the port\'s queue of senders', () => {
    const r = call(kernel({}, { [SVC]: { kmsgs: [msg(C2, 0), msg(C2, 1)] } }), C1, { kind: 'Send', obj: SVC, timeout: NEVER }, 2);
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'send on svc' });
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'sending', on: SVC + 1, call: false, timer: false, mr: 2 });
    expect(r.kernel.objects.ports[SVC]).toEqual({ kmsgs: [msg(C2, 0), msg(C2, 1)], waiters: { state: 'send', queue: [C1] } });
    expect(allHold(r.kernel)).toBe(true);
  });

  it('a workload object\'s capacity overrides the qlimit: the channel of capacity 1 is full with one kmsg', () => {
    const r = call(kernel({}, { [CH]: { kmsgs: [msg(C2, 0)] } }), C1, { kind: 'Send', obj: CH, timeout: NEVER });
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'send on ch' });
  });

  it('with a send timeout of 0 a send to a full port fails with MACH_SEND_TIMED_OUT, queues nothing and returns', () => {
    const k = kernel({}, { [SVC]: { kmsgs: [msg(C2, 0), msg(C2, 1)] } });
    const r = call(k, C1, { kind: 'Call', obj: SVC, timeout: 0 }, 2);
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.events).toEqual([{ kind: 'error', thread: C1, label: 'MACH_SEND_TIMED_OUT' }]);
    expect(r.kernel.objects.ports).toEqual(k.objects.ports);
    expect(r.kernel.threads[C1 - 1].state).toBe('running');
  });

  it('with a finite send timeout a blocked Call can expire: the caller leaves the queue with MACH_SEND_TIMED_OUT and runs', () => {
    const r = call(kernel({}, { [SVC]: { kmsgs: [msg(C2, 0), msg(C2, 1)] } }), C1, { kind: 'Call', obj: SVC, timeout: 'finite' }, 2);
    expect(r.kernel.threads[C1 - 1]).toMatchObject(sending(SVC, true, true));
    expect(design.expirable!(r.kernel)).toEqual([C1]);
    const e = design.expire!(r.kernel, C1, frame);
    expect([e.outcome, e.woken, e.events]).toEqual([{ kind: 'returned' }, [C1], [{ kind: 'error', thread: C1, label: 'MACH_SEND_TIMED_OUT' }]]);
    expect(e.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', on: 0, call: false, timer: false });
    expect(e.kernel.objects.ports[SVC].waiters).toEqual(IDLE);
    expect(design.expirable!(e.kernel)).toEqual([]);
  });

  it('a sender blocked without a timeout is not expirable', () => {
    expect(design.expirable!(kernel({ [C1]: sending(SVC, false) }, { [SVC]: { kmsgs: [msg(C2, 0), msg(C2, 1)], ...senders(C1) } }))).toEqual([]);
  });
});

describe('Receive', () => {
  it('a Receive on an empty port waits in the port\'s queue of receivers', () => {
    const r = call(kernel(), S, { kind: 'Receive', obj: SVC });
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'receive on svc' });
    expect(r.kernel.threads[S - 1]).toMatchObject(receiving(SVC));
    expect(r.kernel.objects.ports[SVC].waiters).toEqual({ state: 'recv', queue: [S] });
  });

  it('a Receive takes the head kmsg; a request leaves its send-once right with the receiver', () => {
    const r = call(kernel({ [C1]: receiving(replyPort(C1)) }, { [SVC]: { kmsgs: [msg(C1, 2, C1), msg(C2, 1)] }, [replyPort(C1)]: receivers(C1) }), S, { kind: 'Receive', obj: SVC });
    expect([r.outcome, r.woken]).toEqual([{ kind: 'returned' }, []]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: C1, to: S, value: 2 }]);
    expect(r.kernel.threads[S - 1]).toMatchObject({ mr: 2, serving: C1 });
    expect(r.kernel.objects.ports[SVC].kmsgs).toEqual([msg(C2, 1)]);
    expect(design.received(r.kernel, S)).toBe(2);
  });

  it('a Receive of a one-way message leaves the right being served alone', () => {
    const r = call(kernel({ ...awaiting(C1) }, { [SVC]: { kmsgs: [msg(C2, 1)] }, [replyPort(C1)]: receivers(C1) }), S, { kind: 'Receive', obj: SVC });
    expect(r.events).toEqual([{ kind: 'transfer', what: 'message', from: C2, to: S, value: 1 }]);
    expect(r.kernel.threads[S - 1].serving).toBe(C1);
  });

  it('a Receive on a full port wakes the first blocked sender, whose kmsg takes the room made', () => {
    const k = kernel({ [C1]: { ...sending(SVC, false), mr: 2 } }, { [SVC]: { kmsgs: [msg(C2, 0), msg(C2, 1)], ...senders(C1) } });
    expect(allHold(k)).toBe(true);
    const r = call(k, S, { kind: 'Receive', obj: SVC });
    expect([r.outcome.kind, r.woken]).toEqual(['returned', [C1]]);
    expect(r.kernel.objects.ports[SVC]).toEqual({ kmsgs: [msg(C2, 1), msg(C1, 2)], waiters: IDLE });
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', on: 0 });
    expect(allHold(r.kernel)).toBe(true);
  });

  it('a blocked Call whose request is admitted is not woken: it goes on to wait on its reply port', () => {
    const k = kernel({ [C1]: { ...sending(SVC, true), mr: 2 } }, { [SVC]: { kmsgs: [msg(C2, 0), msg(C2, 1)], ...senders(C1) } });
    const r = call(k, S, { kind: 'Receive', obj: SVC });
    expect(r.woken).toEqual([]);
    expect(r.kernel.objects.ports[SVC].kmsgs).toEqual([msg(C2, 1), msg(C1, 2, C1)]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'receiving', on: replyPort(C1) + 1, call: false });
    expect(allHold(r.kernel)).toBe(true);
  });
});

describe('Reply, ReplyReceive, SaveReply and ReplySaved', () => {
  const served = () => kernel({ ...awaiting(C1), [S]: { serving: C1, mr: 2 } }, { [replyPort(C1)]: receivers(C1) });

  it('a Reply sends on the right being served: the waiting client gets the reply and runs; the right is consumed', () => {
    const r = call(served(), S, { kind: 'Reply' }, 2);
    expect([r.outcome, r.woken]).toEqual([{ kind: 'returned' }, [C1]]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: S, to: C1, value: 2 }]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', on: 0, mr: 2 });
    expect(r.kernel.threads[S - 1].serving).toBe(0);
    expect(r.kernel.objects.ports[replyPort(C1)].waiters).toEqual(IDLE);
    expect(allHold(r.kernel)).toBe(true);
  });

  it('a Reply with no right fails with MACH_SEND_INVALID_DEST and changes nothing else', () => {
    const r = call(kernel(), S, { kind: 'Reply' });
    expect(r.events).toEqual([{ kind: 'error', thread: S, label: 'MACH_SEND_INVALID_DEST' }]);
    expect(r.kernel.objects).toEqual(K0.objects);
  });

  it('ReplyReceive replies and then waits on the port in one call; the client is the direct-switch target', () => {
    const r = call(served(), S, { kind: 'ReplyReceive', obj: SVC }, 2);
    expect([r.outcome, r.woken]).toEqual([{ kind: 'blocked', on: 'receive on svc' }, [C1]]);
    expect(r.kernel.threads[S - 1]).toMatchObject({ ...receiving(SVC), serving: 0 });
  });

  it('ReplyReceive takes the next request at once when one is queued', () => {
    const k = served();
    const r = call({ ...k, objects: { ports: k.objects.ports.map((p, j) => (j === SVC ? { ...p, kmsgs: [msg(C2, 1, C2)] } : p)) } }, S, { kind: 'ReplyReceive', obj: SVC }, 2);
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.events.map((e) => ('what' in e ? e.what : e.kind))).toEqual(['reply', 'request']);
    expect(r.kernel.threads[S - 1].serving).toBe(C2);
  });

  it('SaveReply moves the right into a slot; a later Reply has no right, and ReplySaved answers the saved client', () => {
    const saved = call(served(), S, { kind: 'SaveReply', slot: 0 });
    expect(saved.kernel.threads[S - 1]).toMatchObject({ serving: 0, saved: [C1] });
    expect(call(saved.kernel, S, { kind: 'Reply' }).events).toEqual([{ kind: 'error', thread: S, label: 'MACH_SEND_INVALID_DEST' }]);
    const r = call(saved.kernel, S, { kind: 'ReplySaved', slot: 0 }, 1);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: S, to: C1, value: 1 }]);
    expect(r.kernel.threads[S - 1].saved).toEqual([0]);
    expect(allHold(r.kernel)).toBe(true);
  });

  it('a second request received before replying replaces the right being served: the first client\'s right is leaked, not notified', () => {
    const k = kernel({ ...awaiting(C1), [C2]: receiving(replyPort(C2)) }, { [SVC]: { kmsgs: [msg(C2, 1, C2)] }, [replyPort(C1)]: receivers(C1), [replyPort(C2)]: receivers(C2) });
    const r = call(k, S, { kind: 'Receive', obj: SVC });
    expect(r.kernel.threads[S - 1].serving).toBe(C2);
    expect(r.events.some((e) => e.kind === 'error')).toBe(false);
    expect(r.kernel.threads[C1 - 1]).toMatchObject(receiving(replyPort(C1)));
    expect(allHold(r.kernel)).toBe(true);
  });
});

describe('Exit', () => {
  it('Exit ends the thread; destroying the send-once right it held posts a notification that ends the client\'s call with an error', () => {
    const r = call(kernel({ ...awaiting(C1) }, { [replyPort(C1)]: receivers(C1) }), S, { kind: 'Exit' });
    expect(r.outcome).toEqual({ kind: 'ended' });
    expect(design.ended(r.kernel, S)).toBe(true);
    expect(design.runnable(r.kernel, S)).toBe(false);
    expect([r.woken, r.events]).toEqual([[C1], [{ kind: 'error', thread: C1, label: 'MACH_NOTIFY_SEND_ONCE' }]]);
    expect(r.kernel.objects.ports[replyPort(C1)].waiters).toEqual(IDLE);
    expect(allHold(r.kernel)).toBe(true);
  });

  it('Exit holding no right wakes nobody', () => {
    const r = call(kernel(), C1, { kind: 'Exit' });
    expect([r.woken, r.events]).toEqual([[], []]);
  });
});

describe('operations, labels and memory', () => {
  it('maps each design-neutral operation to its mach_msg call, with the design\'s send timeout', () => {
    const d = mach({ sendTimeout: 0 });
    expect(d.operation(rpc('svc'), C1, frame)).toEqual({ kind: 'Call', obj: SVC, timeout: 0 });
    expect(d.operation(send('ch'), C1, frame)).toEqual({ kind: 'Send', obj: CH, timeout: 0 });
    expect(d.operation(serve('svc'), S, frame)).toEqual({ kind: 'Receive', obj: SVC });
    expect(d.operation(receive('ch'), S, frame)).toEqual({ kind: 'Receive', obj: CH });
    expect(d.operation({ op: 'replyServe', obj: 'svc' }, S, frame)).toEqual({ kind: 'ReplyReceive', obj: SVC });
    expect(d.operation(reply(), S, frame)).toEqual({ kind: 'Reply' });
    expect(d.operation({ op: 'save', slot: 0 }, S, frame)).toEqual({ kind: 'SaveReply', slot: 0 });
    expect(d.operation({ op: 'replySaved', slot: 0 }, S, frame)).toEqual({ kind: 'ReplySaved', slot: 0 });
    expect(d.operation({ op: 'exit' }, S, frame)).toEqual({ kind: 'Exit' });
  });

  it('cannot express signal and wait, nor any IPC on an event object: Mach IPC has no event object', () => {
    expect(design.operation(signal('ev'), C1, frame)).toBeUndefined();
    expect(design.operation(wait('ev'), S, frame)).toBeUndefined();
    expect(design.operation(rpc('ev'), C1, frame)).toBeUndefined();
    const spec: WorkloadSpec = { name: 'ev', threads: [{ name: 'a', space: 'a', program: [signal('ev')] }, { name: 'b', space: 'b', program: [wait('ev')] }], objects: [{ name: 'ev', kind: 'event' }], values: 1, witness: { name: 'w', holds: () => true } };
    expect(() => compose(design, spec)).toThrow(NotExpressible);
  });

  it('labels calls with their port, a timeout other than none, a slot or the reply port\'s owner', () => {
    expect(design.label({ kind: 'Call', obj: SVC, timeout: NEVER }, frame)).toBe('Call(svc)');
    expect(design.label({ kind: 'Send', obj: CH, timeout: 0 }, frame)).toBe('Send(ch, timeout 0)');
    expect(design.label({ kind: 'ReplySaved', slot: 0 }, frame)).toBe('ReplySaved(0)');
    expect(design.label({ kind: 'SendReplyPort', to: C1 }, frame)).toBe('SendReplyPort(c1)');
    expect(design.label({ kind: 'Reply' }, frame)).toBe('Reply');
  });

  it('kernel memory counts the kmsgs queued on every port, reply ports included', () => {
    expect(design.memory(kernel({}, { [SVC]: { kmsgs: [msg(C1, 0), msg(C2, 1)] }, [replyPort(C2)]: { kmsgs: [msg(S, 0)] } }))).toBe(3);
  });

  it('rejects a qlimit that is not a whole number ≥ 1 or unbounded, and marks options in the title', () => {
    expect(() => mach({ qlimit: 0 })).toThrow(/qlimit must be a whole number ≥ 1/);
    expect(() => mach({ qlimit: 1.5 })).toThrow(/qlimit/);
    expect(mach().title).toBe('Mach ports (M7)');
    expect(mach({ qlimit: 'unbounded', sharedReplyRight: true }).title).toBe('Mach ports (M7) [qlimit unbounded, sharedReplyRight]');
  });
});

describe('seeded mutants and options (card M7)', () => {
  const full = { [SVC]: { kmsgs: [msg(C2, 0), msg(C2, 1)] } };

  it('qlimit unbounded (F1): a port never fills', () => {
    const r = call(kernel({}, full), C1, { kind: 'Send', obj: SVC, timeout: NEVER }, 2, mach({ qlimit: 'unbounded' }));
    expect(r.outcome.kind).toBe('returned');
    expect(r.kernel.objects.ports[SVC].kmsgs).toHaveLength(3);
  });

  it('sendOnceRequests (F3): a send through a server-minted send-once right passes a full port; without the exemption it blocks', () => {
    const f3 = mach({ qlimit: 2, sendOnceRequests: true });
    const r = call(kernel({}, full), C1, { kind: 'Send', obj: SVC, timeout: NEVER }, 2, f3);
    expect(r.outcome.kind).toBe('returned');
    expect(r.kernel.objects.ports[SVC].kmsgs).toEqual([msg(C2, 0), msg(C2, 1), msg(C1, 2, 0, true)]);
    expect(allHold(r.kernel, f3)).toBe(true);
    const limited = mach({ qlimit: 2, sendOnceRequests: true, sendOnceExempt: false });
    expect(call(kernel({}, full), C1, { kind: 'Send', obj: SVC, timeout: NEVER }, 2, limited).outcome.kind).toBe('blocked');
  });

  it('a reply through a send-once right is exempt from a full reply port; through a shared send right it is dropped with MACH_SEND_TIMED_OUT', () => {
    const k = kernel({ [S]: { serving: C1 } }, { [replyPort(C1)]: { kmsgs: [msg(C2, 0), msg(C2, 1)] } });
    expect(call(k, S, { kind: 'Reply' }).kernel.objects.ports[replyPort(C1)].kmsgs).toHaveLength(3);
    const r = call(k, S, { kind: 'Reply' }, 0, mach({ qlimit: 2, sharedReplyRight: true }));
    expect(r.events).toEqual([{ kind: 'error', thread: S, label: 'MACH_SEND_TIMED_OUT' }]);
    expect(r.kernel.objects.ports[replyPort(C1)].kmsgs).toHaveLength(2);
  });

  it('sharedReplyRight (F4): a third task\'s send on a client\'s reply port reaches the waiting client as its reply; without the mutant it holds no right', () => {
    const k = kernel({ ...awaiting(C1) }, { [replyPort(C1)]: receivers(C1) });
    const forged = call(k, C2, { kind: 'SendReplyPort', to: C1 }, 0, mach({ qlimit: 2, sharedReplyRight: true }));
    expect([forged.woken, forged.events]).toEqual([[C1], [{ kind: 'transfer', what: 'reply', from: C2, to: C1, value: 0 }]]);
    const refused = call(k, C2, { kind: 'SendReplyPort', to: C1 });
    expect([refused.woken, refused.events]).toEqual([[], [{ kind: 'error', thread: C2, label: 'MACH_SEND_INVALID_DEST' }]]);
    expect(refused.kernel.threads[C1 - 1]).toMatchObject(receiving(replyPort(C1)));
  });
});

describe('invariants INV-PORT, INV-SYM, INV-QLIMIT, INV-SO', () => {
  it('are named as the module documents them', () => {
    expect(design.invariants(frame).map((p) => p.name)).toEqual(['INV-PORT', 'INV-SYM', 'INV-QLIMIT', 'INV-SO']);
  });

  it('INV-PORT fails on receivers waiting at a non-empty port and on a sender blocked at a port with room', () => {
    expect(invariants(kernel({ [S]: receiving(SVC) }, { [SVC]: { kmsgs: [msg(C1, 0)], ...receivers(S) } }))['INV-PORT']).toBe(false);
    expect(invariants(kernel({ [C1]: sending(SVC, false) }, { [SVC]: { kmsgs: [msg(C2, 0)], ...senders(C1) } }))['INV-PORT']).toBe(false);
  });

  it('INV-SYM fails on a queued thread that runs, a waiting thread in no queue, and a thread queued on another port', () => {
    expect(invariants(kernel({}, { [SVC]: receivers(S) }))['INV-SYM']).toBe(false);
    expect(invariants(kernel({ [S]: receiving(SVC) }))['INV-SYM']).toBe(false);
    expect(invariants(kernel({ [S]: receiving(CH) }, { [SVC]: receivers(S) }))['INV-SYM']).toBe(false);
    expect(invariants(kernel({ [S]: receiving(SVC) }, { [SVC]: receivers(S) }))['INV-SYM']).toBe(true);
  });

  it('INV-QLIMIT fails past the limit unless the excess came through send-once rights', () => {
    const three = (once: boolean) => kernel({}, { [SVC]: { kmsgs: [msg(C1, 0, 0, once), msg(C2, 0, 0, once), msg(C1, 1, 0, once)] } });
    expect(invariants(three(false))['INV-QLIMIT']).toBe(false);
    expect(invariants(three(true))['INV-QLIMIT']).toBe(true);
  });

  it('INV-SO fails when two rights name one client or a right names a client not waiting for its reply', () => {
    const waiting = { [C1]: receiving(replyPort(C1)) };
    expect(invariants(kernel({ ...waiting, [S]: { serving: C1, saved: [C1] } }, { [replyPort(C1)]: receivers(C1) }))['INV-SO']).toBe(false);
    expect(invariants(kernel({ [S]: { serving: C1 } }))['INV-SO']).toBe(false);
    expect(invariants(kernel({ ...waiting }, { [SVC]: { kmsgs: [msg(C1, 0, C1)] }, [replyPort(C1)]: receivers(C1) }))['INV-SO']).toBe(true);
    expect(invariants(kernel({ [S]: { serving: C1 } }), mach({ sharedReplyRight: true }))['INV-SO']).toBe(true);
  });
});

// ---- composed checks ------------------------------------------------------------------------

/** Every verdict's status, with the trace length where there is one. */
function verdicts(spec: WorkloadSpec, options: MachOptions = {}) {
  const model = compose(mach(options), spec);
  const r = check(model);
  const table = Object.fromEntries(Object.entries(r.verdicts).map(([name, v]) => [name, 'trace' in v ? `${v.status}/${v.trace.steps.length}` : v.status]));
  return { model, r, table };
}
/** Every verdict holding, on a workload without calls. */
const PASS_NO_CALLS = { 'INV-PORT': 'holds', 'INV-SYM': 'holds', 'INV-QLIMIT': 'holds', 'INV-SO': 'holds', 'reply correctness': 'holds', 'run queue': 'holds', isolation: 'holds', privilege: 'holds', 'kernel-mediated transfer': 'holds', 'deadlock free': 'holds', 'no client stuck forever': 'holds' };
/** Every verdict holding, on a workload with calls: each is answered. */
const PASS = { ...PASS_NO_CALLS, 'every call is answered': 'holds' };

/** The intruder's native call: a send on client 1's reply port through a send right. */
const FORGE: MachCall = { kind: 'SendReplyPort', to: 1 };

/**
 * The monolithic model's scenario: a client sends `messages` messages with values 0, 1, …, the
 * last an rpc; the server receives them all and echoes the last (or never receives); with
 * `intruder`, a third task sends on the client's reply port. The bound is qlimit + 1.
 */
function portScenario(messages: number, server: 'receives' | 'never', memoryBound: number, intruder = false): WorkloadSpec {
  const client: ProgramStep[] = [...Array.from({ length: messages - 1 }, (_, i) => [set(i), send('port')]).flat(), set(messages - 1), rpc('port')];
  return {
    name: `port(messages=${messages},server=${server}${intruder ? ',intruder' : ''})`,
    threads: [
      { name: 'client', space: 'client', program: client },
      { name: 'server', space: 'server', program: server === 'receives' ? [repeat(messages - 1, receive('port')), serve('port'), answer(), reply()] : [] },
      ...(intruder ? [{ name: 'intruder', space: 'intruder', program: [native('forge reply', { Mach: FORGE })] }] : []),
    ],
    objects: [{ name: 'port', kind: 'service' }],
    values: messages,
    memoryBound,
    witness: server === 'receives' ? { name: 'a call completes', holds: (v, s) => v.replied(s) } : { name: 'the client blocks', holds: (v, s) => v.blocked(s, 'client') },
  };
}

/** F1: a client sending `n` messages to a server that never receives (a bounded stand-in for a send loop). */
function flood(n: number): WorkloadSpec {
  return {
    name: `flood(${n})`,
    threads: [
      { name: 'client', space: 'client', program: [repeat(n, prepare(), send('port'))] },
      { name: 'server', space: 'server', program: [] },
    ],
    objects: [{ name: 'port', kind: 'channel' }],
    values: 1,
    memoryBound: 4,
    witness: { name: 'the client blocks', holds: (v, s) => v.blocked(s, 'client') },
  };
}

describe('composed on rpcPool', () => {
  it('default (2 clients, 1 server): a request queued before the server waits breaks KM(0) at once; everything else holds (1371 states)', () => {
    const { model, r, table } = verdicts(rpcPool.build(rpcPool.defaults));
    expect(r.stats.distinct).toBe(1371);
    expect(table).toEqual({ ...PASS, 'kernel memory ≤ 0': 'violated/2', 'a call completes': 'witnessed/9' });
    expect(traceActions(model, r, 'kernel memory ≤ 0')).toEqual(['prepare 0 (client 1)', 'Call(svc) (client 1)']);
  });

  it('with a kernel-memory bound of 2 (qlimit + one send-once right per client is more) every property holds, at most 2 kmsgs', () => {
    const { r, table } = verdicts({ ...rpcPool.build(rpcPool.defaults), memoryBound: 2 });
    expect(table).toEqual({ ...PASS, 'kernel memory ≤ 2': 'holds', 'a call completes': 'witnessed/9' });
    expect(r.verdicts['kernel memory ≤ 2']).toEqual({ status: 'holds', maxReached: 2 });
  });

  it('two servers sharing the receive right: every property holds (11392 states)', () => {
    const { r, table } = verdicts({ ...rpcPool.build({ ...rpcPool.defaults, servers: 2 }), memoryBound: 2 });
    expect(r.stats.distinct).toBe(11392);
    expect(r.ok).toBe(true);
    expect(table['a call completes']).toBe('witnessed/9');
  }, 120_000);

  it('three clients on a port of qlimit 1: one Call blocks on the full port and is admitted later; every property holds (28625 states, 1 kmsg at most)', () => {
    const { r } = verdicts({ ...rpcPool.build({ ...rpcPool.defaults, clients: 3 }), memoryBound: 2 }, { qlimit: 1 });
    expect(r.stats.distinct).toBe(28625);
    expect(r.ok).toBe(true);
    expect(r.verdicts['kernel memory ≤ 2']).toEqual({ status: 'holds', maxReached: 1 });
  }, 120_000);

  it('lostReply: a server that receives again before replying leaks the send-once right; the caller is stuck for ever', () => {
    const { model, r, table } = verdicts({ ...rpcPool.build({ ...rpcPool.defaults, bug: 'lostReply' }), memoryBound: 2 });
    expect(r.stats.distinct).toBe(1587);
    expect(table).toEqual({ ...PASS, 'kernel memory ≤ 2': 'holds', 'deadlock free': 'violated/11', 'no client stuck forever': 'violated/8', 'every call is answered': 'violated/11', 'a call completes': 'witnessed/9' });
    expect(traceActions(model, r, 'no client stuck forever')).toEqual(['prepare 0 (client 1)', 'Call(svc) (client 1)', 'Return', 'Preempt', 'Return', 'Receive(svc) (server 1)', 'Return', 'Receive(svc) (server 1)']);
  });
});

describe('composed on the monolithic model\'s scenarios and card M7\'s seeded bugs', () => {
  const SEND = (v: number) => [`set ${v} (client)`, 'Send(port) (client)', 'Return'];

  it('default (3 messages, qlimit 2): every property holds, at most 2 kmsgs (103 states)', () => {
    const { r, table } = verdicts(portScenario(3, 'receives', 3), { qlimit: 2 });
    expect(r.stats.distinct).toBe(103);
    expect(table).toEqual({ ...PASS, 'kernel memory ≤ 3': 'holds', 'a call completes': 'witnessed/17' });
    expect(r.verdicts['kernel memory ≤ 3']).toEqual({ status: 'holds', maxReached: 2 });
  });

  it('qlimit 5 and six messages: the queue reaches 5 and every property holds (301 states)', () => {
    const { r, table } = verdicts(portScenario(6, 'receives', 6));
    expect(r.stats.distinct).toBe(301);
    expect(table).toEqual({ ...PASS, 'kernel memory ≤ 6': 'holds', 'a call completes': 'witnessed/32' });
    expect(r.verdicts['kernel memory ≤ 6']).toEqual({ status: 'holds', maxReached: 5 });
  });

  it('F1, qlimit unbounded: kernel memory grows by one kmsg per send, the growth witness of the monolithic model', () => {
    const { model, r, table } = verdicts(flood(10), { qlimit: 'unbounded' });
    expect(r.stats.distinct).toBe(170);
    expect(table).toEqual({ ...PASS_NO_CALLS, 'kernel memory ≤ 4': 'unbounded/29', 'the client blocks': 'unwitnessed' });
    const v = r.verdicts['kernel memory ≤ 4'];
    if (v.status !== 'unbounded') throw new Error('expected unbounded');
    expect(v.growth).toEqual({ loopStart: 11, loopEnd: 14, prefixSteps: 14, rounds: 5, measures: [5, 6, 7, 8, 9, 10], growthPerRound: 1, unit: 'kernel object' });
    expect(traceActions(model, r, 'kernel memory ≤ 4').slice(0, 6)).toEqual(['prepare 0 (client)', 'Send(port) (client)', 'Return', 'prepare 0 (client)', 'Send(port) (client)', 'Return']);
  });

  it('F1 on the default qlimit 5: the bound 4 is exceeded once, not grown, and the sender blocks at the sixth send', () => {
    const { table } = verdicts(flood(10));
    expect(table).toEqual({ ...PASS_NO_CALLS, 'kernel memory ≤ 4': 'violated/14', 'deadlock free': 'violated/19', 'no client stuck forever': 'violated/17', 'the client blocks': 'witnessed/17' });
  });

  it('F2, qlimit 5 and a server that never receives: memory stays at 5 but the client is stuck at its sixth send', () => {
    const { model, r, table } = verdicts(portScenario(6, 'never', 6));
    expect(r.stats.distinct).toBe(98);
    expect(failingVerdicts(r)).toEqual({ 'deadlock free': 'violated', 'no client stuck forever': 'violated', 'every call is answered': 'violated' });
    expect(table).toEqual({ ...PASS, 'kernel memory ≤ 6': 'holds', 'deadlock free': 'violated/19', 'no client stuck forever': 'violated/17', 'every call is answered': 'violated/19', 'the client blocks': 'witnessed/17' });
    expect(r.verdicts['kernel memory ≤ 6']).toEqual({ status: 'holds', maxReached: 5 });
    expect(traceActions(model, r, 'no client stuck forever')).toEqual([...SEND(0), ...SEND(1), ...SEND(2), ...SEND(3), ...SEND(4), 'set 5 (client)', 'Call(port) (client)']);
  });

  it('F2: the client’s Call, its sixth message, is never answered: the lasso runs from the Call (state 17) into the deadlock two steps on, where the server never receives', () => {
    const { model, r } = verdicts(portScenario(6, 'never', 6));
    const v = r.verdicts['every call is answered'];
    if (v.status !== 'violated') throw new Error('expected a lasso');
    // loop = steps: nothing repeats, the path stays in the deadlock.
    expect([v.instance, v.trace.steps.length, v.trace.loop, v.premiseAt]).toEqual(['client', 19, 19, 17]);
    expect(traceActions(model, r, 'every call is answered').slice(15)).toEqual(['set 5 (client)', 'Call(port) (client)', 'Return', 'Exit (server)']);
  });

  it('F2 with a send timeout of 0: MACH_SEND_TIMED_OUT, the client never blocks and ends (106 states)', () => {
    const { r, table } = verdicts(portScenario(6, 'never', 6), { sendTimeout: 0 });
    expect(r.stats.distinct).toBe(106);
    expect(table).toEqual({ ...PASS, 'kernel memory ≤ 6': 'holds', 'the client blocks': 'unwitnessed' });
  });

  it('F2 with a finite send timeout: the client blocks, the timeout may expire, and it is never stuck (110 states)', () => {
    const { r, table } = verdicts(portScenario(6, 'never', 6), { sendTimeout: 'finite' });
    expect(r.stats.distinct).toBe(110);
    expect(table).toEqual({ ...PASS, 'kernel memory ≤ 6': 'holds', 'the client blocks': 'witnessed/17' });
  });

  it('F3, requests through server-minted send-once rights pass qlimit 2: 4 kmsgs exceed qlimit + 1', () => {
    const { model, r, table } = verdicts(portScenario(4, 'receives', 3), { qlimit: 2, sendOnceRequests: true });
    expect(r.stats.distinct).toBe(157);
    expect(table).toEqual({ ...PASS, 'kernel memory ≤ 3': 'violated/11', 'a call completes': 'witnessed/22' });
    expect(traceActions(model, r, 'kernel memory ≤ 3')).toEqual([...SEND(0), ...SEND(1), ...SEND(2), 'set 3 (client)', 'Call(port) (client)']);
  });

  it('F3 without the send-once exemption: the bound holds again (2 kmsgs at most)', () => {
    const { r } = verdicts(portScenario(4, 'receives', 3), { qlimit: 2, sendOnceRequests: true, sendOnceExempt: false });
    expect(r.ok).toBe(true);
    expect(r.verdicts['kernel memory ≤ 3']).toEqual({ status: 'holds', maxReached: 2 });
  });

  it('F4, a shared reply send right: the intruder\'s message reaches the waiting client as its reply; reply correctness fails', () => {
    const { model, r, table } = verdicts(portScenario(3, 'receives', 3, true), { qlimit: 2, sharedReplyRight: true });
    expect(r.stats.distinct).toBe(744);
    expect(table).toEqual({ ...PASS, 'reply correctness': 'violated/14', 'kernel memory ≤ 3': 'holds', 'a call completes': 'witnessed/14' });
    expect(traceActions(model, r, 'reply correctness')).toEqual([...SEND(0), ...SEND(1), 'set 2 (client)', 'Call(port) (client)', 'Return', 'Receive(port) (server)', 'Return', 'Preempt', 'Return', 'SendReplyPort(client) (intruder)']);
  });

  it('F4\'s workload on the correct design: the intruder holds no right to the reply port and every property holds (606 states)', () => {
    const { r, table } = verdicts(portScenario(3, 'receives', 3, true), { qlimit: 2 });
    expect(r.stats.distinct).toBe(606);
    expect(table).toEqual({ ...PASS, 'kernel memory ≤ 3': 'holds', 'a call completes': 'witnessed/17' });
  });
});
