/**
 * Deterministic streams of word vectors for testing the stores: many vectors repeat, so that
 * lookups meet stored states as often as new ones.
 */

/**
 * `count` vectors of `words` words, each word `pick(r)` of a xorshift stream `r` seeded by `seed`.
 *
 * @example
 * wordVectors(7, 100, 2, (r) => r % 40); // 100 vectors of two words below 40
 */
export function wordVectors(seed: number, count: number, words: number, pick: (r: number) => number): Uint32Array[] {
  let x = seed | 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  return Array.from({ length: count }, () => Uint32Array.from({ length: words }, () => pick(next())));
}
