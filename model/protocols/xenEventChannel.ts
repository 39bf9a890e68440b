/**
 * M9: a Xen event channel plus a shared ring (spec card M9 in `../shared/IPC-MODELS.md`).
 *
 * Sources: xen-project/xen `xen/include/public/io/ring.h` (PUSH_REQUESTS_AND_CHECK_NOTIFY,
 * FINAL_CHECK_FOR_REQUESTS, RING_FULL), `xen/common/event_2l.c` (set_pending, unmask).
 *
 * The system: a frontend domain (thread 1, component 0) pushes `requests` requests with values
 * 0, 1, … into a ring of `slots` slots (`model/kernel/sharedRing`) in a page shared with the
 * backend domain (thread 2, component 1) and mapped in exactly those two page tables; a third
 * domain (component 2, never scheduled) maps only its private page. Every ring operation is a
 * user step through the MMU on the ring page. A push notifies the backend's event-channel port
 * (EVTCHNOP_send, a hypercall) only when the backend's `req_event` asks for it. The backend takes
 * requests; on an empty ring it re-arms `req_event = req_cons + 1`, checks again (the final
 * check) and only then blocks (SCHEDOP_block). On a full ring the frontend symmetrically arms
 * "notify me at the next take", re-checks and blocks on its own port; the backend notifies it when
 * its take passes that index.
 *
 * Event channels: one port per domain with a `pending` and a `mask` bit. set_pending: if already
 * pending, nothing (signals coalesce); else pending, and if unmasked with its domain blocked, the
 * upcall wakes the domain, whose handler masks the port and clears pending. Block unmasks the
 * caller's port (unmask delivers a pending signal: a pending port returns at once, clearing it)
 * and otherwise sleeps. So a port is masked while its domain runs and unmasked while it sleeps.
 *
 * Kernel memory: the ring lives in the shared page and the event-channel bits are per port, so
 * the kernel allocates nothing per message: the bound checked is 0.
 *
 * Seeded bugs (card M9):
 * - `noFinalCheck` (F1): the backend re-arms but sleeps without checking the ring again; a request
 *   pushed between its last look and the re-arm is not notified (the producer saw the old
 *   `req_event`): a lost wakeup, the backend sleeps for ever with a request in the ring.
 * - `overwrite` (F2): the frontend ignores RING_FULL and overwrites an unconsumed request.
 *
 * Not modelled: responses (the response ring), `pending_sel`/`upcall_pending` (one port per vCPU),
 * weak memory (sequentially consistent interleaving of whole steps), wrapping 32-bit indices,
 * grant tables (the page is mapped at boot), and parallel vCPUs (both domains share one
 * processor, preempted by a timer).
 */
import { defineModel, type Model } from '../core/model.js';
import { replaceAt } from '../core/replaceAt.js';
import { array, bool, int, oneOf, record, type Infer } from '../core/shape/index.js';
import { hwShape, initialHw, trap, userAccess } from '../hw/cpu.js';
import { preemptStep, returnStep, withPreempt } from '../kernel/machineSteps.js';
import { makeReady, scheduleNext, schedulerShape } from '../kernel/scheduler.js';
import {
  armConsumer,
  armProducer,
  initialRing,
  RING_PAGE,
  ringFull,
  ringHasUnconsumed,
  ringIndicesOk,
  ringPush,
  ringTake,
  sharedRingShape,
  sharedRingTables,
} from '../kernel/sharedRing.js';
import { always, deadlockFree, neverStuck, sometimes } from '../../properties/index.js';
import { machineProperties } from '../hw/properties/index.js';
import { kernelMemoryBound } from '../kernel/properties/index.js';

/**
 * The seeded bugs of {@link xenEventChannel}; `none` is the specification.
 *
 * @example
 * BUGS.includes('none'); // true
 */
export const BUGS = ['none', 'noFinalCheck', 'overwrite'] as const;

/**
 * A seeded bug of {@link xenEventChannel}, or `none`.
 *
 * @example
 * const bug: XenBug = 'noFinalCheck';
 */
export type XenBug = (typeof BUGS)[number];

/**
 * Configuration of {@link xenEventChannel}.
 *
 * @example
 * const cfg: XenConfig = { slots: 2, requests: 3, bug: 'none' };
 */
export interface XenConfig {
  /** Ring slots N. */
  readonly slots: number;
  /** Requests the frontend pushes. */
  readonly requests: number;
  readonly bug: XenBug;
}

const THREAD_STATES = ['ready', 'blocked', 'done'] as const;
const PCS = ['work', 'notify', 'arm', 'block', 'exit', 'done'] as const;
type Pc = (typeof PCS)[number];

/** Domains (threads) and the components they run in; component 2 is the bystander. */
const FRONT = 1;
const BACK = 2;
const COMPONENTS = 3;
const domainName = (t: number) => (t === FRONT ? 'frontend' : 'backend');

function xenShape(slots: number, requests: number) {
  return record({
    hw: hwShape({ components: COMPONENTS, pages: 2, frames: COMPONENTS + 1 }),
    sched: schedulerShape(2),
    th: array(2, oneOf(...THREAD_STATES)),
    pc: array(2, oneOf(...PCS)),
    ring: sharedRingShape(slots, requests, requests),
    /** Event-channel port of each domain (index t − 1): pending and mask bits. */
    pending: array(2, bool()),
    masked: array(2, bool()),
    /** Ghost: requests the frontend pushed, requests the backend consumed, all consumed in order. */
    sent: int(0, requests),
    received: int(0, requests),
    inOrder: bool(),
  });
}

/**
 * A state of {@link xenEventChannel}: machine, scheduler, domain states and program points, the
 * shared ring, the two ports' bits and the ghost counters.
 *
 * @example
 * const s: XenState = xenEventChannel().init()[0];
 */
export type XenState = Infer<ReturnType<typeof xenShape>>;

/**
 * A step of {@link xenEventChannel}: a user step (`Push`, `Take`, `Arm`) or hypercall (`Notify`,
 * `Block`, `Exit`) of domain `t`, a timer interrupt, or the return to a guest.
 *
 * @example
 * const a: XenAction = { kind: 'Push', t: 1 };
 */
export type XenAction = { readonly kind: 'Push' | 'Take' | 'Notify' | 'Arm' | 'Block' | 'Exit'; readonly t: number } | { readonly kind: 'Preempt' | 'Return' };

/**
 * The Xen event channel plus shared ring model.
 *
 * @example
 * check(xenEventChannel()).ok;                                            // true
 * check(xenEventChannel({ bug: 'overwrite' })).verdicts['no message lost'].status; // 'violated'
 */
export function xenEventChannel(config: Partial<XenConfig> = {}): Model<XenState, XenAction> {
  const cfg: XenConfig = { slots: 2, requests: 3, bug: 'none', ...config };
  const { slots: N, requests: R, bug } = cfg;
  if (!Number.isSafeInteger(N) || N < 1 || N > 4) throw new RangeError(`xenEventChannel: slots must be a whole number from 1 to 4, got ${N}`);
  if (!Number.isSafeInteger(R) || R < 1 || R > 5) throw new RangeError(`xenEventChannel: requests must be a whole number from 1 to 5, got ${R}`);
  if (!(BUGS as readonly string[]).includes(bug)) throw new RangeError(`xenEventChannel: bug must be one of ${BUGS.join(', ')}, got ${bug}`);
  type St = XenState;

  const runnable = (st: St) => (t: number) => st.th[t - 1] === 'ready';
  const setPc = (st: St, t: number, pc: Pc): St => ({ ...st, pc: replaceAt(st.pc, t - 1, pc) });
  const ringStep = (st: St, t: number, access: 'read' | 'write'): St => ({ ...st, hw: userAccess(st.hw, t - 1, RING_PAGE, access).hw });
  /** Where domain `t` goes after its work step or a notification. */
  const onward = (st: St, t: number): Pc => ((t === FRONT ? st.sent : st.received) === R ? 'exit' : 'work');
  /** set_pending on `t`'s port: coalesces; wakes `t` through the upcall if unmasked and blocked. */
  const setPending = (st: St, t: number): St => {
    if (st.pending[t - 1]) return st;
    if (!st.masked[t - 1] && st.th[t - 1] === 'blocked') {
      // The upcall: the handler masks the port and clears pending; the domain runs again.
      return { ...st, th: replaceAt(st.th, t - 1, 'ready'), masked: replaceAt(st.masked, t - 1, true), sched: makeReady(st.sched, t) };
    }
    return { ...st, pending: replaceAt(st.pending, t - 1, true) };
  };

  const user = (st: St, t: number, kind: XenAction['kind']): St => {
    switch (kind) {
      case 'Push': {
        if (ringFull(st.ring) && bug !== 'overwrite') return setPc(ringStep(st, t, 'read'), t, 'arm');
        const p = ringPush(st.ring, st.sent);
        const s2 = { ...ringStep(st, t, 'write'), ring: p.ring, sent: st.sent + 1 };
        return setPc(s2, t, p.notify ? 'notify' : onward(s2, t));
      }
      case 'Take': {
        if (!ringHasUnconsumed(st.ring)) return setPc(ringStep(st, t, 'read'), t, 'arm');
        const k = ringTake(st.ring);
        const s2 = { ...ringStep(st, t, 'write'), ring: k.ring, received: st.received + 1, inOrder: st.inOrder && k.value === st.received };
        return setPc(s2, t, k.notify ? 'notify' : onward(s2, t));
      }
      case 'Arm': {
        const s2 = ringStep(st, t, 'write');
        if (t === FRONT) {
          const ring = armProducer(st.ring);
          return setPc({ ...s2, ring }, t, ringFull(ring) ? 'block' : 'work');
        }
        const ring = armConsumer(st.ring);
        return setPc({ ...s2, ring }, t, bug === 'noFinalCheck' || !ringHasUnconsumed(ring) ? 'block' : 'work');
      }
      default:
        throw new Error(`xenEventChannel: ${kind} is not a user step`);
    }
  };

  const hypercall = (st: St, t: number, kind: XenAction['kind']): St => {
    switch (kind) {
      case 'Notify':
        return setPc(setPending(st, t === FRONT ? BACK : FRONT), t, onward(st, t));
      case 'Block': {
        const s2 = setPc(st, t, 'work');
        if (s2.pending[t - 1]) return { ...s2, pending: replaceAt(s2.pending, t - 1, false) }; // unmask delivers: the handler clears it
        const s3: St = { ...s2, masked: replaceAt(s2.masked, t - 1, false), th: replaceAt(s2.th, t - 1, 'blocked') };
        return { ...s3, sched: scheduleNext(s3.sched, runnable(s3)) };
      }
      case 'Exit': {
        const s2: St = { ...setPc(st, t, 'done'), th: replaceAt(st.th, t - 1, 'done') };
        return { ...s2, sched: scheduleNext(s2.sched, runnable(s2)) };
      }
      default:
        throw new Error(`xenEventChannel: ${kind} is not a hypercall`);
    }
  };

  const STEP: Record<Exclude<Pc, 'done'>, XenAction['kind']>[] = [
    { work: 'Push', notify: 'Notify', arm: 'Arm', block: 'Block', exit: 'Exit' },
    { work: 'Take', notify: 'Notify', arm: 'Arm', block: 'Block', exit: 'Exit' },
  ];

  return defineModel<St, XenAction>({
    name: `xenEventChannel(slots=${N},requests=${R},bug=${bug})`,
    config: { ...cfg },
    shape: xenShape(N, R),
    init: () => [
      {
        hw: initialHw(sharedRingTables(COMPONENTS, [0, 1])),
        sched: { current: FRONT, ready: [BACK] },
        th: ['ready', 'ready'],
        pc: ['work', 'work'],
        ring: initialRing(N),
        pending: [false, false],
        masked: [true, true],
        sent: 0,
        received: 0,
        inOrder: true,
      },
    ],
    actions: (st) => {
      const t = st.sched.current;
      if (t === 0) return [];
      if (st.hw.mode === 'kernel') return [{ kind: 'Return' }];
      const pc = st.pc[t - 1];
      const mine: XenAction[] = pc === 'done' ? [] : [{ kind: STEP[t - 1][pc], t }];
      return withPreempt(st, runnable(st), mine);
    },
    next: (st, a) => {
      switch (a.kind) {
        case 'Return':
          return returnStep(st);
        case 'Preempt':
          return preemptStep(st, runnable(st));
        case 'Push':
        case 'Take':
        case 'Arm':
          return user(st, a.t, a.kind);
        default:
          return hypercall({ ...st, hw: trap(st.hw) }, a.t, a.kind);
      }
    },
    showAction: (a) => ('t' in a ? `${a.kind}(${domainName(a.t)})` : a.kind),
    properties: [
      ...machineProperties(
        (st: St) => st.hw,
        (st: St) => st.sched.current,
      ),
      always('no message lost', (st: St) => {
        const { ring } = st;
        if (!st.inOrder || ring.prod !== st.sent || ring.cons !== st.received || ring.prod - ring.cons > N) return false;
        for (let i = ring.cons; i < ring.prod; i++) if (ring.slots[i % N] !== i) return false;
        return true;
      }),
      always('ring indices within bounds', (st: St) => ringIndicesOk(st.ring)),
      kernelMemoryBound((_st: St) => 0, 0, 'kernel object', 'kernel memory bounded'),
      deadlockFree({ validEnd: (st: St) => st.th.every((s) => s === 'done') }),
      neverStuck('no domain stuck forever', {
        threads: [domainName(FRONT), domainName(BACK)],
        blocked: (st: St, i) => st.th[i] === 'blocked',
      }),
      sometimes('the client blocks', (st: St) => st.th[FRONT - 1] === 'blocked'),
      sometimes('a message is received', (st: St) => st.received > 0),
    ],
  });
}
