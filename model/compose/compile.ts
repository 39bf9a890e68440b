/**
 * Compiles a thread's program into a flat list of instructions with jumps, the form the composed
 * model steps through: `pc` is an index into it and each bounded loop keeps one counter.
 */
import { operationLabel, type Operation, type ProgramStep } from '../workloads/program.js';

/**
 * One compiled instruction. Only `op` instructions are steps of the model; the control
 * instructions are followed at once when the thread is next scheduled.
 *
 * @example
 * const i: Instruction = { i: 'op', op: { op: 'rpc', obj: 'svc' }, rest: false };
 */
export type Instruction =
  | { readonly i: 'op'; readonly op: Operation; /** A receive in an endless program: blocked right after it is a valid end. */ readonly rest: boolean }
  | { readonly i: 'loop'; readonly counter: number; readonly times: number; readonly exit: number }
  | { readonly i: 'jump'; readonly to: number }
  | { readonly i: 'choose'; readonly targets: readonly number[] }
  | { readonly i: 'branch'; readonly value: number; readonly otherwise: number }
  | { readonly i: 'until'; readonly counter: number; readonly value: number; readonly exit: number }
  | { readonly i: 'end' };

/**
 * A compiled program: its instructions, their labels (`3: rpc svc`), and the largest value of
 * each loop counter.
 *
 * @example
 * const p = compileProgram([prepare(), rpc('svc')]); // p.labels: ['0: prepare', '1: rpc svc', '2: exit', '3: end']
 */
export interface CompiledProgram {
  readonly code: readonly Instruction[];
  readonly labels: readonly string[];
  readonly counters: readonly number[];
  /** Whether the program can end (it has no endless loop on every path). */
  readonly finite: boolean;
}

const RECEIVES = new Set(['serve', 'replyServe', 'receive', 'wait']);

/**
 * Compiles `program`; a program that can run off its end gets an `exit` operation there.
 *
 * @example
 * compileProgram([forever(serve('svc'), answer(), reply())]).finite; // false
 */
export function compileProgram(program: readonly ProgramStep[], shared: readonly string[] = []): CompiledProgram {
  const code: Instruction[] = [];
  const counters: number[] = [];
  const emit = (x: Instruction) => code.push(x) - 1;
  const patch = (at: number, x: Instruction) => (code[at] = x);
  const block = (steps: readonly ProgramStep[]): void => {
    for (const st of steps) {
      if ('op' in st) {
        emit({ i: 'op', op: st, rest: false });
        continue;
      }
      switch (st.ctl) {
        case 'repeat': {
          const counter = counters.push(st.times) - 1;
          const head = emit({ i: 'end' });
          block(st.body);
          emit({ i: 'jump', to: head });
          patch(head, { i: 'loop', counter, times: st.times, exit: code.length });
          break;
        }
        case 'forever': {
          const head = code.length;
          block(st.body);
          emit({ i: 'jump', to: head });
          break;
        }
        case 'choose': {
          const at = emit({ i: 'end' });
          const starts: number[] = [];
          const ends: number[] = [];
          for (const alt of st.alternatives) {
            starts.push(code.length);
            block(alt);
            ends.push(emit({ i: 'end' }));
          }
          patch(at, { i: 'choose', targets: starts });
          for (const e of ends) patch(e, { i: 'jump', to: code.length });
          break;
        }
        case 'until': {
          const counter = shared.indexOf(st.counter);
          if (counter < 0) throw new RangeError(`until('${st.counter}', …): no shared counter '${st.counter}'; declared: ${shared.join(', ') || '(none)'}`);
          const head = emit({ i: 'end' });
          block(st.body);
          emit({ i: 'jump', to: head });
          patch(head, { i: 'until', counter, value: st.value, exit: code.length });
          break;
        }
        case 'ifReceived': {
          const at = emit({ i: 'end' });
          block(st.then);
          const skip = emit({ i: 'end' });
          patch(at, { i: 'branch', value: st.value, otherwise: code.length });
          block(st.else);
          patch(skip, { i: 'jump', to: code.length });
          break;
        }
      }
    }
  };
  block(program);
  const finite = canReach(code, code.length);
  if (finite) emit({ i: 'op', op: { op: 'exit' }, rest: false });
  // In an endless program (a server), waiting to receive is where it may rest for ever.
  else for (let k = 0; k < code.length; k++) {
    const x = code[k];
    if (x.i === 'op' && RECEIVES.has(x.op.op)) code[k] = { i: 'op', op: x.op, rest: true };
  }
  emit({ i: 'end' });
  const labels = code.map((x, k) => `${k}: ${x.i === 'op' ? operationLabel(x.op) : x.i}`);
  return { code, labels, counters, finite };
}

/** Whether control can flow from instruction 0 to `target`. */
function canReach(code: readonly Instruction[], target: number): boolean {
  const seen = new Set<number>();
  const todo = [0];
  while (todo.length > 0) {
    const k = todo.pop()!;
    if (k === target) return true;
    if (seen.has(k) || k > code.length) continue;
    seen.add(k);
    const x = code[k];
    if (x === undefined) continue;
    todo.push(...followers(x, k));
  }
  return false;
}

/**
 * Where a thread at `pc` can go next without running an operation: the `op` instructions it
 * reaches, each with the loop counters on the way there (each pair once). Several when a `choose`
 * lies between; the same operation may come more than once with different counters (a choice
 * inside a bounded loop), and each is a step of its own.
 *
 * @example
 * nextOperations(p, 0, [0], 0); // [{ at: 1, counters: [1] }]
 */
export function nextOperations(p: CompiledProgram, pc: number, counters: readonly number[], received: number, shared: readonly number[] = []): { readonly at: number; readonly counters: readonly number[] }[] {
  const out: { at: number; counters: readonly number[] }[] = [];
  const found = new Set<string>();
  // The control instructions on the path being followed, with their counters: meeting one again
  // means a loop that runs no operation.
  const onPath = new Set<string>();
  const walk = (k: number, cs: readonly number[]): void => {
    const key = `${k}:${cs.join(',')}`;
    const x = p.code[k];
    if (x.i === 'op') {
      // Two paths through a choice may reach the same operation with the same counters: one step.
      if (!found.has(key)) {
        found.add(key);
        out.push({ at: k, counters: cs });
      }
      return;
    }
    if (onPath.has(key)) throw new Error(`a program loops without an operation at instruction ${k}: give every loop at least one operation`);
    onPath.add(key);
    switch (x.i) {
      case 'loop': {
        const n = cs[x.counter];
        const next = cs.slice();
        next[x.counter] = n < x.times ? n + 1 : 0;
        walk(n < x.times ? k + 1 : x.exit, next);
        break;
      }
      case 'jump':
        walk(x.to, cs);
        break;
      case 'choose':
        for (const t of x.targets) walk(t, cs);
        break;
      case 'branch':
        walk(received === x.value ? k + 1 : x.otherwise, cs);
        break;
      case 'until':
        walk(shared[x.counter] === x.value ? x.exit : k + 1, cs);
        break;
      case 'end':
        break;
    }
    onPath.delete(key);
  };
  walk(pc, counters);
  return out;
}

/** The operations that end a handler under thread migration: the answer returns to the caller. */
const RETURNS = new Set(['reply', 'replyServe', 'replySaved']);

/**
 * Thread migration's program layout: each thread's own program, padded to a common length, then
 * one copy of each handler's server program, relocated, in which no receive rests (a thread that
 * blocks there is a client inside a component, not an idle server). Every thread gets the same
 * layout, so `entries[k]` (the instruction after handler k's `serve`) means the same code on
 * every thread. A handler may not run a bounded loop before it returns: its counter would be
 * shared by nested invocations of the same handler on one thread.
 *
 * @example
 * const { programs, entries } = withHandlers(own, [{ server: 2, serve: 0, space: 'S' }]);
 */
export function withHandlers(
  own: readonly CompiledProgram[],
  handlers: readonly { readonly server: number; readonly serve: number; readonly space: string }[],
): { readonly programs: CompiledProgram[]; readonly entries: number[] } {
  const width = Math.max(...own.map((p) => p.code.length));
  const copies = [...new Set(handlers.map((h) => h.server))];
  const offsets = new Map<number, number>();
  let at = width;
  for (const c of copies) {
    offsets.set(c, at);
    at += own[c].code.length;
  }
  const entries = handlers.map((h) => offsets.get(h.server)! + h.serve + 1);
  handlers.forEach((h, k) => {
    const at = loopInHandler(own[h.server], h.serve + 1);
    if (at >= 0) throw new RangeError(`handler ${k} runs a bounded loop (instruction ${at}): under thread migration nested invocations of it would share the loop's counter`);
  });
  const programs = own.map((p): CompiledProgram => {
    const code: Instruction[] = [...p.code];
    const labels = [...p.labels];
    const counters = [...p.counters];
    while (code.length < width) {
      labels.push(`${code.length}: end`);
      code.push({ i: 'end' });
    }
    for (const c of copies) {
      const src = own[c];
      const off = offsets.get(c)!;
      const base = counters.length;
      counters.push(...src.counters);
      const space = handlers.find((h) => h.server === c)!.space;
      src.code.forEach((x, k) => {
        const y = relocate(x, off, base);
        code.push(y);
        labels.push(`${off + k}: ${y.i === 'op' ? operationLabel(y.op) : y.i} [${space}]`);
      });
    }
    return { code, labels, counters, finite: p.finite };
  });
  return { programs, entries };
}

/** Instruction `x` moved by `off` instructions and `base` loop counters; a receive no longer rests. */
function relocate(x: Instruction, off: number, base: number): Instruction {
  switch (x.i) {
    case 'op':
      return { i: 'op', op: x.op, rest: false };
    case 'loop':
      return { ...x, counter: x.counter + base, exit: x.exit + off };
    case 'jump':
      return { i: 'jump', to: x.to + off };
    case 'choose':
      return { i: 'choose', targets: x.targets.map((t) => t + off) };
    case 'branch':
      return { ...x, otherwise: x.otherwise + off };
    case 'until':
      return { ...x, exit: x.exit + off };
    case 'end':
      return x;
  }
}

/**
 * The first bounded loop (`repeat` or `until`) the handler starting at instruction `entry` of `p`
 * can reach before it returns (`reply`, `replyServe`, `replySaved`), or −1 for none.
 *
 * @example
 * loopInHandler(compileProgram([forever(serve('svc'), answer(), reply())]), 1); // -1
 */
export function loopInHandler(p: CompiledProgram, entry: number): number {
  const seen = new Set<number>();
  const todo = [entry];
  while (todo.length > 0) {
    const at = todo.pop()!;
    if (seen.has(at) || at >= p.code.length) continue;
    seen.add(at);
    const x = p.code[at];
    if (x.i === 'loop' || x.i === 'until') return at;
    // The handler ends at its return to the caller.
    if (x.i === 'op' && RETURNS.has(x.op.op)) continue;
    todo.push(...followers(x, at));
  }
  return -1;
}

/** The instructions that may follow instruction `x` at `k`. */
function followers(x: Instruction, k: number): number[] {
  switch (x.i) {
    case 'op':
      return [k + 1];
    case 'loop':
    case 'until':
      return [k + 1, x.exit];
    case 'jump':
      return [x.to];
    case 'choose':
      return [...x.targets];
    case 'branch':
      return [k + 1, x.otherwise];
    case 'end':
      return [];
  }
}
