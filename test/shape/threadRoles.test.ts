/**
 * Thread roles in shapes: `threadId`, `perThread` and `perThreadRecord` encode exactly as the
 * plain shapes they wrap, the renaming derived from them moves per-thread parts and renames ids
 * (and shares what has no role), and the derived signatures travel with their threads under
 * every renaming.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { array, bool, int, oneOf, optional, queue, record, StateCodec } from '../../model/core/shape/index.js';
import { perThread, perThreadRecord, threadId } from '../../model/core/shape/roles.js';
import { compileRenaming, compileSignatures } from '../../model/core/shape/threadRenaming.js';
import { arbitraryOf } from '../../model/core/shape/arbitrary.js';

const T = 3;
const withRoles = record({
  pos: perThreadRecord({ a: oneOf('idle', 'calling'), b: oneOf('idle', 'calling'), c: oneOf('idle', 'calling') }),
  tcb: perThread(T, record({ state: oneOf('run', 'wait'), caller: threadId(T), then: threadId(T, -1) })),
  ready: queue(T, threadId(T, 1)),
  eps: array(2, record({ queue: queue(T, threadId(T, 1)) })),
  owner: optional(record({ by: threadId(T, 1), value: int(0, 2) })),
  flag: bool(),
});
const plain = record({
  pos: record({ a: oneOf('idle', 'calling'), b: oneOf('idle', 'calling'), c: oneOf('idle', 'calling') }),
  tcb: array(T, record({ state: oneOf('run', 'wait'), caller: int(0, T), then: int(-1, T) })),
  ready: queue(T, int(1, T)),
  eps: array(2, record({ queue: queue(T, int(1, T)) })),
  owner: optional(record({ by: int(1, T), value: int(0, 2) })),
  flag: bool(),
});
const PERMS = [
  [0, 1, 2],
  [1, 0, 2],
  [0, 2, 1],
  [2, 1, 0],
  [1, 2, 0],
  [2, 0, 1],
];

describe('thread roles', () => {
  it('encode every value exactly as the plain shapes do', () => {
    const a = new StateCodec(withRoles);
    const b = new StateCodec(plain);
    fc.assert(
      fc.property(arbitraryOf(plain), (v) => {
        expect([...a.encode(v)]).toEqual([...b.encode(v)]);
      }),
      { numRuns: 300, seed: 5 },
    );
  });

  it('rename ids and move per-thread parts, sharing the parts without roles', () => {
    const rename = compileRenaming(withRoles);
    const v = {
      pos: { a: 'calling', b: 'idle', c: 'idle' },
      tcb: [
        { state: 'wait', caller: 0, then: -1 },
        { state: 'run', caller: 1, then: 3 },
        { state: 'run', caller: 0, then: 0 },
      ],
      ready: [2, 3],
      eps: [{ queue: [1] }, { queue: [] }],
      owner: { by: 1, value: 2 },
      flag: true,
    } as const;
    // Thread 1 (index 0) becomes thread 2, thread 2 becomes thread 3, thread 3 becomes thread 1.
    const u = rename(v, [1, 2, 0]);
    expect(u).toEqual({
      pos: { a: 'idle', b: 'calling', c: 'idle' },
      tcb: [
        { state: 'run', caller: 0, then: 0 },
        { state: 'wait', caller: 0, then: -1 },
        { state: 'run', caller: 2, then: 1 },
      ],
      ready: [3, 1],
      eps: [{ queue: [2] }, { queue: [] }],
      owner: { by: 2, value: 2 },
      flag: true,
    });
    expect(Object.keys(u.pos)).toEqual(['a', 'b', 'c']);
    const noRoles = { x: [1, 2] };
    expect(compileRenaming(record({ x: array(2, int(0, 3)) }))(noRoles, [1, 0])).toBe(noRoles);
  });

  it('give signatures that travel with their threads under every renaming', () => {
    const rename = compileRenaming(withRoles);
    const sign = compileSignatures(withRoles);
    const before = new Float64Array(T);
    const after = new Float64Array(T);
    let told = 0;
    fc.assert(
      fc.property(arbitraryOf(withRoles), fc.constantFrom(...PERMS), (v, perm) => {
        sign(v, before);
        sign(rename(v, perm), after);
        for (let i = 0; i < T; i++) expect(after[perm[i]]).toBe(before[i]);
        if (new Set(before).size > 1) told++;
      }),
      { numRuns: 500, seed: 11 },
    );
    // They are not all alike: most random states tell some threads apart.
    expect(told).toBeGreaterThan(250);
  });
});
