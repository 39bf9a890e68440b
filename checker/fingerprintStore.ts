/**
 * Fingerprint storage, as TLC's default: each visited state is kept only as a 64-bit
 * fingerprint (two independent 32-bit hashes of its encoding), so memory per state is a table
 * slot, whatever the state's size. Two distinct states with the same fingerprint would be merged
 * and one of them never explored; the result reports TLC's estimate of that probability.
 *
 * The queue keeps the encoded words of states not yet expanded, in chunks freed as the search
 * passes them. Like TLC's disk queue, only the chunks near the search's position stay in memory:
 * a full chunk further ahead is written to a temporary file and read back when the search gets
 * there, so a wide breadth-first level costs disk, not memory. Parent and action records go to a
 * file too ({@link TraceRecords}).
 */
import { hashWords } from '../model/core/shape/hash.js';
import { chunkShiftFor, STORE_FULL } from './stateStore.js';
import { TempFile } from './tempFile.js';
import { TraceRecords } from './traceRecords.js';
import type { VisitedStore } from './visitedStore.js';

const CHUNK_WORDS_LOG2 = 18;
/**
 * Queue chunks (1 MiB each) kept in memory ahead of the one being expanded; full chunks further
 * ahead go to disk.
 */
const QUEUE_WINDOW = 16;
/**
 * The table is split into 2^SEGMENT_BITS segments by the fingerprint's top bits, each an
 * open-addressing table of its own that grows by 40% when it is 80% full. Growing one segment
 * at a time keeps the moment of growth from holding two copies of the whole table, so peak
 * memory stays close to the table itself, 10 to 14 bytes per state: with the queue on disk, a
 * search fits the 16 bytes per state in all that issue 3 asks for. Sixteen segments: with 256,
 * each segment was too small for huge pages to cover well (bench/NOTES.md, "Fingerprint table
 * segments").
 */
const SEGMENT_BITS = 4;
const SEGMENTS = 1 << SEGMENT_BITS;
const MIN_SLOTS = 64;
const MAX_LOAD = 0.8;
const GROWTH = 1.4;
/** Seed of the second, independent 32-bit hash. */
const SECOND_SEED = 0x5bd1e995;
const TWO_32 = 4294967296;

/**
 * A visited set of 64-bit fingerprints with a queue of unexpanded states.
 *
 * @example
 * const store = new FingerprintStore(3);
 * store.add(words, 0, hashWords(words, 0, 3), -1, 0); // 0
 * store.add(words, 0, hashWords(words, 0, 3), -1, 0); // -1
 */
export class FingerprintStore implements VisitedStore {
  count = 0;
  allocationGuard: ((bytes: number) => boolean) | undefined;
  readonly perChunk: number;
  private readonly chunkShift: number;
  private readonly chunks: (Uint32Array | undefined)[] = [];
  /** Per segment: two ints per slot, the two hashes; (0, 0) marks an empty slot. */
  private readonly segments: Int32Array[] = Array.from({ length: SEGMENTS }, () => new Int32Array(MIN_SLOTS * 2));
  private readonly segmentSlots = new Int32Array(SEGMENTS).fill(MIN_SLOTS);
  private readonly segmentCounts = new Int32Array(SEGMENTS);
  readonly records = new TraceRecords();
  private released = 0;
  /** The chunk the search last read a state from (its position in the queue). */
  private reading = 0;
  /** Which chunks were written to the queue file (and dropped from memory). */
  private readonly spilled: boolean[] = [];
  private readonly queueFile = new TempFile('ipc-check-queue-');

  /** Queue chunks kept in memory ahead of the search. */
  private readonly queueWindow: number;

  /**
   * `layout` is for tests: smaller queue chunks (2^chunkWordsLog2 words) and a narrower window
   * make the queue file easy to exercise.
   */
  constructor(
    readonly words: number,
    layout: { readonly chunkWordsLog2?: number; readonly queueWindow?: number } = {},
  ) {
    this.queueWindow = layout.queueWindow ?? QUEUE_WINDOW;
    this.chunkShift = chunkShiftFor(words, layout.chunkWordsLog2 ?? CHUNK_WORDS_LOG2);
    this.perChunk = 1 << this.chunkShift;
  }

  /** The slot in its segment where a first hash starts probing: a multiply-shift map of the bits below the segment bits. */
  private home(a: number, slots: number): number {
    return Math.floor((((a << SEGMENT_BITS) >>> 0) * slots) / TWO_32);
  }

  private second(buf: Uint32Array, at: number): number {
    return hashWords(buf, at, this.words, SECOND_SEED) | 0;
  }

  /** The slot of segment `table` holding fingerprint (a, b), or the empty slot where it would go. */
  private probe(table: Int32Array, slots: number, a: number, b: number): number {
    let slot = this.home(a, slots);
    for (;;) {
      const x = table[slot << 1];
      const y = table[(slot << 1) + 1];
      if ((x === 0 && y === 0) || (x === a && y === b)) return slot;
      slot = slot + 1 === slots ? 0 : slot + 1;
    }
  }

  /** The fingerprint's second half, never letting (a, b) be the empty marker (0, 0). */
  private fingerprint(a: number, buf: Uint32Array, at: number): number {
    const b = this.second(buf, at);
    return a === 0 && b === 0 ? 1 : b;
  }

  contains(buf: Uint32Array, at: number, hash: number): boolean {
    const a = hash | 0;
    const seg = a >>> (32 - SEGMENT_BITS);
    const table = this.segments[seg];
    const slot = this.probe(table, this.segmentSlots[seg], a, this.fingerprint(a, buf, at));
    return table[slot << 1] !== 0 || table[(slot << 1) + 1] !== 0;
  }

  touch(hashes: Int32Array, count: number): number {
    let sink = 0;
    for (let i = 0; i < count; i++) {
      const a = hashes[i];
      const seg = a >>> (32 - SEGMENT_BITS);
      sink ^= this.segments[seg][this.home(a, this.segmentSlots[seg]) << 1];
    }
    return sink;
  }

  add(buf: Uint32Array, at: number, hash: number, parent: number, action: number): number {
    const a = hash | 0;
    const b = this.fingerprint(a, buf, at);
    const seg = a >>> (32 - SEGMENT_BITS);
    const table = this.segments[seg];
    const slots = this.segmentSlots[seg];
    const slot = this.probe(table, slots, a, b);
    if (table[slot << 1] !== 0 || table[(slot << 1) + 1] !== 0) return -1;
    const words = this.words;
    const index = this.count;
    const chunkIndex = index >>> this.chunkShift;
    const growing = this.segmentCounts[seg] + 1 > slots * MAX_LOAD;
    const guard = this.allocationGuard;
    if (guard !== undefined) {
      const chunkBytes = chunkIndex === this.chunks.length ? this.perChunk * words * 4 : 0;
      const tableBytes = growing ? Math.ceil(slots * GROWTH) * 8 : 0;
      // The pages of the last chunk not written yet are not resident, but will be.
      const untouched = chunkBytes > 0 ? 0 : (this.perChunk - (index & (this.perChunk - 1))) * words * 4;
      if ((chunkBytes > 0 || tableBytes > 0) && !guard(chunkBytes + tableBytes + untouched)) return STORE_FULL;
    }
    if (chunkIndex === this.chunks.length) {
      this.spillAhead(chunkIndex - 1);
      this.chunks.push(new Uint32Array(this.perChunk * words));
    }
    const chunk = this.chunks[chunkIndex]!;
    const dest = (index & (this.perChunk - 1)) * words;
    for (let w = 0; w < words; w++) chunk[dest + w] = buf[at + w];
    this.records.append(parent, action);
    table[slot << 1] = a;
    table[(slot << 1) + 1] = b;
    this.segmentCounts[seg]++;
    this.count = index + 1;
    if (growing) this.grow(seg);
    return index;
  }

  chunkOf(index: number): Uint32Array {
    const c = index >>> this.chunkShift;
    if (c > this.reading) this.reading = c;
    const chunk = this.chunks[c] ?? this.loadSpilled(c);
    if (chunk === undefined) throw new Error(`fingerprint store: state ${index} was released after it was expanded`);
    return chunk;
  }

  offsetOf(index: number): number {
    return (index & (this.perChunk - 1)) * this.words;
  }

  wordsOf(index: number): Uint32Array | undefined {
    const c = index >>> this.chunkShift;
    const chunk = this.chunks[c] ?? (this.spilled[c] ? this.readSpilled(c) : undefined);
    if (chunk === undefined) return undefined;
    const off = this.offsetOf(index);
    return chunk.slice(off, off + this.words);
  }

  /** Writes full chunk `c` to the queue file and drops it, if it is far enough ahead of the search. */
  private spillAhead(c: number): void {
    if (c < 0 || c - this.reading <= this.queueWindow || this.chunks[c] === undefined) return;
    this.queueFile.write(this.chunks[c]!, c * this.perChunk * this.words * 4);
    this.spilled[c] = true;
    this.chunks[c] = undefined;
  }

  private readSpilled(c: number): Uint32Array {
    const chunk = new Uint32Array(this.perChunk * this.words);
    this.queueFile.read(chunk, c * this.perChunk * this.words * 4);
    return chunk;
  }

  /** Reads chunk `c` back from the queue file when the search reaches it; undefined if it was never spilled. */
  private loadSpilled(c: number): Uint32Array | undefined {
    if (!this.spilled[c] || c < this.released) return undefined;
    const chunk = this.readSpilled(c);
    this.chunks[c] = chunk;
    this.spilled[c] = false;
    return chunk;
  }

  release(index: number): void {
    const upTo = index >>> this.chunkShift;
    for (let c = this.released; c < upTo; c++) this.chunks[c] = undefined;
    if (upTo > this.released) this.released = upTo;
  }

  bytes(): number {
    let live = 0;
    for (let c = this.released; c < this.chunks.length; c++) if (this.chunks[c]) live++;
    let table = 0;
    for (const t of this.segments) table += t.byteLength;
    return table + live * this.perChunk * this.words * 4 + this.records.bytes();
  }

  /**
   * TLC's optimistic estimate of the probability that two distinct states shared a fingerprint:
   * distinct × (generated − distinct) / 2^64.
   */
  collisionProbability(generated: number): number {
    return (this.count * Math.max(0, generated - this.count)) / 2 ** 64;
  }

  dispose(): void {
    this.records.dispose();
    this.queueFile.dispose();
  }

  private grow(seg: number): void {
    const old = this.segments[seg];
    const oldSlots = this.segmentSlots[seg];
    const slots = Math.ceil(oldSlots * GROWTH);
    const table = new Int32Array(slots * 2);
    for (let i = 0; i < oldSlots; i++) {
      const a = old[i << 1];
      const b = old[(i << 1) + 1];
      if (a === 0 && b === 0) continue;
      let slot = this.home(a, slots);
      while (table[slot << 1] !== 0 || table[(slot << 1) + 1] !== 0) slot = slot + 1 === slots ? 0 : slot + 1;
      table[slot << 1] = a;
      table[(slot << 1) + 1] = b;
    }
    this.segments[seg] = table;
    this.segmentSlots[seg] = slots;
  }
}
