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

const CHUNK_WORDS_LOG2 = 20;
const MIN_TABLE = 1 << 10;

/**
 * The visited set, the BFS queue and the parent pointers in one structure.
 *
 * @example
 * const store = new StateStore(2);
 * const i = store.add(new Uint32Array([7, 9]), hashWords(new Uint32Array([7, 9]), 0, 2), -1, 0); // 0
 * store.add(new Uint32Array([7, 9]), hashWords(new Uint32Array([7, 9]), 0, 2), -1, 0); // -1: seen before
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
  private slots = new Int32Array(MIN_TABLE);
  private slotHashes = new Uint32Array(MIN_TABLE);
  private mask = MIN_TABLE - 1;

  constructor(readonly words: number) {
    // As many states per chunk as fit in 2^20 words, rounded down to a power of two (at least one).
    let shift = CHUNK_WORDS_LOG2;
    while (shift > 0 && (1 << shift) * words > 1 << CHUNK_WORDS_LOG2) shift--;
    this.chunkShift = shift;
    this.perChunk = 1 << shift;
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
   * The table slot of the state in `scratch[0…words)`: the slot holding it, or the empty slot where
   * it would go. Linear probing; on a hash match the words are compared.
   */
  private probe(scratch: Uint32Array, hash: number): number {
    const words = this.words;
    const slots = this.slots;
    const hashes = this.slotHashes;
    const mask = this.mask;
    let slot = hash & mask;
    for (;;) {
      const entry = slots[slot];
      if (entry === 0) return slot;
      if (hashes[slot] === hash) {
        const index = entry - 1;
        const chunk = this.chunks[index >>> this.chunkShift];
        const off = (index & (this.perChunk - 1)) * words;
        let w = 0;
        while (w < words && chunk[off + w] === scratch[w]) w++;
        if (w === words) return slot;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Whether the state in `scratch[0…words)` is stored. */
  contains(scratch: Uint32Array, hash: number): boolean {
    return this.slots[this.probe(scratch, hash)] !== 0;
  }

  /**
   * Adds the state in `scratch[0…words)` unless it is already stored.
   * Returns its new index, or -1 when it was seen before.
   */
  add(scratch: Uint32Array, hash: number, parent: number, action: number): number {
    const slot = this.probe(scratch, hash);
    if (this.slots[slot] !== 0) return -1;
    const words = this.words;
    const index = this.count;
    const chunkIndex = index >>> this.chunkShift;
    if (chunkIndex === this.chunks.length) this.chunks.push(new Uint32Array(this.perChunk * words));
    this.chunks[chunkIndex].set(scratch.subarray(0, words), (index & (this.perChunk - 1)) * words);
    if (index === this.parents.length) this.growRecords();
    this.parents[index] = parent;
    this.actionIndices[index] = action;
    this.slots[slot] = index + 1;
    this.slotHashes[slot] = hash;
    this.count = index + 1;
    if (this.count * 2 > this.slots.length) this.growTable();
    return index;
  }

  /** Bytes held by the arena, the table and the per-state records. */
  bytes(): number {
    return (
      this.chunks.length * this.perChunk * this.words * 4 +
      this.slots.byteLength +
      this.slotHashes.byteLength +
      this.parents.byteLength +
      this.actionIndices.byteLength
    );
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
    const oldSlots = this.slots;
    const oldHashes = this.slotHashes;
    const size = oldSlots.length * 2;
    const slots = new Int32Array(size);
    const hashes = new Uint32Array(size);
    const mask = size - 1;
    for (let i = 0; i < oldSlots.length; i++) {
      const entry = oldSlots[i];
      if (entry === 0) continue;
      const hash = oldHashes[i];
      let slot = hash & mask;
      while (slots[slot] !== 0) slot = (slot + 1) & mask;
      slots[slot] = entry;
      hashes[slot] = hash;
    }
    this.slots = slots;
    this.slotHashes = hashes;
    this.mask = mask;
  }
}
