/**
 * Symmetry reduction on random symmetric models: threads of two kinds, each kind running one
 * random program over its local state, a lock one thread may hold (its id is renamed with it)
 * and a shared counter, with an invariant, a witness, a bound on the threads away from their
 * first local state and deadlock freedom. Whatever the programs, whatever the signature, the
 * reduced search stores exactly the brute-force number of orbits, decides every property as the
 * unreduced search does, and its counterexamples replay and are as short.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { replay } from '../../../checker/replay.js';
import { defineModel, type Model } from '../../../model/core/model.js';
import { array, int, record, type Infer } from '../../../model/core/shape/index.js';
import { always, bounded, deadlockFree, sometimes } from '../../../properties/index.js';
import { bruteForceOrbits } from './bruteForceOrbits.js';

type Effect = 'none' | 'acquire' | 'release' | 'inc';
/** A program: per local state, its moves (the local state after, and what it does to the shared part). */
type Program = readonly (readonly { readonly to: number; readonly effect: Effect }[])[];

const LOCALS = 3;
const COUNT_MAX = 2;

const program = fc.array(fc.array(fc.record({ to: fc.integer({ min: 0, max: LOCALS - 1 }), effect: fc.constantFrom<Effect>('none', 'acquire', 'release', 'inc') }), { maxLength: 2 }), {
  minLength: LOCALS,
  maxLength: LOCALS,
});

/**
 * Signatures: none (every permutation tried), `fine` (local state and whether the thread holds
 * the lock: tied threads are identical) or `coarse` (whether it holds the lock: tied threads
 * differ, and every order of them must be tried).
 */
type Signature = 'none' | 'fine' | 'coarse';

function randomModel(kinds: readonly [number, number], programs: readonly [Program, Program], signature: Signature) {
  const T = kinds[0] + kinds[1];
  const shape = record({ local: array(T, int(0, LOCALS - 1)), holder: int(0, T), count: int(0, COUNT_MAX) });
  type S = Infer<typeof shape>;
  type A = { readonly kind: 'Move'; readonly t: number; readonly j: number };
  const programOf = (t: number) => programs[t < kinds[0] ? 0 : 1];
  const enabled = (s: S, t: number, effect: Effect) =>
    effect === 'acquire' ? s.holder === 0 : effect === 'release' ? s.holder === t + 1 : effect === 'inc' ? s.count < COUNT_MAX : true;
  const model: Model<S, A> = defineModel<S, A>({
    name: `random(${kinds.join('+')})`,
    shape,
    init: () => [{ local: Array.from({ length: T }, () => 0), holder: 0, count: 0 }],
    actions: (s) => {
      const out: A[] = [];
      for (let t = 0; t < T; t++) programOf(t)[s.local[t]].forEach((m, j) => enabled(s, t, m.effect) && out.push({ kind: 'Move', t, j }));
      return out;
    },
    next: (s, a) => {
      const m = programOf(a.t)[s.local[a.t]][a.j];
      const local = s.local.slice();
      local[a.t] = m.to;
      const holder = m.effect === 'acquire' ? a.t + 1 : m.effect === 'release' ? 0 : s.holder;
      return { local, holder, count: m.effect === 'inc' ? s.count + 1 : s.count };
    },
    properties: [
      always('the counter stays below its top', (s) => s.count < COUNT_MAX),
      bounded('threads away from their first local state', (s) => s.local.filter((l) => l !== 0).length, 1, 'thread'),
      sometimes('the lock is held', (s) => s.holder !== 0),
      deadlockFree({ validEnd: (s) => s.holder === 0 }),
    ],
    symmetry: {
      groups: [Array.from({ length: kinds[0] }, (_, i) => i), Array.from({ length: kinds[1] }, (_, i) => kinds[0] + i)].filter((g) => g.length > 0),
      permute: (s, perm) => {
        const local = s.local.slice();
        for (let t = 0; t < T; t++) local[perm[t]] = s.local[t];
        return { local, holder: s.holder === 0 ? 0 : perm[s.holder - 1] + 1, count: s.count };
      },
      ...(signature === 'fine' ? { signature: (s: S, t: number) => s.local[t] * 2 + (s.holder === t + 1 ? 1 : 0) } : {}),
      ...(signature === 'coarse' ? { signature: (s: S, t: number) => (s.holder === t + 1 ? 1 : 0) } : {}),
    },
  });
  return model;
}

describe('symmetry reduction on random symmetric models', () => {
  it('stores one state per orbit, keeps every verdict, and its counterexamples replay as short', () => {
    fc.assert(
      fc.property(fc.tuple(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 2 })), fc.tuple(program, program), fc.constantFrom<Signature>('none', 'fine', 'coarse'), (kinds, programs, signature) => {
        const model = randomModel(kinds, programs, signature);
        if (kinds[0] < 2 && kinds[1] < 2) {
          // No two threads are interchangeable: nothing to reduce, and the check says so.
          expect(() => check(model, { symmetry: true })).toThrow(/no group of two or more threads/);
          return;
        }
        const brute = bruteForceOrbits(model);
        const reduced = check(model, { symmetry: true });
        const plain = check(model);
        expect(reduced.modelError).toBeUndefined();
        expect(reduced.stats.distinct).toBe(brute.orbits);
        expect(plain.stats.distinct).toBe(brute.states);
        for (const { name } of model.properties) {
          const r = reduced.verdicts[name];
          const p = plain.verdicts[name];
          expect(r.status).toBe(p.status);
          if ('trace' in r && 'trace' in p && r.trace !== undefined && p.trace !== undefined) {
            expect(r.trace.steps.length).toBe(p.trace.steps.length);
            expect(replay(model, r.trace.path).steps.length).toBe(r.trace.steps.length);
          }
        }
      }),
      { numRuns: 60, seed: 19 },
    );
  });
});
