/**
 * Runtime claims about a model written against the public API: its shape's size, and what a check
 * of it finds, against counts made without the checker. The type-level claims about the same API
 * (inference, and the models and properties that must not compile) are in api.test-d.ts, which
 * `npm run typecheck` checks and vitest does not run.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { defineModel, type Model } from '../../model/core/model.js';
import { bool, int, oneOf, optional, queue, record, type Infer } from '../../model/core/shape/index.js';
import { always, bounded, deadlockFree, sometimes, step } from '../../properties/index.js';
import { exploreNaively } from '../crossCheck/naiveExplorer.js';

const shape = record({ a: int(0, 1), b: oneOf('x', 'y'), c: optional(bool()), d: queue(2, int(0, 3)) });
type S = Infer<typeof shape>;
type Act = { readonly kind: 'Flip' } | { readonly kind: 'Push'; readonly v: number };

const good: Model<S, Act> = defineModel<S, Act>({
  name: 'good',
  shape,
  init: () => [{ a: 0, b: 'x', c: null, d: [] }],
  actions: (s) => (s.d.length < 2 ? [{ kind: 'Flip' }, { kind: 'Push', v: s.a }] : [{ kind: 'Flip' }]),
  next: (s, a) => (a.kind === 'Flip' ? { ...s, a: 1 - s.a, c: !s.c } : { ...s, d: [...s.d, a.v] }),
  properties: [
    always('a is a bit', (s) => s.a === 0 || s.a === 1),
    always('c is never false with a full queue', (s) => !(s.c === false && s.d.length === 2)),
    sometimes('queue fills', (s) => s.d.length === 2),
    sometimes('b becomes y', (s) => s.b === 'y'),
    step('Push appends', (s, a, t) => a.kind !== 'Push' || t.d.length === s.d.length + 1),
    step('Flip keeps the queue empty', (_s, a, t) => a.kind !== 'Flip' || t.d.length === 0),
    bounded('queue length', (s) => s.d.length, 1, 'message'),
    deadlockFree(),
  ],
});

describe('a model written against the public API', () => {
  it('declares a shape of 9 bits: a bit, a two-way choice, a three-way optional, a queue of two 2-bit values and its 2-bit length', () => {
    expect(shape.bits).toBe(1 + 1 + 2 + (2 + 2 * 2));
  });

  it('checks to 17 states, 26 generated, depth 6, with each property decided as a naive explorer decides it', () => {
    const r = check(good);
    const naive = exploreNaively(good);
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([17, 26, 6]);
    expect([naive.distinct, naive.generated, naive.depth]).toEqual([17, 26, 6]);
    expect(Object.fromEntries(Object.entries(r.verdicts).map(([name, v]) => [name, v.status]))).toEqual({
      'a is a bit': 'holds',
      'c is never false with a full queue': 'violated',
      'queue fills': 'witnessed',
      'b becomes y': 'unwitnessed',
      'Push appends': 'holds',
      'Flip keeps the queue empty': 'violated',
      'queue length': 'violated',
      'deadlock free': 'holds',
    });
    expect(naive.verdicts).toEqual(Object.fromEntries(Object.entries(r.verdicts).map(([name, v]) => [name, v.status])));
    expect(r.verdicts['queue length']).toMatchObject({ maxReached: 2 });
    expect(r.ok).toBe(false);
  });
});
