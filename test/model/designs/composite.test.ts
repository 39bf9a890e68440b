/**
 * The Composite design (spec card M11, thread migration): its calls case by case on hand-built
 * kernel states, then composed checks: the framework's migration layout and the page-table switch
 * (HW2) on a concrete path, every registered workload with its state count and verdicts, and card
 * M11's seeded variants F1-F4 with their shortest counterexamples pinned.
 */
import { describe, expect, it } from 'vitest';
import { reachableStates } from '../../helpers/reachableStates.js';
import { composite, type CompositeCall, type CompositeObjects, type CompositeThread } from '../../../model/designs/composite.js';
import type { Frame, KernelState, SyscallResult } from '../../../model/designs/design.js';
import { compose, inexpressible, NotExpressible, type ComposedAction, type ComposedState } from '../../../model/compose/compose.js';
import { sel4 } from '../../../model/designs/sel4.js';
import { answer, forever, prepare, receive, repeat, reply, replyServe, replySaved, request, rpc, save, send, serve, signal, touch, wait } from '../../../model/workloads/program.js';
import type { WorkloadSpec } from '../../../model/workloads/workload.js';
import { rpcPool } from '../../../model/workloads/rpcPool.js';
import { nestedServer } from '../../../model/workloads/nestedServer.js';
import { deferredReply } from '../../../model/workloads/deferredReply.js';
import { burst } from '../../../model/workloads/burst.js';
import { eventCascade } from '../../../model/workloads/eventCascade.js';
import { notifyItems } from '../../../model/workloads/notifyItems.js';
import { mutualCalls } from '../../../model/workloads/mutualCalls.js';
import { callBack } from '../../../model/workloads/callBack.js';
import { strayMessage } from '../../../model/workloads/strayMessage.js';
import { selfInvocation } from '../../../model/workloads/selfInvocation.js';
import { componentLock } from '../../../model/workloads/componentLock.js';
import { reentrantCalls } from '../../../model/workloads/reentrantCalls.js';
import { check } from '../../../checker/check.js';
import type { Model } from '../../../model/core/model.js';
import { traceActions } from '../../helpers/verdicts.js';
import { bruteForceOrbits } from '../../checker/symmetry/bruteForceOrbits.js';

type K = KernelState<CompositeThread, CompositeObjects>;

// Threads 1, 2 clients; 3 serves svc1 (component S1), 4 serves svc2 and receives on dev (component S2).
// Objects: 0 svc1, 1 svc2 (handlers entered at instructions 10 and 20), 2 dev, 3 ev, 4 a ring of capacity 2.
const [SVC1, SVC2, DEV, EV, RING] = [0, 1, 2, 3, 4];
const [C1, C2, S1, S2] = [1, 2, 3, 4];
const frame: Frame = {
  threads: 4,
  values: 2,
  slots: 1,
  pages: 1,
  objects: [
    { name: 'svc1', kind: 'service', servers: [S1], senders: [C1, C2] },
    { name: 'svc2', kind: 'service', servers: [S2], senders: [] },
    { name: 'dev', kind: 'channel', servers: [S2], senders: [] },
    { name: 'ev', kind: 'event', servers: [], senders: [] },
    { name: 'ring', kind: 'channel', servers: [], senders: [], capacity: 2 },
  ],
  threadNames: ['c1', 'c2', 's1', 's2'],
  entries: [10, 20, -1, -1, -1],
  instructions: 30,
};

const design = composite();
const K0: K = design.init(frame);

/** A kernel state: the boot state with the given threads and pending counters changed. */
function kernel(threads: Readonly<Record<number, Partial<CompositeThread>>> = {}, pending: Readonly<Record<number, number>> = {}): K {
  return { threads: K0.threads.map((th, i) => ({ ...th, ...threads[i + 1] })), objects: { pending: K0.objects.pending.map((p, j) => pending[j] ?? p) } };
}
type Syscall = (k: K, t: number, c: CompositeCall, message: number, f: Frame, machine?: unknown) => SyscallResult<K>;
const call = (k: K, t: number, c: CompositeCall, message = 0, ip = 5, d = design) => (d.syscall as Syscall)(k, t, c, message, frame, { mapped: () => true, ip });
const frames = (...f: [svc: number, ip: number][]) => f.map(([svc, ip]) => ({ svc, ip }));
const stepInvariant = (name: string, before: K, c: CompositeCall, after: K, d = design) => d.stepInvariants!(frame).find((p) => p.name === name)!.holds(before, c, after);

describe('Composite boot state', () => {
  it('every thread runs, in its own component with an empty invocation stack; every pending counter is 0', () => {
    expect(K0.threads).toEqual(Array.from({ length: 4 }, () => ({ state: 'running', on: 0, mr: 0, stack: [] })));
    expect(K0.objects.pending).toEqual([0, 0, 0, 0, 0]);
    expect([1, 2, 3, 4].map((t) => design.migration!.invoked(K0, t))).toEqual([-1, -1, -1, -1]);
  });
});

describe('sinv', () => {
  it("a thread's own call pushes (svc1, return point), passes the argument, jumps to the entry and shows the request to svc1's component", () => {
    const r = call(K0, C1, { kind: 'Sinv', obj: SVC1 }, 1, 5);
    expect(r.kernel.threads[C1 - 1]).toEqual({ state: 'running', on: 0, mr: 1, stack: frames([SVC1, 5]) });
    expect([r.outcome, r.resume, r.woken]).toEqual([{ kind: 'returned' }, 10, []]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: C1, to: S1, value: 1 }]);
    expect(design.migration!.invoked(r.kernel, C1)).toBe(SVC1);
  });

  it('a nested sinv from inside a component pushes a second frame; the thread is still in its own call (a note, no request)', () => {
    const r = call(kernel({ [C1]: { stack: frames([SVC1, 5]) } }), C1, { kind: 'Sinv', obj: SVC2 }, 0, 13);
    expect(r.kernel.threads[C1 - 1].stack).toEqual(frames([SVC1, 5], [SVC2, 13]));
    expect(r.resume).toBe(20);
    expect(r.events).toEqual([{ kind: 'note', thread: C1, label: 'sinv svc2' }]);
  });

  it('two clients can be inside one component at once, each with its own frame', () => {
    const r = call(kernel({ [C1]: { stack: frames([SVC1, 5]) } }), C2, { kind: 'Sinv', obj: SVC1 }, 0, 7);
    expect(r.kernel.threads.map((x) => x.stack)).toEqual([frames([SVC1, 5]), frames([SVC1, 7]), [], []]);
  });

  it('on a full stack (depth 3) sinv returns −1: nothing is pushed, the thread goes on after the call, and "every invocation succeeds" fails on the step', () => {
    const full = kernel({ [C1]: { stack: frames([SVC1, 5], [SVC2, 13], [SVC1, 23]), mr: 1 } });
    const r = call(full, C1, { kind: 'Sinv', obj: SVC2 }, 0, 13);
    expect(r.kernel).toEqual(full);
    expect([r.outcome, r.resume]).toEqual([{ kind: 'returned' }, undefined]);
    expect(r.events).toEqual([{ kind: 'note', thread: C1, label: 'sinv svc2: invocation stack full, −1' }]);
    expect(stepInvariant('every invocation succeeds', full, { kind: 'Sinv', obj: SVC2 }, r.kernel)).toBe(false);
    expect(stepInvariant('every invocation succeeds', K0, { kind: 'Sinv', obj: SVC1 }, call(K0, C1, { kind: 'Sinv', obj: SVC1 }).kernel)).toBe(true);
  });

  it('a sinv on a service no component serves fails with −EFAULT; as the thread\'s own call it ends the call with an error', () => {
    const r = call(K0, C1, { kind: 'Sinv', obj: DEV });
    expect(r.kernel).toEqual(K0);
    expect(r.events).toEqual([{ kind: 'error', thread: C1, label: 'sinv dev: no component, −EFAULT' }]);
  });

  it('needs the return point the trap saved: without it (a composition without migration) it throws', () => {
    expect(() => (design.syscall as Syscall)(K0, C1, { kind: 'Sinv', obj: SVC1 }, 0, frame, { mapped: () => true })).toThrow(/return point/);
  });
});

describe('sret', () => {
  it('the last frame popped returns to the caller\'s return point with the value, shown as svc1\'s reply', () => {
    const r = call(kernel({ [C1]: { stack: frames([SVC1, 5]), mr: 1 } }), C1, { kind: 'Sret' }, 1, 99);
    expect(r.kernel.threads[C1 - 1]).toEqual({ state: 'running', on: 0, mr: 1, stack: [] });
    expect([r.outcome, r.resume]).toEqual([{ kind: 'returned' }, 5]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: S1, to: C1, value: 1 }]);
  });

  it('a nested sret pops one frame, back into the calling component (LIFO)', () => {
    const r = call(kernel({ [C1]: { stack: frames([SVC1, 5], [SVC2, 13]) } }), C1, { kind: 'Sret' }, 0);
    expect(r.kernel.threads[C1 - 1].stack).toEqual(frames([SVC1, 5]));
    expect(r.resume).toBe(13);
    expect(r.events).toEqual([{ kind: 'note', thread: C1, label: 'sret from svc2' }]);
  });

  it('with no invocation to return from, sret fails and changes nothing', () => {
    const r = call(K0, S1, { kind: 'Sret' });
    expect([r.kernel, r.resume, r.events]).toEqual([K0, undefined, [{ kind: 'note', thread: S1, label: 'sret with no invocation: 0xDEADDEAD' }]]);
  });

  it('F4 sretToChosenTarget: the component returns to the thread\'s first return point, popping every frame; the reply comes from svc2\'s component', () => {
    const f4 = composite({ sretToChosenTarget: true });
    const r = call(kernel({ [C1]: { stack: frames([SVC1, 5], [SVC2, 13]) } }), C1, { kind: 'Sret' }, 0, 99, f4);
    expect([r.kernel.threads[C1 - 1].stack, r.resume]).toEqual([[], 5]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: S2, to: C1, value: 0 }]);
  });
});

describe('asnd and arcv', () => {
  it('asnd with nobody waiting counts one pending event and returns', () => {
    const r = call(K0, C1, { kind: 'Asnd', obj: DEV });
    expect([r.kernel.objects.pending[DEV], r.outcome, r.woken, r.events]).toEqual([1, { kind: 'returned' }, [], []]);
    expect(stepInvariant('pending counters ≤ 3', K0, { kind: 'Asnd', obj: DEV }, r.kernel)).toBe(true);
  });

  it('asnd wakes the lowest-numbered thread waiting in arcv, which takes the event (1 in its register); nothing is counted', () => {
    const k = kernel({ [C2]: { state: 'blocked', on: DEV + 1 }, [S2]: { state: 'blocked', on: DEV + 1 } });
    const r = call(k, C1, { kind: 'Asnd', obj: DEV });
    expect(r.kernel.threads.map((x) => x.state)).toEqual(['running', 'running', 'running', 'blocked']);
    expect([r.kernel.threads[C2 - 1].mr, r.kernel.objects.pending[DEV], r.woken]).toEqual([1, 0, [C2]]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'signal', from: C1, to: C2, value: 1 }]);
    expect(stepInvariant('pending counters ≤ 3', k, { kind: 'Asnd', obj: DEV }, r.kernel)).toBe(true);
  });

  it('at the model bound (3) asnd fails and the counter stays: the step breaks "pending counters ≤ 3"', () => {
    const k = kernel({}, { [DEV]: 3 });
    const r = call(k, C1, { kind: 'Asnd', obj: DEV });
    expect([r.kernel, r.events]).toEqual([k, [{ kind: 'note', thread: C1, label: 'asnd: pending at the model bound 3, −1' }]]);
    expect(stepInvariant('pending counters ≤ 3', k, { kind: 'Asnd', obj: DEV }, r.kernel)).toBe(false);
  });

  it('arcv takes one pending event and returns; with none it blocks at the blockpoint', () => {
    const r = call(kernel({}, { [DEV]: 2 }), S2, { kind: 'Arcv', obj: DEV });
    expect([r.kernel.objects.pending[DEV], r.kernel.threads[S2 - 1].mr, r.outcome]).toEqual([1, 1, { kind: 'returned' }]);
    const b = call(K0, S2, { kind: 'Arcv', obj: DEV });
    expect([b.kernel.threads[S2 - 1], b.outcome]).toEqual([{ state: 'blocked', on: DEV + 1, mr: 0, stack: [] }, { kind: 'blocked', on: 'arcv' }]);
    expect(design.runnable(b.kernel, S2)).toBe(false);
  });
});

describe('Idle, Keep and Exit', () => {
  it("a server thread's serve parks it in its component for ever: idle, not runnable, not ended", () => {
    const r = call(K0, S1, { kind: 'Idle', obj: SVC1 });
    expect([r.kernel.threads[S1 - 1].state, r.outcome]).toEqual(['idle', { kind: 'blocked', on: 'idle in its component' }]);
    expect([design.runnable(r.kernel, S1), design.ended(r.kernel, S1)]).toEqual([false, false]);
  });

  it('save (Keep) changes nothing and runs at user level: the caller to answer later is the thread\'s own frame', () => {
    const k = kernel({ [C1]: { stack: frames([SVC1, 5]) } });
    expect(call(k, C1, { kind: 'Keep' }).kernel).toEqual(k);
    expect([design.userLevel!({ kind: 'Keep' }), design.userLevel!({ kind: 'Sinv', obj: SVC1 })]).toEqual([true, false]);
  });

  it('Exit ends the thread', () => {
    const r = call(K0, C1, { kind: 'Exit' });
    expect([design.ended(r.kernel, C1), r.outcome]).toEqual([true, { kind: 'ended' }]);
  });
});

describe('operations, labels, memory and invariants', () => {
  const op = (o: Parameters<typeof design.operation>[0]) => design.operation(o, C1, frame);
  it('maps rpc to sinv, serve to Idle, every kind of reply to sret, save to Keep, and one-way IPC on an event or an unbounded channel to asnd and arcv', () => {
    expect([op(rpc('svc1')), op(serve('svc1')), op(reply()), op(replyServe('svc1')), op(replySaved(0)), op(save(0))]).toEqual([
      { kind: 'Sinv', obj: SVC1 },
      { kind: 'Idle', obj: SVC1 },
      { kind: 'Sret' },
      { kind: 'Sret' },
      { kind: 'Sret' },
      { kind: 'Keep' },
    ]);
    expect([op(send('dev')), op(receive('dev')), op(signal('ev')), op(wait('ev')), op({ op: 'exit' })]).toEqual([
      { kind: 'Asnd', obj: DEV },
      { kind: 'Arcv', obj: DEV },
      { kind: 'Asnd', obj: EV },
      { kind: 'Arcv', obj: EV },
      { kind: 'Exit' },
    ]);
  });

  it('cannot express an rpc on a channel, one-way IPC on a service, a bounded ring (a user-level library in Composite), a split call or a touch as a call', () => {
    expect([op(rpc('dev')), op(send('svc1')), op(receive('svc1')), op(send('ring')), op(receive('ring')), op(request('svc1')), op(touch(0))]).toEqual(Array(7).fill(undefined));
    expect(RING).toBe(4);
  });

  it('labels calls with their object', () => {
    expect([design.label({ kind: 'Sinv', obj: SVC2 }, frame), design.label({ kind: 'Sret' }, frame)]).toEqual(['Sinv(svc2)', 'Sret']);
  });

  it('kernel memory is 0 with the fixed stack; F2 growableStack counts the frames past the bound', () => {
    const deep = kernel({ [C1]: { stack: frames([SVC1, 5], [SVC1, 11], [SVC1, 11], [SVC1, 11], [SVC1, 11]) }, [C2]: { stack: frames([SVC1, 5]) } });
    expect(design.memory(kernel({ [C1]: { stack: frames([SVC1, 5], [SVC1, 11], [SVC1, 11]) } }))).toBe(0);
    expect(composite({ growableStack: true }).memory(deep)).toBe(2);
    // The growable stack takes a fourth frame where the fixed one refuses it.
    const three = kernel({ [C1]: { stack: frames([SVC1, 5], [SVC1, 11], [SVC1, 11]) } });
    expect(call(three, C1, { kind: 'Sinv', obj: SVC1 }, 0, 11, composite({ growableStack: true })).kernel.threads[C1 - 1].stack).toHaveLength(4);
  });

  it('INV-PENDING fails on a thread waiting in arcv on a counter above 0', () => {
    const inv = design.invariants(frame).find((p) => p.name === 'INV-PENDING')!;
    expect(inv.holds(kernel({ [S2]: { state: 'blocked', on: DEV + 1 } }))).toBe(true);
    expect(inv.holds(kernel({ [S2]: { state: 'blocked', on: DEV + 1 } }, { [DEV]: 1 }))).toBe(false);
  });

  it('rejects a depth below 1, and marks options in the title', () => {
    expect(() => composite({ depth: 0 })).toThrow(RangeError);
    expect(() => composite({ pendingBound: 0 })).toThrow(RangeError);
    expect(composite({ depth: 1, sretToChosenTarget: true }).title).toBe('Composite thread migration (M11) [depth 1, sretToChosenTarget]');
  });
});

// ---- composed checks ------------------------------------------------------------------------

type M = Model<ComposedState, ComposedAction>;
/** Every verdict's status, with the trace length where there is one. */
function verdicts(spec: WorkloadSpec, d = design) {
  const model = compose(d, spec) as M;
  const r = check(model);
  const table = Object.fromEntries(Object.entries(r.verdicts).map(([name, v]) => [name, 'trace' in v ? `${v.status}/${v.trace.steps.length}` : v.status]));
  return { model, r, table };
}
/** Every safety verdict holding. */
const SAFE = { 'INV-PENDING': 'holds', 'every invocation succeeds': 'holds', 'pending counters ≤ 3': 'holds', 'reply correctness': 'holds', 'run queue': 'holds', isolation: 'holds', privilege: 'holds', 'kernel-mediated transfer': 'holds', 'deadlock free': 'holds' };
/** And the liveness of calls. */
const PASS = { ...SAFE, 'kernel memory ≤ 0': 'holds', 'no client stuck forever': 'holds', 'every call is answered': 'holds' };

/** Every reachable state of `model`, by a plain search. */
const reachable = reachableStates;

/** Runs `actions` (as the model shows them) from the initial state. */
function walk(model: M, actions: readonly string[]): ComposedState {
  let s = model.init()[0];
  for (const want of actions) {
    const a = model.actions(s).find((x) => model.showAction!(x) === want);
    if (a === undefined) throw new Error(`no action '${want}' among ${model.actions(s).map((x) => model.showAction!(x)).join(', ')}`);
    s = model.next(s, a);
  }
  return s;
}

describe('composed: the migration layout and the page-table switch (HW2)', () => {
  const model = compose(design, nestedServer.build(nestedServer.defaults)) as M;

  it("client A's thread enters server 1's handler, then server 2's, in their address spaces, and returns through both", () => {
    const inS1 = walk(model, ['set 0 (client A)', 'Sinv(svc1) (client A)']);
    expect(inS1.threads['client A'].at).toMatch(/^\d+: answer \[S1\]$/);
    expect(inS1.hw.mode).toBe('kernel');
    // The return to user mode loads server 1's table: the component on top of client A's stack.
    const user = walk(model, ['set 0 (client A)', 'Sinv(svc1) (client A)', 'Return']);
    expect(user.hw.ptbr).toBe(2);
    const answered = walk(model, ['set 0 (client A)', 'Sinv(svc1) (client A)', 'Return', 'answer (client A)']);
    expect(answered.hw.access).toEqual({ component: 2, frame: 2 });
    const inS2 = walk(model, ['set 0 (client A)', 'Sinv(svc1) (client A)', 'Return', 'answer (client A)', 'Sinv(svc2) (client A)', 'Return']);
    expect([inS2.hw.ptbr, inS2.threads['client A'].at]).toEqual([3, expect.stringMatching(/answer \[S2\]$/)]);
    expect((inS2.kernel as K).threads[0].stack.map((f) => f.svc)).toEqual([0, 1]);
  });

  it('HW2 in every reachable state: in user mode the page-table register names the space of the component on top of the running thread\'s stack (or its own)', () => {
    // Spaces in order of first appearance: A 0, B 1, S1 2, S2 3, D 4; svc1 is served in S1, svc2 in S2.
    const home = [0, 1, 2, 3, 4];
    const spaceOfSvc = [2, 3];
    const states = reachable(model);
    let user = 0;
    let nested = 0;
    for (const s of states) {
      const t = s.sched.current;
      if (s.hw.mode === 'user' && t !== 0) {
        const stack = (s.kernel as K).threads[t - 1].stack;
        expect(s.hw.ptbr).toBe(stack.length === 0 ? home[t - 1] : spaceOfSvc[stack[stack.length - 1].svc]);
        user++;
        if (stack.length === 2) nested++;
      }
    }
    expect([states.length, user > 0, nested > 0]).toEqual([19409, true, true]);
  }, 60_000);

  it('the server threads stay idle in their serve from their first step: a valid end, not a client', () => {
    const s = walk(model, ['set 0 (client A)', 'Preempt', 'Return', 'set 1 (bystander)', 'Preempt', 'Return', 'Idle(svc1) (server 1)']);
    expect((s.kernel as K).threads[2].state).toBe('idle');
  });
});

describe('composed: what the layout refuses, and symmetry', () => {
  it('a handler that runs a bounded loop before it returns cannot be expressed: nested invocations of it would share its counter', () => {
    const spec: WorkloadSpec = {
      name: 'loop',
      threads: [
        { name: 'client', space: 'C', program: [prepare(), rpc('svc')] },
        { name: 'server', space: 'S', program: [forever(serve('svc'), repeat(2, answer()), reply())] },
      ],
      objects: [{ name: 'svc', kind: 'service' }],
      values: 2,
      witness: { name: 'w', holds: () => true },
    };
    expect(inexpressible(design, spec)).toEqual(['a bounded loop in the handler of svc (thread migration)']);
    expect(() => compose(design, spec)).toThrow(NotExpressible);
    expect(inexpressible(sel4(), spec)).toEqual([]);
  });

  it('rpcPool\'s two clients stay interchangeable (their invocation stacks name services and shared code): the reduced search is exact', () => {
    const m = compose(design, rpcPool.build(rpcPool.defaults)) as M;
    const brute = bruteForceOrbits(m);
    expect([brute.states, brute.orbits]).toEqual([1519, 1117]);
    const reduced = check(m, { symmetry: true });
    expect(reduced.stats.distinct).toBe(1117);
    expect(reduced.verdicts['reply correctness'].status).toBe('holds');
    expect(reduced.verdicts['deadlock free'].status).toBe('holds');
  });
});

describe('composed on the shipped workloads', () => {
  it('rpcPool: the two clients run the server\'s code on their own threads; every property holds (1519 states)', () => {
    const { r, table } = verdicts(rpcPool.build(rpcPool.defaults));
    expect(r.stats.distinct).toBe(1519);
    expect(table).toEqual({ ...PASS, 'a call completes': 'witnessed/5' });
  });

  it('rpcPool: no thread per client is needed: with its one server thread idle, both clients are inside the service at once in some state', () => {
    const states = reachable(compose(design, rpcPool.build(rpcPool.defaults)) as M);
    const both = states.filter((s) => (s.kernel as K).threads[0].stack.length === 1 && (s.kernel as K).threads[1].stack.length === 1);
    expect(both.length).toBeGreaterThan(0);
    expect(states.every((s) => (s.kernel as K).threads[2].stack.length === 0)).toBe(true);
  });

  it('rpcPool with noPageTableSwitch and no preemption: after sinv the client, running the server\'s code, writes through its own table; isolation fails', () => {
    const model = compose(design, rpcPool.build(rpcPool.defaults), { hardware: 'noPageTableSwitch', preemption: false }) as M;
    const r = check(model);
    expect(r.verdicts.isolation.status).toBe('violated');
    expect(traceActions(model, r, 'isolation')).toEqual(['prepare 0 (client 1)', 'Sinv(svc) (client 1)', 'Return', 'answer (client 1)']);
  });

  it('nestedServer: the bystander is never held up behind the slow server 2 (it runs server 1 on its own thread), its reply latency is bounded; every property holds (19409 states)', () => {
    const { r, table } = verdicts(nestedServer.build(nestedServer.defaults));
    expect(r.stats.distinct).toBe(19409);
    expect(table).toEqual({ ...PASS, 'bystander not held up by server 2': 'holds', 'bystander reply latency': 'holds', 'a call completes': 'witnessed/7' });
    expect(r.verdicts['bystander reply latency']).toMatchObject({ status: 'holds', bound: 18 });
  });

  it('nestedServer with a device that may never fire: only client A waits for ever, inside server 2; the bystander still is not held up', () => {
    const { r, table } = verdicts(nestedServer.build({ ...nestedServer.defaults, device: 'mayNeverFire' }));
    expect(r.stats.distinct).toBe(21080);
    // One thread per server (seL4, L4) leaves the bystander unanswered for ever here; under migration its latency stays bounded.
    expect(r.verdicts['bystander reply latency']).toMatchObject({ status: 'holds', bound: 18 });
    expect(table).toEqual({ ...PASS, 'deadlock free': 'violated/23', 'no client stuck forever': 'violated/17', 'every call is answered': 'violated/23', 'bystander not held up by server 2': 'holds', 'bystander reply latency': 'holds', 'a call completes': 'witnessed/7' });
  });

  it('deferredReply: save is the thread\'s own frame and the receive a blockpoint inside the component; every property holds (613 states)', () => {
    const { r, table } = verdicts(deferredReply.build(deferredReply.defaults));
    expect(r.stats.distinct).toBe(613);
    expect(table).toEqual({ ...PASS, 'a call completes': 'witnessed/15' });
  });

  it('burst: asnd never blocks and the counter holds the three events (118 states)', () => {
    const { r, table } = verdicts(burst.build(burst.defaults));
    expect(r.stats.distinct).toBe(118);
    expect(table).toEqual({ ...SAFE, 'kernel memory ≤ 2': 'holds', 'no client stuck forever': 'holds', 'the burst is sent': 'witnessed/10' });
  });

  it('eventCascade: on the chain every event reaches the last server on every fair path (3916 states); W1 F1, fan-out 2 on a cycle with B = ∞, grows a counter to the model bound while kernel memory holds (93760 states)', () => {
    const { r, table } = verdicts(eventCascade.build(eventCascade.defaults));
    expect(r.stats.distinct).toBe(3916);
    expect(table['every event is handled']).toBe('holds');
    const cycle = verdicts(eventCascade.build({ ...eventCascade.defaults, graph: 'cycle', events: 1 }));
    expect(cycle.r.stats.distinct).toBe(93760);
    expect(cycle.table['pending counters ≤ 3']).toBe('violated/46');
    expect(cycle.table['kernel memory ≤ 3']).toBe('holds');
  }, 60_000);

  it('notifyItems: the counter keeps one event per signal, so the per-bit consumer strands nothing (469 states)', () => {
    const { r } = verdicts(notifyItems.build(notifyItems.defaults));
    expect(r.stats.distinct).toBe(469);
    expect(r.ok).toBe(true);
  });

  it('reentrantCalls: S1 → S2 → S1 runs on the client\'s own thread, so one S1 thread is as good as two: every property holds (332 states; 802 with two)', () => {
    const one = verdicts(reentrantCalls.build({ pool: 1 }));
    expect(one.r.stats.distinct).toBe(332);
    expect(one.table).toEqual({ ...PASS, 'a call completes': 'witnessed/19' });
    const two = verdicts(reentrantCalls.build(reentrantCalls.defaults));
    expect([two.r.stats.distinct, two.r.ok]).toEqual([802, true]);
  });

  it('callBack and strayMessage: no server thread to deadlock; every property holds (2871 and 9756 states)', () => {
    const cb = verdicts(callBack.build(callBack.defaults));
    const sm = verdicts(strayMessage.build(strayMessage.defaults));
    expect([cb.r.stats.distinct, cb.r.ok, sm.r.stats.distinct, sm.r.ok]).toEqual([2871, true, 9756, true]);
  });
});

describe("card M11's seeded variants", () => {
  it('F1 on mutualCalls: the servers\' mutual recursion reaches the stack bound and sinv returns −1; the calls unwind and are answered, kernel memory holds (44536 states)', () => {
    const { model, r, table } = verdicts(mutualCalls.build(mutualCalls.defaults));
    expect(r.stats.distinct).toBe(44536);
    expect(table).toEqual({ ...PASS, 'every invocation succeeds': 'violated/14', 'a call completes': 'witnessed/23' });
    expect(traceActions(model, r, 'every invocation succeeds').filter((a) => a.startsWith('Sinv'))).toEqual(['Sinv(a) (client 1)', 'Sinv(b) (client 1)', 'Sinv(a) (client 1)', 'Sinv(b) (client 1)']);
  });

  it('F1 stackDepth1 on nestedServer: client A\'s nested call into server 2 is refused, on the path the workload needs depth 2', () => {
    const { model, r, table } = verdicts(nestedServer.build(nestedServer.defaults), composite({ depth: 1 }));
    expect(r.stats.distinct).toBe(13667);
    expect(table).toEqual({ ...PASS, 'every invocation succeeds': 'violated/5', 'bystander not held up by server 2': 'holds', 'bystander reply latency': 'holds', 'a call completes': 'witnessed/7' });
    expect(traceActions(model, r, 'every invocation succeeds')).toEqual(['set 0 (client A)', 'Sinv(svc1) (client A)', 'Return', 'answer (client A)', 'Sinv(svc2) (client A)']);
  });

  it('F1 on selfInvocation: the recursion stops at the third frame, and every call is answered (218 states)', () => {
    const { r, table } = verdicts(selfInvocation.build(selfInvocation.defaults));
    expect(r.stats.distinct).toBe(218);
    expect(table).toEqual({ ...PASS, 'every invocation succeeds': 'violated/11', 'a call completes': 'witnessed/20' });
  });

  it('F2 growableStack on selfInvocation: a frame per level past the bound, a growth witness of one kernel object per round', () => {
    const { r, table } = verdicts(selfInvocation.build(selfInvocation.defaults), composite({ growableStack: true }));
    expect(r.stats.distinct).toBe(666);
    expect(table['kernel memory ≤ 0']).toBe('unbounded/26');
    const v = r.verdicts['kernel memory ≤ 0'];
    if (v.status !== 'unbounded') throw new Error('expected unbounded');
    expect(v.growth).toEqual({ loopStart: 8, loopEnd: 11, prefixSteps: 11, rounds: 5, measures: [1, 2, 3, 4, 5, 6], growthPerRound: 1, unit: 'kernel object' });
  });

  it('F3 on componentLock: the thread holding S1\'s lock calls S2, which calls back into S1 for the lock: it waits on itself (817 states)', () => {
    const { model, r, table } = verdicts(componentLock.build({ ...componentLock.defaults, lock: 'acrossCall' }));
    expect(r.stats.distinct).toBe(817);
    expect(table).toEqual({ ...PASS, 'deadlock free': 'violated/17', 'no client stuck forever': 'violated/11', 'every call is answered': 'violated/17', 'a call completes': 'unwitnessed' });
    expect(traceActions(model, r, 'no client stuck forever')).toEqual([
      'prepare 0 (client 1)',
      'Sinv(s1) (client 1)',
      'Return',
      'lock 0 (client 1)',
      'answer (client 1)',
      'Sinv(s2) (client 1)',
      'Return',
      'answer (client 1)',
      'Sinv(s1b) (client 1)',
      'Return',
      'lock 0 (client 1)',
    ]);
  });

  it('componentLock with the lock released before the call: every property holds (1743 states); with two clients the second waits at the blockpoint (131640 states)', () => {
    const one = verdicts(componentLock.build(componentLock.defaults));
    expect([one.r.stats.distinct, one.r.ok]).toEqual([1743, true]);
    const two = verdicts(componentLock.build({ ...componentLock.defaults, clients: 2 }));
    expect([two.r.stats.distinct, two.r.ok]).toEqual([131640, true]);
  }, 120_000);

  it('F4 sretToChosenTarget on nestedServer: server 2\'s sret lands at client A\'s own return point, a reply from a component client A did not call', () => {
    const { r, table } = verdicts(nestedServer.build(nestedServer.defaults), composite({ sretToChosenTarget: true }));
    expect(r.stats.distinct).toBe(16569);
    expect(table).toEqual({ ...PASS, 'reply correctness': 'violated/24', 'bystander not held up by server 2': 'holds', 'bystander reply latency': 'holds', 'a call completes': 'witnessed/7' });
  });
});
