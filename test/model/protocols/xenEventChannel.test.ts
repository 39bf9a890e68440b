/**
 * M9, Xen event channel plus a shared ring: the specification holds everything (the kernel
 * allocates nothing, max 0), F1 (no final check) loses a wakeup and strands the backend, F2
 * (overwrite) loses a request; counts and shortest counterexamples pinned, and the ring page is
 * mapped only by the two sharing domains.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { mapsFrame } from '../../../model/hw/pageTable.js';
import { ringFrame, sharedRingTables } from '../../../model/kernel/sharedRing.js';
import { xenEventChannel, type XenConfig } from '../../../model/protocols/xenEventChannel.js';
import { xenEventChannelEntry } from '../../../registry/entries/xenEventChannel.js';
import { failingVerdicts as failures, traceActions as steps, registryRunCounts } from '../../helpers/verdicts.js';

const run = (config: Partial<XenConfig>) => {
  const model = xenEventChannel(config);
  return { model, r: check(model) };
};

describe('xenEventChannel (M9)', () => {
  it('holds every property by default (2 slots, 3 requests): 1519 states, 2128 transitions, depth 35, kernel memory max 0', () => {
    const { r } = run({});
    expect(r.complete).toBe(true);
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([1519, 2128, 35]);
    expect(r.ok).toBe(true);
    expect(r.verdicts['kernel memory bounded']).toEqual({ status: 'holds', maxReached: 0 });
  });

  it('F1 noFinalCheck: the backend sleeps with a request in the ring and nobody notifies it', () => {
    const { model, r } = run({ bug: 'noFinalCheck' });
    expect(failures(r)).toEqual({ 'deadlock free': 'violated', 'no domain stuck forever': 'violated' });
    const v = r.verdicts['no domain stuck forever'];
    expect(v.status === 'violated' && v.stuckThread).toBe('backend');
    expect(steps(model, r, 'no domain stuck forever')).toEqual([
      'Preempt', 'Return', 'Take(backend)', 'Arm(backend)', 'Block(backend)',
      'Return', 'Push(frontend)', 'Notify(frontend)',
      'Return', 'Preempt', 'Return', 'Take(backend)', 'Notify(backend)', 'Return', 'Take(backend)',
      'Preempt', 'Return', 'Push(frontend)',
      'Preempt', 'Return', 'Arm(backend)', 'Block(backend)',
    ]);
    if (v.status !== 'violated') throw new Error('expected a violation');
    const last = v.trace.steps[v.trace.steps.length - 1].state;
    expect(last.th[1]).toBe('blocked');
    expect(last.ring.prod - last.ring.cons).toBe(1);
    expect(steps(model, r, 'deadlock free').slice(-4)).toEqual(['Exit(frontend)', 'Return', 'Arm(backend)', 'Block(backend)']);
  });

  it('F2 overwrite: the frontend ignores RING_FULL and overwrites request 0', () => {
    const { model, r } = run({ bug: 'overwrite' });
    expect(failures(r)).toEqual({ 'no message lost': 'violated', 'ring indices within bounds': 'violated', 'the client blocks': 'unwitnessed' });
    const trace = ['Push(frontend)', 'Notify(frontend)', 'Return', 'Push(frontend)', 'Push(frontend)'];
    expect(steps(model, r, 'no message lost')).toEqual(trace);
    expect(steps(model, r, 'ring indices within bounds')).toEqual(trace);
  });

  it('only the two sharing domains map the ring page, and only they reach it', () => {
    const model = xenEventChannel();
    const hw = model.init()[0].hw;
    const frame = ringFrame(3);
    expect(hw.tables.map((t) => mapsFrame(t, frame))).toEqual([true, true, false]);
    expect(hw.tables).toEqual(sharedRingTables(3, [0, 1]));
    const s1 = model.next(model.init()[0], { kind: 'Push', t: 1 });
    expect(s1.hw.access).toEqual({ component: 0, frame });
    expect(check(model).verdicts.isolation.status).toBe('holds');
    expect(() => sharedRingTables(3, [1, 1])).toThrow(/two different components/);
    expect(() => sharedRingTables(2, [0, 2])).toThrow(/not a component/);
  });

  it('every registry run gives its expected verdicts, each well under 100,000 states', () => {
    expect(registryRunCounts(xenEventChannelEntry)).toEqual([1519, 1577, 711]);
  });

  it('rejects bad configurations', () => {
    expect(() => xenEventChannel({ slots: 0 })).toThrow(/slots must be a whole number from 1 to 4/);
    expect(() => xenEventChannel({ requests: 6 })).toThrow(/requests must be a whole number from 1 to 5/);
    expect(() => xenEventChannel({ bug: 'nope' as never })).toThrow(/bug must be one of/);
  });
});
