/**
 * The fairness argument of a lasso, in words, pinned on small models whose lasso is unique: which
 * groups the cycle serves, which weak fairness does not force (enabled but not continuously) and
 * which nothing forces (never enabled, even when strongly fair), a deadlock end, no fairness, and
 * a response postponed by a cycle. Lassos built by hand show that the words are read off the
 * states: a cycle the fairness rejects is called not fair, and a goal that holds is named.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { replay } from '../../checker/replay.js';
import type { PropertyResult } from '../../checker/result.js';
import type { Action, Model } from '../../model/core/model.js';
import { fairnessArgument } from '../../counterexamples/fairnessArgument.js';
import { afterStep, leadsTo, leadsToEach } from '../../properties/index.js';
import { defineModel } from '../../model/core/model.js';
import { oneOf, record } from '../../model/core/shape/index.js';
import { closedDoor, spinFinish, twoThreadLock, type LockAction, type LockState } from './lassoFixtures.js';

/** The argument of the verdict on `name`. */
function argumentOf<S, A extends Action>(model: Model<S, A>, name: string): string[] | undefined {
  return fairnessArgument(model, check(model).properties.find((p) => p.name === name)!);
}

/** A violated leadsTo verdict on `name` whose lasso is the given path, replayed through `model`. */
function handMade<S, A extends Action>(model: Model<S, A>, name: string, actions: number[], loop: number, premiseAt = 0): PropertyResult<S, A> {
  return { name, kind: 'leadsTo', verdict: { status: 'violated', trace: replay(model, { init: 0, actions, loop }), premiseAt } };
}

describe('the fairness argument of a cycle', () => {
  it('weak fairness: thread 1 takes every step, thread 0 is enabled only while the lock is free, so weak fairness does not force it', () => {
    expect(argumentOf(twoThreadLock('weak'), 'thread 0 gets the lock')).toEqual([
      'Steps 1–2 repeat for ever, from state 1 back to it, and the path is fair:',
      "Taken on the cycle (weakly fair): 'thread 1' (steps 1 and 2).",
      "Weakly fair but not enabled continuously on the cycle, so not forced to take a step: 'thread 0' (enabled at 1 of the cycle's 2 states, not at state 2).",
      "The goal of 'thread 0 gets the lock' holds at none of states 1–2 (from state 1, where its premise holds, to the end of the cycle), so it never comes.",
    ]);
  });

  it("a family of leads-to names the failing instance, and its goal is that instance's", () => {
    const lock = twoThreadLock('weak');
    const each = leadsToEach('each thread gets the lock', ['thread 0', 'thread 1'], (s: LockState, k) => s.pc[k] === 'idle', (s: LockState, k) => s.pc[k] === 'critical');
    const model = { ...lock, properties: [each] };
    const pr = check(model).properties[0];
    expect(pr.verdict).toMatchObject({ status: 'violated', instance: 'thread 0' });
    expect(fairnessArgument(model, pr)!.at(-1)).toBe(
      "The goal of 'each thread gets the lock' for 'thread 0' holds at none of states 1–2 (from state 1, where its premise holds, to the end of the cycle), so it never comes.",
    );
    // Read for instance 1, the same lasso shows thread 1 taking the lock at state 2.
    const other = { ...pr, verdict: { ...pr.verdict, instance: 'thread 1' } } as typeof pr;
    expect(fairnessArgument(model, other)!.at(-1)).toBe("Yet the goal of 'each thread gets the lock' for 'thread 1' holds at state 2: this lasso does not show a violation.");
  });

  it('strong fairness: the same lock holds, so there is no lasso to argue about', () => {
    expect(argumentOf(twoThreadLock('strong'), 'thread 0 gets the lock')).toBeUndefined();
  });

  it('a strongly fair group never enabled on the cycle is not forced, nor is a group promised no fairness', () => {
    expect(argumentOf(closedDoor(), 'the visitor gets in')).toEqual([
      'Steps 2–3 repeat for ever, from state 2 back to it, and the path is fair:',
      "Taken on the cycle (weakly fair): 'spinner' (steps 2 and 3).",
      "Never enabled on the cycle, so no fairness forces a step: 'visitor' (strongly fair) and 'janitor' (no fairness).",
      "The goal of 'the visitor gets in' holds at none of states 1–3 (from the initial state to the end of the cycle), so it never comes.",
    ]);
  });

  it('without fairness every infinite path counts', () => {
    expect(argumentOf(spinFinish({ canFail: false }), 'finishes')).toEqual([
      'Steps 1–2 repeat for ever, from state 1 back to it.',
      'The model declares no fairness, so every infinite path counts, this one included.',
      "The goal of 'finishes' holds at none of states 1–2 (from the initial state to the end of the cycle), so it never comes.",
    ]);
  });
});

describe('the fairness argument of a deadlock end', () => {
  it('no group is enabled in the last state, so the path may stay there', () => {
    expect(argumentOf(spinFinish({ canFail: true, finisher: 'weak' }), 'finishes')).toEqual([
      'The path stops at state 2, where no action is enabled, and stays there for ever.',
      'No fairness group is enabled there, so fairness allows the path to stay.',
      "The goal of 'finishes' holds at none of states 1–2 (from the initial state to the deadlock), so it never comes.",
    ]);
  });

  it('a response names the request', () => {
    expect(argumentOf(spinFinish({ canFail: true, finisher: 'weak' }), 'steps until done')?.at(-1)).toBe(
      "The response of 'steps until done' holds at none of states 1–2 (from state 1, where the request is made, to the deadlock), so it never comes.",
    );
  });

  it('without fairness a path that stops counts', () => {
    // Without fairness the checker reports the spinning cycle; the failing finisher's lasso is built by hand.
    const model = spinFinish({ canFail: true });
    expect(fairnessArgument(model, handMade(model, 'finishes', [2], 1))?.slice(0, 2)).toEqual([
      'The path stops at state 2, where no action is enabled, and stays there for ever.',
      'The model declares no fairness, so a path that stops counts.',
    ]);
  });
});

describe('the argument of a response postponed by a cycle', () => {
  it("says the cycle can run any number of rounds, counts a round's steps, and names the fairness that ends it", () => {
    const model = spinFinish({ canFail: false, finisher: 'strong' });
    const counted = argumentOf(model, 'spins from 0 until done');
    expect(counted).toEqual([
      'Steps 1–2 form a cycle, from state 1 back to it, that the path can go round any number of times before the response.',
      'Each round takes 1 counted step: step 1.',
      "Fairness forces the path off the cycle in the end, as 'finisher' (strongly fair) is enabled at states 1 and 2 and never takes a step on it, but after no fixed number of rounds: the response time has no bound.",
      "The response of 'spins from 0 until done' holds at none of states 1–2 (from state 1, where the request is made, to the end of the cycle), so each round postpones it.",
    ]);
    // Every step counts without a unit.
    expect(argumentOf(model, 'steps until done')?.[1]).toMatch(/^Each round takes 2 steps, all counted\.$/);
  });
});

describe('the words are read off the states, not the verdict', () => {
  it('a cycle that starves a strongly fair thread is called not fair', () => {
    const model = twoThreadLock('strong');
    expect(fairnessArgument(model, handMade(model, 'thread 0 gets the lock', [1, 0], 0))).toEqual([
      'Steps 1–2 repeat for ever, from state 1 back to it.',
      "Taken on the cycle (strongly fair): 'thread 1' (steps 1 and 2).",
      "But 'thread 0' (strongly fair) is enabled at state 1 and never takes a step on it: by the model's fairness this path is not fair.",
      "The goal of 'thread 0 gets the lock' holds at none of states 1–2 (from state 1, where its premise holds, to the end of the cycle), so it never comes.",
    ]);
  });

  it('a weakly fair group enabled at every state of the cycle and never taken makes it not fair', () => {
    const model = spinFinish({ canFail: false, finisher: 'weak' });
    const why = fairnessArgument(model, handMade(model, 'finishes', [0, 0], 0))!;
    expect(why[2]).toBe("But 'finisher' (weakly fair) is enabled at every state of the cycle and never takes a step on it: by the model's fairness this path is not fair.");
  });

  it('a goal that holds on the lasso is named', () => {
    const model = twoThreadLock('weak');
    // Thread 0 takes the lock and gives it back: the goal holds at state 2.
    expect(fairnessArgument(model, handMade(model, 'thread 0 gets the lock', [0, 0], 0))!.at(-1)).toBe(
      "Yet the goal of 'thread 0 gets the lock' holds at state 2: this lasso does not show a violation.",
    );
  });

  it('a premise that first holds on the cycle is said to lie on it', () => {
    const model = twoThreadLock('weak');
    // Thread 1 takes the lock; the cycle is Release(1), Acquire(1); the premise is marked at state 3, after Release.
    expect(fairnessArgument(model, handMade(model, 'thread 0 gets the lock', [1, 0, 1], 1, 2))!.at(-1)).toBe(
      "The goal of 'thread 0 gets the lock' holds at none of the cycle's states 2–3 (state 3, where its premise holds, is on the cycle), so it never comes.",
    );
  });

  it('steps of no fairness group are listed with their actions', () => {
    const model = { ...twoThreadLock('weak'), fairness: { groups: [{ name: 'thread 0', kind: 'weak' as const }], groupOf: (_s: LockState, a: LockAction) => (a.t === 0 ? 0 : -1) } };
    expect(fairnessArgument(model, handMade(model, 'thread 0 gets the lock', [1, 0], 0))!.slice(0, 3)).toEqual([
      'Steps 1–2 repeat for ever, from state 1 back to it, and the path is fair:',
      'Steps 1 and 2 (Acquire(t=1), Release(t=1)) belong to no fairness group.',
      "Weakly fair but not enabled continuously on the cycle, so not forced to take a step: 'thread 0' (enabled at 1 of the cycle's 2 states, not at state 2).",
    ]);
  });

  it('a trace that is not a lasso has no argument', () => {
    const model = twoThreadLock('weak');
    const pr: PropertyResult<LockState, LockAction> = { name: 'x', kind: 'always', verdict: { status: 'violated', trace: replay(model, { init: 0, actions: [0] }) } };
    expect(fairnessArgument(model, pr)).toBeUndefined();
  });
  it('a goal over steps: says no step after the premise is a goal step, the closing step of the cycle included', () => {
    type S = { readonly server: 'idle' | 'busy' };
    type A = { readonly kind: 'Call' | 'Reply' | 'Drop' };
    const model = defineModel<S, A>({
      name: 'server that may drop',
      shape: record({ server: oneOf('idle', 'busy') }),
      init: () => [{ server: 'idle' }],
      actions: (s) => (s.server === 'idle' ? [{ kind: 'Call' }] : [{ kind: 'Reply' }, { kind: 'Drop' }]),
      next: (_s, a) => ({ server: a.kind === 'Call' ? 'busy' : 'idle' }),
      fairness: { groups: [{ name: 'server', kind: 'weak' }], groupOf: () => 0 },
      properties: [leadsTo<S, A>('every Call is answered', afterStep((_s, a) => a.kind === 'Call'), afterStep((_s, a) => a.kind === 'Reply'))],
    });
    expect(fairnessArgument(model, check(model).properties[0])).toEqual([
      'Steps 2–3 repeat for ever, from state 2 back to it, and the path is fair:',
      "Taken on the cycle (weakly fair): 'server' (steps 2 and 3).",
      "The goal step of 'every Call is answered' is taken at none of steps 2–3 (every step after state 2, the cycle included), so it never comes.",
    ]);
  });
});
