/**
 * The store a parallel check's workers share, driven from one thread: several workers' views take
 * turns adding states, and each state is stored once, by the first worker to add it, found by
 * every other, and read back intact, across table growths and rehashes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashWords } from '../../model/core/shape/hash.js';
import { createSharedBuffers, SharedControl, SharedStateStore } from '../../checker/parallel/sharedStateStore.js';

/** A deterministic stream of `count` vectors of `words` small words (so that many repeat). */
function vectors(seed: number, count: number, words: number, range: number): Uint32Array[] {
  let x = seed | 1;
  const next = () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return x >>> 0;
  };
  return Array.from({ length: count }, () => Uint32Array.from({ length: words }, () => next() % range));
}

describe('SharedStateStore', () => {
  it('stores each distinct state once among workers taking turns, found again by every worker, across growths', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer(),
        fc.integer({ min: 0, max: 4000 }),
        (workers, words, seed, count) => {
          const buffers = createSharedBuffers(workers, 8);
          const control = new SharedControl(buffers);
          const stores = Array.from({ length: workers }, (_, id) => new SharedStateStore(buffers, words, id, workers));
          const seen = new Map<string, { worker: number; index: number }>();
          const problems: string[] = [];
          let growths = 0;
          vectors(seed, count, words, 40).forEach((v, i) => {
            const w = i % workers;
            const store = stores[w];
            while (!store.reserve(1)) {
              const total = stores.reduce((n, s) => n + s.count, 0);
              const largest = Math.max(...stores.map((s) => s.count + 1)) * workers + workers;
              if (!control.growTable(total + workers, largest, () => true)) throw new Error('the table cannot grow');
              for (const s of stores) s.rehash();
              growths++;
            }
            const key = v.join(',');
            const hash = hashWords(v, 0, words);
            const index = store.add(v, 0, hash, i - 1, i % 5);
            store.settle(1, index >= 0 ? 1 : 0);
            const before = seen.get(key);
            if ((index < 0) !== (before !== undefined)) problems.push(`add #${i} (${key}) by worker ${w} returned ${index}`);
            if (index >= 0) seen.set(key, { worker: w, index });
            for (const other of stores) if (!other.contains(v, 0, hash)) problems.push(`worker ${other.id} misses ${key}`);
          });
          for (const [key, { worker, index }] of seen) {
            if (stores[worker].wordsOf(index).join(',') !== key) problems.push(`words of ${key}`);
          }
          expect(problems.slice(0, 5)).toEqual([]);
          expect(stores.reduce((n, s) => n + s.count, 0)).toBe(seen.size);
          if (seen.size > 200) expect(growths).toBeGreaterThan(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a reservation past 7/8 of the table and asks for it to grow; grants forced ones while they fit', () => {
    const buffers = createSharedBuffers(2, 8); // 256 slots: 224 may be reserved
    const store = new SharedStateStore(buffers, 1, 0, 2);
    expect(store.reserve(200)).toBe(true);
    expect(store.growRequested()).toBe(true); // past 3/4
    expect(store.reserve(30)).toBe(false); // 230 > 224
    expect(store.reserve(30, true)).toBe(true); // forced: 230 < 256
    store.settle(230, 0);
    expect(new SharedControl(buffers).growTable(0, 2, () => true)).toBe(true);
    expect(store.growRequested()).toBe(false);
  });

  it('hands out a frontier in claims of at most the asked size, then none', () => {
    const buffers = createSharedBuffers(2);
    new SharedControl(buffers).setFrontier(1, 10, 25);
    const store = new SharedStateStore(buffers, 1, 0, 2);
    expect([store.claimFrom(1, 8), store.claimFrom(1, 8), store.claimFrom(1, 8)]).toEqual([10, 18, -1]);
    expect(store.claimEnd(1)).toBe(25);
    expect(store.claimFrom(0, 8)).toBe(-1);
  });
});
