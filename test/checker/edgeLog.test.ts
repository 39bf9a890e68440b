/**
 * The transitions a one-worker search records for the `neverStuck` analysis: the rows they give
 * are the rows a second expansion of every state would give, and deciding `neverStuck` from them
 * calls `next` no more than the search did.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { EdgeLog } from '../../checker/edgeLog.js';
import { Search } from '../../checker/search.js';
import { StateStore } from '../../checker/stateStore.js';
import { graphRows, neverStuckProperties, recordedRows } from '../../checker/stuck.js';
import { serverPool } from '../../model/examples/serverPool.js';
import type { Model } from '../../model/core/model.js';
import { neverStuck } from '../../properties/index.js';
import { arbitraryGraph, graphModel, nodeFlags, type GraphAction, type GraphState } from '../helpers/graphModel.js';

/** Runs a one-worker search of `model` to its end. */
function searched<S, A extends { kind: string }>(model: Model<S, A>): Search<S, A> {
  const search = new Search(model, {});
  while (!search.run(Infinity)) {
    // run until done
  }
  return search;
}

describe('EdgeLog', () => {
  it('keeps the targets in order and a count per source, across chunk boundaries', () => {
    const log = new EdgeLog(() => true);
    const sources = 300_000;
    for (let s = 0; s < sources; s++) {
      if (s % 3 === 0) continue;
      log.append(s, s + 1);
      if (s % 3 === 2) log.append(s, 0);
    }
    const counts = log.counts(sources + 5);
    expect(counts.length).toBe(sources + 5);
    expect([counts[0], counts[1], counts[2], counts[3], counts[299_998], counts[299_999]]).toEqual([0, 1, 2, 0, 1, 2]);
    expect(counts[sources + 4]).toBe(0);
    const targets = log.targets();
    expect(targets.length).toBe(log.edges);
    expect(log.edges).toBe(300_000);
    expect(Array.from(targets.subarray(0, 4))).toEqual([2, 3, 0, 5]);
  });

  it('stops recording and lets go of what it held when its guard refuses a chunk', () => {
    let allowed = 1;
    const log = new EdgeLog(() => allowed-- > 0);
    log.append(0, 1);
    expect(log.recording).toBe(false);
    expect(log.edges).toBe(0);
    expect(log.bytes()).toBe(0);
    log.append(1, 2);
    expect(log.edges).toBe(0);
  });
});

describe('recorded transitions for neverStuck', () => {
  it('give the same rows as expanding every state again, on random graphs with bounds', () => {
    fc.assert(
      fc.property(
        arbitraryGraph().chain((g) =>
          fc.record({
            g: fc.constant(g),
            blocked: nodeFlags(g),
            allowed: nodeFlags(g),
          }),
        ),
        ({ g, blocked, allowed }) => {
          const prop = neverStuck<GraphState>({ threads: ['walker'], blocked: (s) => blocked[s.node] });
          const model = graphModel({ ...g, properties: [prop], withinBounds: (s) => allowed[s.node] || g.init.includes(s.node) });
          const search = searched<GraphState, GraphAction>(model);
          const store = search.store as StateStore;
          const props = neverStuckProperties(model);
          expect(search.edges?.recording).toBe(true);
          const recorded = recordedRows(search.codec, store, props, search.edges!);
          const expanded = graphRows(model, search.codec, store, props, 0, store.count);
          expect(Array.from(recorded.counts)).toEqual(Array.from(expanded.counts));
          expect(Array.from(recorded.targets)).toEqual(Array.from(expanded.targets));
          expect(recorded.blocked.map((b) => Array.from(b))).toEqual(expanded.blocked.map((b) => Array.from(b)));
        },
      ),
      { numRuns: 200 },
    );
  });

  it('let check decide neverStuck on serverPool calling next once per transition, besides replaying its witness', () => {
    const base = serverPool({ clients: 2, servers: 1 });
    let calls = 0;
    const counted = { ...base, next: (s: Parameters<typeof base.next>[0], a: Parameters<typeof base.next>[1]) => (calls++, base.next(s, a)) };
    const r = check(counted);
    expect(r.verdicts['no client stuck forever'].status).toBe('holds');
    expect(r.stats.analysisMs).toBeGreaterThanOrEqual(0);
    // The only trace to rebuild is the witness of 'a call completes'; its replay calls next once per step.
    const witness = r.verdicts['a call completes'];
    expect(witness.status).toBe('witnessed');
    const replayed = witness.status === 'witnessed' ? witness.trace.steps.length : 0;
    expect(calls).toBe(r.stats.generated - 1 + replayed);
  });

  it('are not recorded when the model has no neverStuck property, nor in fingerprint mode', () => {
    const plain = graphModel({ nodes: 2, edges: [[0, 1]], init: [0] });
    expect(searched(plain).edges).toBeUndefined();
    const stuck = graphModel({ nodes: 2, edges: [[0, 1]], init: [0], properties: [neverStuck<GraphState>({ threads: ['w'], blocked: () => false })] });
    expect(new Search(stuck, { fingerprint: true }).edges).toBeUndefined();
  });

  it('refuse to build rows from a log that stopped recording', () => {
    const model = graphModel({ nodes: 2, edges: [[0, 1]], init: [0], properties: [neverStuck<GraphState>({ threads: ['w'], blocked: () => false })] });
    const search = searched(model);
    const stopped = new EdgeLog(() => false);
    stopped.append(0, 1);
    expect(() => recordedRows(search.codec, search.store as StateStore, neverStuckProperties(model), stopped)).toThrow(/stopped recording/);
  });
});
