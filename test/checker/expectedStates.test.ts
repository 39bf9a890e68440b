/**
 * `expectedStates`: the exact store's first table sized for a count given up front, so that a
 * search storing no more never grows it, with the result of a search that was not told.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { expectedTableStates } from '../../checker/expectedStates.js';
import { defaultMemoryLimit } from '../../checker/memory.js';
import { firstTableBits } from '../../checker/parallel/sharedStateStore.js';
import { grownTableBits, StateStore, tableBitsFor } from '../../checker/stateStore.js';
import { hashWords } from '../../model/core/shape/hash.js';
import { findEntry } from '../../registry/index.js';
import type { Config } from '../../model/core/model.js';

/** The bytes of `store`'s visited table: its bytes less the arena's states and the trace records. */
const tableBytes = (store: StateStore) => store.bytes() - store.count * store.words * 4 - store.records.bytes();

/** Adds `n` distinct one-word states (0, 1, …) to `store`. */
function fill(store: StateStore, n: number): void {
  const v = new Uint32Array(1);
  for (let i = store.count; i < n; i++) {
    v[0] = i;
    store.add(v, 0, hashWords(v, 0, 1), -1, 0);
  }
}

function registryModel(id: string, config: Config) {
  const e = findEntry(id)!;
  return e.make({ ...e.defaults, ...config });
}

/** Everything a user reads in a result but the time: counts per level, verdicts and trace lengths. */
function outline(r: ReturnType<typeof check>) {
  const { distinct, generated, depth, transitions, deadlocks, levels } = r.stats;
  const verdicts = r.properties.map((p) => `${p.name}: ${p.verdict.status}${'trace' in p.verdict && p.verdict.trace ? `/${p.verdict.trace.steps.length}` : ''}`);
  return { distinct, generated, depth, transitions, deadlocks, levels, verdicts, complete: r.complete };
}

describe('tableBitsFor', () => {
  it('picks the smallest table that holds the states at 3/4 load, never below the first table of 2^8 slots', () => {
    expect(tableBitsFor(0)).toBe(8);
    expect(tableBitsFor(192)).toBe(8); // 256 × 3/4 = 192
    expect(tableBitsFor(193)).toBe(9);
    expect(tableBitsFor(1_306_271)).toBe(21); // l4Ipc C=5: 2^21 × 3/4 = 1,572,864
    expect(tableBitsFor(1_572_864)).toBe(21);
    expect(tableBitsFor(1_572_865)).toBe(22);
  });

  it('refuses a count no exact table holds, naming fingerprint mode', () => {
    expect(() => tableBitsFor(805_306_369)).toThrow(/at most 805306368 states.*fingerprint/);
    expect(tableBitsFor(805_306_368)).toBe(30);
  });

  it('sizes the first shared table for the states and every worker’s reserved batch, from 2^16 slots', () => {
    expect(firstTableBits(0, 2)).toBe(16);
    expect(firstTableBits(1000, 2)).toBe(16);
    expect(firstTableBits(1_306_271, 2)).toBe(21);
    expect(firstTableBits(1_572_864, 2)).toBe(22); // no room left for the batches at 2^21
    expect(firstTableBits(805_306_368, 2)).toBe(30); // the largest table, not a refusal of a count the user never gave
  });
});

describe('grownTableBits', () => {
  it('grows a table fourfold up to 2^20 slots, then twofold', () => {
    expect([8, 10, 12, 14, 16, 18].map(grownTableBits)).toEqual([10, 12, 14, 16, 18, 20]);
    expect(grownTableBits(19)).toBe(20); // never past 2^20 in one fourfold step
    expect(grownTableBits(20)).toBe(21);
    expect(grownTableBits(29)).toBe(30);
  });
});

describe('StateStore with expected states', () => {
  it('never grows its table while it holds no more than it expected, and grows as usual past them', () => {
    const told = new StateStore(1, 10_000);
    const before = tableBytes(told);
    expect(before).toBe(4 * 2 ** 14); // 16,384 slots × 3/4 = 12,288 ≥ 10,000 > 8,192 × 3/4
    fill(told, 10_000);
    expect(tableBytes(told)).toBe(before);
    // Past 3/4 of 2^14 slots it grows as any table below 2^20 slots does: fourfold.
    fill(told, 12_289);
    expect(tableBytes(told)).toBe(4 * before);
    // A store not told starts at 2^8 slots and has grown to the same table by then (2^10, 2^12, 2^14, 2^16).
    const untold = new StateStore(1);
    expect(tableBytes(untold)).toBe(4 * 2 ** 8);
    fill(untold, 12_289);
    expect(tableBytes(untold)).toBe(4 * before);
  });
});

describe('check with expectedStates', () => {
  const cases: [string, Config][] = [
    ['l4Ipc', { bug: 'sharedReplyCap' }],
    ['dining', { n: 6, lefty0: false }],
    ['serverPool', { clients: 3, servers: 2 }],
  ];
  it('gives the result of a search not told, whether it expects the exact count, fewer or more', () => {
    for (const [id, config] of cases) {
      const plain = check(registryModel(id, config));
      for (const expectedStates of [plain.stats.distinct, Math.ceil(plain.stats.distinct / 10), plain.stats.distinct * 3]) {
        expect(outline(check(registryModel(id, config), { expectedStates })), `${id} expecting ${expectedStates}`).toEqual(outline(plain));
      }
      // Told 40 times its count, the search's table (counted in its bytes) is larger than it ever grows to untold.
      expect(check(registryModel(id, config), { expectedStates: plain.stats.distinct * 40 }).stats.bytesPerState, id).toBeGreaterThan(plain.stats.bytesPerState * 4);
    }
  });

  it('refuses a count that is not a whole number from 1, fingerprint mode, and a table over the memory limit, each naming the fix', () => {
    const model = registryModel('dieHard', {});
    expect(() => check(model, { expectedStates: 0 })).toThrow(/expectedStates must be a whole number ≥ 1, got 0/);
    expect(() => check(model, { expectedStates: 2.5 })).toThrow(/whole number ≥ 1, got 2.5/);
    expect(() => check(model, { expectedStates: 100, fingerprint: true })).toThrow(/drop expectedStates \(--expect-states\) or fingerprint \(--fingerprint\)/);
    expect(() => expectedTableStates({ expectedStates: 100_000_000 }, 300 * 2 ** 20)).toThrow(/table of 512 MiB does not fit under the memory limit of 300 MiB, with .* MiB in use already.*--max-memory/);
    // The shared table of two workers, sized for the batches too, is what must fit: 2^22 slots (16 MiB) rather than 2^21.
    const limit = process.memoryUsage.rss() + 64 * 2 ** 20;
    expect(expectedTableStates({ expectedStates: 1_572_864 }, limit)).toBe(1_572_864);
    expect(() => expectedTableStates({ expectedStates: 1_572_864 }, limit, (n) => firstTableBits(n, 2) + 3)).toThrow(/table of 128 MiB/);
    expect(expectedTableStates({ expectedStates: 1000 }, defaultMemoryLimit())).toBe(1000);
    expect(expectedTableStates({}, defaultMemoryLimit())).toBe(0);
  });
});
