/**
 * M3, seL4 endpoints (non-MCS): every property holds on the specification, and each seeded bug of
 * card M3 fails with its shortest counterexample, pinned step by step.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { sel4Endpoints, type Sel4Config } from '../../../model/protocols/sel4Endpoints.js';
import { sel4EndpointsEntry } from '../../../registry/entries/sel4Endpoints.js';
import { failingVerdicts as failures, traceActions as steps } from '../../helpers/verdicts.js';


const run = (config: Partial<Sel4Config>) => {
  const model = sel4Endpoints(config);
  return { model, r: check(model) };
};

describe('sel4Endpoints (M3)', () => {
  it('holds every property with two clients and one server: 1,159 states, 1,655 transitions, depth 28', () => {
    const { r } = run({});
    expect(r.complete).toBe(true);
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([1159, 1655, 28]);
    expect(r.ok).toBe(true);
    expect(r.verdicts['kernel memory ≤ 0']).toEqual({ status: 'holds', maxReached: 0 });
  });

  it('holds every property with lazy scheduling (2,168 states), one-way senders (31,061) and two servers (6,988)', () => {
    for (const [config, distinct] of [
      [{ lazy: true }, 2168],
      [{ senders: 1 }, 31061],
      [{ servers: 2 }, 6988],
    ] as const) {
      const { r } = run(config);
      expect(r.ok, JSON.stringify(config)).toBe(true);
      expect(r.stats.distinct).toBe(distinct);
    }
  });

  it('F1: a server that receives again before replying deletes the caller slot, and client 1 waits for ever (8 steps)', () => {
    const { model, r } = run({ bug: 'lostReply' });
    expect(failures(r)).toEqual({ 'deadlock free': 'violated', 'no client stuck forever': 'violated' });
    expect(steps(model, r, 'no client stuck forever')).toEqual([
      'Prepare(client 1, 0)',
      'Call(client 1)',
      'Return',
      'Preempt',
      'Return',
      'Recv(server 1)',
      'Return',
      'Recv(server 1)',
    ]);
    const v = r.verdicts['no client stuck forever'];
    expect(v.status === 'violated' && v.stuckThread).toBe('client 1');
    // Deadlock freedom sees it only once client 2 has also given up: three steps later.
    expect(steps(model, r, 'deadlock free')).toHaveLength(11);
  });

  it('F2: Reply to any thread waiting for one gives client 1 the answer of server 2, which served client 2 (14 steps)', () => {
    const { model, r } = run({ bug: 'replyToAnyWaiter', servers: 2 });
    expect(failures(r)).toEqual({ 'INV-R': 'violated', 'reply correctness': 'violated' });
    const trace = steps(model, r, 'reply correctness');
    expect(trace).toHaveLength(14);
    expect(trace.slice(-4)).toEqual(['Recv(server 2)', 'Return', 'Handle(server 2)', 'ReplyRecv(server 2)']);
    const v = r.verdicts['reply correctness'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    const last = v.trace.steps[v.trace.steps.length - 1].state;
    // Server 2 (thread 4) answered client 1, whose request server 1 (thread 3) received.
    expect(last.kernel.ghost.delivered).toEqual({ to: 1, from: 4, value: 0 });
  });

  it('F3: two servers calling each other from their handlers deadlock (15 steps), and no call ever completes', () => {
    const { model, r } = run({ bug: 'mutualCall', servers: 2 });
    expect(failures(r)).toEqual({ 'deadlock free': 'violated', 'no client stuck forever': 'violated', 'a call completes': 'unwitnessed' });
    expect(steps(model, r, 'deadlock free').slice(-6)).toEqual(['Call(server 1)', 'Return', 'Recv(server 2)', 'Return', 'Handle(server 2)', 'Call(server 2)']);
  });

  it('F4: a fault endpoint served only by the faulting thread leaves client 1 blocked sending its fault, from its first access', () => {
    const { model, r } = run({ bug: 'selfFaultHandler' });
    expect(failures(r)).toEqual({ 'deadlock free': 'violated', 'no client stuck forever': 'violated' });
    expect(steps(model, r, 'no client stuck forever')).toEqual(['Prepare(client 1, 0)']);
    const v = r.verdicts['no client stuck forever'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    expect(v.trace.steps[0].state.kernel.tcb[0]).toEqual({ state: 'blockedOnSend', on: 2, isCall: true });
  });

  it('F5: a Call through a capability without Grant makes client 1 Inactive, stuck from the moment it calls', () => {
    const { model, r } = run({ bug: 'callWithoutGrant' });
    expect(failures(r)).toEqual({ 'deadlock free': 'violated', 'no client stuck forever': 'violated' });
    expect(steps(model, r, 'no client stuck forever')).toEqual(['Prepare(client 1, 0)', 'Call(client 1)']);
  });

  it('F6: a dequeued Call sender made ready as if it had sent leaves Call without a reply (6 steps)', () => {
    const { model, r } = run({ bug: 'callAsSend' });
    expect(failures(r)).toEqual({ 'reply correctness': 'violated' });
    expect(steps(model, r, 'reply correctness')).toEqual(['Prepare(client 1, 0)', 'Call(client 1)', 'Return', 'Preempt', 'Return', 'Recv(server 1)']);
  });

  it('a kernel that does not load the next page table on return breaks isolation at the next thread’s first access (3 steps)', () => {
    const { model, r } = run({ bug: 'noPageTableSwitch' });
    expect(failures(r)).toEqual({ isolation: 'violated' });
    expect(steps(model, r, 'isolation')).toEqual(['Preempt', 'Return', 'Prepare(client 2, 0)']);
  });

  it('draws the F1 counterexample as a sequence chart: the call arrow, the deleted reply capability, the blocked server', () => {
    const { model, r } = run({ bug: 'lostReply' });
    const v = r.verdicts['no client stuck forever'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    const events = v.trace.steps.flatMap((st, i) => model.sequence!.events(i === 0 ? v.trace.init : v.trace.steps[i - 1].state, st.action, st.state));
    expect(events).toContainEqual({ kind: 'message', from: 0, to: 2, label: 'call 0' });
    expect(events).toContainEqual({ kind: 'mark', lane: 2, label: 'reply cap to client 1 deleted', mark: 'note' });
    expect(events).toContainEqual({ kind: 'mark', lane: 2, label: 'blockedOnReceive', mark: 'block' });
  });

  it('refuses configurations a bug cannot run in, naming what it needs', () => {
    expect(() => sel4Endpoints({ bug: 'mutualCall', servers: 1 })).toThrow(/needs exactly 2 servers/);
    expect(() => sel4Endpoints({ bug: 'replyToAnyWaiter' })).toThrow(/at least 2 clients and 2 servers/);
    expect(() => sel4Endpoints({ clients: 0 })).toThrow(/clients must be a whole number from 1 to 4/);
  });

  it('gives every registry run its expected verdicts', () => {
    for (const entryRun of sel4EndpointsEntry.runs) {
      const r = check(sel4EndpointsEntry.make({ ...sel4EndpointsEntry.defaults, ...entryRun.set }));
      expect(Object.fromEntries(r.properties.map((p) => [p.name, p.verdict.status])), entryRun.label).toEqual(entryRun.expect);
    }
  });
});
