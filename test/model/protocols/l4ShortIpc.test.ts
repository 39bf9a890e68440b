/**
 * M1, L4 X.2 short IPC (Pistachio): the kernel's send and receive phases and timeouts step by
 * step, every property on the specification, and each seeded bug of card M1 with its shortest
 * counterexample, pinned step by step.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import type { CheckResult } from '../../../checker/result.js';
import { l4ShortIpc, type L4ShortIpcAction, type L4ShortIpcConfig, type L4ShortIpcState } from '../../../model/protocols/l4ShortIpc.js';
import { l4ShortIpcEntry } from '../../../registry/entries/l4ShortIpc.js';
import { failingVerdicts as failures, traceActions as steps } from '../../helpers/verdicts.js';

type R = CheckResult<L4ShortIpcState, L4ShortIpcAction>;
type M = ReturnType<typeof l4ShortIpc>;

const run = (config: Partial<L4ShortIpcConfig>) => {
  const model = l4ShortIpc(config);
  return { model, r: check(model) };
};

/** The last state of a property's trace. */
function lastState(r: R, property: string): L4ShortIpcState {
  const v = r.verdicts[property];
  if (!('trace' in v)) throw new Error(`'${property}' is ${v.status}, with no trace`);
  return v.trace.steps[v.trace.steps.length - 1].state;
}

/** Runs the model from its initial state through the actions labelled `labels`, each of which must be enabled. */
function walk(model: M, labels: readonly string[]): L4ShortIpcState {
  let s = model.init()[0];
  for (const label of labels) {
    const a = model.actions(s).find((x) => model.showAction!(x) === label);
    if (a === undefined) throw new Error(`'${label}' is not enabled; enabled: ${model.actions(s).map((x) => model.showAction!(x)).join(', ')}`);
    s = model.next(s, a);
  }
  return s;
}

const enabled = (model: M, s: L4ShortIpcState) => model.actions(s).map((a) => model.showAction!(a));

describe('l4ShortIpc (M1)', () => {
  describe('the kernel, step by step (client 1, client 2, server 1 = thread 3)', () => {
    it('a send to a thread that is not waiting joins its queue polling, and the receiver takes it from there', () => {
      const model = l4ShortIpc();
      const polled = walk(model, ['Prepare(client 1, 1)', 'Call(client 1)']);
      expect(polled.tcb[0]).toEqual({ state: 'blockedOnSend', on: 3, isCall: true });
      expect(polled.sendq[2]).toEqual([1]);
      expect(polled.sched.current).toBe(2); // client 1 blocked: the next ready thread runs
      // The server's open wait takes client 1 from its queue; client 1's Call goes on to its closed receive.
      const received = walk(model, ['Prepare(client 1, 1)', 'Call(client 1)', 'Return', 'Preempt', 'Return', 'Wait(server 1)']);
      expect(received.sendq[2]).toEqual([]);
      expect(received.tcb[0]).toEqual({ state: 'blockedOnReceive', on: 3, isCall: false });
      expect([received.mr[2], received.partner[2], received.pc[2]]).toEqual([1, 1, 'handle']);
      expect(received.ghost.pending[0]).toEqual({ request: 1, server: 3 });
    });

    it('a Call to a waiting server copies the message and switches directly to the server; the reply makes the client ready', () => {
      const model = l4ShortIpc();
      const prefix = ['Preempt', 'Return', 'Preempt', 'Return', 'Wait(server 1)', 'Return', 'Prepare(client 1, 1)', 'Call(client 1)'];
      const called = walk(model, prefix);
      expect(called.sched).toEqual({ current: 3, ready: [2] });
      expect(called.tcb[0]).toEqual({ state: 'blockedOnReceive', on: 3, isCall: false });
      expect(called.mr[2]).toBe(1);
      const replied = walk(model, [...prefix, 'Return', 'Handle(server 1)', 'ReplyWait(server 1)']);
      expect(replied.ghost.delivered).toEqual({ to: 1, from: 3, value: 1 });
      expect(replied.tcb[0].state).toBe('running');
      expect(replied.pc[0]).toBe('exit');
      // Nobody polls the server, so its ReplyWait blocks in the open wait and switches to the client.
      expect(replied.tcb[2]).toEqual({ state: 'blockedOnReceive', on: 0, isCall: false });
      expect(replied.sched).toEqual({ current: 1, ready: [2] });
    });

    it('snd = 0 to a thread that is not waiting returns ERR_IPC_TIMEOUT at once, and the thread goes on', () => {
      const model = l4ShortIpc({ callSend: 'zero' });
      const s = walk(model, ['Prepare(client 1, 0)', 'Call(client 1)']);
      expect(s.err[0]).toBe(true);
      expect(s.tcb[0].state).toBe('running');
      expect(s.pc[0]).toBe('exit');
      expect(s.sendq[2]).toEqual([]);
      expect(s.sched.current).toBe(1);
    });

    it('a finite timeout lets Expire take a polling thread out of the queue with an error', () => {
      const model = l4ShortIpc({ callSend: 'finite' });
      const polled = walk(model, ['Prepare(client 1, 0)', 'Call(client 1)', 'Return']);
      expect(enabled(model, polled)).toContain('Expire(client 1)');
      const expired = walk(model, ['Prepare(client 1, 0)', 'Call(client 1)', 'Return', 'Expire(client 1)']);
      expect(expired.sendq[2]).toEqual([]);
      expect(expired.tcb[0].state).toBe('running');
      expect([expired.err[0], expired.pc[0]]).toEqual([true, 'exit']);
      expect(expired.sched).toEqual({ current: 2, ready: [3, 1] });
      // With the default timeout never, nothing expires.
      expect(enabled(l4ShortIpc(), walk(l4ShortIpc(), ['Prepare(client 1, 0)', 'Call(client 1)', 'Return']))).not.toContain('Expire(client 1)');
    });
  });

  it('holds every property with two clients and one server: 735 states, 1,017 transitions, depth 22', () => {
    const { r } = run({});
    expect(r.complete).toBe(true);
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([735, 1017, 22]);
    expect(r.ok).toBe(true);
    expect(r.verdicts['kernel memory ≤ 0']).toEqual({ status: 'holds', maxReached: 0 });
  });

  it('holds every property with two servers (1,988 states), finite timeouts everywhere (8,846) and zero send timeouts (1,243)', () => {
    for (const [config, distinct] of [
      [{ servers: 2 }, 1988],
      [{ callSend: 'finite', callReceive: 'finite', replySend: 'finite', serverReceive: 'finite' }, 8846],
      [{ callSend: 'zero' }, 1243],
    ] as const) {
      const { r } = run(config);
      expect(r.ok, JSON.stringify(config)).toBe(true);
      expect(r.stats.distinct, JSON.stringify(config)).toBe(distinct);
    }
  });

  it('F1: client 1 calls server 1 while server 1 calls it back; both poll for ever, client 1 stuck from its Call (2 steps)', () => {
    const { model, r } = run({ bug: 'mutualCall', servers: 2 });
    expect(failures(r)).toEqual({ 'deadlock free': 'violated', 'no thread stuck forever': 'violated' });
    expect(steps(model, r, 'no thread stuck forever')).toEqual(['Prepare(client 1, 0)', 'Call(client 1)']);
    const v = r.verdicts['no thread stuck forever'];
    expect(v.status === 'violated' && v.stuckThread).toBe('client 1');
    expect(steps(model, r, 'deadlock free')).toEqual([
      'Prepare(client 1, 0)',
      'Call(client 1)',
      'Return',
      'Prepare(client 2, 0)',
      'Call(client 2)',
      'Return',
      'Call(server 1)',
      'Return',
      'Wait(server 2)',
      'Return',
      'Handle(server 2)',
      'ReplyWait(server 2)',
      'Return',
      'Exit(client 2)',
    ]);
    // The dead end: client 1 polls server 1 (thread 3) and server 1 polls client 1, each in the other's queue.
    const end = lastState(r, 'deadlock free');
    expect([end.tcb[0], end.tcb[2]]).toEqual([
      { state: 'blockedOnSend', on: 3, isCall: true },
      { state: 'blockedOnSend', on: 1, isCall: true },
    ]);
    expect([end.sendq[0], end.sendq[2]]).toEqual([[3], [1]]);
  });

  it('F1 with finite send timeouts: the first poll to time out breaks the cycle and every property holds (10,930 states)', () => {
    const { r } = run({ bug: 'mutualCall', servers: 2, callSend: 'finite' });
    expect(r.ok).toBe(true);
    expect(r.verdicts['deadlock free'].status).toBe('holds');
    expect(r.stats.distinct).toBe(10930);
  });

  it('F2: after Send, client 1 waits openly and takes thread X’s message as the reply (16 steps)', () => {
    const { model, r } = run({ bug: 'openReceiveReply', callReceive: 'finite' });
    expect(failures(r)).toEqual({ 'reply correctness': 'violated' });
    expect(r.stats.distinct).toBe(42347);
    expect(steps(model, r, 'reply correctness')).toEqual([
      'Prepare(client 1, 0)',
      'Preempt',
      'Return',
      'Preempt',
      'Return',
      'Preempt',
      'Return',
      'Wait(server 1)',
      'Return',
      'Send(client 1)',
      'Return',
      'Wait(client 1)',
      'Return',
      'Preempt',
      'Return',
      'Send(thread X)',
    ]);
    const v = r.verdicts['reply correctness'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    const before = v.trace.steps[v.trace.steps.length - 2].state;
    // Server 1 (thread 4) received client 1's request, but thread X (thread 3) delivered the "reply".
    expect(before.ghost.pending[0]).toEqual({ request: 0, server: 4 });
    expect(lastState(r, 'reply correctness').ghost.delivered).toEqual({ to: 1, from: 3, value: 0 });
  });

  it('F2 with receive timeout never: the split Send and Wait also lose the server’s reply (snd = 0), and client 1 waits for ever', () => {
    const { model, r } = run({ bug: 'openReceiveReply' });
    expect(failures(r)).toEqual({ 'reply correctness': 'violated', 'deadlock free': 'violated', 'no thread stuck forever': 'violated' });
    const v = r.verdicts['no thread stuck forever'];
    expect(v.status === 'violated' && v.stuckThread).toBe('client 1');
    expect(steps(model, r, 'no thread stuck forever')).toEqual([
      'Prepare(client 1, 0)',
      'Send(client 1)',
      'Return',
      'Prepare(client 2, 0)',
      'Call(client 2)',
      'Return',
      'Send(thread X)',
      'Return',
      'Exit(thread X)',
      'Return',
      'Wait(server 1)',
      'Return',
      'Handle(server 1)',
      'ReplyWait(server 1)',
      'Return',
      'Preempt',
      'Return',
      'Wait(client 1)',
    ]);
    const end = lastState(r, 'no thread stuck forever');
    expect(end.tcb[0]).toEqual({ state: 'blockedOnReceive', on: 0, isCall: false });
    expect(end.err[3]).toBe(true); // the server's reply found client 1 not waiting: ERR_IPC_TIMEOUT
  });

  it('F3: the server replies with snd = never to client 1, which sent one-way and never receives: server 1 is stuck (9 steps)', () => {
    const { model, r } = run({ bug: 'replyToNonReceiver', servers: 2, replySend: 'never' });
    expect(failures(r)).toEqual({ 'no thread stuck forever': 'violated' });
    expect(steps(model, r, 'no thread stuck forever')).toEqual([
      'Prepare(client 1, 0)',
      'Send(client 1)',
      'Return',
      'Preempt',
      'Return',
      'Wait(server 1)',
      'Return',
      'Handle(server 1)',
      'ReplyWait(server 1)',
    ]);
    const v = r.verdicts['no thread stuck forever'];
    expect(v.status === 'violated' && v.stuckThread).toBe('server 1');
    const end = lastState(r, 'no thread stuck forever');
    expect(end.tcb[2]).toEqual({ state: 'blockedOnSend', on: 1, isCall: true });
    expect(end.sendq[0]).toEqual([3]);
  });

  it('F3 with the reply timeout 0: the reply is dropped with an error and every property holds (3,958 states)', () => {
    const { r } = run({ bug: 'replyToNonReceiver', servers: 2 });
    expect(r.ok).toBe(true);
    expect(r.stats.distinct).toBe(3958);
  });

  it('draws the F2 counterexample as a sequence chart: the request to the server, then thread X’s message taken as the reply', () => {
    const { model, r } = run({ bug: 'openReceiveReply', callReceive: 'finite' });
    const v = r.verdicts['reply correctness'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    const events = v.trace.steps.flatMap((st, i) => model.sequence!.events(i === 0 ? v.trace.init : v.trace.steps[i - 1].state, st.action, st.state));
    expect(events.filter((e) => e.kind === 'message')).toEqual([
      { kind: 'message', from: 0, to: 3, label: 'call 0' },
      { kind: 'message', from: 2, to: 0, label: 'reply 0' },
    ]);
    expect(events).toContainEqual({ kind: 'mark', lane: 0, label: 'waiting for anythread', mark: 'block' });
    expect(model.sequence!.lanes.map((l) => l.name)).toEqual(['client 1', 'client 2', 'thread X', 'server 1']);
  });

  it('refuses configurations out of range, naming what is valid', () => {
    expect(() => l4ShortIpc({ clients: 0 })).toThrow(/clients must be a whole number from 1 to 3, got 0/);
    expect(() => l4ShortIpc({ servers: 3 })).toThrow(/servers must be a whole number from 1 to 2, got 3/);
    expect(() => l4ShortIpc({ rounds: 1.5 })).toThrow(/rounds must be a whole number from 1 to 3/);
    expect(() => l4ShortIpc({ callSend: 'soon' as never })).toThrow(/callSend must be one of zero, finite, never, got 'soon'/);
    expect(() => l4ShortIpc({ bug: 'lostReply' as never })).toThrow(/unknown bug 'lostReply'; valid: none, mutualCall, openReceiveReply, replyToNonReceiver/);
  });

  it('gives every registry run its expected verdicts', () => {
    for (const entryRun of l4ShortIpcEntry.runs) {
      const r = check(l4ShortIpcEntry.make({ ...l4ShortIpcEntry.defaults, ...entryRun.set }));
      expect(r.stats.distinct, entryRun.label).toBeLessThan(100_000);
      expect(Object.fromEntries(r.properties.map((p) => [p.name, p.verdict.status])), entryRun.label).toEqual(entryRun.expect);
    }
  });
});
