/**
 * M5: seL4 notifications (spec card M5 in `../shared/IPC-MODELS.md`): badge OR-ing, and the
 * Idle / Waiting / Active object of `model/kernel/notification`.
 *
 * Sources: seL4 `manual/parts/notifications.tex`, `src/object/notification.c`.
 *
 * The system, a counting protocol: `producers` producer threads each hand `rounds` items to one
 * consumer. A producer writes its item (a user step) and Signals the notification with its own
 * badge, bit `i-1` for producer `i`; the signal is what tells the consumer the item is there.
 * The consumer Waits, handles what the returned word tells it (a user step), and Waits again
 * until it has handled all `producers × rounds` items, then exits. How it handles a word is the
 * `consumer` setting:
 * - `onePerWait`: one item per Wait (of the lowest badge bit set), as if each wakeup were one event;
 * - `perBit`: one item for every badge bit set in the word;
 * - `drain`: every item signalled so far, whatever the word (the card's "drains the queue").
 *
 * Every thread runs in its own component on one processor through the hardware model: user steps
 * go through the MMU, system calls trap, the kernel path is atomic, and returning to user mode
 * loads the running thread's page table. A signal that wakes the waiter makes it ready (no direct
 * switch: the signaller keeps running); a timer interrupt may preempt a running thread whenever
 * another is ready.
 *
 * Properties: `INV-NTFN` (the notification invariant), `no signal lost` (the card's "a signal
 * either wakes a waiter or leaves the object Active": a step property on Signal), `no item lost`
 * (LV of the card, as safety: the consumer is never waiting, with every producer done and nothing
 * pending in the notification, while a signalled item is unhandled: a stranded item), the run
 * queue invariant, kernel memory ≤ 0 (nothing is allocated), isolation, privilege and
 * kernel-mediated transfer, deadlock freedom (every thread done is the valid end), no thread stuck
 * forever, and the witness that a Wait returns a badge.
 *
 * Seeded bugs (card M5's F1 and F2):
 * - F1 is a consumer setting, not a kernel bug: signals coalesce, so `onePerWait` strands an item
 *   when two signals reach an Active object (two producers, or one producer's two equal-badge
 *   signals); `perBit` strands one only for equal badges (`rounds: 2`); `drain` never does.
 * - `dropSignal` (F2, mutant): a Signal with nobody waiting is dropped instead of making the object
 *   Active: the wakeup is lost and the consumer is stuck.
 *
 * Abstractions: one notification, one consumer (so the waiting queue holds at most one thread:
 * its FIFO order is tested on the building block), no bound TCB, no Poll in the programs, non-zero
 * badges only; the items live in shared memory the model keeps as ghost counts (items signalled and
 * handled per producer), not as a page mapped into two components.
 */
import { defineModel, type Model } from '../core/model.js';
import { replaceAt } from '../core/replaceAt.js';
import { array, bool, int, oneOf, record, type Infer } from '../core/shape/index.js';
import { hwShape, initialHw, trap, userAccess } from '../hw/cpu.js';
import { idleNotification, notificationOk, notificationShape, signalNotification, waitNotification } from '../kernel/notification.js';
import { makeReady, runQueueOk, scheduleNext, schedulerShape } from '../kernel/scheduler.js';
import { always, deadlockFree, neverStuck, sometimes, step } from '../../properties/index.js';
import { machineProperties } from '../hw/properties/index.js';
import { kernelMemoryBound } from '../kernel/properties/index.js';
import { preemptStep, returnStep, withPreempt } from '../kernel/machineSteps.js';

/**
 * The consumer disciplines of {@link sel4Notifications}.
 *
 * @example
 * CONSUMERS.includes('drain'); // true
 */
export const CONSUMERS = ['onePerWait', 'perBit', 'drain'] as const;
/**
 * The seeded bugs of {@link sel4Notifications}; `none` is the specification.
 *
 * @example
 * BUGS.includes('none'); // true
 */
export const BUGS = ['none', 'dropSignal'] as const;

/**
 * How the consumer of {@link sel4Notifications} handles the word a Wait returns.
 *
 * @example
 * const c: NotificationConsumer = 'perBit';
 */
export type NotificationConsumer = (typeof CONSUMERS)[number];

/**
 * A seeded bug of {@link sel4Notifications}, or `none`.
 *
 * @example
 * const bug: NotificationBug = 'dropSignal';
 */
export type NotificationBug = (typeof BUGS)[number];

/**
 * Configuration of {@link sel4Notifications}.
 *
 * @example
 * const cfg: Sel4NotificationsConfig = { producers: 2, rounds: 1, consumer: 'perBit', preemption: true, bug: 'none' };
 */
export interface Sel4NotificationsConfig {
  /** Producer threads; producer `i` signals with badge bit `i-1`. */
  readonly producers: number;
  /** Items (signals) per producer. */
  readonly rounds: number;
  readonly consumer: NotificationConsumer;
  /** Whether a timer interrupt may preempt a running thread. */
  readonly preemption: boolean;
  readonly bug: NotificationBug;
}

const PCS = ['produce', 'signal', 'exit', 'done', 'wait', 'handle'] as const;
type Pc = (typeof PCS)[number];

/**
 * A step of {@link sel4Notifications}: a user step or system call of thread `t` (1-based), a timer
 * interrupt, or the kernel's return to user mode.
 *
 * @example
 * const a: Sel4NotificationsAction = { kind: 'Signal', t: 1 };
 */
export type Sel4NotificationsAction =
  | { readonly kind: 'Produce' | 'Signal' | 'Wait' | 'Handle' | 'Exit'; readonly t: number }
  | { readonly kind: 'Preempt' | 'Return' };

function ntfnModelShape(producers: number, rounds: number) {
  const T = producers + 1;
  return record({
    hw: hwShape({ components: T, pages: 1, frames: T }),
    sched: schedulerShape(T),
    ntfn: notificationShape(T, producers),
    blocked: array(T, bool()),
    pc: array(T, oneOf(...PCS)),
    /** Ghost: items signalled by each producer (its round). */
    sent: array(producers, int(0, rounds)),
    /** Ghost: items of each producer the consumer has handled. */
    taken: array(producers, int(0, rounds)),
    /** The word the consumer's last Wait returned, until it handles it (0: none). */
    got: int(0, 2 ** producers - 1),
  });
}

/**
 * A state of {@link sel4Notifications}.
 *
 * @example
 * const s: Sel4NotificationsState = sel4Notifications().init()[0];
 * s.ntfn; // { state: 'idle', queue: [], word: 0 }
 */
export type Sel4NotificationsState = Infer<ReturnType<typeof ntfnModelShape>>;

/**
 * The seL4 notifications model.
 *
 * @example
 * check(sel4Notifications()).ok;                            // true
 * check(sel4Notifications({ consumer: 'onePerWait' })).ok;  // false: an item is stranded
 */
export function sel4Notifications(config: Partial<Sel4NotificationsConfig> = {}): Model<Sel4NotificationsState, Sel4NotificationsAction> {
  const cfg: Sel4NotificationsConfig = { producers: 2, rounds: 1, consumer: 'perBit', preemption: true, bug: 'none', ...config };
  const { producers: P, rounds: R } = cfg;
  for (const [name, v, max] of [['producers', P, 3], ['rounds', R, 3]] as const) {
    if (!Number.isSafeInteger(v) || v < 1 || v > max) throw new RangeError(`sel4Notifications: ${name} must be a whole number from 1 to ${max}, got ${v}`);
  }
  if (!CONSUMERS.includes(cfg.consumer)) throw new RangeError(`sel4Notifications: consumer must be one of ${CONSUMERS.join(', ')}, got ${cfg.consumer}`);
  if (!BUGS.includes(cfg.bug)) throw new RangeError(`sel4Notifications: bug must be one of ${BUGS.join(', ')}, got ${cfg.bug}`);
  const T = P + 1;
  const C = T; // the consumer's thread id
  const total = P * R;
  const name = (t: number) => (t === C ? 'consumer' : `producer ${t}`);
  type St = Sel4NotificationsState;
  const runnable = (st: St) => (t: number) => !st.blocked[t - 1] && st.pc[t - 1] !== 'done';
  const producersDone = (st: St) => st.pc.every((pc, i) => i + 1 === C || pc === 'done');
  const handled = (st: St) => st.taken.reduce((a, b) => a + b, 0);
  /** The running thread stopped (blocked or exited): the next runnable thread runs. */
  const reschedule = (st: St): St => ({ ...st, sched: scheduleNext(st.sched, runnable(st)) });
  const setPc = (st: St, t: number, pc: Pc): St => ({ ...st, pc: replaceAt(st.pc, t - 1, pc) });
  const user = (st: St, t: number, access: 'read' | 'write'): St => ({ ...st, hw: userAccess(st.hw, t - 1, 0, access).hw });

  /** The consumer handles word `w`: the items it takes, by its `consumer` setting. */
  const handle = (st: St, w: number): readonly number[] => {
    switch (cfg.consumer) {
      case 'drain':
        return st.sent;
      case 'perBit':
        return st.taken.map((k, i) => ((w >> i) & 1 && k < st.sent[i] ? k + 1 : k));
      case 'onePerWait': {
        const i = st.taken.findIndex((k, j) => (w >> j) & 1 && k < st.sent[j]);
        return i < 0 ? st.taken : replaceAt(st.taken, i, st.taken[i] + 1);
      }
    }
  };

  const next = (st: St, a: Sel4NotificationsAction): St => {
    switch (a.kind) {
      case 'Return':
        return returnStep(st);
      case 'Preempt':
        return preemptStep(st, runnable(st));
      case 'Produce':
        return setPc(user(st, a.t, 'write'), a.t, 'signal');
      case 'Handle': {
        const taken = handle(st, st.got);
        const pc: Pc = taken.reduce((x, y) => x + y, 0) === total ? 'exit' : 'wait';
        return setPc({ ...user(st, a.t, 'read'), taken, got: 0 }, a.t, pc);
      }
      case 'Exit':
        return reschedule(setPc({ ...st, hw: trap(st.hw) }, a.t, 'done'));
      case 'Signal': {
        const round = st.sent[a.t - 1] + 1;
        const base = setPc({ ...st, hw: trap(st.hw), sent: replaceAt(st.sent, a.t - 1, round) }, a.t, round < R ? 'produce' : 'exit');
        if (cfg.bug === 'dropSignal' && st.ntfn.state !== 'waiting') return base;
        const r = signalNotification(st.ntfn, 1 << (a.t - 1));
        if (r.woken === 0) return { ...base, ntfn: r.ntfn };
        return { ...base, ntfn: r.ntfn, blocked: replaceAt(st.blocked, r.woken - 1, false), got: r.badge, sched: makeReady(st.sched, r.woken) };
      }
      case 'Wait': {
        const r = waitNotification(st.ntfn, a.t);
        const s1 = setPc({ ...st, hw: trap(st.hw), ntfn: r.ntfn }, a.t, 'handle');
        if (r.received !== null) return { ...s1, got: r.received };
        return reschedule({ ...s1, blocked: replaceAt(st.blocked, a.t - 1, true) });
      }
    }
  };

  const STEP: Record<Pc, 'Produce' | 'Signal' | 'Wait' | 'Handle' | 'Exit' | null> = { produce: 'Produce', signal: 'Signal', exit: 'Exit', done: null, wait: 'Wait', handle: 'Handle' };

  return defineModel<St, Sel4NotificationsAction>({
    name: `sel4Notifications(producers=${P},rounds=${R},consumer=${cfg.consumer}${cfg.bug === 'none' ? '' : `,bug=${cfg.bug}`})`,
    config: { ...cfg },
    shape: ntfnModelShape(P, R),
    init: () => [
      {
        hw: initialHw(Array.from({ length: T }, (_, i) => [{ frame: i, write: true }])),
        sched: { current: 1, ready: Array.from({ length: T - 1 }, (_, i) => i + 2) },
        ntfn: idleNotification(),
        blocked: Array.from({ length: T }, () => false),
        pc: Array.from({ length: T }, (_, i): Pc => (i + 1 === C ? 'wait' : 'produce')),
        sent: Array.from({ length: P }, () => 0),
        taken: Array.from({ length: P }, () => 0),
        got: 0,
      },
    ],
    actions: (st) => {
      const t = st.sched.current;
      if (t === 0) return [];
      if (st.hw.mode === 'kernel') return [{ kind: 'Return' }];
      const kind = STEP[st.pc[t - 1]];
      const mine: Sel4NotificationsAction[] = kind ? [{ kind, t }] : [];
      return cfg.preemption ? withPreempt(st, runnable(st), mine) : mine;
    },
    next,
    showAction: (a) => ('t' in a ? `${a.kind}(${name(a.t)})` : a.kind),
    properties: [
      always('INV-NTFN', (st: St) => notificationOk(st.ntfn)),
      step('no signal lost', (s: St, a: Sel4NotificationsAction, t: St) => {
        if (a.kind !== 'Signal') return true;
        const badge = 1 << ((a as { readonly t: number }).t - 1);
        const woke = s.ntfn.state === 'waiting' && t.ntfn.queue.length === s.ntfn.queue.length - 1;
        return woke || (t.ntfn.state === 'active' && (t.ntfn.word & badge) !== 0);
      }),
      always('no item lost', (st: St) => !(producersDone(st) && st.blocked[C - 1] && st.ntfn.state !== 'active' && handled(st) < total)),
      always('run queue', (st: St) => runQueueOk(st.sched, T, runnable(st), false)),
      kernelMemoryBound(() => 0, 0),
      ...machineProperties(
        (st: St) => st.hw,
        (st: St) => st.sched.current,
      ),
      deadlockFree({ validEnd: (st: St) => st.pc.every((pc) => pc === 'done') }),
      neverStuck('no thread stuck forever', {
        threads: Array.from({ length: T }, (_, i) => name(i + 1)),
        blocked: (st: St, i) => st.blocked[i],
      }),
      sometimes('a wait returns a badge', (st: St) => st.got !== 0),
    ],
  });
}
