/**
 * The periodic memory check of a search. The store's large allocations ask a guard first; the
 * rest of resident memory grows without asking (V8's old generation a few MiB at a time, code
 * being compiled, garbage the collector has not reached) and is seen only when the search reads
 * its resident size. Read four times a second, as it was, the resident size could rise by 10 MiB
 * or more between two reads, all of it out of the reserve kept for the report after the search,
 * and a search could end a few MiB over `--max-memory` (bench/NOTES.md, "Keeping --max-memory").
 *
 * So the reads come closer together as the room left shrinks: the next read is due before the
 * resident size, rising as fast as it rose since the last read, could take half the room left.
 * Far from the limit that is every quarter second, as before (a read is a system call that cost
 * 2-3 ms during a busy search); near it, down to every 10 ms.
 */
import { committedMemory } from './memory.js';

/**
 * The longest wait between two reads, in milliseconds: when the room left is ample.
 *
 * @example
 * new ResidentWatch(limit).nextReadMs <= LONGEST_READ_INTERVAL_MS; // after any read
 */
export const LONGEST_READ_INTERVAL_MS = 250;
/** The shortest wait between two reads, in milliseconds: near the limit. */
const SHORTEST_READ_INTERVAL_MS = 10;

/**
 * Reads one search's resident memory against its limit, as often as the room left requires.
 *
 * @example
 * const watch = new ResidentWatch(256 * 2 ** 20);
 * // at each look at the clock:
 * if (watch.due(now) && !watch.allows(now)) stop('maxMemory');
 */
export class ResidentWatch {
  /** What was held at the last read, and when (ms); 0 before the first. */
  private lastCommitted = 0;
  private lastAt = 0;
  /** How long after the last read the next one is due, in milliseconds. */
  nextReadMs = 0;

  /** Whether a read is due at time `now` (ms): always before the first. */
  due(now: number): boolean {
    return now - this.lastAt >= this.nextReadMs;
  }

  /**
   * `committed` reads what the process holds now, with the reserve for what no guard is asked
   * about counted as held (by default {@link committedMemory}; a test passes its own).
   */
  constructor(
    readonly limit: number,
    private readonly committed: () => number = committedMemory,
  ) {}

  /**
   * Reads what the process holds at time `now` (ms), and says whether the search may go on:
   * false when it no longer fits under the limit. Sets {@link nextReadMs} from the room left and
   * how fast the holding rose since the last read.
   */
  allows(now: number): boolean {
    const committed = this.committed();
    const room = this.limit - committed;
    const elapsed = now - this.lastAt;
    const rate = this.lastAt > 0 && elapsed > 0 ? Math.max(0, committed - this.lastCommitted) / elapsed : 0;
    this.lastCommitted = committed;
    this.lastAt = now;
    const due = rate > 0 ? room / (2 * rate) : LONGEST_READ_INTERVAL_MS;
    this.nextReadMs = Math.max(SHORTEST_READ_INTERVAL_MS, Math.min(LONGEST_READ_INTERVAL_MS, due));
    return room >= 0;
  }
}
