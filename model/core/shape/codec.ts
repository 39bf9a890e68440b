/**
 * The state codec: a shape compiled into a fixed number of 32-bit words per state, with one
 * reusable writer and reader so that the checker's hot path allocates nothing to encode.
 */
import { BitWriter } from './bits.js';
import { compileCodec, type CompiledDecode, type CompiledEncode, type CompiledUndeclared, type FieldCheckCountdown } from './compile.js';
import { ShapeViolation, type FieldChange, type Shape } from './shape.js';

/**
 * How often {@link StateCodec.encodeHashAt} (and so the search) also looks for record fields the
 * shape does not declare, after the first {@link FIELD_CHECK_FIRST}: every this many encodings.
 * Counting a record's keys costs about a third of an encoding on the composed IPC models (31
 * records a state on seL4 × rpcPool); checked every 32nd encoding the search took about 3% longer,
 * so it checks one in 128. {@link StateCodec.encode}, which replays use, checks every value.
 */
const FIELD_CHECK_EVERY = 128;

/**
 * How many encodings a new codec checks in full before it samples: the initial states and the
 * first levels of a search, where a model's mistakes show first.
 */
const FIELD_CHECK_FIRST = 4096;

/**
 * The schedule of a codec's undeclared-field checks: every value up to encoding `allUntil`, then
 * every {@link FIELD_CHECK_EVERY}th. The compiled encoder counts `left` down; `next` is called on
 * the encoding being checked.
 */
class FieldChecks implements FieldCheckCountdown {
  left = 1;
  /** The encoding (1-based) at which `left` was last set, and what it was set to. */
  private at = 0;
  private gap = 1;
  private allUntil = FIELD_CHECK_FIRST;

  next(): number {
    this.at += this.gap;
    this.gap = this.at < this.allUntil ? 1 : FIELD_CHECK_EVERY;
    return this.gap;
  }

  /** Checks each of the next `count` encodings. */
  checkNext(count: number): void {
    if (count <= 0) return;
    const done = this.at + this.gap - this.left;
    this.allUntil = Math.max(this.allUntil, done + count);
    this.at = done;
    this.gap = 1;
    this.left = 1;
  }
}

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
  private readonly fieldChecks = new FieldChecks();

  constructor(readonly shape: Shape<S>) {
    this.words = Math.max(1, Math.ceil(shape.bits / 32));
    this.scratch = new Uint32Array(this.words);
    const compiled = compileCodec(shape, this.fieldChecks);
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
   * shape (looking for undeclared fields on a sample, as {@link encodeHashAt} does: the search's
   * check that `next` left its input unchanged uses it on every state it expands).
   */
  encodeAt(s: S, buf: Uint32Array, offset: number): void {
    if (this.encodeHashAt(s, buf, offset) < 0) this.explainViolation(s);
  }

  /**
   * Encodes `s` into `buf[offset…offset + words)` and returns the words' `hashWords` hash, or
   * returns -1 when `s` is outside the shape (then {@link explainViolation} says where).
   * The checker's hot path: one call encodes, validates and hashes. Ranges, lengths and literals
   * are checked on every call; fields the shape does not declare on the first calls
   * ({@link checkFieldsOfNext} adds more) and then on every 128th.
   */
  encodeHashAt(s: S, buf: Uint32Array, offset: number): number {
    if (this.zeroFirst) {
      const end = offset + this.words;
      for (let i = offset; i < end; i++) buf[i] = 0;
    }
    // The generated encoder checks types before every access, so it returns -1 rather than throw.
    return this.compiledEncode(s, buf, offset);
  }

  /**
   * Makes the next `count` calls of {@link encodeHashAt} look for undeclared fields whatever the
   * sample: the search calls it before it encodes the initial states, so that all of them are checked.
   *
   * @example
   * codec.checkFieldsOfNext(inits.length);
   */
  checkFieldsOfNext(count: number): void {
    this.fieldChecks.checkNext(count);
  }

  /** Runs the interpretive writer, which throws a `ShapeViolation` naming the offending field. */
  explainViolation(s: S): never {
    const writer = new BitWriter(new Uint32Array(this.words + 1));
    this.shape.write(s, writer);
    throw new ShapeViolation(`${this.shape.show(s)} is not a value of ${this.shape.describe()}`);
  }

  /**
   * Encodes `s` into a fresh array of {@link words} words; throws `ShapeViolation` when `s` is
   * outside the shape, a record field it does not declare always included (replays use it).
   */
  encode(s: S): Uint32Array {
    const words = this.encodeInto(s);
    if (this.compiledUndeclared(s)) this.explainViolation(s);
    return words.slice(0, this.words);
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
