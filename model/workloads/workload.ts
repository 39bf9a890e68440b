/**
 * A workload: the threads of a scenario, the address spaces they run in, the kernel objects they
 * use and their programs, with the witness that the scenario does what it is for. A workload is
 * design-neutral: `model/compose` runs it on any design that can express its operations.
 */
import type { Config, ConfigValue } from '../core/model.js';
import type { ObjectKind } from '../designs/design.js';
import type { ProgramStep } from './program.js';

/**
 * One thread of a workload.
 *
 * @example
 * const client: ThreadSpec = { name: 'client 1', space: 'A', program: [prepare(), rpc('svc')] };
 */
export interface ThreadSpec {
  readonly name: string;
  /** The address space (component) it runs in; threads naming the same space share its page table. */
  readonly space: string;
  readonly program: readonly ProgramStep[];
  /** Whether 'no client stuck forever' watches it; by default the threads whose program ends. */
  readonly watch?: boolean;
  /** The value in its message register at boot (default 0): a badge, a fixed request. */
  readonly message?: number;
  /** The `faults` object its page faults are reported to, where it has a fault handler. */
  readonly faultHandler?: string;
  /**
   * Whether the scheduler treats it fairly (weak fairness: while it can run, it eventually runs);
   * default true. `false` makes it part of the environment, with no promise: a device that may
   * never fire, a client that may never call.
   */
  readonly fair?: boolean;
}

/**
 * A kernel object a workload uses.
 *
 * @example
 * const svc: ObjectSpec = { name: 'svc', kind: 'service' };
 */
export interface ObjectSpec {
  readonly name: string;
  readonly kind: ObjectKind;
  /** A bound on what it may hold (a queue limit), where the workload sets one. */
  readonly capacity?: number;
}

/**
 * What a workload's witness and extra properties may read of a composed state.
 *
 * @example
 * const witness = { name: 'a call completes', holds: (v: WorkloadView, s: unknown) => v.replied(s) };
 */
export interface WorkloadView {
  /** A reply was delivered in the step that reached `s`. */
  replied(s: unknown): boolean;
  /** Whether `thread`'s program has ended. */
  finished(s: unknown, thread: string): boolean;
  /** The value in `thread`'s message register as the kernel left it. */
  received(s: unknown, thread: string): number;
  /** Whether `thread` is blocked (not runnable and not finished). */
  blocked(s: unknown, thread: string): boolean;
  /** The value `thread`'s program last wrote into its message register. */
  message(s: unknown, thread: string): number;
  /** The value of shared counter `counter`. */
  shared(s: unknown, counter: string): number;
  /** The kernel-memory measure. */
  memory(s: unknown): number;
  /** Whether `thread` has a call (an rpc or request) outstanding: made and not yet answered. */
  calling(s: unknown, thread: string): boolean;
}

/**
 * A workload at one configuration: everything the framework needs to build a model.
 *
 * @example
 * const spec: WorkloadSpec = { name: 'rpc(clients=1)', threads, objects: [{ name: 'svc', kind: 'service' }], values: 2, witness };
 */
export interface WorkloadSpec {
  /** The name with its configuration, as model names show it. */
  readonly name: string;
  readonly threads: readonly ThreadSpec[];
  readonly objects: readonly ObjectSpec[];
  /** Message values 0..values-1. */
  readonly values: number;
  /** Saved-caller slots per thread (for `save` and `replySaved`). */
  readonly slots?: number;
  /** Counters in memory the threads share (items in a shared buffer), each from 0 to `max`. */
  readonly shared?: readonly { readonly name: string; readonly max: number }[];
  /** User-level locks. */
  readonly locks?: number;
  /** Pages per address space; page 0 is the thread's message buffer. Default 1. */
  readonly pages?: number;
  /** Pages not mapped at boot. */
  readonly unmapped?: readonly { readonly space: string; readonly page: number }[];
  /** The kernel-memory bound checked ('kernel memory ≤ K'); default 0. */
  readonly memoryBound?: number;
  /** Whether a timer interrupt may preempt a running thread; default true. */
  readonly preemption?: boolean;
  /** The `sometimes` property that shows the workload is not vacuous. */
  readonly witness: { readonly name: string; readonly holds: (view: WorkloadView, s: unknown) => boolean };
  /** More `sometimes` properties: other situations the workload is meant to reach. */
  readonly witnesses?: readonly { readonly name: string; readonly holds: (view: WorkloadView, s: unknown) => boolean }[];
  /** Invariants of the workload's own, checked in every reachable state. */
  readonly invariants?: readonly { readonly name: string; readonly holds: (view: WorkloadView, s: unknown) => boolean }[];
  /** The name of the neverStuck property; default 'no client stuck forever'. */
  readonly stuckName?: string;
  /**
   * The interchangeable threads for symmetry reduction, as groups of thread names; `false` for
   * none. Default: derived by the framework (threads running the same program with the same
   * parameters, kept where renaming them commutes with the design's steps).
   */
  readonly symmetry?: readonly (readonly string[])[] | false;
  /** Leads-to properties of the workload's own (`p ~> q` under the scheduler's fairness), such as message delivery. */
  readonly liveness?: readonly { readonly name: string; readonly p: (view: WorkloadView, s: unknown) => boolean; readonly q: (view: WorkloadView, s: unknown) => boolean }[];
  /**
   * Worst-case response times to report (`responseBound` under the scheduler's fairness): from a
   * state where `request` holds to the first where `response` holds, counting every step, the
   * threads' operations only (not the kernel's return to user mode, a timer interrupt or a
   * timeout), or the steps that enter the kernel (system calls, faults, interrupts, timeouts).
   */
  readonly responseBounds?: readonly {
    readonly name: string;
    readonly request: (view: WorkloadView, s: unknown) => boolean;
    readonly response: (view: WorkloadView, s: unknown) => boolean;
    readonly unit?: 'steps' | 'operations' | 'kernel entries';
  }[];
}

/**
 * A workload parameter a user may set with `--set key=value`.
 *
 * @example
 * const clients: WorkloadParam = { type: 'int', min: 1, max: 4, doc: 'client threads' };
 */
export type WorkloadParam =
  | { readonly type: 'int'; readonly min: number; readonly max: number; readonly doc: string }
  | { readonly type: 'bool'; readonly doc: string }
  | { readonly type: 'enum'; readonly values: readonly string[]; readonly doc: string };

/**
 * A workload: its parameters and defaults, and how it is built at a configuration.
 *
 * @example
 * export const rpcPool = defineWorkload({ id: 'rpcPool', title: 'clients calling a pool of servers', params, defaults, build: (c) => ({ … }) });
 */
export interface Workload {
  readonly id: string;
  readonly title: string;
  readonly params: Readonly<Record<string, WorkloadParam>>;
  readonly defaults: Readonly<Record<string, ConfigValue>>;
  readonly build: (config: Config) => WorkloadSpec;
}

/**
 * Identity helper that types a workload.
 *
 * @example
 * export const mine = defineWorkload({ id: 'mine', title: '…', params: {}, defaults: {}, build: () => spec });
 */
export function defineWorkload(workload: Workload): Workload {
  return workload;
}
