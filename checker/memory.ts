/**
 * The memory bound of a search: the process's resident memory, checked about as often as the
 * clock and before every large allocation of the state store, so that a search that would run
 * out of memory stops cleanly with an incomplete result instead of crashing the process.
 */
import { totalmem } from 'node:os';

/** Share of the machine's (or the container's) memory a search may use by default. */
const DEFAULT_SHARE = 0.75;

/**
 * The default memory limit: three quarters of the physical memory, or of the container's limit
 * when that is lower.
 *
 * @example
 * defaultMemoryLimit(); // 18957020160 on a machine with 24 GiB and no container limit
 */
export function defaultMemoryLimit(): number {
  const constrained = process.constrainedMemory?.() ?? 0;
  const physical = totalmem();
  const available = constrained > 0 && constrained < physical ? constrained : physical;
  return Math.floor(available * DEFAULT_SHARE);
}

/**
 * Whether the process may allocate `bytes` more without passing `limit`.
 *
 * @example
 * const guard = (bytes: number) => fitsInMemory(bytes, defaultMemoryLimit());
 */
export function fitsInMemory(bytes: number, limit: number): boolean {
  return process.memoryUsage.rss() + bytes <= limit;
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
