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
  it('puts every state where linear probing from its home slot finds it, once, in one- and two-pass tables', () => {
    const scratch = new RefillScratch();
    fc.assert(
      fc.property(
        fc.constantFrom(4, 9, 16, 22, 23),
        fc.array(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), { maxLength: 3000 }),
        fc.boolean(),
        (slotBits, raw, concurrent) => {
          // At most 3/4 of the table, as the stores keep it; names 1…count below the tag.
          const hashes = raw.slice(0, Math.floor(0.75 * 2 ** slotBits));
          const table = new Int32Array(2 ** slotBits);
          const source = { count: hashes.length, hashOf: (i: number) => hashes[i], name: (i: number) => i + 1 };
          refillTable(table, source, slotBits, scratch, concurrent);
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
});
