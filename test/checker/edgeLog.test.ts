/**
 * The transitions a one-worker search records for the `neverStuck` analysis: the rows they give
 * are the rows a second expansion of every state would give, and deciding `neverStuck` from them
 * calls `next` no more than the search did.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { EdgeLog } from '../../checker/edgeLog.js';
import { levelOrderTransitions } from '../../checker/parallel/levelOrder.js';
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
    const counts = log.countsBySource(sources + 5);
    expect(counts.length).toBe(sources + 5);
    expect([counts[0], counts[1], counts[2], counts[3], counts[299_998], counts[299_999]]).toEqual([0, 1, 2, 0, 1, 2]);
    expect(counts[sources + 4]).toBe(0);
    const targets = log.targets();
    expect(targets.length).toBe(log.edges);
    expect(log.edges).toBe(300_000);
    expect(log.runs).toBe(200_000);
    expect(Array.from(targets.subarray(0, 4))).toEqual([2, 3, 0, 5]);
  });

  it('keeps one run per source in the order they came, as a worker of a parallel check stores them', () => {
    const log = new EdgeLog(() => true);
    log.append(7, 1);
    log.append(7, 2);
    log.append(3, 7);
    log.append(9, 9);
    log.append(9, 3);
    const t = log.transitions()!;
    expect([Array.from(t.runSources), Array.from(t.runCounts), Array.from(t.targets)]).toEqual([
      [7, 3, 9],
      [2, 1, 2],
      [1, 2, 7, 9, 3],
    ]);
    expect(Array.from(log.countsBySource(10))).toEqual([0, 0, 0, 1, 0, 0, 0, 2, 0, 2]);
    const visited: [number, number][] = [];
    log.forEachTransition((source, target) => visited.push([source, target]));
    expect(visited).toEqual([[7, 1], [7, 2], [3, 7], [9, 9], [9, 3]]);
  });

  it('gives no contiguous copy when its guard refuses the memory, and stops recording', () => {
    let allowed = 3; // the first target chunk, and the first run's source and start chunks
    const log = new EdgeLog((bytes) => (bytes === 2 ** 20 ? allowed-- > 0 : false));
    log.append(0, 1);
    log.append(1, 0);
    expect(log.recording).toBe(true);
    expect(log.transitions()).toBeUndefined();
    expect(log.recording).toBe(false);
    expect(log.bytes()).toBe(0);
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
          expect(Array.from(recorded.log.countsBySource(store.count))).toEqual(Array.from(expanded.counts));
          expect(Array.from(recorded.log.targets())).toEqual(Array.from(expanded.targets));
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
    // No re-expansions for the determinism check, which call next again on a share of the states.
    const r = check(counted, { reexpandEvery: 0 });
    expect(r.verdicts['no client stuck forever'].status).toBe('holds');
    expect(r.stats.analysisMs).toBeTypeOf('number');
    // The only trace to rebuild is the witness of 'a call completes'; its replay calls next once per step.
    const witness = r.verdicts['a call completes'];
    expect(witness.status).toBe('witnessed');
    const replayed = witness.status === 'witnessed' ? witness.trace.steps.length : 0;
    expect(calls).toBe(r.stats.generated - 1 + replayed);
  });

  it('are not needed for the verdict: without them check expands every state again, calling next once more per transition', () => {
    const model = serverPool({ clients: 2, servers: 1 });
    let calls = 0;
    const counted = { ...model, next: (s: Parameters<typeof model.next>[0], a: Parameters<typeof model.next>[1]) => (calls++, model.next(s, a)) };
    const recorded = check(counted);
    const recordedCalls = calls;
    calls = 0;
    const expanded = check(counted, { recordTransitions: false });
    expect(expanded.verdicts).toEqual(recorded.verdicts);
    expect(calls - recordedCalls).toBe(recorded.stats.generated - 1);
  });

  it('give the verdicts, traces included, that expanding every state again gives, on random graphs', () => {
    fc.assert(
      fc.property(
        arbitraryGraph().chain((g) => fc.record({ g: fc.constant(g), blocked: nodeFlags(g) })),
        ({ g, blocked }) => {
          const model = graphModel({ ...g, properties: [neverStuck<GraphState>({ threads: ['walker'], blocked: (s) => blocked[s.node] })] });
          expect(check(model).verdicts).toEqual(check(model, { recordTransitions: false }).verdicts);
        },
      ),
      { numRuns: 100 },
    );
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

describe('levelOrderTransitions', () => {
  it('numbers the workers\' logged transitions in level order, each source\'s targets in action order', () => {
    // Level 1: worker 0's state 0 (number 0). Level 2: worker 0's state 1 (number 1), worker 1's
    // state 0 (number 2). Names are index × 2 + worker: w0#1 is 2, w1#0 is 1.
    const levelEnds = [
      [1, 0],
      [2, 1],
    ];
    const w0 = { runSources: Int32Array.of(0, 2), runCounts: Int32Array.of(2, 1), targets: Int32Array.of(2, 1, 0) };
    // Worker 1 expanded its own state (name 1): two transitions, to w0#1 and to itself.
    const w1 = { runSources: Int32Array.of(1), runCounts: Int32Array.of(2), targets: Int32Array.of(2, 1) };
    const graph = levelOrderTransitions(levelEnds, [w0, w1]);
    expect(Array.from(graph.counts)).toEqual([2, 1, 2]);
    expect(Array.from(graph.offsets)).toEqual([0, 2, 3, 5]);
    expect(Array.from(graph.targets)).toEqual([1, 2, 0, 1, 2]);
  });

  it('refuses logs whose runs do not add up to their transitions', () => {
    const bad = { runSources: Int32Array.of(0), runCounts: Int32Array.of(3), targets: Int32Array.of(0) };
    expect(() => levelOrderTransitions([[1]], [bad])).toThrow(/hold 1 transitions but their runs count 3/);
  });
});
