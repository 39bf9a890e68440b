/**
 * The checker against a naive reference explorer on random graphs: same states in the same
 * breadth-first order, same counts, shortest and replayable traces, exact deadlocks, and bounds
 * that are honoured and reported.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check, checkAsync } from '../../checker/check.js';
import { replay } from '../../checker/replay.js';
import type { CheckResult, Verdict } from '../../checker/result.js';
import { Search } from '../../checker/search.js';
import { lastState, type Trace } from '../../checker/trace.js';
import { always, deadlockFree, sometimes, step } from '../../properties/index.js';
import { arbitraryGraph, graphModel, nodeFlags, outDegrees, paddedGraphModel, type Graph, type GraphAction, type GraphModelSpec, type GraphState } from '../helpers/graphModel.js';
import { explore, keyOf, type Reference } from '../helpers/referenceExplorer.js';

const RUNS = { numRuns: 200 };

type V = Verdict<GraphState, GraphAction>;
type T = Trace<GraphState, GraphAction>;

/** The trace of a verdict that must have one. */
function traceOf(v: V): T {
  if (!('trace' in v)) throw new Error(`verdict ${v.status} has no trace`);
  return v.trace;
}

/** The trace replays from `init` through `actions`/`next` to exactly the states it reports. */
function expectReplays(spec: GraphModelSpec, trace: T): void {
  const replayed = replay(graphModel(spec), trace.path);
  expect(replayed.init).toEqual(trace.init);
  expect(replayed.steps).toEqual(trace.steps);
  expect(trace.steps.length).toBe(trace.path.actions.length);
}

const dist = (ref: Reference<GraphState>, v: number) => ref.distance.get(keyOf({ node: v }));
const reachNode = (v: number) => sometimes<GraphState>(`reach ${v}`, (s) => s.node === v);
/** One `sometimes` per node: its verdict says whether the node was stored, and at what distance. */
const reachEveryNode = (g: Graph) => Array.from({ length: g.nodes }, (_, v) => reachNode(v));

/** A random graph with a chosen node. */
const graphAndNode = arbitraryGraph().chain((g) => fc.record({ g: fc.constant(g), k: fc.nat({ max: g.nodes - 1 }) }));

describe('check() against the reference explorer', () => {
  it('stores the same states as the reference, in the same breadth-first order', () => {
    fc.assert(
      fc.property(arbitraryGraph(), (g) => {
        const model = graphModel(g);
        const search = new Search(model, {});
        search.run(Infinity);
        const stored: GraphState[] = [];
        for (let i = 0; i < search.store.count; i++) stored.push(search.codec.decode(search.store.chunkOf(i), search.store.offsetOf(i)));
        expect(stored).toEqual(explore(model).states);
        // A complete search expands every state it stores.
        expect(search.expanded).toBe(search.store.count);
      }),
      RUNS,
    );
  });

  it('stores the same states in the same order when a state spans one to six words', () => {
    fc.assert(
      fc.property(arbitraryGraph(), fc.integer({ min: 0, max: 5 }), (g, padWords) => {
        const model = paddedGraphModel(g, padWords);
        const search = new Search(model, {});
        search.run(Infinity);
        const stored = Array.from({ length: search.store.count }, (_, i) => search.codec.decode(search.store.chunkOf(i), search.store.offsetOf(i)));
        const ref = explore(model);
        expect(stored).toEqual(ref.states);
        expect(search.generated).toBe(ref.generated);
      }),
      RUNS,
    );
  });

  it('counts distinct states, generated states and depth as the reference does (TLC conventions)', () => {
    fc.assert(
      fc.property(arbitraryGraph(), (g) => {
        const ref = explore(graphModel(g));
        const r = check(graphModel(g));
        expect(r.complete).toBe(true);
        expect(r.stoppedBy).toBeUndefined();
        expect(r.stats.distinct).toBe(ref.states.length);
        expect(r.stats.generated).toBe(ref.generated);
        expect(r.stats.depth).toBe(ref.depth);
        expect(r.stats.queue).toBe(0);
      }),
      RUNS,
    );
  });

  it('witnesses sometimes(node === v) exactly for the reachable nodes, with a shortest trace that replays', () => {
    fc.assert(
      fc.property(arbitraryGraph(), (g) => {
        const spec = { ...g, properties: reachEveryNode(g) };
        const ref = explore(graphModel(spec));
        const r = check(graphModel(spec));
        for (let v = 0; v < g.nodes; v++) {
          const verdict = r.verdicts[`reach ${v}`];
          const d = dist(ref, v);
          if (d === undefined) {
            expect(verdict.status).toBe('unwitnessed');
            continue;
          }
          expect(verdict.status).toBe('witnessed');
          const trace = traceOf(verdict);
          expect(trace.steps.length).toBe(d);
          expect(lastState(trace)).toEqual({ node: v });
          expectReplays(spec, trace);
        }
        expect(r.ok).toBe(ref.states.length === g.nodes);
      }),
      RUNS,
    );
  });

  it('reports an always(node !== k) violation iff k is reachable, with a shortest trace that replays', () => {
    fc.assert(
      fc.property(graphAndNode, ({ g, k }) => {
        const spec = { ...g, properties: [always<GraphState>('avoid k', (s) => s.node !== k)] };
        const ref = explore(graphModel(spec));
        const r = check(graphModel(spec));
        const d = dist(ref, k);
        const verdict = r.verdicts['avoid k'];
        expect(r.ok).toBe(d === undefined);
        if (d === undefined) {
          expect(verdict).toEqual({ status: 'holds' });
          return;
        }
        expect(verdict.status).toBe('violated');
        const trace = traceOf(verdict);
        expect(trace.steps.length).toBe(d);
        expect(lastState(trace)).toEqual({ node: k });
        expectReplays(spec, trace);
      }),
      RUNS,
    );
  });

  it('reports a step violation on the first forbidden edge reachable, with a shortest trace ending in that edge', () => {
    fc.assert(
      fc.property(graphAndNode, ({ g, k }) => {
        // Forbid every edge into k: the shortest violating trace is the shortest path to k from a node
        // with an edge into it, plus that edge.
        const spec = { ...g, properties: [step<GraphState, GraphAction>('never enter k', (_s, a) => a.to !== k)] };
        const ref = explore(graphModel(spec));
        const r = check(graphModel(spec));
        const sources = g.edges.filter(([, to]) => to === k).map(([from]) => dist(ref, from)).filter((d) => d !== undefined);
        const verdict = r.verdicts['never enter k'];
        if (sources.length === 0) {
          expect(verdict).toEqual({ status: 'holds' });
          return;
        }
        expect(verdict.status).toBe('violated');
        const trace = traceOf(verdict);
        expect(trace.steps.length).toBe(Math.min(...sources) + 1);
        expect(trace.steps.at(-1)!.action).toEqual({ kind: 'Go', to: k });
        expectReplays(spec, trace);
      }),
      RUNS,
    );
  });

  it('reports a deadlock iff a reachable node has no out-edge, at the first such node in breadth-first order', () => {
    fc.assert(
      fc.property(arbitraryGraph(), (g) => {
        const spec = { ...g, properties: [deadlockFree<GraphState>()] };
        const ref = explore(graphModel(spec));
        const r = check(graphModel(spec));
        const verdict = r.verdicts['deadlock free'];
        const first = ref.states.find((s) => ref.deadlocks.has(keyOf(s)));
        if (first === undefined) {
          expect(verdict).toEqual({ status: 'holds' });
          return;
        }
        expect(verdict.status).toBe('violated');
        const trace = traceOf(verdict);
        const end = lastState(trace);
        expect(end).toEqual(first);
        expect(outDegrees(g)[end.node]).toBe(0);
        expect(trace.steps.length).toBe(Math.min(...[...ref.deadlocks].map((k) => ref.distance.get(k)!)));
        expectReplays(spec, trace);
      }),
      RUNS,
    );
  });

  it('does not report a deadlock at a valid end state', () => {
    fc.assert(
      fc.property(graphAndNode, ({ g, k }) => {
        const spec = { ...g, properties: [deadlockFree<GraphState>({ validEnd: (s) => s.node === k })] };
        const ref = explore(graphModel(spec));
        const r = check(graphModel(spec));
        const invalid = ref.states.filter((s) => ref.deadlocks.has(keyOf(s)) && s.node !== k);
        const verdict = r.verdicts['deadlock free'];
        if (invalid.length === 0) expect(verdict).toEqual({ status: 'holds' });
        else expect(lastState(traceOf(verdict))).toEqual(invalid[0]);
      }),
      RUNS,
    );
  });

  it('gives the same result from checkAsync as from check', async () => {
    await fc.assert(
      fc.asyncProperty(graphAndNode, async ({ g, k }) => {
        const spec = { ...g, properties: [always<GraphState>('avoid k', (s) => s.node !== k), deadlockFree<GraphState>(), ...reachEveryNode(g)] };
        const sync = check(graphModel(spec));
        const async_ = await checkAsync(graphModel(spec));
        const { elapsedMs: _a, statesPerSecond: _b, ...syncStats } = sync.stats;
        const { elapsedMs: _c, statesPerSecond: _d, ...asyncStats } = async_.stats;
        expect(asyncStats).toEqual(syncStats);
        expect({ ...async_, stats: undefined }).toEqual({ ...sync, stats: undefined });
      }),
      { numRuns: 50 },
    );
  });
});

describe('check() on small fixed graphs', () => {
  it('counts duplicate initial entries and duplicate edges as generated, not as distinct states', () => {
    const r = check(
      graphModel({
        nodes: 5,
        edges: [[0, 1], [0, 1], [1, 1], [1, 2], [2, 0], [3, 4]],
        init: [0, 0],
      }),
    );
    expect(r.stats).toMatchObject({ distinct: 3, generated: 7, depth: 3, queue: 0 });
    expect(r).toMatchObject({ ok: true, complete: true });
  });

  it('finds the shortest of two paths to a node, not the first one in edge order', () => {
    // 0 → 1 → 2 → 3 is listed first, 0 → 3 last: BFS must still report the one-step trace.
    const spec = { nodes: 4, edges: [[0, 1], [1, 2], [2, 3], [0, 3]] as [number, number][], init: [0], properties: [always<GraphState>('avoid 3', (s) => s.node !== 3)] };
    const trace = traceOf(check(graphModel(spec)).verdicts['avoid 3']);
    expect(trace.path).toEqual({ init: 0, actions: [1] });
    expect(trace.steps).toEqual([{ action: { kind: 'Go', to: 3 }, actionIndex: 1, state: { node: 3 } }]);
  });

  it('reports a violating initial state with an empty trace pointing at its init entry', () => {
    const spec = { nodes: 3, edges: [[0, 1]] as [number, number][], init: [0, 2], properties: [always<GraphState>('avoid 2', (s) => s.node !== 2)] };
    const trace = traceOf(check(graphModel(spec)).verdicts['avoid 2']);
    expect(trace).toEqual({ init: { node: 2 }, steps: [], path: { init: 1, actions: [] } });
  });
});

describe('maxStates', () => {
  it('stores at most maxStates states and is incomplete (maxStates) exactly when more are reachable', () => {
    fc.assert(
      fc.property(graphAndNode, fc.integer({ min: 1, max: 45 }), ({ g, k }, m) => {
        const spec = { ...g, properties: [reachNode(k), deadlockFree<GraphState>()] };
        const ref = explore(graphModel(spec));
        const r = check(graphModel(spec), { maxStates: m });
        expect(r.stats.distinct).toBe(Math.min(m, ref.states.length));
        if (ref.states.length > m) {
          expect(r).toMatchObject({ complete: false, stoppedBy: 'maxStates', ok: false });
        } else {
          expect(r.complete).toBe(true);
          expect(r.stoppedBy).toBeUndefined();
          expect(r.stats.generated).toBe(ref.generated);
        }
        // Whatever was found is still found breadth-first: a witness is a shortest trace.
        const witness = r.verdicts[`reach ${k}`];
        if (witness.status === 'witnessed') expect(traceOf(witness).steps.length).toBe(dist(ref, k));
        else expect(witness.status).toBe(r.complete ? 'unwitnessed' : 'unknown');
        // Deadlocks are judged only on expanded states: the first `distinct - queue` in BFS order.
        const expanded = ref.states.slice(0, r.stats.distinct - r.stats.queue);
        const firstDeadlock = expanded.find((s) => ref.deadlocks.has(keyOf(s)));
        const verdict = r.verdicts['deadlock free'];
        if (firstDeadlock) expect(lastState(traceOf(verdict))).toEqual(firstDeadlock);
        else expect(verdict.status).toBe(r.complete ? 'holds' : 'unknown');
      }),
      RUNS,
    );
  });
});

describe('maxDepth', () => {
  it('stores no state deeper than maxDepth and is incomplete (maxDepth) iff a state at the bound has an out-edge', () => {
    fc.assert(
      fc.property(arbitraryGraph(), fc.integer({ min: 1, max: 8 }), (g, d) => {
        const spec = { ...g, properties: [...reachEveryNode(g), deadlockFree<GraphState>()] };
        const ref = explore(graphModel(spec));
        const deg = outDegrees(g);
        const r = check(graphModel(spec), { maxDepth: d });
        const within = ref.states.filter((s) => ref.distance.get(keyOf(s))! + 1 <= d);
        const truncated = within.some((s) => ref.distance.get(keyOf(s))! + 1 === d && deg[s.node] > 0);
        expect(r.stats.distinct).toBe(within.length);
        expect(r.stats.depth).toBe(Math.min(d, ref.depth));
        expect(r.stats.generated).toBe(g.init.length + within.filter((s) => ref.distance.get(keyOf(s))! + 1 < d).reduce((n, s) => n + deg[s.node], 0));
        expect(r.complete).toBe(!truncated);
        expect(r.stoppedBy).toBe(truncated ? 'maxDepth' : undefined);
        for (let v = 0; v < g.nodes; v++) {
          const dv = dist(ref, v);
          const verdict = r.verdicts[`reach ${v}`];
          if (dv !== undefined && dv + 1 <= d) expect(traceOf(verdict).steps.length).toBe(dv);
          else expect(verdict.status).toBe(truncated ? 'unknown' : 'unwitnessed');
        }
        // A state at the bound with no enabled action is a real deadlock, so it is reported; a
        // state beyond the bound is never stored, so never judged.
        const deadlock = within.find((s) => deg[s.node] === 0);
        const verdict = r.verdicts['deadlock free'];
        if (deadlock) expect(lastState(traceOf(verdict))).toEqual(deadlock);
        else expect(verdict.status).toBe(truncated ? 'unknown' : 'holds');
      }),
      RUNS,
    );
  });

  it('reports a deadlock at the depth bound itself and stays complete when nothing was cut off', () => {
    const spec = { nodes: 3, edges: [[0, 1], [1, 2]] as [number, number][], init: [0], properties: [deadlockFree<GraphState>()] };
    const r = check(graphModel(spec), { maxDepth: 3 });
    expect(r).toMatchObject({ complete: true, ok: false, stats: { distinct: 3, depth: 3, generated: 3 } });
    expect(traceOf(r.verdicts['deadlock free']).path).toEqual({ init: 0, actions: [0, 0] });
  });

  it('never calls a state cut off by the depth bound a deadlock', () => {
    const spec = { nodes: 4, edges: [[0, 1], [1, 2], [2, 3]] as [number, number][], init: [0], properties: [deadlockFree<GraphState>()] };
    const r = check(graphModel(spec), { maxDepth: 3 });
    expect(r).toMatchObject({ complete: false, stoppedBy: 'maxDepth', ok: false, stats: { distinct: 3, depth: 3, generated: 3 } });
    expect(r.verdicts['deadlock free']).toEqual({ status: 'unknown' });
  });

  it('expands only the initial states with maxDepth 1', () => {
    const r = check(graphModel({ nodes: 3, edges: [[0, 1], [0, 2], [1, 2]], init: [0, 1] }), { maxDepth: 1 });
    expect(r).toMatchObject({ complete: false, stoppedBy: 'maxDepth', stats: { distinct: 2, depth: 1, generated: 2 } });
  });
});

describe('withinBounds (TLC CONSTRAINT)', () => {
  it('counts successors outside the bounds as generated but neither stores nor expands them, and stays complete', () => {
    fc.assert(
      fc.property(
        arbitraryGraph().chain((g) => fc.record({ g: fc.constant(g), allowed: nodeFlags(g) })),
        ({ g, allowed }) => {
          const spec = { ...g, withinBounds: (s: GraphState) => allowed[s.node], properties: [...reachEveryNode(g), deadlockFree<GraphState>()] };
          const ref = explore(graphModel(spec));
          const r: CheckResult<GraphState, GraphAction> = check(graphModel(spec));
          expect(r.complete).toBe(true);
          expect(r.stoppedBy).toBeUndefined();
          expect(r.stats).toMatchObject({ distinct: ref.states.length, generated: ref.generated, depth: ref.depth });
          for (let v = 0; v < g.nodes; v++) {
            const dv = dist(ref, v);
            const verdict = r.verdicts[`reach ${v}`];
            if (dv === undefined) expect(verdict.status).toBe('unwitnessed');
            else expect(traceOf(verdict).steps.length).toBe(dv);
          }
          const deadlock = ref.states.find((s) => ref.deadlocks.has(keyOf(s)));
          const verdict = r.verdicts['deadlock free'];
          if (deadlock) expect(lastState(traceOf(verdict))).toEqual(deadlock);
          else expect(verdict.status).toBe('holds');
        },
      ),
      RUNS,
    );
  });

  it('does not call a state whose successors all lie outside the bounds a deadlock', () => {
    const spec = { nodes: 2, edges: [[0, 1]] as [number, number][], init: [0], withinBounds: (s: GraphState) => s.node === 0, properties: [deadlockFree<GraphState>()] };
    const r = check(graphModel(spec));
    expect(r).toMatchObject({ ok: true, complete: true, stats: { distinct: 1, generated: 2, depth: 1 } });
  });
});
