/**
 * A 32-bit hash of an encoded state, used to place states in the visited table: per word an
 * xor, a multiplication by an odd constant and a shift (an xorshift-multiply mixer), then a
 * final avalanche so that the low bits, which pick the table slot, depend on every input bit.
 *
 * The compiled encoders compute the same hash while they store the words ({@link hashSource}
 * writes that code); a test holds the two to the same result.
 */

const SEED = 0x9e3779b1;
const WORD = 0x85ebca6b;
const FINAL1 = 0xc2b2ae35;
const FINAL2 = 0x27d4eb2f;

/**
 * Hashes `len` words of `words` starting at `offset`. A nonzero `seed` gives an independent
 * hash of the same words (fingerprint mode pairs two into 64 bits); the compiled encoders
 * compute the seed-0 hash.
 *
 * @example
 * hashWords(new Uint32Array([1, 2, 3]), 0, 3); // a 32-bit unsigned integer
 */
export function hashWords(words: Uint32Array, offset: number, len: number, seed = 0): number {
  let h = Math.imul((len + 1) ^ seed, SEED);
  for (let i = 0; i < len; i++) {
    h = Math.imul(h ^ words[offset + i], WORD);
    h ^= h >>> 15;
  }
  h ^= h >>> 16;
  h = Math.imul(h, FINAL1);
  h ^= h >>> 13;
  h = Math.imul(h, FINAL2);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * JavaScript statements that leave in variable `h` the {@link hashWords} hash of the words given
 * as expressions, for code generators.
 *
 * @example
 * hashSource(['a0', 'a1']); // "let h = Math.imul(3, …); h = Math.imul(h ^ a0, …); …"
 */
export function hashSource(words: readonly string[]): string {
  let src = `let h = Math.imul(${words.length + 1}, ${SEED});`;
  for (const w of words) src += ` h = Math.imul(h ^ ${w}, ${WORD}); h ^= h >>> 15;`;
  return src + ` h ^= h >>> 16; h = Math.imul(h, ${FINAL1}); h ^= h >>> 13; h = Math.imul(h, ${FINAL2}); h ^= h >>> 16;`;
}
