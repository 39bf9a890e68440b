/**
 * The state codec: round trips, canonical and injective encodings, minimal widths, violations that
 * name the offending field, and the per-field diff and listing used by counterexamples.
 */
import fc from 'fast-check';
import { isDeepStrictEqual } from 'node:util';
import { describe, expect, it } from 'vitest';
import { arbitraryOf } from '../../model/core/shape/arbitrary.js';
import {
  array,
  bool,
  diffStates,
  int,
  oneOf,
  optional,
  queue,
  record,
  ShapeViolation,
  StateCodec,
  stateFields,
  type Shape,
} from '../../model/core/shape/index.js';
import { BitReader, BitWriter } from '../../model/core/shape/bits.js';
import { hashWords } from '../../model/core/shape/hash.js';

const RUNS = { numRuns: 200 };

/** Every constructor alone, at the edges of its parameters, and nested several levels deep. */
const shapes: [string, Shape<any>][] = [
  ['int(0, 3)', int(0, 3)],
  ['int(-5, 5)', int(-5, 5)],
  ['int(7, 7) (zero bits)', int(7, 7)],
  ['int(0, 2^32-1) (a full word)', int(0, 2 ** 32 - 1)],
  ['int(-2^31, 2^31-1)', int(-(2 ** 31), 2 ** 31 - 1)],
  ['int(2^40, 2^40+5) (far from zero)', int(2 ** 40, 2 ** 40 + 5)],
  ['bool()', bool()],
  ['oneOf of five strings', oneOf('a', 'b', 'c', 'd', 'e')],
  ['oneOf of mixed literals', oneOf(1, 'one', 2, 'two')],
  ['oneOf of one value (zero bits)', oneOf('only')],
  ['array(3, int(0, 2))', array(3, int(0, 2))],
  ['array(0, bool())', array(0, bool())],
  ['queue(3, int(0, 1))', queue(3, int(0, 1))],
  ['queue(0, bool())', queue(0, bool())],
  ['optional(int(0, 3))', optional(int(0, 3))],
  ['optional(optional(bool()))', optional(optional(bool()))],
  ['record of leaves', record({ a: int(0, 3), b: bool(), c: oneOf('x', 'y') })],
  ['record({}) (zero bits)', record({})],
  [
    'record of arrays of optionals of queues',
    record({ slots: array(3, optional(queue(3, oneOf('x', 'y', 'z')))), owner: optional(int(0, 4)), flags: array(2, bool()) }),
  ],
  [
    'queue of records of arrays',
    queue(4, record({ sender: int(0, 2), payload: array(2, int(0, 9)), reply: optional(record({ ok: bool() })) })),
  ],
  // Wider than one word, so fields straddle 32-bit word boundaries.
  ['array(10, int(0, 2^20)) (many words)', array(10, int(0, 2 ** 20))],
  ['array(5, record of a 31-bit and a 3-bit field)', array(5, record({ big: int(0, 2 ** 31 - 1), small: int(0, 7) }))],
  ['array(3, array(2, queue(2, optional(int(-1, 1)))))', array(3, array(2, queue(2, optional(int(-1, 1)))))],
  // Long enough that a compiled codec loops instead of unrolling, and oneOf lists long enough
  // for a lookup table instead of a comparison chain.
  ['array(20, int(0, 5))', array(20, int(0, 5))],
  ['queue(20, int(0, 3))', queue(20, int(0, 3))],
  ['oneOf of 20 mixed literals', oneOf(...Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? i : `v${i}`)))],
  ['array(17, queue(3, optional(int(-1, 1))))', array(17, queue(3, optional(int(-1, 1))))],
  ['queue(18, record({ a: bool(), b: array(17, int(0, 2)) }))', queue(18, record({ a: bool(), b: array(17, int(0, 2)) }))],
  ['array(17, optional(oneOf of 14 strings))', array(17, optional(oneOf(...Array.from({ length: 14 }, (_, i) => `s${i}`))))],
  ['record of a 33-bit prefix then loops', record({ x: int(0, 2 ** 32 - 1), y: bool(), q: queue(19, int(0, 2 ** 20)), r: array(18, bool()) })],
];

/** The interpretive encoding (each shape's own `write`): the reference any faster codec must match. */
function interpretiveEncode<T>(shape: Shape<T>, v: T): Uint32Array {
  const words = Math.max(1, Math.ceil(shape.bits / 32));
  const w = new BitWriter(new Uint32Array(words + 1));
  shape.write(v, w);
  return w.words.slice(0, words);
}

/** The error a function throws, or undefined. */
function thrown(f: () => unknown): unknown {
  try {
    f();
    return undefined;
  } catch (e) {
    return e;
  }
}

/** Values that a model might wrongly put anywhere in a state. */
const JUNK: unknown[] = [undefined, null, NaN, Infinity, -Infinity, -1, 0, -0, 1, 1.5, 2, 3, 2 ** 31, 2 ** 32, 2 ** 40, '0', 'a', 'x', 's1', 'v1', true, false, [], [0], {}];

/** Every sub-value of `v` (objects and arrays), as key paths; the root is `[]`. */
function paths(v: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out = [prefix];
  if (Array.isArray(v)) v.forEach((x, i) => out.push(...paths(x, [...prefix, i])));
  else if (v !== null && typeof v === 'object') for (const [k, x] of Object.entries(v)) out.push(...paths(x, [...prefix, k]));
  return out;
}

/**
 * `v` with the sub-value at `path` replaced (or, for `'delete'`, removed; for `'push'`, an array
 * grown by one; for `'extra'`, an object given one more field).
 */
function mutate(v: unknown, path: (string | number)[], edit: { junk: unknown } | 'delete' | 'push' | 'extra'): unknown {
  if (path.length === 0) {
    if (edit === 'push') return Array.isArray(v) ? [...v, v[0] ?? 0] : v;
    if (edit === 'extra') return v !== null && typeof v === 'object' && !Array.isArray(v) ? { ...v, undeclared: 0 } : v;
    if (edit === 'delete') return undefined;
    return edit.junk;
  }
  const [head, ...rest] = path;
  const copy: any = Array.isArray(v) ? [...v] : { ...(v as object) };
  if (rest.length === 0 && edit === 'delete') {
    if (Array.isArray(copy)) copy.splice(head as number, 1);
    else delete copy[head];
    return copy;
  }
  copy[head] = mutate(copy[head], rest, edit);
  return copy;
}

const encode = <T>(shape: Shape<T>, v: T) => new StateCodec(shape).encode(v);
const sameWords = (a: Uint32Array, b: Uint32Array) => a.length === b.length && a.every((w, i) => w === b[i]);

describe.each(shapes)('%s', (_name, shape) => {
  const codec = new StateCodec(shape);

  it('decodes every encoded value back to an equal value', () => {
    fc.assert(
      fc.property(arbitraryOf(shape), (v) => {
        expect(codec.decode(codec.encode(v), 0)).toEqual(v);
      }),
      RUNS,
    );
  });

  it('returns from one encoding call the same hash hashWords gives for the words it wrote', () => {
    fc.assert(
      fc.property(arbitraryOf(shape), fc.nat(5), (v, offset) => {
        const buf = new Uint32Array(offset + codec.words + 2).fill(0xdeadbeef);
        const hash = codec.encodeHashAt(v, buf, offset);
        expect(hash).toBe(hashWords(buf, offset, codec.words));
      }),
      RUNS,
    );
  });

  it('decodes a value stored at any word offset, between other values, as the arena stores them', () => {
    fc.assert(
      fc.property(fc.array(arbitraryOf(shape), { minLength: 1, maxLength: 5 }), (vs) => {
        const arena = new Uint32Array(vs.length * codec.words);
        vs.forEach((v, i) => arena.set(codec.encode(v), i * codec.words));
        vs.forEach((v, i) => expect(codec.decode(arena, i * codec.words)).toEqual(v));
      }),
      { numRuns: 100 },
    );
  });

  it('gives equal words for equal values and distinct words for distinct values', () => {
    const pair = arbitraryOf(shape).chain((a) => fc.tuple(fc.constant(a), fc.oneof(fc.constant(structuredClone(a)), arbitraryOf(shape))));
    fc.assert(
      fc.property(pair, ([a, b]) => {
        expect(sameWords(codec.encode(a), codec.encode(b))).toBe(isDeepStrictEqual(a, b));
      }),
      RUNS,
    );
  });

  it('encodes and decodes exactly as the interpretive write and read do', () => {
    fc.assert(
      fc.property(arbitraryOf(shape), (v) => {
        const words = interpretiveEncode(shape, v);
        expect(codec.encode(v)).toEqual(words);
        expect(codec.decode(words, 0)).toEqual(shape.read(new BitReader(words, 0)));
      }),
      RUNS,
    );
  });

  it('accepts exactly the values the interpretive write accepts, and rejects the others with its message', () => {
    const broken = arbitraryOf(shape).chain((v) => {
      const ps = paths(v);
      return fc.tuple(
        fc.constant(v),
        fc.constantFrom(...ps),
        fc.oneof(
          fc.constantFrom(...JUNK).map((junk) => ({ junk })),
          fc.constant('delete' as const),
          fc.constant('push' as const),
          fc.constant('extra' as const),
        ),
      );
    });
    fc.assert(
      fc.property(broken, ([v, path, edit]) => {
        const bad = mutate(v, path, edit);
        const reference = thrown(() => interpretiveEncode(shape, bad));
        const got = thrown(() => codec.encode(bad));
        if (reference === undefined) {
          expect(got).toBeUndefined();
          expect(codec.encode(bad)).toEqual(interpretiveEncode(shape, bad));
        } else {
          expect(got).toBeInstanceOf(ShapeViolation);
          expect((got as ShapeViolation).message).toBe((reference as ShapeViolation).message);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('encodes into exactly ceil(bits / 32) words (at least one), whatever was encoded before', () => {
    expect(codec.words).toBe(Math.max(1, Math.ceil(shape.bits / 32)));
    fc.assert(
      fc.property(arbitraryOf(shape), arbitraryOf(shape), (a, b) => {
        const fresh = encode(shape, b);
        codec.encode(a); // leaves the scratch buffer dirty
        expect(codec.encode(b)).toEqual(fresh);
        expect(fresh.length).toBe(codec.words);
      }),
      { numRuns: 50 },
    );
  });
});

describe('oneOf with non-finite number literals', () => {
  // Number literals are any numbers; JSON has no Infinity, so they must not be compared through JSON.
  const shape = oneOf(Infinity, -Infinity, 1, 'x');
  const codec = new StateCodec(shape);

  it('round-trips ±Infinity like any other literal', () => {
    expect(codec.decode(codec.encode(Infinity), 0)).toBe(Infinity);
    expect(codec.decode(codec.encode(-Infinity), 0)).toBe(-Infinity);
  });

  it('rejects null, which is not one of the literals', () => {
    expect(() => codec.encode(null as never)).toThrow(ShapeViolation);
  });
});

describe('widths are minimal', () => {
  it.each([
    ['int(0, 3)', 2, int(0, 3)],
    ['int(0, 4)', 3, int(0, 4)],
    ['int(-4, 3)', 3, int(-4, 3)],
    ['int(7, 7)', 0, int(7, 7)],
    ['int(0, 2^32-1)', 32, int(0, 2 ** 32 - 1)],
    ['bool()', 1, bool()],
    ['oneOf of 2', 1, oneOf('x', 'y')],
    ['oneOf of 5', 3, oneOf('a', 'b', 'c', 'd', 'e')],
    ['oneOf of 1', 0, oneOf('a')],
    ['queue(3, int(0, 1)): 2 length bits + 3 slots', 2 + 3, queue(3, int(0, 1))],
    ['queue(4, int(0, 2)): 3 length bits + 4 × 2', 3 + 8, queue(4, int(0, 2))],
    ['array(4, int(0, 2))', 8, array(4, int(0, 2))],
    ['optional(int(0, 3)): presence bit + 2', 3, optional(int(0, 3))],
    ['record({ a: int(0, 3), b: bool(), c: oneOf of 5 })', 6, record({ a: int(0, 3), b: bool(), c: oneOf('a', 'b', 'c', 'd', 'e') })],
  ] as [string, number, Shape<unknown>][])('%s is %i bits', (_name, bits, shape) => {
    expect(shape.bits).toBe(bits);
  });

  it('packs a 33-bit state into two words and a 32-bit state into one', () => {
    expect(new StateCodec(record({ a: int(0, 2 ** 32 - 1), b: bool() })).words).toBe(2);
    expect(new StateCodec(record({ a: int(0, 2 ** 31 - 1), b: bool() })).words).toBe(1);
    expect(new StateCodec(record({})).words).toBe(1);
  });
});

describe('values outside the shape are rejected with the path of the field', () => {
  /** The ShapeViolation thrown by encoding `v`. */
  function violation<T>(shape: Shape<T>, v: unknown): ShapeViolation {
    try {
      encode(shape, v as T);
    } catch (e) {
      expect(e).toBeInstanceOf(ShapeViolation);
      return e as ShapeViolation;
    }
    throw new Error(`${JSON.stringify(v)} was accepted by ${shape.describe()}`);
  }

  const msg = record({
    a: int(0, 3),
    b: oneOf('x', 'y'),
    xs: array(2, bool()),
    q: queue(3, int(0, 1)),
    o: optional(int(0, 1)),
    inner: record({ n: int(-2, 2) }),
  });
  const ok = { a: 1, b: 'x', xs: [true, false], q: [1], o: null, inner: { n: 0 } };

  it('accepts the valid value the cases below start from', () => {
    expect(() => encode(msg, ok as never)).not.toThrow();
  });

  it.each([
    ['an int out of range', { ...ok, a: 4 }, 'state.a', 'state.a: 4 is outside int(0, 3)'],
    ['a negative int below its range', { ...ok, inner: { n: -3 } }, 'state.inner.n', 'state.inner.n: -3 is outside int(-2, 2)'],
    ['a non-integer', { ...ok, a: 1.5 }, 'state.a', 'state.a: 1.5 is outside int(0, 3)'],
    ['NaN', { ...ok, a: NaN }, 'state.a', 'state.a: NaN is outside int(0, 3)'],
    ['a numeric string for an int', { ...ok, a: '2' }, 'state.a', 'state.a: "2" is outside int(0, 3)'],
    ['an unknown oneOf literal', { ...ok, b: 'z' }, 'state.b', 'state.b: "z" is not one of oneOf("x", "y")'],
    ['an array of the wrong length', { ...ok, xs: [true] }, 'state.xs', 'state.xs: an array of length 1 is not array(2, bool())'],
    ['a non-boolean in an array', { ...ok, xs: [true, 1] }, 'state.xs[1]', 'state.xs[1]: 1 is not a boolean'],
    ['a queue over its maxLen', { ...ok, q: [0, 1, 0, 1] }, 'state.q', 'state.q: a queue of length 4 overflows queue(3, int(0, 1))'],
    ['a bad queue element', { ...ok, q: [0, 1, 2] }, 'state.q[2]', 'state.q[2]: 2 is outside int(0, 1)'],
    ['a missing record field', { a: 1, b: 'x', xs: [true, false], q: [], o: null }, 'state.inner', 'state.inner: field is missing'],
    ['an optional given undefined', { ...ok, o: undefined }, 'state.o', 'state.o: field is missing'],
    ['a bad value inside an optional', { ...ok, o: 2 }, 'state.o', 'state.o: 2 is outside int(0, 1)'],
    ['a nested record that is null', { ...ok, inner: null }, 'state.inner', 'state.inner: null is not a record'],
  ])('rejects %s', (_what, value, path, message) => {
    const e = violation(msg, value);
    expect(e.path).toBe(path);
    expect(e.message).toBe(message);
  });

  it('rejects undefined in an optional that is not a record field, pointing to null', () => {
    const e = violation(array(2, optional(int(0, 1))), [null, undefined]);
    expect(e.path).toBe('state[1]');
    expect(e.message).toBe('state[1]: undefined is not optional(int(0, 1)): use null for absent');
  });

  it('locates a violation deep in arrays of records of queues', () => {
    const shape = array(2, record({ inbox: queue(2, record({ from: int(0, 1) })) }));
    const e = violation(shape, [{ inbox: [] }, { inbox: [{ from: 0 }, { from: 5 }] }]);
    expect(e.path).toBe('state[1].inbox[1].from');
    expect(e.message).toBe('state[1].inbox[1].from: 5 is outside int(0, 1)');
  });

  it('names the root state when the state itself is a leaf', () => {
    const e = violation(int(0, 3), 7);
    expect(e.path).toBe('state');
    expect(e.problem).toBe('7 is outside int(0, 3)');
  });

  it('rejects a stored oneOf index or queue length beyond the declaration when reading interpretively', () => {
    expect(() => oneOf('a', 'b', 'c').read(new BitReader(new Uint32Array([3]), 0))).toThrow(ShapeViolation);
    // queue(2, bool()): 2 length bits, length 3 stored.
    expect(() => queue(2, bool()).read(new BitReader(new Uint32Array([3]), 0))).toThrow(ShapeViolation);
  });

  it('rejects malformed declarations with a RangeError', () => {
    expect(() => int(3, 1)).toThrow(RangeError);
    expect(() => int(0, 1.5)).toThrow(RangeError);
    expect(() => int(0, 2 ** 32)).toThrow(RangeError);
    expect(() => oneOf()).toThrow(RangeError);
    expect(() => oneOf('a', 'a')).toThrow(RangeError);
    expect(() => array(-1, bool())).toThrow(RangeError);
    expect(() => queue(1.5, bool())).toThrow(RangeError);
  });
});

describe('printing and diffing', () => {
  const shape = record({ a: int(0, 3), b: array(2, bool()), q: queue(2, int(0, 3)), o: optional(oneOf('x', 'y')) });
  const before = { a: 1, b: [false, true], q: [1], o: null };
  const after = { a: 2, b: [false, false], q: [1, 2], o: 'x' as const };

  it('diffStates lists exactly the changed leaves, queues as a whole', () => {
    expect(diffStates(shape, before, after)).toEqual([
      { path: 'a', before: '1', after: '2' },
      { path: 'b[1]', before: 'true', after: 'false' },
      { path: 'q', before: '⟨1⟩', after: '⟨1, 2⟩' },
      { path: 'o', before: '—', after: '"x"' },
    ]);
    expect(diffStates(shape, before, structuredClone(before))).toEqual([]);
  });

  it('diffStates descends into an optional present on both sides', () => {
    const s = record({ slot: optional(record({ owner: int(0, 3), busy: bool() })) });
    expect(diffStates(s, { slot: { owner: 1, busy: true } }, { slot: { owner: 2, busy: true } })).toEqual([{ path: 'slot.owner', before: '1', after: '2' }]);
    expect(diffStates(s, { slot: null }, { slot: { owner: 2, busy: true } })).toEqual([{ path: 'slot', before: '—', after: '{ owner: 2, busy: true }' }]);
  });

  it('stateFields lists every leaf with its path', () => {
    expect(stateFields(shape, before)).toEqual([
      ['a', '1'],
      ['b[0]', 'false'],
      ['b[1]', 'true'],
      ['q', '⟨1⟩'],
      ['o', '—'],
    ]);
    expect(stateFields(int(0, 3), 2)).toEqual([['state', '2']]);
  });

  it('shows a value on one line and describes the declaration as written', () => {
    expect(shape.show(after)).toBe('{ a: 2, b: [false, false], q: ⟨1, 2⟩, o: "x" }');
    expect(shape.describe()).toBe('record({ a: int(0, 3), b: array(2, bool()), q: queue(2, int(0, 3)), o: optional(oneOf("x", "y")) })');
  });
});

describe('fields the shape does not declare', () => {
  const shape = record({ n: int(0, 3), inner: array(2, record({ ok: bool() })) });
  const valid = { n: 1, inner: [{ ok: true }, { ok: false }] };
  const extra = { n: 1, inner: [{ ok: true }, { ok: false, why: 'x' }] };

  it('are refused by encode with the path of the field and the declared ones', () => {
    const e = thrown(() => encode(shape, extra as never)) as ShapeViolation;
    expect(e).toBeInstanceOf(ShapeViolation);
    expect(e.path).toBe('state.inner[1].why');
    expect(e.message).toBe("state.inner[1].why: field 'why' is not in the declared shape (its record declares ok): add it to the shape, or leave it out of the state");
  });

  it('are named beside a missing field they probably misspell', () => {
    const e = thrown(() => encode(record({ count: int(0, 3) }), { cuont: 1 } as never)) as ShapeViolation;
    expect(e.message).toBe("state.count: field is missing (the record has 'cuont', which the shape does not declare)");
  });

  it('are refused by the hot path on its first 4096 encodings, then on every 128th', () => {
    const codec = new StateCodec(shape);
    const buf = new Uint32Array(codec.words);
    const refusedAt: number[] = [];
    for (let call = 1; call <= 4096 + 384; call++) {
      const h = codec.encodeHashAt((call <= 4096 || call % 4 === 0 ? extra : valid) as never, buf, 0);
      if (h < 0) refusedAt.push(call);
    }
    expect(refusedAt.length).toBe(4096 + 3);
    expect(refusedAt.slice(4096)).toEqual([4096 + 128, 4096 + 256, 4096 + 384]);
  });

  it('are refused by encode, which replays use, on every call', () => {
    const codec = new StateCodec(shape);
    for (let call = 1; call <= 5000; call++) codec.encodeHashAt(valid as never, new Uint32Array(codec.words), 0);
    expect(() => codec.encode(extra as never)).toThrow("state.inner[1].why: field 'why' is not in the declared shape");
    expect(() => codec.encode(extra as never)).toThrow(ShapeViolation);
  });

  it('are refused on every one of the next encodings checkFieldsOfNext asks for, whatever the sample', () => {
    const codec = new StateCodec(shape);
    const buf = new Uint32Array(codec.words);
    for (let call = 1; call <= 5000; call++) codec.encodeHashAt(valid as never, buf, 0);
    codec.checkFieldsOfNext(3);
    const results = [1, 2, 3, 4].map(() => codec.encodeHashAt(extra as never, buf, 0));
    expect(results.slice(0, 3)).toEqual([-1, -1, -1]);
    expect(results[3]).toBe(codec.encodeHashAt(valid as never, buf, 0));
  });
});
