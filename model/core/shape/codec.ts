/**
 * The state codec: a shape compiled into a fixed number of 32-bit words per state, with one
 * reusable writer and reader so that the checker's hot path allocates nothing to encode.
 */
import { BitWriter } from './bits.js';
import { compileCodec, type CompiledDecode, type CompiledEncode, type CompiledUndeclared } from './compile.js';
import { ShapeViolation, type FieldChange, type Shape } from './shape.js';

/**
 * How often {@link StateCodec.encodeHashAt} also looks for record fields the shape does not declare:
 * every this many encodings (a power of two). Counting a record's keys costs about a third of an
 * encoding on the composed IPC models, so the hot path checks a sample; every other entry point
 * checks every value.
 */
const FIELD_CHECK_EVERY = 32;

/**
 * How many encodings a new codec checks in full before it samples: the initial states and the
 * first levels of a search, where a model's mistakes show first.
 */
const FIELD_CHECK_FIRST = 4096;

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
  private readonly compiledEncode: CompiledEncode<S>;
  private readonly compiledDecode: CompiledDecode<S>;
  private readonly compiledUndeclared: CompiledUndeclared<S>;
  private readonly zeroFirst: boolean;
  /** Calls of {@link encodeHashAt} so far. */
  private encodings = 0;
  /** {@link encodeHashAt} checks for undeclared fields on every call up to this count, then on a sample. */
  private checkAllUntil = FIELD_CHECK_FIRST;

  constructor(readonly shape: Shape<S>) {
    this.words = Math.max(1, Math.ceil(shape.bits / 32));
    this.scratch = new Uint32Array(this.words);
    const compiled = compileCodec(shape);
    this.compiledEncode = compiled.encode;
    this.compiledDecode = compiled.decode;
    this.compiledUndeclared = compiled.undeclared;
    this.zeroFirst = compiled.needsZeroedBuffer;
  }

  /** Encodes `s` into {@link scratch}; throws `ShapeViolation` when `s` is outside the shape. */
  encodeInto(s: S): Uint32Array {
    this.encodeAt(s, this.scratch, 0);
    return this.scratch;
  }

  /**
   * Encodes `s` into `buf[offset…offset + words)`; throws `ShapeViolation` when `s` is outside the
   * shape, a record field it does not declare included.
   */
  encodeAt(s: S, buf: Uint32Array, offset: number): void {
    if (this.encodeOnly(s, buf, offset) < 0 || this.compiledUndeclared(s)) this.explainViolation(s);
  }

  /**
   * Encodes `s` into `buf[offset…offset + words)` and returns the words' `hashWords` hash, or
   * returns -1 when `s` is outside the shape (then {@link explainViolation} says where).
   * The checker's hot path: one call encodes, validates and hashes. Ranges, lengths and literals
   * are checked on every call; fields the shape does not declare on the first calls
   * ({@link checkFieldsOfNext} adds more) and then on every 32nd.
   */
  encodeHashAt(s: S, buf: Uint32Array, offset: number): number {
    const h = this.encodeOnly(s, buf, offset);
    const n = ++this.encodings;
    if ((n <= this.checkAllUntil || (n & (FIELD_CHECK_EVERY - 1)) === 0) && h >= 0 && this.compiledUndeclared(s)) return -1;
    return h;
  }

  /**
   * Makes the next `count` calls of {@link encodeHashAt} look for undeclared fields whatever the
   * sample: the search calls it before it encodes the initial states, so that all of them are checked.
   *
   * @example
   * codec.checkFieldsOfNext(inits.length);
   */
  checkFieldsOfNext(count: number): void {
    this.checkAllUntil = Math.max(this.checkAllUntil, this.encodings + count);
  }

  /** The compiled encoder alone: ranges, lengths and literals, not undeclared fields. */
  private encodeOnly(s: S, buf: Uint32Array, offset: number): number {
    if (this.zeroFirst) {
      const end = offset + this.words;
      for (let i = offset; i < end; i++) buf[i] = 0;
    }
    // The generated encoder checks types before every access, so it returns -1 rather than throw.
    return this.compiledEncode(s, buf, offset);
  }

  /** Runs the interpretive writer, which throws a `ShapeViolation` naming the offending field. */
  explainViolation(s: S): never {
    const writer = new BitWriter(new Uint32Array(this.words + 1));
    this.shape.write(s, writer);
    throw new ShapeViolation(`${this.shape.show(s)} is not a value of ${this.shape.describe()}`);
  }

  /** Encodes `s` into a fresh array of {@link words} words. */
  encode(s: S): Uint32Array {
    return this.encodeInto(s).slice(0, this.words);
  }

  /** Decodes the state stored at `words[offset…]`. */
  decode(words: Uint32Array, offset: number): S {
    return this.compiledDecode(words, offset);
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
