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
import type { Lasso } from '../../../checker/liveness/leadsTo.js';
import { expectFairLasso, walk } from './lassoChecks.js';
import { arbitraryCase, distances, doomedTriggers, graphOf, mask, reach, type Case } from './reference.js';

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

/** The length of the shortest closed walk from `from` back to it through unanswered states that takes a weighing transition (Infinity: none). */
function shortestWeighingWalk(c: Case, weights: readonly number[], from: number): number {
  let layer = [[from, 0]];
  const seen = new Set([`${from}/0`]);
  for (let length = 1; layer.length > 0; length++) {
    const next: number[][] = [];
    for (const [s, weighed] of layer) {
      c.edges.forEach(([a, b], i) => {
        if (a !== s || c.q[b]) return;
        const w = weighed | weights[i];
        if (b === from && w) next.push([-1, length]);
        else if (!seen.has(`${b}/${w}`)) (seen.add(`${b}/${w}`), next.push([b, w]));
      });
    }
    const closed = next.find(([s]) => s === -1);
    if (closed) return closed[1];
    layer = next;
  }
  return Infinity;
}

/**
 * Checks a 'postponed by a cycle' lasso: a real path, the request outstanding at the trigger and
 * unanswered from there on, a closed cycle that weighs something and from which the answer can
 * still come; the trigger is the nearest request from which such a cycle is reached, the way into
 * it a shortest one, and the cycle the shortest weighing one through its first state.
 */
function expectPostponingLasso(c: Case, g: LabeledGraph, weights: readonly number[], lasso: Lasso): void {
  expect(lasso.start).toBe(0);
  const states = walk(g, 0, [...lasso.prefix, ...lasso.cycle]);
  expect(c.p[states[lasso.trigger]]).toBe(true);
  for (const s of states.slice(lasso.trigger)) expect(c.q[s]).toBe(false);
  const first = states[lasso.prefix.length];
  expect(states.at(-1)).toBe(first);
  const cycle = lasso.cycle.map((e) => caseIndex(c, g, e));
  expect(cycle.some((i) => weights[i] === 1)).toBe(true);
  const notQ = (s: number) => !c.q[s];
  const postponing = (s: number) => notQ(s) && shortestWeighingWalk(c, weights, s) < Infinity && [...reach(c, [s], () => true)].some((t) => c.q[t]);
  expect(postponing(first)).toBe(true);
  expect(cycle.length).toBe(shortestWeighingWalk(c, weights, first));
  const leadsIn = (s: number) => [...reach(c, [s], notQ)].some(postponing);
  const d = distances(c);
  const nearest = Math.min(...Array.from({ length: c.n }, (_, s) => s).filter((s) => c.p[s] && notQ(s) && leadsIn(s)).map((s) => d[s]));
  expect(lasso.trigger).toBe(nearest);
  // From the trigger, a shortest unanswered path to a postponing state.
  let layer = [states[lasso.trigger]];
  const seen = new Set(layer);
  let steps = 0;
  while (!layer.some(postponing)) {
    layer = layer.flatMap((s) => c.edges.filter(([a, b]) => a === s && notQ(b) && !seen.has(b) && seen.add(b)).map(([, b]) => b));
    steps++;
  }
  expect(lasso.prefix.length - lasso.trigger).toBe(steps);
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
          if (!r.bounded) expectFairLasso(c, g, r.lasso);
          return;
        }
        // Simple paths weigh at most n; a walk longer than that went round a weighing cycle.
        const long = longestWalks(c, weights, c.n * (c.n + 3));
        const worst = Math.max(-1, ...requests.map((s) => long[s]));
        if (worst > c.n) {
          expect(r).toMatchObject({ bounded: false, why: 'postponed by a cycle' });
          if (!r.bounded) expectPostponingLasso(c, g, weights, r.lasso);
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

  it('a postponing lasso starts at the nearest request that reaches such a cycle, enters it by a shortest path, and goes round the shortest weighing cycle (1,000 graphs, seed 18)', () => {
    // Every transition its own strongly fair group, so that a cycle with a way out is unfair and leads-to mostly
    // holds; the last state answers and stays. Postponed lassos are then common.
    const postponable = fc.integer({ min: 2, max: 6 }).chain((n) =>
      fc.record({
        pairs: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 2 }), fc.integer({ min: 0, max: n - 1 })), { minLength: n, maxLength: 2 * n }),
        weights: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: 3 * n, maxLength: 3 * n }),
        p: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
        n: fc.constant(n),
      }),
    );
    let postponed = 0;
    for (const { n, pairs, p, weights } of fc.sample(postponable, { numRuns: 1000, seed: 18 })) {
      const edges = [...pairs, [n - 1, n - 1] as const].map(([a, b], i) => [a, b, i] as const);
      const c: Case = { n, edges, kinds: edges.map(() => 'strong' as const), p, q: Array.from({ length: n }, (_, s) => s === n - 1) };
      const g = graphOf(c);
      const w = weights.slice(0, edges.length);
      const r = responseBound(g, [0], mask(c.p), mask(c.q), graphWeights(c, g, w), { kinds: c.kinds });
      if (r.bounded || r.why !== 'postponed by a cycle') continue;
      postponed++;
      expectPostponingLasso(c, g, w, r.lasso);
    }
    expect(postponed).toBe(194);
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
    // From the request in state 0, round 0 → 1 → 0 as often as you like (the cycle starts at the nearest request).
    expect(r).toEqual({ bounded: false, why: 'postponed by a cycle', lasso: { start: 0, prefix: [], trigger: 0, cycle: [0, 2] } });
    // Without fairness for our thread, it may never be answered at all.
    expect(responseBound(g, [0], Uint8Array.of(1, 1, 0), Uint8Array.of(0, 0, 1), new Uint8Array(4).fill(1), { kinds: ['none', 'weak'] })).toMatchObject({ bounded: false, why: 'never answered' });
  });
});
