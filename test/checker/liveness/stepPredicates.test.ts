/**
 * Liveness over steps (`afterStep`): a premise or goal that is an action predicate. Checked
 * against the same property stated over states on a model that records, in its state, whether
 * its last step was a premise or a goal step (the textbook way to turn an action predicate into
 * a state predicate): the verdicts and the premise's place agree on random graphs, under weak and
 * strong fairness. And the claim it exists for: a call step whose reply step never comes, in a
 * model whose states cannot tell that a reply was sent.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { withStepFlags } from '../../../checker/liveness/stepFlags.js';
import { graphFromEdges } from '../../../checker/liveness/labeledGraph.js';
import { defineModel, type Model } from '../../../model/core/model.js';
import { bool, int, oneOf, record } from '../../../model/core/shape/index.js';
import { afterStep, leadsTo } from '../../../properties/index.js';

interface Edge {
  readonly from: number;
  readonly to: number;
  readonly group: number;
  readonly p: boolean;
  readonly q: boolean;
}
interface Case {
  readonly nodes: number;
  readonly edges: readonly Edge[];
  readonly kinds: readonly ('weak' | 'strong' | 'none')[];
  /** Premise over states (these nodes) instead of over steps, for the mixed case. */
  readonly premiseNodes?: readonly number[];
}

const arbitraryCase: fc.Arbitrary<Case> = fc
  .record({ nodes: fc.integer({ min: 1, max: 6 }), groups: fc.integer({ min: 1, max: 3 }) })
  .chain(({ nodes, groups }) =>
    fc.record({
      nodes: fc.constant(nodes),
      edges: fc.array(
        fc.record({
          from: fc.integer({ min: 0, max: nodes - 1 }),
          to: fc.integer({ min: 0, max: nodes - 1 }),
          group: fc.integer({ min: -1, max: groups - 1 }),
          p: fc.boolean(),
          q: fc.boolean(),
        }),
        { maxLength: 12 },
      ),
      kinds: fc.array(fc.constantFrom('weak' as const, 'strong' as const, 'none' as const), { minLength: groups, maxLength: groups }),
      premiseNodes: fc.option(fc.subarray([0, 1, 2, 3, 4, 5]), { nil: undefined }),
    }),
  );

type Walk = { readonly node: number };
type Go = { readonly kind: 'Go'; readonly e: number };
type Flagged = { readonly node: number; readonly lastP: boolean; readonly lastQ: boolean };

/** The walk over the graph, its premise and goal over steps (the premise over states in the mixed case). */
function overSteps(c: Case): Model<Walk, Go> {
  const out = (node: number) => c.edges.flatMap((e, i) => (e.from === node ? [{ kind: 'Go' as const, e: i }] : []));
  return defineModel<Walk, Go>({
    name: 'walk',
    shape: record({ node: int(0, c.nodes - 1) }),
    init: () => [{ node: 0 }],
    actions: (s) => out(s.node),
    next: (_s, a) => ({ node: c.edges[a.e].to }),
    fairness: { groups: c.kinds.map((kind, g) => ({ name: `g${g}`, kind })), groupOf: (_s, a) => c.edges[a.e].group },
    properties: [
      leadsTo<Walk, Go>(
        'p ~> q',
        c.premiseNodes !== undefined ? (s) => c.premiseNodes!.includes(s.node) : afterStep((_s, a) => c.edges[a.e].p),
        afterStep((_s, a) => c.edges[a.e].q),
      ),
    ],
  });
}

/** The same walk with the last step's kind kept in the state, and the property over states. */
function overStates(c: Case): Model<Flagged, Go> {
  const out = (node: number) => c.edges.flatMap((e, i) => (e.from === node ? [{ kind: 'Go' as const, e: i }] : []));
  return defineModel<Flagged, Go>({
    name: 'walk with flags',
    shape: record({ node: int(0, c.nodes - 1), lastP: bool(), lastQ: bool() }),
    init: () => [{ node: 0, lastP: false, lastQ: false }],
    actions: (s) => out(s.node),
    next: (_s, a) => ({ node: c.edges[a.e].to, lastP: c.edges[a.e].p, lastQ: c.edges[a.e].q }),
    fairness: { groups: c.kinds.map((kind, g) => ({ name: `g${g}`, kind })), groupOf: (_s, a) => c.edges[a.e].group },
    properties: [leadsTo<Flagged, Go>('p ~> q', c.premiseNodes !== undefined ? (s) => c.premiseNodes!.includes(s.node) : (s) => s.lastP, (s) => s.lastQ)],
  });
}

describe('leads-to over steps', () => {
  it('agrees with the property over states on a model that records its last step, on random graphs (the verdict and where the premise holds)', () => {
    let violated = 0;
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const a = check(overSteps(c)).verdicts['p ~> q'];
        const b = check(overStates(c)).verdicts['p ~> q'];
        expect(a.status).toBe(b.status);
        if (a.status === 'violated' && b.status === 'violated') {
          violated++;
          expect(a.premiseAt).toBe(b.premiseAt);
          // Read on the model that records its last step, the lasso over steps is a counterexample
          // there too: the premise holds where it says, no goal step comes after it, and the cycle
          // closes on the same recorded state (a deadlock end: no step leaves the last state).
          const flagged = [{ node: 0, lastP: false, lastQ: false }];
          for (const step of a.trace.steps) {
            const e = c.edges[step.action.e];
            flagged.push({ node: e.to, lastP: e.p, lastQ: e.q });
          }
          const at = a.premiseAt!;
          expect(c.premiseNodes !== undefined ? c.premiseNodes.includes(flagged[at].node) : flagged[at].lastP).toBe(true);
          expect(flagged.slice(at).some((f) => f.lastQ)).toBe(false);
          const loop = a.trace.loop!;
          // (The analysis tells states apart by the flags its predicates use: the premise's only when it is over steps.)
          const seen = (f: Flagged) => ({ node: f.node, lastQ: f.lastQ, ...(c.premiseNodes === undefined ? { lastP: f.lastP } : {}) });
          if (loop < a.trace.steps.length) expect(seen(flagged[loop])).toEqual(seen(flagged[flagged.length - 1]));
          else expect(c.edges.some((e) => e.from === flagged[loop].node)).toBe(false);
        }
      }),
      { numRuns: 1500, seed: 18 },
    );
    // The sample exercises both answers.
    expect(violated).toBeGreaterThan(200);
    expect(violated).toBeLessThan(1400);
  }, 120_000);

  it('every Call step is answered by a Reply step: a server that may drop a request never answers it, though its states look the same either way', () => {
    type S = { readonly server: 'idle' | 'busy' };
    type A = { readonly kind: 'Call' | 'Reply' | 'Drop' };
    const server = (drops: boolean) =>
      defineModel<S, A>({
        name: `server(drops=${drops})`,
        shape: record({ server: oneOf('idle', 'busy') }),
        init: () => [{ server: 'idle' }],
        actions: (s) => (s.server === 'idle' ? [{ kind: 'Call' }] : drops ? [{ kind: 'Reply' }, { kind: 'Drop' }] : [{ kind: 'Reply' }]),
        next: (s, a) => ({ server: a.kind === 'Call' ? 'busy' : 'idle' }),
        fairness: { groups: [{ name: 'server', kind: 'weak' }], groupOf: () => 0 },
        properties: [leadsTo<S, A>('every Call is answered', afterStep((_s, a) => a.kind === 'Call'), afterStep((_s, a) => a.kind === 'Reply'))],
      });
    expect(check(server(false)).verdicts['every Call is answered']).toEqual({ status: 'holds' });
    const v = check(server(true)).verdicts['every Call is answered'];
    expect(v.status).toBe('violated');
    if (v.status !== 'violated') return;
    // Call (the premise step), then Drop and Call for ever: two steps, looping back to the state after the first Call.
    expect(v.trace.steps.map((s) => s.action.kind)).toEqual(['Call', 'Drop', 'Call']);
    expect(v.premiseAt).toBe(1);
    expect(v.trace.loop).toBe(1);
  });

  it('splits a state entered both by a premise step and otherwise: only the copy entered by the premise step carries it', () => {
    // 0 → 1 by a premise step, 0 → 1 by another, 1 → 0.
    const f = withStepFlags(graphFromEdges(2, [[0, 1, 0], [0, 1, 0], [1, 0, 0]]), Uint8Array.of(1, 0, 0), undefined);
    expect([...f.stateOf]).toEqual([0, 1, 1]);
    expect([...f.afterPremise]).toEqual([0, 0, 1]);
    expect([...f.graph.targets]).toEqual([2, 1, 0, 0]);
    expect([...f.edgeOf]).toEqual([0, 1, 2, 2]);
  });
});
