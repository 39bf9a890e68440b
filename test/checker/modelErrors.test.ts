/**
 * Model errors are data with a code, a message naming the cause and a trace; and the options that
 * stop a search (stopOnViolation, timeLimitMs, shouldStop) stop it and say so.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import type { Progress } from '../../checker/options.js';
import { ReplayError } from '../../checker/errors.js';
import { replay } from '../../checker/replay.js';
import { lastState } from '../../checker/trace.js';
import { defineModel, type Model } from '../../model/core/model.js';
import { int, queue, record, type Infer } from '../../model/core/shape/index.js';
import { always, bounded, deadlockFree, sometimes, step } from '../../properties/index.js';
import type { Property } from '../../properties/property.js';
import { graphModel, type GraphState } from '../helpers/graphModel.js';
import { misusedBuildingBlock, THROWS_AT, throwingNext, throwingProperty, undeclaredField } from '../fixtures/throwingModels.js';

const counterShape = record({ n: int(0, 7) });
type Counter = Infer<typeof counterShape>;
type Inc = { readonly kind: 'Inc' };
const INC: readonly Inc[] = [{ kind: 'Inc' }];

/** A counter from 0 to 7 (Inc enabled below 7), with overridable parts. */
function counter(parts: Partial<Model<Counter, Inc>> = {}): Model<Counter, Inc> {
  return defineModel<Counter, Inc>({
    name: 'counter',
    shape: counterShape,
    init: () => [{ n: 0 }],
    actions: (s) => (s.n < 7 ? INC : []),
    next: (s) => ({ n: s.n + 1 }),
    properties: [],
    ...parts,
  });
}

/** A binary tree over `n`: from n < 3, `Left` goes to 2n+1 and `Right` to 2n+2 (nodes 0…6). */
type Branch = { readonly kind: 'Left' } | { readonly kind: 'Right' };
const LR: readonly Branch[] = [{ kind: 'Left' }, { kind: 'Right' }];
const child = (s: Counter, a: Branch): Counter => ({ n: 2 * s.n + (a.kind === 'Left' ? 1 : 2) });
function tree(parts: Partial<Model<Counter, Branch>> = {}): Model<Counter, Branch> {
  return defineModel<Counter, Branch>({
    name: 'tree',
    shape: counterShape,
    init: () => [{ n: 0 }],
    actions: (s) => (s.n < 3 ? LR : []),
    next: child,
    properties: [],
    ...parts,
  });
}

/** The error `f` throws, or undefined. */
function thrownBy(f: () => unknown): unknown {
  try {
    f();
    return undefined;
  } catch (e) {
    return e;
  }
}

describe('model errors', () => {
  it('reports a throwing next as IPC001 with the trace to the state and the action being taken', () => {
    const r = check(
      counter({
        next: (s) => {
          if (s.n === 2) throw new Error('boom');
          return { n: s.n + 1 };
        },
      }),
    );
    expect(r).toMatchObject({ ok: false, complete: false, stoppedBy: 'modelError' });
    const e = r.modelError!;
    expect(e).toMatchObject({ code: 'IPC001', phase: 'next', action: { kind: 'Inc' } });
    expect(e.message).toMatch(/^next\(\) threw: boom \(at test\/checker\/modelErrors\.test\.ts:\d+:\d+\)$/);
    expect(e.trace!.path).toEqual({ init: 0, actions: [0, 0] });
    expect(lastState(e.trace!)).toEqual({ n: 2 });
  });

  it('reports a throwing actions() as IPC001 with the trace to the state being expanded', () => {
    const r = check(
      counter({
        actions: (s) => {
          if (s.n === 3) throw new Error('no actions here');
          return INC;
        },
      }),
    );
    expect(r.modelError).toMatchObject({ code: 'IPC001', phase: 'actions' });
    expect(r.modelError!.message).toMatch(/^actions\(\) threw: no actions here \(at test\/checker\/modelErrors\.test\.ts:\d+:\d+\)$/);
    expect(r.modelError!.action).toBeUndefined();
    expect(lastState(r.modelError!.trace!)).toEqual({ n: 3 });
  });

  it('reports a throwing init() as IPC001 without a trace', () => {
    const r = check(
      counter({
        init: () => {
          throw new Error('no start');
        },
      }),
    );
    expect(r.modelError).toEqual({ code: 'IPC001', phase: 'init', message: expect.stringMatching(/^init\(\) threw: no start \(at test\/checker\/modelErrors\.test\.ts:\d+:\d+\)$/), state: undefined });
    expect(r).toMatchObject({ ok: false, complete: false, stoppedBy: 'modelError', stats: { distinct: 0 } });
  });

  it('reports a throwing withinBounds as IPC001 with the successor it was judging', () => {
    const r = check(
      counter({
        withinBounds: (s) => {
          if (s.n === 2) throw new Error('cannot judge');
          return true;
        },
      }),
    );
    expect(r.modelError).toMatchObject({ code: 'IPC001', phase: 'withinBounds', state: { n: 2 }, action: { kind: 'Inc' } });
    expect(lastState(r.modelError!.trace!)).toEqual({ n: 1 });
  });

  it('reports an int pushed out of its range as IPC002, naming the field', () => {
    const r = check(counter({ actions: () => INC }));
    const e = r.modelError!;
    expect(e).toMatchObject({ code: 'IPC002', phase: 'shape', state: { n: 8 }, action: { kind: 'Inc' } });
    expect(e.message).toBe('a state left its declared shape: state.n: 8 is outside int(0, 7)');
    expect(lastState(e.trace!)).toEqual({ n: 7 });
    expect(e.trace!.steps).toHaveLength(7);
  });

  it('reports a queue pushed past its maxLen as IPC002, naming the path state.q', () => {
    const shape = record({ q: queue(2, int(0, 1)) });
    type S = Infer<typeof shape>;
    const model = defineModel<S, { readonly kind: 'Push' }>({
      name: 'overflow',
      shape,
      init: () => [{ q: [] }],
      actions: () => [{ kind: 'Push' }],
      next: (s) => ({ q: [...s.q, 1] }),
      properties: [],
    });
    const e = check(model).modelError!;
    expect(e.code).toBe('IPC002');
    expect(e.message).toContain('state.q');
    expect(e.message).toBe('a state left its declared shape: state.q: a queue of length 3 overflows queue(2, int(0, 1))');
    expect(lastState(e.trace!)).toEqual({ q: [1, 1] });
    expect(e.state).toEqual({ q: [1, 1, 1] });
  });

  it('reports an initial state outside its shape as IPC002 with the state and no trace', () => {
    const r = check(counter({ init: () => [{ n: 0 }, { n: 9 }] }));
    expect(r.modelError).toMatchObject({ code: 'IPC002', phase: 'shape', state: { n: 9 } });
    expect(r.modelError!.trace).toBeUndefined();
    expect(r.modelError!.message).toContain('state.n: 9 is outside int(0, 7)');
  });

  it('reports init() returning no state as IPC006', () => {
    const r = check(counter({ init: () => [] }));
    expect(r.modelError).toMatchObject({ code: 'IPC006', phase: 'init' });
    expect(r.modelError!.message).toMatch(/no state/);
    expect(r).toMatchObject({ ok: false, complete: false, stoppedBy: 'modelError' });
  });

  it('reports a throwing always predicate as IPC005 with the trace to the state', () => {
    const r = check(
      counter({
        properties: [
          always('picky', (s) => {
            if (s.n === 2) throw new Error('two!');
            return true;
          }),
        ],
      }),
    );
    expect(r.modelError).toMatchObject({ code: 'IPC005', phase: "property 'picky'" });
    expect(r.modelError!.message).toMatch(/^property 'picky' threw: two! \(at test\/checker\/modelErrors\.test\.ts:\d+:\d+\)$/);
    expect(lastState(r.modelError!.trace!)).toEqual({ n: 2 });
    expect(r.verdicts['picky'].status).toBe('unknown');
  });

  it('reports throwing step predicates, bounded measures and validEnd as IPC005', () => {
    const boom = (): never => {
      throw new Error('boom');
    };
    const cases: [Property<Counter, Inc>, Counter][] = [
      [step('s', (s) => (s.n === 3 ? boom() : true)), { n: 3 }],
      [bounded('b', (s) => (s.n === 4 ? boom() : s.n), 10), { n: 4 }],
      [deadlockFree({ validEnd: boom }), { n: 7 }],
    ];
    for (const [p, at] of cases) {
      const e = check(counter({ properties: [p] })).modelError!;
      expect(e.code).toBe('IPC005');
      expect(e.phase).toBe(`property '${p.name}'`);
      expect(e.message).toContain('boom');
      expect(lastState(e.trace!)).toEqual(at);
    }
  });

  it('reports two properties sharing a name as IPC007 before the search, instead of throwing', () => {
    const model = counter({ properties: [always('same', () => true), sometimes('same', () => true)] });
    const r = check(model);
    expect(r.modelError).toMatchObject({ code: 'IPC007', phase: 'properties' });
    expect(r.modelError!.message).toMatch(/^properties 1 and 2 \(of 2\) are both named 'same'/);
    expect(r).toMatchObject({ ok: false, complete: false, stats: { distinct: 0 } });
  });
});

describe('a model function that throws is named by its file and line', () => {
  // The fixtures throw at known lines; the checker's own frames and its callers' are never named.
  it('names the line of a throwing next, not the checker that called it', () => {
    const e = check(throwingNext).modelError!;
    expect(e).toMatchObject({ code: 'IPC001', phase: 'next' });
    expect(e.message).toBe(`next() threw: no third step (at ${THROWS_AT.throwingNext})`);
  });

  it("names the model's call into ipc-check when the error is thrown inside an ipc-check building block", () => {
    expect(check(misusedBuildingBlock).modelError!.message).toBe(
      `next() threw: returnToUser: the processor is already in user mode (at ${THROWS_AT.misusedBuildingBlock})`,
    );
  });

  it('names the line of a throwing property predicate, past the native frame that threw', () => {
    const e = check(throwingProperty).modelError!;
    expect(e).toMatchObject({ code: 'IPC005', phase: "property 'n is small'" });
    expect(e.message).toMatch(new RegExp(`^property 'n is small' threw: .*JSON.* \\(at ${THROWS_AT.throwingProperty}\\)$`));
  });
});

describe('a field outside the declared shape', () => {
  it('is IPC002 with the path of the field and the trace to the state that has it', () => {
    const e = check(undeclaredField).modelError!;
    expect(e).toMatchObject({ code: 'IPC002', phase: 'shape', state: { n: 1, m: 2 }, action: { kind: 'Inc' } });
    expect(e.message).toBe(
      "a state left its declared shape: state.m: field 'm' is not in the declared shape (its record declares n): add it to the shape, or leave it out of the state",
    );
    expect(lastState(e.trace!)).toEqual({ n: 1 });
  });

  it('is IPC002 in the last of 5,000 initial states: every initial state is checked, however many', () => {
    const inits = [...Array.from({ length: 4999 }, () => ({ n: 0 })), { n: 1, extra: true } as Counter];
    const e = check(counter({ init: () => inits })).modelError!;
    expect(e).toMatchObject({ code: 'IPC002', state: { n: 1, extra: true } });
  });

  it('is IPC002 in an initial state, which is always checked', () => {
    const e = check(counter({ init: () => [{ n: 0 }, { n: 1, extra: true } as Counter] })).modelError!;
    expect(e).toMatchObject({ code: 'IPC002', state: { n: 1, extra: true } });
    expect(e.message).toContain("state.extra: field 'extra' is not in the declared shape");
  });

  it('is IPC002 when a replayed trace reaches it', () => {
    const model = counter({ next: (s) => (s.n === 1 ? ({ n: 2, m: 0 } as Counter) : { n: s.n + 1 }) });
    const e = thrownBy(() => replay(model, { init: 0, actions: [0, 0] }));
    expect(e).toBeInstanceOf(ReplayError);
    expect((e as ReplayError).code).toBe('IPC002');
    expect((e as ReplayError).message).toContain("state.m: field 'm' is not in the declared shape");
  });
});

describe('determinism is enforced by replay', () => {
  it('reports actions() whose order changes between calls as IPC003, naming nondeterminism', () => {
    let calls = 0;
    const model = tree({
      // Every other call lists the actions in the opposite order: iteration order that varies.
      actions: (s) => (s.n < 3 ? (calls++ % 2 === 0 ? LR : [...LR].reverse()) : []),
      properties: [always('never 5', (s) => s.n !== 5)],
    });
    // Without re-expansions during the search (modelContracts.test.ts), the replay finds it.
    const r = check(model, { reexpandEvery: 0 });
    expect(r.modelError).toMatchObject({ code: 'IPC003', phase: 'replay' });
    expect(r.modelError!.message).toMatch(/differs from the state the search reached/);
    expect(r.modelError!.message).toMatch(/did not return the same result for the same state/);
    expect(r.modelError!.message).toMatch(/iteration over a Map or Set/);
    expect(r.verdicts['never 5']).toEqual({ status: 'unknown' });
    expect(r).toMatchObject({ ok: false, complete: false, stoppedBy: 'modelError' });
  });

  it('reports a next() that depends on a hidden counter as IPC003', () => {
    let calls = 0;
    const model = counter({
      // The second Inc ever taken jumps by two: state kept outside the model.
      next: (s) => ({ n: Math.min(7, s.n + (++calls === 2 ? 2 : 1)) }),
      properties: [always('never 3', (s) => s.n !== 3)],
    });
    const r = check(model, { reexpandEvery: 0 });
    expect(r.modelError?.code).toBe('IPC003');
    expect(r.modelError!.message).toMatch(/state kept outside the model/);
  });

  it('reports a next() that mutates the state on the trace as IPC004 during the search', () => {
    const model = counter({
      next: (s) => {
        (s as { n: number }).n++;
        return { n: s.n };
      },
      properties: [always('never 3', (s) => s.n !== 3)],
    });
    const r = check(model);
    expect(r.modelError).toMatchObject({ code: 'IPC004', phase: 'next' });
    expect(r.modelError!.message).toBe('next(Inc) mutated the state it was given; return a new state instead');
  });

  it('reports IPC004 from replay() itself when a recorded path is replayed through a mutating next()', () => {
    const model = counter({
      next: (s) => {
        (s as { n: number }).n++;
        return { n: s.n };
      },
    });
    expect(() => replay(model, { init: 0, actions: [0] })).toThrow('step 1: next(Inc) mutated the state it was given; return a new state instead');
  });

  /** The tree model whose Left step sets its parent's n to 2 before returning the child. */
  const leftMutatesParent = (properties: Model<Counter, Branch>['properties']) =>
    tree({
      next: (s, a) => {
        if (a.kind === 'Left') {
          const t = child(s, a);
          (s as { n: number }).n = 2;
          return t;
        }
        return child(s, a);
      },
      properties,
    });

  it('reports a next() that mutates its input and so corrupts a sibling successor as IPC004, naming the action', () => {
    // Left mutates the parent to 2 before returning; the search would then apply Right to the
    // mutated parent. Re-encoding each expanded state catches it before any trace is replayed.
    const model = leftMutatesParent([always('never 6', (s) => s.n !== 6)]);
    const r = check(model);
    expect(r.modelError).toMatchObject({ code: 'IPC004', phase: 'next' });
    expect(r.modelError!.message).toBe('next(Left) mutated the state it was given; return a new state instead');
    expect(r.modelError!.action).toEqual({ kind: 'Left' });
    expect(r.ok).toBe(false);
  });

  it('detects a next() that mutates its input even when every property holds and nothing is replayed', () => {
    const model = leftMutatesParent([always('below 8', (s) => s.n < 8)]);
    const r = check(model);
    expect(r.modelError?.code).toBe('IPC004');
    expect(r.ok).toBe(false);
    expect(r.complete).toBe(false);
  });
});

describe('replay of a recorded path', () => {
  function replayError(f: () => unknown): ReplayError {
    try {
      f();
    } catch (e) {
      expect(e).toBeInstanceOf(ReplayError);
      return e as ReplayError;
    }
    throw new Error('replay did not throw');
  }

  it('rebuilds the states of a path of action indices', () => {
    const trace = replay(tree(), { init: 0, actions: [1, 0] });
    expect(trace.steps.map((s) => s.state.n)).toEqual([2, 5]);
    expect(trace.steps.map((s) => s.action.kind)).toEqual(['Right', 'Left']);
  });

  it('rejects an initial-state index out of range as IPC003', () => {
    const e = replayError(() => replay(tree(), { init: 1, actions: [] }));
    expect(e.code).toBe('IPC003');
    expect(e.message).toBe('initial state index 1 is out of range: init() returned 1 state(s)');
  });

  it('rejects an action index out of range as IPC003, suggesting another model or configuration', () => {
    const e = replayError(() => replay(tree(), { init: 0, actions: [1, 0, 0] }));
    expect(e.code).toBe('IPC003');
    expect(e.message).toMatch(/^step 3: action index 0 is out of range, 0 action\(s\) are enabled/);
    expect(e.message).toMatch(/another model or configuration/);
  });

  it('rejects a step that leaves the shape as IPC002', () => {
    const e = replayError(() => replay(counter({ actions: () => INC }), { init: 0, actions: [0, 0, 0, 0, 0, 0, 0, 0] }));
    expect(e.code).toBe('IPC002');
    expect(e.message).toBe('the state after step 8 (Inc): state.n: 8 is outside int(0, 7)');
  });
});

describe('options that stop a search', () => {
  /** A chain of 2^30 states: far more than any test explores. */
  const huge = () => {
    const shape = record({ n: int(0, 2 ** 30) });
    return defineModel<Infer<typeof shape>, Inc>({
      name: 'huge',
      shape,
      init: () => [{ n: 0 }],
      actions: () => INC,
      next: (s) => ({ n: s.n + 1 }),
      properties: [sometimes('never reached', (s) => s.n === 2 ** 30)],
    });
  };

  it('stops at the first violation with stopOnViolation, incomplete, keeping the shortest trace', () => {
    const spec = {
      nodes: 6,
      edges: [[0, 1], [1, 2], [2, 3], [3, 4], [4, 5]] as [number, number][],
      init: [0],
      properties: [sometimes<GraphState>('reach 1', (s) => s.node === 1), always<GraphState>('avoid 2', (s) => s.node !== 2), always<GraphState>('avoid 4', (s) => s.node !== 4)],
    };
    const r = check(graphModel(spec), { stopOnViolation: true });
    expect(r).toMatchObject({ ok: false, complete: false, stoppedBy: 'violation', stats: { distinct: 3 } });
    expect(r.verdicts['reach 1'].status).toBe('witnessed');
    expect(r.verdicts['avoid 2'].status).toBe('violated');
    expect(r.verdicts['avoid 4']).toEqual({ status: 'unknown' });
    // Without the option the search goes on and finds both.
    expect(check(graphModel(spec))).toMatchObject({ complete: true, stats: { distinct: 6 } });
  });

  it('stops at timeLimitMs, incomplete, with stoppedBy timeLimit', () => {
    const r = check(huge(), { timeLimitMs: 20 });
    expect(r).toMatchObject({ ok: false, complete: false, stoppedBy: 'timeLimit' });
    expect(r.verdicts['never reached']).toEqual({ status: 'unknown' });
    expect(r.stats.distinct).toBeGreaterThan(0);
  });

  it('stops when shouldStop returns true, with stoppedBy interrupted', () => {
    let polls = 0;
    const r = check(huge(), { shouldStop: () => ++polls >= 3 });
    expect(polls).toBe(3);
    expect(r).toMatchObject({ ok: false, complete: false, stoppedBy: 'interrupted' });
    expect(r.verdicts['never reached']).toEqual({ status: 'unknown' });
  });

  it('calls onProgress during a search of 5000 states, with figures that only grow', () => {
    const shape = record({ n: int(0, 4999) });
    const model = defineModel<Infer<typeof shape>, Inc>({
      name: 'five thousand',
      shape,
      init: () => [{ n: 0 }],
      actions: (s) => (s.n < 4999 ? INC : []),
      next: (s) => ({ n: s.n + 1 }),
      properties: [],
    });
    const seen: Progress[] = [];
    const r = check(model, { onProgress: (p) => seen.push(p), progressIntervalMs: 0 });
    expect(r.stats.distinct).toBe(5000);
    expect(seen.length).toBeGreaterThan(1);
    for (let i = 0; i < seen.length; i++) {
      const p = seen[i];
      expect(p.distinct).toBeLessThanOrEqual(5000);
      expect(p.generated).toBeGreaterThanOrEqual(p.distinct);
      expect(p.depth).toBe(p.distinct); // a chain: every state is one level deeper
      expect([0, 1]).toContain(p.queue); // a chain's frontier is its last state at most
      if (i > 0) expect(p.distinct).toBeGreaterThan(seen[i - 1].distinct);
    }
  });
});
