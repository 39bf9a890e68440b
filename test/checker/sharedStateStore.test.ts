/**
 * The store a parallel check's workers share, driven from one thread: several workers' views take
 * turns adding states, and each state is stored once, by the first worker to add it, found by
 * every other, and read back intact, across table growths and rehashes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashWords } from '../../model/core/shape/hash.js';
import { createSharedBuffers, SharedControl, SharedStateStore } from '../../checker/parallel/sharedStateStore.js';
import { wordVectors } from '../helpers/wordVectors.js';

/** A deterministic stream of `count` vectors of `words` small words (so that many repeat). */
const vectors = (seed: number, count: number, words: number, range: number) => wordVectors(seed, count, words, (r) => r % range);

describe('SharedStateStore', () => {
  it('stores each distinct state once among workers taking turns, found again by every worker, across pauses for room', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 1, max: 4 }),
        fc.integer(),
        fc.integer({ min: 0, max: 4000 }),
        (workers, words, seed, count) => {
          // 256 table slots and chunks of 64 words: the store runs short of both again and again.
          const buffers = createSharedBuffers(workers, words, 8, 6);
          const control = new SharedControl(buffers);
          const stores = Array.from({ length: workers }, (_, id) => new SharedStateStore(buffers, id));
          const seen = new Map<string, { worker: number; index: number }>();
          const problems: string[] = [];
          let tables = 0;
          vectors(seed, count, words, 40).forEach((v, i) => {
            const w = i % workers;
            const store = stores[w];
            while (!store.reserve(1)) {
              const counts = stores.map((s) => s.count);
              const change = control.resize(counts, () => true);
              if (change === undefined) throw new Error('no room could be made');
              if (change.table !== undefined) tables++;
              for (const s of stores) s.resize(change);
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
            if (stores[worker].chunkFor(worker, index) !== stores[(worker + 1) % workers].chunkFor(worker, index)) {
              // Views differ per worker; their contents must not.
              const other = stores[(worker + 1) % workers];
              const off = other.offsetOf(index);
              if (other.chunkFor(worker, index).slice(off, off + words).join(',') !== key) problems.push(`worker ${other.id} reads ${key} wrong`);
            }
          }
          expect(problems.slice(0, 5)).toEqual([]);
          expect(stores.reduce((n, s) => n + s.count, 0)).toBe(seen.size);
          // The first table has 256 slots, of which 224 may be reserved.
          if (seen.size > 224) expect(tables).toBeGreaterThan(0);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('refuses a reservation past 7/8 of the table or past its chunks, and asks for a pause; grants forced ones while they fit', () => {
    const buffers = createSharedBuffers(2, 1, 8, 10); // 256 slots (224 may be reserved), chunks of 1,024 states
    const store = new SharedStateStore(buffers, 0);
    const control = new SharedControl(buffers);
    expect(store.reserve(200)).toBe(true);
    expect(store.pauseRequested()).toBe(true); // past 3/4 of the table
    expect(store.reserve(30)).toBe(false); // 230 > 224
    expect(store.reserve(30, true)).toBe(true); // forced: 230 < 256
    store.settle(230, 0);
    const change = control.resize([0, 0], () => true)!;
    expect([change.chunks.length, change.table?.byteLength]).toEqual([0, 4 * 2 ** 15]); // 5/8 of 2^14 holds the 2 × 4,096 a pause leaves room for; a small table grows to twice that
    store.resize(change);
    expect(store.pauseRequested()).toBe(false);
    expect(store.reserve(2000)).toBe(false); // one chunk of 1,024 states
    const more = control.resize([0, 0], () => true)!;
    expect([more.chunks.map((c) => c.worker), more.table]).toEqual([[0], undefined]);
    store.resize(more);
    expect(store.reserve(2000)).toBe(true);
  });

  it('hands out a frontier in claims of at most the asked size, then none', () => {
    const buffers = createSharedBuffers(2, 1);
    new SharedControl(buffers).setFrontier(1, 10, 25);
    const store = new SharedStateStore(buffers, 0);
    expect([store.claimFrom(1, 8), store.claimFrom(1, 8), store.claimFrom(1, 8)]).toEqual([10, 18, -1]);
    expect(store.claimEnd(1)).toBe(25);
    expect(store.claimFrom(0, 8)).toBe(-1);
  });

  it('tells apart states that share a whole hash, in the table and in the cache of states each worker met lately', () => {
    const buffers = createSharedBuffers(2, 2);
    const stores = [new SharedStateStore(buffers, 0), new SharedStateStore(buffers, 1)];
    stores.forEach((s) => s.reserve(8));
    const state = (a: number) => new Uint32Array([a, 100 + a]);
    // One hash for all: each lookup meets the last state its worker stored or found under it.
    const HASH = 0x9e3779b9;
    const order: [worker: number, a: number][] = [[0, 1], [0, 2], [1, 1], [0, 1], [1, 3], [0, 3], [1, 2], [1, 2], [0, 4]];
    const results = order.map(([w, a]) => stores[w].add(state(a), 0, HASH, -1, 0));
    expect(results).toEqual([0, 1, -1, -1, 0, -1, -1, -1, 2]);
    expect(stores.map((s) => s.count)).toEqual([3, 1]);
    for (const a of [1, 2, 3, 4]) expect(stores[1].contains(state(a), 0, HASH)).toBe(true);
    expect(stores[0].contains(state(5), 0, HASH)).toBe(false);
  });
});
