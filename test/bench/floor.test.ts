/**
 * The bench's floor search (the least a breadth-first search does through the model API) counts
 * what the checker counts, so that its rate is a rate over the same work.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { floorSearch } from '../../bench/floor.js';
import { check } from '../../checker/check.js';
import { dining } from '../../model/classic/dining.js';
import { l4Ipc } from '../../model/classic/l4Ipc.js';
import { arbitraryGraph, graphModel } from '../helpers/graphModel.js';

describe('floorSearch', () => {
  it('counts the 369 states and the transitions of L4Ipc C=2 S=2 R=2 P=2, as check does', () => {
    const model = l4Ipc();
    const floor = floorSearch(model, 369);
    const stats = check(model).stats;
    expect(floor.distinct).toBe(369);
    expect(floor.generated).toBe(stats.generated);
  });

  it('counts the 573 states of naive dining philosophers N=5, deadlocked states included', () => {
    const model = dining({ n: 5, lefty0: false });
    const floor = floorSearch(model, 1000);
    expect(floor.distinct).toBe(573);
    expect(floor.generated).toBe(check(model).stats.generated);
  });

  it('agrees with check on the distinct and generated counts of random graphs', () => {
    fc.assert(
      fc.property(arbitraryGraph(), (g) => {
        const model = graphModel(g);
        const stats = check(model).stats;
        const floor = floorSearch(model, g.nodes);
        return floor.distinct === stats.distinct && floor.generated === stats.generated;
      }),
      { numRuns: 50 },
    );
  });

  it('refuses a model with more states than its capacity, naming the fix', () => {
    expect(() => floorSearch(l4Ipc(), 368)).toThrow(/more than 368 states; give a larger capacity/);
  });
});
