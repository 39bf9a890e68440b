/**
 * `CheckOptions.expectedStates`: the count a search is expected to store, which sizes the exact
 * store's first table so that it never stops to grow (SPIN's `-w` sizes its table the same way,
 * in slots). Checked here once for `check` and `checkParallel` alike.
 */
import type { CheckOptions } from './options.js';
import { fitsInMemory, formatMiB } from './memory.js';
import { tableBitsFor } from './stateStore.js';

/**
 * The states the exact store's first table is sized for (`options.expectedStates`, 0 when not
 * given), after checking that the option is a count, that the mode is exact, and that the table
 * (of 2^`tableBits(n)` slots: the shared store's is larger) fits under the memory limit; a
 * `RangeError` that names the fix otherwise.
 *
 * @example
 * new StateStore(words, expectedTableStates({ expectedStates: 1_306_271 }, limit)); // a 2^21-slot table
 */
export function expectedTableStates(options: CheckOptions, limit: number, tableBits: (n: number) => number = tableBitsFor): number {
  const n = options.expectedStates;
  if (n === undefined) return 0;
  if (!Number.isSafeInteger(n) || n < 1) throw new RangeError(`expectedStates must be a whole number ≥ 1, got ${n}`);
  if (options.fingerprint) {
    throw new RangeError('expectedStates sizes the exact store, and fingerprint mode grows its table a segment at a time: drop expectedStates (--expect-states) or fingerprint (--fingerprint)');
  }
  tableBitsFor(n); // refuses a count no exact table holds, naming it
  const bytes = 4 * 2 ** tableBits(n);
  if (!fitsInMemory(bytes, limit)) {
    throw new RangeError(
      `expectedStates ${n}: its table of ${formatMiB(bytes)} does not fit under the memory limit of ${formatMiB(limit)}, ` +
        `with ${formatMiB(process.memoryUsage.rss())} in use already; expect fewer states, or raise the limit (maxMemoryBytes, --max-memory)`,
    );
  }
  return n;
}
