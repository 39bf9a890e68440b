/**
 * The memory bound of a check: the process's resident memory, kept under `--max-memory` from the
 * start of the search to the end of the analyses after it.
 *
 * Every large allocation (a store's chunk or table, a transition log's chunk, the arrays of the
 * `neverStuck` analysis) asks {@link fitsInMemory} first, with its full size even where its pages
 * become resident only later; the search also reads its resident size with nothing to allocate,
 * four times a second or more often near the limit (`ResidentWatch`). The answer keeps a reserve
 * for what nobody asks about: V8's young generation, which grows on its own up to two semi-spaces
 * of 16 MiB (Node 20), and the small allocations of the search and of the report (decoded
 * states, trace records, replayed traces). Without the reserve a limit was passed in fingerprint
 * mode, where the store's own allocations are small (bench/NOTES.md, "Keeping --max-memory").
 */
import { totalmem } from 'node:os';
import { getHeapSpaceStatistics } from 'node:v8';

/** Share of the machine's (or the container's) memory a search may use by default. */
const DEFAULT_SHARE = 0.75;
const MIB = 2 ** 20;
/**
 * Room for the allocations no guard sees: decoded states, trace record buffers, replays, the report,
 * and garbage the collector has not reached yet (8 MiB was passed by 5 MiB with the machine busy).
 */
const MARGIN = 16 * MIB;
/**
 * The most V8's young generation (two semi-spaces) takes unless `--max-semi-space-size` says
 * otherwise: 2 × 16 MiB in Node 20.
 */
const DEFAULT_SEMI_SPACE = 16 * MIB;
/** Room the search needs for its first allocations: an arena chunk of the widest kind (a shared one, 16 MiB) and a table. */
const FIRST_ALLOCATIONS = 17 * MIB;

/**
 * The default memory limit: three quarters of the physical memory, or of the container's limit
 * when that is lower.
 *
 * @example
 * defaultMemoryLimit(); // 18957020160 on a machine with 24 GiB and no container limit
 */
export function defaultMemoryLimit(): number {
  return Math.floor(availableMemory() * DEFAULT_SHARE);
}

/**
 * The memory a process may use: the physical memory, or the container's limit when lower.
 *
 * @example
 * defaultMemoryLimit() / availableMemory(); // 0.75
 */
export function availableMemory(): number {
  const constrained = process.constrainedMemory?.() ?? 0;
  const physical = totalmem();
  return constrained > 0 && constrained < physical ? constrained : physical;
}

/** The semi-space size V8 was started with, from `--max-semi-space-size` (in MiB) if given. */
function semiSpaceBytes(): number {
  const flags = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
  for (const flag of flags) {
    const m = /^--max[-_]semi[-_]space[-_]size=(\d+)$/.exec(flag);
    if (m) return Number(m[1]) * MIB;
  }
  return DEFAULT_SEMI_SPACE;
}

const SEMI_SPACE = semiSpaceBytes();

/**
 * How much V8's young generation of this thread may still grow: its largest size (two
 * semi-spaces) less its size now. It grows by doubling when many young objects survive, which
 * happens early in a search, so after the first seconds this is usually 0.
 *
 * @example
 * youngGenerationRoom(); // 25165824 at start (8 of 32 MiB in use), 0 once it has grown
 */
export function youngGenerationRoom(): number {
  let now = 0;
  for (const space of getHeapSpaceStatistics()) if (space.space_name === 'new_space') now = space.space_size;
  return Math.max(0, 2 * SEMI_SPACE - now);
}

/**
 * The memory kept free under the limit for what no guard is asked about: the room
 * V8's young generation may still grow into, and a margin of 8 MiB for small allocations.
 *
 * @example
 * fitsInMemory(bytes, limit) === process.memoryUsage.rss() + bytes + memoryReserve() <= limit;
 */
export function memoryReserve(): number {
  return youngGenerationRoom() + MARGIN;
}

/**
 * Whether the process may allocate `bytes` more (counting pages not yet touched as resident)
 * without its resident memory passing `limit`, with {@link memoryReserve} kept free.
 *
 * @example
 * const guard = (bytes: number) => fitsInMemory(bytes, defaultMemoryLimit());
 */
export function fitsInMemory(bytes: number, limit: number): boolean {
  return committedMemory() + bytes <= limit;
}

/**
 * The resident size with the {@link memoryReserve} counted as held: what a guard compares, with
 * the bytes it is asked for, to the limit.
 *
 * @example
 * fitsInMemory(bytes, limit) === committedMemory() + bytes <= limit;
 */
export function committedMemory(): number {
  return process.memoryUsage.rss() + memoryReserve();
}

/**
 * A guard, as stores and analyses take it: whether `bytes` more fit under `limit`.
 *
 * @example
 * const guard = memoryGuard(256 * 2 ** 20);
 * if (!guard(4 * n)) throw new MemoryLimitReached(4 * n, 256 * 2 ** 20);
 */
export type MemoryGuard = (bytes: number) => boolean;

/**
 * The {@link MemoryGuard} of a limit in bytes.
 *
 * @example
 * store.allocationGuard = memoryGuard(options.maxMemoryBytes ?? defaultMemoryLimit());
 */
export function memoryGuard(limit: number): MemoryGuard {
  return (bytes) => fitsInMemory(bytes, limit);
}

/**
 * Thrown by an analysis after the search when the memory it needs is refused: the caller reports
 * the properties it was deciding as undecided, with {@link MemoryLimitReached.message}.
 *
 * @example
 * try { decide(); } catch (e) { if (e instanceof MemoryLimitReached) reason = e.message; }
 */
export class MemoryLimitReached extends Error {
  /**
   * `bytes`: what the refused step needed. `limit`, when known: the limit in bytes, to name it
   * and the limit that would have been enough.
   */
  constructor(
    readonly bytes: number,
    readonly limit?: number,
  ) {
    const needed = process.memoryUsage.rss() + bytes + memoryReserve();
    super(
      `the memory limit${limit === undefined ? '' : ` (${formatMiB(limit)})`} stopped it: it needs ${formatMiB(bytes)} more, ` +
        `about ${formatMiB(needed)} in all; raise --max-memory to ${roundedSize(needed)} or more`,
    );
    this.name = 'MemoryLimitReached';
  }
}

/**
 * Asks `guard` (when there is one) for `bytes` before an allocation of that size; throws
 * {@link MemoryLimitReached} when it refuses. The analyses after a search claim each large array
 * this way, so that a limit too low for them stops them cleanly.
 *
 * @example
 * claimMemory(guard, 4 * states); // then: new Int32Array(states)
 */
export function claimMemory(guard: MemoryGuard | undefined, bytes: number): void {
  if (guard !== undefined && !guard(bytes)) throw new MemoryLimitReached(bytes);
}

/**
 * The smallest limit a check can start under, from this process as it is now: its resident
 * memory (Node's own footprint and the code loaded, about 60 MB), the {@link memoryReserve}, and
 * room for the search's first allocations.
 *
 * @example
 * minimumMemoryLimit(); // about 105 MiB in a fresh CLI process
 */
export function minimumMemoryLimit(): number {
  return process.memoryUsage.rss() + memoryReserve() + FIRST_ALLOCATIONS;
}

/**
 * Why `limit` cannot work, or undefined when it can: a limit below {@link minimumMemoryLimit}
 * would stop the search before its first state. The message names the minimum and the fix.
 *
 * @example
 * memoryLimitProblem(50 * 2 ** 20);
 * // 'is below the 105 MiB a check needs before it stores a state (…); give --max-memory 112M or more'
 */
export function memoryLimitProblem(limit: number): string | undefined {
  const rss = process.memoryUsage.rss();
  const young = youngGenerationRoom();
  const minimum = rss + young + MARGIN + FIRST_ALLOCATIONS;
  if (limit >= minimum) return undefined;
  return (
    `${formatMiB(limit)} is below the ${formatMiB(minimum)} a check needs before it stores a state: ` +
    `this process already uses ${formatMiB(rss)} (Node.js itself and the code loaded), V8's young generation may grow by ${formatMiB(young)}, ` +
    `and the search needs ${formatMiB(MARGIN + FIRST_ALLOCATIONS)} for its first tables and small allocations; ` +
    `give --max-memory ${roundedSize(minimum)} or more, or leave it out (default ${formatMiB(defaultMemoryLimit())}, three quarters of the memory)`
  );
}

/**
 * The limit a check runs under: `limit`, or the default when undefined. Throws a RangeError,
 * naming the figures and the fix, when the process already uses more than `limit` (a check could
 * store nothing). The stricter {@link memoryLimitProblem} is for the start of a program (the CLI
 * refuses such a limit before it loads a model): later the process is larger by what it loaded
 * and did, and a limit that leaves little room makes the search stop cleanly with `maxMemory`.
 *
 * @example
 * const limit = checkedMemoryLimit(options.maxMemoryBytes); // throws for 50 MiB
 */
export function checkedMemoryLimit(limit: number | undefined): number {
  if (limit === undefined) return defaultMemoryLimit();
  const rss = process.memoryUsage.rss();
  if (limit < rss) {
    throw new RangeError(
      `maxMemoryBytes: ${formatMiB(limit)} is less than the ${formatMiB(rss)} this process already uses, so a check could store no state; ` +
        `give at least ${roundedSize(rss + memoryReserve() + FIRST_ALLOCATIONS)}, or leave it undefined for the default`,
    );
  }
  return limit;
}

/**
 * `bytes` in MiB, one decimal below 10.
 *
 * @example
 * formatMiB(8 * 2 ** 20); // '8.0 MiB'
 */
export function formatMiB(bytes: number): string {
  const mib = bytes / MIB;
  return `${mib < 10 ? mib.toFixed(1) : Math.round(mib)} MiB`;
}

/** A size for `--max-memory` at least `bytes`: whole MiB rounded up to a multiple of 8, or GiB. */
function roundedSize(bytes: number): string {
  const mib = Math.ceil(bytes / MIB / 8) * 8;
  return mib >= 4096 && mib % 1024 === 0 ? `${mib / 1024}G` : `${mib}M`;
}

/**
 * Parses a size as the CLI takes it: a whole number of bytes, or with a suffix K, M, G or T
 * (powers of 1024, case-insensitive, an optional trailing B or iB). Returns undefined for anything else.
 *
 * @example
 * parseByteSize('512M'); // 536870912
 * parseByteSize('8GiB'); // 8589934592
 */
export function parseByteSize(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([kmgt]?)(i?b)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 }[m[2].toLowerCase() as '' | 'k' | 'm' | 'g' | 't'];
  const bytes = Math.floor(Number(m[1]) * unit);
  return Number.isSafeInteger(bytes) && bytes > 0 ? bytes : undefined;
}
