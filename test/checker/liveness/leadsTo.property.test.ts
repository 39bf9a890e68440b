/**
 * `decideLeadsTo` against a brute-force reference on small random graphs. The reference knows
 * nothing of components: an infinite path is fair exactly when the set of transitions it takes
 * infinitely often is fair, and any strongly connected set of transitions is the set of some
 * infinite path; so it enumerates every subset of transitions, keeps the strongly connected ones
 * inside ¬q that a ¬q path reaches from a p state, and judges each by the definitions of weak and
 * strong fairness. A deadlock inside ¬q counts as a fair end (the path stays there).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { graphFromEdges, type Fairness, type LabeledGraph } from '../../../checker/liveness/labeledGraph.js';
import { decideLeadsTo } from '../../../checker/liveness/leadsTo.js';
import { expectFairLasso } from './lassoChecks.js';
import { arbitraryCase, distances, doomedTriggers, graphOf, mask } from './reference.js';

describe('p ~> q under weak and strong fairness, against brute force over every set of transitions', () => {
  it('agrees with the reference on random graphs, and each lasso is a fair path from a shortest trigger', () => {
    fc.assert(
      fc.property(arbitraryCase, (c) => {
        const g = graphOf(c);
        const fairness: Fairness = { kinds: c.kinds };
        const outcome = decideLeadsTo(g, [0], mask(c.p), mask(c.q), fairness);
        const triggers = doomedTriggers(c);
        expect(outcome.holds).toBe(triggers.size === 0);
        if (!outcome.holds) {
          expectFairLasso(c, g, outcome.lasso);
          const d = distances(c);
          expect(outcome.lasso.trigger).toBe(Math.min(...[...triggers].map((s) => d[s])));
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('a thread spinning beside another that could move: weak fairness makes the other move, none does not', () => {
    // State 0: thread 0 spins, thread 1 may go to state 1 (q).
    const g = graphFromEdges(2, [[0, 0, 0], [0, 1, 1], [1, 1, 0]]);
    const p = Uint8Array.of(1, 0);
    const q = Uint8Array.of(0, 1);
    expect(decideLeadsTo(g, [0], p, q, { kinds: ['weak', 'weak'] })).toEqual({ holds: true });
    expect(decideLeadsTo(g, [0], p, q, { kinds: ['weak', 'none'] })).toEqual({ holds: false, lasso: { start: 0, prefix: [], trigger: 0, cycle: [0] } });
  });

  it('a group enabled only now and then: weak fairness allows it to be ignored for ever, strong fairness does not', () => {
    // 0 ⇄ 1 by thread 0; in state 1 only, thread 1 may go to state 2 (q).
    const g = graphFromEdges(3, [[0, 1, 0], [1, 0, 0], [1, 2, 1]]);
    const p = Uint8Array.of(1, 0, 0);
    const q = Uint8Array.of(0, 0, 1);
    const weak = decideLeadsTo(g, [0], p, q, { kinds: ['weak', 'weak'] });
    expect(weak).toEqual({ holds: false, lasso: { start: 0, prefix: [], trigger: 0, cycle: [0, 1] } });
    expect(decideLeadsTo(g, [0], p, q, { kinds: ['weak', 'strong'] })).toEqual({ holds: true });
  });

  it('a deadlock before q breaks leads-to whatever the fairness: the lasso ends there with no cycle', () => {
    const g = graphFromEdges(3, [[0, 1, 0], [0, 2, 0]]);
    const outcome = decideLeadsTo(g, [0], Uint8Array.of(1, 0, 0), Uint8Array.of(0, 0, 1), { kinds: ['strong'] });
    expect(outcome).toEqual({ holds: false, lasso: { start: 0, prefix: [0], trigger: 0, cycle: [] } });
  });
});
