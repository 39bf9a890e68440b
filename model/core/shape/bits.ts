/**
 * Fixed-width bit packing into 32-bit words: the canonical binary form of a state.
 *
 * Every shape has a fixed width in bits, so a state of a given shape always occupies the same
 * number of words. Unused bits are zero, which makes the encoding canonical: two equal values
 * always give the same words, and comparing states is comparing words.
 */

/**
 * Writes fields of fixed bit width into a zeroed word buffer, least significant bits first.
 *
 * @example
 * const w = new BitWriter(new Uint32Array(1));
 * w.write(5, 3); w.write(1, 1);
 * // w.words[0] === 0b1101
 */
export class BitWriter {
  /** Bit position of the next field. */
  pos = 0;
  constructor(public words: Uint32Array) {}

  /** Zeroes the buffer and starts writing at bit 0. */
  reset(words: Uint32Array = this.words): void {
    this.words = words;
    words.fill(0);
    this.pos = 0;
  }

  /** Writes `value` (an unsigned integer below 2^width) in `width` bits, `width` ≤ 32. */
  write(value: number, width: number): void {
    if (width === 0) return;
    const pos = this.pos;
    const word = pos >>> 5;
    const off = pos & 31;
    const words = this.words;
    words[word] |= value << off;
    if (off + width > 32) words[word + 1] |= value >>> (32 - off);
    this.pos = pos + width;
  }
}

/**
 * Reads fields written by {@link BitWriter}, from any offset in a word array (such as an arena chunk).
 *
 * @example
 * const r = new BitReader(new Uint32Array([0b1101]), 0);
 * r.read(3); // 5
 */
export class BitReader {
  /** Absolute bit position of the next field. */
  pos: number;
  constructor(public words: Uint32Array, wordOffset = 0) {
    this.pos = wordOffset << 5;
  }

  /** Starts reading at word `wordOffset` of `words`. */
  reset(words: Uint32Array, wordOffset: number): void {
    this.words = words;
    this.pos = wordOffset << 5;
  }

  /** Reads an unsigned field of `width` bits, `width` ≤ 32. */
  read(width: number): number {
    if (width === 0) return 0;
    const pos = this.pos;
    const word = pos >>> 5;
    const off = pos & 31;
    const words = this.words;
    let v = words[word] >>> off;
    if (off + width > 32) v |= words[word + 1] << (32 - off);
    this.pos = pos + width;
    return width === 32 ? v >>> 0 : v & ((1 << width) - 1) >>> 0;
  }
}

/**
 * Number of bits needed to tell `count` distinct values apart (0 for a single value).
 *
 * @example
 * bitsFor(1); // 0
 * bitsFor(5); // 3
 */
export function bitsFor(count: number): number {
  let bits = 0;
  while (bits < 53 && 2 ** bits < count) bits++;
  return bits;
}
