/**
 * `bounded` under symmetry reduction: the verdict is decided on the reduced graph as on the
 * unreduced one, and a growth witness (a repeatable segment that keeps the measure growing) is
 * found on the concrete trace mapped back from the canonical states, through the unreduced model.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { replay } from '../../../checker/replay.js';
import { defineModel } from '../../../model/core/model.js';
import { array, int, record, type Infer } from '../../../model/core/shape/index.js';
import { bounded } from '../../../properties/index.js';

const PRODUCERS = 3;
const shape = record({ pc: array(PRODUCERS, int(0, 1)), items: int(0, 12) });
type S = Infer<typeof shape>;
type A = { readonly kind: 'Produce' | 'Reset'; readonly p: number };

/**
 * Interchangeable producers: each, in turn of its own, readies an item (pc 0 → 1) and queues it
 * (pc 1 → 0, items + 1). With `consumer`, a consumer empties the queue whenever it holds three, so
 * the queue is bounded by 3; without, it grows as long as the shape lets it.
 */
function producers(consumer: boolean) {
  return defineModel<S, A>({
    name: `producers(consumer=${consumer})`,
    shape,
    init: () => [{ pc: Array.from({ length: PRODUCERS }, () => 0), items: 0 }],
    actions: (s) => {
      const out: A[] = [];
      for (let p = 0; p < PRODUCERS; p++) if (s.items < 12 && (!consumer || s.items < 3)) out.push({ kind: 'Produce', p });
      if (consumer && s.items === 3) out.push({ kind: 'Reset', p: 0 });
      return out;
    },
    next: (s, a) => {
      if (a.kind === 'Reset') return { pc: s.pc, items: 0 };
      const pc = s.pc.slice();
      pc[a.p] = 1 - pc[a.p];
      return { pc, items: s.pc[a.p] === 1 ? s.items + 1 : s.items };
    },
    properties: [bounded('at most 2 items queued', (s) => s.items, 2, 'item')],
    symmetry: {
      groups: [Array.from({ length: PRODUCERS }, (_, i) => i)],
      permute: (s, perm) => {
        const pc = s.pc.slice();
        for (let i = 0; i < PRODUCERS; i++) pc[perm[i]] = s.pc[i];
        return { pc, items: s.items };
      },
    },
  });
}

describe('bounded under symmetry reduction', () => {
  it.each([
    [true, 'violated', 6],
    [false, 'unbounded', 6],
  ] as const)('consumer %s: %s, as without the reduction, on a concrete trace of %i steps to the bound', (consumer, status, steps) => {
    const m = producers(consumer);
    const plain = check(m);
    const reduced = check(m, { symmetry: true });
    expect(reduced.stats.distinct).toBeLessThan(plain.stats.distinct);
    const v = reduced.verdicts['at most 2 items queued'];
    const p = plain.verdicts['at most 2 items queued'];
    expect([v.status, p.status]).toEqual([status, status]);
    if ((v.status !== 'violated' && v.status !== 'unbounded') || (p.status !== 'violated' && p.status !== 'unbounded')) return;
    expect(replay(m, v.trace.path).steps).toHaveLength(v.trace.steps.length);
    if (v.status === 'unbounded' && p.status === 'unbounded') {
      // The witness repeats a segment past the bound: the trace to the bound and then the growth rounds.
      expect(v.growth.measures.at(-1)!).toBeGreaterThan(2);
      expect([v.growth.prefixSteps, p.growth.prefixSteps]).toEqual([steps, steps]);
      expect(v.trace.steps.length).toBe(p.trace.steps.length);
    } else {
      expect(v.trace.steps).toHaveLength(steps);
      expect(p.trace.steps).toHaveLength(steps);
    }
  });
});
