/**
 * Filling a new, larger visited table with the states already stored.
 *
 * Inserting the states in discovery order writes the table at random, and a table larger than
 * the caches pays a cache miss (and on a virtual machine often a page walk) per state. So the
 * states are taken in runs, each sorted by home slot first (a counting sort on the home slot's
 * top bits), and a run's writes then sweep the table from start to end. Beyond the caches, the
 * whole home slot is sorted on. (Measurements: bench/NOTES.md, "Refilling a grown table".)
 *
 * The sort's buffers are kept from one refill to the next ({@link RefillScratch}): the first touch
 * of a page of fresh memory costs as much as sorting many states, and a refill into fresh buffers
 * paid that on every page.
 */

/** States a refill sorts at once: 2^20 (16 MiB of scratch). */
const RUN = 1 << 20;
/** A table smaller than 2^22 slots (16 MiB) stays in the caches: runs are sorted by the home slot's top 12 bits. */
const FULL_SORT_BITS = 22;
const BUCKET_BITS = 12;
/** The widest digit of the full sort, whose two passes cover home slots of up to 30 bits. */
const DIGIT_BITS = 15;

/**
 * The buffers a refill sorts its runs in, kept by a store across its refills. They are allocated
 * once, for a whole run of 2^20 states (16 MiB of address space), at the first refill: a page
 * becomes resident only when a refill first writes it, so each page is paid for once in a
 * search, and a small search keeps only the pages its own refills used. (Buffers sized to each
 * refill were replaced at every growth by larger, fresh ones: on l4Ipc C=5, one worker, that was
 * about 2,000 more page faults and 6-10 MB more peak resident memory.)
 *
 * @example
 * const scratch = new RefillScratch();
 * guard(newTableBytes + scratch.freshBytes(count)); // before the growth, what it will make resident
 * refillTable(table, source, tagShift, scratch); // and again at the next growth, same scratch
 */
export class RefillScratch {
  hashes = new Int32Array(0);
  names = new Int32Array(0);
  sortedHashes = new Int32Array(0);
  sortedNames = new Int32Array(0);
  readonly starts = new Int32Array((1 << DIGIT_BITS) + 1);
  /** The longest run sorted so far: the entries of each buffer whose pages are resident. */
  private longestRun = 0;

  /** Makes room for a run of up to 2^20 states; returns the run length for `n` states. */
  fit(n: number): number {
    if (this.hashes.length < RUN) {
      this.hashes = new Int32Array(RUN);
      this.names = new Int32Array(RUN);
      this.sortedHashes = new Int32Array(RUN);
      this.sortedNames = new Int32Array(RUN);
    }
    const run = Math.max(1, Math.min(RUN, n));
    if (run > this.longestRun) this.longestRun = run;
    return run;
  }

  /**
   * Bytes a refill of `n` states makes resident for the first time: the pages of the four
   * buffers past the longest run sorted before. A store adds them to what it asks its memory
   * guard for before it grows its table.
   */
  freshBytes(n: number): number {
    return refillScratchBytes(n) - refillScratchBytes(Math.min(n, this.longestRun));
  }
}

/**
 * The bytes of {@link RefillScratch} a refill of `n` states writes: four buffers of up to 2^20
 * entries. A coordinator that makes room for several stores' refills adds them to what it asks
 * its memory guard for.
 *
 * @example
 * refillScratchBytes(10); // 160
 * refillScratchBytes(2 ** 24); // 16777216: a run is at most 2^20 states
 */
export function refillScratchBytes(n: number): number {
  return Math.min(RUN, n) * 4 * Int32Array.BYTES_PER_ELEMENT;
}

/**
 * The states to refill a table with: states `0…count - 1`, each with its hash and the name its
 * slot holds.
 *
 * @example
 * const source: RefillSource = { count, hashOf: (i) => hashOfState(i), name: (i) => i + 1 };
 */
export interface RefillSource {
  readonly count: number;
  readonly hashOf: (index: number) => number;
  readonly name: (index: number) => number;
}

/**
 * Inserts the states of `source` into the power-of-two `table` (linear probing; a state's
 * entry is its name below bit `tagShift` and its hash's bits from `tagShift` up as the tag).
 * With `concurrent`, other threads fill the same shared table at the same time (each with its
 * own states), so each slot is claimed with `Atomics.compareExchange`; otherwise plain stores.
 * `startAt` (a fraction of the table, from 0 up to 1) is where each sweep of the table begins
 * before it wraps round: threads filling one table at once start at different places, so that
 * they do not write the same cache lines at the same time.
 *
 * @example
 * refillTable(new Int32Array(1024), { count, hashOf: (i) => hashOf(i), name: (i) => i + 1 }, 10, new RefillScratch());
 * refillTable(shared, mine, tagShift, scratch, true, worker / workers); // worker w of a concurrent refill
 */
export function refillTable(table: Int32Array, source: RefillSource, tagShift: number, scratch: RefillScratch, concurrent = false, startAt = 0): void {
  const size = table.length;
  const mask = size - 1;
  const slotBits = Math.log2(size);
  // In a large table, runs are sorted by the whole home slot, in two passes of a stable counting
  // sort (least significant digit first), so that the writes run strictly forward and the
  // processor's prefetcher fetches the table ahead of them.
  const lowBits = slotBits >= FULL_SORT_BITS ? slotBits >>> 1 : 0;
  const highBits = lowBits > 0 ? slotBits - lowBits : Math.min(BUCKET_BITS, slotBits);
  // What the runs are sorted by: the whole home slot, or its top `highBits` bits.
  const keyShift = lowBits > 0 ? 0 : slotBits - highBits;
  if (!(startAt >= 0 && startAt < 1)) throw new RangeError(`refillTable: startAt must be at least 0 and below 1, got ${startAt}`);
  const startKey = Math.floor(startAt * size) >>> keyShift;
  const { count, hashOf, name } = source;
  const run = scratch.fit(count);
  const { hashes, names, sortedHashes, sortedNames, starts } = scratch;
  let n = 0;
  /** Sorts entries `0…n-1` of `fromH`/`fromN` into `toH`/`toN` by `(hash & mask) >>> shift`, `bits` wide. */
  const pass = (fromH: Int32Array, fromN: Int32Array, toH: Int32Array, toN: Int32Array, shift: number, bits: number) => {
    const buckets = (1 << bits) + 1;
    const digit = (1 << bits) - 1;
    starts.fill(0, 0, buckets);
    for (let i = 0; i < n; i++) starts[(((fromH[i] & mask) >>> shift) & digit) + 1]++;
    for (let b = 1; b < buckets; b++) starts[b] += starts[b - 1];
    for (let i = 0; i < n; i++) {
      const at = starts[((fromH[i] & mask) >>> shift) & digit]++;
      toH[at] = fromH[i];
      toN[at] = fromN[i];
    }
  };
  const flush = () => {
    let h = hashes;
    let m = names;
    if (lowBits > 0) {
      pass(hashes, names, sortedHashes, sortedNames, 0, lowBits);
      pass(sortedHashes, sortedNames, hashes, names, lowBits, highBits);
    } else {
      pass(hashes, names, sortedHashes, sortedNames, slotBits - highBits, highBits);
      h = sortedHashes;
      m = sortedNames;
    }
    // The run is in order of home slot (of its top bits in a small table): it is inserted from
    // the first state whose home is at or past `startAt`, then from the beginning.
    const key = (hash: number) => (hash & mask) >>> keyShift;
    let first = 0;
    let past = n;
    while (first < past) {
      const mid = (first + past) >>> 1;
      if (key(h[mid]) < startKey) first = mid + 1;
      else past = mid;
    }
    for (let k = 0; k < n; k++) {
      let i = first + k;
      if (i >= n) i -= n;
      const hash = h[i];
      const entry = (((hash >>> tagShift) << tagShift) | m[i]) | 0;
      let slot = hash & mask;
      if (concurrent) {
        // A slot only ever goes from empty to full here, so a plain read that sees it full is right.
        while (table[slot] !== 0 || Atomics.compareExchange(table, slot, 0, entry) !== 0) slot = (slot + 1) & mask;
      } else {
        while (table[slot] !== 0) slot = (slot + 1) & mask;
        table[slot] = entry;
      }
    }
    n = 0;
  };
  for (let index = 0; index < count; index++) {
    hashes[n] = hashOf(index);
    names[n] = name(index);
    if (++n === run) flush();
  }
  flush();
}
