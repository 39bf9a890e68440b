/**
 * The canonical form's answers when a state cannot be renamed, in signature mode with no tied
 * threads (one candidate renaming, encoded straight into the caller's buffer) and with ties
 * (every order of the tied threads tried): the same codes and messages either way.
 */
import { describe, expect, it } from 'vitest';
import { Canonicalizer, PERMUTE_FAILED } from '../../../checker/symmetry/canonical.js';
import type { Symmetry } from '../../../model/core/model.js';
import { StateCodec } from '../../../model/core/shape/codec.js';
import { array, int, record, type Infer } from '../../../model/core/shape/index.js';

const shape = record({ pc: array(2, int(0, 3)) });
type S = Infer<typeof shape>;
const codec = new StateCodec(shape);
const swap = (s: S, perm: readonly number[]): S => {
  const pc = s.pc.slice();
  pc[perm[0]] = s.pc[0];
  pc[perm[1]] = s.pc[1];
  return { pc };
};
const symmetry = (permute: Symmetry<S>['permute']): Symmetry<S> => ({ groups: [[0, 1]], permute, signature: (s, t) => s.pc[t] });
const canonical = (sym: Symmetry<S>, s: S) => {
  const canon = new Canonicalizer(codec, sym);
  const words = new Uint32Array(codec.words);
  return { code: canon.encodeHashAt(s, words, 0), problem: canon.problem, words };
};

describe('the canonical form in signature mode', () => {
  it('sorts the threads by signature: [2, 1] and [1, 2] have one form, that of [1, 2]', () => {
    const a = canonical(symmetry(swap), { pc: [2, 1] });
    const b = canonical(symmetry(swap), { pc: [1, 2] });
    expect(a.code).toBeGreaterThanOrEqual(0);
    expect([...a.words]).toEqual([...b.words]);
    expect([...a.words]).toEqual([...codec.encode({ pc: [1, 2] })]);
  });

  it.each<[string, S]>([
    ['no tie', { pc: [2, 1] }],
    ['a tie', { pc: [1, 1] }],
  ])('names a permute that throws (%s)', (_what, s) => {
    const r = canonical(
      symmetry(() => {
        throw new Error('no renaming today');
      }),
      s,
    );
    expect(r.code).toBe(PERMUTE_FAILED);
    expect(r.problem).toMatch(/^symmetry\.permute\(state, \[1, 0\]\) threw: no renaming today/);
  });

  it.each<[string, S]>([
    ['no tie', { pc: [2, 1] }],
    ['a tie', { pc: [1, 1] }],
  ])('names a permute that leaves the shape (%s)', (_what, s) => {
    const r = canonical(symmetry(() => ({ pc: [9, 9] })), s);
    expect(r.code).toBe(PERMUTE_FAILED);
    expect(r.problem).toBe('symmetry.permute(state, [1, 0]) returned a state outside the declared shape');
  });

  it('says -1 for a state outside its shape, not a failed renaming', () => {
    expect(canonical(symmetry(swap), { pc: [9, 1] }).code).toBe(-1);
    expect(canonical(symmetry(() => ({ pc: [9, 9] })), { pc: [9, 1] }).code).toBe(-1);
  });
});
