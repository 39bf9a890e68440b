import { describe, expect, it } from 'vitest';
import { check, type Verdict } from '../../../checker/index.js';
import { twoPhase, type TwoPhaseAction, type TwoPhaseState } from '../../../model/classic/twoPhase.js';
import { twoPhaseEntry } from '../../../registry/entries/twoPhase.js';
import { formatAction } from '../../../model/core/model.js';
import { explore } from './explore.js';

/** The actions of a verdict's trace; fails the test when the verdict has none. */
function traceActions(v: Verdict<TwoPhaseState, TwoPhaseAction>): TwoPhaseAction[] {
  if (!('trace' in v)) throw new Error(`verdict '${v.status}' has no trace`);
  return v.trace.steps.map((s) => s.action);
}

describe('twoPhase (TLA+ TwoPhase)', () => {
  it('reproduces TLC: 288 distinct states, 1146 generated, depth 11', () => {
    const r = check(twoPhase({ rms: 3 }));
    expect(r.complete).toBe(true);
    expect(r.stats.distinct).toBe(288);
    expect(r.stats.generated).toBe(1146);
    expect(r.stats.depth).toBe(11);
  });

  it('counts like the naive explorer: 288 states, 1145 transitions, 11 levels, no deadlock', () => {
    const e = explore(twoPhase({ rms: 3 }));
    expect(e.states.length).toBe(288);
    expect(e.transitions).toBe(1145);
    expect(e.levels).toBe(11);
    expect(e.deadlocks).toHaveLength(0);
  });

  it('reaches 8,832 states with five RMs, as Stateright pins for its 2pc example', () => {
    expect(check(twoPhase({ rms: 5 })).stats.distinct).toBe(8832);
  });

  it("reaches 50,816 states with six RMs, as TwoPhase.tla's closing comment says", () => {
    expect(check(twoPhase({ rms: 6 })).stats.distinct).toBe(50816);
  });

  it('satisfies TPTypeOK and TCConsistent, never deadlocks, and can both commit and abort', () => {
    const r = check(twoPhase());
    expect(r.ok).toBe(true);
    expect(r.verdicts['TPTypeOK'].status).toBe('holds');
    expect(r.verdicts['TCConsistent'].status).toBe('holds');
    expect(r.verdicts['deadlock free'].status).toBe('holds');
    expect(r.verdicts['every RM commits'].status).toBe('witnessed');
    expect(r.verdicts['every RM aborts'].status).toBe('witnessed');
  });

  it('commits everywhere at the earliest after 10 steps: prepare and be heard, commit, be told', () => {
    const m = twoPhase();
    const r = check(m);
    expect(traceActions(r.verdicts['every RM commits']).map((a) => formatAction(m, a))).toEqual([
      'RMPrepare(r1)',
      'TMRcvPrepared(r1)',
      'RMPrepare(r2)',
      'TMRcvPrepared(r2)',
      'RMPrepare(r3)',
      'TMRcvPrepared(r3)',
      'TMCommit',
      'RMRcvCommitMsg(r1)',
      'RMRcvCommitMsg(r2)',
      'RMRcvCommitMsg(r3)',
    ]);
    expect(traceActions(r.verdicts['every RM aborts'])).toEqual([
      { kind: 'RMChooseToAbort', rm: 0 },
      { kind: 'RMChooseToAbort', rm: 1 },
      { kind: 'RMChooseToAbort', rm: 2 },
    ]);
  });

  it('enables the TPNext disjuncts in order, self-loops included', () => {
    const m = twoPhase({ rms: 2 });
    const [s0] = m.init();
    expect(m.actions(s0)).toEqual([
      { kind: 'TMAbort' },
      { kind: 'RMPrepare', rm: 0 },
      { kind: 'RMChooseToAbort', rm: 0 },
      { kind: 'RMPrepare', rm: 1 },
      { kind: 'RMChooseToAbort', rm: 1 },
    ]);
    const heard = m.next(m.next(s0, { kind: 'RMPrepare', rm: 0 }), { kind: 'TMRcvPrepared', rm: 0 });
    // The TM may receive r1's Prepared message again: a step back to the same state.
    expect(m.actions(heard)).toContainEqual({ kind: 'TMRcvPrepared', rm: 0 });
    expect(m.next(heard, { kind: 'TMRcvPrepared', rm: 0 })).toEqual(heard);
  });

  it('bug=commitOnFirstPrepared breaks TCConsistent in 5 steps (6 states)', () => {
    const m = twoPhase({ bug: 'commitOnFirstPrepared' });
    const r = check(m);
    expect(r.stats.distinct).toBe(498);
    expect(r.verdicts['TCConsistent'].status).toBe('violated');
    expect(traceActions(r.verdicts['TCConsistent'])).toEqual([
      { kind: 'RMPrepare', rm: 0 },
      { kind: 'TMRcvPrepared', rm: 0 },
      { kind: 'TMCommit' },
      { kind: 'RMRcvCommitMsg', rm: 0 },
      { kind: 'RMChooseToAbort', rm: 1 },
    ]);
  });

  it('bug=abortAfterCommit breaks TCConsistent in 10 steps (11 states): both decisions broadcast', () => {
    const m = twoPhase({ bug: 'abortAfterCommit' });
    const r = check(m);
    expect(r.stats.distinct).toBe(315);
    expect(r.verdicts['TCConsistent'].status).toBe('violated');
    expect(traceActions(r.verdicts['TCConsistent']).map((a) => formatAction(m, a))).toEqual([
      'RMPrepare(r1)',
      'TMRcvPrepared(r1)',
      'RMPrepare(r2)',
      'TMRcvPrepared(r2)',
      'RMPrepare(r3)',
      'TMRcvPrepared(r3)',
      'TMCommit',
      'TMAbort',
      'RMRcvCommitMsg(r1)',
      'RMRcvAbortMsg(r2)',
    ]);
  });

  it('gives every registry run the verdicts it expects', () => {
    for (const run of twoPhaseEntry.runs) {
      const r = check(twoPhaseEntry.make({ ...twoPhaseEntry.defaults, ...run.set }));
      const got = Object.fromEntries(r.properties.map((p) => [p.name, p.verdict.status]));
      expect(got, run.label).toEqual(run.expect);
    }
  });
});
