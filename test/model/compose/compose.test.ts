/**
 * Claims about the framework that makes design × workload into a model (`model/compose`), each
 * on a small composed model: the pinned results of seL4 on the six workloads and their seeded
 * variants, with counterexamples that say what the bug is; direct switch on a Call; the page
 * table loaded on return to user mode; page faults served by a handler; user-level locks; what a
 * design cannot express; undeclared names; text traces that start with the threads; and the
 * scheduler's fairness, which 'every call is answered' needs.
 */
import { describe, expect, it } from 'vitest';
import { reachableStates } from '../../helpers/reachableStates.js';
import { check, type Trace } from '../../../checker/index.js';
import { propertyTraceText, textTrace } from '../../../counterexamples/index.js';
import { compose, inexpressible, NotExpressible, type ComposedAction, type ComposedState } from '../../../model/compose/compose.js';
import type { AnyDesign } from '../../../model/designs/design.js';
import { l4 } from '../../../model/designs/l4.js';
import { sel4, type Sel4Call, type Sel4Tcb } from '../../../model/designs/sel4.js';
import type { Model } from '../../../model/core/model.js';
import type { SequenceEvent } from '../../../model/core/sequence.js';
import { burst } from '../../../model/workloads/burst.js';
import { deferredReply } from '../../../model/workloads/deferredReply.js';
import { eventCascade } from '../../../model/workloads/eventCascade.js';
import { nestedServer } from '../../../model/workloads/nestedServer.js';
import { pageFault } from '../../../model/workloads/pageFault.js';
import { rpcPool } from '../../../model/workloads/rpcPool.js';
import { choose, forever, lock, native, prepare, receive, repeat, reply, rpc, send, serve, signal, unlock, wait } from '../../../model/workloads/program.js';
import type { Workload, WorkloadSpec } from '../../../model/workloads/workload.js';

type M = Model<ComposedState, ComposedAction>;

/** The seL4 thread record of thread `t` (1-based) in a composed state. */
const tcb = (s: ComposedState, t: number): Sel4Tcb => (s.kernel.threads as readonly Sel4Tcb[])[t - 1];
/** The actions of a trace as traces show them: `Call(svc) (client 1)`. */
const actionsOf = (m: M, trace: Trace<ComposedState, ComposedAction>): string[] => trace.steps.map((st) => m.showAction!(st.action));
/** The state after the step labelled `label` from `s`; fails listing the enabled actions if there is none. */
function step(m: M, s: ComposedState, label: string): ComposedState {
  const acts = m.actions(s);
  const a = acts.find((x) => m.showAction!(x) === label);
  if (a === undefined) throw new Error(`'${label}' is not enabled; enabled: ${acts.map((x) => m.showAction!(x)).join(', ')}`);
  return m.next(s, a);
}
/** The states after each of `labels` in turn from the initial state. */
function walk(m: M, labels: readonly string[]): ComposedState[] {
  const out: ComposedState[] = [];
  let s = m.init()[0];
  for (const l of labels) out.push((s = step(m, s, l)));
  return out;
}
/** The chart events of the step labelled `label` from `s`. */
function eventsOf(m: M, s: ComposedState, label: string): readonly SequenceEvent[] {
  const a = m.actions(s).find((x) => m.showAction!(x) === label)!;
  return m.sequence!.events!(s, a, m.next(s, a));
}
/** Every reachable state (small models only). */
const reachable = (m: M, cap = 20_000): ComposedState[] => reachableStates(m, cap);

/** The framework's properties with seL4's invariants. */
const GENERIC = (memory: number) => ['INV-EP', 'INV-SYM', 'INV-R', 'INV-NTFN', 'reply correctness', 'run queue', `kernel memory ≤ ${memory}`, 'isolation', 'privilege', 'kernel-mediated transfer', 'deadlock free'];

interface Pinned {
  readonly workload: Workload;
  readonly set: Readonly<Record<string, string | number | boolean>>;
  readonly distinct: number;
  /** Every verdict other than 'holds', with the length of its trace. */
  readonly notHolding: Readonly<Record<string, string>>;
  /** Properties after the generic ones, in order. */
  readonly extra: readonly string[];
}

const PINNED: readonly Pinned[] = [
  { workload: rpcPool, set: {}, distinct: 1371, notHolding: { 'a call completes': 'witnessed 9' }, extra: ['no client stuck forever', 'every call is answered', 'a call completes'] },
  {
    workload: rpcPool,
    set: { bug: 'lostReply' },
    distinct: 1583,
    notHolding: { 'deadlock free': 'violated 11', 'no client stuck forever': 'violated 8', 'every call is answered': 'violated 11', 'a call completes': 'witnessed 9' },
    extra: ['no client stuck forever', 'every call is answered', 'a call completes'],
  },
  {
    workload: nestedServer,
    set: {},
    distinct: 9031,
    notHolding: { 'bystander not held up by server 2': 'violated 17', 'a call completes': 'witnessed 9' },
    extra: ['no client stuck forever', 'every call is answered', 'bystander not held up by server 2', 'bystander reply latency', 'a call completes'],
  },
  { workload: deferredReply, set: {}, distinct: 322, notHolding: { 'a call completes': 'witnessed 14' }, extra: ['no client stuck forever', 'every call is answered', 'a call completes'] },
  {
    workload: deferredReply,
    set: { bug: 'noSave' },
    distinct: 248,
    notHolding: { 'deadlock free': 'violated 16', 'no client stuck forever': 'violated 2', 'every call is answered': 'violated 16', 'a call completes': 'unwitnessed' },
    extra: ['no client stuck forever', 'every call is answered', 'a call completes'],
  },
  { workload: burst, set: {}, distinct: 64, notHolding: { 'the burst is sent': 'witnessed 18' }, extra: ['no client stuck forever', 'the burst is sent'] },
  {
    workload: burst,
    set: { receiver: 'never' },
    distinct: 18,
    notHolding: { 'deadlock free': 'violated 4', 'no client stuck forever': 'violated 2', 'the burst is sent': 'unwitnessed' },
    extra: ['no client stuck forever', 'the burst is sent'],
  },
  { workload: pageFault, set: {}, distinct: 150, notHolding: { 'a call completes': 'witnessed 16' }, extra: ['no client stuck forever', 'every call is answered', 'a call completes'] },
  {
    workload: pageFault,
    set: { handlerFaults: true },
    distinct: 41,
    notHolding: { 'deadlock free': 'violated 7', 'no client stuck forever': 'violated 1', 'a call completes': 'unwitnessed' },
    extra: ['no client stuck forever', 'every call is answered', 'a call completes'],
  },
  { workload: eventCascade, set: {}, distinct: 2032, notHolding: { 'the cascade reaches the last server': 'witnessed 14' }, extra: ['no client stuck forever', 'no event handled twice', 'every event is handled', 'the cascade reaches the last server'] },
  {
    workload: eventCascade,
    set: { graph: 'cycle' },
    distinct: 3064,
    notHolding: { 'deadlock free': 'violated 32', 'no client stuck forever': 'violated 18', 'the cascade reaches the last server': 'witnessed 14' },
    extra: ['no client stuck forever', 'the cascade always reaches the last server', 'the cascade reaches the last server'],
  },
];

const build = (w: Workload, set: Pinned['set'] = {}) => w.build({ ...w.defaults, ...set });
const composeSel4 = (w: Workload, set: Pinned['set'] = {}) => compose(sel4(), build(w, set));
/** A composed model and its complete check, computed once per test that asks. */
function checked(w: Workload, set: Pinned['set'] = {}) {
  const m = composeSel4(w, set);
  return { m, r: check(m) };
}

describe('seL4 × the six workloads: pinned state counts and verdicts', () => {
  for (const p of PINNED) {
    const variant = Object.keys(p.set).length === 0 ? 'defaults' : Object.entries(p.set).map(([k, v]) => `${k}=${v}`).join(',');
    it(`${p.workload.id} (${variant}): ${p.distinct} distinct states; ${Object.keys(p.notHolding).length === 1 ? 'every property holds and the witness is found' : Object.entries(p.notHolding).map(([k, v]) => `'${k}' ${v}`).join(', ')}`, () => {
      const { m, r } = checked(p.workload, p.set);
      expect(r.modelError).toBeUndefined();
      expect(r.complete).toBe(true);
      expect(r.stats.distinct).toBe(p.distinct);
      const memory = (build(p.workload, p.set).memoryBound ?? 0) as number;
      // The framework's properties and the workload's, the witness last (a design may add invariants of its own).
      const names = r.properties.map((x) => x.name);
      expect(names).toEqual(expect.arrayContaining([...GENERIC(memory), ...p.extra]));
      expect(names.slice(-p.extra.length)).toEqual(p.extra);
      const got = Object.fromEntries(r.properties.map((x) => [x.name, x.verdict.status + ('trace' in x.verdict ? ` ${x.verdict.trace.steps.length}` : '')]));
      const want = Object.fromEntries(r.properties.map((x) => [x.name, p.notHolding[x.name] ?? 'holds']));
      expect(got).toEqual(want);
      expect(m.name).toBe(`seL4 × ${build(p.workload, p.set).name}`);
    });
  }
});

describe('the counterexamples of the seeded variants say what the bug is', () => {
  it('rpcPool lostReply: client 1 is stuck once the server waits again without replying; the last step is the server\'s second Recv, which deletes the reply capability', () => {
    const { m, r } = checked(rpcPool, { bug: 'lostReply' });
    const v = r.verdicts['no client stuck forever'];
    expect(v.status).toBe('violated');
    if (v.status !== 'violated') return;
    expect(v.stuckThread).toBe('client 1');
    const acts = actionsOf(m, v.trace);
    expect(acts.filter((a) => a === 'Recv(svc) (server 1)')).toHaveLength(2);
    expect(acts[acts.length - 1]).toBe('Recv(svc) (server 1)');
    expect(acts.some((a) => /Reply/.test(a))).toBe(false);
    expect(acts.indexOf('Call(svc) (client 1)')).toBeLessThan(acts.indexOf('Recv(svc) (server 1)'));
    const before = v.trace.steps.length >= 2 ? v.trace.steps[v.trace.steps.length - 2].state : v.trace.init;
    expect(tcb(before, 3).caller).toBe(1);
    const last = v.trace.steps[v.trace.steps.length - 1].state;
    expect(tcb(last, 1).state).toBe('blockedOnReply');
    expect(tcb(last, 3).caller).toBe(0);
    expect(eventsOf(m, before, 'Recv(svc) (server 1)')).toContainEqual({ kind: 'mark', lane: 2, label: 'reply cap to client 1 deleted', mark: 'note' });
  });

  it('rpcPool lostReply: the deadlock has both clients waiting for replies and the server waiting for requests', () => {
    const { m, r } = checked(rpcPool, { bug: 'lostReply' });
    const v = r.verdicts['deadlock free'];
    if (v.status !== 'violated') throw new Error(v.status);
    const last = v.trace.steps[v.trace.steps.length - 1].state;
    expect([1, 2, 3].map((t) => tcb(last, t).state)).toEqual(['blockedOnReply', 'blockedOnReply', 'blockedOnReceive']);
    expect(last.sched).toEqual({ current: 0, ready: [] });
    expect(m.actions(last)).toEqual([]);
  });

  it('rpcPool: the shortest completed call ends with the server\'s reply reaching the client', () => {
    const { m, r } = checked(rpcPool);
    const v = r.verdicts['a call completes'];
    if (v.status !== 'witnessed') throw new Error(v.status);
    expect(actionsOf(m, v.trace).at(-1)).toMatch(/^(ReplyRecv\(svc\)|Reply) \(server 1\)$/);
    expect(v.trace.steps.at(-1)!.state.ghost.delivered).not.toBeNull();
  });

  it('deferredReply noSave: the client is doomed as soon as it calls; in the deadlock the server replied after Recv(ev) to nobody', () => {
    const { m, r } = checked(deferredReply, { bug: 'noSave' });
    const stuck = r.verdicts['no client stuck forever'];
    if (stuck.status !== 'violated') throw new Error(stuck.status);
    expect(stuck.stuckThread).toBe('client');
    expect(actionsOf(m, stuck.trace)).toEqual(['prepare 0 (client)', 'Call(svc) (client)']);
    const dl = r.verdicts['deadlock free'];
    if (dl.status !== 'violated') throw new Error(dl.status);
    const acts = actionsOf(m, dl.trace);
    const recvEv = acts.indexOf('Recv(ev) (server)');
    const replyAt = acts.indexOf('Reply (server)');
    expect(recvEv).toBeGreaterThan(acts.indexOf('Recv(svc) (server)'));
    expect(replyAt).toBeGreaterThan(recvEv);
    const beforeReply = dl.trace.steps[replyAt - 1].state;
    expect(eventsOf(m, beforeReply, 'Reply (server)').filter((e) => e.kind === 'message')).toEqual([]);
    const last = dl.trace.steps.at(-1)!.state;
    expect(tcb(last, 1).state).toBe('blockedOnReply');
    expect(tcb(last, 2).state).toBe('done');
    expect(tcb(last, 3).state).toBe('blockedOnReceive');
  });

  it('burst receiver=never: the client blocks on its first Send for ever; the deadlock comes when the server waits on its idle channel', () => {
    const { m, r } = checked(burst, { receiver: 'never' });
    const stuck = r.verdicts['no client stuck forever'];
    if (stuck.status !== 'violated') throw new Error(stuck.status);
    expect(actionsOf(m, stuck.trace)).toEqual(['prepare 0 (client)', 'Send(ch) (client)']);
    expect(tcb(stuck.trace.steps[1].state, 1)).toMatchObject({ state: 'blockedOnSend', on: 1 });
    const dl = r.verdicts['deadlock free'];
    if (dl.status !== 'violated') throw new Error(dl.status);
    expect(actionsOf(m, dl.trace)).toEqual(['prepare 0 (client)', 'Send(ch) (client)', 'Return', 'Recv(idle) (server)']);
  });

  it('pageFault handlerFaults: the client\'s first write faults and it never gets a fault reply; the deadlock is the handler faulting into its own fault endpoint', () => {
    const { m, r } = checked(pageFault, { handlerFaults: true });
    const stuck = r.verdicts['no client stuck forever'];
    if (stuck.status !== 'violated') throw new Error(stuck.status);
    expect(actionsOf(m, stuck.trace)).toEqual(['prepare 0 (client)']);
    const s1 = stuck.trace.steps[0].state;
    expect(s1.threads.client.at).toBe('0: prepare');
    expect(s1.hw.mode).toBe('kernel');
    expect(eventsOf(m, stuck.trace.init, 'prepare 0 (client)')).toContainEqual({ kind: 'mark', lane: 0, label: 'page fault', mark: 'fault' });
    const dl = r.verdicts['deadlock free'];
    if (dl.status !== 'violated') throw new Error(dl.status);
    expect(actionsOf(m, dl.trace).at(-1)).toBe('touch 1 (handler)');
    const last = dl.trace.steps.at(-1)!.state;
    expect(tcb(last, 3)).toMatchObject({ state: 'blockedOnSend', on: 2, isCall: true, fault: 2 });
    expect(tcb(last, 1)).toMatchObject({ state: 'blockedOnReply', fault: 1 });
    expect(tcb(last, 3).caller).toBe(1);
  });

  it('eventCascade graph=cycle: the servers block sending into each other; the injector is stuck on its second event', () => {
    const { m, r } = checked(eventCascade, { graph: 'cycle' });
    const dl = r.verdicts['deadlock free'];
    if (dl.status !== 'violated') throw new Error(dl.status);
    const last = dl.trace.steps.at(-1)!.state;
    expect([2, 3, 4].map((t) => tcb(last, t).state)).toEqual(['blockedOnSend', 'blockedOnSend', 'blockedOnSend']);
    expect(tcb(last, 1).state).toBe('done');
    const stuck = r.verdicts['no client stuck forever'];
    if (stuck.status !== 'violated') throw new Error(stuck.status);
    expect(stuck.stuckThread).toBe('injector');
    const acts = actionsOf(m, stuck.trace);
    expect(acts.at(-1)).toBe('Send(in 1) (injector)');
    expect(acts.filter((a) => a === 'Send(in 1) (injector)')).toHaveLength(2);
  });

  it('nestedServer: the bystander waits to send to server 1 while server 1 waits for server 2, which waits for the device with server 1 saved', () => {
    const { m, r } = checked(nestedServer);
    const v = r.verdicts['bystander not held up by server 2'];
    if (v.status !== 'violated') throw new Error(v.status);
    expect(actionsOf(m, v.trace).at(-1)).toBe('Recv(dev) (server 2)');
    const last = v.trace.steps.at(-1)!.state;
    expect(tcb(last, 2)).toMatchObject({ state: 'blockedOnSend', on: 1, isCall: true });
    expect(tcb(last, 3).state).toBe('blockedOnReply');
    expect(tcb(last, 4)).toMatchObject({ state: 'blockedOnReceive', on: 3, saved: [3] });
  });
});

describe('seeded seL4 mutants fail the framework\'s properties', () => {
  it('replyToAnyWaiter with two servers breaks reply correctness (card M3 F2)', () => {
    const m = compose(sel4({ replyToAnyWaiter: true }), rpcPool.build({ ...rpcPool.defaults, servers: 2 }));
    expect(check(m).verdicts['reply correctness'].status).toBe('violated');
    expect(check(compose(sel4(), rpcPool.build({ ...rpcPool.defaults, servers: 2 }))).verdicts['reply correctness'].status).toBe('holds');
  });

  it('callAsSend breaks reply correctness: a dequeued caller resumes without a reply (card M3 F6)', () => {
    expect(check(compose(sel4({ callAsSend: true }), build(rpcPool))).verdicts['reply correctness'].status).toBe('violated');
  });

  it('grantless leaves the client Inactive and stuck (card M3 F5)', () => {
    const r = check(compose(sel4({ grantless: [1] }), build(rpcPool)));
    const v = r.verdicts['no client stuck forever'];
    expect(v.status).toBe('violated');
    if (v.status === 'violated') expect(v.stuckThread).toBe('client 1');
  });
});

describe('scheduling and the machine', () => {
  const one = () => composeSel4(rpcPool, { clients: 1 }); // client 1 = thread 1 in space 0, server 1 = thread 2 in space 1

  it('a Call to a waiting receiver switches directly to the receiver', () => {
    const m = one();
    const [, , waiting, , , called] = walk(m, ['Preempt', 'Return', 'Recv(svc) (server 1)', 'Return', 'prepare 1 (client 1)', 'Call(svc) (client 1)']);
    expect(tcb(waiting, 2).state).toBe('blockedOnReceive');
    expect(waiting.sched.current).toBe(1);
    expect(called.sched).toEqual({ current: 2, ready: [] });
    expect(called.hw.mode).toBe('kernel');
    expect(tcb(called, 2)).toMatchObject({ state: 'running', mr: 1, caller: 1 });
  });

  it('a Send to a waiting receiver keeps the sender running and queues the receiver', () => {
    const m = composeSel4(burst);
    const [, , , , , sent] = walk(m, ['Preempt', 'Return', 'Recv(ch) (server)', 'Return', 'prepare 0 (client)', 'Send(ch) (client)']);
    expect(sent.sched).toEqual({ current: 1, ready: [2] });
  });

  it('returning to user mode loads the page table of the running thread\'s space, also where threads share a space', () => {
    const spec: WorkloadSpec = {
      name: 'sharedSpace',
      threads: [
        { name: 'a', space: 'X', program: [prepare(), rpc('svc')] },
        { name: 'server', space: 'Y', program: [forever(serve('svc'), reply())] },
        { name: 'b', space: 'X', program: [prepare(), rpc('svc')] },
      ],
      objects: [{ name: 'svc', kind: 'service' }],
      values: 1,
      witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
    };
    const m = compose(sel4(), spec);
    const spaceOf: Record<number, number> = { 1: 0, 2: 1, 3: 0 };
    let returns = 0;
    for (const s of reachable(m)) {
      for (const a of m.actions(s)) {
        if (a.kind !== 'Return') continue;
        const t = m.next(s, a);
        returns++;
        expect(t.hw.mode).toBe('user');
        expect(t.hw.ptbr).toBe(spaceOf[t.sched.current]);
      }
    }
    expect(returns).toBeGreaterThan(10);
    expect(check(m).verdicts.isolation.status).toBe('holds');
  });

  it('with hardware noPageTableSwitch the page table stays the previous thread\'s, and isolation is violated when the server writes its answer', () => {
    const m = compose(sel4(), build(rpcPool, { clients: 1 }), { hardware: 'noPageTableSwitch' });
    expect(m.name).toBe('seL4 × rpcPool(clients=1,servers=1,rounds=1,values=2) [noPageTableSwitch]');
    const r = check(m);
    const v = r.verdicts.isolation;
    if (v.status !== 'violated') throw new Error(v.status);
    expect(actionsOf(m, v.trace)).toEqual(['prepare 0 (client 1)', 'Call(svc) (client 1)', 'Return', 'Recv(svc) (server 1)', 'Return', 'answer (server 1)']);
    const returned = v.trace.steps[2].state;
    expect(returned.sched.current).toBe(2);
    expect(returned.hw.ptbr).toBe(0);
    expect(check(one()).verdicts.isolation.status).toBe('holds');
  });

  it('a page fault blocks the thread at its operation; the handler\'s reply maps the page and the thread retries the operation', () => {
    const m = composeSel4(pageFault); // client = 1 (space C = 0, page 0 unmapped), server = 2, handler = 3
    const s0 = m.init()[0];
    expect(s0.hw.tables[0][0]).toBeNull();
    expect(eventsOf(m, s0, 'prepare 0 (client)')).toEqual(
      expect.arrayContaining([
        { kind: 'mark', lane: 0, label: 'page fault', mark: 'fault' },
        { kind: 'mark', lane: 0, label: 'fault message to faults', mark: 'note' },
      ]),
    );
    const labels = ['prepare 0 (client)', 'Return', 'Recv(svc) (server)', 'Return', 'Recv(faults) (handler)', 'Return', 'touch 1 (handler)', 'Reply (handler)', 'Return', 'Recv(faults) (handler)', 'Return', 'prepare 0 (client)'];
    const states = walk(m, labels);
    const faulted = states[0];
    expect(faulted.threads.client.at).toBe('0: prepare');
    expect(faulted.hw.mode).toBe('kernel');
    expect(tcb(faulted, 1)).toMatchObject({ state: 'blockedOnSend', fault: 1 });
    const received = states[4];
    expect(tcb(received, 3)).toMatchObject({ caller: 1, mr: 0 });
    expect(tcb(received, 1).state).toBe('blockedOnReply');
    const beforeReply = states[6];
    expect(beforeReply.hw.tables[0][0]).toBeNull();
    expect(eventsOf(m, beforeReply, 'Reply (handler)')).toContainEqual({ kind: 'message', from: 2, to: 0, label: 'faultReply 0' });
    const replied = states[7];
    expect(replied.hw.tables[0][0]).toEqual({ frame: 0, write: true });
    expect(replied.sched.ready).toContain(1);
    expect(tcb(replied, 1)).toMatchObject({ state: 'running', fault: 0 });
    const retried = states[11];
    expect(retried.threads.client.at).toBe('1: rpc svc');
    expect(retried.hw.mode).toBe('user');
    expect(retried.hw.access).toEqual({ component: 0, frame: 0 });
  });
});

describe('user-level locks', () => {
  // A takes the lock and blocks in a Send inside it; B runs, and finds the lock held; C's receive lets A go on and unlock.
  const spec: WorkloadSpec = {
    name: 'lockHeldAcrossIpc',
    threads: [
      { name: 'A', space: 'A', program: [lock(0), send('ch'), unlock(0)] },
      { name: 'B', space: 'B', program: [prepare(), lock(0), unlock(0)] },
      { name: 'C', space: 'C', program: [receive('ch')] },
    ],
    objects: [{ name: 'ch', kind: 'channel' }],
    values: 1,
    locks: 1,
    preemption: false,
    witness: { name: 'B finishes', holds: (v, s) => v.finished(s, 'B') },
  };

  it('a thread that finds the lock held blocks at it, is not runnable, and is made ready by the unlock', () => {
    const m = compose(sel4(), spec);
    const states = walk(m, ['lock 0 (A)', 'Send(ch) (A)', 'Return', 'prepare 0 (B)', 'lock 0 (B)']);
    const held = states[0];
    expect(held.locks).toEqual([1]);
    const blockedAtLock = states[4];
    expect(blockedAtLock.threads.B.at).toBe('1: lock 0');
    expect(blockedAtLock.locks).toEqual([1]);
    expect(blockedAtLock.sched.current).toBe(3);
    expect(blockedAtLock.sched.ready).not.toContain(2);
    expect(tcb(blockedAtLock, 2).state).toBe('running'); // the kernel does not know: the lock is user-level
    const later = walk(m, ['lock 0 (A)', 'Send(ch) (A)', 'Return', 'prepare 0 (B)', 'lock 0 (B)', 'Return', 'Recv(ch) (C)', 'Return', 'Exit (C)', 'Return', 'unlock 0 (A)']);
    const beforeUnlock = later[9];
    expect(beforeUnlock.sched.current).toBe(1);
    expect(beforeUnlock.sched.ready).not.toContain(2);
    const unlocked = later[10];
    expect(unlocked.locks).toEqual([0]);
    expect(unlocked.sched.ready).toEqual([2]);
    const taken = step(m, step(m, step(m, unlocked, 'Exit (A)'), 'Return'), 'lock 0 (B)');
    expect(taken.locks).toEqual([2]);
    expect(taken.threads.B.at).toBe('2: unlock 0');
  });

  it('the blocked thread is not a deadlock: every property holds and B finishes', () => {
    const r = check(compose(sel4(), spec));
    expect(r.modelError).toBeUndefined();
    for (const p of r.properties) expect(`${p.name}: ${p.verdict.status}`).toBe(`${p.name}: ${p.name === 'B finishes' ? 'witnessed' : 'holds'}`);
  });

  it('a thread that never unlocks leaves the other blocked at the lock: a deadlock', () => {
    const never: WorkloadSpec = { ...spec, name: 'lockNeverReleased', threads: [{ ...spec.threads[0], program: [lock(0), send('ch'), forever(receive('nobody'))] }, spec.threads[1], spec.threads[2]], objects: [...spec.objects, { name: 'nobody', kind: 'channel' }] };
    const r = check(compose(sel4(), never));
    expect(r.verdicts['deadlock free'].status).toBe('violated');
    expect(r.verdicts['B finishes'].status).toBe('unwitnessed');
  });
});

describe('what a design cannot express', () => {
  const events: WorkloadSpec = {
    name: 'events',
    threads: [
      { name: 'client', space: 'C', program: [prepare(), rpc('svc'), signal('ev')] },
      { name: 'server', space: 'S', program: [forever(serve('svc'), reply(), wait('ev'))] },
    ],
    objects: [
      { name: 'svc', kind: 'service' },
      { name: 'ev', kind: 'event' },
    ],
    values: 1,
    witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
  };
  /** seL4 without notifications and without a fault path: a design that cannot express events. */
  const noEvents = (): AnyDesign => {
    const base = sel4();
    return { ...base, id: 'noEvents', operation: (op, t, f) => (op.op === 'signal' || op.op === 'wait' ? undefined : base.operation(op, t, f)), pageFault: undefined };
  };

  it('seL4 expresses every operation of the six workloads', () => {
    for (const w of [rpcPool, nestedServer, deferredReply, burst, pageFault, eventCascade]) expect(inexpressible(sel4(), build(w))).toEqual([]);
  });

  it('inexpressible lists, once each, the operations the design maps to nothing', () => {
    expect(inexpressible(noEvents(), events)).toEqual(['signal ev', 'wait ev']);
  });

  it('compose throws NotExpressible naming the design, the workload and the operations', () => {
    let err: unknown;
    try {
      compose(noEvents(), events);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(NotExpressible);
    const ne = err as NotExpressible;
    expect(ne.design).toBe('noEvents');
    expect(ne.workload).toBe('events');
    expect(ne.operations).toEqual(['signal ev', 'wait ev']);
    expect(ne.message).toBe('noEvents cannot express signal ev, wait ev of workload events');
  });

  it('a design without a fault path cannot run a workload whose threads have a fault handler', () => {
    expect(inexpressible(noEvents(), build(pageFault))).toEqual(['page faults to a handler']);
    expect(() => compose(noEvents(), build(pageFault))).toThrow(NotExpressible);
  });

  it('the same design runs a workload it can express, with the same state space as seL4', () => {
    const m = compose(noEvents(), build(rpcPool));
    expect(m.name).toMatch(/^noEvents × rpcPool/);
    expect(check(m).stats.distinct).toBe(1371);
  });

  it('seL4 cannot signal a service or call an event', () => {
    const bad: WorkloadSpec = { ...events, name: 'wrongKinds', threads: [{ name: 'client', space: 'C', program: [signal('svc'), rpc('ev')] }, events.threads[1]] };
    expect(inexpressible(sel4(), bad)).toEqual(['signal svc', 'rpc ev']);
    expect(() => compose(sel4(), bad)).toThrow(/seL4 cannot express signal svc, rpc ev of workload wrongKinds/);
  });

  it('a native operation is expressible only by the designs it names', () => {
    const nbSend: Sel4Call = { kind: 'NBSend', obj: 0 };
    const nb: WorkloadSpec = { ...events, name: 'native', threads: [{ name: 'client', space: 'C', program: [native('NBSend(svc)', { seL4: nbSend }), native('Poll(ev)', { L4: { kind: 'Poll' } })] }, events.threads[1]] };
    expect(inexpressible(sel4(), nb)).toEqual(['Poll(ev)']);
  });
});

describe('names a workload must declare', () => {
  const base: WorkloadSpec = {
    name: 'names',
    threads: [
      { name: 'client', space: 'C', program: [prepare(), rpc('svc')] },
      { name: 'server', space: 'S', program: [forever(serve('svc'), reply())] },
    ],
    objects: [{ name: 'svc', kind: 'service' }],
    values: 1,
    witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
  };

  it('an undeclared object is a RangeError naming the thread, the object and the declared ones', () => {
    const bad = { ...base, threads: [{ ...base.threads[0], program: [prepare(), rpc('svcc')] }, base.threads[1]] };
    expect(() => compose(sel4(), bad)).toThrow(RangeError);
    expect(() => compose(sel4(), bad)).toThrow("workload names: thread 'client' uses object 'svcc', which is not declared; declared: svc");
    expect(() => inexpressible(sel4(), bad)).toThrow(RangeError);
  });

  it('an undeclared fault handler is a RangeError naming it', () => {
    const bad = { ...base, threads: [{ ...base.threads[0], faultHandler: 'pager' }, base.threads[1]] };
    expect(() => compose(sel4(), bad)).toThrow(/fault handler 'pager', which is not a declared object/);
  });

  it('two threads with one name are a RangeError', () => {
    const bad = { ...base, threads: [base.threads[0], { ...base.threads[1], name: 'client' }] };
    expect(() => compose(sel4(), bad)).toThrow(/thread names must be distinct/);
  });
});

describe('text traces', () => {
  it('show the threads\' program positions first, before the scheduler, the kernel and the hardware', () => {
    const { m, r } = checked(rpcPool, { bug: 'lostReply' });
    const pr = r.properties.find((p) => p.name === 'no client stuck forever')!;
    const text = propertyTraceText(m, pr)!;
    const lines = text.split('\n');
    expect(lines[0]).toBe("seL4 × rpcPool(clients=2,servers=1,rounds=1,values=2,bug=lostReply): 'no client stuck forever' violated (trace of 9 states)");
    expect(lines[1]).toBe('State 1 (initial)');
    expect(lines[2]).toBe('  threads.client 1.at = "0: loop"');
    const firstOf = (prefix: string) => lines.findIndex((l) => l.startsWith(`  ${prefix}`));
    expect(firstOf('threads.')).toBeLessThan(firstOf('sched.'));
    expect(firstOf('sched.')).toBeLessThan(firstOf('kernel.'));
    expect(firstOf('kernel.')).toBeLessThan(firstOf('hw.'));
    expect(lines.filter((l) => /^Step \d+:/.test(l))).toHaveLength(8);
    expect(lines.find((l) => l.startsWith('Step 8:'))).toMatch(/^Step 8: Recv\(svc\) \(server 1\) → state 9/);
  });

  it('show a step\'s change of position before its other changes', () => {
    const { m, r } = checked(rpcPool, { bug: 'lostReply' });
    const v = r.verdicts['no client stuck forever'];
    if (v.status !== 'violated') throw new Error(v.status);
    const lines = textTrace(m, v.trace).split('\n');
    const step2 = lines.findIndex((l) => l.startsWith('Step 2: Call(svc) (client 1) → state 3'));
    expect(step2).toBeGreaterThan(0);
    expect(lines[step2 + 1]).toBe('  threads.client 1.at: "2: rpc svc" → "3: jump"');
    const next = lines.findIndex((l, k) => k > step2 && l.startsWith('Step 3:'));
    expect(lines.slice(step2 + 1, next)).toContain('  kernel.threads[0].state: "running" → "blockedOnSend"');
  });
});

describe('regressions found by review', () => {
  const spec = (threads: WorkloadSpec['threads'], extra: Partial<WorkloadSpec> = {}): WorkloadSpec => ({
    name: 'regression',
    threads,
    objects: [{ name: 'ch', kind: 'channel' }],
    values: 1,
    witness: { name: 'B finishes', holds: (v, s) => v.finished(s, 'B') },
    ...extra,
  });

  it('a choice inside a bounded loop can take each round\'s branch: B receives both messages', () => {
    const m = compose(sel4(), spec([
      { name: 'A', space: 'A', program: [repeat(2, choose([], [prepare(), send('ch')]))] },
      { name: 'B', space: 'B', program: [receive('ch'), receive('ch')] },
    ]));
    const r = check(m);
    expect(r.verdicts['B finishes'].status).toBe('witnessed');
    // A thread's enabled actions are distinct: no step is offered twice.
    for (const s of reachable(m)) {
      const labels = m.actions(s).map((a) => JSON.stringify(a));
      expect(new Set(labels).size).toBe(labels.length);
    }
  });

  it('a thread that has not yet tried a held lock is runnable and queued: the run queue holds', () => {
    const m = compose(sel4(), spec(
      [
        { name: 'A', space: 'A', program: [lock(0), unlock(0)] },
        { name: 'B', space: 'B', program: [lock(0), unlock(0)] },
      ],
      { locks: 1, objects: [] },
    ));
    const r = check(m);
    expect(r.verdicts['run queue'].status).toBe('holds');
    expect(r.verdicts['deadlock free'].status).toBe('holds');
    expect(r.verdicts['B finishes'].status).toBe('witnessed');
  });

  it('a page fault goes to the thread\'s own fault handler, not to the first fault object', () => {
    const m = compose(sel4(), {
      name: 'twoPagers',
      threads: [
        { name: 'client', space: 'C', program: [prepare()], faultHandler: 'f2' },
        { name: 'B', space: 'P', program: [forever(serve('f2'), reply())] },
      ],
      objects: [
        { name: 'f1', kind: 'faults' },
        { name: 'f2', kind: 'faults' },
      ],
      values: 1,
      unmapped: [{ space: 'C', page: 0 }],
      witness: { name: 'the client finishes', holds: (v, s) => v.finished(s, 'client') },
    });
    const r = check(m);
    expect(r.verdicts['the client finishes'].status).toBe('witnessed');
    expect(r.verdicts['deadlock free'].status).toBe('holds');
  });
});

describe('text traces leave out unchanged page tables', () => {
  it('show the page table a fault reply maps, and none of the tables the trace never changes', () => {
    const m = compose(sel4(), pageFault.build(pageFault.defaults));
    const v = check(m).verdicts['a call completes'];
    if (v.status !== 'witnessed') throw new Error('expected a witness');
    const text = textTrace(m, v.trace);
    const initial = text.slice(0, text.indexOf('Step 1:'));
    // Space C (index 0) has its message page mapped by the handler's reply; spaces S and H keep theirs.
    expect(initial).toContain('hw.tables[0][0] = —');
    expect(initial).not.toMatch(/hw\.tables\[[12]\]/);
    expect(initial).toContain('hw.tables: page tables the trace does not change are not shown');
    expect(text).toMatch(/hw\.tables\[0\]\[0\]: — → \{ frame: 0, write: true \}/);
  });
});

describe('fairness: weak per thread on the scheduler, none for the kernel and the environment', () => {
  it('the timer interrupt, Return and Timeout belong to no group; each thread’s operations to its own, enabled in the state it takes them', () => {
    const m = compose(l4({ callSend: 'finite', callReceive: 'finite' }), rpcPool.build({ ...rpcPool.defaults, clients: 1 }));
    const f = m.fairness!;
    expect(f.groups).toEqual([
      { name: 'client 1', kind: 'weak' },
      { name: 'server 1', kind: 'weak' },
    ]);
    const groupsOf: Record<string, number[]> = {};
    /** States by the groups enabled in them. */
    const byEnabled: Record<string, number> = {};
    const states = reachable(m);
    for (const s of states) {
      const enabled = f.enabled!(s);
      byEnabled[enabled.join(',')] = (byEnabled[enabled.join(',')] ?? 0) + 1;
      for (const a of m.actions(s)) {
        const g = f.groupOf(s, a);
        const key = 'at' in a ? `operation of thread ${a.t}` : a.kind;
        if (!(groupsOf[key] ?? []).includes(g)) groupsOf[key] = [...(groupsOf[key] ?? []), g];
        if (g >= 0) expect(enabled).toContain(g);
      }
    }
    expect(states).toHaveLength(260);
    expect(groupsOf).toEqual({ 'operation of thread 1': [0], 'operation of thread 2': [1], Preempt: [-1], Return: [-1], Timeout: [-1] });
    // Enabled means runnable and not ended: both at first, and in 24 states neither (both blocked).
    expect(f.enabled!(m.init()[0])).toEqual([0, 1]);
    expect(byEnabled).toEqual({ '0,1': 128, '0': 36, '1': 72, '': 24 });
  });

  it('a thread the workload marks fair: false gets no promise (kind none); the others stay weakly fair', () => {
    const spec = rpcPool.build(rpcPool.defaults);
    const m = compose(sel4(), { ...spec, threads: spec.threads.map((t) => (t.name === 'server 1' ? { ...t, fair: false } : t)) });
    expect(m.fairness!.groups).toEqual([
      { name: 'client 1', kind: 'weak' },
      { name: 'client 2', kind: 'weak' },
      { name: 'server 1', kind: 'none' },
    ]);
  });

  it('seL4 × rpcPool answers every call under weak fairness per thread; without fairness, timer interrupts alone can run for ever after client 1’s Call (a 7-step lasso, the last 4 repeating)', () => {
    const m = composeSel4(rpcPool);
    expect(check(m).verdicts['every call is answered']).toEqual({ status: 'holds' });
    const unfair = { ...m, fairness: undefined };
    const r = check(unfair);
    const v = r.verdicts['every call is answered'];
    if (v.status !== 'violated') throw new Error('expected a lasso');
    expect([v.instance, v.trace.steps.length, v.trace.loop, v.premiseAt]).toEqual(['client 1', 7, 3, 2]);
    expect(actionsOf(m, v.trace)).toEqual(['prepare 0 (client 1)', 'Call(svc) (client 1)', 'Return', 'Preempt', 'Return', 'Preempt', 'Return']);
  });
});
