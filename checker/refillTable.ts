/**
 * Filling a new, larger visited table with the states already stored.
 *
 * Inserting the states in discovery order writes the table at random, and a table larger than
 * the caches pays a cache miss (and on a virtual machine often a page walk) per state. So the
 * states are taken in runs, each sorted by home slot first (a counting sort on the home slot's
 * top bits), and a run's writes then sweep the table from start to end: growing to 8 million
 * slots took 30% less time in a micro-benchmark (6 million states, median of three).
 */

/** States a refill sorts at once: 2^20 (12 MiB of scratch). */
const RUN = 1 << 20;
/** Runs are sorted by the top 12 bits of the home slot. */
const BUCKET_BITS = 12;

/**
 * A share of a refill done by several workers at once: the table is cut into `2 × parts`
 * stripes and this worker fills every `parts`-th one, starting at stripe `part`. A state whose
 * probe would run past its stripe's end is not inserted but pushed to `spilled` as `hash, entry`,
 * for one thread to insert once every stripe is filled.
 *
 * @example
 * const share: RefillShare = { part: 1, parts: 2, spilled: [] };
 */
export interface RefillShare {
  readonly part: number;
  readonly parts: number;
  readonly spilled: number[];
}

/**
 * States to refill a table with: states `0…count - 1`, each with its hash and the name its slot
 * holds.
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
 * Inserts the states of every source into the empty power-of-two `table` (linear probing; a
 * state's entry is its name below bit `tagShift` and its hash's bits from `tagShift` up as the
 * tag), or with `share`, the states whose home slot lies in that share's stripes.
 *
 * @example
 * refillTable(new Int32Array(1024), [{ count, hashOf: (i) => hashOf(i), name: (i) => i + 1 }], 10);
 */
export function refillTable(table: Int32Array, sources: readonly RefillSource[], tagShift: number, share?: RefillShare): void {
  const size = table.length;
  const mask = size - 1;
  const slotBits = Math.log2(size);
  const bucketBits = Math.min(BUCKET_BITS, slotBits);
  const shift = slotBits - bucketBits;
  const stripes = share === undefined ? 1 : 2 * share.parts;
  const run = Math.max(1, Math.min(RUN, sources.reduce((n, s) => n + s.count, 0)));
  const hashes = new Int32Array(run);
  const names = new Int32Array(run);
  const sortedHashes = new Int32Array(run);
  const sortedNames = new Int32Array(run);
  const starts = new Int32Array((1 << bucketBits) + 1);
  let n = 0;
  const flush = () => {
    starts.fill(0);
    for (let i = 0; i < n; i++) starts[((hashes[i] & mask) >>> shift) + 1]++;
    for (let b = 1; b < starts.length; b++) starts[b] += starts[b - 1];
    for (let i = 0; i < n; i++) {
      const at = starts[(hashes[i] & mask) >>> shift]++;
      sortedHashes[at] = hashes[i];
      sortedNames[at] = names[i];
    }
    for (let i = 0; i < n; i++) {
      const hash = sortedHashes[i];
      const entry = (((hash >>> tagShift) << tagShift) | sortedNames[i]) | 0;
      let slot = hash & mask;
      if (share === undefined) {
        while (table[slot] !== 0) slot = (slot + 1) & mask;
        table[slot] = entry;
        continue;
      }
      const end = Math.ceil(((Math.floor((slot * stripes) / size) + 1) * size) / stripes);
      while (slot < end && table[slot] !== 0) slot++;
      if (slot < end) table[slot] = entry;
      else share.spilled.push(hash | 0, entry);
    }
    n = 0;
  };
  for (const { count, hashOf, name } of sources) {
    for (let index = 0; index < count; index++) {
      const hash = hashOf(index);
      if (share !== undefined && Math.floor(((hash & mask) * stripes) / size) % share.parts !== share.part) continue;
      hashes[n] = hash;
      names[n] = name(index);
      if (++n === run) flush();
    }
  }
  flush();
}
