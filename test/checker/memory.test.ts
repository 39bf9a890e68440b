/**
 * The memory bound stops a search cleanly, with an incomplete result and its statistics.
 */
import { totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { checkedMemoryLimit, defaultMemoryLimit, fitsInMemory, memoryLimitProblem, memoryReserve, minimumMemoryLimit, parseByteSize, youngGenerationRoom } from '../../checker/memory.js';
import { dining } from '../../model/classic/dining.js';

const MIB = 2 ** 20;

describe('the memory bound', () => {
  it('stops before the store grows past the limit, marking the result incomplete with statistics', () => {
    // Room for the process as it is, the reserve, and a few megabytes: the store's first big growth is refused.
    const limit = process.memoryUsage.rss() + memoryReserve() + 8 * MIB;
    const r = check(dining({ n: 12, lefty0: true }), { maxMemoryBytes: limit });
    expect(r.complete).toBe(false);
    expect(r.stoppedBy).toBe('maxMemory');
    expect(r.stats.distinct).toBeGreaterThan(0);
    expect(r.stats.distinct).toBeLessThan(3_881_886);
    expect(r.verdicts['deadlock free'].status).toBe('unknown');
    expect(r.verdicts['someone eats'].status).toBe('witnessed');
  });

  it('does not interfere with a search that fits', () => {
    const r = check(dining({ n: 8, lefty0: true }), { maxMemoryBytes: process.memoryUsage.rss() + 2 ** 30 });
    expect(r.complete).toBe(true);
    expect(r.stats.distinct).toBe(24_126);
  });

  it('defaults to three quarters of the memory available: the physical memory, or the container limit when lower', () => {
    const constrained = process.constrainedMemory?.() ?? 0;
    const available = constrained > 0 && constrained < totalmem() ? constrained : totalmem();
    expect(defaultMemoryLimit()).toBe(Math.floor((available * 3) / 4));
  });

  it('keeps a reserve free under the limit: what the young generation may still grow by, and 16 MiB', () => {
    expect(memoryReserve()).toBe(youngGenerationRoom() + 16 * MIB);
    expect(youngGenerationRoom()).toBeLessThanOrEqual(32 * MIB);
    const rss = process.memoryUsage.rss();
    // 16 MiB either side of the boundary, for what the process allocates meanwhile.
    expect(fitsInMemory(0, rss + memoryReserve() - 16 * MIB)).toBe(false);
    expect(fitsInMemory(0, rss + memoryReserve() + 16 * MIB)).toBe(true);
    expect(fitsInMemory(32 * MIB, rss + memoryReserve() + 16 * MIB)).toBe(false);
  });

  it('names the minimum and the fix for a limit too low to start, and accepts one above it', () => {
    const minimum = minimumMemoryLimit();
    expect(minimum).toBeGreaterThan(process.memoryUsage.rss());
    const problem = memoryLimitProblem(50 * MIB);
    expect(problem).toMatch(/^50 MiB is below the \d+ MiB a check needs before it stores a state: this process already uses \d+ MiB .*; give --max-memory \d+M or more, or leave it out/);
    const suggested = Number(/give --max-memory (\d+)M/.exec(problem!)![1]) * MIB;
    expect(suggested).toBeGreaterThanOrEqual(minimum - 4 * MIB);
    expect(memoryLimitProblem(suggested + 64 * MIB)).toBeUndefined();
    expect(() => checkedMemoryLimit(MIB)).toThrow(/^maxMemoryBytes: 1\.0 MiB is less than the \d+ MiB this process already uses, so a check could store no state; give at least \d+M/);
    expect(() => check(dining({ n: 3 }), { maxMemoryBytes: MIB })).toThrow(RangeError);
    expect(checkedMemoryLimit(undefined)).toBe(defaultMemoryLimit());
  });

  it('reads sizes as the CLI takes them', () => {
    expect(parseByteSize('2000000000')).toBe(2_000_000_000);
    expect(parseByteSize('512M')).toBe(512 * 2 ** 20);
    expect(parseByteSize('8g')).toBe(8 * 2 ** 30);
    expect(parseByteSize('8GiB')).toBe(8 * 2 ** 30);
    expect(parseByteSize('1.5K')).toBe(1536);
    for (const bad of ['', 'x', '-1', '0', '5 apples', '1e9']) expect(parseByteSize(bad)).toBeUndefined();
  });
});
