/**
 * The state store against a plain `Map`: every distinct word vector is stored once, in order,
 * found again, and read back intact, across table growth, chunk boundaries and state widths that
 * take either table layout.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashWords } from '../../model/core/shape/hash.js';
import { StateStore } from '../../checker/stateStore.js';
import { wordVectors } from '../helpers/wordVectors.js';

/** Word values that make vectors share words often: zero, one, both sign boundaries, all ones. */
const WORD_POOL = [0, 1, 2, 0x7fffffff, 0x80000000, 0xffffffff];

/** A deterministic stream of `count` vectors of `words` words drawn from {@link WORD_POOL}. */
const vectors = (seed: number, count: number, words: number) => wordVectors(seed, count, words, (r) => WORD_POOL[r % WORD_POOL.length]);

describe('StateStore', () => {
  it('adds each distinct vector once, in discovery order, and reads back its words, parent and action', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.integer(), fc.integer({ min: 0, max: 3000 }), (words, seed, count) => {
        const store = new StateStore(words);
        const seen = new Map<string, number>();
        const records: { words: Uint32Array; parent: number; action: number }[] = [];
        // Plain comparisons in the loop (thousands of adds per run); one assertion per run.
        const problems: string[] = [];
        vectors(seed, count, words).forEach((v, i) => {
          const key = v.join(',');
          const hash = hashWords(v, 0, words);
          if (store.contains(v, 0, hash) !== seen.has(key)) problems.push(`contains(${key}) before add #${i}`);
          const parent = i % 7 === 0 ? -1 : i % 1000;
          const index = store.add(v, 0, hash, parent, i % 13);
          const want = seen.has(key) ? -1 : records.length;
          if (index !== want) problems.push(`add #${i} (${key}) returned ${index}, expected ${want}`);
          if (want >= 0) {
            seen.set(key, want);
            records.push({ words: v, parent, action: i % 13 });
          }
          if (!store.contains(v, 0, hash)) problems.push(`contains(${key}) after add #${i}`);
        });
        records.forEach((r, i) => {
          if (store.wordsOf(i).join(',') !== r.words.join(',')) problems.push(`words of #${i}`);
          if (store.records.parent(i) !== r.parent || store.records.actionIndex(i) !== r.action) problems.push(`parent/action of #${i}`);
        });
        expect(problems.slice(0, 5)).toEqual([]);
        expect(store.count).toBe(records.length);
      }),
      { numRuns: 60 },
    );
  });

  it('keeps states intact across arena chunk boundaries', () => {
    const words = 100;
    const store = new StateStore(words);
    const n = store.perChunk * 2 + 17;
    const stateOf = (i: number) => Uint32Array.from({ length: words }, (_, w) => (w === 0 ? i : Math.imul(i + 1, w + 0x9e3779b1) >>> 0));
    for (let i = 0; i < n; i++) {
      const v = stateOf(i);
      expect(store.add(v, 0, hashWords(v, 0, words), i - 1, 0)).toBe(i);
    }
    expect(store.chunks.length).toBe(3);
    for (const i of [0, store.perChunk - 1, store.perChunk, 2 * store.perChunk, n - 1]) {
      expect(store.wordsOf(i)).toEqual(stateOf(i));
      expect(store.chunkOf(i).slice(store.offsetOf(i), store.offsetOf(i) + words)).toEqual(stateOf(i));
      const v = stateOf(i);
      expect(store.add(v, 0, hashWords(v, 0, words), 0, 0)).toBe(-1);
    }
  });
});
