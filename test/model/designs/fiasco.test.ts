/**
 * The Fiasco IPC design (card M6): each phase of the two-phase `do_ipc` on hand-built kernels,
 * then the design composed with rpcPool in every configuration of the monolithic model's registry
 * runs (model/protocols/fiascoIpc.ts), pinning state counts, every verdict and the shortest
 * counterexamples of the seeded `Thread_polling` regression and of the thesis' lock abstraction
 * with a zero send timeout.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { compose, type ComposedAction, type ComposedState } from '../../../model/compose/compose.js';
import { defineModel, type Model } from '../../../model/core/model.js';
import type { Frame, KernelState } from '../../../model/designs/design.js';
import { fiasco, type FiascoCall, type FiascoObjects, type FiascoOptions, type FiascoTcb, type FiascoTimeout } from '../../../model/designs/fiasco.js';
import { answer, forever, prepare, replyServe, rpc, serve } from '../../../model/workloads/program.js';
import { callBack } from '../../../model/workloads/callBack.js';
import { rpcPool } from '../../../model/workloads/rpcPool.js';
import type { WorkloadSpec } from '../../../model/workloads/workload.js';
import { sometimes } from '../../../properties/index.js';
import { failingVerdicts, traceActions } from '../../helpers/verdicts.js';

type K = KernelState<FiascoTcb, FiascoObjects>;

// Threads: client 1, client 2, server (3, the only server of 'svc').
const frame: Frame = {
  threads: 3,
  values: 2,
  slots: 0,
  pages: 1,
  objects: [{ name: 'svc', kind: 'service', servers: [3], senders: [1, 2] }],
  threadNames: ['client 1', 'client 2', 'server'],
};
const design = fiasco();
const k0 = design.init(frame);

/** `k` with thread `t`'s TCB changed. */
const withTcb = (k: K, t: number, change: Partial<FiascoTcb>): K => ({ ...k, threads: k.threads.map((x, i) => (i === t - 1 ? { ...x, ...change } : x)) });
/** `k` with receiver `r`'s sender list `q`. */
const withSenders = (k: K, r: number, q: number[]): K => ({ ...k, objects: { ...k.objects, senders: k.objects.senders.map((x, i) => (i === r - 1 ? q : x)) } });
const call = (snd: FiascoTimeout = 'never', rcv: FiascoTimeout = 'never'): FiascoCall => ({ kind: 'Call', gate: 0, to: 3, snd, rcv });
const CALL = call();
const WAIT: FiascoCall = { kind: 'Wait' };
const REPLY_WAIT: FiascoCall = { kind: 'ReplyWait' };
/** The server asleep in its open wait. */
const serverWaits = withTcb(k0, 3, { ready: false, receiving: true, ipc: true, phase: 'receive' });
/** Client 1 inside do_send_wait towards the server at `phase`, queued in the server's list once it polls. */
const sendWait = (phase: FiascoTcb['phase'], change: Partial<FiascoTcb> = {}): Partial<FiascoTcb> => ({ polling: true, sending: true, ipc: true, to: 3, mr: 1, phase, ...change });
/** Client 1 asleep for the server's reply. */
const awaitsReply: Partial<FiascoTcb> = { ready: false, receiving: true, ipc: true, partner: 3, from: 3, to: 3, phase: 'receive' };
const invariant = (name: string, k: K) => design.invariants(frame).find((p) => p.name === name)!.holds(k);

describe('Fiasco IPC design (M6)', () => {
  describe('the send phase', () => {
    it('a Call to a server asleep in its open wait hands over the request, ends the server’s receive with the caller in its reply slot, and sleeps for the reply', () => {
      const r = design.syscall(serverWaits, 1, CALL, 1, frame);
      expect(r.outcome).toEqual({ kind: 'blocked', on: 'reply' });
      expect(r.woken).toEqual([3]);
      expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: 1, to: 3, value: 1 }]);
      expect(r.kernel.threads[2]).toMatchObject({ ready: true, receiving: false, ipc: false, phase: 'none', partner: 0, mr: 1, caller: 1 });
      expect(r.kernel.threads[0]).toMatchObject({ ready: false, receiving: true, ipc: true, partner: 3, from: 3, phase: 'receive', polling: false, timeout: 'off' });
      expect(r.kernel.objects.failed).toEqual({ polling: false, p1: false, p2: false });
    });

    it('a Call to a server that is not receiving enters do_send_wait: Thread_polling set, the server locked, the call stops at the first preemption point', () => {
      const r = design.syscall(k0, 1, CALL, 0, frame);
      expect(r.outcome).toEqual({ kind: 'continues' });
      expect([r.woken, r.events]).toEqual([[], []]);
      expect(r.kernel.threads[0]).toMatchObject({ polling: true, sending: true, ipc: true, to: 3, phase: 'sendWaitOk' });
      expect(r.kernel.threads[2].lockedBy).toBe(1);
      // With helping the locked server cannot run; the thesis' abstraction lets it.
      expect([design.runnable(r.kernel, 3), fiasco({ helping: false }).runnable(r.kernel, 3), design.runnable(r.kernel, 1)]).toEqual([false, true, true]);
    });

    it('at sendWaitOk a server that started its receive meanwhile takes the request, and the fix clears Thread_polling first', () => {
      const k = withTcb(withTcb(serverWaits, 3, { lockedBy: 1 }), 1, sendWait('sendWaitOk'));
      const r = design.syscall(k, 1, CALL, 1, frame);
      expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: 1, to: 3, value: 1 }]);
      expect(r.kernel.threads[2]).toMatchObject({ lockedBy: 0, ready: true, caller: 1 });
      expect(r.kernel.objects.failed).toEqual({ polling: false, p1: false, p2: false });
      expect(invariant('not polling after a successful handshake', r.kernel)).toBe(true);
    });

    it('threadPollingRegression: the same handshake leaves Thread_polling set at the end of the send phase, and the latched assertion fails', () => {
      const bug = fiasco({ threadPollingRegression: true });
      const k = withTcb(withTcb(serverWaits, 3, { lockedBy: 1 }), 1, sendWait('sendWaitOk'));
      const r = bug.syscall(k, 1, CALL, 1, frame);
      expect(r.kernel.objects.failed).toEqual({ polling: true, p1: false, p2: false });
      // prepare_receive_dirty clears the bit at once: only the assertion at the end of the send phase sees it.
      expect(r.kernel.threads[0].polling).toBe(false);
      expect(bug.invariants(frame).map((p) => [p.name, p.holds(r.kernel)])).toEqual([
        ['not polling after a successful handshake', false],
        ['P1 no thread lock after the send phase', true],
        ['P2 receiver ready after the send phase', true],
        ['sender lists', true],
        ['no receiver stranded in a handshake', true],
      ]);
    });

    it('at sendWaitOk a server still not receiving gets the caller at the tail of its sender list', () => {
      const k = withSenders(withTcb(withTcb(k0, 3, { lockedBy: 1 }), 1, sendWait('sendWaitOk')), 3, [2]);
      const r = design.syscall(withTcb(k, 2, sendWait('sendWaitSleep')), 1, CALL, 1, frame);
      expect(r.outcome).toEqual({ kind: 'continues' });
      expect(r.kernel.objects.senders[2]).toEqual([2, 1]);
      expect(r.kernel.threads[0].phase).toBe('sendWaitTimeout');
    });

    it('at sendWaitTimeout a zero send timeout aborts: out of the list, the lock released, the call fails with Timeout', () => {
      const k = withSenders(withTcb(withTcb(k0, 3, { lockedBy: 1 }), 1, sendWait('sendWaitTimeout')), 3, [1]);
      const r = fiasco({ snd: 'zero' }).syscall(k, 1, call('zero'), 1, frame);
      expect(r.outcome).toEqual({ kind: 'returned' });
      expect(r.events).toEqual([{ kind: 'error', thread: 1, label: 'Timeout' }]);
      expect(r.kernel.objects.senders[2]).toEqual([]);
      expect(r.kernel.threads[2].lockedBy).toBe(0);
      expect(r.kernel.threads[0]).toMatchObject({ polling: false, sending: false, ipc: false, to: 0, phase: 'none', ready: true });
    });

    it('at sendWaitTimeout a finite timeout is set and the lock released; at sendWaitSleep the caller sleeps while it polls', () => {
      const k = withSenders(withTcb(withTcb(k0, 3, { lockedBy: 1 }), 1, sendWait('sendWaitTimeout')), 3, [1]);
      const finite = fiasco({ snd: 'finite' });
      const r = finite.syscall(k, 1, call('finite'), 1, frame);
      expect(r.outcome).toEqual({ kind: 'continues' });
      expect(r.woken).toEqual([3]);
      expect(r.kernel.threads[0]).toMatchObject({ timeout: 'set', phase: 'sendWaitSleep' });
      expect(r.kernel.threads[2].lockedBy).toBe(0);
      const s = finite.syscall(r.kernel, 1, call('finite'), 1, frame);
      expect(s.outcome).toEqual({ kind: 'continues' });
      expect(finite.runnable(s.kernel, 1)).toBe(false);
      expect(s.kernel.threads[0]).toMatchObject({ ready: false, polling: true, phase: 'sendWaitWoken' });
      // The sleep is a note: the Call stays outstanding until its reply (an error would end it for the framework).
      expect(s.events).toEqual([{ kind: 'note', thread: 1, label: 'sleeps in do_send_wait' }]);
      expect(finite.expirable!(s.kernel)).toEqual([1]);
    });

    it('woken with the handshake bit, the caller takes the lock, leaves the list, transfers and waits for the reply; the server’s receive ends', () => {
      const k = withTcb(withTcb(withSenders(k0, 3, [1]), 3, { ready: false, receiving: true, ipc: true, transfer: true, partner: 1, phase: 'receive' }), 1, sendWait('sendWaitWoken', { transfer: true }));
      expect(invariant('no receiver stranded in a handshake', k)).toBe(true);
      const r = design.syscall(k, 1, CALL, 1, frame);
      expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: 1, to: 3, value: 1 }]);
      expect(r.outcome).toEqual({ kind: 'blocked', on: 'reply' });
      expect(r.woken[0]).toBe(3);
      expect(r.kernel.objects.senders[2]).toEqual([]);
      expect(r.kernel.threads[2]).toMatchObject({ lockedBy: 0, ready: true, transfer: false, phase: 'none', caller: 1, mr: 1 });
      expect(r.kernel.threads[0]).toMatchObject({ polling: false, transfer: false, receiving: true, phase: 'receive' });
      // P2 on a real handshake: both in IPC after the send phase, and the receiver is ready.
      expect(r.kernel.objects.failed.p2).toBe(false);
    });

    it('woken by its timeout, the caller aborts with Timeout; woken with neither, it polls and sleeps again', () => {
      const k = withSenders(withTcb(k0, 1, sendWait('sendWaitWoken', { ipc: false, timeout: 'hit' })), 3, [1]);
      const r = design.syscall(k, 1, CALL, 1, frame);
      expect([r.outcome, r.events, r.kernel.objects.senders[2]]).toEqual([{ kind: 'returned' }, [{ kind: 'error', thread: 1, label: 'Timeout' }], []]);
      const again = design.syscall(withTcb(k, 1, { ipc: true, timeout: 'off', polling: false }), 1, CALL, 1, frame);
      expect(again.kernel.threads[0]).toMatchObject({ polling: true, phase: 'sendWaitSleep' });
      expect(again.kernel.threads[2].lockedBy).toBe(0);
    });

    it('a sender that finds the receiver’s lock held stops before lock_dirty, then lends its time to the holder and waits; the release wakes it', () => {
      const held = withSenders(withTcb(withTcb(k0, 3, { lockedBy: 2 }), 2, { ...sendWait('sendWaitTimeout'), mr: 0 }), 3, [2]);
      const r1 = design.syscall(held, 1, CALL, 1, frame);
      expect([r1.outcome, r1.kernel.threads[0].phase]).toEqual([{ kind: 'continues' }, 'handshakeLock']);
      const r2 = design.syscall(r1.kernel, 1, CALL, 1, frame);
      expect(r2.outcome).toEqual({ kind: 'continues' });
      expect([r2.woken, design.runnable(r2.kernel, 1), r2.kernel.threads[0].lockWait]).toEqual([[2], false, true]);
      expect(r2.events).toEqual([{ kind: 'note', thread: 1, label: 'waits for a thread lock' }]);
      // Client 2 releases the lock at its sendWaitTimeout: the server and client 1 may run again.
      const r3 = design.syscall(r2.kernel, 2, CALL, 0, frame);
      expect(r3.woken).toEqual([3, 1]);
      expect([design.runnable(r3.kernel, 1), design.runnable(r3.kernel, 3)]).toEqual([true, true]);
      expect(r3.kernel.threads[0]).toMatchObject({ lockWait: false, phase: 'handshakeLock' });
    });
  });

  describe('the receive phase and replies', () => {
    it('an open wait with a sender queued starts the handshake (ipc_receiver_ready): the receiver sleeps with it as partner, the sender is woken', () => {
      const k = withSenders(withTcb(k0, 1, sendWait('sendWaitWoken', { ready: false })), 3, [1]);
      const r = design.syscall(k, 3, WAIT, 0, frame);
      expect(r.outcome).toEqual({ kind: 'blocked', on: 'handshake' });
      expect(r.woken).toEqual([1]);
      expect(r.events).toEqual([]);
      expect(r.kernel.threads[2]).toMatchObject({ ready: false, receiving: true, ipc: true, transfer: true, partner: 1, phase: 'receive' });
      expect(r.kernel.threads[0]).toMatchObject({ ready: true, transfer: true });
    });

    it('an open wait drops a queued sender that is no longer in IPC, and sleeps', () => {
      const k = withSenders(withTcb(k0, 1, sendWait('sendWaitWoken', { ipc: false, timeout: 'hit' })), 3, [1]);
      const r = design.syscall(k, 3, WAIT, 0, frame);
      expect(r.outcome).toEqual({ kind: 'blocked', on: 'open wait' });
      expect(r.kernel.objects.senders[2]).toEqual([]);
      expect(r.kernel.threads[2]).toMatchObject({ partner: 0, transfer: false });
    });

    it('ReplyWait answers the caller in the reply slot and resets the slot, ends the caller’s receive, then waits openly; the caller runs first', () => {
      const k = withTcb(withTcb(k0, 1, awaitsReply), 3, { caller: 1, mr: 1 });
      const r = design.syscall(k, 3, REPLY_WAIT, 1, frame);
      expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: 3, to: 1, value: 1 }]);
      expect(r.outcome).toEqual({ kind: 'blocked', on: 'open wait' });
      expect(r.woken).toEqual([1]);
      expect(r.kernel.threads[0]).toMatchObject({ ready: true, receiving: false, phase: 'none', mr: 1 });
      expect(r.kernel.threads[2]).toMatchObject({ caller: 0, receiving: true, partner: 0, phase: 'receive' });
    });

    it('ReplyWait with an empty reply slot fails with Not_existent; the server loop then waits again in a phase of its own', () => {
      const r = design.syscall(k0, 3, REPLY_WAIT, 1, frame);
      expect([r.outcome, r.events, r.kernel.threads[2].phase]).toEqual([{ kind: 'continues' }, [{ kind: 'error', thread: 3, label: 'Not_existent' }], 'rewait']);
      const w = design.syscall(r.kernel, 3, REPLY_WAIT, 1, frame);
      expect(w.outcome).toEqual({ kind: 'blocked', on: 'open wait' });
      expect(design.syscall(k0, 3, { kind: 'Reply' }, 1, frame).outcome).toEqual({ kind: 'returned' });
    });

    it('a Reply to a caller that gave up polls it with a zero timeout and fails with Timeout, leaving its lock', () => {
      const k = withTcb(k0, 3, { caller: 1 });
      const r1 = design.syscall(k, 3, { kind: 'Reply' }, 0, frame);
      expect([r1.outcome, r1.kernel.threads[0].lockedBy, r1.kernel.threads[2].caller]).toEqual([{ kind: 'continues' }, 3, 0]);
      const r2 = design.syscall(r1.kernel, 3, { kind: 'Reply' }, 0, frame);
      expect(r2.kernel.objects.senders[0]).toEqual([3]);
      const r3 = design.syscall(r2.kernel, 3, { kind: 'Reply' }, 0, frame);
      expect([r3.outcome, r3.events, r3.kernel.threads[0].lockedBy, r3.kernel.objects.senders[0]]).toEqual([{ kind: 'returned' }, [{ kind: 'error', thread: 3, label: 'Timeout' }], 0, []]);
    });

    it('a send-only IPC is a message; the receiver’s reply slot stays empty', () => {
      const r = design.syscall(serverWaits, 1, { kind: 'Send', gate: 0, to: 3, snd: 'never' }, 1, frame);
      expect([r.outcome, r.events, r.kernel.threads[2].caller]).toEqual([{ kind: 'returned' }, [{ kind: 'transfer', what: 'message', from: 1, to: 3, value: 1 }], 0]);
    });
  });

  describe('timeouts, exit, operations and invariants', () => {
    it('an expiring receive timeout ends the Call with R_timeout and resets the server’s reply slot if it still names the caller', () => {
      const k = withTcb(withTcb(k0, 1, { ...awaitsReply, timeout: 'set' }), 3, { caller: 1 });
      expect(design.expirable!(k)).toEqual([1]);
      const r = design.expire!(k, 1, frame);
      expect(r.events).toEqual([{ kind: 'error', thread: 1, label: 'R_timeout' }]);
      expect(r.woken).toEqual([1]);
      expect(r.kernel.threads[0]).toMatchObject({ ready: true, receiving: false, ipc: false, phase: 'none', timeout: 'off' });
      expect(r.kernel.threads[2].caller).toBe(0);
    });

    it('an expiring send timeout clears Thread_ipc_in_progress and wakes the caller, whose next phase aborts; a handshake already begun is not offered', () => {
      const k = withSenders(withTcb(k0, 1, sendWait('sendWaitWoken', { ready: false, timeout: 'set' })), 3, [1]);
      const r = design.expire!(k, 1, frame);
      expect(r.events).toEqual([{ kind: 'error', thread: 1, label: 'Timeout' }]);
      expect(r.kernel.threads[0]).toMatchObject({ ready: true, ipc: false, timeout: 'hit', phase: 'sendWaitWoken' });
      expect(design.syscall(r.kernel, 1, CALL, 1, frame).events).toEqual([{ kind: 'error', thread: 1, label: 'Timeout' }]);
      expect(design.expirable!(withTcb(k, 1, { transfer: true }))).toEqual([]);
    });

    it('a zero receive timeout after a send phase sleeps with a pending timeout: the partner runs first, as Fiasco switches to it', () => {
      const zero = fiasco({ rcv: 'zero' });
      const r = zero.syscall(serverWaits, 1, call('never', 'zero'), 1, frame);
      expect(r.outcome).toEqual({ kind: 'blocked', on: 'reply' });
      expect(r.woken).toEqual([3]);
      expect(zero.expirable!(r.kernel)).toEqual([1]);
    });

    it('Exit ends the thread; with helping a thread locked by another cannot run, and a lock held outside a send phase breaks P1', () => {
      const r = design.syscall(k0, 1, { kind: 'Exit' }, 0, frame);
      expect([r.outcome, design.ended(r.kernel, 1), design.runnable(r.kernel, 1)]).toEqual([{ kind: 'ended' }, true, false]);
      expect(invariant('P1 no thread lock after the send phase', withTcb(k0, 3, { lockedBy: 1 }))).toBe(false);
      expect(invariant('P1 no thread lock after the send phase', withTcb(withTcb(k0, 3, { lockedBy: 1 }), 1, sendWait('sendWaitOk')))).toBe(true);
    });

    it('the invariants catch a queued thread that does not poll that receiver, and a receiver whose handshake partner left its send phase', () => {
      expect(invariant('sender lists', withSenders(k0, 3, [1]))).toBe(false);
      expect(invariant('sender lists', withSenders(withTcb(k0, 1, sendWait('sendWaitSleep')), 3, [1, 1]))).toBe(false);
      expect(invariant('sender lists', withSenders(withTcb(k0, 1, sendWait('sendWaitSleep')), 3, [1]))).toBe(true);
      const stranded = withTcb(k0, 3, { ready: false, receiving: true, ipc: true, transfer: true, partner: 1, phase: 'receive' });
      expect(invariant('no receiver stranded in a handshake', stranded)).toBe(false);
      expect(invariant('P2 receiver ready after the send phase', { ...k0, objects: { ...k0.objects, failed: { polling: false, p1: false, p2: true } } })).toBe(false);
    });

    it('maps the neutral operations: rpc calls through the gate of server (t − 1) mod n; no saved callers and no notifications', () => {
      const two: Frame = { ...frame, objects: [{ name: 'svc', kind: 'service', servers: [2, 3], senders: [1] }] };
      expect(design.operation({ op: 'rpc', obj: 'svc' }, 1, two)).toEqual({ kind: 'Call', gate: 0, to: 2, snd: 'never', rcv: 'never' });
      expect(fiasco({ snd: 'finite', rcv: 'zero' }).operation({ op: 'rpc', obj: 'svc' }, 2, two)).toEqual({ kind: 'Call', gate: 0, to: 3, snd: 'finite', rcv: 'zero' });
      const ops = [{ op: 'serve', obj: 'svc' }, { op: 'replyServe', obj: 'svc' }, { op: 'reply' }, { op: 'send', obj: 'svc' }, { op: 'receive', obj: 'svc' }, { op: 'exit' }] as const;
      expect(ops.map((op) => design.label(design.operation(op, 1, frame)!, frame))).toEqual(['Wait', 'ReplyWait', 'Reply', 'Send(svc)', 'Wait', 'Exit']);
      const ev: Frame = { ...frame, objects: [{ name: 'ev', kind: 'event', servers: [3], senders: [1] }] };
      for (const op of [{ op: 'save', slot: 0 }, { op: 'replySaved', slot: 0 }, { op: 'signal', obj: 'ev' }, { op: 'wait', obj: 'ev' }, { op: 'rpc', obj: 'ev' }] as const) expect(design.operation(op, 1, ev)).toBeUndefined();
    });
  });

  describe('composed with rpcPool: the registry runs of the monolithic fiascoIpc model', () => {
    const pool = (extra: Partial<WorkloadSpec> = {}): WorkloadSpec => ({ ...rpcPool.build(rpcPool.defaults), ...extra });
    const run = (options: FiascoOptions, extra: Partial<WorkloadSpec> = {}, scheduling: 'strict' | 'lazy' = 'strict') => {
      const model = compose(fiasco(options), pool(extra), { scheduling });
      return { model, r: check(model) };
    };
    /** The shortest trace to a state where `holds`, as the model labels its steps. */
    const shortest = (model: Model<ComposedState, ComposedAction>, holds: (s: ComposedState) => boolean): string[] => {
      const r = check(defineModel<ComposedState, ComposedAction>({ ...model, properties: [sometimes('target', holds)] }));
      return traceActions(model, r, 'target');
    };

    it('holds every property with two clients calling one server (3,647 states); the first reply comes after 11 steps, by a direct switch from the Call', () => {
      const { model, r } = run({});
      expect(r.complete).toBe(true);
      expect(r.stats.distinct).toBe(3647);
      expect(Object.fromEntries(r.properties.map((p) => [p.name, p.verdict.status]))).toEqual({
        'not polling after a successful handshake': 'holds',
        'P1 no thread lock after the send phase': 'holds',
        'P2 receiver ready after the send phase': 'holds',
        'sender lists': 'holds',
        'no receiver stranded in a handshake': 'holds',
        'reply correctness': 'holds',
        'run queue': 'holds',
        'kernel memory ≤ 0': 'holds',
        isolation: 'holds',
        privilege: 'holds',
        'kernel-mediated transfer': 'holds',
        'deadlock free': 'holds',
        'no client stuck forever': 'holds',
        'every call is answered': 'holds',
        'a call completes': 'witnessed',
      });
      expect(traceActions(model, r, 'a call completes')).toEqual([
        'prepare 0 (client 1)',
        'Preempt',
        'Return',
        'Preempt',
        'Return',
        'Wait (server 1)',
        'Return',
        'Call(svc) (client 1)',
        'Return',
        'answer (server 1)',
        'ReplyWait (server 1)',
      ]);
    });

    // The monolithic model's registry runs, its verdicts and (where one fails) its shortest counterexample length, against this design's.
    const RUNS: readonly { label: string; options: FiascoOptions; extra?: Partial<WorkloadSpec>; distinct: number; fails: Record<string, string>; steps?: number; old: { fails: Record<string, string>; steps?: number } }[] = [
      { label: 'default', options: {}, distinct: 3647, fails: {}, old: { fails: {} } },
      { label: 'snd timeout 0 (busy server)', options: { snd: 'zero' }, distinct: 2519, fails: {}, old: { fails: {} } },
      { label: 'finite timeouts', options: { snd: 'finite', rcv: 'finite' }, distinct: 18097, fails: {}, old: { fails: {} } },
      { label: 'rcv timeout 0', options: { rcv: 'zero' }, distinct: 7799, fails: {}, old: { fails: {} } },
      { label: 'no preemption', options: {}, extra: { preemption: false }, distinct: 203, fails: {}, old: { fails: {} } },
      { label: 'helping=false (thesis lock abstraction)', options: { helping: false }, distinct: 4735, fails: {}, old: { fails: {} } },
      {
        label: 'helping=false, snd timeout 0',
        options: { helping: false, snd: 'zero' },
        distinct: 4503,
        fails: { 'no receiver stranded in a handshake': 'violated' },
        steps: 12,
        old: { fails: { 'no thread stuck forever': 'violated' }, steps: 8 },
      },
      {
        label: 'bug=threadPollingRegression, helping=false',
        options: { threadPollingRegression: true, helping: false },
        distinct: 7283,
        fails: { 'not polling after a successful handshake': 'violated' },
        steps: 10,
        old: { fails: { 'not polling after a successful handshake': 'violated' }, steps: 8 },
      },
      { label: 'bug=threadPollingRegression (latent with helping)', options: { threadPollingRegression: true }, distinct: 3647, fails: {}, old: { fails: {} } },
    ];
    for (const x of RUNS) {
      it(`${x.label}: ${Object.keys(x.fails).length === 0 ? 'every property holds' : `${Object.keys(x.fails).join(', ')} fails in ${x.steps} steps (the old model: ${Object.keys(x.old.fails).join(', ')}, ${x.old.steps} steps)`} (${x.distinct.toLocaleString('en')} states)`, () => {
        const { model, r } = run(x.options, x.extra);
        expect(r.complete).toBe(true);
        expect(r.stats.distinct).toBe(x.distinct);
        expect(failingVerdicts(r)).toEqual(x.fails);
        expect(r.verdicts['a call completes'].status).toBe('witnessed');
        for (const name of Object.keys(x.fails)) expect(traceActions(model, r, name)).toHaveLength(x.steps!);
      });
    }

    it('threadPollingRegression under the thesis lock abstraction: the server starts its open wait while client 1 holds its lock in do_send_wait, and the handshake at sendWaitOk keeps Thread_polling', () => {
      const { model, r } = run({ threadPollingRegression: true, helping: false });
      expect(traceActions(model, r, 'not polling after a successful handshake')).toEqual([
        'prepare 0 (client 1)',
        'Call(svc) (client 1)',
        'Return',
        'Preempt',
        'Return',
        'Preempt',
        'Return',
        'Wait (server 1)',
        'Return',
        'Call(svc) (client 1)',
      ]);
    });

    it('the thesis lock abstraction with a zero send timeout: the server takes client 1 from its list at sendWaitTimeout, and client 1 then aborts without telling it', () => {
      const { model, r } = run({ helping: false, snd: 'zero' });
      const v = r.verdicts['no receiver stranded in a handshake'];
      if (!('trace' in v)) throw new Error('expected a counterexample');
      expect(traceActions(model, r, 'no receiver stranded in a handshake')).toEqual([
        'prepare 0 (client 1)',
        'Call(svc) (client 1)',
        'Return',
        'Call(svc) (client 1)',
        'Return',
        'Preempt',
        'Return',
        'Preempt',
        'Return',
        'Wait (server 1)',
        'Return',
        'Call(svc) (client 1)',
      ]);
      const server = v.trace.steps.at(-1)!.state.kernel.threads[2] as FiascoTcb;
      expect(server).toMatchObject({ ready: false, receiving: true, transfer: true, partner: 1 });
      // The framework sees an idle server resting after its wait: only the design's invariant catches it.
      expect(r.verdicts['no client stuck forever'].status).toBe('holds');
    });

    it('a zero receive timeout: the caller’s pending timeout fires before the reply, resets the reply slot, and ReplyWait fails with Not_existent (13 steps)', () => {
      const trace = shortest(run({ rcv: 'zero' }).model, (s) => (s.kernel.threads[2] as FiascoTcb).phase === 'rewait');
      expect([trace.length, ...trace.slice(-4)]).toEqual([13, 'answer (server 1)', 'Timeout(client 1)', 'Return', 'ReplyWait (server 1)']);
    });

    it('a finite send timeout expires while the caller sleeps in do_send_wait (8 steps); P2’s premise, a receiver in a handshake, is reachable (12 steps)', () => {
      const finite = run({ snd: 'finite', rcv: 'finite' }).model;
      expect(shortest(finite, (s) => (s.kernel.threads[0] as FiascoTcb).timeout === 'hit')).toEqual([
        'prepare 0 (client 1)',
        'Call(svc) (client 1)',
        'Return',
        'Call(svc) (client 1)',
        'Return',
        'Call(svc) (client 1)',
        'Return',
        'Timeout(client 1)',
      ]);
      const handshake = shortest(run({}).model, (s) => (s.kernel.threads[2] as FiascoTcb).transfer);
      expect([handshake.length, handshake.at(-1)]).toEqual([12, 'Wait (server 1)']);
    }, 120_000);

    it('callBack: client 1’s Call is never answered: a 26-step lasso from its Call (state 2) into the deadlock where all three threads sleep in do_send_wait, their calls outstanding', () => {
      const model = compose(fiasco(), callBack.build(callBack.defaults));
      const r = check(model);
      expect(r.stats.distinct).toBe(2549);
      expect(failingVerdicts(r)).toEqual({ 'deadlock free': 'violated', 'no client stuck forever': 'violated', 'every call is answered': 'violated', 'a call completes': 'unwitnessed' });
      const v = r.verdicts['every call is answered'];
      if (v.status !== 'violated') throw new Error('expected a lasso');
      // loop = steps: nothing repeats, the path stays in the last state (a deadlock).
      expect([v.instance, v.trace.steps.length, v.trace.loop, v.premiseAt]).toEqual(['client 1', 26, 26, 2]);
      expect(traceActions(model, r, 'every call is answered').filter((a) => a.startsWith('Call'))).toEqual([
        ...Array(4).fill('Call(svc) (client 1)'), ...Array(4).fill('Call(svc) (client 2)'), ...Array(4).fill('Call(cb) (server)'),
      ]);
      // The sleeps are notes, so the calls stay outstanding (an error event used to end them for the framework while the callers slept).
      const end = v.trace.steps.at(-1)!.state;
      expect((end.kernel as K).threads.map((x) => x.phase)).toEqual(['sendWaitWoken', 'sendWaitWoken', 'sendWaitWoken']);
      expect(end.ghost.pending).toEqual([{ request: 1, server: 0 }, { request: 0, server: 0 }, { request: 0, server: 0 }]);
    });

    it('under lazy scheduling, Fiasco’s run queue, every property holds too (5,978 states)', () => {
      const { r } = run({}, {}, 'lazy');
      expect([r.stats.distinct, failingVerdicts(r)]).toEqual([5978, {}]);
    });

    it('on the old model’s exact scenario (the server answers only with ReplyWait) the verdicts are the same', () => {
      const spec: WorkloadSpec = {
        name: 'fiascoIpc scenario',
        threads: [
          { name: 'client 1', space: '1', program: [prepare(), rpc('svc')] },
          { name: 'client 2', space: '2', program: [prepare(), rpc('svc')] },
          { name: 'server', space: '3', program: [serve('svc'), forever(answer(), replyServe('svc'))] },
        ],
        objects: [{ name: 'svc', kind: 'service' }],
        values: 2,
        witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
      };
      const verdicts = RUNS.map((x) => {
        const r = check(compose(fiasco(x.options), { ...spec, ...x.extra }));
        return [r.stats.distinct, failingVerdicts(r)];
      });
      expect(verdicts).toEqual([
        [2479, {}],
        [1807, {}],
        [15161, {}],
        [6047, {}],
        [115, {}],
        [3327, {}],
        [3311, { 'no receiver stranded in a handshake': 'violated' }],
        [4467, { 'not polling after a successful handshake': 'violated' }],
        [2479, {}],
      ]);
    }, 120_000);
  });
});
