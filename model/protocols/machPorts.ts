/**
 * M7: Mach ports, asynchronous IPC through a kernel message queue with a queue limit, send
 * timeouts and send-once reply rights (spec card M7 in `../shared/IPC-MODELS.md`).
 *
 * Sources: gnu.org/software/hurd/gnumach-doc/Message-Send.html; apple-oss-distributions/xnu@e3723e1
 * `osfmk/ipc/ipc_mqueue.{c,h}`, `osfmk/mach/port.h`; the XNU man page `mach_port_limits`.
 *
 * The system: a client (thread 1) sends `messages` messages with values 0, 1, … to a port whose
 * receive right the server (thread 2) holds. Its last message is an RPC: it carries a send-once
 * right to the client's reply port and the client waits there for the answer (mach_msg with send
 * and receive), which the server sends back through that right, echoing the request. A send
 * enqueues while the port holds fewer than `qlimit` messages; on a full port the sender blocks
 * until a receive makes room, or, with `timeout` (MACH_SEND_TIMEOUT with t = 0), gets
 * MACH_SEND_TIMED_OUT and gives up. A send to a port whose receiver waits hands the message over
 * at once. A receive dequeues the head and wakes the blocked sender, whose message is then
 * queued. With `server: 'never'` the server exits without ever receiving. Replies are sent
 * through a send-once right and are exempt from the limit (at most one is outstanding).
 * Each thread runs in its own component on one processor, through the hardware model: user steps
 * go through the MMU, system calls trap, the kernel path is atomic, and returning to user mode
 * loads the next thread's page table; a timer interrupt may preempt whenever another thread is
 * ready.
 *
 * Kernel memory: every queued kmsg (on the port or on the reply port) is one kernel object
 * (`model/kernel/messageQueue`). The bound checked is KM ≤ qlimit + outstanding send-once rights
 * (qlimit + 1); without a limit, K = 3 + 1.
 *
 * Properties: FIFO (the port holds exactly the accepted messages not yet received, in order:
 * nothing lost, duplicated or reordered, per the GNU doc's "reliable and sequenced"), reply
 * correctness over the ghost call records, kernel memory bounded (the maximum reached reported on
 * a complete search), isolation, privilege and kernel-mediated transfer, deadlock freedom (every
 * thread done is the valid end), no thread stuck forever, and the witness that a message is
 * received.
 *
 * Seeded bugs and variants (card M7):
 * - `noQueueLimit` (F1, the seed post's Mach): no limit, the client sends for ever and the server
 *   never receives: kernel memory grows by one message per round (a growth witness). The search
 *   is cut (withinBounds) one message above the bound.
 * - F2 is a configuration, not a bug: `qlimit: 5, messages: 6, server: 'never'` leaves the
 *   client blocked at its sixth send; with `timeout` it gets MACH_SEND_TIMED_OUT and exits.
 * - `sendOnceExempt` (F3): the client's requests go through send-once rights the server minted,
 *   which GNU Mach lets past the limit: with a slow server the queue exceeds qlimit + 1.
 * - `sharedReplyRight` (F4): the reply port is reached through a shared send right, which a third
 *   task (thread 3, the intruder) also holds; its forged reply reaches the client.
 *
 * Not modelled: send-once notifications on destroying a right, the XNU 65534 cap, timers with
 * t > 0, several senders or ports, port-set receives, rights transfer in messages.
 */
import { defineModel, type Model } from '../core/model.js';
import { replaceAt } from '../core/replaceAt.js';
import { array, int, oneOf, record, type Infer } from '../core/shape/index.js';
import { hwShape, initialHw, trap, userAccess } from '../hw/cpu.js';
import { preemptStep, returnStep, withPreempt } from '../kernel/machineSteps.js';
import { callGhostShape, ghostCall, ghostReceived, ghostReply, ghostStep, initialCallGhost } from '../kernel/ghostCalls.js';
import { kernelMemoryShape } from '../kernel/kernelMemory.js';
import { canEnqueue, dequeueMessage, enqueueMessage, messageQueueShape, type Message, type QueueLimit } from '../kernel/messageQueue.js';
import { makeReady, scheduleNext, schedulerShape } from '../kernel/scheduler.js';
import { always, deadlockFree, neverStuck, sometimes } from '../../properties/index.js';
import { machineProperties } from '../hw/properties/index.js';
import { kernelMemoryBound, replyCorrectness } from '../kernel/properties/index.js';

/**
 * The seeded bugs of {@link machPorts}; `none` is the specification.
 *
 * @example
 * BUGS.includes('none'); // true
 */
export const BUGS = ['none', 'noQueueLimit', 'sendOnceExempt', 'sharedReplyRight'] as const;

/**
 * A seeded bug of {@link machPorts}, or `none`.
 *
 * @example
 * const bug: MachBug = 'noQueueLimit';
 */
export type MachBug = (typeof BUGS)[number];

/**
 * Configuration of {@link machPorts}.
 *
 * @example
 * const cfg: MachConfig = { messages: 3, qlimit: 2, timeout: false, server: 'receives', bug: 'none' };
 */
export interface MachConfig {
  /** Messages the client sends (the last one an RPC); ignored under `noQueueLimit`, where it sends for ever. */
  readonly messages: number;
  /** The port's queue limit; 0 means none. */
  readonly qlimit: number;
  /** MACH_SEND_TIMEOUT with t = 0: a send to a full port returns MACH_SEND_TIMED_OUT and the client gives up. */
  readonly timeout: boolean;
  /** Whether the server receives the messages, or exits without receiving. */
  readonly server: 'receives' | 'never';
  readonly bug: MachBug;
}

/** The bound used when the port has no limit. */
const NO_LIMIT_BOUND = 3;

const THREAD_STATES = ['ready', 'blockedSend', 'blockedRecv', 'blockedReply', 'done'] as const;
const PCS = ['prepare', 'send', 'call', 'recv', 'handle', 'reply', 'forge', 'exit', 'done'] as const;
type Pc = (typeof PCS)[number];
const STEP = { prepare: 'Prepare', send: 'Send', call: 'Call', recv: 'Receive', handle: 'Handle', reply: 'Reply', forge: 'Forge', exit: 'Exit' } as const;

function machShape(threads: number, values: number, portMax: number, objectsMax: number) {
  return record({
    hw: hwShape({ components: threads, pages: 1, frames: threads }),
    sched: schedulerShape(threads),
    th: array(threads, oneOf(...THREAD_STATES)),
    pc: array(threads, oneOf(...PCS)),
    /** The port's kmsg queue (the server holds its receive right). */
    port: messageQueueShape(portMax, threads, values),
    /** The client's reply port. */
    replyPort: messageQueueShape(2, threads, values),
    /** Kernel objects alive: queued kmsgs. */
    objects: kernelMemoryShape(objectsMax),
    /** Messages the kernel accepted from the client (the next message's value). */
    sent: int(0, values),
    /** Messages the server received. */
    received: int(0, values),
    ghost: callGhostShape(threads, values),
  });
}

/**
 * A state of {@link machPorts}: machine, scheduler, per-thread state and program point, the two
 * ports' queues, the kernel-object count, the ghost counters of accepted and received messages,
 * and the ghost call records.
 *
 * @example
 * const s: MachState = machPorts().init()[0];
 */
export type MachState = Infer<ReturnType<typeof machShape>>;

/**
 * A step of {@link machPorts}: a user step or system call of thread `t`, a timer interrupt, or the
 * kernel's return to user mode.
 *
 * @example
 * const a: MachAction = { kind: 'Send', t: 1 };
 */
export type MachAction =
  | { readonly kind: 'Prepare' | 'Send' | 'Call' | 'Receive' | 'Handle' | 'Reply' | 'Forge' | 'Exit'; readonly t: number }
  | { readonly kind: 'Preempt' | 'Return' };

const CLIENT = 1;
const SERVER = 2;
const INTRUDER = 3;
const threadName = (t: number) => (t === CLIENT ? 'client' : t === SERVER ? 'server' : 'intruder');

/**
 * The Mach ports model.
 *
 * @example
 * check(machPorts()).ok;                                             // true
 * check(machPorts({ bug: 'noQueueLimit' })).verdicts['kernel memory bounded'].status; // 'unbounded'
 */
export function machPorts(config: Partial<MachConfig> = {}): Model<MachState, MachAction> {
  const cfg: MachConfig = { messages: 3, qlimit: 2, timeout: false, server: 'receives', bug: 'none', ...config };
  const { messages: N, qlimit, timeout, bug } = cfg;
  if (!Number.isSafeInteger(N) || N < 1 || N > 6) throw new RangeError(`machPorts: messages must be a whole number from 1 to 6, got ${N}`);
  if (!Number.isSafeInteger(qlimit) || qlimit < 0 || qlimit > 6) throw new RangeError(`machPorts: qlimit must be a whole number from 0 (none) to 6, got ${qlimit}`);
  if (!(BUGS as readonly string[]).includes(bug)) throw new RangeError(`machPorts: bug must be one of ${BUGS.join(', ')}, got ${bug}`);
  if (cfg.server !== 'receives' && cfg.server !== 'never') throw new RangeError(`machPorts: server must be 'receives' or 'never', got ${cfg.server}`);
  const forever = bug === 'noQueueLimit';
  if (forever && cfg.server !== 'never') throw new RangeError("machPorts: noQueueLimit (F1) is the client sending for ever to a server that never receives; set server: 'never'");
  const limit: QueueLimit = forever || qlimit === 0 ? null : qlimit;
  if (timeout && limit === null) throw new RangeError('machPorts: a send timeout needs a queue limit (qlimit ≥ 1)');
  const serverReceives = cfg.server === 'receives';
  const T = bug === 'sharedReplyRight' ? 3 : 2;
  const K = (limit ?? NO_LIMIT_BOUND) + 1;
  // F1: the values, the port and the count have room for the growth witness's rounds past the cut.
  const V = forever ? K + 8 : N;
  const portMax = forever ? K + 8 : N;
  const objectsMax = forever ? K + 8 : N + 2;
  const isCallValue = (v: number) => !forever && v === N - 1;
  const exempt = bug === 'sendOnceExempt';
  type St = MachState;

  const runnable = (st: St) => (t: number) => st.th[t - 1] === 'ready';
  const setTh = (st: St, t: number, state: St['th'][number]): St => ({ ...st, th: replaceAt(st.th, t - 1, state) });
  const setPc = (st: St, t: number, pc: Pc): St => ({ ...st, pc: replaceAt(st.pc, t - 1, pc) });
  /** The current thread blocks in `state`; the next runnable thread runs. */
  const block = (st: St, t: number, state: St['th'][number]): St => {
    const s2 = setTh(st, t, state);
    return { ...s2, sched: scheduleNext(s2.sched, runnable(s2)) };
  };
  const wake = (st: St, t: number): St => {
    const s2 = setTh(st, t, 'ready');
    return { ...s2, sched: makeReady(s2.sched, t) };
  };
  /** The server takes `msg` (from the queue or handed over). */
  const serverGets = (st: St, msg: Message): St => ({
    ...st,
    received: st.received + 1,
    ghost: isCallValue(msg.value) ? ghostReceived(st.ghost, CLIENT, SERVER) : st.ghost,
  });
  /** A message reaches the client's reply port: delivered if the client waits, else queued. */
  const toReplyPort = (st: St, msg: Message): St => {
    if (st.th[CLIENT - 1] === 'blockedReply') return wake({ ...st, ghost: ghostReply(st.ghost, CLIENT, msg.sender, msg.value) }, CLIENT);
    const q = enqueueMessage(st.replyPort, st.objects, msg, null);
    return { ...st, replyPort: q.queue, objects: q.objects };
  };
  /**
   * The kernel accepts the client's next message (room on the port, or exempt): handed to a
   * waiting server, else queued. An RPC then waits on the reply port (or takes a queued reply).
   * `running`: the client is the current thread (else it was blocked and is woken).
   */
  const accept = (st0: St, running: boolean): St => {
    const msg: Message = { sender: CLIENT, value: st0.sent };
    const call = isCallValue(msg.value);
    let st: St = { ...st0, sent: st0.sent + 1, ghost: call ? ghostCall(st0.ghost, CLIENT, msg.value) : st0.ghost };
    if (st.th[SERVER - 1] === 'blockedRecv') {
      st = wake(serverGets(st, msg), SERVER);
    } else {
      const q = enqueueMessage(st.port, st.objects, msg, limit, exempt);
      st = { ...st, port: q.queue, objects: q.objects };
    }
    if (call) {
      if (st.replyPort.length > 0) {
        const r = dequeueMessage(st.replyPort, st.objects);
        st = { ...st, replyPort: r.queue, objects: r.objects, ghost: ghostReply(st.ghost, CLIENT, r.msg.sender, r.msg.value) };
        return running ? st : wake(st, CLIENT);
      }
      return running ? block(st, CLIENT, 'blockedReply') : setTh(st, CLIENT, 'blockedReply');
    }
    return running ? st : wake(st, CLIENT);
  };
  const afterSend = (sent: number): Pc => (forever ? 'prepare' : sent < N ? 'prepare' : 'exit');

  const kernel = (st: St, t: number, kind: MachAction['kind']): St => {
    switch (kind) {
      case 'Send':
      case 'Call': {
        if (canEnqueue(st.port, limit, exempt) || st.th[SERVER - 1] === 'blockedRecv') return setPc(accept(st, true), t, afterSend(st.sent + 1));
        if (timeout) return setPc(st, t, 'exit'); // MACH_SEND_TIMED_OUT: the client gives up
        return block(setPc(st, t, afterSend(st.sent + 1)), t, 'blockedSend');
      }
      case 'Receive': {
        if (st.port.length === 0) return block(setPc(st, t, 'handle'), t, 'blockedRecv');
        const d = dequeueMessage(st.port, st.objects);
        const s2 = serverGets({ ...st, port: d.queue, objects: d.objects, pc: replaceAt(st.pc, t - 1, 'handle') }, d.msg);
        return s2.th[CLIENT - 1] === 'blockedSend' ? accept(s2, false) : s2;
      }
      case 'Reply':
        return setPc(toReplyPort(st, { sender: SERVER, value: N - 1 }), t, 'exit');
      case 'Forge':
        return setPc(toReplyPort(st, { sender: INTRUDER, value: 0 }), t, 'exit');
      case 'Exit':
        return block(setPc(st, t, 'done'), t, 'done');
      default:
        throw new Error(`machPorts: ${kind} is not a system call`);
    }
  };

  const tables = Array.from({ length: T }, (_, i) => [{ frame: i, write: true }]);
  const initPc: Pc[] = ['prepare', serverReceives ? 'recv' : 'exit', 'forge'].slice(0, T) as Pc[];
  const allDone = (st: St) => st.th.every((s) => s === 'done');

  return defineModel<St, MachAction>({
    name: `machPorts(messages=${N},qlimit=${qlimit},timeout=${timeout},server=${cfg.server},bug=${bug})`,
    config: { ...cfg },
    shape: machShape(T, V, portMax, objectsMax),
    init: () => [
      {
        hw: initialHw(tables),
        sched: { current: CLIENT, ready: Array.from({ length: T - 1 }, (_, i) => i + 2) },
        th: Array.from({ length: T }, () => 'ready' as const),
        pc: initPc,
        port: [],
        replyPort: [],
        objects: 0,
        sent: 0,
        received: 0,
        ghost: initialCallGhost(T),
      },
    ],
    actions: (st) => {
      const t = st.sched.current;
      if (t === 0) return [];
      if (st.hw.mode === 'kernel') return [{ kind: 'Return' }];
      const pc = st.pc[t - 1];
      const mine: MachAction[] = pc === 'done' ? [] : [{ kind: STEP[pc], t }];
      return withPreempt(st, runnable(st), mine);
    },
    next: (s0, a) => {
      const st: St = { ...s0, ghost: ghostStep(s0.ghost) };
      switch (a.kind) {
        case 'Return':
          return returnStep(st);
        case 'Preempt':
          return preemptStep(st, runnable(st));
        case 'Prepare':
          return { ...st, hw: userAccess(st.hw, a.t - 1, 0, 'write').hw, pc: replaceAt(st.pc, a.t - 1, isCallValue(st.sent) ? 'call' : 'send') };
        case 'Handle':
          return { ...st, hw: userAccess(st.hw, a.t - 1, 0, 'read').hw, pc: replaceAt(st.pc, a.t - 1, st.received === N ? 'reply' : 'recv') };
        default:
          return kernel({ ...st, hw: trap(st.hw) }, a.t, a.kind);
      }
    },
    withinBounds: forever ? (st) => st.objects <= K + 1 : undefined,
    showAction: (a) => ('t' in a ? `${a.kind}(${threadName(a.t)})` : a.kind),
    properties: [
      ...machineProperties(
        (st: St) => st.hw,
        (st: St) => st.sched.current,
      ),
      // FIFO as Mach promises it: nothing lost, duplicated or reordered.
      always('no message lost', (st: St) => st.port.length === st.sent - st.received && st.port.every((m, i) => m.sender === CLIENT && m.value === st.received + i)),
      replyCorrectness((st: St) => st.ghost, (request) => request),
      kernelMemoryBound((st: St) => st.objects, K, 'kernel message', 'kernel memory bounded'),
      deadlockFree({ validEnd: allDone }),
      neverStuck('no thread stuck forever', {
        threads: Array.from({ length: T }, (_, i) => threadName(i + 1)),
        blocked: (st: St, i) => st.th[i].startsWith('blocked'),
      }),
      sometimes('a message is received', (st: St) => st.received > 0),
      sometimes('the client blocks', (st: St) => st.th[CLIENT - 1] === 'blockedSend'),
    ],
  });
}
