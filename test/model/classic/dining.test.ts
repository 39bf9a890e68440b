import { describe, expect, it } from 'vitest';
import { check, type Verdict } from '../../../checker/index.js';
import { dining, type DiningAction, type DiningState } from '../../../model/classic/dining.js';
import { diningEntry } from '../../../registry/entries/dining.js';
import { explore } from './explore.js';

function traceActions(v: Verdict<DiningState, DiningAction>): DiningAction[] {
  if (!('trace' in v)) throw new Error(`verdict '${v.status}' has no trace`);
  return v.trace.steps.map((s) => s.action);
}

/** Every philosopher in turn gets hungry and takes its first fork: the deadlock. */
function everyoneTakesFirst(n: number): DiningAction[] {
  return Array.from({ length: n }, (_, p): DiningAction[] => [
    { kind: 'GetHungry', p },
    { kind: 'TakeFirst', p },
  ]).flat();
}

describe('dining (bench DiningPhilosophers.tla)', () => {
  it('reproduces TLC for the naive protocol, N=5: 573 distinct, depth 11, deadlock after 11 states', () => {
    const r = check(dining({ n: 5, lefty0: false }));
    expect(r.complete).toBe(true);
    expect(r.stats.distinct).toBe(573);
    expect(r.stats.depth).toBe(11);
    expect(r.verdicts['deadlock free'].status).toBe('violated');
    expect(traceActions(r.verdicts['deadlock free'])).toEqual(everyoneTakesFirst(5));
  });

  it('counts one generated state per enabled action (naive N=5: 2366 = 1 + 2365, not a published figure)', () => {
    const m = dining({ n: 5 });
    const e = explore(m);
    expect(e.states).toHaveLength(573);
    expect(e.levels).toBe(11);
    expect(e.transitions).toBe(2365);
    expect(check(m).stats.generated).toBe(1 + e.transitions);
  });

  it('has exactly one deadlock state in the naive protocol: every philosopher holds its left fork', () => {
    const e = explore(dining({ n: 5 }));
    expect(e.deadlocks).toEqual([{ pc: ['one', 'one', 'one', 'one', 'one'], fork: [0, 1, 2, 3, 4] }]);
  });

  it('reproduces TLC for the naive protocol, N=8: 25,889 distinct, depth 17, deadlock after 17 states', () => {
    const r = check(dining({ n: 8, lefty0: false }));
    expect(r.stats.distinct).toBe(25889);
    expect(r.stats.depth).toBe(17);
    expect(r.verdicts['deadlock free'].status).toBe('violated');
    expect(traceActions(r.verdicts['deadlock free'])).toEqual(everyoneTakesFirst(8));
  });

  it('reproduces TLC with philosopher 0 reversed, N=8: 24,126 distinct, depth 17, no error', () => {
    const r = check(dining({ n: 8, lefty0: true }));
    expect(r.stats.distinct).toBe(24126);
    expect(r.stats.depth).toBe(17);
    expect(r.ok).toBe(true);
    expect(r.verdicts['deadlock free'].status).toBe('holds');
  });

  it('holds every property with philosopher 0 reversed, N=5 (534 distinct, depth 11: our figure, not published)', () => {
    const r = check(dining({ n: 5, lefty0: true }));
    expect(r.stats.distinct).toBe(534);
    expect(r.stats.depth).toBe(11);
    expect(r.ok).toBe(true);
  });

  it('satisfies TypeOK and ForkSafety in both protocols, and someone eats after 3 steps', () => {
    for (const lefty0 of [false, true]) {
      const r = check(dining({ n: 5, lefty0 }));
      expect(r.verdicts['TypeOK'].status).toBe('holds');
      expect(r.verdicts['ForkSafety'].status).toBe('holds');
      expect(traceActions(r.verdicts['someone eats'])).toEqual([
        { kind: 'GetHungry', p: 0 },
        { kind: 'TakeFirst', p: 0 },
        { kind: 'TakeSecond', p: 0 },
      ]);
    }
  });

  it('lets the reversed philosopher take its right fork first', () => {
    const m = dining({ n: 3, lefty0: true });
    const hungry = m.next(m.init()[0], { kind: 'GetHungry', p: 0 });
    expect(m.next(hungry, { kind: 'TakeFirst', p: 0 }).fork).toEqual([3, 0, 3]);
  });

  it('gives every registry run the verdicts it expects', () => {
    for (const run of diningEntry.runs) {
      const r = check(diningEntry.make({ ...diningEntry.defaults, ...run.set }));
      const got = Object.fromEntries(r.properties.map((p) => [p.name, p.verdict.status]));
      expect(got, run.label).toEqual(run.expect);
    }
  });
});
