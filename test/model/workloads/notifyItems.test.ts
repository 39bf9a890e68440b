/**
 * Card M5's counting protocol as a workload on seL4: the runs of the retired sel4Notifications
 * model, with the same verdicts and the same shortest counterexample lengths.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/index.js';
import { compose } from '../../../model/compose/compose.js';
import { sel4 } from '../../../model/designs/sel4.js';
import { notifyItems } from '../../../model/workloads/notifyItems.js';
import { failingLengths } from '../../helpers/verdicts.js';

const run = (set: Record<string, string | number>, mutant = {}) => {
  const m = compose(sel4(mutant), notifyItems.build({ ...notifyItems.defaults, ...set }));
  return { m, r: check(m) };
};
/** The properties that neither hold nor are witnessed: a violation's trace length, else the status. */
const failing = failingLengths;

describe('notifyItems on seL4 (card M5)', () => {
  it('holds every property with two producers of distinct badges and a per-bit consumer (616 states)', () => {
    const { r } = run({});
    expect(r.stats.distinct).toBe(616);
    expect(failing(r)).toEqual({});
    expect(r.verdicts['a wait returns a badge'].status).toBe('witnessed');
  });

  it('a draining consumer handles two equal-badge signals that coalesced', () => {
    expect(failing(run({ producers: 1, rounds: 2, consumer: 'drain' }).r)).toEqual({});
  });

  it('F1: one item per wait strands an item when one producer\'s two signals coalesce (12 steps, as the monolithic model)', () => {
    const { m, r } = run({ producers: 1, rounds: 2, consumer: 'onePerWait' });
    expect(failing(r)).toEqual({ 'no item lost': 12, 'deadlock free': 12, 'no thread stuck forever': 12, 'every item is handled': 12 });
    const v = r.verdicts['no item lost'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    // The second signal finds the notification Active: the two coalesce into one wakeup.
    const labels = v.trace.steps.map((st) => m.showAction!(st.action));
    expect(labels.filter((l) => l.startsWith('Signal'))).toHaveLength(2);
    expect(labels.filter((l) => l.startsWith('Wait'))).toHaveLength(2);
  });

  it('F1: one item per wait strands an item with two producers too (14 steps)', () => {
    expect(failing(run({ consumer: 'onePerWait' }).r)).toEqual({ 'no item lost': 14, 'deadlock free': 14, 'no thread stuck forever': 14, 'every item is handled': 14 });
  });

  it('F1: one item per badge bit strands an item for equal badges (12 steps)', () => {
    expect(failing(run({ producers: 1, rounds: 2 }).r)).toEqual({ 'no item lost': 12, 'deadlock free': 12, 'no thread stuck forever': 12, 'every item is handled': 12 });
  });

  it('F2: the mutant that drops a signal nobody waits for loses the wakeup (2 steps) and strands the item (6)', () => {
    expect(failing(run({ producers: 1 }, { dropSignal: true }).r)).toEqual({ 'no signal lost': 2, 'no item lost': 6, 'deadlock free': 6, 'no thread stuck forever': 6, 'every item is handled': 6 });
  });
});
