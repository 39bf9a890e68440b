/**
 * The naive explorer on models small enough to count by hand, so that its agreement with the
 * checker is not two programs sharing one mistake about what `generated`, `depth` or a verdict
 * means.
 */
import { describe, expect, it } from 'vitest';
import type { Model } from '../../model/core/model.js';
import { int, record } from '../../model/core/shape/index.js';
import { always, deadlockFree, leadsTo, leadsToEach, neverStuck, responseBound, sometimes, step } from '../../properties/index.js';
import { canonicalJson } from '../helpers/canonicalJson.js';
import { exploreNaively, leadsToFails, worstResponse, type NaiveGraph } from './naiveExplorer.js';

type S = { readonly n: number };
type A = { readonly kind: 'Inc' } | { readonly kind: 'Stay' };

/**
 * A counter 0…3 started twice at 0: below 3 it may increment or stay (a self-loop); at 3 nothing is
 * enabled. Thread 0 is "blocked" at 1.
 */
function counter(extra: Partial<Model<S, A>> = {}): Model<S, A> {
  return {
    name: 'counter',
    shape: record({ n: int(0, 3) }),
    init: () => [{ n: 0 }, { n: 0 }],
    actions: (s) => (s.n < 3 ? [{ kind: 'Inc' }, { kind: 'Stay' }] : []),
    next: (s, a) => (a.kind === 'Inc' ? { n: s.n + 1 } : { n: s.n }),
    properties: [
      always('n below 3', (s) => s.n < 3),
      sometimes('n reaches 2', (s) => s.n === 2),
      step('Inc adds one', (s, a, t) => a.kind !== 'Inc' || t.n === s.n + 1),
      step('Stay changes nothing', (s, a, t) => a.kind !== 'Stay' || t.n !== s.n),
      deadlockFree({ validEnd: (s) => s.n === 3 }),
      deadlockFree('no end at all', { validEnd: () => false }),
      neverStuck({ threads: ['t'], blocked: (s) => s.n === 1 }),
    ],
    ...extra,
  };
}

describe('exploreNaively', () => {
  it('counts both initial entries and every enabled action as generated, and levels as depth', () => {
    const e = exploreNaively(counter());
    // init 2, then states 0, 1, 2 with two actions each, 3 with none.
    expect({ distinct: e.distinct, generated: e.generated, depth: e.depth, initial: e.initial, deadlocks: e.deadlocks }).toEqual({
      distinct: 4,
      generated: 2 + 3 * 2,
      depth: 4,
      initial: 1,
      deadlocks: 1,
    });
    expect(e.levels).toEqual([1, 1, 1, 1]);
    expect(e.verdicts).toEqual({
      'n below 3': 'violated',
      'n reaches 2': 'witnessed',
      'Inc adds one': 'holds',
      'Stay changes nothing': 'violated',
      'deadlock free': 'holds',
      'no end at all': 'violated',
      'no thread stuck forever': 'holds',
    });
  });

  it('counts a successor outside withinBounds as generated but never stores it, so thread t stays blocked at 1', () => {
    const e = exploreNaively(counter({ withinBounds: (s) => s.n !== 2 }));
    // States 0 and 1, two actions each; 1's Inc leads outside.
    expect([e.distinct, e.generated, e.depth, e.deadlocks]).toEqual([2, 2 + 2 * 2, 2, 0]);
    expect(e.verdicts).toMatchObject({ 'n reaches 2': 'unwitnessed', 'no thread stuck forever': 'violated', 'no end at all': 'holds' });
  });

  it('keys a state by its fields, whatever their order, and refuses what JSON cannot hold', () => {
    expect(canonicalJson({ b: [2, { d: 1, c: null }], a: 'x' })).toBe('{"a":"x","b":[2,{"c":null,"d":1}]}');
    const reordered = counter({ next: (s, a) => (a.kind === 'Inc' ? ({ n: s.n + 1, m: 0 } as S) : ({ m: 0, n: s.n } as S)) });
    expect(exploreNaively(reordered).distinct).toBe(5); // {n:0}, then {m:0,n:k} for k = 0…3 in either order
    expect(() => exploreNaively(counter({ next: () => ({ n: undefined }) as unknown as S }))).toThrow(/\$\.n is undefined/);
    expect(() => canonicalJson({ s: new Set([1]) })).toThrow(/\$\.s is a Set/);
  });

  it('refuses a next that writes into its argument, and a model with more states than allowed', () => {
    const mutating = counter({ next: (s) => ((s as { n: number }).n++, { n: s.n }) });
    expect(() => exploreNaively(mutating)).toThrow(/next\(\) changed the state it was given/);
    expect(() => exploreNaively(counter(), 3)).toThrow(/more than 3 reachable states/);
  });

  describe('liveness, decided by hand on the counter', () => {
    /** The counter with Inc in fairness group 0 and Stay in group 1, of the given kinds, and liveness properties only. */
    const fairCounter = (kinds: readonly ('weak' | 'strong' | 'none')[] | undefined) =>
      counter({
        properties: [
          leadsTo('0 leads to 3', (s) => s.n === 0, (s) => s.n === 3),
          leadsToEach('each of 1 and 2 leads to 3', ['one', 'two'], (s, k) => s.n === k + 1, (s) => s.n === 3),
          leadsTo('3 leads to 0', (s) => s.n === 3, (s) => s.n === 0),
          responseBound('Incs from below 3 to 3', (s) => s.n < 3, (s) => s.n === 3, (_s, a) => a.kind === 'Inc'),
          responseBound('steps from below 3 to 3', (s) => s.n < 3, (s) => s.n === 3),
        ],
        ...(kinds === undefined ? {} : { fairness: { groups: kinds.map((kind, i) => ({ name: `g${i}`, kind })), groupOf: (_s: S, a: A) => (a.kind === 'Inc' ? 0 : 1) } }),
      });

    it('weak fairness on Inc forbids staying for ever below 3: 0 and 1, 2 lead to 3, in at most 3 Incs; counting Stay, the self-loops make it unbounded', () => {
      const e = exploreNaively(fairCounter(['weak', 'none']));
      expect(e.verdicts).toEqual({
        '0 leads to 3': 'holds',
        'each of 1 and 2 leads to 3': 'holds',
        // 3 is a deadlock: the path stays there, and 0 never comes.
        '3 leads to 0': 'violated',
        'Incs from below 3 to 3': 'holds',
        'steps from below 3 to 3': 'violated',
      });
      expect(e.bounds).toEqual({ 'Incs from below 3 to 3': 3 });
    });

    it('without fairness, or with none for Inc, a path may Stay for ever: every leads-to and both bounds fail', () => {
      for (const kinds of [undefined, ['none', 'weak'] as const]) {
        const e = exploreNaively(fairCounter(kinds));
        expect(Object.values(e.verdicts), JSON.stringify(kinds)).toEqual(['violated', 'violated', 'violated', 'violated', 'violated']);
        expect(e.bounds).toEqual({});
      }
    });

    // States 0 ⇄ 1 by group 0; from 0 only, group 1 leads to the goal, state 2, which loops by group 0.
    const flicker: NaiveGraph = { distinct: 3, edgeFrom: [0, 0, 1, 2], edgeTo: [1, 2, 0, 2], edgeGroup: [0, 1, 0, 0], enabledIn: [[0, 1], [0], [0]], kinds: ['weak', 'weak'] };
    const premise = [true, false, false];
    const goal = [false, false, true];

    it('a group enabled on and off is not forced by weak fairness but is by strong fairness', () => {
      expect(leadsToFails(flicker, premise, goal)).toBe(true);
      expect(leadsToFails({ ...flicker, kinds: ['weak', 'strong'] }, premise, goal)).toBe(false);
      // Enabled in both states of the cycle, group 1 is forced by weak fairness too.
      expect(leadsToFails({ ...flicker, enabledIn: [[0, 1], [0, 1], [0]] }, premise, goal)).toBe(false);
    });

    it('a response bound counts the longest way to the answer and is unbounded over a counted cycle', () => {
      const strong = { ...flicker, kinds: ['weak', 'strong'] as const };
      // 0 → 1 → 0 … → 2: the cycle counts, so the answer can be put off any number of rounds.
      expect(worstResponse(strong, premise, goal, [true, true, true, true])).toBeUndefined();
      // Counting only the step into the goal: 1 → 0 → 2 takes one.
      expect(worstResponse(strong, [true, true, false], goal, [false, true, false, false])).toBe(1);
      // Under weak fairness the cycle may last for ever: never answered.
      expect(worstResponse(flicker, premise, goal, [false, true, false, false])).toBeUndefined();
    });
  });
});
