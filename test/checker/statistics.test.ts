/**
 * The statistics beyond distinct, generated and depth: initial states, transitions, deadlock
 * states and each breadth-first level's states and transitions. Pinned on a graph small enough to
 * count by hand, and compared with the naive reference explorer (which knows nothing of levels
 * but each state's distance and number of enabled actions) on random graphs and on registry models.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import type { CheckStats } from '../../checker/result.js';
import type { Action, Model } from '../../model/core/model.js';
import { dining } from '../../model/classic/dining.js';
import { dieHard } from '../../model/classic/dieHard.js';
import { deadlockFree } from '../../properties/index.js';
import { arbitraryGraph, graphModel, nodeFlags, type Graph, type GraphState } from '../helpers/graphModel.js';
import { explore, keyOf } from '../helpers/referenceExplorer.js';

/**
 * 0 → 1, 0 → 2, 1 → 3, 2 → 3, 2 → 4, 3 → 3, and 5 unreachable; 0 is given twice as initial.
 * By hand: level 1 is {0} with 2 transitions, level 2 {1, 2} with 1 + 2, level 3 {3, 4} with 1 + 0;
 * 4 has no out-edge.
 */
const small: Graph = { nodes: 6, edges: [[0, 1], [0, 2], [1, 3], [2, 3], [2, 4], [3, 3], [5, 0]], init: [0, 0] };

/** The statistics the reference explorer implies for `model`: levels by distance, deadlocks by `isEnd`. */
function referenceStats<S, A extends Action>(model: Model<S, A>, isValidEnd: (s: S) => boolean = () => false): Pick<CheckStats, 'initial' | 'transitions' | 'deadlocks' | 'levels'> {
  const ref = explore(model);
  const levels: { states: number; transitions: number }[] = [];
  for (const s of ref.states) {
    const d = ref.distance.get(keyOf(s))!;
    while (levels.length <= d) levels.push({ states: 0, transitions: 0 });
    levels[d].states++;
    levels[d].transitions += ref.enabled.get(keyOf(s))!;
  }
  const deadlocks = ref.states.filter((s) => ref.deadlocks.has(keyOf(s)) && !isValidEnd(s)).length;
  return { initial: levels[0]?.states ?? 0, transitions: ref.generated - model.init().length, deadlocks, levels };
}

describe('statistics', () => {
  it('counts initial states, transitions, deadlock states and each level of a graph counted by hand', () => {
    const r = check(graphModel({ ...small, properties: [deadlockFree()] }));
    expect(r.stats).toMatchObject({
      distinct: 5,
      generated: 8,
      depth: 3,
      initial: 1,
      transitions: 6,
      deadlocks: 1,
      levels: [
        { states: 1, transitions: 2 },
        { states: 2, transitions: 3 },
        { states: 2, transitions: 1 },
      ],
    });
  });

  it('counts a state without actions as a deadlock unless every deadlockFree property takes it for a valid end', () => {
    const end4 = deadlockFree<GraphState>({ validEnd: (s) => s.node === 4 });
    expect(check(graphModel({ ...small, properties: [end4] })).stats.deadlocks).toBe(0);
    // No deadlockFree property: every state without an enabled action counts, as BEEM counts them.
    expect(check(graphModel(small)).stats.deadlocks).toBe(1);
    // Two properties that disagree: the state is a deadlock for one of them, so it counts.
    const strict = { ...deadlockFree<GraphState>(), name: 'strictly deadlock free' };
    expect(check(graphModel({ ...small, properties: [end4, strict] })).stats.deadlocks).toBe(1);
  });

  it('counts every deadlock state, not only the first one found', () => {
    // 0 → 1, 0 → 2, 2 → 3: both 1 (depth 2) and 3 (depth 3) have no out-edge.
    const r = check(graphModel({ nodes: 4, edges: [[0, 1], [0, 2], [2, 3]], init: [0], properties: [deadlockFree()] }));
    expect(r.verdicts['deadlock free'].status).toBe('violated');
    expect(r.stats.deadlocks).toBe(2);
    // Dining philosophers n=3, nobody reversed: one deadlock, every philosopher holding a fork.
    const model = dining({ n: 3, lefty0: false });
    expect(check(model).stats.deadlocks).toBe(1);
    expect(referenceStats(model).deadlocks).toBe(1);
  });

  it('reports no transitions from the level at the depth bound, which is not expanded', () => {
    const r = check(graphModel(small), { maxDepth: 2 });
    expect(r.stats).toMatchObject({ initial: 1, transitions: 2, deadlocks: 0, levels: [{ states: 1, transitions: 2 }, { states: 2, transitions: 0 }] });
  });

  it('agrees with the reference explorer on random graphs: every level, initial states, transitions, deadlocks', () => {
    fc.assert(
      fc.property(
        arbitraryGraph().chain((g) => fc.record({ g: fc.constant(g), ends: nodeFlags(g), bounds: nodeFlags(g), bounded: fc.boolean() })),
        ({ g, ends, bounds, bounded }) => {
          const isValidEnd = (s: GraphState) => ends[s.node];
          const model = graphModel({ ...g, properties: [deadlockFree({ validEnd: isValidEnd })], ...(bounded ? { withinBounds: (s: GraphState) => bounds[s.node] } : {}) });
          const r = check(model, { expansionBatch: 3 });
          expect(r.stats).toMatchObject(referenceStats(model, isValidEnd));
          expect(r.stats.levels.reduce((n, l) => n + l.states, 0)).toBe(r.stats.distinct);
          expect(r.stats.levels).toHaveLength(r.stats.depth);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('agrees with the reference explorer on dieHard and on dining philosophers n=5, level by level', () => {
    for (const model of [dieHard(), dining({ n: 5, lefty0: false })] as Model<unknown, Action>[]) {
      const r = check(model);
      expect(r.stats, model.name).toMatchObject(referenceStats(model));
    }
  });
});
