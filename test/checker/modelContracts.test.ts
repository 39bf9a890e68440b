/**
 * Contracts of a model the checker enforces during (or before) the search, not only when a trace
 * is replayed: property names are unique, and `actions`/`next` are deterministic.
 */
import { describe, expect, it } from 'vitest';
import { check, checkAsync } from '../../checker/check.js';
import { defineModel, type Model } from '../../model/core/model.js';
import { int, record, type Infer } from '../../model/core/shape/index.js';
import { always, deadlockFree, sometimes } from '../../properties/index.js';
import { arbitraryGraph, graphModel, type GraphState } from '../helpers/graphModel.js';
import fc from 'fast-check';

const walk = { nodes: 3, edges: [[0, 1], [1, 2]] as [number, number][], init: [0] };

describe('duplicate property names', () => {
  it('are a model error (IPC007) before the search starts, naming both properties, with no state stored', async () => {
    const model = graphModel({
      ...walk,
      properties: [always<GraphState>('small', (s) => s.node < 3), deadlockFree(), sometimes<GraphState>('small', (s) => s.node === 2)],
    });
    for (const r of [check(model), await checkAsync(model)]) {
      expect(r.modelError).toEqual({
        code: 'IPC007',
        phase: 'properties',
        message: "properties 1 and 3 (of 3) are both named 'small': a verdict is known by its property's name, so property names must be unique; rename one of them",
      });
      expect(r).toMatchObject({ ok: false, complete: false, stoppedBy: 'modelError' });
      expect(r.stats).toMatchObject({ distinct: 0, generated: 0, initial: 0 });
      expect(r.properties.map((p) => p.verdict.status)).toEqual(['unknown', 'unknown', 'unknown']);
    }
  });

  it('are not confused with names that differ only in case or spacing', () => {
    const r = check(graphModel({ ...walk, properties: [always<GraphState>('small', () => true), always<GraphState>('Small', () => true), always<GraphState>('small ', () => true)] }));
    expect(r.modelError).toBeUndefined();
    expect(r.ok).toBe(true);
  });
});

const cell = record({ n: int(0, 999) });
type Cell = Infer<typeof cell>;
type Step = { readonly kind: 'Step'; readonly by: number };
const STEPS: readonly Step[] = [1, 2, 3].map((by) => ({ kind: 'Step', by }));

/** A walk over 0…999 in steps of 1 to 3 from 0, wrapping; `parts` replace its functions. */
function steps(parts: Partial<Model<Cell, Step>>): Model<Cell, Step> {
  return defineModel<Cell, Step>({
    name: 'steps',
    shape: cell,
    init: () => [{ n: 0 }],
    actions: () => STEPS,
    next: (s, a) => ({ n: (s.n + a.by) % 1000 }),
    properties: [always('in range', (s) => s.n < 1000)],
    ...parts,
  });
}

describe('nondeterminism found during the search', () => {
  it('is IPC003 for a next that uses Math.random, at the first state, naming the action', () => {
    // Three random successors, drawn twice: all three the same both times has odds of 10^-9.
    const r = check(steps({ next: () => ({ n: Math.floor(Math.random() * 1000) }) }));
    expect(r).toMatchObject({ ok: false, complete: false, stoppedBy: 'modelError' });
    expect(r.modelError).toMatchObject({ code: 'IPC003', phase: 'next' });
    expect(r.modelError!.message).toMatch(/^the successor by next\(Step\(by=[123]\)\) differed when the state was expanded again: the model is not deterministic; look for Math\.random/);
    expect(r.modelError!.trace).toEqual({ init: { n: 0 }, steps: [], path: { init: 0, actions: [] } });
    expect(r.stats.distinct).toBe(1);
  });

  it('is IPC003 for a next that keeps a counter in a closure: the first state, the first action, every run', () => {
    let calls = 0;
    const model = steps({ next: (s, a) => ({ n: (s.n + a.by + (calls++ % 2)) % 1000 }) });
    const r = check(model);
    expect(r.modelError).toMatchObject({ code: 'IPC003', phase: 'next', action: { kind: 'Step', by: 1 } });
    expect(r.modelError!.message).toMatch(/^the successor by next\(Step\(by=1\)\) differed when the state was expanded again/);
  });

  it('is IPC003 for actions() that change from one call to the next, in the actions phase', () => {
    let calls = 0;
    const r = check(steps({ actions: () => (calls++ % 2 === 0 ? STEPS : STEPS.slice(0, 2)) }));
    expect(r.modelError).toMatchObject({ code: 'IPC003', phase: 'actions' });
    expect(r.modelError!.message).toMatch(/^actions\(\) returned 3 actions for it, then 2 when it was expanded again/);
  });

  it('is found deeper too, at the first re-expanded state of the level where the model goes wrong, with the trace there', () => {
    // Deterministic up to n = 40, random beyond: every 32nd state of a level (the first included) is expanded again.
    const r = check(steps({ next: (s, a) => ({ n: s.n < 40 ? s.n + a.by : Math.floor(Math.random() * 1000) }) }));
    expect(r.modelError).toMatchObject({ code: 'IPC003', phase: 'next' });
    const trace = r.modelError!.trace!;
    expect(trace.steps.at(-1)!.state.n).toBeGreaterThanOrEqual(40);
    expect(trace.steps.slice(0, -1).every((st) => st.state.n < 40)).toBe(true);
  });

  it('is not reported with reexpandEvery: 0, which leaves it to replays', () => {
    let calls = 0;
    const r = check(steps({ next: (s, a) => ({ n: (s.n + a.by + (calls++ % 2)) % 1000 }) }), { reexpandEvery: 0 });
    expect(r.modelError?.code).not.toBe('IPC003');
  });

  it('never fires on a deterministic model, whatever share is re-expanded, and changes no count', () => {
    fc.assert(
      fc.property(arbitraryGraph(), fc.constantFrom(1, 2, 3, 16), (g, every) => {
        const plain = check(graphModel({ ...g, properties: [deadlockFree()] }), { reexpandEvery: 0 });
        const rechecked = check(graphModel({ ...g, properties: [deadlockFree()] }), { reexpandEvery: every });
        expect(rechecked.modelError).toBeUndefined();
        expect({ ...rechecked.stats, elapsedMs: 0, statesPerSecond: 0 }).toEqual({ ...plain.stats, elapsedMs: 0, statesPerSecond: 0 });
      }),
      { numRuns: 100 },
    );
  });

  it('refuses a share that is not a whole number of at least zero', () => {
    expect(() => check(steps({}), { reexpandEvery: -1 })).toThrow(/reexpandEvery must be a whole number ≥ 0, got -1/);
  });
});
