/**
 * The states of a parallel check read back in one breadth-first order, as the `neverStuck`
 * analysis reads them after the search: level by level, worker 0's states of a level first.
 */
import { describe, expect, it } from 'vitest';
import { hashWords } from '../../model/core/shape/hash.js';
import { LevelOrder, levelOrderPosition } from '../../checker/parallel/levelOrder.js';
import { createSharedBuffers, SharedControl, SharedStateStore } from '../../checker/parallel/sharedStateStore.js';

describe('LevelOrder', () => {
  it('numbers the states of two workers level by level and finds each by content, across a table growth and new chunks', () => {
    // 256 slots and chunks of 16 one-word states: the first level below outgrows both.
    const buffers = createSharedBuffers(2, 1, 8, 4);
    const control = new SharedControl(buffers);
    const stores = [new SharedStateStore(buffers, 0), new SharedStateStore(buffers, 1)];
    const levelEnds: number[][] = [];
    const add = (w: number, value: number) => {
      const v = new Uint32Array([value]);
      while (!stores[w].reserve(1)) {
        const change = control.resize(stores.map((s) => s.count), () => true)!;
        for (const s of stores) s.resize(change);
      }
      const index = stores[w].add(v, 0, hashWords(v, 0, 1), -1, 0);
      stores[w].settle(1, index >= 0 ? 1 : 0);
    };
    // Level 1: worker 0 stores 1000; level 2: workers 0 and 1 store 100 states each (2000…,
    // 3000…); level 3: worker 1 stores 5000, worker 0 stores 400 states (6000…).
    add(0, 1000);
    levelEnds.push(stores.map((s) => s.count));
    for (let i = 0; i < 100; i++) add(i % 2, (i % 2 === 0 ? 2000 : 3000) + i);
    levelEnds.push(stores.map((s) => s.count));
    add(1, 5000);
    for (let i = 0; i < 400; i++) add(0, 6000 + i);
    levelEnds.push(stores.map((s) => s.count));
    expect(levelEnds).toEqual([[1, 0], [51, 50], [451, 51]]);

    // Any worker's view after the search has the current table and every chunk.
    const order = new LevelOrder(stores[1], levelEnds);
    expect(order.count).toBe(502);
    const valueOf = (n: number) => order.chunkOf(n)[order.offsetOf(n)];
    // Within level 3, worker 0's 400 states come before worker 1's one.
    expect([0, 1, 50, 51, 100, 101, 102, 500, 501].map(valueOf)).toEqual([1000, 2000, 2098, 3001, 3099, 6000, 6001, 6399, 5000]);
    expect(levelOrderPosition(levelEnds, 100)).toEqual({ worker: 1, index: 49 });
    expect(levelOrderPosition(levelEnds, 101)).toEqual({ worker: 0, index: 51 });
    expect(levelOrderPosition(levelEnds, 501)).toEqual({ worker: 1, index: 50 });
    for (let n = 0; n < order.count; n++) {
      const v = new Uint32Array([valueOf(n)]);
      if (order.indexOf(v, 0, hashWords(v, 0, 1)) !== n) throw new Error(`state ${n} (${v[0]}) is not found as itself`);
    }
    const absent = new Uint32Array([4242]);
    expect(order.indexOf(absent, 0, hashWords(absent, 0, 1))).toBe(-1);
  });
});
