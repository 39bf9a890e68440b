/**
 * The visited table and the state arenas every worker of a parallel exact check shares.
 *
 * One open-addressing table (linear probing, tagged 32-bit slots as in {@link StateStore}) lives
 * in a `SharedArrayBuffer`; each worker appends the states it discovers to its own arena, a list
 * of `SharedArrayBuffer` chunks that the others read to compare states and to expand the states
 * they take from its frontier. A slot names a state as `local index × workers + worker`; as one
 * worker may store more states than another, names run up to `workers` times the state count, so
 * a slot gives the name log2(workers) more bits than the table's size needs (and the tag as many
 * fewer).
 *
 * A worker probes for a candidate; at an empty slot it writes the state's words at the end of
 * its arena and then claims the slot with `Atomics.compareExchange`: a slot is published only
 * after its state's words are in place, so whoever reads the slot (with `Atomics.load`) can
 * compare against them. Two workers inserting the same state race for the same probe sequence;
 * the loser meets the winner's slot and finds the state present. So every state is stored once,
 * by whichever worker saw it first.
 *
 * Workers reserve room before each batch ({@link SharedStateStore.reserve}), in the table and in
 * their arena. When either runs short they all pause: the coordinator gives the worker a new
 * chunk (every worker must know a chunk before any slot names a state in it) or the table a new,
 * larger buffer, which the workers fill again, each from its own arena, at the same time.
 * Buffers are allocated whole rather than grown in place: the allocator can back them with huge
 * pages, and on a virtual machine a first touch of every 4 KiB page costs as much as thousands of
 * table probes.
 */
import { hashWords } from '../../model/core/shape/hash.js';
import { RefillScratch, refillScratchBytes, refillTable } from '../refillTable.js';
import { chunkShiftFor, STORE_FULL, tableBitsFor } from '../stateStore.js';
import { TraceRecords } from '../traceRecords.js';
import type { VisitedStore } from '../visitedStore.js';

/**
 * The recent states a worker remembers, 2^16 of them (pairs of hash and slot entry, 512 KiB).
 * Most duplicates a worker generates were stored or found by it shortly before, so this cache
 * answers most duplicate lookups, and each answer spares a read of a table line the other core
 * may have just written. With one worker, where the table is private and the batch's reads are
 * issued ahead, the same cache was slower: `StateStore` has none (bench/NOTES.md, "A recent-states
 * cache per worker").
 */
const RECENT_MASK = (1 << 16) - 1;
/** The first table: 2^16 slots (256 KiB), room for the batches of several workers. */
const FIRST_SLOT_BITS = 16;
/**
 * A table that must grow to fewer than 2^23 slots (32 MiB) grows to twice the size it needs:
 * every growth pauses all workers while they refill it, and a pause costs more than its refill
 * (bench/NOTES.md, "Growing the shared table").
 */
const QUADRUPLE_BELOW_BITS = 23;
/** The largest table, 2^30 slots (4 GiB). */
const MAX_SLOT_BITS = 30;
/** The widest name field: at least one bit of a slot is left for the tag. */
const MAX_NAME_BITS = 31;
/** An arena chunk holds up to 2^22 words (16 MiB); only the pages states are written to are resident. */
const CHUNK_WORDS_LOG2 = 22;

/**
 * Table slots a worker reserves before each batch of expansions: a batch that would store more
 * new states ends early, so that the table never passes 7/8 full between growths.
 *
 * @example
 * if (store.reserve(SHARED_BATCH_ROOM)) { expandBatch(); store.settle(SHARED_BATCH_ROOM, stored); }
 */
export const SHARED_BATCH_ROOM = 4096;

/**
 * log2 of the first shared table for a search expected to store `expectedStates` states (0: no
 * expectation): room for them and every worker's reserved batch at 3/4 load, as
 * `tableBitsFor` sizes the one-worker table, and never below the usual first table.
 *
 * @example
 * createSharedBuffers(2, words, firstTableBits(1_306_271, 2)); // 2^21 slots: no growth for l4Ipc C=5
 */
export function firstTableBits(expectedStates: number, workers: number): number {
  if (expectedStates <= 0) return FIRST_SLOT_BITS;
  // Room for one more name per worker than the batches: `reserve` counts the next name too.
  const room = expectedStates + workers * (SHARED_BATCH_ROOM + 1);
  return Math.max(FIRST_SLOT_BITS, room > 0.75 * 2 ** MAX_SLOT_BITS ? MAX_SLOT_BITS : tableBitsFor(room));
}

/** Int32 positions in the control buffer; per-worker words sit 64 bytes apart. */
const RESERVED = 1;
/** Some worker asked for a pause (for a bigger table or a new chunk). */
const PAUSE = 2;
/** A worker found the table filling up. */
const TABLE_SHORT = 3;
const SLOT_BITS = 4;
const perWorker = (w: number) => 16 * (w + 1);
/** Claim cursor and end of worker `w`'s frontier, for {@link SharedStateStore.claimFrom}. */
const CLAIM = (w: number) => perWorker(w);
const END = (w: number) => perWorker(w) + 1;
/** Worker `w` needs another arena chunk. */
const CHUNK_SHORT = (w: number) => perWorker(w) + 2;

/** The bits of a slot that hold a state's name (plus one) in a table of 2^`slotBits` slots. */
function nameBitsOf(slotBits: number, workers: number): number {
  return Math.min(MAX_NAME_BITS, slotBits + Math.ceil(Math.log2(workers)));
}

/**
 * What the workers of a parallel exact check share: the table, each worker's arena chunks, and
 * control words (reservations, pause requests, the table size, each frontier's claim cursor).
 *
 * @example
 * const buffers = createSharedBuffers(2, 3); // pass to every worker, then new SharedStateStore(buffers, 0)
 */
export interface SharedBuffers {
  readonly words: number;
  readonly workers: number;
  /** States per arena chunk, a power of two. */
  readonly perChunk: number;
  readonly table: SharedArrayBuffer;
  /** Per worker, its chunks in order. */
  readonly chunks: readonly (readonly SharedArrayBuffer[])[];
  readonly control: SharedArrayBuffer;
}

/**
 * A change the coordinator made while the workers paused: chunks given to workers, and maybe a
 * new (empty) table the workers must fill from every arena.
 *
 * @example
 * const resize: SharedResize = { chunks: [{ worker: 1, buffer }], table: undefined };
 */
export interface SharedResize {
  readonly chunks: readonly { readonly worker: number; readonly buffer: SharedArrayBuffer }[];
  readonly table: SharedArrayBuffer | undefined;
}

/**
 * Allocates the shared buffers of a check with `workers` workers and states of `words` words: a
 * first table of 2^`slotBits` slots and chunks of up to 2^`chunkWordsLog2` words (small ones make
 * tests pause often).
 *
 * @example
 * const { table, chunks } = createSharedBuffers(2, 3); // chunks[0].length === 1
 */
export function createSharedBuffers(workers: number, words: number, slotBits = FIRST_SLOT_BITS, chunkWordsLog2 = CHUNK_WORDS_LOG2): SharedBuffers {
  const perChunk = 2 ** chunkShiftFor(words, chunkWordsLog2);
  const table = new SharedArrayBuffer(4 * 2 ** slotBits);
  // A first table larger than usual (sized for the states expected) is written at once, so that
  // resident memory, which the workers' allocation guards read, counts it.
  if (slotBits > FIRST_SLOT_BITS) new Int32Array(table).fill(0);
  const chunks = Array.from({ length: workers }, () => [new SharedArrayBuffer(4 * perChunk * words)]);
  const control = new SharedArrayBuffer(4 * perWorker(workers));
  new Int32Array(control)[SLOT_BITS] = slotBits;
  return { words, workers, perChunk, table, chunks, control };
}

/**
 * The coordinator's side of the shared buffers: setting each frontier before a level, and
 * meeting the requests of paused workers.
 *
 * @example
 * const control = new SharedControl(buffers);
 * control.setFrontier(0, 0, 1); // worker 0's states 0..0 are the first level
 * if (control.pauseRequested()) send(control.resize(counts, allowed)); // each worker then calls store.resize(change)
 */
export class SharedControl {
  private readonly ctl: Int32Array;
  /** Per worker: the most states it has refilled a table with (see {@link resize}). */
  private readonly refilled: number[];
  /** The table and every worker's chunks now, after the resizes so far. */
  private table: SharedArrayBuffer;
  private readonly chunkLists: SharedArrayBuffer[][];
  constructor(private readonly buffers: SharedBuffers) {
    this.ctl = new Int32Array(buffers.control);
    this.refilled = buffers.chunks.map(() => 0);
    this.table = buffers.table;
    this.chunkLists = buffers.chunks.map((list) => [...list]);
  }

  /**
   * The buffers as they are now: the table and the chunks the resizes so far made. A worker that
   * starts late takes them ({@link SharedStateStore.adopt}) before it joins.
   */
  current(): SharedBuffers {
    return { ...this.buffers, table: this.table, chunks: this.chunkLists.map((list) => [...list]) };
  }

  /** Makes worker `w`'s states `from…to - 1` the ones of the next level to claim. */
  setFrontier(w: number, from: number, to: number): void {
    Atomics.store(this.ctl, CLAIM(w), from);
    Atomics.store(this.ctl, END(w), to);
  }

  /** Whether a worker asked for a pause (a bigger table or another chunk). */
  pauseRequested(): boolean {
    return Atomics.load(this.ctl, PAUSE) !== 0;
  }

  /**
   * While the workers are paused: a chunk for each worker that asked for one and, when the table
   * ran short, a new empty table at least twice as large, with room for the stored states
   * (`counts[w]` per worker) plus {@link SHARED_BATCH_ROOM} per worker. Undefined when `allowed`
   * refuses the bytes or the table is at its largest (2^30 slots). `allowed` is asked for
   * everything the change will make resident: the new chunks and table, the pages of the arenas
   * not written yet (allocated whole, they become resident as states are stored), and the sort
   * buffers the workers' refills touch for the first time.
   */
  resize(counts: readonly number[], allowed: (bytes: number) => boolean): SharedResize | undefined {
    const { workers, words, perChunk } = this.buffers;
    const short = Array.from({ length: workers }, (_, w) => Atomics.load(this.ctl, CHUNK_SHORT(w)) !== 0);
    const chunkBytes = 4 * perChunk * words;
    let bytes = short.filter(Boolean).length * chunkBytes;
    for (let w = 0; w < workers; w++) bytes += Math.max(0, this.chunkLists[w].length * perChunk - counts[w]) * words * 4;
    let bits = Atomics.load(this.ctl, SLOT_BITS);
    const growTable = Atomics.load(this.ctl, TABLE_SHORT) !== 0;
    if (growTable) {
      const stored = counts.reduce((n, c) => n + c, 0);
      const total = stored + workers * SHARED_BATCH_ROOM;
      const largestName = Math.max(...counts.map((c) => c + SHARED_BATCH_ROOM)) * workers + workers;
      bits++;
      while (bits <= MAX_SLOT_BITS && (total * 8 > 5 * 2 ** bits || largestName * 8 > 5 * 2 ** nameBitsOf(bits, workers))) bits++;
      if (bits > MAX_SLOT_BITS) return undefined;
      // A small table grows fourfold when that fits: every growth pauses all workers.
      if (bits < QUADRUPLE_BELOW_BITS && allowed(bytes + 4 * 2 ** (bits + 1) + this.refillBytes(counts))) bits++;
      bytes += 4 * 2 ** bits;
      bytes += this.refillBytes(counts);
    }
    if (!allowed(bytes)) return undefined;
    if (growTable) counts.forEach((c, w) => (this.refilled[w] = Math.max(this.refilled[w], c)));
    const chunks = short.flatMap((s, worker) => (s ? [{ worker, buffer: new SharedArrayBuffer(chunkBytes) }] : []));
    for (const { worker, buffer } of chunks) this.chunkLists[worker].push(buffer);
    for (let w = 0; w < workers; w++) Atomics.store(this.ctl, CHUNK_SHORT(w), 0);
    let table: SharedArrayBuffer | undefined;
    if (growTable) {
      table = new SharedArrayBuffer(4 * 2 ** bits);
      this.table = table;
      Atomics.store(this.ctl, SLOT_BITS, bits);
      Atomics.store(this.ctl, RESERVED, counts.reduce((n, c) => n + c, 0));
      Atomics.store(this.ctl, TABLE_SHORT, 0);
    }
    Atomics.store(this.ctl, PAUSE, 0);
    return { chunks, table };
  }

  /** The sort buffers the workers' refills of `counts[w]` states each touch for the first time. */
  private refillBytes(counts: readonly number[]): number {
    let bytes = 0;
    for (let w = 0; w < counts.length; w++) bytes += refillScratchBytes(counts[w]) - refillScratchBytes(this.refilled[w]);
    return bytes;
  }
}

/**
 * One worker's view of the shared store: a {@link VisitedStore} whose `add` may find a state
 * another worker stored. Indices are this worker's own (its arena's order); {@link chunkFor}
 * reads another worker's states.
 *
 * @example
 * const store = new SharedStateStore(buffers, 0);
 * if (store.reserve(64)) { store.add(words, 0, hash, -1, 0); store.settle(64, 1); }
 */
export class SharedStateStore implements VisitedStore {
  /** States this worker stored. */
  count = 0;
  /** The room to reserve before each batch of expansions ({@link SHARED_BATCH_ROOM}). */
  readonly batchRoom = SHARED_BATCH_ROOM;
  allocationGuard: ((bytes: number) => boolean) | undefined;
  readonly words: number;
  readonly workers: number;
  private readonly ctl: Int32Array;
  private table: Int32Array;
  private mask = 0;
  /** The low bits of a slot holding a name (plus one); the bits above are the tag. */
  private nameBits = 0;
  private nameMask = 0;
  /** Views of every worker's chunks. */
  private chunks: Uint32Array[][];
  private readonly chunkShift: number;
  private readonly inChunk: number;
  readonly records = new TraceRecords();
  /** The sort buffers of {@link resize}, kept from one growth to the next. */
  private readonly scratch = new RefillScratch();
  /**
   * States this worker stored or found lately ({@link RECENT_MASK}): at `2r` a hash, at `2r + 1` the
   * table entry naming its state (0 for none), where `r` is the hash's low bits. A hit is confirmed
   * against the arena like a table match; the cache is emptied with every new table, whose entries
   * are laid out differently.
   */
  private readonly recent = new Int32Array(2 * (RECENT_MASK + 1));
  /** The name (`index × workers + worker`) of the state the last {@link add} that returned -1 found stored. */
  lastSeen = -1;

  constructor(
    buffers: SharedBuffers,
    readonly id: number,
  ) {
    this.words = buffers.words;
    this.workers = buffers.workers;
    this.ctl = new Int32Array(buffers.control);
    this.chunks = buffers.chunks.map((list) => list.map((b) => new Uint32Array(b)));
    this.chunkShift = Math.log2(buffers.perChunk);
    this.inChunk = buffers.perChunk - 1;
    this.table = new Int32Array(0);
    this.useTable(buffers.table);
  }

  private useTable(table: SharedArrayBuffer): void {
    this.recent.fill(0);
    this.table = new Int32Array(table);
    this.mask = this.table.length - 1;
    this.nameBits = nameBitsOf(Math.log2(this.table.length), this.workers);
    this.nameMask = 2 ** this.nameBits - 1;
  }

  /** The chunk of worker `w` holding its state `index`. */
  chunkFor(w: number, index: number): Uint32Array {
    return this.chunks[w][index >>> this.chunkShift];
  }

  chunkOf(index: number): Uint32Array {
    return this.chunks[this.id][index >>> this.chunkShift];
  }

  offsetOf(index: number): number {
    return (index & this.inChunk) * this.words;
  }

  wordsOf(index: number): Uint32Array {
    const off = this.offsetOf(index);
    return this.chunkOf(index).slice(off, off + this.words);
  }

  release(_index: number): void {}

  dispose(): void {
    this.records.dispose();
  }

  /** This worker's share: its arena's states, its records, its cache of recent states and a 1/workers part of the table. */
  bytes(): number {
    return this.count * this.words * 4 + this.table.byteLength / this.workers + this.recent.byteLength + this.records.bytes();
  }

  /**
   * Reserves room for `n` more states before a batch stores at most that many: in the table,
   * and in this worker's arena. False, with a pause requested, when the table (or the slot names
   * of this worker's states) would pass 7/8 full, or the arena's chunks would not hold them: the
   * worker must pause until the coordinator makes room. A pause is requested early, with the
   * reservation granted, past 3/4 of the table or with less than half a chunk left. `force`
   * grants whatever still fits (for an expansion that cannot be paused).
   */
  reserve(n: number, force = false): boolean {
    const size = this.mask + 1;
    const names = this.nameMask + 1;
    const reserved = Atomics.add(this.ctl, RESERVED, n) + n;
    const largestName = (this.count + n) * this.workers + this.workers;
    const room = this.chunks[this.id].length * (this.inChunk + 1) - this.count;
    const tableShort = force ? reserved >= size || largestName >= names : reserved * 8 > size * 7 || largestName * 8 > names * 7;
    if (tableShort || n > room) {
      Atomics.sub(this.ctl, RESERVED, n);
      this.requestPause(tableShort, n > room);
      return false;
    }
    const tableLow = reserved * 4 > size * 3 || largestName * 4 > names * 3;
    const arenaLow = (room - n) * 2 < this.inChunk + 1;
    if (tableLow || arenaLow) this.requestPause(tableLow, arenaLow);
    return true;
  }

  private requestPause(table: boolean, chunk: boolean): void {
    if (table) Atomics.store(this.ctl, TABLE_SHORT, 1);
    if (chunk) Atomics.store(this.ctl, CHUNK_SHORT(this.id), 1);
    Atomics.store(this.ctl, PAUSE, 1);
  }

  /** Returns what a batch reserved and did not use: `n` reserved, `used` states stored. */
  settle(n: number, used: number): void {
    if (n > used) Atomics.sub(this.ctl, RESERVED, n - used);
  }

  /** Whether a worker asked for a pause (every worker then stops at its next batch). */
  pauseRequested(): boolean {
    return Atomics.load(this.ctl, PAUSE) !== 0;
  }

  /**
   * Claims up to `max` states of worker `w`'s frontier: returns the first, or -1 when none is
   * left; the claim ends at {@link claimEnd}`(w)`.
   */
  claimFrom(w: number, max: number): number {
    const end = Atomics.load(this.ctl, END(w));
    if (Atomics.load(this.ctl, CLAIM(w)) >= end) return -1;
    const from = Atomics.add(this.ctl, CLAIM(w), max);
    return from < end ? from : -1;
  }

  /** The end of worker `w`'s frontier. */
  claimEnd(w: number): number {
    return Atomics.load(this.ctl, END(w));
  }

  /** Reads the first table slot of each hash the cache of recent states will not answer. */
  touch(hashes: Int32Array, count: number): number {
    const table = this.table;
    const mask = this.mask;
    const recent = this.recent;
    let sink = 0;
    for (let i = 0; i < count; i++) {
      const hash = hashes[i];
      if (recent[(hash & RECENT_MASK) << 1] !== hash) sink ^= table[hash & mask];
    }
    return sink;
  }

  /** Whether the slot entry `entry` names the state in `buf[at…]`. */
  private names(entry: number, buf: Uint32Array, at: number): boolean {
    const name = (entry & this.nameMask) - 1;
    const w = name % this.workers;
    const index = (name - w) / this.workers;
    const chunk = this.chunks[w][index >>> this.chunkShift];
    const off = (index & this.inChunk) * this.words;
    let i = 0;
    while (i < this.words && chunk[off + i] === buf[at + i]) i++;
    return i === this.words;
  }

  contains(buf: Uint32Array, at: number, hash: number): boolean {
    return this.nameOf(buf, at, hash) >= 0;
  }

  /**
   * The name (`index × workers + worker`) of the state in `buf[at…at + words)`, or -1 when no
   * worker stored it.
   */
  nameOf(buf: Uint32Array, at: number, hash: number): number {
    const table = this.table;
    const mask = this.mask;
    const bits = this.nameBits;
    let slot = hash & mask;
    for (;;) {
      const entry = Atomics.load(table, slot);
      if (entry === 0) return -1;
      if (entry >>> bits === hash >>> bits && this.names(entry, buf, at)) return (entry & this.nameMask) - 1;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Adds the state in `buf[at…at + words)` unless some worker stored it: its new index in this
   * worker's arena, or -1 when it was present (its name is then in {@link lastSeen}). The caller must have reserved room
   * ({@link reserve}); without it the arena has no chunk for the state and this returns
   * {@link STORE_FULL}.
   */
  add(buf: Uint32Array, at: number, hash: number, parent: number, action: number): number {
    // A state this worker met lately is answered from its own cache, without the shared table.
    const recent = this.recent;
    const r = (hash & RECENT_MASK) << 1;
    const known = recent[r + 1];
    if (known !== 0 && recent[r] === (hash | 0) && this.names(known, buf, at)) {
      this.lastSeen = (known & this.nameMask) - 1;
      return -1;
    }
    const words = this.words;
    const index = this.count;
    const chunk = this.chunks[this.id][index >>> this.chunkShift];
    if (chunk === undefined) return STORE_FULL;
    const dest = (index & this.inChunk) * words;
    let written = false;
    const table = this.table;
    const mask = this.mask;
    const bits = this.nameBits;
    const tag = hash >>> bits;
    const entry = ((tag << bits) | (index * this.workers + this.id + 1)) | 0;
    let slot = hash & mask;
    for (;;) {
      let seen = Atomics.load(table, slot);
      if (seen === 0) {
        // The words go in place before the slot that names them is published.
        if (!written) {
          for (let w = 0; w < words; w++) chunk[dest + w] = buf[at + w];
          written = true;
        }
        seen = Atomics.compareExchange(table, slot, 0, entry);
        if (seen === 0) {
          this.records.append(parent, action);
          this.count = index + 1;
          recent[r] = hash | 0;
          recent[r + 1] = entry;
          return index;
        }
      }
      if (seen >>> bits === tag && this.names(seen, buf, at)) {
        recent[r] = hash | 0;
        recent[r + 1] = seen;
        this.lastSeen = (seen & this.nameMask) - 1;
        return -1;
      }
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Takes the buffers as they are now ({@link SharedControl.current}): a worker that started after
   * the others began, and stored nothing yet, does so before it joins them.
   */
  adopt(buffers: SharedBuffers): void {
    if (this.count !== 0) throw new Error('a worker that stored states cannot take other buffers');
    this.chunks = buffers.chunks.map((list) => list.map((b) => new Uint32Array(b)));
    this.useTable(buffers.table);
  }

  /**
   * Takes what the coordinator did while the workers paused: new chunks, and maybe a new empty
   * table. Every worker then fills the new table with the states of its own arena, all at once:
   * each state is hashed once, by the worker that stored it, and its slot is claimed with
   * `Atomics.compareExchange` as the others fill the same table. Each worker's states go in
   * sorted by home slot ({@link refillTable}), so the workers sweep the table rather than
   * writing it at random.
   */
  resize(change: SharedResize): void {
    for (const { worker, buffer } of change.chunks) this.chunks[worker].push(new Uint32Array(buffer));
    if (change.table === undefined) return;
    this.useTable(change.table);
    const words = this.words;
    const own = this.chunks[this.id];
    const source = {
      count: this.count,
      hashOf: (index: number) => hashWords(own[index >>> this.chunkShift], (index & this.inChunk) * words, words),
      name: (index: number) => index * this.workers + this.id + 1,
    };
    refillTable(this.table, source, this.nameBits, this.scratch, true, this.id / this.workers);
  }
}
