/**
 * A server pool behind one endpoint, written by composing the building blocks: the README's
 * example of a new synchronous protocol in well under 150 lines. `clients` clients each Call the
 * endpoint once with a request value; `servers` servers loop on Recv, handle the request (the
 * answer echoes it) and ReplyRecv. The kernel is `model/kernel/sel4Ipc` (seL4 semantics), the
 * machine is `model/hw` (each thread in its own component, traps, page-table switch on return),
 * and the properties are the reusable ones.
 */
import { defineModel, type Model } from '../core/model.js';
import { replaceAt } from '../core/replaceAt.js';
import { array, oneOf, record, type Infer } from '../core/shape/index.js';
import { hwShape, initialHw, returnToUser, trap, userAccess } from '../hw/cpu.js';
import { initialSel4Kernel, runnableIn, sel4KernelShape, sel4Preempt, sel4Syscall, sel4UserStep, type Sel4Syscall } from '../kernel/sel4Ipc.js';
import { isBlocked } from '../kernel/tcb.js';
import { deadlockFree, neverStuck, sometimes } from '../../properties/index.js';
import { machineProperties } from '../hw/properties/index.js';
import { replyCorrectness } from '../kernel/properties/index.js';
import { serverPoolSymmetry } from './serverPoolSymmetry.js';

const PCS = ['prepare', 'call', 'exit', 'done', 'recv', 'handle', 'reply'] as const;
type Pc = (typeof PCS)[number];
/** The one action each program point allows (`prepare` allows one per request value; `done`, none). */
const STEP: Partial<Record<Pc, 'Handle' | 'Call' | 'Recv' | 'ReplyRecv' | 'Exit'>> = { call: 'Call', exit: 'Exit', recv: 'Recv', handle: 'Handle', reply: 'ReplyRecv' };

/**
 * A step of {@link serverPool}: a user step or system call of thread `t`, a timer interrupt, or the return to user mode.
 *
 * @example
 * const a: ServerPoolAction = { kind: 'Call', t: 1 };
 */
export type ServerPoolAction =
  | { readonly kind: 'Prepare'; readonly t: number; readonly v: number }
  | { readonly kind: 'Handle' | 'Call' | 'Recv' | 'ReplyRecv' | 'Exit'; readonly t: number }
  | { readonly kind: 'Preempt' | 'Return' };

/**
 * Configuration of {@link serverPool}.
 *
 * @example
 * const cfg: ServerPoolConfig = { clients: 3, servers: 2, values: 2 };
 */
export interface ServerPoolConfig {
  readonly clients: number;
  readonly servers: number;
  readonly values: number;
}

const poolShape = (T: number, P: number) => record({ hw: hwShape({ components: T, pages: 1, frames: T }), kernel: sel4KernelShape(T, 1, P), pc: array(T, oneOf(...PCS)) });

/**
 * A state of {@link serverPool}: the machine, the kernel and each thread's place in its program.
 *
 * @example
 * const s: ServerPoolState = serverPool().init()[0];
 */
export type ServerPoolState = Infer<ReturnType<typeof poolShape>>;

/**
 * The server pool model.
 *
 * @example
 * check(serverPool({ clients: 3, servers: 2 })).ok; // true
 */
export function serverPool(config: Partial<ServerPoolConfig> = {}): Model<ServerPoolState, ServerPoolAction> {
  const { clients: C, servers: S, values: P } = { clients: 2, servers: 2, values: 2, ...config };
  const T = C + S;
  const isServer = (t: number) => t > C;
  type St = ServerPoolState;
  const syscall = (st: St, t: number, call: Sel4Syscall, pc: Pc): St => ({ hw: trap(st.hw), kernel: sel4Syscall(st.kernel, t, call), pc: replaceAt(st.pc, t - 1, pc) });
  const userStep = (st: St, t: number, access: 'read' | 'write', pc: Pc, value?: number): St => ({
    hw: userAccess(st.hw, t - 1, 0, access).hw,
    kernel: sel4UserStep(st.kernel, t, value),
    pc: replaceAt(st.pc, t - 1, pc),
  });
  const EP = 1;

  return defineModel<St, ServerPoolAction>({
    name: `serverPool(clients=${C},servers=${S},values=${P})`,
    config: { clients: C, servers: S, values: P },
    shape: poolShape(T, P),
    symmetry: serverPoolSymmetry(C, S),
    init: () => [
      {
        hw: initialHw(Array.from({ length: T }, (_, i) => [{ frame: i, write: true }])),
        kernel: initialSel4Kernel(T, 1),
        pc: Array.from({ length: T }, (_, i): Pc => (isServer(i + 1) ? 'recv' : 'prepare')),
      },
    ],
    actions: (st) => {
      const t = st.kernel.sched.current;
      if (t === 0) return [];
      if (st.hw.mode === 'kernel') return [{ kind: 'Return' }];
      const pc = st.pc[t - 1];
      const kind = STEP[pc];
      const mine: ServerPoolAction[] = pc === 'prepare' ? Array.from({ length: P }, (_, v) => ({ kind: 'Prepare', t, v })) : kind ? [{ kind, t }] : [];
      return st.kernel.sched.ready.some(runnableIn(st.kernel)) ? [...mine, { kind: 'Preempt' }] : mine;
    },
    next: (st, a) => {
      switch (a.kind) {
        case 'Return':
          return { ...st, hw: returnToUser(st.hw, st.kernel.sched.current - 1), kernel: sel4UserStep(st.kernel, st.kernel.sched.current) };
        case 'Preempt':
          return { ...st, hw: trap(st.hw), kernel: sel4Preempt(st.kernel) };
        case 'Prepare':
          return userStep(st, a.t, 'write', 'call', a.v);
        case 'Handle':
          return userStep(st, a.t, 'read', 'reply');
        case 'Call':
          return syscall(st, a.t, { kind: 'Call', ep: EP }, 'exit');
        case 'Exit':
          return syscall(st, a.t, { kind: 'Exit' }, 'done');
        case 'Recv':
        case 'ReplyRecv':
          return syscall(st, a.t, { kind: a.kind, ep: EP }, 'handle');
      }
    },
    properties: [
      ...machineProperties(
        (st: St) => st.hw,
        (st: St) => st.kernel.sched.current,
      ),
      replyCorrectness((st: St) => st.kernel.ghost, (request) => request, { waiting: (st: St, t) => st.kernel.tcb[t - 1].state === 'blockedOnReply' }),
      deadlockFree({ validEnd: (st: St) => st.pc.every((pc, i) => isServer(i + 1) || pc === 'done') }),
      neverStuck('no client stuck forever', {
        threads: Array.from({ length: C }, (_, i) => `client ${i + 1}`),
        blocked: (st: St, i) => isBlocked(st.kernel.tcb[i]),
      }),
      sometimes('a call completes', (st: St) => st.kernel.ghost.delivered !== null),
    ],
  });
}
