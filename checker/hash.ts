/**
 * A 32-bit hash of an encoded state (MurmurHash3's word mix and finaliser, written from the
 * published algorithm description), used to place states in the visited table.
 */

/**
 * Hashes `len` words of `words` starting at `offset`.
 *
 * @example
 * hashWords(new Uint32Array([1, 2, 3]), 0, 3); // a 32-bit unsigned integer
 */
export function hashWords(words: Uint32Array, offset: number, len: number): number {
  let h = 0x9747b28c | 0;
  for (let i = 0; i < len; i++) {
    let k = Math.imul(words[offset + i], 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  h ^= len << 2;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
