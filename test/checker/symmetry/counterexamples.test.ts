/**
 * Under symmetry reduction a counterexample is still a concrete, shortest trace: it is mapped back
 * from the stored canonical states, replays through the unreduced model from its initial state,
 * ends where the property fails, and has as many steps as the unreduced search's trace and as the
 * brute-force distance to the nearest violating state.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { replay } from '../../../checker/replay.js';
import type { Trace } from '../../../checker/trace.js';
import { defineModel, type Model } from '../../../model/core/model.js';
import { l4Ipc, type L4IpcAction, type L4IpcState } from '../../../model/classic/l4Ipc.js';
import { step } from '../../../properties/index.js';
import { canonicalJson } from '../../helpers/canonicalJson.js';
import { bruteForceOrbits } from './bruteForceOrbits.js';

const buggy = () => l4Ipc({ clients: 3, servers: 2, rounds: 2, payloads: 2, bug: 'sharedReplyCap' });
const last = <S, A>(t: { init: S; steps: readonly { state: S }[] }): S => (t.steps.length === 0 ? t.init : t.steps[t.steps.length - 1].state);
const states = (t: Trace<L4IpcState, L4IpcAction>) => [t.init, ...t.steps.map((s) => s.state)].map(canonicalJson);

/** The brute-force distance from the initial state to the nearest state where `bad` holds. */
function nearest(model: Model<L4IpcState, L4IpcAction>, bad: (s: L4IpcState) => boolean): number {
  const { byKey, distance } = bruteForceOrbits(model);
  let best = Infinity;
  for (const [k, s] of byKey) if (bad(s)) best = Math.min(best, distance.get(k)!);
  return best;
}

describe('counterexamples under symmetry reduction', () => {
  it('ReplyCorrect on the shared reply capability: a concrete 5-step trace that replays and ends in a violating state', () => {
    const model = buggy();
    const v = check(model, { symmetry: true }).verdicts['ReplyCorrect'];
    expect(v.status).toBe('violated');
    if (v.status !== 'violated') return;
    const again = replay(model, v.trace.path);
    expect(states(again)).toEqual(states(v.trace));
    const prop = model.properties.find((p) => p.name === 'ReplyCorrect')!;
    if (prop.kind !== 'always') throw new Error('ReplyCorrect is an always property');
    expect(prop.holds(last(v.trace))).toBe(false);
    expect(v.trace.steps).toHaveLength(5);
    expect(nearest(model, (s) => !prop.holds(s))).toBe(5);
    const plain = check(model).verdicts['ReplyCorrect'];
    expect(plain.status === 'violated' && plain.trace.steps.length).toBe(5);
  });

  it('deadlock freedom on the shared reply capability: as short as the unreduced search finds (10 steps), and a deadlock', () => {
    const model = buggy();
    const v = check(model, { symmetry: true }).verdicts['deadlock free'];
    const plain = check(model).verdicts['deadlock free'];
    expect(v.status === 'violated' && plain.status === 'violated' && [v.trace.steps.length, plain.trace.steps.length]).toEqual([10, 10]);
    if (v.status !== 'violated') return;
    expect(states(replay(model, v.trace.path))).toEqual(states(v.trace));
    expect(model.actions(last(v.trace))).toEqual([]);
  });

  it('a step property: the concrete last step is the violating transition, as short as unreduced', () => {
    const base = l4Ipc({ clients: 3, servers: 2, rounds: 2, payloads: 2 });
    const done = (s: L4IpcState) => s.cround.some((r) => r === 2);
    const model = defineModel<L4IpcState, L4IpcAction>({ ...base, properties: [step('no client finishes its second round', (s, _a, t) => done(s) || !done(t))] });
    const v = check(model, { symmetry: true }).verdicts['no client finishes its second round'];
    const plain = check(model).verdicts['no client finishes its second round'];
    expect(v.status === 'violated' && plain.status === 'violated' && [v.trace.steps.length, plain.trace.steps.length]).toEqual([5, 5]);
    if (v.status !== 'violated') return;
    const again = replay(model, v.trace.path);
    expect(states(again)).toEqual(states(v.trace));
    const before = v.trace.steps.length > 1 ? v.trace.steps[v.trace.steps.length - 2].state : v.trace.init;
    expect([done(before), done(last(v.trace))]).toEqual([false, true]);
  });

  it('a model error: the concrete action that throws is named, after a shortest concrete trace', () => {
    const base = l4Ipc({ clients: 3, servers: 2, rounds: 2, payloads: 2 });
    const broken = defineModel<L4IpcState, L4IpcAction>({
      ...base,
      next: (s, a) => {
        if (a.kind === 'ReplyWait' && s.cround.some((r) => r === 1) && s.cpc.some((pc) => pc === 'replyBlocked')) throw new Error('second reply');
        return base.next(s, a);
      },
    });
    const r = check(broken, { symmetry: true });
    const plain = check(broken);
    expect([r.modelError?.code, plain.modelError?.code]).toEqual(['IPC001', 'IPC001']);
    const trace = r.modelError!.trace!;
    expect(trace.steps.length).toBe(plain.modelError!.trace!.steps.length);
    expect(states(replay(broken, trace.path))).toEqual(states(trace));
    const action = r.modelError!.action!;
    expect(broken.actions(last(trace))).toContainEqual(action);
    expect(() => broken.next(last(trace), action)).toThrow('second reply');
  });
});
