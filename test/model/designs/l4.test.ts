/**
 * The L4 X.2 short-IPC design (card M1): each case of `Ipc`'s send and receive phases on
 * hand-built kernels, then the design composed with rpcPool and with inline workloads for card
 * M1's seeded bugs F1-F3, pinning state counts, every verdict and the shortest counterexamples.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { lastState } from '../../../checker/trace.js';
import { compose } from '../../../model/compose/compose.js';
import type { Frame, KernelState } from '../../../model/designs/design.js';
import { l4, type L4Call, type L4Objects, type L4Tcb } from '../../../model/designs/l4.js';
import { answer, choose, forever, native, prepare, reply, replySaved, replyServe, rpc, save, send, serve } from '../../../model/workloads/program.js';
import { rpcPool } from '../../../model/workloads/rpcPool.js';
import type { WorkloadSpec } from '../../../model/workloads/workload.js';
import { failingVerdicts, traceActions } from '../../helpers/verdicts.js';

type K = KernelState<L4Tcb, L4Objects>;

// Threads: client 1, client 2, server (3, the only server of 'svc'), thread X (4).
const frame: Frame = {
  threads: 4,
  values: 2,
  slots: 1,
  pages: 1,
  objects: [{ name: 'svc', kind: 'service', servers: [3], senders: [] }],
  threadNames: ['client 1', 'client 2', 'server', 'thread X'],
};
const design = l4();
const k0 = design.init(frame);

/** `k` with thread `t`'s TCB changed. */
const withTcb = (k: K, t: number, change: Partial<L4Tcb>): K => ({ ...k, threads: k.threads.map((x, i) => (i === t - 1 ? { ...x, ...change } : x)) });
/** `k` with the send queues `q` (thread 1's first). */
const withQueues = (k: K, q: number[][]): K => ({ ...k, objects: { sendq: q } });
type Ipc = Extract<L4Call, { kind: 'Ipc' }>;
const call = (to: number): Ipc => ({ kind: 'Ipc', to: { thread: to }, from: { thread: to }, snd: 'never', rcv: 'never', call: true });
const WAIT: Ipc = { kind: 'Ipc', to: 'nil', from: 'any', snd: 'never', rcv: 'never' };
const replyWait = (snd: 'zero' | 'never' = 'zero'): L4Call => ({ kind: 'Ipc', to: 'partner', from: 'any', snd, rcv: 'never' });
const waitingAny: Partial<L4Tcb> = { state: 'waiting', on: 0 };
/** Client 1 polling the server in a Call, at the server's queue. */
const clientPolls = withQueues(withTcb(k0, 1, { state: 'polling', on: 3, then: 3, rcv: 'never', calling: true, mr: 1 }), [[], [], [1], []]);
const invariant = (name: string, k: K) => design.invariants(frame).find((p) => p.name === name)!.holds(k);

describe('L4 X.2 short IPC design (M1)', () => {
  describe('the send phase', () => {
    it('a Call to a waiting server hands over the message, makes the server run first and leaves the caller waiting for that server', () => {
      const r = design.syscall(withTcb(k0, 3, waitingAny), 1, call(3), 1, frame);
      expect(r.outcome.kind).toBe('blocked');
      expect(r.woken).toEqual([3]);
      expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: 1, to: 3, value: 1 }]);
      expect(r.kernel.threads[2]).toMatchObject({ state: 'running', mr: 1, partner: 1 });
      expect(r.kernel.threads[0]).toMatchObject({ state: 'waiting', on: 3, timer: false, calling: true });
    });

    it('a Call to a server that is not waiting polls it, at the tail of the server’s own queue', () => {
      const r = design.syscall(withQueues(k0, [[], [], [2], []]), 1, call(3), 0, frame);
      expect(r.outcome.kind).toBe('blocked');
      expect(r.woken).toEqual([]);
      expect(r.events).toEqual([]);
      expect(r.kernel.objects.sendq[2]).toEqual([2, 1]);
      expect(r.kernel.threads[0]).toMatchObject({ state: 'polling', on: 3, then: 3, rcv: 'never', calling: true });
    });

    it('a receiver waiting for another thread does not take the message: the sender polls', () => {
      const r = design.syscall(withTcb(k0, 3, { state: 'waiting', on: 2 }), 1, call(3), 0, frame);
      expect(r.kernel.threads[0].state).toBe('polling');
      expect(r.kernel.threads[2]).toMatchObject({ state: 'waiting', on: 2 });
    });

    it('snd = 0 to a thread that is not waiting fails with ERR_IPC_TIMEOUT, skips the receive phase and returns at once', () => {
      const r = l4({ callSend: 'zero' }).syscall(k0, 1, { ...call(3), snd: 'zero' }, 1, frame);
      expect(r.outcome.kind).toBe('returned');
      expect(r.events).toEqual([{ kind: 'error', thread: 1, label: 'ERR_IPC_TIMEOUT (send)' }]);
      expect(r.kernel.objects.sendq[2]).toEqual([]);
      expect(r.kernel.threads[0]).toMatchObject({ state: 'running', calling: false });
    });

    it('a finite send timeout polls with a timer, which only that thread may let expire', () => {
      const r = design.syscall(k0, 1, { ...call(3), snd: 'finite' }, 0, frame);
      expect(r.kernel.threads[0]).toMatchObject({ state: 'polling', timer: true });
      expect(design.expirable!(r.kernel)).toEqual([1]);
      expect(design.expirable!(clientPolls)).toEqual([]);
    });
  });

  describe('the receive phase', () => {
    it('an open wait takes the head polling caller, whose Call goes on to wait for this server; the server keeps running', () => {
      const k = withQueues(withTcb(clientPolls, 2, { state: 'polling', on: 3, then: 3, rcv: 'never', calling: true }), [[], [], [1, 2], []]);
      const r = design.syscall(k, 3, WAIT, 0, frame);
      expect(r.outcome.kind).toBe('returned');
      expect(r.woken).toEqual([]);
      expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: 1, to: 3, value: 1 }]);
      expect(r.kernel.objects.sendq[2]).toEqual([2]);
      expect(r.kernel.threads[0]).toMatchObject({ state: 'waiting', on: 3, calling: true });
      expect(r.kernel.threads[2]).toMatchObject({ state: 'running', mr: 1, partner: 1 });
    });

    it('a polling one-way sender taken by a wait is a message, and the sender runs again', () => {
      const k = withQueues(withTcb(k0, 4, { state: 'polling', on: 3, then: -1, mr: 1 }), [[], [], [4], []]);
      const r = design.syscall(k, 3, WAIT, 0, frame);
      expect(r.events).toEqual([{ kind: 'transfer', what: 'message', from: 4, to: 3, value: 1 }]);
      expect(r.woken).toEqual([4]);
      expect(r.kernel.threads[3].state).toBe('running');
    });

    it('a closed receive takes only the sender it names, wherever it is in the queue', () => {
      const k = withQueues(withTcb(withTcb(k0, 2, { state: 'polling', on: 3, then: -1 }), 4, { state: 'polling', on: 3, then: -1, mr: 1 }), [[], [], [2, 4], []]);
      const r = design.syscall(k, 3, { kind: 'Ipc', to: 'nil', from: { thread: 4 }, snd: 'never', rcv: 'never' }, 0, frame);
      expect(r.kernel.objects.sendq[2]).toEqual([2]);
      expect(r.kernel.threads[2]).toMatchObject({ mr: 1, partner: 4 });
    });

    it('with no sender an open wait blocks for anythread; with rcv = 0 it fails at once', () => {
      const r = design.syscall(k0, 3, WAIT, 0, frame);
      expect(r.outcome).toEqual({ kind: 'blocked', on: 'waiting anythread' });
      expect(r.kernel.threads[2]).toMatchObject({ state: 'waiting', on: 0, timer: false });
      const zero = design.syscall(k0, 3, { ...WAIT, rcv: 'zero' }, 0, frame);
      expect(zero.outcome.kind).toBe('returned');
      expect(zero.events).toEqual([{ kind: 'error', thread: 3, label: 'ERR_IPC_TIMEOUT (receive)' }]);
    });

    it('a Call taken by another Call’s receive phase is both a request and that Call’s reply', () => {
      // Thread 4 calls the server and waits for it; the server now calls thread 4.
      const k = withTcb(k0, 4, { state: 'waiting', on: 3, calling: true });
      const r = design.syscall(k, 3, call(4), 1, frame);
      expect(r.events).toEqual([
        { kind: 'transfer', what: 'request', from: 3, to: 4, value: 1 },
        { kind: 'transfer', what: 'reply', from: 3, to: 4, value: 1 },
      ]);
      expect(r.kernel.threads[3]).toMatchObject({ state: 'running', calling: false });
      expect(r.kernel.threads[2]).toMatchObject({ state: 'waiting', on: 4 });
    });
  });

  describe('replies', () => {
    it('ReplyWait answers the partner, which is the direct-switch target when the server then blocks in its open wait', () => {
      const k = withTcb(withTcb(k0, 1, { state: 'waiting', on: 3, calling: true }), 3, { partner: 1 });
      const r = design.syscall(k, 3, replyWait(), 1, frame);
      expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: 3, to: 1, value: 1 }]);
      expect(r.woken).toEqual([1]);
      expect(r.outcome.kind).toBe('blocked');
      expect(r.kernel.threads[0]).toMatchObject({ state: 'running', mr: 1, partner: 3, calling: false });
    });

    it('ReplyWait then takes the next polling caller in the same kernel entry', () => {
      const k = withTcb(withTcb(clientPolls, 2, { state: 'waiting', on: 3, calling: true }), 3, { partner: 2 });
      const r = design.syscall(k, 3, replyWait(), 0, frame);
      expect(r.events.map((e) => e.kind === 'transfer' && `${e.what} ${e.from}→${e.to}`)).toEqual(['reply 3→2', 'request 1→3']);
      expect(r.outcome.kind).toBe('returned');
      expect(r.kernel.threads[2]).toMatchObject({ state: 'running', partner: 1, mr: 1 });
    });

    it('a reply with snd = 0 to a thread that does not wait is dropped with an error (the L4 convention)', () => {
      const r = design.syscall(withTcb(k0, 3, { partner: 1 }), 3, { kind: 'Ipc', to: 'partner', from: 'nil', snd: 'zero', rcv: 'never' }, 1, frame);
      expect(r.outcome.kind).toBe('returned');
      expect(r.events).toEqual([{ kind: 'error', thread: 3, label: 'ERR_IPC_TIMEOUT (send)' }]);
      expect(r.kernel.threads[0].mr).toBe(0);
    });

    it('a reply with snd = never to a thread that does not wait polls it (F3’s mechanism)', () => {
      const r = design.syscall(withTcb(k0, 3, { partner: 1 }), 3, replyWait('never'), 1, frame);
      expect(r.outcome.kind).toBe('blocked');
      expect(r.kernel.threads[2]).toMatchObject({ state: 'polling', on: 1, then: 0 });
      expect(r.kernel.objects.sendq[0]).toEqual([3]);
    });

    it('Save keeps the partner in a slot, and a reply to the slot reaches that thread after the partner changed', () => {
      const saved = design.syscall(withTcb(k0, 3, { partner: 1 }), 3, { kind: 'Save', slot: 0 }, 0, frame);
      expect(saved.kernel.threads[2].saved).toEqual([1]);
      const k = withTcb(withTcb(saved.kernel, 3, { partner: 2 }), 1, { state: 'waiting', on: 3, calling: true });
      const r = design.syscall(k, 3, { kind: 'Ipc', to: { slot: 0 }, from: 'nil', snd: 'zero', rcv: 'never' }, 1, frame);
      expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: 3, to: 1, value: 1 }]);
    });

    it('F2 (openReceiveReply): the Call is Send then an open Wait; the Wait takes a third thread’s message as its reply', () => {
      const f2 = l4({ openReceiveReply: true });
      const c = f2.operation({ op: 'rpc', obj: 'svc' }, 1, frame)!;
      expect(c).toEqual({ kind: 'SendWait', to: { thread: 3 }, snd: 'never', rcv: 'never' });
      expect(f2.label(c, frame)).toBe('Send(server); Wait');
      // The Send half: the waiting server takes the request; the client stays at its Call, running.
      const sent = f2.syscall(withTcb(k0, 3, waitingAny), 1, c, 0, frame);
      expect(sent.outcome).toEqual({ kind: 'continues' });
      expect(sent.events).toEqual([{ kind: 'transfer', what: 'request', from: 1, to: 3, value: 0 }]);
      expect(sent.kernel.threads[0]).toMatchObject({ state: 'running', half: 'sent' });
      // The Wait half: open, so thread X's message is taken as the reply.
      const waiting = f2.syscall(sent.kernel, 1, c, 0, frame);
      expect(waiting.outcome).toEqual({ kind: 'blocked', on: 'waiting anythread' });
      expect(waiting.kernel.threads[0]).toMatchObject({ half: 'none', calling: true });
      const r = f2.syscall(waiting.kernel, 4, { kind: 'Ipc', to: { thread: 1 }, from: 'nil', snd: 'zero', rcv: 'never' }, 1, frame);
      expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: 4, to: 1, value: 1 }]);
      // The specification's closed receive refuses thread X: its zero-timeout send fails.
      const closed = design.syscall(design.syscall(withTcb(k0, 3, waitingAny), 1, call(3), 0, frame).kernel, 4, { kind: 'Ipc', to: { thread: 1 }, from: 'nil', snd: 'zero', rcv: 'never' }, 1, frame);
      expect(closed.events).toEqual([{ kind: 'error', thread: 4, label: 'ERR_IPC_TIMEOUT (send)' }]);
    });

    it('F2: a reply sent between the two halves finds nobody waiting and is lost', () => {
      const f2 = l4({ openReceiveReply: true });
      const sent = f2.syscall(withTcb(k0, 3, waitingAny), 1, f2.operation({ op: 'rpc', obj: 'svc' }, 1, frame)!, 0, frame);
      const r = f2.syscall(sent.kernel, 3, { kind: 'Ipc', to: 'partner', from: 'nil', snd: 'zero', rcv: 'never' }, 1, frame);
      expect(r.events).toEqual([{ kind: 'error', thread: 3, label: 'ERR_IPC_TIMEOUT (send)' }]);
    });

    it('F2: a Send half that times out while polling ends the Call with its error, without the Wait', () => {
      const f2 = l4({ openReceiveReply: true, callSend: 'finite' });
      const c = f2.operation({ op: 'rpc', obj: 'svc' }, 1, frame)!;
      const polling = f2.syscall(k0, 1, c, 0, frame);
      expect(polling.outcome).toEqual({ kind: 'continues' });
      expect(polling.kernel.threads[0]).toMatchObject({ state: 'polling', half: 'sent' });
      const expired = f2.expire!(polling.kernel, 1, frame);
      expect(expired.kernel.threads[0]).toMatchObject({ state: 'running', half: 'failed' });
      const after = f2.syscall(expired.kernel, 1, c, 0, frame);
      expect(after.outcome).toEqual({ kind: 'returned' });
      expect(after.events).toEqual([]);
      expect(after.kernel.threads[0]).toMatchObject({ state: 'running', half: 'none' });
    });
  });

  describe('timeouts, exit, operations and invariants', () => {
    it('an expiring send timeout takes the thread out of the queue it polls, and its Ipc returns an error', () => {
      const k = withQueues(withTcb(clientPolls, 2, { state: 'polling', on: 3, timer: true, then: 3, calling: true }), [[], [], [1, 2], []]);
      const r = design.expire!(k, 2, frame);
      expect(r.kernel.objects.sendq[2]).toEqual([1]);
      expect(r.kernel.threads[1]).toMatchObject({ state: 'running', calling: false, timer: false });
      expect(r.woken).toEqual([2]);
      expect(r.events).toEqual([{ kind: 'error', thread: 2, label: 'ERR_IPC_TIMEOUT (send)' }]);
    });

    it('an expiring receive timeout releases a waiting caller without a reply', () => {
      const r = design.expire!(withTcb(k0, 1, { state: 'waiting', on: 3, timer: true, calling: true }), 1, frame);
      expect(r.events).toEqual([{ kind: 'error', thread: 1, label: 'ERR_IPC_TIMEOUT (receive)' }]);
      expect(design.runnable(r.kernel, 1)).toBe(true);
    });

    it('Exit stops the thread for ever: a later send to it polls, as a stopped thread never receives', () => {
      const r = design.syscall(k0, 1, { kind: 'Exit' }, 0, frame);
      expect(r.outcome.kind).toBe('ended');
      expect([design.ended(r.kernel, 1), design.runnable(r.kernel, 1)]).toEqual([true, false]);
      expect(design.syscall(r.kernel, 3, replyWait('never'), 0, frame).kernel.objects.sendq[0]).toEqual([]);
      expect(design.syscall(withTcb(r.kernel, 3, { partner: 1 }), 3, replyWait('never'), 0, frame).kernel.objects.sendq[0]).toEqual([3]);
    });

    it('maps the neutral operations: thread t calls server (t − 1) mod n of the service; L4 X.2 has no notifications', () => {
      const two: Frame = { ...frame, objects: [{ name: 'svc', kind: 'service', servers: [3, 4], senders: [] }] };
      expect(design.operation({ op: 'rpc', obj: 'svc' }, 1, two)).toMatchObject({ to: { thread: 3 }, from: { thread: 3 } });
      expect(design.operation({ op: 'rpc', obj: 'svc' }, 2, two)).toMatchObject({ to: { thread: 4 }, from: { thread: 4 } });
      expect(design.operation({ op: 'replyServe', obj: 'svc' }, 3, two)).toEqual({ kind: 'Ipc', to: 'partner', from: 'any', snd: 'zero', rcv: 'never' });
      expect(design.operation({ op: 'send', obj: 'svc' }, 1, frame)).toEqual({ kind: 'Ipc', to: { thread: 3 }, from: 'nil', snd: 'never', rcv: 'never' });
      expect(design.operation({ op: 'signal', obj: 'svc' }, 1, frame)).toBeUndefined();
      expect(design.operation({ op: 'wait', obj: 'svc' }, 1, frame)).toBeUndefined();
      expect(l4({ serverReceive: 'finite' }).operation({ op: 'serve', obj: 'svc' }, 3, frame)).toEqual({ kind: 'Ipc', to: 'nil', from: 'any', snd: 'never', rcv: 'finite' });
      const ops = [rpc('svc'), serve('svc'), replyServe('svc'), reply(), replySaved(0), send('svc')];
      expect(ops.map((op) => design.label(design.operation(op, 1, frame)!, frame))).toEqual(['Call(server)', 'Wait', 'ReplyWait', 'Reply', 'Reply(saved 0)', 'Send(server)']);
      expect(l4({ openReceiveReply: true, replySend: 'never' }).title).toBe('L4 X.2 short IPC, Pistachio (M1) [replySend=never, openReceiveReply]');
    });

    it('the invariants catch a polling thread missing from its receiver’s queue, and a poll of a receiver that waits for it', () => {
      expect(invariant('send queues', clientPolls)).toBe(true);
      expect(invariant('send queues', withQueues(clientPolls, [[], [], [], []]))).toBe(false);
      expect(invariant('send queues', withQueues(clientPolls, [[], [], [1, 1], []]))).toBe(false);
      expect(invariant('no missed rendezvous', clientPolls)).toBe(true);
      expect(invariant('no missed rendezvous', withTcb(clientPolls, 3, waitingAny))).toBe(false);
      expect(invariant('no missed rendezvous', withTcb(clientPolls, 3, { state: 'waiting', on: 2 }))).toBe(true);
    });
  });

  describe('composed with rpcPool', () => {
    const run = (options: Parameters<typeof l4>[0], config: Record<string, string | number | boolean> = {}) => {
      const model = compose(l4(options), rpcPool.build({ ...rpcPool.defaults, ...config }));
      return { model, r: check(model) };
    };

    it('holds every property with two clients and one server (1,763 states), the first reply after 9 steps', () => {
      const { r } = run({});
      expect(r.complete).toBe(true);
      expect(r.stats.distinct).toBe(1763);
      expect(failingVerdicts(r)).toEqual({});
      expect(Object.keys(r.verdicts)).toEqual([
        'send queues',
        'no missed rendezvous',
        'reply correctness',
        'run queue',
        'kernel memory ≤ 0',
        'isolation',
        'privilege',
        'kernel-mediated transfer',
        'deadlock free',
        'no client stuck forever',
        'every call is answered',
        'a call completes',
      ]);
      const w = r.verdicts['a call completes'];
      expect(w.status === 'witnessed' && w.trace.steps.length).toBe(9);
    });

    it('holds every property with two servers (5,340) and zero send timeouts (2,155)', () => {
      for (const [options, config, distinct] of [
        [{}, { servers: 2 }, 5340],
        [{ callSend: 'zero' }, {}, 2155],
      ] as const) {
        const { r } = run(options, config);
        expect(failingVerdicts(r), JSON.stringify(options)).toEqual({});
        expect(r.stats.distinct, JSON.stringify(options)).toBe(distinct);
      }
    }, 120_000);

    it('finite timeouts everywhere (52,665 states): client 1’s call can go unanswered for ever, a 24-step lasso whose last 4 steps repeat: the server answers client 2 again and again while client 1’s send timeout never fires', () => {
      const { model, r } = run({ callSend: 'finite', callReceive: 'finite', replySend: 'finite', serverReceive: 'finite' });
      expect(r.stats.distinct).toBe(52665);
      // Nothing is stuck: client 1's timeout may fire at any time, but timeouts are the environment's and fairness never forces one.
      expect(failingVerdicts(r)).toEqual({ 'every call is answered': 'violated' });
      const v = r.verdicts['every call is answered'];
      if (v.status !== 'violated') throw new Error('expected a lasso');
      expect([v.instance, v.trace.steps.length, v.trace.loop, v.premiseAt]).toEqual(['client 1', 24, 20, 9]);
      const steps = traceActions(model, r, 'every call is answered');
      // Client 2's receive times out before the reply; the server's ReplyWait to it then times out in its send phase, so L4 skips the receive.
      expect(steps.slice(8, 20)).toEqual([
        'Call(server 1) (client 1)', 'Return', 'Wait (server 1)', 'Return', 'answer (server 1)', 'Timeout(client 2)', 'Return', 'ReplyWait (server 1)', 'Return', 'Exit (client 2)', 'Timeout(server 1)', 'Return',
      ]);
      expect(steps.slice(v.trace.loop)).toEqual(['answer (server 1)', 'ReplyWait (server 1)', 'Timeout(server 1)', 'Return']);
      // Client 1 polls the server throughout the cycle, its call outstanding.
      for (const step of v.trace.steps.slice(v.trace.loop)) expect([(step.state.kernel as K).threads[0].state, step.state.ghost.pending[0]]).toEqual(['polling', { request: 0, server: 0 }]);
    }, 120_000);

    it('lostReply: a server that waits again before replying overwrites its partner, and the caller is stuck (8 steps)', () => {
      const { model, r } = run({}, { bug: 'lostReply' });
      expect(failingVerdicts(r)).toEqual({ 'deadlock free': 'violated', 'no client stuck forever': 'violated', 'every call is answered': 'violated' });
      expect(r.stats.distinct).toBe(2243);
      expect(traceActions(model, r, 'no client stuck forever')).toHaveLength(8);
      expect(traceActions(model, r, 'deadlock free')).toHaveLength(11);
    });
  });

  describe('card M1 seeded bugs', () => {
    const witness = { name: 'a call completes', holds: (v: { replied(s: unknown): boolean }, s: unknown) => v.replied(s) };
    /** F1: servers A and B each call the other's service from the handler, keeping their caller in slot 0. */
    const mutualCalls = (preemption: boolean): WorkloadSpec => ({
      name: 'mutualCalls',
      values: 1,
      slots: 1,
      preemption,
      objects: [
        { name: 'a', kind: 'service' },
        { name: 'b', kind: 'service' },
      ],
      threads: [
        { name: 'client 1', space: 'C1', program: [prepare(), rpc('a')] },
        { name: 'client 2', space: 'C2', program: [prepare(), rpc('b')] },
        { name: 'server A', space: 'A', program: [forever(serve('a'), save(0), answer(), rpc('b'), answer(), replySaved(0))] },
        { name: 'server B', space: 'B', program: [forever(serve('b'), save(0), answer(), rpc('a'), answer(), replySaved(0))] },
      ],
      witness,
    });
    /** F2: two clients call one server; thread X sends client 1 a message with snd = 0. */
    const SEND_TO_CLIENT_1: L4Call = { kind: 'Ipc', to: { thread: 1 }, from: 'nil', snd: 'zero', rcv: 'never' };
    const thirdParty: WorkloadSpec = {
      name: 'thirdParty',
      values: 2,
      objects: [{ name: 'svc', kind: 'service' }],
      threads: [
        { name: 'client 1', space: '1', program: [prepare(), rpc('svc')] },
        { name: 'client 2', space: '2', program: [prepare(), rpc('svc')] },
        { name: 'thread X', space: 'X', program: [native('Send(client 1)', { L4: SEND_TO_CLIENT_1 })] },
        { name: 'server', space: 'S', program: [serve('svc'), forever(answer(), choose([replyServe('svc')], [reply(), serve('svc')]))] },
      ],
      witness,
    };
    /** F3: client 1 sends one way and never receives; the server answers it all the same. */
    const oneWay: WorkloadSpec = {
      name: 'oneWay',
      values: 2,
      stuckName: 'no thread stuck forever',
      objects: [{ name: 'svc', kind: 'service' }],
      threads: [
        { name: 'client 1', space: '1', program: [prepare(), send('svc')] },
        { name: 'server', space: 'S', program: [serve('svc'), answer(), reply()] },
      ],
      witness: { name: 'the message arrives', holds: (v, s) => v.received(s, 'server') === 1 },
    };

    it('F1: the servers’ calls poll each other for ever: deadlock (19 steps), client 1 stuck from its Call (5 steps)', () => {
      const model = compose(l4(), mutualCalls(true));
      const r = check(model);
      expect(r.stats.distinct).toBe(1512);
      expect(failingVerdicts(r)).toEqual({ 'deadlock free': 'violated', 'no client stuck forever': 'violated', 'every call is answered': 'violated' });
      const v = r.verdicts['no client stuck forever'];
      expect(v.status === 'violated' && v.stuckThread).toBe('client 1');
      expect(traceActions(model, r, 'no client stuck forever')).toHaveLength(5);
      const dead = traceActions(model, r, 'deadlock free');
      expect(dead).toHaveLength(19);
      expect(dead.slice(-8)).toEqual(['Call(server B) (server A)', 'Return', 'Wait (server B)', 'Return', 'Save(0) (server B)', 'Return', 'answer (server B)', 'Call(server A) (server B)']);
      expect(dead.filter((a) => a.startsWith('Call('))).toEqual(['Call(server A) (client 1)', 'Call(server B) (client 2)', 'Call(server B) (server A)', 'Call(server A) (server B)']);
    });

    it('F1 with finite send timeouts: L4’s closed receive takes B’s Call as A’s reply, and B then waits for A for ever (30 steps)', () => {
      const model = compose(l4({ callSend: 'finite' }), mutualCalls(true));
      const r = check(model);
      expect(r.stats.distinct).toBe(5882);
      // Server B's call is never answered (servers are not watched by 'no client stuck forever').
      expect(failingVerdicts(r)).toEqual({ 'deadlock free': 'violated', 'every call is answered': 'violated' });
      const dead = traceActions(model, r, 'deadlock free');
      // A waits for B's reply; B's handler calls A, and that Call completes A's closed receive.
      expect(dead).toEqual([
        'prepare 0 (client 1)', 'Call(server A) (client 1)', 'Return', 'prepare 0 (client 2)', 'Call(server B) (client 2)', 'Return',
        'Wait (server A)', 'Return', 'Save(0) (server A)', 'Return', 'answer (server A)', 'Call(server B) (server A)', 'Return', 'Timeout(client 2)', 'Return',
        'Wait (server B)', 'Return', 'Save(0) (server B)', 'Return', 'answer (server B)', 'Call(server A) (server B)', 'Return',
        'answer (server A)', 'Reply(saved 0) (server A)', 'Return', 'Wait (server A)', 'Return', 'Exit (client 2)', 'Return', 'Exit (client 1)',
      ]);
    });

    it('F1 with finite send and receive timeouts (no preemption, to stay small): every property holds (3,823 states)', () => {
      const r = check(compose(l4({ callSend: 'finite', callReceive: 'finite' }), mutualCalls(false)));
      expect(r.stats.distinct).toBe(3823);
      expect(failingVerdicts(r)).toEqual({});
    });

    /** F1 as the monolithic model has it: server 1 first calls its client 1 back while client 1 calls it. */
    const callBack = (snd: 'never' | 'finite'): WorkloadSpec => {
      const server = [serve('svc'), forever(answer(), choose([replyServe('svc')], [reply(), serve('svc')]))];
      const back: L4Call = { kind: 'Ipc', to: { thread: 1 }, from: { thread: 1 }, snd, rcv: 'never', call: true };
      return {
        name: 'callBack',
        values: 2,
        stuckName: 'no thread stuck forever',
        objects: [{ name: 'svc', kind: 'service' }],
        threads: [
          { name: 'client 1', space: '1', program: [prepare(), rpc('svc')] },
          { name: 'client 2', space: '2', program: [prepare(), rpc('svc')] },
          { name: 'server 1', space: 'S1', program: [native('Call(client 1)', { L4: back }), ...server] },
          { name: 'server 2', space: 'S2', program: server },
        ],
        witness,
      };
    };

    it('F1 as the monolithic model runs it: client 1 and server 1 poll each other, the same 14-step deadlock and 2-step stuck client', () => {
      const model = compose(l4(), callBack('never'));
      const r = check(model);
      expect(r.stats.distinct).toBe(2066);
      expect(failingVerdicts(r)).toEqual({ 'deadlock free': 'violated', 'no thread stuck forever': 'violated', 'every call is answered': 'violated' });
      expect(traceActions(model, r, 'no thread stuck forever')).toEqual(['prepare 0 (client 1)', 'Call(server 1) (client 1)']);
      expect(traceActions(model, r, 'deadlock free')).toEqual([
        'prepare 0 (client 1)', 'Call(server 1) (client 1)', 'Return', 'prepare 0 (client 2)', 'Call(server 2) (client 2)', 'Return',
        'Call(client 1) (server 1)', 'Return', 'Wait (server 2)', 'Return', 'answer (server 2)', 'ReplyWait (server 2)', 'Return', 'Exit (client 2)',
      ]);
      const v = r.verdicts['deadlock free'];
      if (v.status !== 'violated') throw new Error('expected a deadlock');
      const end = lastState(v.trace).kernel as K;
      expect(end.objects.sendq.slice(0, 3)).toEqual([[3], [], [1]]);
    });

    it('F1 as the monolithic model runs it, with finite send timeouts: the first poll to expire breaks the cycle (18,818 states)', () => {
      const r = check(compose(l4({ callSend: 'finite' }), callBack('finite')));
      expect(r.stats.distinct).toBe(18818);
      expect(failingVerdicts(r)).toEqual({});
    }, 120_000);

    it('F2 on the specification: the closed receive refuses thread X and every property holds (9,001 states)', () => {
      const r = check(compose(l4(), thirdParty));
      expect(r.stats.distinct).toBe(9001);
      expect(failingVerdicts(r)).toEqual({});
    });

    it('F2 (openReceiveReply), receive timeout finite: client 1 takes thread X’s message as the reply (16 steps)', () => {
      const model = compose(l4({ openReceiveReply: true, callReceive: 'finite' }), thirdParty);
      const r = check(model);
      expect(r.stats.distinct).toBe(235845);
      // The reply can also be lost before client 1's Wait; its finite receive timeout then never firing is a fair path (the environment's), so its call goes unanswered.
      expect(failingVerdicts(r)).toEqual({ 'reply correctness': 'violated', 'every call is answered': 'violated' });
      const steps = traceActions(model, r, 'reply correctness');
      expect(steps).toHaveLength(16);
      expect([steps[9], steps[11], steps.at(-1)]).toEqual(['Send(server); Wait (client 1)', 'Send(server); Wait (client 1)', 'Send(client 1) (thread X)']);
    }, 120_000);

    it('F2 (openReceiveReply), receive timeout never: the reply can also come before the Wait, and client 1 then waits for ever (18 steps)', () => {
      const model = compose(l4({ openReceiveReply: true }), thirdParty);
      const r = check(model);
      expect(r.stats.distinct).toBe(35143);
      expect(failingVerdicts(r)).toEqual({ 'reply correctness': 'violated', 'deadlock free': 'violated', 'no client stuck forever': 'violated', 'every call is answered': 'violated' });
      const v = r.verdicts['no client stuck forever'];
      expect(v.status === 'violated' && v.stuckThread).toBe('client 1');
      // The server's Reply (snd = 0) comes between client 1's Send and its Wait: lost.
      expect(traceActions(model, r, 'no client stuck forever').slice(10)).toEqual([
        'Wait (server)',
        'Return',
        'answer (server)',
        'Reply (server)',
        'Return',
        'Preempt',
        'Return',
        'Send(server); Wait (client 1)',
      ]);
    });

    it('F3: a reply with snd = never to a client that never receives leaves the server polling it for ever (7 steps)', () => {
      const model = compose(l4({ replySend: 'never' }), oneWay);
      const r = check(model);
      expect(r.stats.distinct).toBe(66);
      expect(failingVerdicts(r)).toEqual({ 'deadlock free': 'violated', 'no thread stuck forever': 'violated' });
      expect(traceActions(model, r, 'no thread stuck forever')).toEqual(['prepare 0 (client 1)', 'Send(server) (client 1)', 'Return', 'Wait (server)', 'Return', 'answer (server)', 'Reply (server)']);
      const v = r.verdicts['no thread stuck forever'];
      expect(v.status === 'violated' && v.stuckThread).toBe('server');
      expect(traceActions(model, r, 'deadlock free')).toHaveLength(9);
    });

    it('F3 with the reply timeout 0: the reply is dropped with an error and every property holds (82 states)', () => {
      const r = check(compose(l4(), oneWay));
      expect(r.stats.distinct).toBe(82);
      expect(failingVerdicts(r)).toEqual({});
    });
  });
});
