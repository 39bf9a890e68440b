/**
 * The search expands states in batches (`expansionBatch`, default 32) so that the lookups of all
 * their successors overlap. The claim tested here: any batch size gives exactly the result of
 * expanding one state at a time, whatever stops the search (a violation with `stopOnViolation`, a
 * model error, a mutated state, `maxStates`, `maxDepth`), down to the generated count and the
 * state the queue stands at.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import type { CheckOptions } from '../../checker/options.js';
import type { CheckResult } from '../../checker/result.js';
import { defineModel, type Model } from '../../model/core/model.js';
import { always, deadlockFree, sometimes, step } from '../../properties/index.js';
import { arbitraryGraph, graphModel, type Graph, type GraphAction, type GraphState } from '../helpers/graphModel.js';

/** What can go wrong at a node: nothing, `next` throws into it, or `next` mutates the state it leaves. */
type Trouble = 'none' | 'throws' | 'mutates';

interface Case {
  readonly g: Graph;
  readonly forbidden: number;
  readonly badFrom: number;
  readonly badTo: number;
  readonly trouble: Trouble;
  readonly troubleAt: number;
  readonly options: CheckOptions;
}

/** The walk on `c.g` with an invariant, a transition property, deadlock freedom, a witness, and the chosen trouble. */
function troubledModel(c: Case): Model<GraphState, GraphAction> {
  const walk = graphModel({
    ...c.g,
    properties: [
      always(`never ${c.forbidden}`, (s) => s.node !== c.forbidden),
      step(`no step ${c.badFrom}→${c.badTo}`, (s, _a, t) => !(s.node === c.badFrom && t.node === c.badTo)),
      deadlockFree(),
      sometimes('reach 0', (s) => s.node === 0),
    ],
  });
  return defineModel<GraphState, GraphAction>({
    name: walk.name,
    shape: walk.shape,
    init: () => walk.init(),
    actions: (s) => walk.actions(s),
    next: (s, a) => {
      if (c.trouble === 'throws' && a.to === c.troubleAt) throw new Error(`no way into ${c.troubleAt}`);
      if (c.trouble === 'mutates' && s.node === c.troubleAt) (s as { node: number }).node = a.to;
      return walk.next(s, a);
    },
    properties: walk.properties,
  });
}

/** The result without the figures that depend on the clock or the process. */
function comparable(r: CheckResult<GraphState, GraphAction>): unknown {
  return JSON.parse(JSON.stringify(r, (key, value) => (['elapsedMs', 'statesPerSecond', 'peakRssBytes'].includes(key) ? undefined : value)));
}

const arbitraryCase: fc.Arbitrary<Case> = arbitraryGraph().chain((g) => {
  const node = fc.nat({ max: g.nodes - 1 });
  return fc.record({
    g: fc.constant(g),
    forbidden: fc.oneof(node, fc.constant(-1)),
    badFrom: node,
    badTo: fc.oneof(node, fc.constant(-1)),
    trouble: fc.constantFrom<Trouble>('none', 'none', 'throws', 'mutates'),
    troubleAt: node,
    options: fc.record(
      {
        stopOnViolation: fc.boolean(),
        maxStates: fc.integer({ min: 1, max: 45 }),
        maxDepth: fc.integer({ min: 1, max: 12 }),
      },
      { requiredKeys: ['stopOnViolation'] },
    ),
  });
});

describe('batched expansion', () => {
  it('gives exactly the result of expanding one state at a time, for batches of 2, 3, 7 and 32 states', () => {
    fc.assert(
      fc.property(arbitraryCase, fc.constantFrom(2, 3, 7, 32), (c, batch) => {
        const model = troubledModel(c);
        const alone = check(model, { ...c.options, expansionBatch: 1 });
        const batched = check(model, { ...c.options, expansionBatch: batch });
        expect(comparable(batched)).toEqual(comparable(alone));
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it('stops at the first violation in breadth-first order even when a later state of the same batch deadlocks', () => {
    // 0 → 1, 0 → 2; 1 is forbidden, 2 deadlocks. Both are expanded in one batch of level 2.
    const g: Graph = { nodes: 4, edges: [[0, 1], [0, 2], [1, 3]], init: [0] };
    const model = troubledModel({ g, forbidden: 3, badFrom: -1, badTo: -1, trouble: 'none', troubleAt: 0, options: {} });
    const r = check(model, { stopOnViolation: true });
    expect(r.verdicts['never 3'].status).toBe('violated');
    expect(r.verdicts['deadlock free'].status).not.toBe('violated');
    expect(r.stats).toMatchObject({ distinct: 4, generated: 4, queue: 3 });
  });

  it('refuses a batch size that is not a whole number of at least one', () => {
    const model = graphModel({ nodes: 1, edges: [], init: [0] });
    expect(() => check(model, { expansionBatch: 0 })).toThrow(/expansionBatch must be a whole number ≥ 1, got 0/);
  });
});
