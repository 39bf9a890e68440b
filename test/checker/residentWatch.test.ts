/**
 * The search's memory watch reads the resident size more often as the room under the limit
 * shrinks, so that what grows between two reads cannot eat the reserve kept for the report. The
 * process's memory is replaced here by a number the test sets.
 */
import { describe, expect, it } from 'vitest';
import { LONGEST_READ_INTERVAL_MS, ResidentWatch } from '../../checker/residentWatch.js';

const MIB = 2 ** 20;

/** A watch over a fake process; `read(ms, mib)` reads it at time `ms` holding `mib` MiB. */
function watched(limitMiB: number) {
  const fake = { held: 0 };
  const watch = new ResidentWatch(limitMiB * MIB, () => fake.held);
  const read = (ms: number, mib: number) => {
    fake.held = mib * MIB;
    return watch.allows(ms);
  };
  return { watch, read };
}

describe('ResidentWatch', () => {
  it('reads four times a second while the room left is ample', () => {
    const { watch, read } = watched(1000);
    expect(read(1000, 100)).toBe(true);
    expect(watch.nextReadMs).toBe(LONGEST_READ_INTERVAL_MS);
    // 10 MiB in a quarter second, with 890 MiB of room: another quarter second is safe.
    expect(read(1250, 110)).toBe(true);
    expect(watch.nextReadMs).toBe(250);
  });

  it('reads sooner near the limit: before the rise seen so far could take half the room left', () => {
    const { watch, read } = watched(150);
    read(1000, 100);
    // 10 MiB in 250 ms (0.04 MiB/ms) with 40 MiB left: half of it in 500 ms, so the usual 250.
    read(1250, 110);
    expect(watch.nextReadMs).toBe(250);
    // 10 MiB more in 250 ms with 30 MiB left: 15 MiB in 375 ms, still 250 …
    read(1500, 120);
    expect(watch.nextReadMs).toBe(250);
    // … 20 MiB in 250 ms with 10 MiB left: 5 MiB in 62.5 ms.
    read(1750, 140);
    expect(watch.nextReadMs).toBeCloseTo(62.5, 6);
    // Nothing rose: back to a quarter second.
    read(1812.5, 140);
    expect(watch.nextReadMs).toBe(250);
  });

  it('never reads more often than every 10 ms, and says stop once the limit is passed', () => {
    const { watch, read } = watched(150);
    read(1000, 100);
    expect(read(1250, 149.9)).toBe(true);
    expect(watch.nextReadMs).toBe(10);
    expect(read(1260, 150)).toBe(true);
    expect(read(1270, 150.1)).toBe(false);
  });
});
