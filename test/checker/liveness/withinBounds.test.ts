/**
 * Liveness under a constraint (`withinBounds`): a state whose successors the constraint cut has
 * paths that go on outside the graph, so it must not pass for a deadlock where a path may stay,
 * and a cut path could be the only fair one. The analysis says it cannot decide, and why; before,
 * a counter cut at 3 was "violated" by a lasso ending in a state that is no deadlock (found in
 * review).
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { defineModel } from '../../../model/core/model.js';
import { int, record } from '../../../model/core/shape/index.js';
import { leadsTo } from '../../../properties/index.js';

type S = { readonly n: number };
const counter = (withinBounds?: (s: S) => boolean) =>
  defineModel<S, { kind: 'Inc' }>({
    name: 'counter mod 6',
    shape: record({ n: int(0, 5) }),
    init: () => [{ n: 0 }],
    actions: () => [{ kind: 'Inc' }],
    next: (s) => ({ n: (s.n + 1) % 6 }),
    ...(withinBounds ? { withinBounds } : {}),
    fairness: { groups: [{ name: 'counter', kind: 'weak' }], groupOf: () => 0 },
    properties: [leadsTo('0 leads to 5', (s: S) => s.n === 0, (s: S) => s.n === 5)],
  });

describe('liveness when withinBounds cuts transitions', () => {
  it('holds on the whole graph (6 states)', () => {
    expect(check(counter()).verdicts['0 leads to 5']).toEqual({ status: 'holds' });
  });

  it('is unknown, naming the cut and the fix, when the constraint cuts the counter at 3 (no deadlock there)', () => {
    const r = check(counter((s) => s.n <= 3));
    expect(r.complete).toBe(true);
    expect(r.stats.deadlocks).toBe(0);
    expect(r.verdicts['0 leads to 5']).toEqual({
      status: 'unknown',
      reason:
        'not decided: withinBounds cut 1 transition out of the state graph, so the infinite paths through them are unknown; liveness is decided only on a graph no constraint cuts (check without withinBounds)',
    });
  });
});
