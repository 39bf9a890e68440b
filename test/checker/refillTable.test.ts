/**
 * Refilling a grown table: every state lands once, where linear probing from its home slot finds
 * it, with plain stores or compare-and-exchange, in tables small enough for the one-pass sort and
 * large enough for the two-pass one, and with the scratch buffers reused from one refill to the
 * next.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RefillScratch, refillTable } from '../../checker/refillTable.js';

/** Where linear probing from `hash`'s home slot meets `entry`, or -1 when an empty slot comes first. */
function probe(table: Int32Array, hash: number, entry: number): number {
  const mask = table.length - 1;
  for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
    if (table[slot] === entry) return slot;
    if (table[slot] === 0) return -1;
  }
}

describe('refillTable', () => {
  it('puts every state where linear probing from its home slot finds it, once, in one- and two-pass tables, from any starting place', () => {
    const scratch = new RefillScratch();
    fc.assert(
      fc.property(
        fc.constantFrom(4, 9, 16, 22, 23),
        fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 3000 }),
        fc.boolean(),
        fc.constantFrom(0, 0.25, 0.5, 0.999),
        (slotBits, raw, concurrent, startAt) => {
          // At most 3/4 of the table, as the stores keep it; names 1…count below the tag.
          const hashes = raw.slice(0, Math.floor(0.75 * 2 ** slotBits));
          const table = new Int32Array(2 ** slotBits);
          const source = { count: hashes.length, hashOf: (i: number) => hashes[i], name: (i: number) => i + 1 };
          refillTable(table, source, slotBits, scratch, concurrent, startAt);
          const entries = hashes.map((h, i) => (((h >>> slotBits) << slotBits) | (i + 1)) | 0);
          const lost = entries.filter((e, i) => probe(table, hashes[i], e) < 0);
          expect(lost).toEqual([]);
          expect(table.reduce((n, e) => n + (e !== 0 ? 1 : 0), 0)).toBe(hashes.length);
        },
      ),
      { numRuns: 60 },
    );
    // About 3 s alone (tables of up to 2^23 slots); the timeout only catches a hang on a busy machine.
  }, 120_000);

  it('fills one shared table from two sources in turn with compare-and-exchange, keeping what the first put there', () => {
    const table = new Int32Array(new SharedArrayBuffer(4 * 2 ** 22));
    const hashes = Array.from({ length: 20_000 }, (_, i) => Math.imul(i, 0x9e3779b1) & 0xfff); // crowded: 4,096 home slots
    const half = (from: number) => ({ count: 10_000, hashOf: (i: number) => hashes[from + i], name: (i: number) => from + i + 1 });
    refillTable(table, half(0), 22, new RefillScratch(), true);
    refillTable(table, half(10_000), 22, new RefillScratch(), true);
    const lost = hashes.filter((h, i) => probe(table, h, (((h >>> 22) << 22) | (i + 1)) | 0) < 0);
    expect(lost).toEqual([]);
  });

  it('starts a sweep where it is told and wraps round: from the middle, the state homed there takes its slot first', () => {
    // Two states homed at slot 7 and one at slot 8 of 16. From the start they fill 7, 8, 9 in
    // that order; from the middle the state homed at 8 is inserted first and keeps slot 8, and
    // the second state homed at 7 probes past it to 9.
    const bits = 4;
    const source = { count: 3, hashOf: (i: number) => [7, 7, 8][i], name: (i: number) => i + 1 };
    for (const concurrent of [false, true]) {
      const fromStart = new Int32Array(2 ** bits);
      refillTable(fromStart, source, bits, new RefillScratch(), concurrent, 0);
      expect([...fromStart.subarray(7, 10)]).toEqual([1, 2, 3]);
      const fromMiddle = new Int32Array(2 ** bits);
      refillTable(fromMiddle, source, bits, new RefillScratch(), concurrent, 0.5);
      expect([...fromMiddle.subarray(7, 10)]).toEqual([1, 3, 2]);
    }
  });

  it('refuses a starting place outside the table, naming it', () => {
    expect(() => refillTable(new Int32Array(16), { count: 0, hashOf: () => 0, name: () => 1 }, 4, new RefillScratch(), true, 1)).toThrow(/startAt must be at least 0 and below 1, got 1/);
  });
});
