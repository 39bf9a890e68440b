/**
 * The state codec: a shape compiled into a fixed number of 32-bit words per state, with one
 * reusable writer and reader so that the checker's hot path allocates nothing to encode.
 */
import { BitReader, BitWriter } from './bits.js';
import type { FieldChange, Shape } from './shape.js';

/**
 * Encodes and decodes whole states of one shape.
 *
 * @example
 * const codec = new StateCodec(record({ small: int(0, 3), big: int(0, 5) }));
 * const words = codec.encode({ small: 3, big: 4 }); // Uint32Array of codec.words words (a fresh copy)
 * codec.decode(words, 0); // { small: 3, big: 4 }
 */
export class StateCodec<S> {
  /** Words per encoded state (at least one). */
  readonly words: number;
  /** The scratch buffer `encodeInto` writes to; valid until the next call. */
  readonly scratch: Uint32Array;
  private readonly writer: BitWriter;
  private readonly reader = new BitReader(new Uint32Array(1));

  constructor(readonly shape: Shape<S>) {
    this.words = Math.max(1, Math.ceil(shape.bits / 32));
    // One spare word: the writer may touch the word after the last when a field ends on a boundary.
    this.scratch = new Uint32Array(this.words + 1);
    this.writer = new BitWriter(this.scratch);
  }

  /** Encodes `s` into {@link scratch}; throws `ShapeViolation` when `s` is outside the shape. */
  encodeInto(s: S): Uint32Array {
    const w = this.writer;
    w.reset(this.scratch);
    this.shape.write(s, w);
    return this.scratch;
  }

  /** Encodes `s` into a fresh array of {@link words} words. */
  encode(s: S): Uint32Array {
    return this.encodeInto(s).slice(0, this.words);
  }

  /** Decodes the state stored at `words[offset…]`. */
  decode(words: Uint32Array, offset: number): S {
    const r = this.reader;
    r.reset(words, offset);
    return this.shape.read(r);
  }
}

/**
 * The fields that differ between two states, leaf by leaf (queues as a whole).
 *
 * @example
 * diffStates(jugs, { small: 0, big: 0 }, { small: 0, big: 5 }); // [{ path: 'big', before: '0', after: '5' }]
 */
export function diffStates<S>(shape: Shape<S>, a: S, b: S): FieldChange[] {
  const out: FieldChange[] = [];
  shape.diff(a, b, '', out);
  return out;
}

/**
 * Every leaf of a state as `[path, value]` pairs, for printing a state in full.
 *
 * @example
 * stateFields(jugs, { small: 0, big: 5 }); // [['small', '0'], ['big', '5']]
 */
export function stateFields<S>(shape: Shape<S>, s: S): [path: string, value: string][] {
  const out: FieldChange[] = [];
  shape.leaves(s, '', out);
  return out.map((c) => [c.path === '' ? 'state' : c.path, c.after]);
}
