/**
 * The memory bound stops a search cleanly, with an incomplete result and its statistics.
 */
import { totalmem } from 'node:os';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { defaultMemoryLimit, parseByteSize } from '../../checker/memory.js';
import { dining } from '../../model/classic/dining.js';

describe('the memory bound', () => {
  it('stops before the store grows past the limit, marking the result incomplete with statistics', () => {
    // Room for the process as it is plus a few megabytes: the store's first big growth is refused.
    const limit = process.memoryUsage.rss() + 8 * 2 ** 20;
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

  it('defaults to three quarters of the memory available', () => {
    expect(defaultMemoryLimit()).toBeGreaterThan(0);
    expect(defaultMemoryLimit()).toBeLessThanOrEqual(totalmem());
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
