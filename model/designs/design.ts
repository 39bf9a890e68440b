/**
 * The interface of an IPC design: a kernel, written the way seL4's executable specification
 * writes one. A design declares the state it adds (per thread and per kernel object, as shapes),
 * its initial state, the system calls it offers (a typed union), what each call does, which threads
 * it can run, its kernel-memory measure, its own invariants and the events each step shows on a
 * sequence chart. It knows nothing of hardware, scheduling or thread programs: the framework
 * (`model/compose`) runs the threads of a workload on the hardware model and calls the design for
 * every system call, so that one workload runs on every design.
 */
import type { Shape } from '../core/shape/index.js';
import type { Always } from '../../properties/property.js';
import type { Operation } from '../workloads/program.js';

/**
 * What a workload asks of a kernel object: a service that takes requests (an seL4 endpoint, a
 * Mach port, the server threads themselves in L4), an event source threads signal and wait on
 * (a notification, an event channel), a channel of one-way messages (a pipe, a port, a ring), or
 * the object page faults are reported to (a fault endpoint, a pager).
 *
 * @example
 * const kind: ObjectKind = 'service';
 */
export type ObjectKind = 'service' | 'event' | 'channel' | 'faults';

/**
 * One kernel object a workload names, with the threads that serve it (receive its requests,
 * messages, events or faults).
 *
 * @example
 * const svc: FrameObject = { name: 'svc', kind: 'service', servers: [3], senders: [1, 2] };
 */
export interface FrameObject {
  readonly name: string;
  readonly kind: ObjectKind;
  /** Thread ids (1-based) that receive on this object. */
  readonly servers: readonly number[];
  /** Thread ids (1-based) that send, call or signal to this object (L4's closed receive waits for them). */
  readonly senders: readonly number[];
  /** A bound on what the object may hold (queue length), where the workload sets one. */
  readonly capacity?: number;
}

/**
 * What a design is built for: the workload's threads (ids 1..threads), its objects (indices
 * 0..objects.length-1, in the workload's order), message values 0..values-1 and the number of
 * saved-caller slots per thread.
 *
 * @example
 * const frame: Frame = { threads: 3, values: 2, slots: 0, pages: 1, objects: [{ name: 'svc', kind: 'service', servers: [3], senders: [1, 2] }], threadNames: ['c1', 'c2', 's'] };
 */
export interface Frame {
  readonly threads: number;
  readonly values: number;
  readonly slots: number;
  /** Pages per address space (page 0 is each thread's message buffer). */
  readonly pages: number;
  readonly objects: readonly FrameObject[];
  /** For labels: the name of thread id t is `threadNames[t - 1]`. */
  readonly threadNames: readonly string[];
  /**
   * Under thread migration ({@link Migration}) only: per object, the instruction where its
   * handler starts in every thread's program (−1 for none), and the number of instructions of each
   * program (every thread's program has the same layout, so an instruction pointer means the same
   * code on every thread).
   */
  readonly entries?: readonly number[];
  readonly instructions?: number;
}

/**
 * What one kernel step shows: a transfer between threads (a request a server receives, a reply
 * a caller receives, a one-way message, a signal, a fault message) or a note on one thread's
 * lane. Transfers of kind `request` and `reply` also feed the reply-correctness monitor: the
 * framework records who received each call and checks every reply against it.
 *
 * @example
 * const e: KernelEvent = { kind: 'transfer', what: 'reply', from: 3, to: 1, value: 0 };
 */
export type KernelEvent =
  | {
      readonly kind: 'transfer';
      readonly what: 'request' | 'reply' | 'message' | 'signal' | 'fault' | 'faultReply';
      readonly from: number;
      readonly to: number;
      readonly value: number;
      /** `faultReply`: the thread whose address space gets page `value` mapped (default `to`). */
      readonly space?: number;
    }
  | { readonly kind: 'note'; readonly thread: number; readonly label: string }
  /** A call of `thread` failed (a timeout, a full queue, a broken pipe): an outstanding RPC ends without a reply. */
  | { readonly kind: 'error'; readonly thread: number; readonly label: string };

/**
 * How a system call ends for the calling thread: it returned (possibly with an error it sees),
 * it blocked (on what, for the chart), or its program ended.
 *
 * @example
 * const o: Outcome = { kind: 'blocked', on: 'reply' };
 */
export type Outcome =
  | { readonly kind: 'returned' }
  | { readonly kind: 'blocked'; readonly on: string }
  | { readonly kind: 'ended' }
  /**
   * The operation is not finished: the thread stays at it and its next step calls `syscall` again
   * with the same call (the design keeps the phase in its per-thread state). Long IPC copies page
   * by page this way, Fiasco's preemptible IPC runs in phases, and a ring protocol writes the slot,
   * then publishes it, then notifies. Whether the thread may take its next phase at once is
   * `runnable`: a design that makes it wait for a partner (a pager's reply) blocks it there.
   */
  | { readonly kind: 'continues' };

/**
 * What a system call may read of the machine besides the kernel's own state: whether a page is
 * mapped in a thread's address space (long IPC copies through the page tables and faults where a
 * page is not).
 *
 * @example
 * if (!env.mapped(client, 1)) return pageFaultInsideIpc(k, client, 1);
 */
export interface MachineView {
  mapped(thread: number, page: number): boolean;
  /** The user instruction pointer the trap saved: the instruction after the call (thread migration saves it as the return point). */
  readonly ip?: number;
}

/**
 * The kernel after one system call: its new state, the caller's outcome, the threads the call
 * made runnable (the first is the direct-switch target when the caller blocks, as L4 and seL4
 * switch to the partner at once) and what the step shows.
 *
 * @example
 * const r: SyscallResult<K> = { kernel: k2, outcome: { kind: 'returned' }, woken: [3], events: [] };
 */
export interface SyscallResult<K> {
  readonly kernel: K;
  readonly outcome: Outcome;
  readonly woken: readonly number[];
  readonly events: readonly KernelEvent[];
  /**
   * The user instruction pointer the kernel returns the caller to, when it is not the instruction
   * after the call: thread migration's invocation jumps to a handler's entry and its return
   * restores the saved return point.
   */
  readonly resume?: number;
}

/**
 * Thread migration (Composite, card M11): an `rpc` runs the service's handler on the caller's own
 * thread, in the service's address space. The framework then lays out every thread's program as
 * its own code followed by a copy of each service's handler (the server thread's code from after
 * its `serve`), gives the design each handler's entry (`Frame.entries`) and the return point
 * (`MachineView.ip`), and continues the caller where the design's result says (`resume`). User
 * steps run in, and the return to user mode loads the page table of, the address space of the
 * service on top of the thread's invocation stack (card §1 HW2). A thread is in its call while its
 * invocation stack holds a frame (reply correctness); only its own call, made with an empty stack,
 * is recorded as a call. Handlers are shared code: one that runs a bounded loop before it returns
 * is inexpressible (its counter would be shared by nested invocations). A user-level lock is not
 * re-entrant under migration: a thread that holds it and takes it again, in a nested invocation,
 * waits on itself.
 *
 * @example
 * const m: Migration<Tcb, Objects> = { invoked: (k, t) => k.threads[t - 1].stack.at(-1)?.svc ?? -1 };
 */
export interface Migration<T, O> {
  /** The workload object (a service) whose handler thread `t` runs now, the top of its invocation stack; −1 when it runs its own code. */
  readonly invoked: (k: KernelState<T, O>, t: number) => number;
}

/**
 * A design's kernel state: one record per thread and the kernel objects.
 *
 * @example
 * const k: KernelState<Tcb, Objects> = { threads: [tcb1, tcb2], objects: { eps: [IDLE] } };
 */
export interface KernelState<T, O> {
  readonly threads: readonly T[];
  readonly objects: O;
}

/**
 * An IPC design. `T` is the per-thread kernel state (a TCB), `O` the kernel objects, `C` the
 * system calls (a union on `kind`).
 *
 * The calls are total on the states a workload can reach; an impossible case throws an `Error`
 * naming it, which the checker reports as a model error with the trace that led there.
 *
 * @example
 * const k0 = sel4().init(frame);
 * const r = sel4().syscall(k0, 1, { kind: 'Call', obj: 0 }, 1, frame); // r.outcome: { kind: 'blocked', on: 'blockedOnSend' }
 */
export interface Design<T, O, C extends { readonly kind: string }> {
  /** Short identifier, used on the command line and in the matrix (`seL4`, `L4`, `Mach`). */
  readonly id: string;
  /** What the design is, with its spec card: `seL4 endpoints, non-MCS (M3)`. */
  readonly title: string;
  /** The shape of one thread's kernel state. */
  readonly thread: (f: Frame) => Shape<T>;
  /** The shape of the kernel objects. */
  readonly objects: (f: Frame) => Shape<O>;
  /** The kernel at boot: every thread runnable, every object empty. */
  readonly init: (f: Frame) => KernelState<T, O>;
  /**
   * The design's own call for a design-neutral operation by thread `t`, or `undefined` when the
   * design cannot express it (the matrix then shows n/a). Design-specific calls reach the design
   * through `native` operations and are passed through as they are.
   */
  readonly operation: (op: Operation, t: number, f: Frame) => C | undefined;
  /** What system call `call` by thread `t` (the running one) does; `message` is the value in its message register. */
  readonly syscall: (k: KernelState<T, O>, t: number, call: C, message: number, f: Frame, machine?: MachineView) => SyscallResult<KernelState<T, O>>;
  /**
   * Whether `call` runs in user mode (a library operation on shared memory, such as writing a ring
   * slot) rather than trapping into the kernel. Default: every call traps.
   */
  readonly userLevel?: (call: C) => boolean;
  /** Whether thread `t` can run (is not blocked in the kernel and has not ended). */
  readonly runnable: (k: KernelState<T, O>, t: number) => boolean;
  /**
   * Whether thread `t`, which cannot run, is stopped inside the instruction at its program
   * position rather than blocked in the call before it: asleep inside a call that returned
   * `continues` (a ring send waiting for room, a pipe write in phases, a send phase of a two-phase
   * IPC, a call parked for retry), in the fault of a user access (waiting for its handler), or held
   * from running although its last call finished. The framework's at-rest test (an endless program
   * blocked right after a receive is an idle server: a valid end, not a stuck client) asks it, so
   * that a thread asleep in a send is not taken for a server waiting for work. Required of every
   * design whose calls can leave their caller unrunnable with `continues`, or that has `pageFault`:
   * the framework checks it at every such step and reports a model error when it is missing or
   * wrong. Default: never.
   */
  readonly midOperation?: (k: KernelState<T, O>, t: number) => boolean;
  /** Whether thread `t`'s program has ended in the kernel's eyes (it made the exit call). */
  readonly ended: (k: KernelState<T, O>, t: number) => boolean;
  /** The value the last transfer to `t` left in its message register. */
  readonly received: (k: KernelState<T, O>, t: number) => number;
  /** Dynamically allocated kernel objects (messages, continuations, stack frames): the kernel-memory measure. */
  readonly memory: (k: KernelState<T, O>) => number;
  /** The design's own invariants over its kernel state (seL4: l4v's INV-EP, INV-SYM, INV-R). */
  readonly invariants: (f: Frame) => readonly Always<KernelState<T, O>>[];
  /**
   * The design's transition invariants: `holds(before, call, after)` for every step, `call` the
   * design call the step made (undefined for user steps, returns, interrupts). seL4: a Signal
   * either wakes a waiter or leaves the notification Active.
   */
  readonly stepInvariants?: (f: Frame) => readonly { readonly name: string; readonly holds: (before: KernelState<T, O>, call: C | undefined, after: KernelState<T, O>) => boolean }[];
  /**
   * A user access by `t` to `page` faulted: the kernel's fault path (a fault message to the
   * thread's fault handler, the workload object `handler`). `undefined` when the design has no user-level fault handling.
   */
  readonly pageFault?: (k: KernelState<T, O>, t: number, page: number, f: Frame, handler: number) => SyscallResult<KernelState<T, O>>;
  /** Threads blocked with a finite timeout, whose expiry the environment may choose now. */
  readonly expirable?: (k: KernelState<T, O>) => readonly number[];
  /** The timeout of blocked thread `t` fires. */
  readonly expire?: (k: KernelState<T, O>, t: number, f: Frame) => SyscallResult<KernelState<T, O>>;
  /** How a call is shown in traces: `Call(svc)`. */
  readonly label: (call: C, f: Frame) => string;
  /** Thread migration, for a design whose calls run on the caller's thread (Composite); absent for the others. */
  readonly migration?: Migration<T, O>;
}

/**
 * A design of any state and call types, as the registry and the matrix hold them.
 *
 * @example
 * const designs: AnyDesign[] = [sel4(), l4()];
 */
export type AnyDesign = Design<any, any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/**
 * Identity helper that gives a design literal its types.
 *
 * @example
 * export const myKernel = defineDesign<Tcb, Objects, Call>({ id: 'mine', title: '…', … });
 */
export function defineDesign<T, O, C extends { readonly kind: string }>(design: Design<T, O, C>): Design<T, O, C> {
  return design;
}
