/**
 * A naive spin lock: each thread checks that the lock is free, then sets it, in two steps.
 * The README's five-minute walkthrough; copy this file to start a model of your own.
 *
 * Abstractions: a thread is a program counter; the lock is one shared boolean.
 * Properties: mutual exclusion (violated: both threads can check before either sets), a thread
 * enters its critical section (witnessed), deadlock freedom. `atomic: true` makes check-and-set
 * one test-and-set step, and mutual exclusion holds.
 */
import { defineModel } from '../core/model.js';
import { array, bool, oneOf, record, type Infer } from '../core/shape/index.js';
import { always, deadlockFree, sometimes } from '../../properties/index.js';

/**
 * Configuration: how many threads compete for the lock, and whether check-and-set is one atomic
 * test-and-set step.
 *
 * @example
 * const cfg: NaiveLockConfig = { threads: 2, atomic: true };
 * check(naiveLock(cfg)).verdicts['mutual exclusion'].status; // 'holds'
 */
export interface NaiveLockConfig {
  readonly threads: number;
  readonly atomic: boolean;
}

/**
 * The steps of thread `t`: `Check` the lock is free, `Acquire` it (or both at once with
 * `TestAndSet` when `atomic`), and `Release` it on leaving the critical section.
 *
 * @example
 * const a: LockAction = { kind: 'Check', t: 0 };
 * formatAction(naiveLock({ threads: 2, atomic: false }), a); // 'Check(t=0)'
 */
export type LockAction =
  | { readonly kind: 'Check'; readonly t: number }
  | { readonly kind: 'Acquire'; readonly t: number }
  | { readonly kind: 'TestAndSet'; readonly t: number }
  | { readonly kind: 'Release'; readonly t: number };

/**
 * The naive lock model.
 *
 * @example
 * check(naiveLock({ threads: 2, atomic: false })).verdicts['mutual exclusion'].status; // 'violated'
 */
export function naiveLock({ threads, atomic }: NaiveLockConfig) {
  const shape = record({
    pc: array(threads, oneOf('idle', 'checked', 'critical')),
    locked: bool(),
  });
  type State = Infer<typeof shape>;
  const setPc = (s: State, t: number, pc: State['pc'][number]) => s.pc.map((p, i) => (i === t ? pc : p));

  return defineModel<State, LockAction>({
    name: `naiveLock(threads=${threads},atomic=${atomic})`,
    config: { threads, atomic },
    shape,
    init: () => [{ pc: Array(threads).fill('idle'), locked: false }],
    actions: (s) => {
      const enabled: LockAction[] = [];
      s.pc.forEach((pc, t) => {
        if (pc === 'idle' && !s.locked) enabled.push({ kind: atomic ? 'TestAndSet' : 'Check', t });
        if (pc === 'checked') enabled.push({ kind: 'Acquire', t });
        if (pc === 'critical') enabled.push({ kind: 'Release', t });
      });
      return enabled;
    },
    next: (s, a) => {
      switch (a.kind) {
        case 'Check':
          return { pc: setPc(s, a.t, 'checked'), locked: s.locked };
        case 'Acquire':
        case 'TestAndSet':
          return { pc: setPc(s, a.t, 'critical'), locked: true };
        case 'Release':
          return { pc: setPc(s, a.t, 'idle'), locked: false };
      }
    },
    properties: [
      always('mutual exclusion', (s) => s.pc.filter((pc) => pc === 'critical').length <= 1),
      sometimes('a thread enters', (s) => s.pc.includes('critical')),
      deadlockFree(),
    ],
  });
}
