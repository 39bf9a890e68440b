/**
 * Progress of the liveness analysis after the search: reported through the search's own
 * `onProgress` (so `--no-progress` silences both), first after a second of analysis, then at most
 * once a second, with the phase (reading the state graph: states read; deciding property k of n).
 * The throttle reads an injected clock here, so no test depends on how fast the machine is.
 */
import { describe, expect, it } from 'vitest';
import { analysisProgress, livenessProgress } from '../../../checker/analysisProgress.js';
import { check } from '../../../checker/check.js';
import type { AnalysisProgress, Progress } from '../../../checker/options.js';
import { analysisLine, progressPrinter } from '../../../cli/progress.js';

const url = new URL('../../helpers/livenessModels.mjs', import.meta.url).href;
const models = (await import(url)) as Record<string, (...args: unknown[]) => Parameters<typeof check>[0]>;

/** A clock the test moves, counting how often it is read. */
function fakeClock() {
  const clock = { t: 0, reads: 0, now: () => (clock.reads++, clock.t) };
  return clock;
}

describe('analysisProgress', () => {
  it('reports first after a second of analysis, then at most once a second, reading the clock every 256 states and at every property', () => {
    const clock = fakeClock();
    const seen: AnalysisProgress[] = [];
    const tick = analysisProgress((p) => seen.push(p), clock.now);
    // 1,000 states read, 2 ms each: the clock is read at states 0, 256, 512 and 768.
    for (let s = 0; s < 1000; s++) {
      clock.t = 2 * s;
      tick('graph', s, 1000);
    }
    for (const [t, k] of [
      [1600, 0],
      [2100, 1],
      [2500, 2],
    ]) {
      clock.t = t;
      tick('deciding', k, 3);
    }
    expect(seen).toEqual([
      { phase: 'graph', done: 512, total: 1000, elapsedMs: 1024 },
      { phase: 'deciding', done: 1, total: 3, elapsedMs: 2100 },
    ]);
    // At the start, at 4 of the 1,000 states, and at each of the 3 properties.
    expect(clock.reads).toBe(1 + 4 + 3);
  });

  it('says nothing about an analysis shorter than a second', () => {
    const clock = fakeClock();
    const seen: AnalysisProgress[] = [];
    const tick = analysisProgress((p) => seen.push(p), clock.now);
    for (let s = 0; s < 5000; s++) {
      clock.t = s / 10;
      tick('graph', s, 5000);
    }
    clock.t = 999;
    tick('deciding', 0, 1);
    expect(seen).toEqual([]);
  });

  it("is nothing when the check reports no progress (--no-progress), else reports through onProgress with the finished search's figures", () => {
    expect(livenessProgress({}, { distinct: 10, generated: 20, depth: 3, elapsedMs: 5 })).toBeUndefined();
    const clock = fakeClock();
    const seen: Progress[] = [];
    const tick = livenessProgress({ onProgress: (p) => seen.push(p) }, { distinct: 10, generated: 20, depth: 3, elapsedMs: 4 }, clock.now)!;
    clock.t = 1500;
    tick('deciding', 0, 2);
    expect(seen).toEqual([
      { distinct: 10, generated: 20, queue: 0, depth: 3, elapsedMs: 4, statesPerSecond: 2500, analysis: { phase: 'deciding', done: 0, total: 2, elapsedMs: 1500 } },
    ]);
  });
});

describe('progress of the liveness analysis through check()', () => {
  it("reports reading the graph and deciding each property, the other fields the finished search's (every report passes with an interval of 0)", () => {
    const seen: Progress[] = [];
    const r = check(models.peterson(), { onProgress: (p) => seen.push(p), progressIntervalMs: 0 });
    const analysis = seen.filter((p) => p.analysis !== undefined);
    // Peterson's 20 states are read before the first clock read that follows; then its two liveness properties.
    expect(analysis.map((p) => ({ ...p.analysis!, elapsedMs: 0 }))).toEqual([
      { phase: 'graph', done: 0, total: 20, elapsedMs: 0 },
      { phase: 'deciding', done: 0, total: 2, elapsedMs: 0 },
      { phase: 'deciding', done: 1, total: 2, elapsedMs: 0 },
    ]);
    for (const p of analysis) expect({ distinct: p.distinct, queue: p.queue, depth: p.depth }).toEqual({ distinct: 20, queue: 0, depth: r.stats.depth });
  });

  it('reports nothing without onProgress, and decides the same', () => {
    const quiet = check(models.peterson());
    const loud = check(models.peterson(), { onProgress: () => {}, progressIntervalMs: 0 });
    expect(quiet.verdicts).toEqual(loud.verdicts);
  });
});

describe('the progress lines on stderr', () => {
  it('say the phase, how far, and the seconds of analysis', () => {
    expect(analysisLine({ phase: 'graph', done: 1_500_000, total: 3_000_000, elapsedMs: 2400 })).toBe(
      'liveness analysis: reading the state graph, 1,500,000 of 3,000,000 states (50%), 2s',
    );
    expect(analysisLine({ phase: 'deciding', done: 1, total: 5, elapsedMs: 7100 })).toBe('liveness analysis: deciding property 2 of 5, 7s');
  });

  it('are printed for the analysis as the checker passes them, and for the search only after its first second', () => {
    const lines: string[] = [];
    const print = progressPrinter('peterson', (s) => lines.push(s));
    const search = { distinct: 20, generated: 40, queue: 3, depth: 4, elapsedMs: 500, statesPerSecond: 40 };
    print(search);
    print({ ...search, queue: 0, analysis: { phase: 'deciding', done: 0, total: 2, elapsedMs: 1200 } });
    expect(lines).toEqual(['[peterson] liveness analysis: deciding property 1 of 2, 1s\n']);
  });
});
