/**
 * A renaming that breaks its contract only deep in the state space, past the start-up sample, is
 * still caught: the states re-expanded to check determinism are also renamed and expanded, and
 * their successors compared orbit by orbit (model error IPC008, with the trace to the state).
 * Without those checks the reduced search would count the wrong number of states.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { defineModel } from '../../../model/core/model.js';
import { array, int, record, type Infer } from '../../../model/core/shape/index.js';
import { always, sometimes } from '../../../properties/index.js';
import { SAMPLE_STATES } from '../../../checker/symmetry/sampleCheck.js';
import { bruteForceOrbits } from './bruteForceOrbits.js';

const N = 700;
const shape = record({ pc: array(2, int(0, 1)), c: int(0, N) });
type S = Infer<typeof shape>;
type A = { readonly kind: 'Toggle' | 'Jump'; readonly t: number };

/**
 * Two threads count to N together, each toggling its bit; near the end thread 0 alone may jump
 * to the top when its bit is clear, so the threads are not interchangeable, though the model
 * declares them so. The difference shows only at counts past N − 10, some 2,800 states deep.
 */
const lopsided = defineModel<S, A>({
  name: 'lopsided',
  shape,
  init: () => [{ pc: [0, 0], c: 0 }],
  actions: (s) => {
    const out: A[] = [];
    if (s.c < N) for (let t = 0; t < 2; t++) out.push({ kind: 'Toggle', t });
    if (s.c >= N - 10 && s.c < N && s.pc[0] === 0) out.push({ kind: 'Jump', t: 0 });
    return out;
  },
  next: (s, a) => {
    if (a.kind === 'Jump') return { pc: s.pc, c: N };
    const pc = s.pc.slice();
    pc[a.t] = 1 - pc[a.t];
    return { pc, c: s.c + 1 };
  },
  properties: [always('the count stays in range', (s) => s.c <= N)],
  symmetry: {
    groups: [[0, 1]],
    permute: (s, perm) => {
      const pc = s.pc.slice();
      pc[perm[0]] = s.pc[0];
      pc[perm[1]] = s.pc[1];
      return { pc, c: s.c };
    },
  },
});

/**
 * The same two threads, now truly interchangeable (no jump), with a property that tells them
 * apart only near the end: whether thread 0's bit is set while thread 1's is clear past N − 10.
 * Reduced, its verdict would depend on which of the two renamings the canonical form keeps.
 */
const partial = defineModel<S, A>({
  name: 'partial',
  shape,
  init: () => [{ pc: [0, 0], c: 0 }],
  actions: (s) => (s.c < N ? [0, 1].map((t) => ({ kind: 'Toggle' as const, t })) : []),
  next: (s, a) => {
    const pc = s.pc.slice();
    pc[a.t] = 1 - pc[a.t];
    return { pc, c: s.c + 1 };
  },
  properties: [sometimes('thread 0 ahead near the end', (s) => s.c >= N - 10 && s.pc[0] === 1 && s.pc[1] === 0)],
  symmetry: lopsided.symmetry,
});

describe('the spot check of renamings during the search', () => {
  it('catches a property that tells the threads apart only past the start-up sample (IPC008, named)', () => {
    // The sample ends at about two states a count: far short of N − 10.
    expect(SAMPLE_STATES).toBeLessThan(N - 10);
    const r = check(partial, { symmetry: true });
    expect(r.modelError?.code).toBe('IPC008');
    expect(r.modelError?.message).toMatch(/^property 'thread 0 ahead near the end' is not symmetric: it holds in a state and not in the same state with threads renamed by \[1, 0\]/);
    expect((r.modelError?.state as S | undefined)?.c).toBeGreaterThanOrEqual(N - 10);
    // Without the reduction the property is simply witnessed.
    expect(check(partial).properties[0].verdict.status).toBe('witnessed');
  });

  it('catches a renaming that breaks its contract past the start-up sample (IPC008), at the default share of states', () => {
    const r = check(lopsided, { symmetry: true });
    expect(r.modelError?.code).toBe('IPC008');
    expect(r.modelError?.message).toMatch(/renaming threads does not commute with next\(\) here, so symmetry.permute \(or the groups\) breaks its contract/);
    expect((r.modelError?.state as S | undefined)?.c).toBeGreaterThanOrEqual(N - 10);
  });

  it('without it, the reduced search would miscount the orbits', () => {
    const brute = bruteForceOrbits(lopsided);
    const r = check(lopsided, { symmetry: true, reexpandEvery: 0 });
    expect(r.modelError).toBeUndefined();
    expect(r.stats.distinct).not.toBe(brute.orbits);
  });
});
