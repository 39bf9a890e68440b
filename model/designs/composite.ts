/**
 * Composite, thread migration (spec card M11): a client's own thread runs the server component's
 * code. `sinv` pushes (component, return point) on the thread's invocation stack, switches the
 * page table in the kernel and jumps to the component's entry; `sret` pops the frame, restores the
 * caller's page table and instruction pointer and returns the value. A component needs no thread
 * per client and the kernel keeps no queue: the scheduling context travels with the thread, only
 * the execution context changes. Blocking inside a component goes through the user-level
 * scheduler's blockpoints; asynchronous sends (`asnd`) count on a `pending` counter that `arcv`
 * takes from.
 *
 * Sources: gwsystems/composite@2f77a25 `src/kernel/include/inv.h` (`sinv_call`: −EFAULT for a
 * dead component, −1 when the invocation stack is full, else push the saved ip and sp, update the
 * page table and jump to the entry; `sret_ret`: pop, 0xDEADDEAD on an empty stack, restore the page
 * table, sp and ip), `src/kernel/include/thd.h` (`struct invstk_entry`, `THD_INVSTK_MAXSZ = 16`;
 * `thd_rcvcap_pending_inc` and `_dec`), `doc/dev_manual/{01_intro,06_components}.md`.
 *
 * Abstractions: a component is the address space of the workload threads that serve a service,
 * its `sinv` capability the service, its entry the server thread's code after `serve` (the
 * framework lays it out in every thread's program, `model/compose`); a frame keeps the service
 * invoked (its component) and the return point, not sp or a protection domain. Arguments and the
 * return value are one register; a failed call's error code is not a message value, so the
 * register keeps its value. Those server threads become idle component threads, blocked for
 * ever in their `serve`, a valid end: no client needs them. The invocation stack's bound is a
 * design option (default 3, for model size) standing for `THD_INVSTK_MAXSZ = 16`. A blockpoint is
 * the workload's `lock`/`unlock` (the framework's user-level lock, not re-entrant under migration)
 * or `arcv`'s blocking receive. `asnd` carries no data (the receiver's register gets 1, one event);
 * the counter belongs to the workload object, not to a receiving thread's rcvcap; `arcv` takes one
 * event (the all-pending mode is not modelled); the counter stops at a model bound (default 3),
 * where `asnd` fails. `save` is a no-op: the caller to answer later is the thread's own frame. A
 * channel with a capacity (a user-level ring over blockpoints in Composite), one-way IPC on a
 * service, split calls and page faults to a handler are not modelled: n/a.
 *
 * Properties: the step invariants 'every invocation succeeds' (a `sinv` pushes a frame; F1 and
 * unbounded recursion fail it) and 'pending counters ≤ N' (no `asnd` meets the model's bound N,
 * where the model, not Composite, would lose the event; W1 F1's fan-out on a cycle fails it).
 * Three hold by construction, each restating the model's own rule, and are kept as checks of the
 * model against the card, not of Composite: INV-PENDING (nobody waits in `arcv` on a counter
 * above 0: `asnd` wakes a waiter before it counts, and `arcv` blocks only on 0); kernel memory 0
 * (a fixed stack and a counter: the measure counts only F2's frames past the bound, so outside
 * F2 it is 0 by definition); reply correctness (LIFO: a thread's own call counts as received by
 * the service's first server thread and is answered when its last frame is popped; only F4
 * breaks it), as the framework's monitor checks. Isolation sees every switch: a user step runs
 * in the space of the component on top of the stack.
 *
 * Seeded variants (card M11): F1 `stackDepth1` (a bound of 1: a nested invocation fails with −1;
 * 'every invocation succeeds' fails and kernel memory holds; recursion without a base case, the
 * workloads `mutualCalls` and `selfInvocation`, fails it at any bound); F2 `growableStack` (frames
 * past the bound are allocated, up to 8 more: kernel memory grows); F3 is a workload
 * (`componentLock`: a blockpoint lock held across a call that comes back, so the thread waits on
 * itself); F4 `sretToChosenTarget` (`sret` returns to a target the component chooses, fixed here
 * as the thread's first return point, popping every frame: reply correctness fails). F4 shows
 * only through the reply's sender: the reply is shown from the component of the frame popped
 * last, so it is caught where a nested call into another component returns, on `nestedServer`,
 * `componentLock`, `reentrantCalls` and `serverFailure`; it is invisible where every call is one
 * level deep (`rpcPool`, `deferredReply`, `strayMessage`, `callBack`, `eventCascade`,
 * `upcallPool`) and where the top frame's component is the first one's (`selfInvocation`, and
 * `mutualCalls` at the odd default depth 3). A target chosen among every frame is not modelled: a
 * call's effect is one kernel state, and the first return point is the one the reply monitor
 * sees wrong.
 */
import { int, oneOf, queue, record, array } from '../core/shape/index.js';
import { always } from '../../properties/always.js';
import { defineDesign, type Frame, type KernelEvent, type KernelState, type MachineView, type SyscallResult } from './design.js';

/**
 * One frame of an invocation stack: the service invoked (its component) and the caller's return point.
 *
 * @example
 * const f: InvocationFrame = { svc: 0, ip: 4 };
 */
export interface InvocationFrame {
  readonly svc: number;
  readonly ip: number;
}

/**
 * A thread's kernel state: running, blocked in `arcv` on an object, idle in a component for
 * ever, or done; the value last received; the invocation stack.
 *
 * @example
 * const t: CompositeThread = { state: 'running', on: 0, mr: 0, stack: [{ svc: 0, ip: 2 }] };
 */
export interface CompositeThread {
  readonly state: 'running' | 'blocked' | 'idle' | 'done';
  /** The object blocked on, 1-based; 0 for none. */
  readonly on: number;
  readonly mr: number;
  readonly stack: readonly InvocationFrame[];
}

/**
 * The kernel objects: per workload object, the `pending` counter of its asynchronous receive end.
 *
 * @example
 * const o: CompositeObjects = { pending: [0, 2] };
 */
export interface CompositeObjects {
  readonly pending: readonly number[];
}

/**
 * Composite's calls, on workload object `obj` (0-based) where they take one. `Idle` is a server
 * thread's `serve`: it parks the thread in its component for ever. `Keep` is `save`.
 *
 * @example
 * const c: CompositeCall = { kind: 'Sinv', obj: 0 };
 */
export type CompositeCall = { readonly kind: 'Sinv' | 'Asnd' | 'Arcv' | 'Idle'; readonly obj: number } | { readonly kind: 'Sret' | 'Keep' | 'Exit' };

/**
 * The design's options and seeded mutants.
 *
 * @example
 * const f1: CompositeOptions = { depth: 1 };
 */
export interface CompositeOptions {
  /** The invocation stack's bound (`THD_INVSTK_MAXSZ` is 16; small here for model size). Default 3. */
  readonly depth?: number;
  /** The model's bound on a `pending` counter. Default 3. */
  readonly pendingBound?: number;
  /** F2: frames past `depth` are allocated from kernel memory (up to 8 more, the model's allocator). */
  readonly growableStack?: boolean;
  /** F4: `sret` returns to the thread's first return point, which the component names, popping every frame. */
  readonly sretToChosenTarget?: boolean;
}

type K = KernelState<CompositeThread, CompositeObjects>;

/**
 * The Composite design, with the options and mutants `o` sets.
 *
 * @example
 * const m = compose(composite(), nestedServer.build(nestedServer.defaults));
 * const f4 = compose(composite({ sretToChosenTarget: true }), nestedServer.build(nestedServer.defaults));
 */
export function composite(o: CompositeOptions = {}) {
  const depth = o.depth ?? 3;
  const pendingBound = o.pendingBound ?? 3;
  if (!Number.isInteger(depth) || depth < 1) throw new RangeError(`composite: depth must be a whole number ≥ 1, not ${depth}`);
  if (!Number.isInteger(pendingBound) || pendingBound < 1) throw new RangeError(`composite: pendingBound must be a whole number ≥ 1, not ${pendingBound}`);
  // F2: the model's kernel allocator has room for 8 frames past the fixed array, enough for a growth witness.
  const limit = o.growableStack ? depth + 8 : depth;
  const marks = [o.depth !== undefined ? `depth ${depth}` : '', o.growableStack ? 'growableStack' : '', o.sretToChosenTarget ? 'sretToChosenTarget' : ''].filter((x) => x !== '');

  /** A working copy of the kernel during one call, and what the call shows. */
  class Work {
    tcb: CompositeThread[];
    pending: number[];
    woken: number[] = [];
    events: KernelEvent[] = [];
    resume: number | undefined;
    constructor(k: K) {
      this.tcb = k.threads.slice();
      this.pending = k.objects.pending.slice();
    }
    set(t: number, change: Partial<CompositeThread>) {
      this.tcb[t - 1] = { ...this.tcb[t - 1], ...change };
    }
    result(outcome: SyscallResult<K>['outcome']): SyscallResult<K> {
      return { kernel: { threads: this.tcb, objects: { pending: this.pending } }, outcome, woken: this.woken, events: this.events, ...(this.resume !== undefined ? { resume: this.resume } : {}) };
    }
  }
  const RETURNED = { kind: 'returned' } as const;
  /** The thread that stands for a service's component in the reply-correctness records: its first server thread. */
  const component = (f: Frame, svc: number) => f.objects[svc].servers[0];

  /**
   * `sinv` by `t` on service `obj`: a dead target (no handler: −EFAULT) or a full stack (−1) fails and the
   * thread goes on after the call; else the frame (obj, return point) is pushed, the argument
   * passes in the register and the thread jumps to the entry, in the component's page table.
   */
  function sinv(w: Work, t: number, obj: number, message: number, f: Frame, ip: number): void {
    const me = w.tcb[t - 1];
    const entry = f.entries?.[obj] ?? -1;
    const own = me.stack.length === 0;
    if (entry < 0 || me.stack.length >= limit) {
      const why = entry < 0 ? `sinv ${f.objects[obj].name}: no component, −EFAULT` : `sinv ${f.objects[obj].name}: invocation stack full, −1`;
      w.events.push(own ? { kind: 'error', thread: t, label: why } : { kind: 'note', thread: t, label: why });
      return;
    }
    w.set(t, { stack: [...me.stack, { svc: obj, ip }], mr: message });
    w.resume = entry;
    w.events.push(own ? { kind: 'transfer', what: 'request', from: t, to: component(f, obj), value: message } : { kind: 'note', thread: t, label: `sinv ${f.objects[obj].name}` });
  }

  /**
   * `sret` by `t`: pop the top frame (F4: every frame, to the first return point), restore the
   * caller's page table and return point, the value in the register. With no frame it fails (0xDEADDEAD).
   */
  function sret(w: Work, t: number, message: number, f: Frame): void {
    const me = w.tcb[t - 1];
    if (me.stack.length === 0) {
      w.events.push({ kind: 'note', thread: t, label: 'sret with no invocation: 0xDEADDEAD' });
      return;
    }
    const top = me.stack[me.stack.length - 1];
    const keep = o.sretToChosenTarget ? 0 : me.stack.length - 1;
    const back = me.stack[keep];
    w.set(t, { stack: me.stack.slice(0, keep), mr: message });
    w.resume = back.ip;
    w.events.push(keep === 0 ? { kind: 'transfer', what: 'reply', from: component(f, top.svc), to: t, value: message } : { kind: 'note', thread: t, label: `sret from ${f.objects[top.svc].name}` });
  }

  /** `asnd` on `obj`: the lowest-numbered thread waiting in `arcv` takes the event and runs; else `pending` counts it (at the model bound the send fails). */
  function asnd(w: Work, t: number, obj: number): void {
    const r = w.tcb.findIndex((x) => x.state === 'blocked' && x.on === obj + 1) + 1;
    if (r !== 0) {
      w.set(r, { state: 'running', on: 0, mr: 1 });
      w.woken.push(r);
      w.events.push({ kind: 'transfer', what: 'signal', from: t, to: r, value: 1 });
    } else if (w.pending[obj] < pendingBound) w.pending[obj]++;
    else w.events.push({ kind: 'note', thread: t, label: `asnd: pending at the model bound ${pendingBound}, −1` });
  }

  /** `arcv` on `obj`: take one pending event, or block at the receive end's blockpoint. */
  function arcv(w: Work, t: number, obj: number): boolean {
    if (w.pending[obj] > 0) {
      w.pending[obj]--;
      w.set(t, { mr: 1 });
      return false;
    }
    w.set(t, { state: 'blocked', on: obj + 1 });
    return true;
  }

  const syscall = (k: K, t: number, call: CompositeCall, message: number, f: Frame, machine?: MachineView): SyscallResult<K> => {
    const w = new Work(k);
    switch (call.kind) {
      // sinv: push, switch the page table, jump to the entry (or −1).
      case 'Sinv':
        if (machine?.ip === undefined) throw new Error('Sinv: the framework gave no return point (compose the design with thread migration)');
        sinv(w, t, call.obj, message, f, machine.ip);
        return w.result(RETURNED);
      // sret: pop and return to the caller.
      case 'Sret':
        sret(w, t, message, f);
        return w.result(RETURNED);
      // asnd never blocks.
      case 'Asnd':
        asnd(w, t, call.obj);
        return w.result(RETURNED);
      // arcv blocks while nothing is pending.
      case 'Arcv':
        return w.result(arcv(w, t, call.obj) ? { kind: 'blocked', on: 'arcv' } : RETURNED);
      // A server thread's serve: no request ever comes to it, it stays in its component.
      case 'Idle':
        w.set(t, { state: 'idle', on: call.obj + 1 });
        return w.result({ kind: 'blocked', on: 'idle in its component' });
      // save: the caller is already on the invocation stack.
      case 'Keep':
        return w.result(RETURNED);
      case 'Exit':
        w.set(t, { state: 'done' });
        return w.result({ kind: 'ended' });
    }
  };

  return defineDesign<CompositeThread, CompositeObjects, CompositeCall>({
    id: 'Composite',
    title: `Composite thread migration (M11)${marks.length > 0 ? ` [${marks.join(', ')}]` : ''}`,
    thread: (f) =>
      record({
        state: oneOf('running', 'blocked', 'idle', 'done'),
        on: int(0, f.objects.length),
        mr: int(0, Math.max(1, f.values - 1)),
        stack: queue(limit, record({ svc: int(0, Math.max(0, f.objects.length - 1)), ip: int(0, Math.max(0, (f.instructions ?? 1) - 1)) })),
      }),
    objects: (f) => record({ pending: array(f.objects.length, int(0, pendingBound)) }),
    init: (f) => ({
      threads: Array.from({ length: f.threads }, () => ({ state: 'running' as const, on: 0, mr: 0, stack: [] })),
      objects: { pending: f.objects.map(() => 0) },
    }),
    operation: (op, _t, f) => {
      const obj = 'obj' in op ? f.objects.findIndex((x) => x.name === op.obj) : -1;
      const kind = obj >= 0 ? f.objects[obj].kind : undefined;
      // A bounded channel is a user-level ring over blockpoints in Composite, which this model does not build.
      const counter = kind === 'event' || (kind === 'channel' && f.objects[obj].capacity === undefined);
      switch (op.op) {
        case 'rpc':
          return kind === 'service' ? { kind: 'Sinv', obj } : undefined;
        case 'serve':
          return kind === 'service' ? { kind: 'Idle', obj } : undefined;
        case 'reply':
        case 'replySaved':
          return { kind: 'Sret' };
        case 'replyServe':
          return kind === 'service' ? { kind: 'Sret' } : undefined;
        case 'save':
          return { kind: 'Keep' };
        case 'send':
        case 'signal':
          return counter ? { kind: 'Asnd', obj } : undefined;
        case 'receive':
        case 'wait':
          return counter ? { kind: 'Arcv', obj } : undefined;
        case 'exit':
          return { kind: 'Exit' };
        default:
          return undefined;
      }
    },
    syscall,
    userLevel: (c) => c.kind === 'Keep',
    runnable: (k, t) => k.threads[t - 1].state === 'running',
    ended: (k, t) => k.threads[t - 1].state === 'done',
    received: (k, t) => k.threads[t - 1].mr,
    // Frames past the fixed array (F2's growable stack) are allocated; a counter is not.
    memory: (k) => k.threads.reduce((n, x) => n + Math.max(0, x.stack.length - depth), 0),
    invariants: () => [
      always('INV-PENDING', (k: K) => k.threads.every((x) => x.state !== 'blocked' || k.objects.pending[x.on - 1] === 0)),
    ],
    stepInvariants: () => [
      { name: 'every invocation succeeds', holds: (before: K, call: CompositeCall | undefined, after: K) => call?.kind !== 'Sinv' || after.threads.some((x, i) => x.stack.length > before.threads[i].stack.length) },
      {
        name: `pending counters ≤ ${pendingBound}`,
        holds: (before: K, call: CompositeCall | undefined, after: K) =>
          call?.kind !== 'Asnd' || after.objects.pending[call.obj] > before.objects.pending[call.obj] || after.threads.some((x, i) => x.state === 'running' && before.threads[i].state === 'blocked'),
      },
    ],
    migration: { invoked: (k, t) => k.threads[t - 1].stack.at(-1)?.svc ?? -1 },
    label: (c, f) => ('obj' in c ? `${c.kind}(${f.objects[c.obj].name})` : c.kind),
  });
}
