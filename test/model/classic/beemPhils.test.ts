import { describe, expect, it } from 'vitest';
import { check, type Verdict } from '../../../checker/index.js';
import { beemPhils, type BeemPhilsAction, type BeemPhilsState } from '../../../model/classic/beemPhils.js';
import { beemPhilsEntry } from '../../../registry/entries/beemPhils.js';
import { explore } from './explore.js';

function traceActions(v: Verdict<BeemPhilsState, BeemPhilsAction>): BeemPhilsAction[] {
  if (!('trace' in v)) throw new Error(`verdict '${v.status}' has no trace`);
  return v.trace.steps.map((s) => s.action);
}

describe('beemPhils (BEEM phils)', () => {
  it('reproduces BEEM phils.1: 80 states, 212 transitions (213 generated), 10 BFS levels', () => {
    const r = check(beemPhils({ n: 4 }));
    expect(r.complete).toBe(true);
    expect(r.stats.distinct).toBe(80);
    expect(r.stats.generated).toBe(1 + 212);
    expect(r.stats.depth).toBe(10);
  });

  it('has exactly one deadlock state among its 80: every philosopher holding its left fork', () => {
    const e = explore(beemPhils({ n: 4 }));
    expect(e.states).toHaveLength(80);
    expect(e.transitions).toBe(212);
    expect(e.levels).toBe(10);
    expect(e.deadlocks).toEqual([{ phil: ['one', 'one', 'one', 'one'], fork: [true, true, true, true] }]);
  });

  it('reports the deadlock with its shortest trace: each philosopher takes its left fork (5 states)', () => {
    const r = check(beemPhils());
    expect(r.verdicts['deadlock free'].status).toBe('violated');
    expect(traceActions(r.verdicts['deadlock free'])).toEqual([
      { kind: 'TakeLeft', phil: 0 },
      { kind: 'TakeLeft', phil: 1 },
      { kind: 'TakeLeft', phil: 2 },
      { kind: 'TakeLeft', phil: 3 },
    ]);
  });

  it('keeps one holder per fork, never lets neighbours eat together, and lets someone eat', () => {
    const r = check(beemPhils());
    expect(r.verdicts['one holder per fork'].status).toBe('holds');
    expect(r.verdicts['no two neighbours eat at once'].status).toBe('holds');
    expect(r.verdicts['someone eats'].status).toBe('witnessed');
    expect(traceActions(r.verdicts['someone eats'])).toEqual([
      { kind: 'TakeLeft', phil: 0 },
      { kind: 'TakeRight', phil: 0 },
    ]);
  });

  it('gives three philosophers 26 states and 51 transitions, as RefChecker lists', () => {
    const e = explore(beemPhils({ n: 3 }));
    expect(e.states).toHaveLength(26);
    expect(e.transitions).toBe(51);
    expect(e.deadlocks).toHaveLength(1);
  });

  it('gives every registry run the verdicts it expects', () => {
    for (const run of beemPhilsEntry.runs) {
      const r = check(beemPhilsEntry.make({ ...beemPhilsEntry.defaults, ...run.set }));
      const got = Object.fromEntries(r.properties.map((p) => [p.name, p.verdict.status]));
      expect(got, run.label).toEqual(run.expect);
    }
  });
});
