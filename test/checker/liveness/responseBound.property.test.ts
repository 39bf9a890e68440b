/**
 * `responseBound` against brute force on small random graphs: the longest weighted walk from a
 * reachable request state to its first answer, by dynamic programming over walk lengths (no
 * components), is unbounded when it keeps growing past what any path without a repeated state can
 * weigh; a request that a fair path never answers is unbounded too (the leads-to reference).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphFromEdges, type LabeledGraph } from '../../../checker/liveness/labeledGraph.js';
import { responseBound } from '../../../checker/liveness/responseBound.js';
import { arbitraryCase, doomedTriggers, fairLoop, graphOf, mask, reach, type Case } from './reference.js';

/** The longest weighted walk to a first answer from each state, by walk length up to `steps` (−∞ when none). */
function longestWalks(c: Case, weights: readonly number[], steps: number): number[] {
  let best = Array.from({ length: c.n }, (_, s) => (c.q[s] ? 0 : -Infinity));
  for (let k = 0; k < steps; k++) {
    best = best.map((_, s) => {
      if (c.q[s]) return 0;
      let m = -Infinity;
      c.edges.forEach(([a, b], i) => {
        if (a === s) m = Math.max(m, weights[i] + best[b]);
      });
      return m;
    });
  }
  return best;
}

const withWeights = arbitraryCase.chain((c) => fc.record({ c: fc.constant(c), weights: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: c.edges.length, maxLength: c.edges.length }) }));

/** The source of each transition of the graph, and the case's edge index of it (graphFromEdges keeps each source's order). */
function caseIndex(c: Case, g: LabeledGraph, e: number): number {
  let s = 0;
  while (!(g.offsets[s] <= e && e < g.offsets[s + 1])) s++;
  return c.edges.map((edge, i) => [edge, i] as const).filter(([edge]) => edge[0] === s)[e - g.offsets[s]][1];
}

/** The weights in the graph's transition order. */
function graphWeights(c: Case, g: LabeledGraph, weights: readonly number[]): Uint8Array {
  return Uint8Array.from({ length: c.edges.length }, (_, e) => weights[caseIndex(c, g, e)]);
}

describe('worst-case response time, against brute force', () => {
  it('agrees with the longest walks and the leads-to reference on random graphs; a bounded witness takes exactly that long', () => {
    fc.assert(
      fc.property(withWeights, ({ c, weights }) => {
        const g = graphOf(c);
        const r = responseBound(g, [0], mask(c.p), mask(c.q), graphWeights(c, g, weights), { kinds: c.kinds });
        const requests = [...reach(c, [0], () => true)].filter((s) => c.p[s]);
        if (doomedTriggers(c).size > 0) {
          expect(r).toMatchObject({ bounded: false, why: 'never answered' });
          return;
        }
        // Simple paths weigh at most n; a walk longer than that went round a weighing cycle.
        const long = longestWalks(c, weights, c.n * (c.n + 3));
        const worst = Math.max(-1, ...requests.map((s) => long[s]));
        if (worst > c.n) {
          expect(r).toMatchObject({ bounded: false, why: 'postponed by a cycle' });
          if (!r.bounded) {
            const cycle = r.lasso.cycle.map((e) => caseIndex(c, g, e));
            expect(cycle.some((i) => weights[i] === 1)).toBe(true);
            expect(fairLoop({ ...c, kinds: c.kinds.map(() => 'none') }, cycle)).toBe(true);
          }
          return;
        }
        expect(r).toMatchObject({ bounded: true, steps: Math.max(0, worst) });
        if (r.bounded && worst > 0) {
          let s = r.start;
          for (const e of [...r.prefix, ...r.response]) {
            expect(g.offsets[s] <= e && e < g.offsets[s + 1]).toBe(true);
            s = g.targets[e];
          }
          expect(c.q[s]).toBe(true);
          expect(r.response.reduce((sum, e) => sum + weights[caseIndex(c, g, e)], 0)).toBe(worst);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('counts only the steps of the kind asked for: another thread’s steps, not the requester’s', () => {
    // Request in state 0; thread 0 (the requester) steps 0 → 1, thread 1 steps 1 → 2 → 3 (answered).
    const g = graphFromEdges(4, [[0, 1, 0], [1, 2, 1], [2, 3, 1], [3, 3, 0]]);
    const others = Uint8Array.from(g.groups, (group) => (group === 0 ? 0 : 1));
    const all = new Uint8Array(g.targets.length).fill(1);
    const request = Uint8Array.of(1, 0, 0, 0);
    const answered = Uint8Array.of(0, 0, 0, 1);
    expect(responseBound(g, [0], request, answered, all, { kinds: ['weak', 'weak'] })).toEqual({ bounded: true, steps: 3, start: 0, prefix: [], response: [0, 1, 2] });
    expect(responseBound(g, [0], request, answered, others, { kinds: ['weak', 'weak'] })).toMatchObject({ bounded: true, steps: 2 });
  });

  it('a server that may serve another client first any number of times: every call is answered, but not within a bound', () => {
    // State 0: our request waits; thread 1 (another client) may be served, 0 → 1 → 0, or ours answered, 0 → 2.
    const g = graphFromEdges(3, [[0, 1, 1], [1, 0, 1], [0, 2, 0], [2, 2, 0]]);
    const r = responseBound(g, [0], Uint8Array.of(1, 1, 0), Uint8Array.of(0, 0, 1), new Uint8Array(4).fill(1), { kinds: ['strong', 'weak'] });
    expect(r).toEqual({ bounded: false, why: 'postponed by a cycle', lasso: { start: 0, prefix: [0], trigger: 1, cycle: [2, 0] } });
    // Without fairness for our thread, it may never be answered at all.
    expect(responseBound(g, [0], Uint8Array.of(1, 1, 0), Uint8Array.of(0, 0, 1), new Uint8Array(4).fill(1), { kinds: ['none', 'weak'] })).toMatchObject({ bounded: false, why: 'never answered' });
  });
});
