/**
 * Liveness through `check()`: `leadsTo`, `eventually`, `alwaysEventually` and `responseBound`
 * on small hand-made models whose lassos and bounds are counted by hand, decided after a
 * complete exact search under the model's fairness; unknown when the search is incomplete or in
 * fingerprint mode.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { replay } from '../../../checker/replay.js';
import { ReplayError } from '../../../checker/errors.js';
import { exitCodeOf, ExitCode } from '../../../cli/exitCodes.js';
import { defineModel, type Fairness, type Model } from '../../../model/core/model.js';
import { bool, int, record } from '../../../model/core/shape/index.js';
import { alwaysEventually, eventually, leadsTo, responseBound } from '../../../properties/index.js';
import type { Property } from '../../../properties/property.js';

type Spin = { x: number; done: boolean };
type SpinAction = { kind: 'Spin' } | { kind: 'Finish' } | { kind: 'Fail' };

/**
 * Thread 0 spins for ever (x flips between 0 and 1); thread 1 can finish once. With `canFail`,
 * thread 1 may instead fail into a state where nothing is enabled (x = 2).
 */
function spinner(props: Property<Spin, SpinAction>[], fairness?: Fairness<Spin, SpinAction>, canFail = false): Model<Spin, SpinAction> {
  return defineModel<Spin, SpinAction>({
    name: 'spinner',
    shape: record({ x: int(0, 2), done: bool() }),
    init: () => [{ x: 0, done: false }],
    actions: (s) => {
      if (s.x === 2) return [];
      const out: SpinAction[] = [{ kind: 'Spin' }];
      if (!s.done) out.push({ kind: 'Finish' });
      if (!s.done && canFail) out.push({ kind: 'Fail' });
      return out;
    },
    next: (s, a) => (a.kind === 'Spin' ? { ...s, x: 1 - s.x } : a.kind === 'Finish' ? { ...s, done: true } : { x: 2, done: false }),
    properties: props,
    ...(fairness ? { fairness } : {}),
  });
}

const perThread: Fairness<Spin, SpinAction> = {
  groups: [
    { name: 'spinner', kind: 'weak' },
    { name: 'finisher', kind: 'weak' },
  ],
  groupOf: (_s, a) => (a.kind === 'Spin' ? 0 : 1),
};

describe('eventually through check()', () => {
  it('fails without fairness with a lasso that spins from the initial state back to it: two steps, loop 0', () => {
    const r = check(spinner([eventually('finishes', (s) => s.done)]));
    const v = r.verdicts['finishes'];
    expect(v.status).toBe('violated');
    if (v.status !== 'violated') return;
    expect(v.trace.steps.map((st) => st.action.kind)).toEqual(['Spin', 'Spin']);
    expect(v.trace.loop).toBe(0);
    expect(v.trace.path).toEqual({ init: 0, actions: [0, 0], loop: 0 });
    expect(v.premiseAt).toBe(0);
    expect(r.ok).toBe(false);
    expect(exitCodeOf(r)).toBe(ExitCode.Violated);
    expect(r.stats.analysisMs).toBeTypeOf('number');
  });

  it('holds when each thread is weakly fair: the finisher, always enabled until it finishes, must run', () => {
    const r = check(spinner([eventually('finishes', (s) => s.done)], perThread));
    expect(r.verdicts['finishes']).toEqual({ status: 'holds' });
    expect(r.ok).toBe(true);
  });

  it('fails with a lasso that ends in a deadlock when the finisher may fail instead: loop = the last state', () => {
    const r = check(spinner([eventually('finishes', (s) => s.done)], perThread, true));
    const v = r.verdicts['finishes'];
    expect(v.status).toBe('violated');
    if (v.status !== 'violated') return;
    expect(v.trace.steps.map((st) => st.action.kind)).toEqual(['Fail']);
    expect(v.trace.loop).toBe(1);
  });

  it('is unknown, with no reason, when a bound stops the search, and unknown with the reason in fingerprint mode', () => {
    const m = spinner([eventually('finishes', (s) => s.done)], perThread);
    expect(check(m, { maxStates: 2 }).verdicts['finishes']).toEqual({ status: 'unknown' });
    expect(check(m, { fingerprint: true }).verdicts['finishes']).toEqual({
      status: 'unknown',
      reason: 'liveness is decided over the whole state graph, which needs a search in exact mode',
    });
  });
});

describe('leadsTo and alwaysEventually through check()', () => {
  it('leadsTo fails from the first premise state in breadth-first order, and the lasso names where it held', () => {
    // Once finished, the spinner spins for ever with x flipping: x = 1 ~> done holds (finish comes), done ~> x = 2 never.
    const r = check(spinner([leadsTo('x = 1 leads to finishing', (s) => s.x === 1, (s) => s.done), leadsTo('finished leads to failing', (s) => s.done, (s) => s.x === 2)], perThread));
    expect(r.verdicts['x = 1 leads to finishing']).toEqual({ status: 'holds' });
    const v = r.verdicts['finished leads to failing'];
    expect(v.status).toBe('violated');
    if (v.status !== 'violated') return;
    expect(v.trace.steps.map((st) => st.action.kind)).toEqual(['Finish', 'Spin', 'Spin']);
    expect(v.premiseAt).toBe(1);
    expect(v.trace.loop).toBe(1);
  });

  it('alwaysEventually fails once q can stop for ever: after Finish, done never clears; the lasso finishes, then spins round x', () => {
    const r = check(spinner([alwaysEventually('x comes back to 0', (s) => s.x === 0), alwaysEventually('not finished', (s) => !s.done)], perThread));
    // No state stutters while an action is enabled: after Finish the spinner must spin, so x comes back to 0 on every path.
    expect(r.verdicts['x comes back to 0']).toEqual({ status: 'holds' });
    const v = r.verdicts['not finished'];
    expect(v.status).toBe('violated');
    if (v.status !== 'violated') return;
    expect(v.trace.steps.map((st) => st.action.kind)).toEqual(['Finish', 'Spin', 'Spin']);
    expect(v.premiseAt).toBe(1);
    expect(v.trace.loop).toBe(1);
  });
});

type Server = { phase: number };
type ServerAction = { kind: 'Request' } | { kind: 'Work' } | { kind: 'Retry' } | { kind: 'Reply' };

/**
 * A client's request (phase 0 → 1), two steps of work (1 → 2 → 3) and the reply (3 → 0). With
 * `retry`, the second step may instead send the work back to phase 1 (the environment).
 */
function server(props: Property<Server, ServerAction>[], fairness?: Fairness<Server, ServerAction>, retry = false): Model<Server, ServerAction> {
  return defineModel<Server, ServerAction>({
    name: 'server',
    shape: record({ phase: int(0, 3) }),
    init: () => [{ phase: 0 }],
    actions: (s) => {
      if (s.phase === 0) return [{ kind: 'Request' }];
      if (s.phase === 3) return [{ kind: 'Reply' }];
      return s.phase === 2 && retry ? [{ kind: 'Work' }, { kind: 'Retry' }] : [{ kind: 'Work' }];
    },
    next: (s, a) => ({ phase: a.kind === 'Reply' ? 0 : a.kind === 'Retry' ? 1 : s.phase + 1 }),
    properties: props,
    ...(fairness ? { fairness } : {}),
  });
}

const waiting = (s: Server) => s.phase > 0;
const answered = (s: Server) => s.phase === 0;

describe('responseBound through check()', () => {
  it('holds with bound 3 (work, work, reply) and a witness from the request on', () => {
    const r = check(server([responseBound('latency', waiting, answered)], { groups: [{ name: 'server', kind: 'weak' }], groupOf: () => 0 }));
    const v = r.verdicts['latency'];
    expect(v.status).toBe('holds');
    if (v.status !== 'holds') return;
    expect(v.bound).toBe(3);
    expect(v.premiseAt).toBe(1);
    expect(v.witness?.steps.map((st) => st.action.kind)).toEqual(['Request', 'Work', 'Work', 'Reply']);
  });

  it('counts only the steps its unit counts: two steps of work', () => {
    const r = check(server([responseBound<Server, ServerAction>('work steps', waiting, answered, (_s, a) => a.kind === 'Work')], { groups: [{ name: 'server', kind: 'weak' }], groupOf: () => 0 }));
    const v = r.verdicts['work steps'];
    expect(v.status === 'holds' && v.bound).toBe(2);
  });

  it('is violated, never answered, when retries are as fair as the work (a fair cycle 1 → 2 → 1)', () => {
    const r = check(server([responseBound('latency', waiting, answered)], { groups: [{ name: 'server', kind: 'weak' }], groupOf: () => 0 }, true));
    const v = r.verdicts['latency'];
    expect(v.status).toBe('violated');
    if (v.status !== 'violated') return;
    expect(v.why).toBe('never answered');
    expect(v.trace.steps.map((st) => st.action.kind)).toEqual(['Request', 'Work', 'Retry']);
    expect(v.trace.loop).toBe(1);
    expect(exitCodeOf(r)).toBe(ExitCode.BoundExceeded);
  });

  it('is violated, postponed by a cycle, when the second step is strongly fair: every fair path answers, but after any number of retries', () => {
    const fairness: Fairness<Server, ServerAction> = {
      groups: [
        { name: 'first step', kind: 'weak' },
        { name: 'second step', kind: 'strong' },
      ],
      groupOf: (s, a) => (a.kind === 'Retry' ? -1 : s.phase === 2 ? 1 : 0),
    };
    const m = server([responseBound('latency', waiting, answered), leadsTo('answered', waiting, answered)], fairness, true);
    const r = check(m);
    expect(r.verdicts['answered']).toEqual({ status: 'holds' });
    const v = r.verdicts['latency'];
    expect(v.status).toBe('violated');
    if (v.status !== 'violated') return;
    expect(v.why).toBe('postponed by a cycle');
    // The request, then work and retry, round and round: the cycle starts where the request is made (three steps; the
    // lasso went one step further into the cycle before the lassos were shortened).
    expect(v.trace.steps.map((st) => st.action.kind)).toEqual(['Request', 'Work', 'Retry']);
    expect(v.trace.loop).toBe(1);
    // The request is outstanding from the first state after it on; the lasso marks that state, the nearest request.
    expect(v.premiseAt).toBe(1);
  });
});

describe('lassos replay', () => {
  it('a lasso replays, and one whose last step does not return to its loop state is refused', () => {
    const m = spinner([]);
    expect(replay(m, { init: 0, actions: [0, 0], loop: 0 }).loop).toBe(0);
    expect(() => replay(m, { init: 0, actions: [0], loop: 0 })).toThrow(ReplayError);
    expect(() => replay(m, { init: 0, actions: [0], loop: 2 })).toThrow(/not a state of the trace/);
  });

  it('a lasso that ends in a deadlock replays only when nothing is enabled in its last state', () => {
    const m = spinner([], undefined, true);
    expect(replay(m, { init: 0, actions: [2], loop: 1 }).loop).toBe(1);
    expect(() => replay(m, { init: 0, actions: [1], loop: 1 })).toThrow(/Spin is enabled in its last state/);
  });
});
