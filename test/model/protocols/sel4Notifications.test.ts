/**
 * M5, seL4 notifications: every property holds when the consumer handles every badge bit of
 * distinct-badge producers (or drains), and card M5's F1 (coalescing strands an item) and F2 (a
 * dropped signal) fail with their shortest counterexamples, pinned step by step.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { sel4Notifications, type Sel4NotificationsConfig } from '../../../model/protocols/sel4Notifications.js';
import { sel4NotificationsEntry } from '../../../registry/entries/sel4Notifications.js';
import { failingVerdicts as failures, traceActions as steps } from '../../helpers/verdicts.js';

const run = (config: Partial<Sel4NotificationsConfig>) => {
  const model = sel4Notifications(config);
  return { model, r: check(model) };
};

const STRANDED = { 'no item lost': 'violated', 'deadlock free': 'violated', 'no thread stuck forever': 'violated' };

describe('sel4Notifications (M5)', () => {
  it('holds every property with two producers and a per-bit consumer: 561 states, 784 transitions, depth 29', () => {
    const { model, r } = run({});
    expect(model.name).toBe('sel4Notifications(producers=2,rounds=1,consumer=perBit)');
    expect(r.complete).toBe(true);
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([561, 784, 29]);
    expect(r.ok).toBe(true);
    expect(r.verdicts['kernel memory ≤ 0']).toEqual({ status: 'holds', maxReached: 0 });
    expect(steps(model, r, 'a wait returns a badge')).toEqual(['Produce(producer 1)', 'Signal(producer 1)', 'Return', 'Exit(producer 1)', 'Return', 'Preempt', 'Return', 'Wait(consumer)']);
  });

  it('holds with three producers (6,482 states), with a draining consumer of equal badges (5,658), and without preemption (15)', () => {
    for (const [config, distinct] of [
      [{ producers: 3 }, 6482],
      [{ producers: 2, rounds: 2, consumer: 'drain' }, 5658],
      [{ preemption: false }, 15],
    ] as const) {
      const { r } = run(config);
      expect(r.ok, JSON.stringify(config)).toBe(true);
      expect(r.stats.distinct, JSON.stringify(config)).toBe(distinct);
    }
  });

  it('F1: two equal-badge signals coalesce into one word, and a one-item-per-Wait consumer strands item 2 (12 steps)', () => {
    const { model, r } = run({ producers: 1, rounds: 2, consumer: 'onePerWait' });
    expect(failures(r)).toEqual(STRANDED);
    const trace = [
      'Produce(producer 1)',
      'Signal(producer 1)',
      'Return',
      'Produce(producer 1)',
      'Signal(producer 1)',
      'Return',
      'Exit(producer 1)',
      'Return',
      'Wait(consumer)',
      'Return',
      'Handle(consumer)',
      'Wait(consumer)',
    ];
    expect(steps(model, r, 'no item lost')).toEqual(trace);
    expect(steps(model, r, 'no thread stuck forever')).toEqual(trace);
    const v = r.verdicts['no thread stuck forever'];
    expect(v.status === 'violated' && v.stuckThread).toBe('consumer');
    if (v.status !== 'violated') throw new Error('expected a violation');
    const last = v.trace.steps[v.trace.steps.length - 1].state;
    expect([last.sent, last.taken, last.ntfn.state]).toEqual([[2], [1], 'waiting']);
  });

  it('F1: with distinct badges a one-item consumer still strands one of two coalesced signals (14 steps), and per-bit handling strands equal badges', () => {
    const two = run({ consumer: 'onePerWait' });
    expect(failures(two.r)).toEqual(STRANDED);
    expect(steps(two.model, two.r, 'no item lost')).toEqual([
      'Produce(producer 1)',
      'Signal(producer 1)',
      'Return',
      'Exit(producer 1)',
      'Return',
      'Produce(producer 2)',
      'Signal(producer 2)',
      'Return',
      'Exit(producer 2)',
      'Return',
      'Wait(consumer)',
      'Return',
      'Handle(consumer)',
      'Wait(consumer)',
    ]);
    const equal = run({ producers: 1, rounds: 2 });
    expect(failures(equal.r)).toEqual(STRANDED);
    expect(steps(equal.model, equal.r, 'no item lost')).toHaveLength(12);
    expect(run({ producers: 2, rounds: 2 }).r.stats.distinct).toBe(4439);
  });

  it('F2: a signal dropped when nobody waits loses the wakeup: the consumer waits for ever (6 steps)', () => {
    const { model, r } = run({ producers: 1, bug: 'dropSignal' });
    expect(failures(r)).toEqual({ 'no signal lost': 'violated', ...STRANDED });
    expect(steps(model, r, 'no signal lost')).toEqual(['Produce(producer 1)', 'Signal(producer 1)']);
    expect(steps(model, r, 'no thread stuck forever')).toEqual(['Produce(producer 1)', 'Signal(producer 1)', 'Return', 'Exit(producer 1)', 'Return', 'Wait(consumer)']);
    // seL4's real semantics (the Active word remembers the signal) holds in the same configuration.
    expect(run({ producers: 1 }).r.ok).toBe(true);
  });

  it('refuses configurations out of range, naming the valid ones', () => {
    expect(() => sel4Notifications({ producers: 0 })).toThrow(/producers must be a whole number from 1 to 3, got 0/);
    expect(() => sel4Notifications({ rounds: 4 })).toThrow(/rounds must be a whole number from 1 to 3, got 4/);
    expect(() => sel4Notifications({ consumer: 'greedy' as never })).toThrow(/consumer must be one of onePerWait, perBit, drain/);
    expect(() => sel4Notifications({ bug: 'lostWakeup' as never })).toThrow(/bug must be one of none, dropSignal/);
  });

  it('gives every registry run its expected verdicts, each well under 100,000 states', () => {
    expect(sel4NotificationsEntry.runs.map((x) => x.label)).toEqual([
      'default',
      'drain, equal badges',
      'F1 onePerWait, equal badges',
      'F1 onePerWait, two producers',
      'F1 perBit, equal badges',
      'F2 dropSignal',
    ]);
    const counts: number[] = [];
    for (const entryRun of sel4NotificationsEntry.runs) {
      const r = check(sel4NotificationsEntry.make({ ...sel4NotificationsEntry.defaults, ...entryRun.set }));
      expect(Object.fromEntries(r.properties.map((p) => [p.name, p.verdict.status])), entryRun.label).toEqual(entryRun.expect);
      counts.push(r.stats.distinct);
    }
    expect(counts).toEqual([561, 114, 116, 598, 116, 44]);
  });
});
