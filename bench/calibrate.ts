/**
 * Machine calibration printed beside the benchmark figures: this machine's speed drifts between
 * runs (other tenants, memory placement), so the bench also times two fixed workloads, one bound
 * by the processor and one by random memory reads, and a reader can tell a slow machine from a
 * slow checker.
 */

/**
 * Milliseconds for fixed processor-bound and memory-bound loops (medians of three).
 *
 * @example
 * const { cpuMs, memoryMs } = calibrate(); // e.g. { cpuMs: 120, memoryMs: 310 }
 */
export function calibrate(): { cpuMs: number; memoryMs: number } {
  const median3 = (f: () => number) => [f(), f(), f()].sort((a, b) => a - b)[1];
  const cpuMs = median3(() => {
    const t0 = performance.now();
    let h = 1;
    for (let i = 0; i < 50_000_000; i++) h = Math.imul(h ^ i, 0x85ebca6b) ^ (h >>> 15);
    if (h === 0.5) console.log(h); // uses the result, so the loop cannot be optimised away
    return performance.now() - t0;
  });
  const table = new Int32Array(16 * 1024 * 1024); // 64 MiB
  const memoryMs = median3(() => {
    const t0 = performance.now();
    let x = 12345;
    let sum = 0;
    for (let i = 0; i < 10_000_000; i++) {
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      sum += table[(x >>> 8) & (table.length - 1)];
    }
    if (sum === 0.5) console.log(sum); // uses the result, so the loop cannot be optimised away
    return performance.now() - t0;
  });
  return { cpuMs: Math.round(cpuMs), memoryMs: Math.round(memoryMs) };
}
