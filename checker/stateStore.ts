/**
 * Exact distinct-state storage in typed arrays.
 *
 * Encoded states are appended to an arena of fixed-size `Uint32Array` chunks in discovery order,
 * so the arena is also the breadth-first queue. An open-addressing table of state indices (with
 * part of each state's hash beside it) finds a state by content; on a match the words are compared,
 * so two distinct states are never merged. Per state the store also records the parent index and
 * the action index, in a buffer that spills to a temporary file ({@link TraceRecords}): they are
 * read only to rebuild traces. No `Map` or `Set` is involved, so the store is not limited by
 * V8's 2^24 entries per collection.
 */

import { hashWords } from '../model/core/shape/hash.js';
import { RefillScratch, refillTable } from './refillTable.js';
import { TraceRecords } from './traceRecords.js';
import type { VisitedStore } from './visitedStore.js';

const CHUNK_WORDS_LOG2 = 20;

/**
 * What `StateStore.add` returns when storing one more state would need memory the allocation
 * guard refuses.
 *
 * @example
 * if (store.add(buf, 0, hash, parent, action) === STORE_FULL) stop('maxMemory');
 */
export const STORE_FULL = -2;
const MIN_TABLE = 1 << 8;
/** The largest table, 2^30 slots (4 GiB): its index field needs 30 bits, which leaves a 2-bit tag. */
const MAX_SLOT_BITS = 30;
/** Below 2^20 slots (4 MiB) a table grows fourfold at a time, not twofold: see {@link grownTableBits}. */
const FOURFOLD_BELOW_BITS = 20;

/**
 * log2 of the table a full table of 2^`bits` slots grows into: four times as large while that
 * stays within 2^20 slots, then twice. Each growth rehashes every stored state, so a small table
 * that grows fourfold spares half the growths a search makes on its way to a million states; its
 * table is never more than twice the one doubling would have made (2 MiB more at most).
 *
 * @example
 * grownTableBits(8); // 10
 * grownTableBits(19); // 20
 * grownTableBits(20); // 21
 */
export function grownTableBits(bits: number): number {
  return bits < FOURFOLD_BELOW_BITS ? Math.min(bits + 2, FOURFOLD_BELOW_BITS) : bits + 1;
}

/**
 * log2 of the table an exact store starts with when it expects `expectedStates` states: the
 * smallest table that holds them at most 3/4 full (the load at which it would grow), and never
 * below the store's first table. Throws a `RangeError` naming the option when no exact table holds
 * that many.
 *
 * @example
 * tableBitsFor(1_306_271); // 21: 2^21 slots hold 1,572,864 states at 3/4 load
 * tableBitsFor(0); // 8, the first table when nothing is expected
 */
export function tableBitsFor(expectedStates: number): number {
  if (!Number.isSafeInteger(expectedStates) || expectedStates < 0) throw new RangeError(`expectedStates must be a whole number ≥ 0, got ${expectedStates}`);
  let bits = Math.log2(MIN_TABLE);
  while (2 ** bits * 3 < expectedStates * 4) bits++;
  if (bits > MAX_SLOT_BITS) {
    throw new RangeError(`expectedStates ${expectedStates}: the exact store holds at most ${0.75 * 2 ** MAX_SLOT_BITS} states; expect fewer, or drop expectedStates (--expect-states) and use fingerprint mode (--fingerprint)`);
  }
  return bits;
}

/**
 * log2 of the states of `words` words that fit in a chunk of 2^`chunkWordsLog2` words: as many
 * as fit, rounded down to a power of two (at least one).
 *
 * @example
 * chunkShiftFor(3, 20); // 18: 2^18 states of three words fit in 2^20 words
 */
export function chunkShiftFor(words: number, chunkWordsLog2: number): number {
  let shift = chunkWordsLog2;
  while (shift > 0 && 2 ** shift * words > 2 ** chunkWordsLog2) shift--;
  return shift;
}

/**
 * Reads the home slot (`hash & mask`) of each of the first `count` hashes in `table`, so that a
 * batch's cache misses overlap; returns a value only to keep the reads alive.
 *
 * @example
 * sink ^= touchSlots(table, table.length - 1, hashes, k);
 */
export function touchSlots(table: Int32Array, mask: number, hashes: Int32Array, count: number): number {
  let sink = 0;
  for (let i = 0; i < count; i++) sink ^= table[hashes[i] & mask];
  return sink;
}

/**
 * The visited set, the BFS queue and the parent pointers in one structure.
 *
 * @example
 * const store = new StateStore(2);
 * const state = new Uint32Array([7, 9]);
 * store.add(state, 0, hashWords(state, 0, 2), -1, 0); // 0
 * store.add(state, 0, hashWords(state, 0, 2), -1, 0); // -1: seen before
 */
export class StateStore implements VisitedStore {
  /** Distinct states stored. */
  count = 0;
  readonly chunks: Uint32Array[] = [];
  /** States per chunk, a power of two. */
  readonly perChunk: number;
  private readonly chunkShift: number;
  /** Parent and action records, on disk: they are read only to rebuild traces. */
  readonly records = new TraceRecords();
  /** The sort buffers of {@link growTable}, kept from one growth to the next. */
  private readonly scratch = new RefillScratch();
  /**
   * Open-addressing table (linear probing), one 32-bit word per slot: 0 for an empty slot, else
   * `tag << log2(slots) | index + 1`, where the tag is the hash's bits above those that pick the
   * home slot. A tag match is confirmed against the arena, so the tag only spares most of the
   * arena reads a probe past another state would cost. The table grows when it is 3/4 full
   * (fourfold below 2^20 slots, then twofold: {@link grownTableBits}), so past a million states
   * it costs 5.3 to 10.7 bytes per state; with a full hash beside each index (8-byte slots) and a
   * load of 1/8 to 1/2 it cost 16 to 64, and it was no faster.
   */
  private table = new Int32Array(MIN_TABLE);
  private mask = MIN_TABLE - 1;
  /** log2 of the table's size: the index field's width, and the shift of the tag. */
  private slotBits = Math.log2(MIN_TABLE);
  /** The index of the state the last {@link add} that returned -1 found stored. */
  lastSeen = -1;

  /**
   * Asked before every large allocation (a new arena chunk, a bigger table) with its size in
   * bytes; when it says no, `add` returns {@link STORE_FULL} instead of allocating.
   */
  allocationGuard: ((bytes: number) => boolean) | undefined;

  /**
   * `expectedStates` sizes the first table for that many states (see {@link tableBitsFor}), so
   * that a search which stores no more never stops to grow it; a search that stores more grows it
   * as usual.
   */
  constructor(
    readonly words: number,
    expectedStates = 0,
  ) {
    this.chunkShift = chunkShiftFor(words, CHUNK_WORDS_LOG2);
    this.perChunk = 1 << this.chunkShift;
    const bits = tableBitsFor(expectedStates);
    if (bits !== this.slotBits) {
      // Written at once, so that resident memory (which the allocation guard reads) counts it.
      this.table = new Int32Array(2 ** bits).fill(0);
      this.mask = this.table.length - 1;
      this.slotBits = bits;
    }
  }

  /** The chunk holding state `index`. */
  chunkOf(index: number): Uint32Array {
    return this.chunks[index >>> this.chunkShift];
  }

  /** The word offset of state `index` within its chunk. */
  offsetOf(index: number): number {
    return (index & (this.perChunk - 1)) * this.words;
  }



  /** The exact store keeps every state: nothing to release. */
  release(_index: number): void {}

  /** Deletes the file of parent and action records. */
  dispose(): void {
    this.records.dispose();
  }

  /** The encoded words of state `index`, as a copy. */
  wordsOf(index: number): Uint32Array {
    const off = this.offsetOf(index);
    return this.chunkOf(index).slice(off, off + this.words);
  }

  /**
   * The table slot of the state in `buf[at…at + words)`: the slot holding it, or the empty slot where
   * it would go. On a tag match the words are compared.
   */
  private probe(buf: Uint32Array, at: number, hash: number): number {
    const words = this.words;
    const table = this.table;
    const mask = this.mask;
    const bits = this.slotBits;
    const tag = hash >>> bits;
    let slot = hash & mask;
    for (;;) {
      const entry = table[slot];
      if (entry === 0) return slot;
      if (entry >>> bits === tag) {
        const index = (entry & mask) - 1;
        const chunk = this.chunks[index >>> this.chunkShift];
        const off = (index & (this.perChunk - 1)) * words;
        let w = 0;
        while (w < words && chunk[off + w] === buf[at + w]) w++;
        if (w === words) return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** The index of the state in `buf[at…at + words)`, or -1 when it is not stored. */
  indexOf(buf: Uint32Array, at: number, hash: number): number {
    const entry = this.table[this.probe(buf, at, hash)];
    return entry === 0 ? -1 : (entry & this.mask) - 1;
  }

  /** Whether the state in `buf[at…at + words)` is stored. */
  contains(buf: Uint32Array, at: number, hash: number): boolean {
    return this.table[this.probe(buf, at, hash)] !== 0;
  }

  /**
   * Reads the first table slot of each hash, so that the cache misses of a batch of lookups
   * overlap instead of being paid one after another. Returns a value only to keep the reads.
   */
  touch(hashes: Int32Array, count: number): number {
    return touchSlots(this.table, this.mask, hashes, count);
  }

  /**
   * Adds the state in `buf[at…at + words)`, whose 32-bit hash is `hash` (one hash function for
   * every call, {@link hashWords}), unless it is already stored. Returns its new index, -1 when it
   * was seen before (its index is then in {@link lastSeen}), or {@link STORE_FULL} when the
   * allocation guard refused the memory a new state needs.
   */
  add(buf: Uint32Array, at: number, hash: number, parent: number, action: number): number {
    const slot = this.probe(buf, at, hash);
    const found = this.table[slot];
    if (found !== 0) {
      this.lastSeen = (found & this.mask) - 1;
      return -1;
    }
    const words = this.words;
    const index = this.count;
    const chunkIndex = index >>> this.chunkShift;
    const grows = (index + 1) * 4 > (this.mask + 1) * 3;
    const guard = this.allocationGuard;
    if (guard !== undefined) {
      const chunkBytes = chunkIndex === this.chunks.length ? this.perChunk * words * 4 : 0;
      const tableBytes = grows ? 2 ** grownTableBits(this.slotBits) * Int32Array.BYTES_PER_ELEMENT + this.scratch.freshBytes(index + 1) : 0;
      // The pages of the last chunk not written yet are not resident, but will be.
      const untouched = chunkBytes > 0 ? 0 : (this.perChunk - (index & (this.perChunk - 1))) * words * 4;
      if ((chunkBytes > 0 || tableBytes > 0) && !guard(chunkBytes + tableBytes + untouched)) return STORE_FULL;
    }
    if (chunkIndex === this.chunks.length) this.chunks.push(new Uint32Array(this.perChunk * words));
    const inChunk = index & (this.perChunk - 1);
    const chunk = this.chunks[chunkIndex];
    const dest = inChunk * words;
    for (let w = 0; w < words; w++) chunk[dest + w] = buf[at + w];
    this.records.append(parent, action);
    this.table[slot] = (((hash >>> this.slotBits) << this.slotBits) | (index + 1)) | 0;
    this.count = index + 1;
    if (grows) this.growTable();
    return index;
  }

  /**
   * Bytes the store uses: the arena slots holding states, the whole visited table (empty slots
   * included), and the parent and action records of the stored states. The unused tail of the
   * last arena chunk and of the record arrays is not counted; peak resident memory (the bench)
   * counts everything.
   */
  bytes(): number {
    return this.count * this.words * 4 + this.table.byteLength + this.records.bytes();
  }

  /**
   * Grows the table ({@link grownTableBits}). A slot keeps only part of its state's hash, so each state's hash is
   * computed again from the arena, read in order; see {@link refillTable}.
   */
  private growTable(): void {
    const bits = grownTableBits(this.slotBits);
    if (bits > MAX_SLOT_BITS) throw new RangeError(`the exact store holds at most ${0.75 * 2 ** MAX_SLOT_BITS} states; use fingerprint mode`);
    const table = new Int32Array(2 ** bits);
    const words = this.words;
    const hashOf = (index: number) => hashWords(this.chunks[index >>> this.chunkShift], (index & (this.perChunk - 1)) * words, words);
    refillTable(table, { count: this.count, hashOf, name: (index) => index + 1 }, bits, this.scratch);
    this.table = table;
    this.mask = table.length - 1;
    this.slotBits = bits;
  }
}
