/**
 * Successors (and initial states) are staged as a batch before they are looked up; batches larger
 * than the initial staging area must keep every staged state.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { defineModel } from '../../model/core/model.js';
import { int, record } from '../../model/core/shape/index.js';
import { always, sometimes } from '../../properties/index.js';

const fanOut = (inits: number, successors: number) =>
  defineModel<{ readonly n: number }, { readonly kind: 'Go'; readonly to: number }>({
    name: `fanOut(${inits},${successors})`,
    shape: record({ n: int(0, 1000) }),
    init: () => Array.from({ length: inits }, (_, i) => ({ n: i })),
    // Only state 0 fans out, to states 500…500+successors-1.
    actions: (s) => (s.n === 0 ? Array.from({ length: successors }, (_, i) => ({ kind: 'Go' as const, to: 500 + i })) : []),
    next: (_s, a) => ({ n: a.to }),
    properties: [always('below 1000', (s) => s.n < 1000), sometimes('reaches the last successor', (s) => s.n === 499 + successors)],
  });

describe('batched lookups', () => {
  it('stores every one of 100 initial states', () => {
    const r = check(fanOut(100, 1));
    expect(r.stats.distinct).toBe(101);
    expect(r.stats.generated).toBe(101);
    expect(r.stats.depth).toBe(2);
  });

  it('stores every one of 300 successors of one state, with its action index', () => {
    const r = check(fanOut(1, 300));
    expect(r.stats.distinct).toBe(301);
    expect(r.stats.generated).toBe(301);
    const v = r.verdicts['reaches the last successor'];
    expect(v.status).toBe('witnessed');
    if (v.status === 'witnessed') expect(v.trace.path).toEqual({ init: 0, actions: [299] });
  });
});
