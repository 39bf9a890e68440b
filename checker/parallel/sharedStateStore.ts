/**
 * The visited table and the state arenas every worker of a parallel exact check shares.
 *
 * One open-addressing table (linear probing, tagged 32-bit slots as in {@link StateStore}) lives
 * in a growable `SharedArrayBuffer`; each worker appends the states it discovers to its own arena,
 * also a growable `SharedArrayBuffer` that the others read to compare states and to expand the
 * states they take from its frontier. A slot names a state as `local index × workers + worker`;
 * as one worker may store more states than another, names run up to `workers` times the state
 * count, so a slot gives the name log2(workers) more bits than the table's size needs (and the
 * tag as many fewer).
 * A worker writes a candidate's words at the end of its arena first and then claims an empty
 * slot with `Atomics.compareExchange`: a slot is published only after its state's words are in
 * place, so whoever reads the slot (with `Atomics.load`) can compare against them. Two workers
 * inserting the same state race for the same probe sequence; the loser meets the winner's slot
 * and finds the state present. So every state is stored once, by whichever worker saw it first.
 *
 * The table grows only while every worker is paused (the coordinator doubles it and each worker
 * inserts its own states again); between growths, workers reserve room before each batch
 * ({@link SharedStateStore.reserve}), so the table never fills up under them.
 */
import { hashWords } from '../../model/core/shape/hash.js';
import { STORE_FULL } from '../stateStore.js';
import { TraceRecords } from '../traceRecords.js';
import type { VisitedStore } from '../visitedStore.js';

/**
 * A growable `SharedArrayBuffer` (ES2024; Node 20 has it, the project's `lib` setting does not
 * declare it).
 */
interface GrowableSharedArrayBuffer extends SharedArrayBuffer {
  grow(bytes: number): void;
}
const GrowableSharedArrayBuffer = SharedArrayBuffer as unknown as new (bytes: number, options: { maxByteLength: number }) => GrowableSharedArrayBuffer;

/** The largest growable `SharedArrayBuffer` V8 allows: 4 GiB. */
const MAX_SHARED_BYTES = 2 ** 32;
/** The first table: 2^16 slots (256 KiB), room for the batches of several workers. */
const FIRST_SLOT_BITS = 16;
/** The largest table, 2^30 slots (4 GiB). */
const MAX_SLOT_BITS = 30;
/** The widest name field: at least one bit of a slot is left for the tag. */
const MAX_NAME_BITS = 31;

/** The bits of a slot that hold a state's name (plus one) in a table of 2^`slotBits` slots. */
function nameBitsOf(slotBits: number, workers: number): number {
  return Math.min(MAX_NAME_BITS, slotBits + Math.ceil(Math.log2(workers)));
}
/**
 * Table slots a worker reserves before each batch of expansions: a batch that would store more
 * new states ends early, so that the table never passes 7/8 full between growths.
 *
 * @example
 * if (store.reserve(SHARED_BATCH_ROOM)) { expandBatch(); store.settle(SHARED_BATCH_ROOM, stored); }
 */
export const SHARED_BATCH_ROOM = 4096;
/** The arena grows by doubling from this many bytes. */
const FIRST_ARENA_BYTES = 1 << 16;

/** Int32 positions in the control buffer; per-worker words sit 64 bytes apart. */
const RESERVED = 1;
const GROW = 2;
const SLOT_BITS = 3;
const perWorker = (w: number) => 16 * (w + 1);
/** Claim cursor and end of worker `w`'s frontier, for {@link claimFrom}. */
const CLAIM = (w: number) => perWorker(w);
const END = (w: number) => perWorker(w) + 1;

/**
 * What the workers of a parallel exact check share: the table, one arena per worker, and control
 * words (reservations, the growth request, the table size, each frontier's claim cursor).
 *
 * @example
 * const buffers = createSharedBuffers(2); // pass to every worker, then new SharedStateStore(buffers, words, id)
 */
export interface SharedBuffers {
  readonly table: GrowableSharedArrayBuffer;
  readonly arenas: readonly GrowableSharedArrayBuffer[];
  readonly control: SharedArrayBuffer;
}

/**
 * Allocates the shared buffers of a check with `workers` workers, with a first table of
 * 2^`slotBits` slots (small ones make tests grow it).
 *
 * @example
 * const { table, arenas } = createSharedBuffers(2); // arenas.length === 2
 */
export function createSharedBuffers(workers: number, slotBits = FIRST_SLOT_BITS): SharedBuffers {
  const table = new GrowableSharedArrayBuffer(4 * 2 ** slotBits, { maxByteLength: MAX_SHARED_BYTES });
  const arenas = Array.from({ length: workers }, () => new GrowableSharedArrayBuffer(FIRST_ARENA_BYTES, { maxByteLength: MAX_SHARED_BYTES }));
  const control = new SharedArrayBuffer(4 * perWorker(workers));
  new Int32Array(control)[SLOT_BITS] = slotBits;
  return { table, arenas, control };
}

/**
 * The coordinator's side of the shared buffers: setting each frontier before a level, and
 * growing the table while the workers are paused.
 *
 * @example
 * const control = new SharedControl(buffers);
 * control.setFrontier(0, 0, 1); // worker 0's states 0..0 are the first level
 * if (control.growRequested()) control.growTable(total, needed); // then every worker rehashes
 */
export class SharedControl {
  private readonly ctl: Int32Array;
  constructor(private readonly buffers: SharedBuffers) {
    this.ctl = new Int32Array(buffers.control);
  }

  /** Makes worker `w`'s states `from…to - 1` the ones of the next level to claim. */
  setFrontier(w: number, from: number, to: number): void {
    Atomics.store(this.ctl, CLAIM(w), from);
    Atomics.store(this.ctl, END(w), to);
  }

  /** Whether a worker asked for a bigger table. */
  growRequested(): boolean {
    return Atomics.load(this.ctl, GROW) !== 0;
  }

  /**
   * Replaces the table by an empty one at least twice as large, with room for `total` states
   * and the largest slot name `largestName`; the workers must then re-insert their states
   * ({@link SharedStateStore.rehash}). False when the table cannot grow (2^30 slots, or the
   * `allowed` check refuses the bytes).
   */
  growTable(total: number, largestName: number, allowed: (bytes: number) => boolean): boolean {
    const workers = this.buffers.arenas.length;
    let bits = Atomics.load(this.ctl, SLOT_BITS) + 1;
    while (bits <= MAX_SLOT_BITS && (total * 8 > 5 * 2 ** bits || largestName * 8 > 5 * 2 ** nameBitsOf(bits, workers))) bits++;
    if (bits > MAX_SLOT_BITS) return false;
    const bytes = 4 * 2 ** bits;
    if (bytes > MAX_SHARED_BYTES || !allowed(bytes - this.buffers.table.byteLength)) return false;
    this.buffers.table.grow(bytes);
    new Int32Array(this.buffers.table).fill(0);
    Atomics.store(this.ctl, SLOT_BITS, bits);
    Atomics.store(this.ctl, RESERVED, total);
    Atomics.store(this.ctl, GROW, 0);
    return true;
  }
}

/**
 * One worker's view of the shared store: a {@link VisitedStore} whose `add` may find a state
 * another worker stored. Indices are this worker's own (its arena's order); {@link arenaOf}
 * reads another worker's states.
 *
 * @example
 * const store = new SharedStateStore(buffers, 3, 0, 2);
 * if (store.reserve(64)) { store.add(words, 0, hash, -1, 0); store.settle(64, 1); }
 */
export class SharedStateStore implements VisitedStore {
  /** States this worker stored. */
  count = 0;
  allocationGuard: ((bytes: number) => boolean) | undefined;
  private readonly ctl: Int32Array;
  private table: Int32Array;
  private mask: number;
  /** The low bits of a slot holding a name (plus one); the bits above are the tag. */
  private nameBits: number;
  private nameMask: number;
  /** Views of every worker's arena, renewed when one has grown past its view. */
  private readonly views: Uint32Array[];
  private own: Uint32Array;
  private readonly records = new TraceRecords();

  constructor(
    private readonly buffers: SharedBuffers,
    readonly words: number,
    readonly id: number,
    readonly workers: number,
  ) {
    this.ctl = new Int32Array(buffers.control);
    this.views = buffers.arenas.map((a) => new Uint32Array(a, 0, a.byteLength >>> 2));
    this.own = this.views[id];
    this.table = new Int32Array(0);
    this.mask = 0;
    this.nameBits = 0;
    this.nameMask = 0;
    this.renewTable();
  }

  private renewTable(): void {
    const bits = Atomics.load(this.ctl, SLOT_BITS);
    this.table = new Int32Array(this.buffers.table, 0, 2 ** bits);
    this.mask = 2 ** bits - 1;
    this.nameBits = nameBitsOf(bits, this.workers);
    this.nameMask = 2 ** this.nameBits - 1;
  }

  /** The arena of worker `w`, its view renewed when `end` (a word position) is past it. */
  arenaOf(w: number, end: number): Uint32Array {
    let view = this.views[w];
    if (end > view.length) {
      const sab = this.buffers.arenas[w];
      view = this.views[w] = new Uint32Array(sab, 0, sab.byteLength >>> 2);
    }
    return view;
  }

  chunkOf(_index: number): Uint32Array {
    return this.own;
  }

  offsetOf(index: number): number {
    return index * this.words;
  }

  wordsOf(index: number): Uint32Array {
    return this.own.slice(index * this.words, (index + 1) * this.words);
  }

  parent(index: number): number {
    return this.records.parent(index);
  }

  actionIndex(index: number): number {
    return this.records.actionIndex(index);
  }

  release(_index: number): void {}

  dispose(): void {
    this.records.dispose();
  }

  /** This worker's share: its arena's states, its records and a 1/workers part of the table. */
  bytes(): number {
    return this.count * this.words * 4 + this.table.byteLength / this.workers + this.records.bytes();
  }

  /**
   * Reserves room in the table for `n` more states before a batch stores at most that many.
   * False, with a growth requested, when the table (or the slot names of this worker's states)
   * would pass 7/8 full: the worker must pause until the coordinator grows it. Past 3/4 the
   * reservation is granted and a growth requested all the same. `force` grants whatever still
   * fits (for an expansion that cannot be paused).
   */
  reserve(n: number, force = false): boolean {
    const size = this.mask + 1;
    const names = this.nameMask + 1;
    const reserved = Atomics.add(this.ctl, RESERVED, n) + n;
    const largestName = (this.count + n) * this.workers + this.workers;
    if (force ? reserved >= size || largestName >= names : reserved * 8 > size * 7 || largestName * 8 > names * 7) {
      Atomics.sub(this.ctl, RESERVED, n);
      Atomics.store(this.ctl, GROW, 1);
      return false;
    }
    if (reserved * 4 > size * 3 || largestName * 4 > names * 3) Atomics.store(this.ctl, GROW, 1);
    return true;
  }

  /** Returns what a batch reserved and did not use: `n` reserved, `used` states stored. */
  settle(n: number, used: number): void {
    if (n > used) Atomics.sub(this.ctl, RESERVED, n - used);
  }

  /** Whether a worker asked for the table to grow (every worker then pauses). */
  growRequested(): boolean {
    return Atomics.load(this.ctl, GROW) !== 0;
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

  touch(hashes: Int32Array, count: number): number {
    const table = this.table;
    const mask = this.mask;
    let sink = 0;
    for (let i = 0; i < count; i++) sink ^= table[hashes[i] & mask];
    return sink;
  }

  /** Whether the slot entry `entry` names the state in `buf[at…]`. */
  private names(entry: number, buf: Uint32Array, at: number): boolean {
    const name = (entry & this.nameMask) - 1;
    const w = name % this.workers;
    const words = this.words;
    const off = ((name - w) / this.workers) * words;
    const arena = this.arenaOf(w, off + words);
    let i = 0;
    while (i < words && arena[off + i] === buf[at + i]) i++;
    return i === words;
  }

  contains(buf: Uint32Array, at: number, hash: number): boolean {
    const table = this.table;
    const mask = this.mask;
    const bits = this.nameBits;
    let slot = hash & mask;
    for (;;) {
      const entry = Atomics.load(table, slot);
      if (entry === 0) return false;
      if (entry >>> bits === hash >>> bits && this.names(entry, buf, at)) return true;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Adds the state in `buf[at…at + words)` unless some worker stored it: its new index in this
   * worker's arena, -1 when it was present, or {@link STORE_FULL} when the arena cannot grow.
   * The caller must have reserved room ({@link reserve}).
   */
  add(buf: Uint32Array, at: number, hash: number, parent: number, action: number): number {
    const words = this.words;
    const index = this.count;
    const dest = index * words;
    if (dest + words > this.own.length && !this.growArena(dest + words)) return STORE_FULL;
    const own = this.own;
    for (let w = 0; w < words; w++) own[dest + w] = buf[at + w];
    const table = this.table;
    const mask = this.mask;
    const bits = this.nameBits;
    const tag = hash >>> bits;
    const entry = ((tag << bits) | (index * this.workers + this.id + 1)) | 0;
    let slot = hash & mask;
    for (;;) {
      let seen = Atomics.load(table, slot);
      if (seen === 0) {
        seen = Atomics.compareExchange(table, slot, 0, entry);
        if (seen === 0) {
          this.records.append(parent, action);
          this.count = index + 1;
          return index;
        }
      }
      if (seen >>> bits === tag && this.names(seen, buf, at)) return -1;
      slot = (slot + 1) & mask;
    }
  }

  /** Doubles this worker's arena until `words` words fit. */
  private growArena(words: number): boolean {
    const sab = this.buffers.arenas[this.id];
    let bytes = sab.byteLength;
    while (bytes < words * 4) bytes *= 2;
    bytes = Math.min(bytes, MAX_SHARED_BYTES);
    if (bytes < words * 4) return false;
    if (this.allocationGuard !== undefined && !this.allocationGuard(bytes - sab.byteLength)) return false;
    sab.grow(bytes);
    this.own = this.views[this.id] = new Uint32Array(sab, 0, bytes >>> 2);
    return true;
  }

  /**
   * After the coordinator grew the table: takes its new size and inserts this worker's states
   * into it again (they are all distinct, so no state is compared).
   */
  rehash(): void {
    this.renewTable();
    const table = this.table;
    const mask = this.mask;
    const bits = this.nameBits;
    const words = this.words;
    const own = this.own;
    for (let index = 0; index < this.count; index++) {
      const hash = hashWords(own, index * words, words);
      const entry = ((((hash >>> bits) << bits) | (index * this.workers + this.id + 1)) | 0);
      let slot = hash & mask;
      while (Atomics.compareExchange(table, slot, 0, entry) !== 0) slot = (slot + 1) & mask;
    }
  }
}
