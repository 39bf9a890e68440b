/**
 * M10: a Barrelfish UMP channel between two cores (spec card M10 in `../shared/IPC-MODELS.md`).
 *
 * Sources: BarrelfishOS/barrelfish `include/barrelfish/ump_impl.h`, `ump_chan.h`,
 * `doc/011-idc/IDC.tex`.
 *
 * The system: endpoints A (thread 1, component 0) and B (thread 2, component 1), each with a send
 * ring of `slots` cache-line slots to the other (a bidirectional channel); both rings live in one
 * page mapped through the hardware model into exactly A's and B's page tables
 * (`sharedRingTables` of `model/kernel/sharedRing`); a third component (2, never scheduled) maps
 * only its private page. No kernel on the data path: `Send`, `Recv` and `Ack` are user steps
 * through the MMU on the channel page. Each endpoint sends `messages` messages with values 0, 1, …
 * and receives the other's.
 *
 * A message is one slot: a payload value, a 1-bit epoch and a header carrying the sender's
 * consumed count of the reverse ring (the piggybacked acknowledgement). Message `i` goes in slot
 * `i mod N` with epoch `⌊i/N⌋` even (the buffer starts zeroed, epoch 0, and the channel's first
 * epoch is 1), so it is written whole, header last. The receiver accepts slot `pos` iff its epoch
 * is the one expected for its position (a new message), else the slot is stale. Flow control:
 * the sender may send iff `next_id − ack_id < N`, `ack_id` the largest consumed count it knows, from
 * headers it consumed or from the explicit acknowledgement (`UMP_ACK_MSGTAG`), which a receiver
 * sends once it has drained its receive ring and consumed `max(N − 1, 1)` messages it has not yet
 * acknowledged (the receive handler acknowledges after processing).
 *
 * Structure: one processor with preemption (the `xenEventChannel` structure), not two parallel
 * cores; the interleaving of whole steps under a timer stands for the two cores' interleaving.
 * An endpoint with nothing to do (nothing to receive, no ack owed, no permission to send, not
 * finished) waits: it sleeps (`Block`) until the peer next writes the channel page (a `Send` or an
 * `Ack`), which stands for its poll loop seeing that write.
 *
 * Kernel memory: the rings are fixed in the shared page; the kernel allocates nothing (bound 0).
 *
 * Seeded bugs (card M10):
 * - `ignoreCanSend` (F1): the sender ignores `can_send` and laps the receiver, overwriting an
 *   unconsumed slot: a message is lost.
 * - `blockedSenderStopsDraining` (F2): a sender waiting for an acknowledgement stops receiving and
 *   acknowledging; with both rings full the acknowledgements each needs sit in its own receive
 *   ring (or are never sent): deadlock.
 *
 * Not modelled: payload words beyond one value, capabilities (out of band, via the monitors),
 * weak memory and partially written cache lines (a slot is written atomically), the explicit
 * ack's own ring slot (it is a dedicated word in the channel page here, so acks never need
 * `can_send`), wrapping 31-bit sequence numbers, parallel cores and spinning (a waiting endpoint
 * sleeps and the peer's write wakes it).
 */
import { defineModel, type Model } from '../core/model.js';
import { replaceAt } from '../core/replaceAt.js';
import { array, bool, int, oneOf, record, type Infer } from '../core/shape/index.js';
import { hwShape, initialHw, trap, userAccess } from '../hw/cpu.js';
import { preemptStep, returnStep, withPreempt } from '../kernel/machineSteps.js';
import { makeReady, scheduleNext, schedulerShape } from '../kernel/scheduler.js';
import { RING_PAGE, sharedRingTables } from '../kernel/sharedRing.js';
import { always, deadlockFree, neverStuck, sometimes } from '../../properties/index.js';
import { machineProperties } from '../hw/properties/index.js';
import { kernelMemoryBound } from '../kernel/properties/index.js';

/**
 * The seeded bugs of {@link barrelfishUmp}; `none` is the specification.
 *
 * @example
 * BUGS.includes('none'); // true
 */
export const BUGS = ['none', 'ignoreCanSend', 'blockedSenderStopsDraining'] as const;

/**
 * A seeded bug of {@link barrelfishUmp}, or `none`.
 *
 * @example
 * const bug: UmpBug = 'ignoreCanSend';
 */
export type UmpBug = (typeof BUGS)[number];

/**
 * Configuration of {@link barrelfishUmp}.
 *
 * @example
 * const cfg: UmpConfig = { slots: 2, messages: 3, bug: 'none' };
 */
export interface UmpConfig {
  /** Slots N of each ring. */
  readonly slots: number;
  /** Messages each endpoint sends. */
  readonly messages: number;
  readonly bug: UmpBug;
}

const THREAD_STATES = ['ready', 'blocked', 'done'] as const;
const A = 1;
const B = 2;
const COMPONENTS = 3;
const endpointName = (t: number) => (t === A ? 'A' : 'B');

function umpShape(slots: number, messages: number) {
  const slot = record({ val: int(0, messages - 1), epoch: bool(), ack: int(0, messages) });
  return record({
    hw: hwShape({ components: COMPONENTS, pages: 2, frames: COMPONENTS + 1 }),
    sched: schedulerShape(2),
    th: array(2, oneOf(...THREAD_STATES)),
    /** Ring d carries endpoint d + 1's messages to the other; all four arrays below are per ring. */
    ring: array(2, array(slots, slot)),
    /** Sender side: messages sent (`next_id`) and the consumed count it knows (`ack_id`). */
    sent: array(2, int(0, messages)),
    ackId: array(2, int(0, messages)),
    /** Receiver side: messages consumed (`seq_id`), the count last acknowledged, the explicit-ack word. */
    recvd: array(2, int(0, messages)),
    lastAck: array(2, int(0, messages)),
    ackWord: array(2, int(0, messages)),
    /** Ghost: every message consumed so far had the value expected at its position. */
    inOrder: bool(),
  });
}

/**
 * A state of {@link barrelfishUmp}: machine, scheduler, endpoint states, the two rings' slots and
 * the sequence and acknowledgement counters.
 *
 * @example
 * const s: UmpState = barrelfishUmp().init()[0];
 */
export type UmpState = Infer<ReturnType<typeof umpShape>>;

/**
 * A step of {@link barrelfishUmp}: a user step (`Send`, `Recv`, `Ack`) or system call (`Block`,
 * `Exit`) of endpoint `t` (1 = A, 2 = B), a timer interrupt, or the return to user mode.
 *
 * @example
 * const a: UmpAction = { kind: 'Send', t: 1 };
 */
export type UmpAction = { readonly kind: 'Send' | 'Recv' | 'Ack' | 'Block' | 'Exit'; readonly t: number } | { readonly kind: 'Preempt' | 'Return' };

/**
 * The Barrelfish UMP model.
 *
 * @example
 * check(barrelfishUmp()).ok;                                                   // true
 * check(barrelfishUmp({ bug: 'ignoreCanSend' })).verdicts['no message lost'].status; // 'violated'
 */
export function barrelfishUmp(config: Partial<UmpConfig> = {}): Model<UmpState, UmpAction> {
  const cfg: UmpConfig = { slots: 2, messages: 3, bug: 'none', ...config };
  const { slots: N, messages: M, bug } = cfg;
  if (!Number.isSafeInteger(N) || N < 1 || N > 4) throw new RangeError(`barrelfishUmp: slots must be a whole number from 1 to 4, got ${N}`);
  if (!Number.isSafeInteger(M) || M < 1 || M > 4) throw new RangeError(`barrelfishUmp: messages must be a whole number from 1 to 4, got ${M}`);
  if (!(BUGS as readonly string[]).includes(bug)) throw new RangeError(`barrelfishUmp: bug must be one of ${BUGS.join(', ')}, got ${bug}`);
  type St = UmpState;
  const ACK_AFTER = Math.max(N - 1, 1);

  const epochOf = (i: number) => Math.floor(i / N) % 2 === 0;
  const out = (t: number) => t - 1;
  const inn = (t: number) => 2 - t;
  const other = (t: number) => 3 - t;
  const runnable = (st: St) => (t: number) => st.th[t - 1] === 'ready';
  const known = (st: St, d: number) => Math.max(st.ackId[d], st.ackWord[d]);

  const canSend = (st: St, t: number) => st.sent[out(t)] - known(st, out(t)) < N;
  const hasMessage = (st: St, t: number) => {
    const d = inn(t);
    return st.recvd[d] < M && st.ring[d][st.recvd[d] % N].epoch === epochOf(st.recvd[d]);
  };
  const ackOwed = (st: St, t: number) => st.recvd[inn(t)] - st.lastAck[inn(t)] >= ACK_AFTER;
  const waiting = (st: St, t: number) => st.sent[out(t)] < M && !canSend(st, t);
  /** Whether `t` still drains its receive ring: always, but not while waiting to send under F2. */
  const drains = (st: St, t: number) => bug !== 'blockedSenderStopsDraining' || !waiting(st, t);
  const finished = (st: St, t: number) => st.sent[out(t)] === M && st.recvd[inn(t)] === M && !ackOwed(st, t);

  const userSteps = (st: St, t: number): UmpAction[] => {
    const steps: UmpAction[] = [];
    if (drains(st, t) && hasMessage(st, t)) steps.push({ kind: 'Recv', t });
    if (drains(st, t) && !hasMessage(st, t) && ackOwed(st, t)) steps.push({ kind: 'Ack', t });
    if (st.sent[out(t)] < M && (bug === 'ignoreCanSend' || canSend(st, t))) steps.push({ kind: 'Send', t });
    return steps;
  };

  const access = (st: St, t: number, a: 'read' | 'write'): St => ({ ...st, hw: userAccess(st.hw, t - 1, RING_PAGE, a).hw });
  /** A write to the channel page: a waiting peer's poll sees it. */
  const wakePeer = (st: St, t: number): St => {
    const p = other(t);
    if (st.th[p - 1] !== 'blocked') return st;
    return { ...st, th: replaceAt(st.th, p - 1, 'ready'), sched: makeReady(st.sched, p) };
  };

  const user = (st: St, t: number, kind: 'Send' | 'Recv' | 'Ack'): St => {
    switch (kind) {
      case 'Send': {
        const d = out(t);
        const i = st.sent[d];
        const ring = replaceAt(st.ring, d, replaceAt(st.ring[d], i % N, { val: i, epoch: epochOf(i), ack: st.recvd[inn(t)] }));
        const s2: St = {
          ...access(st, t, 'write'),
          ring,
          sent: replaceAt(st.sent, d, i + 1),
          ackId: replaceAt(st.ackId, d, known(st, d)),
          lastAck: replaceAt(st.lastAck, inn(t), st.recvd[inn(t)]),
        };
        return wakePeer(s2, t);
      }
      case 'Recv': {
        const d = inn(t);
        const i = st.recvd[d];
        const slot = st.ring[d][i % N];
        return {
          ...access(st, t, 'read'),
          recvd: replaceAt(st.recvd, d, i + 1),
          ackId: replaceAt(st.ackId, out(t), Math.max(st.ackId[out(t)], slot.ack)),
          inOrder: st.inOrder && slot.val === i,
        };
      }
      case 'Ack': {
        const d = inn(t);
        const s2: St = { ...access(st, t, 'write'), ackWord: replaceAt(st.ackWord, d, st.recvd[d]), lastAck: replaceAt(st.lastAck, d, st.recvd[d]) };
        return wakePeer(s2, t);
      }
    }
  };

  const syscall = (st: St, t: number, kind: 'Block' | 'Exit'): St => {
    const s2: St = { ...st, th: replaceAt(st.th, t - 1, kind === 'Block' ? 'blocked' : 'done') };
    return { ...s2, sched: scheduleNext(s2.sched, runnable(s2)) };
  };

  return defineModel<St, UmpAction>({
    name: `barrelfishUmp(slots=${N},messages=${M},bug=${bug})`,
    config: { ...cfg },
    shape: umpShape(N, M),
    init: () => {
      const empty = Array.from({ length: N }, () => ({ val: 0, epoch: false, ack: 0 }));
      return [
        {
          hw: initialHw(sharedRingTables(COMPONENTS, [0, 1])),
          sched: { current: A, ready: [B] },
          th: ['ready', 'ready'],
          ring: [empty, empty],
          sent: [0, 0],
          ackId: [0, 0],
          recvd: [0, 0],
          lastAck: [0, 0],
          ackWord: [0, 0],
          inOrder: true,
        },
      ];
    },
    actions: (st) => {
      const t = st.sched.current;
      if (t === 0) return [];
      if (st.hw.mode === 'kernel') return [{ kind: 'Return' }];
      if (st.th[t - 1] === 'done') return [];
      const steps = userSteps(st, t);
      const mine: UmpAction[] = steps.length > 0 ? steps : [{ kind: finished(st, t) ? 'Exit' : 'Block', t }];
      return withPreempt(st, runnable(st), mine);
    },
    next: (st, a) => {
      switch (a.kind) {
        case 'Return':
          return returnStep(st);
        case 'Preempt':
          return preemptStep(st, runnable(st));
        case 'Send':
        case 'Recv':
        case 'Ack':
          return user(st, a.t, a.kind);
        default:
          return syscall({ ...st, hw: trap(st.hw) }, a.t, a.kind);
      }
    },
    showAction: (a) => ('t' in a ? `${a.kind}(${endpointName(a.t)})` : a.kind),
    properties: [
      ...machineProperties(
        (st: St) => st.hw,
        (st: St) => st.sched.current,
      ),
      always('no message lost', (st: St) => {
        if (!st.inOrder) return false;
        for (let d = 0; d < 2; d++) {
          if (st.sent[d] - st.recvd[d] > N || st.recvd[d] > st.sent[d]) return false;
          for (let i = st.recvd[d]; i < st.sent[d]; i++) {
            const slot = st.ring[d][i % N];
            if (slot.val !== i || slot.epoch !== epochOf(i)) return false;
          }
        }
        return true;
      }),
      always('ring indices within bounds', (st: St) =>
        [0, 1].every((d) => known(st, d) <= st.recvd[d] && st.recvd[d] <= st.sent[d] && st.sent[d] <= known(st, d) + N),
      ),
      kernelMemoryBound((_st: St) => 0, 0, 'kernel object', 'kernel memory bounded'),
      deadlockFree({ validEnd: (st: St) => st.th.every((s) => s === 'done') }),
      neverStuck('no endpoint stuck forever', {
        threads: [endpointName(A), endpointName(B)],
        blocked: (st: St, i) => st.th[i] === 'blocked',
      }),
      sometimes('the client blocks', (st: St) => st.th[A - 1] === 'blocked'),
      sometimes('a message is received', (st: St) => st.recvd[0] + st.recvd[1] > 0),
    ],
  });
}
