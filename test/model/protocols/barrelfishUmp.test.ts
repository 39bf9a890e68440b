/**
 * M10, Barrelfish UMP: the specification holds everything (the kernel allocates nothing, max 0),
 * F1 (ignore can_send) laps the receiver and overwrites a message, F2 (a blocked sender stops
 * draining) deadlocks with both rings full; counts and shortest counterexamples pinned, and the
 * channel page is mapped only by the two endpoints.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { mapsFrame } from '../../../model/hw/pageTable.js';
import { ringFrame, sharedRingTables } from '../../../model/kernel/sharedRing.js';
import { barrelfishUmp, type UmpConfig } from '../../../model/protocols/barrelfishUmp.js';
import { barrelfishUmpEntry } from '../../../registry/entries/barrelfishUmp.js';
import { failingVerdicts as failures, traceActions as steps, registryRunCounts } from '../../helpers/verdicts.js';

const run = (config: Partial<UmpConfig>) => {
  const model = barrelfishUmp(config);
  return { model, r: check(model) };
};

describe('barrelfishUmp (M10)', () => {
  it('holds every property by default (2 slots, 3 messages each way): 42984 states, 68277 transitions, depth 36, kernel memory max 0', () => {
    const { r } = run({});
    expect(r.complete).toBe(true);
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([42984, 68277, 36]);
    expect(r.ok).toBe(true);
    expect(r.verdicts['kernel memory bounded']).toEqual({ status: 'holds', maxReached: 0 });
  });

  it('F1 ignoreCanSend: A laps B and overwrites message 0; the stale epoch then strands the receiver', () => {
    const { model, r } = run({ bug: 'ignoreCanSend' });
    expect(failures(r)).toEqual({
      'no message lost': 'violated',
      'ring indices within bounds': 'violated',
      'deadlock free': 'violated',
      'no endpoint stuck forever': 'violated',
    });
    expect(steps(model, r, 'no message lost')).toEqual(['Send(A)', 'Send(A)', 'Send(A)']);
    expect(steps(model, r, 'ring indices within bounds')).toEqual(['Send(A)', 'Send(A)', 'Send(A)']);
    const v = r.verdicts['no message lost'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    const last = v.trace.steps[v.trace.steps.length - 1].state;
    expect(last.ring[0][0]).toEqual({ val: 2, epoch: false, ack: 0 });
    expect(steps(model, r, 'deadlock free')).toEqual([
      'Send(A)', 'Send(A)', 'Send(A)', 'Block(A)', 'Return', 'Send(B)', 'Send(B)', 'Send(B)', 'Block(B)', 'Return', 'Block(A)',
    ]);
  });

  it('F2 blockedSenderStopsDraining: both rings full, both senders wait for acks nobody sends', () => {
    const { model, r } = run({ bug: 'blockedSenderStopsDraining' });
    expect(failures(r)).toEqual({ 'deadlock free': 'violated', 'no endpoint stuck forever': 'violated' });
    expect(steps(model, r, 'deadlock free')).toEqual(['Send(A)', 'Send(A)', 'Block(A)', 'Return', 'Send(B)', 'Send(B)', 'Block(B)', 'Return', 'Block(A)']);
    const v = r.verdicts['no endpoint stuck forever'];
    expect(v.status === 'violated' && v.stuckThread).toBe('B');
    expect(steps(model, r, 'no endpoint stuck forever')).toEqual(['Send(A)', 'Send(A)', 'Block(A)', 'Return', 'Send(B)', 'Send(B)', 'Block(B)']);
    if (v.status !== 'violated') throw new Error('expected a violation');
    const last = v.trace.steps[v.trace.steps.length - 1].state;
    expect([last.sent, last.recvd, last.ackId, last.ackWord]).toEqual([[2, 2], [0, 0], [0, 0], [0, 0]]);
    // With 2 messages each way a full ring leaves nothing more to send, so nobody waits: it holds.
    expect(check(barrelfishUmp({ bug: 'blockedSenderStopsDraining', messages: 2 })).ok).toBe(true);
  });

  it('only the two endpoints map the channel page, and only they reach it', () => {
    const model = barrelfishUmp();
    const hw = model.init()[0].hw;
    const frame = ringFrame(3);
    expect(hw.tables.map((t) => mapsFrame(t, frame))).toEqual([true, true, false]);
    expect(hw.tables).toEqual(sharedRingTables(3, [0, 1]));
    const s1 = model.next(model.init()[0], { kind: 'Send', t: 1 });
    expect(s1.hw.access).toEqual({ component: 0, frame });
    expect(s1.ring[0][0]).toEqual({ val: 0, epoch: true, ack: 0 });
    expect(check(model).verdicts.isolation.status).toBe('holds');
  });

  it('every registry run gives its expected verdicts, each well under 100,000 states', () => {
    expect(registryRunCounts(barrelfishUmpEntry)).toEqual([42984, 59124, 31416]);
  });

  it('rejects bad configurations', () => {
    expect(() => barrelfishUmp({ slots: 0 })).toThrow(/slots must be a whole number from 1 to 4/);
    expect(() => barrelfishUmp({ messages: 5 })).toThrow(/messages must be a whole number from 1 to 4/);
    expect(() => barrelfishUmp({ messages: 1.5 })).toThrow(/messages must be a whole number/);
    expect(() => barrelfishUmp({ bug: 'nope' as never })).toThrow(/bug must be one of/);
  });
});
