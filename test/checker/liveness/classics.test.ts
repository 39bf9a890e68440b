/**
 * The classic liveness results, decided through `check()` under fairness declared by the model:
 * the dining philosophers (one reversed, so deadlock-free) with weak fairness per philosopher,
 * a test-and-set lock that starves a thread under weak fairness but not under strong, and
 * Peterson's algorithm, starvation-free under weak fairness.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { defineModel, type Fairness, type Model } from '../../../model/core/model.js';
import { array, bool, int, oneOf, record, type Infer } from '../../../model/core/shape/index.js';
import { dining, type DiningAction, type DiningState } from '../../../model/classic/dining.js';
import { naiveLock, type LockAction } from '../../../model/examples/naiveLock.js';
import { always, leadsTo } from '../../../properties/index.js';

/** Weak (or strong) fairness for each of `n` threads, the thread of an action being its field `field`. */
function perThread<S, A>(n: number, kind: 'weak' | 'strong', threadOf: (a: A) => number): Fairness<S, A> {
  return { groups: Array.from({ length: n }, (_, t) => ({ name: `thread ${t}`, kind })), groupOf: (_s, a) => threadOf(a) };
}

describe('dining philosophers with weak fairness per philosopher', () => {
  /** Philosopher 0 reversed; does a hungry philosopher 0 eat, and does every philosopher get hungry again? */
  function fairDining(n: number): Model<DiningState, DiningAction> {
    const m = dining({ n, lefty0: true });
    return {
      ...m,
      fairness: perThread<DiningState, DiningAction>(n, 'weak', (a) => a.p),
      properties: [
        ...m.properties,
        leadsTo('hungry philosopher 0 eats', (s: DiningState) => s.pc[0] === 'hungry', (s: DiningState) => s.pc[0] === 'eating'),
        leadsTo('hungry philosopher 1 eats', (s: DiningState) => s.pc[1] === 'hungry', (s: DiningState) => s.pc[1] === 'eating'),
      ],
    };
  }

  it('n = 5: deadlock-free, and a hungry philosopher can starve: its neighbours take turns with the fork it waits for, so it is not continuously enabled', () => {
    const r = check(fairDining(5));
    expect(r.verdicts['deadlock free']).toEqual({ status: 'holds' });
    for (const name of ['hungry philosopher 0 eats', 'hungry philosopher 1 eats']) {
      const v = r.verdicts[name];
      expect(v.status).toBe('violated');
    }
    const v0 = r.verdicts['hungry philosopher 0 eats'];
    if (v0.status !== 'violated') return;
    // Hungry after one step; the cycle (16 steps, 40 before the cycles were shortened) is the shortest fair one (the
    // exact search): each other philosopher must step, its next step being always enabled, and come back, four steps
    // each; they eat in turn, and philosopher 0's first fork is held while a neighbour eats.
    expect({ steps: v0.trace.steps.length, loop: v0.trace.loop, premiseAt: v0.premiseAt }).toEqual({ steps: 17, loop: 1, premiseAt: 1 });
    const shown = v0.trace.steps.map((st) => `${st.action.kind}(${st.action.p})`);
    const turns = [1, 2, 3, 4].flatMap((p) => [`GetHungry(${p})`, `TakeFirst(${p})`, `TakeSecond(${p})`, `PutDown(${p})`]);
    expect(shown).toEqual(['GetHungry(0)', ...turns]);
  });

  it('the starvation lasso grows by four steps a philosopher: 1 + 4(n − 1) for n = 3 … 6 (the shortest fair cycle through its entry up to n = 5, where the exact search runs; the heuristic matches at n = 6)', () => {
    const lengths = [3, 4, 5, 6].map((n) => {
      const v = check(fairDining(n)).verdicts['hungry philosopher 0 eats'];
      return v.status === 'violated' ? v.trace.steps.length : v.status;
    });
    expect(lengths).toEqual([9, 13, 17, 21]);
  }, 60_000);

  it('n = 5 with strong fairness per philosopher: every hungry philosopher eats', () => {
    const m = fairDining(5);
    const r = check({ ...m, fairness: perThread<DiningState, DiningAction>(5, 'strong', (a) => a.p) });
    expect(r.verdicts['hungry philosopher 0 eats']).toEqual({ status: 'holds' });
    expect(r.verdicts['hungry philosopher 1 eats']).toEqual({ status: 'holds' });
  });
});

describe('mutual exclusion and starvation', () => {
  it('a test-and-set lock starves thread 0 under weak fairness (a lasso), but not under strong fairness', () => {
    const lock = naiveLock({ threads: 2, atomic: true });
    type LockState = ReturnType<typeof lock.init>[number];
    const gets = leadsTo('thread 0 gets the lock', (s: LockState) => s.pc[0] === 'idle', (s: LockState) => s.pc[0] === 'critical');
    const weak = check({ ...lock, properties: [gets], fairness: perThread<LockState, LockAction>(2, 'weak', (a) => a.t) });
    const v = weak.verdicts['thread 0 gets the lock'];
    expect(v.status).toBe('violated');
    if (v.status !== 'violated') return;
    // Thread 1 takes the lock and releases it, round and round; thread 0's test-and-set is disabled while thread 1 holds
    // the lock. One round does it all (the waypoint-per-group construction went round twice).
    expect(v.trace.steps.map((st) => `${st.action.kind}(${st.action.t})`)).toEqual(['TestAndSet(1)', 'Release(1)']);
    expect(v.trace.loop).toBe(0);
    const strong = check({ ...lock, properties: [gets], fairness: perThread<LockState, LockAction>(2, 'strong', (a) => a.t) });
    expect(strong.verdicts['thread 0 gets the lock']).toEqual({ status: 'holds' });
  });

  const petersonShape = record({ pc: array(2, oneOf('idle', 'flagged', 'waiting', 'critical')), flag: array(2, bool()), turn: int(0, 1) });
  type Peterson = Infer<typeof petersonShape>;
  type PetersonAction = { readonly kind: 'Try' | 'Yield' | 'Enter' | 'Exit'; readonly t: number };

  /** Peterson's algorithm for two threads: flag, give the turn away, wait until the other is not flagged or it is our turn. */
  const peterson: Model<Peterson, PetersonAction> = defineModel<Peterson, PetersonAction>({
    name: 'peterson',
    shape: petersonShape,
    init: () => [{ pc: ['idle', 'idle'], flag: [false, false], turn: 0 }],
    actions: (s) =>
      [0, 1].flatMap((t): PetersonAction[] => {
        switch (s.pc[t]) {
          case 'idle':
            return [{ kind: 'Try', t }];
          case 'flagged':
            return [{ kind: 'Yield', t }];
          case 'waiting':
            return !s.flag[1 - t] || s.turn === t ? [{ kind: 'Enter', t }] : [];
          case 'critical':
            return [{ kind: 'Exit', t }];
        }
      }),
    next: (s, a) => {
      const pc = s.pc.slice();
      const flag = s.flag.slice();
      let turn = s.turn;
      if (a.kind === 'Try') (pc[a.t] = 'flagged'), (flag[a.t] = true);
      if (a.kind === 'Yield') (pc[a.t] = 'waiting'), (turn = 1 - a.t);
      if (a.kind === 'Enter') pc[a.t] = 'critical';
      if (a.kind === 'Exit') (pc[a.t] = 'idle'), (flag[a.t] = false);
      return { pc, flag, turn };
    },
    properties: [
      always('mutual exclusion', (s) => !(s.pc[0] === 'critical' && s.pc[1] === 'critical')),
      leadsTo('thread 0 enters once flagged', (s) => s.pc[0] === 'flagged', (s) => s.pc[0] === 'critical'),
      leadsTo('thread 1 enters once flagged', (s) => s.pc[1] === 'flagged', (s) => s.pc[1] === 'critical'),
    ],
    // A thread may stay in its non-critical section for ever (Try is no thread's obligation); every other step is weakly fair.
    fairness: { groups: [{ name: 'thread 0', kind: 'weak' }, { name: 'thread 1', kind: 'weak' }], groupOf: (_s, a) => (a.kind === 'Try' ? -1 : a.t) },
  });

  it("Peterson's algorithm is starvation-free under weak fairness, and even without: thread 1 overtakes at most once, then only thread 0 can move", () => {
    const r = check(peterson);
    expect(r.verdicts['mutual exclusion']).toEqual({ status: 'holds' });
    expect(r.verdicts['thread 0 enters once flagged']).toEqual({ status: 'holds' });
    expect(r.verdicts['thread 1 enters once flagged']).toEqual({ status: 'holds' });
    // No state stutters while an action is enabled, so a waiting thread that is the only one enabled must move.
    const unfair = check({ ...peterson, fairness: undefined });
    expect(unfair.verdicts['thread 0 enters once flagged']).toEqual({ status: 'holds' });
  });
});
