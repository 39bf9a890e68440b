/**
 * The seL4 MCS design (spec card M4): its calls case by case on hand-built kernel states (reply
 * objects, call stacks, SC donation, passive servers, cancelling and finalising), its invariants,
 * and composed checks on rpcPool and on inline workloads for the card's seeded bugs F1-F5.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { compose } from '../../../model/compose/compose.js';
import type { Frame, KernelState } from '../../../model/designs/design.js';
import { sel4Mcs, type McsCall, type McsObjects, type McsReply, type McsTcb, type Sel4McsOptions } from '../../../model/designs/sel4Mcs.js';
import type { Endpoint } from '../../../model/kernel/endpoint.js';
import { answer, forever, native, prepare, reply, replySaved, replyServe, rpc, save, send, serve } from '../../../model/workloads/program.js';
import { rpcPool } from '../../../model/workloads/rpcPool.js';
import type { ThreadSpec, WorkloadSpec } from '../../../model/workloads/workload.js';
import { traceActions } from '../../helpers/verdicts.js';

type K = KernelState<McsTcb, McsObjects>;

// Threads 1..4: two clients, server s1 on svc, server s2 on inner; one save slot, so each server
// owns reply objects 2k+1 (used by Recv) and 2k+2 (save slot 0): s1 has 1 and 2, s2 has 3 and 4.
const [SVC, INNER] = [0, 1];
const frame: Frame = {
  threads: 4,
  values: 2,
  slots: 1,
  pages: 1,
  objects: [
    { name: 'svc', kind: 'service', servers: [3], senders: [1, 2] },
    { name: 'inner', kind: 'service', servers: [4], senders: [3] },
  ],
  threadNames: ['c1', 'c2', 's1', 's2'],
};
const [C1, C2, S1, S2] = [1, 2, 3, 4];
const design = sel4Mcs();
const K0: K = design.init(frame);
const FREE: McsReply = { tcb: 0, prev: 0, next: 0, head: 0 };
const recvQ = (...queue: number[]): Endpoint => ({ state: 'recv', queue });
const sendQ = (...queue: number[]): Endpoint => ({ state: 'send', queue });
const IDLE: Endpoint = { state: 'idle', queue: [] };

/** The boot state with threads, endpoints, reply objects and SCs changed. */
function kernel(threads: Record<number, Partial<McsTcb>> = {}, eps: Record<number, Endpoint> = {}, replies: Record<number, Partial<McsReply>> = {}, scs: Record<number, Partial<{ owner: number; reply: number }>> = {}): K {
  return {
    threads: K0.threads.map((t, i) => ({ ...t, ...threads[i + 1] })),
    objects: {
      eps: K0.objects.eps.map((e, o) => eps[o] ?? e),
      replies: K0.objects.replies.map((r, i) => ({ ...r, ...replies[i + 1] })),
      scs: K0.objects.scs.map((s, i) => ({ ...s, ...scs[i + 1] })),
    },
  };
}
const call = (k: K, t: number, c: McsCall, message = 0, d = design) => d.syscall(k, t, c, message, frame);
const invariants = (k: K, d = design) => Object.fromEntries(d.invariants(frame).map((p) => [p.name, p.holds(k)]));
const ALL_HOLD = { 'INV-EP': true, 'INV-SYM': true, 'SC-UNIQ': true, CALLSTACK: true };

/** s1, passive, waits on svc with reply object 1 (its own SC 3 already unbound). */
const s1Waits = kernel({ [S1]: { state: 'blockedOnReceive', on: SVC + 1, reply: 1, sc: 0 } }, { [SVC]: recvQ(S1) }, { 1: { tcb: S1 } }, { 3: { owner: 0 } });
/** c1 called s1: c1 waits on reply object 1, which heads SC 1's stack; s1 runs on SC 1. */
const s1Serves = kernel({ [C1]: { state: 'blockedOnReply', mr: 1, reply: 1, sc: 0 }, [S1]: { mr: 1, sc: 1 } }, {}, { 1: { tcb: C1, head: 1 } }, { 1: { owner: S1, reply: 1 }, 3: { owner: 0 } });

describe('boot state', () => {
  it('every thread runs on its own SC, and each receiver holds its own reply objects, all free', () => {
    expect(K0.threads.map((t) => [t.sc, t.caps])).toEqual([[1, [0, 0]], [2, [0, 0]], [3, [1, 2]], [4, [3, 4]]]);
    expect(K0.objects.replies).toEqual([FREE, FREE, FREE, FREE]);
    expect([1, 2, 3, 4].every((t) => design.runnable(K0, t))).toBe(true);
    expect(invariants(K0)).toEqual(ALL_HOLD);
  });
});

describe('Recv and Wait', () => {
  it('Recv on an idle endpoint queues a passive server with its reply object and unbinds its own SC', () => {
    const r = call(K0, S1, { kind: 'Recv', obj: SVC, cap: 0 });
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'blockedOnReceive' });
    expect(r.kernel).toEqual(s1Waits);
    expect(r.events).toEqual([{ kind: 'note', thread: S1, label: 'SC unbound: passive' }]);
  });

  it('an active server keeps its own SC when it blocks receiving', () => {
    const r = call(K0, S1, { kind: 'Recv', obj: SVC, cap: 0 }, 0, sel4Mcs({ passive: [] }));
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'blockedOnReceive', reply: 1, sc: 3 });
    expect(r.kernel.objects.scs[2]).toEqual({ owner: S1, reply: 0 });
  });

  it('Recv takes a queued Call: the caller waits on the reply object, and a server still on its own SC gets no donation', () => {
    const k = kernel({ [C1]: { state: 'blockedOnSend', on: SVC + 1, isCall: true, mr: 1 } }, { [SVC]: sendQ(C1) });
    const r = call(k, S1, { kind: 'Recv', obj: SVC, cap: 0 });
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'blockedOnReply', on: 0, reply: 1, sc: 1 });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'running', mr: 1, sc: 3 });
    expect(r.kernel.objects.replies[0]).toEqual({ tcb: C1, prev: 0, next: 0, head: 0 });
    expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: C1, to: S1, value: 1 }]);
    expect(invariants(r.kernel)).toEqual(ALL_HOLD);
  });

  it('Recv with a reply object that still holds a caller cancels that caller: it becomes Inactive, and the server keeps the donated SC (F2)', () => {
    const r = call(s1Serves, S1, { kind: 'Recv', obj: SVC, cap: 0 });
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'inactive', reply: 0, sc: 0 });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'blockedOnReceive', reply: 1, sc: 1 });
    expect(r.kernel.objects.replies[0]).toEqual({ tcb: S1, prev: 0, next: 0, head: 0 });
    expect(r.kernel.objects.scs[0]).toEqual({ owner: S1, reply: 0 });
    expect(r.events).toEqual([{ kind: 'note', thread: S1, label: 'reply object already has unexecuted reply: c1 cancelled' }]);
    expect(invariants(r.kernel)).toEqual(ALL_HOLD);
  });

  it('Wait takes a queued Call without a reply object: the caller becomes Inactive', () => {
    const k = kernel({ [C1]: { state: 'blockedOnSend', on: SVC + 1, isCall: true } }, { [SVC]: sendQ(C1) });
    const r = call(k, S1, { kind: 'Wait', obj: SVC });
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'inactive', sc: 1 });
    expect(r.kernel.objects.replies[0]).toEqual(FREE);
    expect(design.runnable(r.kernel, C1)).toBe(false);
  });
});

describe('Call, Send and the reply', () => {
  it('a Call to a passive server links the caller to its reply object, pushes the caller SC and donates it', () => {
    const r = call(s1Waits, C1, { kind: 'Call', obj: SVC }, 1);
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'blockedOnReply' });
    expect(r.woken).toEqual([S1]);
    expect(r.kernel).toEqual(s1Serves);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: C1, to: S1, value: 1 }]);
    expect(design.runnable(r.kernel, S1)).toBe(true);
  });

  it('a Call to a passive server blocked in Wait delivers the request without donation: the caller becomes Inactive and the server cannot run (F1)', () => {
    const k = kernel({ [S1]: { state: 'blockedOnReceive', on: SVC + 1, sc: 0 } }, { [SVC]: recvQ(S1) }, {}, { 3: { owner: 0 } });
    const r = call(k, C1, { kind: 'Call', obj: SVC }, 1);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'inactive', sc: 1 });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'running', mr: 1, sc: 0 });
    expect([design.runnable(r.kernel, C1), design.runnable(r.kernel, S1)]).toEqual([false, false]);
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'inactive' });
  });

  it('a Send to a passive server donates nothing, so the server has the message but cannot run', () => {
    const r = call(s1Waits, C1, { kind: 'Send', obj: SVC }, 1);
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'running', mr: 1, sc: 0, reply: 0 });
    expect(r.kernel.objects.replies[0]).toEqual(FREE);
    expect(design.runnable(r.kernel, S1)).toBe(false);
  });

  it('Send with no receiver queues the sender; NBSend drops the message', () => {
    expect(call(K0, C1, { kind: 'Send', obj: SVC }).kernel.objects.eps[SVC]).toEqual(sendQ(C1));
    const nb = call(K0, C1, { kind: 'NBSend', obj: SVC });
    expect([nb.outcome, nb.kernel.objects.eps[SVC]]).toEqual([{ kind: 'returned' }, IDLE]);
  });

  it('ReplyRecv pops the call stack: the caller gets the reply and its SC back, and the server waits again with no SC', () => {
    const r = call(s1Serves, S1, { kind: 'ReplyRecv', obj: SVC, cap: 0 }, 1);
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'blockedOnReceive' });
    expect(r.woken).toEqual([C1]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', mr: 1, reply: 0, sc: 1 });
    expect(r.kernel).toEqual(kernel({ [C1]: { mr: 1 }, [S1]: { state: 'blockedOnReceive', on: SVC + 1, mr: 1, reply: 1, sc: 0 } }, { [SVC]: recvQ(S1) }, { 1: { tcb: S1 } }, { 3: { owner: 0 } }));
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: S1, to: C1, value: 1 }]);
  });

  it('a Send on the reply capability by a passive server gives the SC back and leaves the server unable to run', () => {
    const r = call(s1Serves, S1, { kind: 'Reply', cap: 0 }, 0);
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'no scheduling context' });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'running', sc: 0 });
    expect(design.runnable(r.kernel, S1)).toBe(false);
    expect(design.runnable(r.kernel, C1)).toBe(true);
  });

  it('a Send on a reply capability with no caller waiting does nothing', () => {
    const r = call(kernel(), S1, { kind: 'Reply', cap: 0 });
    expect([r.outcome, r.events, r.kernel]).toEqual([{ kind: 'returned' }, [], K0]);
  });
});

describe('nested calls', () => {
  // c1 → s1 → s2, both servers passive: one SC, a stack of two reply objects.
  const nested = () => {
    let k = call(K0, S1, { kind: 'Recv', obj: SVC, cap: 0 }).kernel;
    k = call(k, S2, { kind: 'Recv', obj: INNER, cap: 0 }).kernel;
    k = call(k, C1, { kind: 'Call', obj: SVC }, 1).kernel;
    return call(k, S1, { kind: 'Call', obj: INNER }, 0).kernel;
  };

  it('a passive server calling a passive server pushes a second reply object on the client SC and passes the SC on', () => {
    const k = nested();
    expect(k.objects.scs[0]).toEqual({ owner: S2, reply: 3 });
    expect(k.objects.replies.slice(0, 3)).toEqual([{ tcb: C1, prev: 0, next: 3, head: 0 }, FREE, { tcb: S1, prev: 1, next: 0, head: 1 }]);
    expect(k.threads.map((t) => t.sc)).toEqual([0, 2, 0, 1]);
    expect(invariants(k)).toEqual(ALL_HOLD);
  });

  it('the inner reply pops only the top: s1 runs on the SC again, and reply object 1 heads the stack', () => {
    const r = call(nested(), S2, { kind: 'ReplyRecv', obj: INNER, cap: 0 });
    expect(r.kernel.objects.scs[0]).toEqual({ owner: S1, reply: 1 });
    expect(r.kernel.objects.replies[0]).toEqual({ tcb: C1, prev: 0, next: 0, head: 1 });
    expect(r.woken).toEqual([S1]);
    expect(invariants(r.kernel)).toEqual(ALL_HOLD);
  });

  it('cancelling the middle caller (reply_remove_tcb) breaks the chain instead of joining c1 to s2', () => {
    const r = call(nested(), C2, { kind: 'Suspend', thread: S1 });
    expect(r.kernel.objects.replies.slice(0, 3)).toEqual([{ tcb: C1, prev: 0, next: 0, head: 0 }, FREE, FREE]);
    expect(r.kernel.objects.scs[0]).toEqual({ owner: S2, reply: 0 });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'inactive', reply: 0 });
    expect(invariants(r.kernel)).toEqual(ALL_HOLD);
  });
});

describe('save slots, Suspend, DeleteReply and Exit', () => {
  it('Swap exchanges the reply capabilities: the next Recv uses a free reply object, and a Send on the saved one answers the first caller', () => {
    let k = call(s1Serves, S1, { kind: 'Swap', cap: 1 }).kernel;
    expect(k.threads[S1 - 1].caps).toEqual([2, 1]);
    k = call(k, S1, { kind: 'Recv', obj: SVC, cap: 0 }).kernel;
    expect(k.objects.replies.slice(0, 2)).toEqual([{ tcb: C1, prev: 0, next: 0, head: 1 }, { tcb: S1, prev: 0, next: 0, head: 0 }]);
    const r = call(k, S1, { kind: 'Reply', cap: 1 }, 1);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: S1, to: C1, value: 1 }]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', sc: 1 });
  });

  it('Suspend of a receiver dequeues it and unlinks its reply object', () => {
    const r = call(s1Waits, C1, { kind: 'Suspend', thread: S1 });
    expect(r.kernel.objects.eps[SVC]).toEqual(IDLE);
    expect(r.kernel.objects.replies[0]).toEqual(FREE);
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'inactive', on: 0, reply: 0 });
    expect(invariants(r.kernel)).toEqual(ALL_HOLD);
  });

  // s1 sends on inner while c1 waits on its reply object 1, and s1's replyObject field still names 1.
  const staleSender = kernel({ [C1]: { state: 'blockedOnReply', reply: 1, sc: 0 }, [S1]: { state: 'blockedOnSend', on: INNER + 1, reply: 1, sc: 1 } }, { [INNER]: sendQ(S1) }, { 1: { tcb: C1, head: 1 } }, { 1: { owner: S1, reply: 1 }, 3: { owner: 0 } });

  it('Suspend of a sender ignores its replyObject field, which the design leaves unspecified', () => {
    expect(invariants(staleSender)).toEqual(ALL_HOLD);
    const r = call(staleSender, C2, { kind: 'Suspend', thread: S1 });
    expect(r.kernel.objects.replies[0]).toEqual({ tcb: C1, prev: 0, next: 0, head: 1 });
    expect(invariants(r.kernel)).toEqual(ALL_HOLD);
  });

  it('before PR #1358, Suspend of that sender unlinks the reply object from the caller waiting on it (F5)', () => {
    const r = call(staleSender, C2, { kind: 'Suspend', thread: S1 }, 0, sel4Mcs({ cancelSendReply: true }));
    expect(r.kernel.objects.replies[0]).toEqual({ tcb: 0, prev: 0, next: 0, head: 1 });
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'blockedOnReply', reply: 1 });
    expect(invariants(r.kernel)).toEqual({ ...ALL_HOLD, 'INV-SYM': false, CALLSTACK: false });
  });

  it('deleting the reply capability of a waiting receiver cancels its receive; before PR #267 it was left queued but Inactive (F4)', () => {
    const fixed = call(s1Waits, C1, { kind: 'DeleteReply', thread: S1, cap: 0 });
    expect(fixed.kernel.objects.eps[SVC]).toEqual(IDLE);
    expect(fixed.kernel.threads[S1 - 1]).toMatchObject({ state: 'inactive', caps: [0, 2] });
    expect(invariants(fixed.kernel)).toEqual(ALL_HOLD);
    const old = call(s1Waits, C1, { kind: 'DeleteReply', thread: S1, cap: 0 }, 0, sel4Mcs({ unlinkOnFinalise: true }));
    expect(old.kernel.objects.eps[SVC]).toEqual(recvQ(S1));
    expect(old.kernel.threads[S1 - 1]).toMatchObject({ state: 'inactive' });
    expect(invariants(old.kernel)).toEqual({ ...ALL_HOLD, 'INV-SYM': false });
  });

  it('deleting a reply object that heads a call stack pops it: the SC goes back to the caller, which becomes Inactive', () => {
    const r = call(s1Serves, C2, { kind: 'DeleteReply', thread: S1, cap: 0 });
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'inactive', sc: 1, reply: 0 });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ sc: 0, caps: [0, 2] });
    expect(r.kernel.objects.scs[0]).toEqual({ owner: C1, reply: 0 });
    expect(invariants(r.kernel)).toEqual(ALL_HOLD);
  });

  it('Exit ends the thread', () => {
    const r = call(K0, C1, { kind: 'Exit' });
    expect([r.outcome, design.ended(r.kernel, C1), design.runnable(r.kernel, C1)]).toEqual([{ kind: 'ended' }, true, false]);
  });
});

describe('invariants', () => {
  it('SC-UNIQ rejects an SC whose owner is bound to another SC', () => {
    expect(invariants(kernel({ [C2]: { sc: 1 } }, {}, {}, { 2: { owner: 0 } }))).toEqual({ ...ALL_HOLD, 'SC-UNIQ': false });
  });

  it('CALLSTACK rejects a cycle of reply objects and a stack entry without a caller waiting', () => {
    const cycle = kernel({ [C1]: { state: 'blockedOnReply', reply: 1 }, [C2]: { state: 'blockedOnReply', reply: 2 } }, {}, { 1: { tcb: C1, prev: 2, next: 2 }, 2: { tcb: C2, prev: 1, next: 1 } });
    expect(invariants(cycle).CALLSTACK).toBe(false);
    expect(invariants(kernel({}, {}, { 1: { head: 1 } }, { 1: { reply: 1 } })).CALLSTACK).toBe(false);
  });

  it('INV-SYM rejects a reply object naming a thread that does not name it', () => {
    expect(invariants(kernel({}, {}, { 1: { tcb: S1 } }))).toEqual({ ...ALL_HOLD, 'INV-SYM': false });
  });
});

describe('operations and labels', () => {
  it('maps rpc to Call, serve to Recv with reply capability 0, reply to a Send on it, save to CNode_Swap, and has no notifications', () => {
    const f = { ...frame, objects: [...frame.objects, { name: 'ev', kind: 'event' as const, servers: [], senders: [] }] };
    const ops = [rpc('svc'), serve('svc'), replyServe('svc'), reply(), save(0), replySaved(0), send('inner'), { op: 'receive', obj: 'svc' } as const, { op: 'signal', obj: 'ev' } as const];
    expect(ops.map((op) => design.operation(op, S1, f))).toEqual([
      { kind: 'Call', obj: 0 },
      { kind: 'Recv', obj: 0, cap: 0 },
      { kind: 'ReplyRecv', obj: 0, cap: 0 },
      { kind: 'Reply', cap: 0 },
      { kind: 'Swap', cap: 1 },
      { kind: 'Reply', cap: 1 },
      { kind: 'Send', obj: 1 },
      { kind: 'Wait', obj: 0 },
      undefined,
    ]);
    expect([serve('svc'), replyServe('svc')].map((op) => sel4Mcs({ waitForRequests: true }).operation(op, S1, f))).toEqual([{ kind: 'Wait', obj: 0 }, { kind: 'NBSendWait', obj: 0, cap: 0 }]);
  });

  it('labels calls the way seL4 names them', () => {
    const calls: McsCall[] = [{ kind: 'Recv', obj: 0, cap: 0 }, { kind: 'Reply', cap: 1 }, { kind: 'DeleteReply', thread: S1, cap: 0 }, { kind: 'Exit' }];
    expect(calls.map((c) => design.label(c, frame))).toEqual(['Recv(svc, reply 0)', 'Send(reply 1)', 'DeleteReply(s1, reply 0)', 'Exit']);
    expect(sel4Mcs({ unlinkOnFinalise: true }).title).toBe('seL4 MCS: reply objects and SC donation (M4) [unlinkOnFinalise]');
  });
});

// ---- composed checks ---------------------------------------------------------------------------

const PROPERTIES = ['INV-EP', 'INV-SYM', 'SC-UNIQ', 'CALLSTACK', 'reply correctness', 'run queue', 'kernel memory ≤ 0', 'isolation', 'privilege', 'kernel-mediated transfer', 'deadlock free', 'no client stuck forever', 'every call is answered'];

/** Each verdict as `status` or `status/steps`. */
function run(options: Sel4McsOptions, spec: WorkloadSpec) {
  const model = compose(sel4Mcs(options), spec);
  const r = check(model);
  const verdicts = Object.fromEntries(Object.entries(r.verdicts).map(([name, v]) => [name, 'trace' in v && v.trace !== undefined ? `${v.status}/${v.trace.steps.length}` : v.status]));
  return { model, r, verdicts, steps: (p: string) => traceActions(model, r, p) };
}
/** Every framework and design property holds, except `changed`; plus the witness. */
const expected = (witness: Record<string, string>, changed: Record<string, string> = {}) => ({ ...Object.fromEntries(PROPERTIES.map((p) => [p, 'holds'])), ...witness, ...changed });
const pool = (set: Record<string, number | string> = {}) => rpcPool.build({ ...rpcPool.defaults, ...set });
const CALL_COMPLETES = { 'a call completes': 'witnessed/9' };

describe('rpcPool on seL4 MCS', () => {
  it('with passive servers, a server that replies with Send instead of ReplyRecv gives the SC back and never runs again: 1,919 states', () => {
    const { r, verdicts, steps } = run({}, pool());
    expect(r.stats.distinct).toBe(1919);
    expect(verdicts).toEqual(expected(CALL_COMPLETES, { 'deadlock free': 'violated/16', 'no client stuck forever': 'violated/16', 'every call is answered': 'violated/20' }));
    expect(steps('no client stuck forever').slice(6)).toEqual(['Recv(svc, reply 0) (server 1)', 'Return', 'Call(svc) (client 1)', 'Return', 'answer (server 1)', 'Send(reply 0) (server 1)', 'Return', 'Exit (client 1)', 'Return', 'Call(svc) (client 2)']);
  });

  it('with active servers every property holds: 1,371 states', () => {
    const { r, verdicts } = run({ passive: [] }, pool());
    expect(r.stats.distinct).toBe(1371);
    expect(verdicts).toEqual(expected(CALL_COMPLETES));
  });

  it('F1: passive servers that Wait take requests without donation, and client 1 is stuck from its Call on: 657 states', () => {
    const { r, verdicts, steps } = run({ waitForRequests: true }, pool());
    expect(r.stats.distinct).toBe(657);
    expect(verdicts).toEqual(expected({ 'a call completes': 'unwitnessed' }, { 'deadlock free': 'violated/11', 'no client stuck forever': 'violated/2', 'every call is answered': 'violated/12' }));
    expect(steps('no client stuck forever')).toEqual(['prepare 0 (client 1)', 'Call(svc) (client 1)']);
  });

  it('F2: a server that receives again with the same reply object cancels client 1, which becomes Inactive (8 steps): 2,387 states', () => {
    const { r, verdicts, steps } = run({}, pool({ bug: 'lostReply' }));
    expect(r.stats.distinct).toBe(2387);
    expect(verdicts).toEqual(expected(CALL_COMPLETES, { 'deadlock free': 'violated/11', 'no client stuck forever': 'violated/8', 'every call is answered': 'violated/11' }));
    expect(steps('no client stuck forever')).toEqual(['prepare 0 (client 1)', 'Call(svc) (client 1)', 'Return', 'Preempt', 'Return', 'Recv(svc, reply 0) (server 1)', 'Return', 'Recv(svc, reply 0) (server 1)']);
  });
});

describe('seeded bugs of card M4 as inline workloads', () => {
  const client: ThreadSpec = { name: 'client', space: 'C', program: [prepare(), rpc('svc')] };
  const replies = { name: 'a call completes', holds: (v: { replied(s: unknown): boolean }, s: unknown) => v.replied(s) };

  it('F3: a server that never replies keeps the donated SC, and the client is stuck for ever without a deadlock: 22 states', () => {
    const server: ThreadSpec = { name: 'server', space: 'S', program: [serve('svc'), forever(answer())] };
    const spec: WorkloadSpec = { name: 'neverReplies', threads: [client, server], objects: [{ name: 'svc', kind: 'service' }], values: 1, witness: { name: 'the server runs the request', holds: (v, s) => v.blocked(s, 'client') && !v.blocked(s, 'server') } };
    const { r, verdicts } = run({}, spec);
    expect(r.stats.distinct).toBe(22);
    expect(verdicts).toEqual(expected({ 'the server runs the request': 'witnessed/2' }, { 'no client stuck forever': 'violated/2', 'every call is answered': 'violated/7' }));
  });

  it('F3: the client’s call is never answered: a 7-step lasso from its Call (state 2) whose last step, the server answering once more, repeats for ever', () => {
    const server: ThreadSpec = { name: 'server', space: 'S', program: [serve('svc'), forever(answer())] };
    const spec: WorkloadSpec = { name: 'neverReplies', threads: [client, server], objects: [{ name: 'svc', kind: 'service' }], values: 1, witness: replies };
    const { r, steps } = run({}, spec);
    const v = r.verdicts['every call is answered'];
    if (v.status !== 'violated') throw new Error('expected a lasso');
    expect([v.instance, v.trace.steps.length, v.trace.loop, v.premiseAt]).toEqual(['client', 7, 6, 2]);
    // No deadlock: the server runs on the client's SC, and weak fairness is served by the server's own steps.
    expect(steps('every call is answered')).toEqual(['prepare 0 (client)', 'Call(svc) (client)', 'Return', 'Recv(svc, reply 0) (server)', 'Return', 'answer (server)', 'answer (server)']);
    expect(r.verdicts['deadlock free'].status).toBe('holds');
  });

  // The manager deletes the server's reply capability. Without preemption it runs only when the others wait.
  const server: ThreadSpec = { name: 'server', space: 'S', program: [serve('svc'), forever(answer(), replyServe('svc'))] };
  const deleteServerReply: McsCall = { kind: 'DeleteReply', thread: 2, cap: 0 };
  const manager: ThreadSpec = { name: 'manager', space: 'M', program: [native('DeleteReply(server, reply 0)', { 'seL4-MCS': deleteServerReply })] };
  const deleteReply: WorkloadSpec = { name: 'deleteReply', threads: [client, server, manager], objects: [{ name: 'svc', kind: 'service' }], values: 1, preemption: false, witness: replies };

  it('F4: finalising the reply object of a waiting server cancels its receive, and every property holds: 14 states', () => {
    const { r, verdicts } = run({}, deleteReply);
    expect(r.stats.distinct).toBe(14);
    expect(verdicts).toEqual(expected({ 'a call completes': 'witnessed/7' }));
  });

  it('F4 before PR #267: the server is made Inactive but stays queued, and INV-SYM fails (11 steps)', () => {
    const { verdicts, steps } = run({ unlinkOnFinalise: true }, deleteReply);
    expect(verdicts).toEqual(expected({ 'a call completes': 'witnessed/7' }, { 'INV-SYM': 'violated/11' }));
    expect(steps('INV-SYM').at(-1)).toBe('DeleteReply(server, reply 0) (manager)');
  });

  // The server takes the call, then blocks sending on a channel nobody reads; the manager suspends it.
  const sender: ThreadSpec = { name: 'server', space: 'S', program: [serve('svc'), answer(), send('log'), reply()] };
  const suspendServer: McsCall = { kind: 'Suspend', thread: 1 };
  const suspender: ThreadSpec = { name: 'manager', space: 'M', program: [native('Suspend(server)', { 'seL4-MCS': suspendServer })] };
  const suspend: WorkloadSpec = {
    name: 'suspendSender',
    threads: [sender, client, suspender],
    objects: [{ name: 'svc', kind: 'service' }, { name: 'log', kind: 'channel' }],
    values: 1,
    preemption: false,
    witness: { name: 'the server is suspended', holds: (v, s) => v.finished(s, 'manager') },
  };
  const stuck = { 'deadlock free': 'violated/11', 'no client stuck forever': 'violated/4', 'every call is answered': 'violated/11' };

  it('F5 is latent: the pre-PR-#1358 cancelIPC alone, or a kernel leaving replyObject stale alone, breaks no invariant: 12 states each', () => {
    for (const options of [{}, { cancelSendReply: true }, { staleReplyObject: true }]) {
      const { r, verdicts } = run(options, suspend);
      expect(r.stats.distinct, JSON.stringify(options)).toBe(12);
      expect(verdicts, JSON.stringify(options)).toEqual(expected({ 'the server is suspended': 'witnessed/11' }, stuck));
    }
  });

  it('F5: with both, suspending the sender unlinks the reply object its caller waits on, and INV-SYM and CALLSTACK fail (9 steps)', () => {
    const { verdicts, steps } = run({ cancelSendReply: true, staleReplyObject: true }, suspend);
    expect(verdicts).toEqual(expected({ 'the server is suspended': 'witnessed/11' }, { ...stuck, 'INV-SYM': 'violated/9', CALLSTACK: 'violated/9' }));
    expect(steps('INV-SYM')).toEqual(['Recv(svc, reply 0) (server)', 'Return', 'prepare 0 (client)', 'Call(svc) (client)', 'Return', 'answer (server)', 'Send(log) (server)', 'Return', 'Suspend(server) (manager)']);
  });
});
