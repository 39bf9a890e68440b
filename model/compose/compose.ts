/**
 * design × workload → Model: the framework that runs a workload's threads on one processor through
 * the hardware model (user steps through the MMU, system calls trap, returning to user mode loads
 * the next thread's page table, timer preemption, page faults) and hands every system call to the
 * design. The scheduler is the framework's: when a call blocks its caller, the first thread the
 * call woke runs at once (direct switch, as L4 and seL4 do), else the first runnable queued thread;
 * a call that returns queues the threads it woke.
 *
 * The composed model carries the generic properties (the design's invariants, reply correctness,
 * the run-queue invariant, the kernel-memory bound, isolation, privilege, kernel-mediated
 * transfer, deadlock freedom with the workload's valid ends, no watched thread stuck forever,
 * 'every call is answered' when a thread calls, and the workload's own invariants, liveness,
 * response bounds and witnesses), and draws every trace as a sequence chart from the design's
 * events.
 *
 * Fairness, for the liveness properties: weak fairness per thread. A thread that can run
 * (runnable in the design's sense, not waiting for a lock, not ended) from some point on
 * eventually takes a step of its program; the kernel's return to user mode, the timer interrupt
 * and timeouts belong to no thread and carry no promise. So a path may preempt any number of
 * times, but not so as to starve a runnable thread for ever, and a finite timeout may never fire
 * (the model has no clock). A thread the workload marks `fair: false` gets no promise either.
 *
 * Thread migration, for a design that declares it (`Design.migration`, Composite): an rpc runs the
 * service's handler, a copy of its server thread's code from after `serve`, on the caller's own
 * thread and in the service's address space; every thread's program is laid out as its own code
 * followed by those copies, so a position stays one instruction index and the design's invocation
 * stack keeps the return points.
 *
 * Symmetry, for `check(model, { symmetry: true })`: derived from the threads that run the same
 * program with the same parameters and renamed through the state shape's thread roles
 * (`./symmetry.ts`).
 */
import { defineModel, type Fairness, type Model } from '../core/model.js';
import { array, bool, int, oneOf, perThread, perThreadRecord, record, threadId, type Shape } from '../core/shape/index.js';
import type { SequenceEvent } from '../core/sequence.js';
import { hwShape, initialHw, returnToUser, trap, userAccess, type Hw } from '../hw/cpu.js';
import { mapPage, type PageTable } from '../hw/pageTable.js';
import { callGhostShape, ghostCall, ghostReceived, ghostReply, ghostStep, initialCallGhost, type CallGhost } from '../kernel/ghostCalls.js';
import { makeReady, preempt, runQueueOk, scheduleNext, schedulerShape, switchTo, type Scheduler } from '../kernel/scheduler.js';
import type { AnyDesign, Frame, KernelEvent, KernelState, MachineView, SyscallResult } from '../designs/design.js';
import { isUserOperation, operationLabel, type Operation } from '../workloads/program.js';
import type { WorkloadSpec, WorkloadView } from '../workloads/workload.js';
import { always, deadlockFree, leadsTo, leadsToEach, neverStuck, responseBound, sometimes, step } from '../../properties/index.js';
import type { Property } from '../../properties/property.js';
import { machineProperties } from '../hw/properties/index.js';
import { kernelMemoryBound, replyCorrectness } from '../kernel/properties/index.js';
import { compileProgram, loopInHandler, nextOperations, withHandlers, type CompiledProgram } from './compile.js';
import { composedSymmetry } from './symmetry.js';

export type { ComposedAction, ComposedState, ThreadPosition } from './composedState.js';
import type { ComposedAction, ComposedState } from './composedState.js';

/**
 * Options of the framework itself: hardware mutants, and the name the model shows.
 *
 * @example
 * const o: ComposeOptions = { hardware: 'noPageTableSwitch' };
 */
export interface ComposeOptions {
  /** `noPageTableSwitch`: returning to user mode keeps the previous thread's page table (isolation fails). */
  readonly hardware?: 'ok' | 'noPageTableSwitch';
  /**
   * `lazy`: L4's lazy scheduling, a thread that blocks stays in the run queue until the scheduler
   * reaches it (the run-queue invariant then only asks that every runnable thread be queued).
   */
  readonly scheduling?: 'strict' | 'lazy';
  /** `false`: no timer interrupt ever preempts a running thread (overrides the workload's setting). */
  readonly preemption?: boolean;
  /** Which variant of the design runs (a seeded mutant), shown in the model's name: `L4(mutant=finiteTimeouts) × …`. */
  readonly variant?: string;
}

/**
 * Why a design cannot run a workload: the operations it cannot express.
 *
 * @example
 * try { compose(l4(), notifyWorkload); } catch (e) { if (e instanceof NotExpressible) e.operations; }
 */
export class NotExpressible extends Error {
  constructor(readonly design: string, readonly workload: string, readonly operations: readonly string[]) {
    super(`${design} cannot express ${operations.join(', ')} of workload ${workload}`);
    this.name = 'NotExpressible';
  }
}

/**
 * The operations of `spec` that `design` cannot express (empty when it runs the workload).
 *
 * @example
 * inexpressible(l4(), signalWorkload); // ['signal ev', 'wait ev']
 */
export function inexpressible(design: AnyDesign, spec: WorkloadSpec): string[] {
  const { frame, own } = analysed(spec);
  const missing = new Set<string>();
  spec.threads.forEach((th, i) => {
    for (const x of own[i].code) {
      if (x.i === 'op' && !isUserOperation(x.op) && callOf(design, x.op, i + 1, frame) === undefined) missing.add(operationLabel(x.op));
    }
    if (th.faultHandler !== undefined && design.pageFault === undefined) missing.add('page faults to a handler');
  });
  // Under thread migration a handler's loop counter would be shared by nested invocations of it.
  if (design.migration !== undefined) {
    handlerSites(spec, own).forEach((h, k) => {
      if (h !== undefined && loopInHandler(own[h.server], h.serve + 1) >= 0) missing.add(`a bounded loop in the handler of ${spec.objects[k].name} (thread migration)`);
    });
  }
  return [...missing];
}

/**
 * The names of the design's own invariants (state and step), as the composed model of `spec` carries them.
 *
 * @example
 * designInvariantNames(sel4(), rpcPool.build(rpcPool.defaults)); // ['INV-EP', 'INV-SYM', 'INV-R', 'INV-NTFN', 'no signal lost']
 */
export function designInvariantNames(design: AnyDesign, spec: WorkloadSpec): string[] {
  const frame = frameOf(spec);
  return [...design.invariants(frame), ...(design.stepInvariants?.(frame) ?? [])].map((p) => p.name);
}

/**
 * A workload's frame and compiled programs, which do not depend on the design: computed once per
 * workload spec, so that asking every design whether it can run one workload (the registry does
 * it for every pair, in every process and worker thread that loads it) compiles its programs once.
 */
const analyses = new WeakMap<WorkloadSpec, { readonly frame: Frame; readonly own: readonly CompiledProgram[] }>();

/** The frame and compiled programs of `spec`, from {@link analyses}. */
function analysed(spec: WorkloadSpec): { readonly frame: Frame; readonly own: readonly CompiledProgram[] } {
  let a = analyses.get(spec);
  if (a === undefined) {
    a = { frame: frameOf(spec), own: spec.threads.map((t) => compileProgram(t.program, sharedNames(spec))) };
    analyses.set(spec, a);
  }
  return a;
}

/** The frame a design is built for. */
function frameOf(spec: WorkloadSpec): Frame {
  const names = spec.objects.map((o) => o.name);
  const servers = spec.objects.map(() => [] as number[]);
  const senders = spec.objects.map(() => [] as number[]);
  const note = (list: number[][], obj: string, t: number) => {
    const l = list[names.indexOf(obj)];
    if (l !== undefined && !l.includes(t)) l.push(t);
  };
  const shared = sharedNames(spec);
  spec.threads.forEach((th, i) => {
    for (const x of compileProgram(th.program, shared).code) {
      if (x.i !== 'op') continue;
      const op = x.op;
      if ('obj' in op && !names.includes(op.obj)) throw new RangeError(`workload ${spec.name}: thread '${th.name}' uses object '${op.obj}', which is not declared; declared: ${names.join(', ') || '(none)'}`);
      if (op.op === 'serve' || op.op === 'replyServe' || op.op === 'receive' || op.op === 'wait') note(servers, op.obj, i + 1);
      if (op.op === 'rpc' || op.op === 'send' || op.op === 'request' || op.op === 'signal') note(senders, op.obj, i + 1);
    }
    if (th.faultHandler !== undefined && !names.includes(th.faultHandler)) throw new RangeError(`workload ${spec.name}: thread '${th.name}' has fault handler '${th.faultHandler}', which is not a declared object`);
  });
  return {
    threads: spec.threads.length,
    values: spec.values,
    slots: spec.slots ?? 0,
    pages: spec.pages ?? 1,
    objects: spec.objects.map((o, k) => ({ ...o, servers: servers[k], senders: senders[k] })),
    threadNames: spec.threads.map((t) => t.name),
  };
}

/**
 * Thread migration's programs (see `withHandlers`): the handler of each service is the code of its
 * first server thread from after that thread's first `serve` of it.
 */
function migrationLayout(spec: WorkloadSpec, own: readonly CompiledProgram[]): { programs: CompiledProgram[]; entries: number[] } {
  const handlers: { server: number; serve: number; space: string }[] = [];
  const index = handlerSites(spec, own).map((h) => (h === undefined ? -1 : handlers.push({ ...h, space: spec.threads[h.server].space }) - 1));
  const { programs, entries } = withHandlers(own, handlers);
  return { programs, entries: index.map((k) => (k < 0 ? -1 : entries[k])) };
}

/** Per workload object, where its handler is: the service's first server thread (0-based) and the instruction of its first `serve` of it. */
function handlerSites(spec: WorkloadSpec, own: readonly CompiledProgram[]): ({ server: number; serve: number } | undefined)[] {
  return frameOf(spec).objects.map((o) => {
    const server = o.kind === 'service' && o.servers.length > 0 ? o.servers[0] - 1 : -1;
    const at = server < 0 ? -1 : own[server].code.findIndex((x) => x.i === 'op' && x.op.op === 'serve' && x.op.obj === o.name);
    return at < 0 ? undefined : { server, serve: at };
  });
}

/** The number of bits set in `x`. */
function popcount(x: number): number {
  let n = 0;
  for (let v = x; v !== 0; v &= v - 1) n++;
  return n;
}

/** The names of a workload's shared counters. */
function sharedNames(spec: WorkloadSpec): string[] {
  return (spec.shared ?? []).map((c) => c.name);
}

/** The design's call for an operation, native ones passed through. */
function callOf(design: AnyDesign, op: Operation, t: number, frame: Frame): { readonly kind: string } | undefined {
  if (op.op === 'native') return op.calls[design.id];
  // A request is a send unless the design has a call of its own for it.
  if (op.op === 'request') return design.operation(op, t, frame) ?? design.operation({ op: 'send', obj: op.obj }, t, frame);
  return design.operation(op, t, frame);
}

/**
 * The model of `workload` running on `design`. Throws {@link NotExpressible} when the design
 * cannot express one of the workload's operations.
 *
 * @example
 * const m = compose(sel4(), rpcPool.build({ clients: 2, servers: 1, rounds: 1, values: 2 }));
 * check(m).verdicts['reply correctness'].status; // 'holds'
 */
export function compose(design: AnyDesign, spec: WorkloadSpec, options: ComposeOptions = {}): Model<ComposedState, ComposedAction> {
  const missing = inexpressible(design, spec);
  if (missing.length > 0) throw new NotExpressible(design.id, spec.name, missing);
  const migration = design.migration;
  const T = spec.threads.length;
  const V = spec.values;
  const P = spec.pages ?? 1;
  const L = spec.locks ?? 0;
  const names = spec.threads.map((t) => t.name);
  if (new Set(names).size !== T) throw new RangeError(`workload ${spec.name}: thread names must be distinct`);
  const sharedList = spec.shared ?? [];
  const own: CompiledProgram[] = spec.threads.map((t) => compileProgram(t.program, sharedNames(spec)));
  // Thread migration: every thread's program also holds a copy of each service's handler, which an rpc enters on the caller's own thread.
  const migrated = migration === undefined ? undefined : migrationLayout(spec, own);
  const programs: CompiledProgram[] = migrated?.programs ?? own;
  const frame: Frame = migrated === undefined ? frameOf(spec) : { ...frameOf(spec), entries: migrated.entries, instructions: programs[0].code.length };
  const labelIndex = programs.map((p) => new Map(p.labels.map((l, k) => [l, k])));
  const spaces = [...new Set(spec.threads.map((t) => t.space))];
  const spaceOf = spec.threads.map((t) => spaces.indexOf(t.space)); // by thread index
  const calls = programs.map((p, i) => p.code.map((x) => (x.i === 'op' && !isUserOperation(x.op) ? callOf(design, x.op, i + 1, frame) : undefined)));
  const objectIndex = (name: string) => spec.objects.findIndex((o) => o.name === name);
  const sharedIndex = (name: string) => {
    const k = sharedList.findIndex((c) => c.name === name);
    if (k < 0) throw new RangeError(`workload ${spec.name}: no shared counter '${name}'; declared: ${sharedList.map((c) => c.name).join(', ') || '(none)'}`);
    return k;
  };
  const faultObject = spec.threads.map((t) => (t.faultHandler === undefined ? -1 : objectIndex(t.faultHandler)));
  const watched = spec.threads.map((t, i) => t.watch ?? programs[i].finite);
  const pcOf = (s: ComposedState, t: number) => labelIndex[t - 1].get(s.threads[names[t - 1]].at)!;
  /** The address space whose code thread `t` runs: its own, or under thread migration that of the service on top of its invocation stack (HW2). */
  const codeSpace = (s: ComposedState, t: number): number => {
    const top = migration === undefined ? -1 : migration.invoked(s.kernel, t);
    return top < 0 ? spaceOf[t - 1] : spaceOf[frame.objects[top].servers[0] - 1];
  };

  const tables: PageTable[] = spaces.map((sp, c) =>
    Array.from({ length: P }, (_, p) => (spec.unmapped?.some((u) => u.space === sp && u.page === p) ? null : { frame: c * P + p, write: true })),
  );

  const shape = record({
    threads: perThreadRecord(
      Object.fromEntries(
        spec.threads.map((th, i) => [
          th.name,
          record({ at: oneOf(...programs[i].labels), msg: int(0, V - 1), loops: array(programs[i].counters.length, int(0, Math.max(1, ...programs[i].counters))) }),
        ]),
      ),
    ),
    sched: schedulerShape(T),
    kernel: record({ threads: perThread(T, design.thread(frame)), objects: design.objects(frame) }),
    locks: array(L, threadId(T)),
    lockWaiting: perThread(L > 0 ? T : 0, bool()),
    shared: array(sharedList.length, int(0, Math.max(1, ...sharedList.map((c) => c.max)))),
    ghost: callGhostShape(T, V),
    hw: hwShape({ components: spaces.length, pages: P, frames: spaces.length * P }),
  }) as unknown as Shape<ComposedState>;

  // ---- who can run -----------------------------------------------------------------------------
  /** The lock a thread tried and waits for, or -1. */
  const lockWait = (s: ComposedState, t: number): number => {
    if (L === 0 || !s.lockWaiting[t - 1]) return -1;
    const x = programs[t - 1].code[pcOf(s, t)];
    return x.i === 'op' && x.op.op === 'lock' ? x.op.lock : -1;
  };
  const runnableIn = (s: ComposedState, k: KernelState<unknown, unknown> = s.kernel) => (t: number) => design.runnable(k, t) && lockWait(s, t) < 0;
  const blocked = (s: ComposedState, t: number) => !design.ended(s.kernel, t) && !runnableIn(s)(t);

  // ---- actions ---------------------------------------------------------------------------------
  const opActions = programs.map((p, i) =>
    p.code.map((x, at): ComposedAction[] => {
      if (x.i !== 'op') return [];
      if (x.op.op === 'prepare') return Array.from({ length: V }, (_, v) => ({ kind: 'prepare', t: i + 1, at, v }));
      return [{ kind: x.op.op, t: i + 1, at }];
    }),
  );
  const RETURN: ComposedAction = { kind: 'Return' };
  const PREEMPT: ComposedAction = { kind: 'Preempt' };
  const TIMEOUT = Array.from({ length: T + 1 }, (_, t): ComposedAction => ({ kind: 'Timeout', t }));
  const preemption = options.preemption ?? spec.preemption ?? true;

  const actions = (s: ComposedState): ComposedAction[] => {
    const out: ComposedAction[] = [];
    const cur = s.sched.current;
    if (s.hw.mode === 'kernel') {
      if (cur !== 0) out.push(RETURN);
    } else if (cur !== 0) {
      const pos = s.threads[names[cur - 1]];
      const routes = nextOperations(programs[cur - 1], pcOf(s, cur), pos.loops, design.received(s.kernel, cur), s.shared);
      for (let i = 0; i < routes.length; i++) {
        // The same operation reached again with other loop counters (a choice inside a bounded loop) is a step of its own.
        let route = 0;
        for (let j = 0; j < i; j++) if (routes[j].at === routes[i].at) route++;
        for (const act of opActions[cur - 1][routes[i].at]) out.push(route === 0 ? act : { ...(act as Extract<ComposedAction, { at: number }>), route });
      }
      if (preemption && s.sched.ready.some(runnableIn(s))) out.push(PREEMPT);
    }
    if (design.expirable !== undefined && (s.hw.mode === 'user' || cur === 0)) for (const t of design.expirable(s.kernel)) out.push(TIMEOUT[t]);
    return out;
  };

  // ---- steps -----------------------------------------------------------------------------------
  const position = (s: ComposedState, t: number, pc: number, loops: readonly number[], msg = s.threads[names[t - 1]].msg) => ({
    ...s.threads,
    [names[t - 1]]: { at: programs[t - 1].labels[pc], msg, loops },
  });

  /** The ghost records and hardware after the kernel's events: requests received, replies delivered, failed calls, pages mapped. */
  const afterEvents = (ghost: CallGhost, hw: Hw, events: readonly KernelEvent[]): { ghost: CallGhost; hw: Hw } => {
    for (const e of events) {
      if (e.kind === 'error') {
        if (ghost.pending[e.thread - 1] !== null) ghost = { pending: ghost.pending.map((p, i) => (i === e.thread - 1 ? null : p)), delivered: ghost.delivered };
        continue;
      }
      if (e.kind !== 'transfer') continue;
      if (e.what === 'request') ghost = ghostReceived(ghost, e.from, e.to);
      else if (e.what === 'reply') ghost = ghostReply(ghost, e.to, e.from, e.value);
      // A message reaching a thread whose request a server has taken is that thread's reply (L4: any message in the receive phase of a call).
      else if (e.what === 'message' && ghost.pending[e.to - 1] !== null && ghost.pending[e.to - 1]!.server !== 0) ghost = ghostReply(ghost, e.to, e.from, e.value);
      else if (e.what === 'faultReply') {
        const c = spaceOf[(e.space ?? e.to) - 1];
        hw = { ...hw, tables: hw.tables.map((tb, i) => (i === c ? mapPage(tb, e.value, { frame: c * P + e.value, write: true }) : tb)) };
      }
    }
    return { ghost, hw };
  };

  const lazy = options.scheduling === 'lazy';
  /** The scheduler once the current thread stopped: under lazy scheduling it stays queued (as if queued while it ran). */
  const dropCurrent = (sched: Scheduler): Scheduler =>
    lazy && sched.current !== 0 && !sched.ready.includes(sched.current) ? { current: 0, ready: [...sched.ready, sched.current] } : { current: 0, ready: sched.ready };
  /** The scheduler after a kernel step by the current thread `t` with result `r`: if `t` cannot go on, its first woken partner runs (direct switch), else the first runnable queued thread. */
  const reschedule = (s: ComposedState, t: number, r: SyscallResult<KernelState<unknown, unknown>>): Scheduler => {
    const runnable = runnableIn(s, r.kernel);
    // A call may also stop threads other than the caller (seL4 MCS: Suspend, a reply deleted under a server): strict scheduling drops them from the queue.
    let sched = lazy ? s.sched : { current: s.sched.current, ready: s.sched.ready.every(runnable) ? s.sched.ready : s.sched.ready.filter(runnable) };
    if (!runnable(t)) {
      const partner = r.woken.find(runnable);
      sched = partner !== undefined ? switchTo(sched, partner, lazy) : scheduleNext(dropCurrent(sched), runnable);
      for (const w of r.woken) if (w !== sched.current && runnable(w)) sched = makeReady(sched, w);
    } else {
      for (const w of r.woken) if (runnable(w)) sched = makeReady(sched, w);
    }
    return sched;
  };

  /** A kernel step for thread `t`: trap (unless the call runs at user level and `t` goes on), the design's result, events, rescheduling, the thread's new position. */
  const kernelStep = (s: ComposedState, t: number, r: SyscallResult<KernelState<unknown, unknown>>, threads: ComposedState['threads'], ghost: CallGhost, userLevel = false): ComposedState => {
    const st = { ...s, threads };
    const goesOn = runnableIn(st, r.kernel)(t);
    const ev = afterEvents(ghost, userLevel && goesOn ? s.hw : trap(s.hw), r.events);
    return { threads, sched: reschedule(st, t, r), kernel: r.kernel, locks: s.locks, lockWaiting: s.lockWaiting, shared: s.shared, ghost: ev.ghost, hw: ev.hw };
  };
  /** What a system call may read of the machine. */
  const machineOf = (s: ComposedState, ip?: number): MachineView => ({ mapped: (thread, page) => s.hw.tables[spaceOf[thread - 1]][page] !== null, ...(ip !== undefined ? { ip } : {}) });

  const faultStep = (s: ComposedState, t: number, page: number, threads: ComposedState['threads']): ComposedState => {
    if (faultObject[t - 1] < 0) throw new Error(`${names[t - 1]} faulted on page ${page} and has no fault handler: give it one (faultHandler) or map the page`);
    const r = design.pageFault!(s.kernel, t, page, frame, faultObject[t - 1]);
    checkMidOperation(r, t, true);
    return kernelStep(s, t, r, threads, ghostStep(s.ghost));
  };
  /**
   * The at-rest test needs to know where a thread that cannot run is stopped: a thread kept at its
   * instruction (a call that `continues`, a faulted access: `stays`) must be one the design's
   * `midOperation` names, and one that blocked in a call (its position past it) must not be.
   */
  const checkMidOperation = (r: SyscallResult<KernelState<unknown, unknown>>, t: number, stays: boolean) => {
    if (design.runnable(r.kernel, t) || r.outcome.kind === 'ended') return;
    const mid = design.midOperation?.(r.kernel, t) ?? false;
    if (stays && !mid) throw new Error(`${design.id}: ${names[t - 1]} cannot run and stays at its instruction (${r.outcome.kind === 'continues' ? 'a call that continues' : 'a fault'}), but the design's midOperation does not say so: the at-rest test would take it for a server waiting after its last receive`);
    if (!stays && r.outcome.kind === 'blocked' && mid) throw new Error(`${design.id}: ${names[t - 1]} blocked in its call (its position past it), but the design's midOperation says it is stopped inside the instruction at its position`);
  };

  const next = (s: ComposedState, a: ComposedAction): ComposedState => {
    switch (a.kind) {
      case 'Return': {
        const t = s.sched.current;
        const hw = returnToUser(s.hw, options.hardware === 'noPageTableSwitch' ? s.hw.ptbr : codeSpace(s, t));
        return { ...s, hw, ghost: ghostStep(s.ghost) };
      }
      case 'Preempt':
        return { ...s, hw: trap(s.hw), sched: preempt(s.sched, runnableIn(s)), ghost: ghostStep(s.ghost) };
      case 'Timeout': {
        const r = design.expire!(s.kernel, a.t, frame);
        const ev = afterEvents(ghostStep(s.ghost), trap(s.hw), r.events);
        let sched = s.sched;
        const runnable = runnableIn(s, r.kernel);
        for (const w of r.woken) if (runnable(w)) sched = makeReady(sched, w);
        if (sched.current === 0) sched = scheduleNext(sched, runnable);
        return { ...s, sched, kernel: r.kernel, ghost: ev.ghost, hw: ev.hw };
      }
      default:
        return operationStep(s, a);
    }
  };

  const operationStep = (s: ComposedState, a: Extract<ComposedAction, { at: number }>): ComposedState => {
    const t = a.t;
    const me = s.threads[names[t - 1]];
    const route = nextOperations(programs[t - 1], pcOf(s, t), me.loops, design.received(s.kernel, t), s.shared).filter((n) => n.at === a.at)[a.route ?? 0];
    if (route === undefined) throw new Error(`${names[t - 1]} cannot run instruction ${a.at} from ${me.at}`);
    const x = programs[t - 1].code[a.at];
    if (x.i !== 'op') throw new Error(`instruction ${a.at} of ${names[t - 1]} is not an operation`);
    const op = x.op;
    const after = a.at + 1;
    const ghost = ghostStep(s.ghost);
    const space = codeSpace(s, t);
    switch (op.op) {
      case 'prepare':
      case 'set':
      case 'answer': {
        // The thread writes its message buffer (page 0) through the MMU.
        const acc = userAccess(s.hw, space, 0, 'write');
        if ('fault' in acc.translation) return faultStep(s, t, 0, position(s, t, a.at, route.counters));
        const msg = op.op === 'prepare' ? a.v! : op.op === 'set' ? op.value : design.received(s.kernel, t) % V;
        return { ...s, threads: position(s, t, after, route.counters, msg), hw: acc.hw, ghost };
      }
      case 'add':
      case 'take': {
        // Shared memory: the thread writes the shared buffer (modelled as its page 0) through the MMU.
        const acc = userAccess(s.hw, space, 0, 'write');
        if ('fault' in acc.translation) return faultStep(s, t, 0, position(s, t, a.at, route.counters));
        const shared = s.shared.slice();
        if (op.op === 'add') {
          const c = sharedIndex(op.counter);
          if (shared[c] >= sharedList[c].max) throw new Error(`shared counter '${op.counter}' would pass its declared max ${sharedList[c].max}`);
          shared[c]++;
        } else {
          const from = sharedIndex(op.from);
          const to = sharedIndex(op.to);
          const want = op.how === 'one' ? 1 : op.how === 'all' ? shared[from] : popcount(design.received(s.kernel, t));
          const n = Math.min(want, shared[from]);
          shared[from] -= n;
          shared[to] = Math.min(shared[to] + n, sharedList[to].max);
        }
        return { ...s, threads: position(s, t, after, route.counters), shared, hw: acc.hw, ghost };
      }
      case 'touch': {
        const acc = userAccess(s.hw, space, op.page, op.access);
        if ('fault' in acc.translation) return faultStep(s, t, op.page, position(s, t, a.at, route.counters));
        return { ...s, threads: position(s, t, after, route.counters), hw: acc.hw, ghost };
      }
      case 'lock': {
        const holder = s.locks[op.lock];
        // Under thread migration the lock is a blockpoint of the user-level scheduler, which is not re-entrant: a thread that holds it waits on itself.
        if (holder === 0 || (holder === t && migration === undefined)) {
          const locks = s.locks.slice();
          locks[op.lock] = t;
          return { ...s, threads: position(s, t, after, route.counters), locks, ghost };
        }
        // Held by another thread: block at the lock (a blockpoint, a kernel call) until it is released.
        const lockWaiting = s.lockWaiting.slice();
        lockWaiting[t - 1] = true;
        const st = { ...s, threads: position(s, t, a.at, route.counters), lockWaiting };
        return { ...st, hw: trap(s.hw), sched: scheduleNext({ current: 0, ready: s.sched.ready.filter((u) => u !== t) }, runnableIn(st)), ghost };
      }
      case 'unlock': {
        // Release the lock and wake every thread waiting for it; they try it again when they run.
        const locks = s.locks.slice();
        locks[op.lock] = 0;
        const lockWaiting = s.lockWaiting.slice();
        const woken: number[] = [];
        for (let u = 1; u <= T; u++) if (lockWait(s, u) === op.lock) (lockWaiting[u - 1] = false), woken.push(u);
        const st = { ...s, threads: position(s, t, after, route.counters), locks, lockWaiting };
        let sched = s.sched;
        for (const u of woken) if (runnableIn(st)(u)) sched = makeReady(sched, u);
        return { ...st, sched, ghost };
      }
      default: {
        const call = calls[t - 1][a.at]!;
        const r = design.syscall(s.kernel, t, call, me.msg, frame, machineOf(s, after));
        // An rpc's (or a request's) call is recorded at its first phase (under thread migration, only the thread's own call, not those it makes inside a component).
        const own = migration === undefined || migration.invoked(s.kernel, t) < 0;
        const g = (op.op === 'rpc' || op.op === 'request') && ghost.pending[t - 1] === null && own ? ghostCall(ghost, t, me.msg) : ghost;
        checkMidOperation(r, t, r.outcome.kind === 'continues');
        const pc = r.outcome.kind === 'continues' ? a.at : (r.resume ?? after);
        return kernelStep(s, t, r, position(s, t, pc, route.counters), g, design.userLevel?.(call) ?? false);
      }
    }
  };

  // ---- properties ------------------------------------------------------------------------------
  /**
   * Whether blocked thread `t` rests: an endless program waiting in the receive-type operation
   * right before its position (an idle server). A thread stopped inside the instruction at its
   * position is not waiting in the one before it, whatever that was: one that waits for a lock, or
   * one the design says is inside an operation (asleep in a call that continues, as a ring send
   * waiting for room; in the fault of a user access; held from running).
   */
  const atRest = (s: ComposedState, t: number): boolean => {
    if (lockWait(s, t) >= 0 || (design.midOperation?.(s.kernel, t) ?? false)) return false;
    const prev = programs[t - 1].code[pcOf(s, t) - 1];
    return prev !== undefined && prev.i === 'op' && prev.rest;
  };
  const validEnd = (s: ComposedState): boolean => {
    for (let t = 1; t <= T; t++) {
      if (design.ended(s.kernel, t)) continue;
      if (runnableIn(s)(t) || !atRest(s, t)) return false;
    }
    return true;
  };
  const view: WorkloadView = {
    replied: (s) => (s as ComposedState).ghost.delivered !== null,
    finished: (s, n) => design.ended((s as ComposedState).kernel, names.indexOf(n) + 1),
    received: (s, n) => design.received((s as ComposedState).kernel, names.indexOf(n) + 1),
    blocked: (s, n) => blocked(s as ComposedState, names.indexOf(n) + 1),
    message: (s, n) => (s as ComposedState).threads[n].msg,
    shared: (s, c) => (s as ComposedState).shared[sharedIndex(c)],
    memory: (s) => design.memory((s as ComposedState).kernel),
    calling: (s, n) => (s as ComposedState).ghost.pending[names.indexOf(n)] !== null,
  };
  /** Whether thread `t` is at an rpc or request operation (not yet past it). */
  const atCall = (s: ComposedState, t: number) => {
    const x = programs[t - 1].code[pcOf(s, t)];
    return x.i === 'op' && (x.op.op === 'rpc' || x.op.op === 'request');
  };
  // Under thread migration a thread in its call runs (the service's code): it is in its call while its invocation stack holds a frame.
  const inCall = (s: ComposedState, t: number) => s.ghost.pending[t - 1] !== null && (migration === undefined ? !runnableIn(s)(t) : migration.invoked(s.kernel, t) >= 0);
  const watchedIds = names.map((_, i) => i).filter((i) => watched[i]);
  // The threads that make calls: 'every call is answered' watches each of them.
  const callers = names.map((_, i) => i).filter((i) => own[i].code.some((x) => x.i === 'op' && (x.op.op === 'rpc' || x.op.op === 'request')));
  /** Which steps a response bound counts. */
  const counted = (unit: 'steps' | 'operations' | 'kernel entries' = 'steps') => (s: ComposedState, a: ComposedAction, t: ComposedState): boolean =>
    unit === 'steps' || (unit === 'operations' ? 'at' in a : a.kind === 'Preempt' || a.kind === 'Timeout' || (s.hw.mode === 'user' && t.hw.mode === 'kernel'));

  const properties: Property<ComposedState, ComposedAction>[] = [
    ...design.invariants(frame).map((p) => always(p.name, (s: ComposedState) => p.holds(s.kernel))),
    ...(design.stepInvariants?.(frame) ?? []).map((p) =>
      step(p.name, (s: ComposedState, a: ComposedAction, t: ComposedState) => p.holds(s.kernel, 'at' in a ? calls[a.t - 1][a.at] : undefined, t.kernel)),
    ),
    replyCorrectness((s: ComposedState) => s.ghost, (request) => request, {
      waiting: (s: ComposedState, th) => inCall(s, th),
      // Resumed without a reply: its program moved past the call (a call still in its phases is not resumed).
      resumed: (s: ComposedState, t: ComposedState, th) => inCall(s, th) && !inCall(t, th) && t.ghost.pending[th - 1] !== null && !atCall(t, th),
    }),
    always('run queue', (s: ComposedState) => runQueueOk(s.sched, T, runnableIn(s), lazy)),
    kernelMemoryBound((s: ComposedState) => design.memory(s.kernel), spec.memoryBound ?? 0),
    ...machineProperties(
      (s: ComposedState) => s.hw,
      // Under thread migration the running component changes with the invocation stack as well as with the thread.
      (s: ComposedState) => (migration === undefined || s.sched.current === 0 ? s.sched.current : s.sched.current * (spaces.length + 1) + codeSpace(s, s.sched.current) + 1),
    ),
    deadlockFree({ validEnd }),
    ...(watchedIds.length > 0
      ? [neverStuck(spec.stuckName ?? 'no client stuck forever', { threads: watchedIds.map((i) => names[i]), blocked: (s: ComposedState, k: number) => blocked(s, watchedIds[k] + 1) && !atRest(s, watchedIds[k] + 1) })]
      : []),
    ...(callers.length > 0
      ? [leadsToEach('every call is answered', callers.map((i) => names[i]), (s: ComposedState, k: number) => s.ghost.pending[callers[k]] !== null, (s: ComposedState, k: number) => s.ghost.pending[callers[k]] === null)]
      : []),
    ...(spec.invariants ?? []).map((p) => always(p.name, (s: ComposedState) => p.holds(view, s))),
    ...(spec.liveness ?? []).map((l) => leadsTo(l.name, (s: ComposedState) => l.p(view, s), (s: ComposedState) => l.q(view, s))),
    ...(spec.responseBounds ?? []).map((r) => responseBound(r.name, (s: ComposedState) => r.request(view, s), (s: ComposedState) => r.response(view, s), counted(r.unit))),
    ...[spec.witness, ...(spec.witnesses ?? [])].map((w) => sometimes(w.name, (s: ComposedState) => w.holds(view, s))),
  ];

  // ---- traces ----------------------------------------------------------------------------------
  const showAction = (a: ComposedAction): string => {
    switch (a.kind) {
      case 'Return':
      case 'Preempt':
        return a.kind;
      case 'Timeout':
        return `Timeout(${names[a.t - 1]})`;
      default: {
        const x = programs[a.t - 1].code[a.at];
        const call = calls[a.t - 1][a.at];
        const what = call !== undefined ? design.label(call, frame) : x.i === 'op' ? operationLabel(x.op) : '?';
        return `${what}${a.v !== undefined ? ` ${a.v}` : ''} (${names[a.t - 1]})`;
      }
    }
  };
  // Lanes side by side per address space (threads of one space together), in order of first appearance.
  const laneOrder = names.map((_, i) => i).sort((x, y) => spaceOf[x] - spaceOf[y] || x - y);
  const laneOf = names.map((_, i) => laneOrder.indexOf(i));
  const events = (s: ComposedState, a: ComposedAction, t: ComposedState): SequenceEvent[] => {
    const out: SequenceEvent[] = [];
    if (a.kind === 'Return') out.push({ kind: 'mark', lane: laneOf[t.sched.current - 1], label: 'return to user', mark: 'note' });
    else if (a.kind === 'Preempt') out.push({ kind: 'mark', lane: laneOf[s.sched.current - 1], label: 'timer interrupt', mark: 'kernel' });
    else if (a.kind === 'Timeout') out.push({ kind: 'mark', lane: laneOf[a.t - 1], label: 'timeout', mark: 'kernel' });
    else {
      const call = calls[a.t - 1][a.at];
      const userOp = call === undefined || (design.userLevel?.(call) ?? false);
      if (call === undefined && s.hw.mode === 'user' && t.hw.mode === 'kernel' && t.threads[names[a.t - 1]].at === s.threads[names[a.t - 1]].at && lockWait(t, a.t) < 0) {
        out.push({ kind: 'mark', lane: laneOf[a.t - 1], label: 'page fault', mark: 'fault' });
      } else out.push({ kind: 'mark', lane: laneOf[a.t - 1], label: showAction(a).replace(/ \([^)]*\)$/, ''), mark: userOp ? 'note' : 'kernel' });
    }
    for (const e of kernelEvents(s, a, t)) {
      if (e.kind === 'transfer') out.push({ kind: 'message', from: laneOf[e.from - 1], to: laneOf[e.to - 1], label: `${e.what} ${e.value}` });
      else out.push({ kind: 'mark', lane: laneOf[e.thread - 1], label: e.label, mark: 'note' });
    }
    for (let u = 1; u <= T; u++) {
      const was = blocked(s, u);
      const now = blocked(t, u);
      if (now && !was) out.push({ kind: 'mark', lane: laneOf[u - 1], label: 'blocked', mark: 'block' });
      if (!now && was) out.push({ kind: 'mark', lane: laneOf[u - 1], label: 'unblocked', mark: 'unblock' });
    }
    return out;
  };
  /** The design's events of a step, recomputed (they are not kept in the state). */
  const kernelEvents = (s: ComposedState, a: ComposedAction, t: ComposedState): readonly KernelEvent[] => {
    if (a.kind === 'Return' || a.kind === 'Preempt') return [];
    if (a.kind === 'Timeout') return design.expire!(s.kernel, a.t, frame).events;
    const call = calls[a.t - 1][a.at];
    if (call !== undefined) return design.syscall(s.kernel, a.t, call, s.threads[names[a.t - 1]].msg, frame, machineOf(s, a.at + 1)).events;
    if (s.hw.mode === 'user' && t.hw.mode === 'kernel' && design.pageFault !== undefined && lockWait(t, a.t) < 0) {
      const x = programs[a.t - 1].code[a.at];
      const page = x.i === 'op' && x.op.op === 'touch' ? x.op.page : 0;
      return faultObject[a.t - 1] < 0 ? [] : design.pageFault(s.kernel, a.t, page, frame, faultObject[a.t - 1]).events;
    }
    return [];
  };

  // ---- fairness -------------------------------------------------------------------------------
  // Weak fairness per thread: a thread that can run (runnable, not ended; without preemption, the
  // running thread only) from some point on eventually takes a step of its program. The kernel's return to user mode, the timer interrupt
  // and timeouts belong to no thread: a path may preempt any number of times, but not so as to
  // starve a runnable thread for ever. Threads the workload marks `fair: false` get no promise.
  const fairness: Fairness<ComposedState, ComposedAction> = {
    groups: spec.threads.map((th) => ({ name: th.name, kind: th.fair === false ? 'none' : 'weak' })),
    groupOf: (_s, a) => ('at' in a ? a.t - 1 : -1),
    enabled: (s) => {
      // Without preemption a ready thread cannot get the processor while another runs: only the
      // running thread is enabled, so a thread that never blocks may starve the rest (a real path).
      if (!preemption) return s.sched.current !== 0 && runnableIn(s)(s.sched.current) ? [s.sched.current - 1] : [];
      const out: number[] = [];
      for (let t = 1; t <= T; t++) if (!design.ended(s.kernel, t) && runnableIn(s)(t)) out.push(t - 1);
      return out;
    },
  };

  const initKernel = design.init(frame);
  const init: ComposedState = {
    threads: Object.fromEntries(spec.threads.map((th, i) => [th.name, { at: programs[i].labels[0], msg: th.message ?? 0, loops: programs[i].counters.map(() => 0) }])),
    sched: { current: 1, ready: Array.from({ length: T - 1 }, (_, i) => i + 2) },
    kernel: initKernel,
    locks: Array.from({ length: L }, () => 0),
    lockWaiting: Array.from({ length: L > 0 ? T : 0 }, () => false),
    shared: sharedList.map(() => 0),
    ghost: initialCallGhost(T),
    hw: initialHw(tables, spaceOf[0]),
  };

  // Threads that run the same program with the same parameters, alike in their address spaces, may be interchangeable (see ./symmetry.ts).
  const symmetryKeys = spec.threads.map((th, i) =>
    JSON.stringify([
      programs[i].code,
      programs[i].labels,
      programs[i].counters,
      calls[i],
      th.message ?? 0,
      th.fair !== false,
      watched[i],
      faultObject[i],
      (spec.unmapped ?? []).filter((u) => u.space === th.space).map((u) => u.page).sort((x, y) => x - y),
    ]),
  );
  const symmetry = composedSymmetry({ names, keys: symmetryKeys, spaceOf, pages: P, shape, init, actions, next, properties, override: spec.symmetry });

  return defineModel<ComposedState, ComposedAction>({
    name: `${design.id}${options.variant !== undefined ? `(${options.variant})` : ''} × ${spec.name}${lazy ? ' [lazy]' : ''}${options.preemption === false ? ' [no preemption]' : ''}${options.hardware === 'noPageTableSwitch' ? ' [noPageTableSwitch]' : ''}`,
    shape,
    init: () => [init],
    actions,
    next,
    showAction,
    sequence: { lanes: laneOrder.map((i) => ({ name: names[i], group: `space ${spec.threads[i].space}` })), events },
    properties,
    fairness,
    ...(symmetry !== undefined ? { symmetry } : {}),
  });
}
