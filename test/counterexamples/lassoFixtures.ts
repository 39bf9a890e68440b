/**
 * Tiny liveness models whose lasso counterexample is unique (no shorter prefix or cycle exists),
 * for pinning the words of the fairness argument and the marks of a lasso in every format.
 */
import { defineModel, type Fairness, type Model } from '../../model/core/model.js';
import { array, bool, int, oneOf, record } from '../../model/core/shape/index.js';
import { eventually, leadsTo, responseBound } from '../../properties/index.js';

/** Two threads and a lock: each acquires it when free and releases it. */
export interface LockState {
  readonly pc: readonly ('idle' | 'critical')[];
  readonly locked: boolean;
}
/** Thread `t` takes or gives back the lock. */
export type LockAction = { readonly kind: 'Acquire' | 'Release'; readonly t: number };

/**
 * A test-and-set lock for two threads with `kind` fairness per thread. Under weak fairness thread
 * 1 can take the lock and give it back for ever: thread 0's Acquire is enabled only while the lock
 * is free, so it starves (the lasso Acquire(1), Release(1) from the initial state); under strong
 * fairness it does not.
 *
 * @example
 * check(twoThreadLock('weak')).verdicts['thread 0 gets the lock'].status; // 'violated'
 */
export function twoThreadLock(kind: 'weak' | 'strong'): Model<LockState, LockAction> {
  const fairness: Fairness<LockState, LockAction> = { groups: [{ name: 'thread 0', kind }, { name: 'thread 1', kind }], groupOf: (_s, a) => a.t };
  return defineModel<LockState, LockAction>({
    name: `lock(${kind})`,
    shape: record({ pc: array(2, oneOf('idle', 'critical')), locked: bool() }),
    init: () => [{ pc: ['idle', 'idle'], locked: false }],
    actions: (s) =>
      [0, 1].flatMap((t): LockAction[] => (s.pc[t] === 'critical' ? [{ kind: 'Release', t }] : s.locked ? [] : [{ kind: 'Acquire', t }])),
    next: (s, a) => {
      const pc = s.pc.slice();
      pc[a.t] = a.kind === 'Acquire' ? 'critical' : 'idle';
      return { pc, locked: a.kind === 'Acquire' };
    },
    properties: [leadsTo('thread 0 gets the lock', (s: LockState) => s.pc[0] === 'idle', (s: LockState) => s.pc[0] === 'critical')],
    fairness,
    sequence: {
      lanes: [{ name: 'thread 0' }, { name: 'thread 1' }, { name: 'lock' }],
      events: (_s, a) => [{ kind: 'message', from: a.t, to: 2, label: a.kind === 'Acquire' ? 'test-and-set' : 'clear' }],
    },
  });
}

/** A door that a janitor may close for good, a visitor who enters through it, and a spinner. */
export interface DoorState {
  readonly open: boolean;
  readonly inside: boolean;
  readonly x: number;
}
/** Close the door, enter, or spin. */
export type DoorAction = { readonly kind: 'Close' | 'Enter' | 'Spin' };

/**
 * The visitor is strongly fair, yet need never enter: once the janitor (promised no fairness)
 * closes the door, Enter is never enabled again and the spinner (weakly fair) runs for ever. The
 * unique lasso: Close, then Spin, Spin round and round.
 *
 * @example
 * check(closedDoor()).verdicts['the visitor gets in'].status; // 'violated'
 */
export function closedDoor(): Model<DoorState, DoorAction> {
  const group = { Spin: 0, Enter: 1, Close: 2 } as const;
  return defineModel<DoorState, DoorAction>({
    name: 'door',
    shape: record({ open: bool(), inside: bool(), x: int(0, 1) }),
    init: () => [{ open: true, inside: false, x: 0 }],
    actions: (s) => [{ kind: 'Spin' } as const, ...(s.open && !s.inside ? [{ kind: 'Enter' } as const, { kind: 'Close' } as const] : [])],
    next: (s, a) => (a.kind === 'Spin' ? { ...s, x: 1 - s.x } : a.kind === 'Enter' ? { ...s, inside: true } : { ...s, open: false }),
    properties: [eventually('the visitor gets in', (s: DoorState) => s.inside)],
    fairness: {
      groups: [
        { name: 'spinner', kind: 'weak' },
        { name: 'visitor', kind: 'strong' },
        { name: 'janitor', kind: 'none' },
      ],
      groupOf: (_s, a) => group[a.kind],
    },
  });
}

/** A spinner that flips `x`, and a finisher that sets `done` (or, when it may fail, breaks everything). */
export interface SpinState {
  readonly x: number;
  readonly done: boolean;
}
/** Spin, finish, or fail into the dead state x = 2. */
export type SpinAction = { readonly kind: 'Spin' | 'Finish' | 'Fail' };

/**
 * A spinner (x: 0 → 1 → 0 …) and a finisher that may finish or, with `canFail`, fail into x = 2
 * where nothing is enabled. Properties: `eventually('finishes')` and two response bounds from
 * "not done" to "done", one counting every step, one only the spins from x = 0.
 * `fairness`: none (undefined), or the spinner weakly fair and the finisher `finisher`-fair.
 *
 * @example
 * check(spinFinish({ canFail: false })).verdicts['finishes'].status; // 'violated': no fairness, spin for ever
 */
export function spinFinish(options: { readonly canFail: boolean; readonly finisher?: 'weak' | 'strong' }): Model<SpinState, SpinAction> {
  const { canFail, finisher } = options;
  return defineModel<SpinState, SpinAction>({
    name: 'spinner',
    shape: record({ x: int(0, 2), done: bool() }),
    init: () => [{ x: 0, done: false }],
    actions: (s) =>
      s.x === 2 ? [] : [{ kind: 'Spin' }, ...(s.done ? [] : [{ kind: 'Finish' } as const]), ...(s.done || !canFail ? [] : [{ kind: 'Fail' } as const])],
    next: (s, a) => (a.kind === 'Spin' ? { ...s, x: 1 - s.x } : a.kind === 'Finish' ? { ...s, done: true } : { x: 2, done: false }),
    properties: [
      eventually('finishes', (s: SpinState) => s.done),
      responseBound('steps until done', (s: SpinState) => !s.done, (s: SpinState) => s.done),
      responseBound<SpinState, SpinAction>('spins from 0 until done', (s) => !s.done, (s) => s.done, (s, a) => a.kind === 'Spin' && s.x === 0),
    ],
    sequence: {
      lanes: [{ name: 'spinner' }, { name: 'finisher' }],
      events: (_s, a) => [a.kind === 'Spin' ? { kind: 'mark', lane: 0, label: 'spin', mark: 'note' } : { kind: 'mark', lane: 1, label: a.kind.toLowerCase(), mark: a.kind === 'Fail' ? 'fault' : 'note' }],
    },
    ...(finisher
      ? {
          fairness: {
            groups: [
              { name: 'spinner', kind: 'weak' },
              { name: 'finisher', kind: finisher },
            ],
            groupOf: (_s: SpinState, a: SpinAction) => (a.kind === 'Spin' ? 0 : 1),
          },
        }
      : {}),
  });
}
