/**
 * Exact distinct-state storage in typed arrays.
 *
 * Encoded states are appended to an arena of fixed-size `Uint32Array` chunks in discovery order,
 * so the arena is also the breadth-first queue. An open-addressing table of state indices (with
 * each slot's hash beside it) finds a state by content; on a hash match the words are compared,
 * so two distinct states are never merged. Per state the store keeps the parent index and the
 * action index, enough to rebuild any trace by replay. No `Map` or `Set` is involved, so the
 * store is not limited by V8's 2^24 entries per collection.
 */

import { hashWords } from './hash.js';

const CHUNK_WORDS_LOG2 = 20;
const INLINE_WORDS = 3;
const MIN_TABLE = 1 << 8;

/**
 * The visited set, the BFS queue and the parent pointers in one structure.
 *
 * @example
 * const store = new StateStore(2);
 * const state = new Uint32Array([7, 9]);
 * store.add(state, 0, hashWords(state, 0, 2), -1, 0); // 0
 * store.add(state, 0, hashWords(state, 0, 2), -1, 0); // -1: seen before
 */
export class StateStore {
  /** Distinct states stored. */
  count = 0;
  readonly chunks: Uint32Array[] = [];
  /** States per chunk, a power of two. */
  readonly perChunk: number;
  private readonly chunkShift: number;
  private parents = new Int32Array(1024);
  private actionIndices = new Uint32Array(1024);
  /**
   * Open-addressing table. Small states (at most {@link INLINE_WORDS} words) are kept inline,
   * four ints per slot: state index + 1 (0 = empty), then the state's words, so that a lookup
   * touches one cache line and never the arena. Larger states take two ints per slot: index + 1
   * and the hash; a hash match is confirmed against the arena.
   */
  private table: Int32Array;
  private mask = MIN_TABLE - 1;
  private readonly inline: boolean;
  private readonly strideShift: number;

  constructor(readonly words: number) {
    // As many states per chunk as fit in 2^20 words, rounded down to a power of two (at least one).
    let shift = CHUNK_WORDS_LOG2;
    while (shift > 0 && (1 << shift) * words > 1 << CHUNK_WORDS_LOG2) shift--;
    this.chunkShift = shift;
    this.perChunk = 1 << shift;
    this.inline = words <= INLINE_WORDS;
    this.strideShift = this.inline ? 2 : 1;
    this.table = new Int32Array(MIN_TABLE << this.strideShift);
  }

  /** The chunk holding state `index`. */
  chunkOf(index: number): Uint32Array {
    return this.chunks[index >>> this.chunkShift];
  }

  /** The word offset of state `index` within its chunk. */
  offsetOf(index: number): number {
    return (index & (this.perChunk - 1)) * this.words;
  }

  /** The parent of state `index`, or -1 for an initial state. */
  parent(index: number): number {
    return this.parents[index];
  }

  /** The index of the action that produced state `index` (the initial-state index for roots). */
  actionIndex(index: number): number {
    return this.actionIndices[index];
  }

  /** The encoded words of state `index`, as a copy. */
  wordsOf(index: number): Uint32Array {
    const off = this.offsetOf(index);
    return this.chunkOf(index).slice(off, off + this.words);
  }

  /**
   * The table slot of the state in `buf[at…at + words)`: the slot holding it, or the empty slot where
   * it would go. Linear probing; on a hash match the words are compared.
   */
  private probe(buf: Uint32Array, at: number, hash: number): number {
    const words = this.words;
    const table = this.table;
    const mask = this.mask;
    let slot = hash & mask;
    if (this.inline) {
      const w0 = buf[at] | 0;
      const w1 = words > 1 ? buf[at + 1] | 0 : 0;
      const w2 = words > 2 ? buf[at + 2] | 0 : 0;
      for (;;) {
        const at = slot << 2;
        if (table[at] === 0) return slot;
        if (table[at + 1] === w0 && table[at + 2] === w1 && table[at + 3] === w2) return slot;
        slot = (slot + 1) & mask;
      }
    }
    const h = hash | 0;
    for (;;) {
      const entry = table[slot << 1];
      if (entry === 0) return slot;
      if (table[(slot << 1) + 1] === h) {
        const index = entry - 1;
        const chunk = this.chunks[index >>> this.chunkShift];
        const off = (index & (this.perChunk - 1)) * words;
        let w = 0;
        while (w < words && chunk[off + w] === buf[at + w]) w++;
        if (w === words) return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Whether the state in `buf[at…at + words)` is stored. */
  contains(buf: Uint32Array, at: number, hash: number): boolean {
    return this.table[this.probe(buf, at, hash) << this.strideShift] !== 0;
  }

  /**
   * Reads the first table slot of each hash, so that the cache misses of a batch of lookups
   * overlap instead of being paid one after another. Returns a value only to keep the reads.
   */
  touch(hashes: Int32Array, count: number): number {
    const table = this.table;
    const mask = this.mask;
    const shift = this.strideShift;
    let sink = 0;
    for (let i = 0; i < count; i++) sink ^= table[(hashes[i] & mask) << shift];
    return sink;
  }

  /**
   * Adds the state in `buf[at…at + words)`, whose hash is `hashWords(buf, at, words)`, unless it
   * is already stored. Returns its new index, or -1 when it was seen before.
   */
  add(buf: Uint32Array, at: number, hash: number, parent: number, action: number): number {
    const slot = this.probe(buf, at, hash);
    const entry = slot << this.strideShift;
    if (this.table[entry] !== 0) return -1;
    const words = this.words;
    const index = this.count;
    const chunkIndex = index >>> this.chunkShift;
    if (chunkIndex === this.chunks.length) this.chunks.push(new Uint32Array(this.perChunk * words));
    const chunk = this.chunks[chunkIndex];
    const dest = (index & (this.perChunk - 1)) * words;
    for (let w = 0; w < words; w++) chunk[dest + w] = buf[at + w];
    if (index === this.parents.length) this.growRecords();
    this.parents[index] = parent;
    this.actionIndices[index] = action;
    this.table[entry] = index + 1;
    if (this.inline) for (let w = 0; w < words; w++) this.table[entry + 1 + w] = buf[at + w] | 0;
    else this.table[entry + 1] = hash | 0;
    this.count = index + 1;
    if (this.count * 2 > this.mask + 1) this.growTable();
    return index;
  }

  /**
   * Bytes the store uses: the arena slots holding states, the whole visited table (empty slots
   * included), and the parent and action records of the stored states. The unused tail of the
   * last arena chunk and of the record arrays is not counted; peak resident memory (the bench)
   * counts everything.
   */
  bytes(): number {
    return this.count * (this.words * 4 + 8) + this.table.byteLength;
  }

  private growRecords(): void {
    const parents = new Int32Array(this.parents.length * 2);
    parents.set(this.parents);
    this.parents = parents;
    const actions = new Uint32Array(this.actionIndices.length * 2);
    actions.set(this.actionIndices);
    this.actionIndices = actions;
  }

  private growTable(): void {
    const old = this.table;
    const stride = 1 << this.strideShift;
    // Grow fourfold: every doubling rehashes the whole table, and rehashing is random writes.
    const size = (this.mask + 1) * 4;
    const table = new Int32Array(size * stride);
    const mask = size - 1;
    const tmp = new Uint32Array(INLINE_WORDS);
    for (let i = 0; i < old.length; i += stride) {
      const entry = old[i];
      if (entry === 0) continue;
      // Inline slots recompute the hash from the stored words; others keep it in the slot.
      let hash = old[i + 1];
      if (this.inline) {
        for (let w = 0; w < this.words; w++) tmp[w] = old[i + 1 + w];
        hash = hashWords(tmp, 0, this.words);
      }
      let slot = hash & mask;
      while (table[slot * stride] !== 0) slot = (slot + 1) & mask;
      for (let k = 0; k < stride; k++) table[slot * stride + k] = old[i + k];
    }
    this.table = table;
    this.mask = mask;
  }
}
