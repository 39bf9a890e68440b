/**
 * The UNIX pipe design (card M8): each call case by case on hand-built kernels, then composed
 * checks on rpcPool and on inline workloads for the old unixPipe registry runs and card M8's
 * seeded bugs (F1 both write first, F2 the reader keeps a write end, F4 an unbounded buffer);
 * counts, verdicts and shortest counterexamples pinned. Writes above PIPE_BUF and F3 are
 * checked on the pipeStream workload (test/model/workloads/pipeStream.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { compose } from '../../../model/compose/compose.js';
import type { Frame, KernelState } from '../../../model/designs/design.js';
import { pipe, type Pipe, type PipeObjects, type PipeTcb } from '../../../model/designs/pipe.js';
import { forever, ifReceived, prepare, receive, repeat, send, type ProgramStep } from '../../../model/workloads/program.js';
import { rpcPool } from '../../../model/workloads/rpcPool.js';
import type { WorkloadSpec } from '../../../model/workloads/workload.js';
import { traceActions } from '../../helpers/verdicts.js';

type K = KernelState<PipeTcb, PipeObjects>;

// Threads: 1 a client, 2 the channel's reader, 3 the server. Pipes: 0 svc, 1 chan, 2 ev (unused), 3..5 the reply pipes of threads 1..3.
const frame: Frame = {
  threads: 3,
  values: 2,
  slots: 1,
  pages: 1,
  objects: [
    { name: 'svc', kind: 'service', servers: [3], senders: [] },
    { name: 'chan', kind: 'channel', servers: [2], senders: [] },
    { name: 'ev', kind: 'event', servers: [], senders: [] },
  ],
  threadNames: ['client', 'reader', 'server'],
};
const SVC = 0;
const CHAN = 1;
const reply = (t: number) => 2 + t;
const d = pipe();
const k0 = d.init(frame);

/** `k` with pipe `p` set to `change` over an empty pipe. */
const withPipe = (k: K, p: number, change: Partial<Pipe>): K => ({ ...k, objects: { pipes: k.objects.pipes.map((x, i) => (i === p ? { buf: [], writers: [], readers: [], ...change } : x)) } });
/** `k` with thread `t` changed. */
const withThread = (k: K, t: number, change: Partial<PipeTcb>): K => ({ ...k, threads: k.threads.map((x, i) => (i === t - 1 ? { ...x, ...change } : x)) });
const unit = (sender: number, value: number) => ({ sender, value });
const full = withPipe(k0, CHAN, { buf: [unit(1, 0), unit(3, 1)] });
const readerSleeps = withPipe(withThread(k0, 2, { state: 'reading', on: CHAN + 1 }), CHAN, { readers: [2] });

describe('pipe design (M8): writes', () => {
  it('a write to a pipe with room appends the unit and returns', () => {
    const r = d.syscall(k0, 1, { kind: 'write', obj: CHAN }, 1, frame);
    expect(r.kernel.objects.pipes[CHAN]).toEqual({ buf: [unit(1, 1)], writers: [], readers: [] });
    expect([r.outcome, r.woken, r.events]).toEqual([{ kind: 'returned' }, [], []]);
    expect(d.memory(r.kernel)).toBe(1);
  });

  it('a write to an empty pipe a reader sleeps on hands the unit to that reader, which runs; nothing is buffered', () => {
    const r = d.syscall(readerSleeps, 1, { kind: 'write', obj: CHAN }, 1, frame);
    expect(r.kernel.objects.pipes[CHAN]).toEqual({ buf: [], writers: [], readers: [] });
    expect(r.kernel.threads[1]).toMatchObject({ state: 'running', on: 0, mr: 1 });
    expect(r.woken).toEqual([2]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'message', from: 1, to: 2, value: 1 }]);
    expect(r.outcome).toEqual({ kind: 'returned' });
  });

  it('a write to a full pipe puts the writer to sleep at the tail of the writers', () => {
    const r = d.syscall(withPipe(full, CHAN, { buf: full.objects.pipes[CHAN].buf, writers: [3] }), 1, { kind: 'write', obj: CHAN }, 0, frame);
    expect(r.kernel.objects.pipes[CHAN].writers).toEqual([3, 1]);
    expect(r.kernel.threads[0]).toMatchObject({ state: 'writing', on: CHAN + 1, then: 0 });
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'writing chan' });
    expect(d.memory(r.kernel)).toBe(2);
  });

  it('with O_NONBLOCK a write to a full pipe gets EAGAIN, leaves the pipe as it was and is issued again: the writer stays runnable at it', () => {
    const nb = pipe({ nonblocking: true });
    const r = nb.syscall(full, 1, { kind: 'write', obj: CHAN }, 0, frame);
    expect(r.kernel.objects.pipes[CHAN]).toEqual(full.objects.pipes[CHAN]);
    expect(r.events).toEqual([{ kind: 'note', thread: 1, label: 'EAGAIN' }]);
    expect(r.outcome).toEqual({ kind: 'continues' });
    expect([nb.runnable(r.kernel, 1), r.kernel.threads[0].left]).toEqual([true, 0]);
  });

  it('a write above PIPE_BUF writes what fits and sleeps with the rest: the call continues once a read wakes it', () => {
    const r = d.syscall(withPipe(k0, CHAN, { buf: [unit(3, 1)] }), 1, { kind: 'write', obj: CHAN, units: 3 }, 0, frame);
    expect(r.kernel.objects.pipes[CHAN]).toEqual({ buf: [unit(3, 1), unit(1, 0)], writers: [1], readers: [] });
    expect(r.kernel.threads[0]).toMatchObject({ state: 'writing', on: CHAN + 1, left: 2 });
    expect([r.outcome, d.runnable(r.kernel, 1)]).toEqual([{ kind: 'continues' }, false]);
    expect(d.invariants(frame).map((p) => p.holds(r.kernel))).toEqual([true, true, true]);
    const read = d.syscall(r.kernel, 2, { kind: 'read', obj: CHAN }, 0, frame);
    expect(read.kernel.objects.pipes[CHAN]).toEqual({ buf: [unit(1, 0)], writers: [], readers: [] });
    expect([read.woken, read.kernel.threads[0]]).toEqual([[1], expect.objectContaining({ state: 'running', left: 2 })]);
    const again = d.syscall(read.kernel, 1, { kind: 'write', obj: CHAN, units: 3 }, 0, frame);
    expect(again.kernel.objects.pipes[CHAN].buf).toEqual([unit(1, 0), unit(1, 0)]);
    expect([again.outcome, again.kernel.threads[0].left]).toEqual([{ kind: 'continues' }, 1]);
  });

  it('a write above PIPE_BUF that fits is done in one call, a unit to each sleeping reader and the rest buffered', () => {
    const r = d.syscall(readerSleeps, 1, { kind: 'write', obj: CHAN, units: 3 }, 1, frame);
    expect([r.outcome, r.woken, r.kernel.objects.pipes[CHAN].buf]).toEqual([{ kind: 'returned' }, [2], [unit(1, 1), unit(1, 1)]]);
    const two = d.syscall(withThread(withPipe(readerSleeps, CHAN, { readers: [2, 3] }), 3, { state: 'reading', on: CHAN + 1 }), 1, { kind: 'write', obj: CHAN, units: 3 }, 1, frame);
    expect([two.woken, two.kernel.objects.pipes[CHAN]]).toEqual([[2, 3], { buf: [unit(1, 1)], writers: [], readers: [] }]);
    expect(d.label({ kind: 'write', obj: CHAN, units: 3 }, frame)).toBe('write(chan, 3 units)');
    expect(() => d.syscall(k0, 1, { kind: 'write', obj: CHAN, units: 5 }, 0, frame)).toThrow(/a write of 5 units/);
  });

  it('with O_NONBLOCK a write above PIPE_BUF writes part and keeps the rest to issue again, runnable', () => {
    const nb = pipe({ nonblocking: true });
    const r = nb.syscall(withPipe(k0, CHAN, { buf: [unit(3, 1)] }), 1, { kind: 'write', obj: CHAN, units: 2 }, 0, frame);
    expect(r.kernel.objects.pipes[CHAN].buf).toEqual([unit(3, 1), unit(1, 0)]);
    expect([r.outcome, nb.runnable(r.kernel, 1), r.kernel.threads[0].left]).toEqual([{ kind: 'continues' }, true, 1]);
  });

  it('a read\'s room goes to a sleeping one-unit writer first; else every sleeping larger write wakes to race for it', () => {
    const sleepers = (left: number) => withThread(withThread(withPipe(full, CHAN, { buf: full.objects.pipes[CHAN].buf, writers: [1, 3] }), 1, { state: 'writing', on: CHAN + 1, left: 2 }), 3, { state: 'writing', on: CHAN + 1, left, mr: 1 });
    const atomic = d.syscall(sleepers(0), 2, { kind: 'read', obj: CHAN }, 0, frame);
    expect([atomic.woken, atomic.kernel.objects.pipes[CHAN]]).toEqual([[3], { buf: [unit(3, 1), unit(3, 1)], writers: [1], readers: [] }]);
    const race = d.syscall(sleepers(1), 2, { kind: 'read', obj: CHAN }, 0, frame);
    expect([race.woken, race.kernel.objects.pipes[CHAN]]).toEqual([[1, 3], { buf: [unit(3, 1)], writers: [], readers: [] }]);
    expect(d.invariants(frame).map((p) => p.holds(race.kernel))).toEqual([true, true, true]);
  });

  it('a write to a pipe whose only reader has exited fails with EPIPE', () => {
    const r = d.syscall(withThread(k0, 2, { state: 'done' }), 1, { kind: 'write', obj: CHAN }, 0, frame);
    expect(r.kernel.objects.pipes[CHAN].buf).toEqual([]);
    expect(r.events).toEqual([{ kind: 'error', thread: 1, label: 'EPIPE' }]);
  });

  it('F4: an unbounded pipe never makes a writer sleep, and its contents stay within its (infinite) capacity', () => {
    const f4 = pipe({ unbounded: true });
    const r = f4.syscall(full, 1, { kind: 'write', obj: CHAN }, 1, frame);
    expect(r.kernel.objects.pipes[CHAN].buf).toEqual([unit(1, 0), unit(3, 1), unit(1, 1)]);
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(f4.memory(r.kernel)).toBe(3);
    expect(f4.invariants(frame).map((p) => p.holds(r.kernel))).toEqual([true, true, true]);
  });
});

describe('pipe design (M8): reads', () => {
  it('a read takes the head unit, and the first sleeping writer copies its unit into the room and runs', () => {
    const k = withThread(withPipe(full, CHAN, { buf: full.objects.pipes[CHAN].buf, writers: [1] }), 1, { state: 'writing', on: CHAN + 1, mr: 1 });
    const r = d.syscall(k, 2, { kind: 'read', obj: CHAN }, 0, frame);
    expect(r.kernel.objects.pipes[CHAN]).toEqual({ buf: [unit(3, 1), unit(1, 1)], writers: [], readers: [] });
    expect(r.kernel.threads[1].mr).toBe(0);
    expect(r.kernel.threads[0]).toMatchObject({ state: 'running', on: 0 });
    expect([r.outcome, r.woken]).toEqual([{ kind: 'returned' }, [1]]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'message', from: 1, to: 2, value: 0 }]);
  });

  it('a read of an empty pipe sleeps in its readers', () => {
    const r = d.syscall(k0, 2, { kind: 'read', obj: CHAN }, 0, frame);
    expect(r.kernel.objects.pipes[CHAN].readers).toEqual([2]);
    expect(r.kernel.threads[1]).toMatchObject({ state: 'reading', on: CHAN + 1 });
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'reading chan' });
  });

  it('a read of an empty pipe whose writers have all exited returns end of file at once', () => {
    const k = withThread(withThread(k0, 1, { state: 'done' }), 3, { state: 'done' });
    const r = d.syscall(k, 2, { kind: 'read', obj: CHAN }, 1, frame);
    expect(r.kernel.objects.pipes[CHAN].readers).toEqual([]);
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.events).toEqual([{ kind: 'note', thread: 2, label: 'end of file' }]);
  });

  it('F2: a reader that kept a write end sleeps on the same empty pipe instead of seeing end of file', () => {
    const k = withThread(withThread(k0, 1, { state: 'done' }), 3, { state: 'done' });
    const r = pipe({ readerKeepsWriteEnd: true }).syscall(k, 2, { kind: 'read', obj: CHAN }, 1, frame);
    expect(r.outcome).toEqual({ kind: 'blocked', on: 'reading chan' });
    expect(r.events).toEqual([]);
  });
});

describe('pipe design (M8): RPC over pipes', () => {
  const serverSleeps = withPipe(withThread(k0, 3, { state: 'reading', on: SVC + 1 }), SVC, { readers: [3] });

  it('an RPC to a server sleeping on the request pipe hands it the request with the caller id, and the caller sleeps on its reply pipe', () => {
    const r = d.syscall(serverSleeps, 1, { kind: 'call', obj: SVC }, 1, frame);
    expect(r.kernel.threads[2]).toMatchObject({ state: 'running', mr: 1, from: 1 });
    expect(r.kernel.threads[0]).toMatchObject({ state: 'reading', on: reply(1) + 1 });
    expect(r.kernel.objects.pipes[reply(1)].readers).toEqual([1]);
    expect([r.outcome, r.woken]).toEqual([{ kind: 'blocked', on: 'reading reply 1' }, [3]]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: 1, to: 3, value: 1 }]);
  });

  it('an RPC to a full request pipe sleeps writing; the read that makes room moves the request in and leaves the caller waiting for its reply', () => {
    const d1 = pipe({ capacity: 1 });
    const r1 = d1.syscall(withPipe(k0, SVC, { buf: [unit(2, 0)] }), 1, { kind: 'call', obj: SVC }, 1, frame);
    expect(r1.kernel.threads[0]).toMatchObject({ state: 'writing', on: SVC + 1, then: reply(1) + 1 });
    const r2 = d1.syscall(r1.kernel, 3, { kind: 'read', obj: SVC }, 0, frame);
    expect(r2.kernel.objects.pipes[SVC].buf).toEqual([unit(1, 1)]);
    expect(r2.kernel.threads[0]).toMatchObject({ state: 'reading', on: reply(1) + 1, then: 0 });
    expect(r2.kernel.threads[2]).toMatchObject({ mr: 0, from: 2 });
    expect(r2.woken).toEqual([]);
    expect(r2.events).toEqual([{ kind: 'transfer', what: 'request', from: 2, to: 3, value: 0 }]);
  });

  const callerWaits = withPipe(withThread(withThread(k0, 1, { state: 'reading', on: reply(1) + 1 }), 3, { from: 1 }), reply(1), { readers: [1] });

  it('a reply goes to the remembered requester: the caller sleeping on its reply pipe receives it and runs, and the server forgets it', () => {
    const r = d.syscall(callerWaits, 3, { kind: 'reply' }, 0, frame);
    expect(r.kernel.threads[0]).toMatchObject({ state: 'running', mr: 0 });
    expect(r.kernel.threads[2].from).toBe(0);
    expect([r.outcome, r.woken]).toEqual([{ kind: 'returned' }, [1]]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: 3, to: 1, value: 0 }]);
  });

  it('a reply with no requester remembered writes nothing', () => {
    const r = d.syscall(k0, 3, { kind: 'reply' }, 0, frame);
    expect(d.memory(r.kernel)).toBe(0);
    expect(r.events).toEqual([{ kind: 'note', thread: 3, label: 'no requester' }]);
  });

  it('replyRead replies, then reads the request pipe and sleeps there when it is empty', () => {
    const r = d.syscall(callerWaits, 3, { kind: 'replyRead', obj: SVC }, 1, frame);
    expect(r.kernel.threads[0]).toMatchObject({ state: 'running', mr: 1 });
    expect(r.kernel.threads[2]).toMatchObject({ state: 'reading', on: SVC + 1, from: 0 });
    expect([r.outcome, r.woken]).toEqual([{ kind: 'blocked', on: 'reading svc' }, [1]]);
  });

  it('save keeps the requester in a slot and replySaved answers it from there', () => {
    const saved = d.syscall(callerWaits, 3, { kind: 'save', slot: 0 }, 0, frame);
    expect(saved.kernel.threads[2]).toMatchObject({ from: 0, saved: [1] });
    const r = d.syscall(saved.kernel, 3, { kind: 'replySaved', slot: 0 }, 1, frame);
    expect(r.kernel.threads[2].saved).toEqual([0]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: 3, to: 1, value: 1 }]);
  });
});

describe('pipe design (M8): exit closes the ends', () => {
  it('the last writer to exit wakes the readers sleeping on the empty pipe with end of file', () => {
    const r = d.syscall(withThread(readerSleeps, 3, { state: 'done' }), 1, { kind: 'exit' }, 0, frame);
    expect(r.kernel.threads[0].state).toBe('done');
    expect(r.kernel.threads[1]).toMatchObject({ state: 'running', on: 0 });
    expect([r.outcome, r.woken]).toEqual([{ kind: 'ended' }, [2]]);
    expect(r.events).toEqual([{ kind: 'note', thread: 2, label: 'end of file' }]);
  });

  it('a caller waiting for its reply when the last other thread exits gets end of file: its RPC fails', () => {
    const k = withPipe(withThread(withThread(k0, 1, { state: 'reading', on: reply(1) + 1 }), 2, { state: 'done' }), reply(1), { readers: [1] });
    const r = d.syscall(k, 3, { kind: 'exit' }, 0, frame);
    expect(r.woken).toEqual([1]);
    expect(r.events).toEqual([{ kind: 'error', thread: 1, label: 'end of file' }]);
  });

  it('the last reader to exit wakes a write above PIPE_BUF sleeping there, which gets EPIPE when it goes on', () => {
    const k = withThread(withPipe(full, CHAN, { buf: full.objects.pipes[CHAN].buf, writers: [1] }), 1, { state: 'writing', on: CHAN + 1, left: 2 });
    const r = d.syscall(k, 2, { kind: 'exit' }, 0, frame);
    expect([r.woken, r.events, r.kernel.threads[0].left]).toEqual([[1], [], 2]);
    const on = d.syscall(r.kernel, 1, { kind: 'write', obj: CHAN, units: 3 }, 0, frame);
    expect([on.outcome, on.events, on.kernel.threads[0].left]).toEqual([{ kind: 'returned' }, [{ kind: 'error', thread: 1, label: 'EPIPE' }], 0]);
  });

  it('the last reader to exit wakes the writers sleeping on the full pipe with EPIPE', () => {
    const k = withThread(withPipe(full, CHAN, { buf: full.objects.pipes[CHAN].buf, writers: [1] }), 1, { state: 'writing', on: CHAN + 1 });
    const r = d.syscall(k, 2, { kind: 'exit' }, 0, frame);
    expect(r.kernel.objects.pipes[CHAN].writers).toEqual([]);
    expect(r.kernel.threads[0].state).toBe('running');
    expect(r.events).toEqual([{ kind: 'error', thread: 1, label: 'EPIPE' }]);
  });
});

describe('pipe design (M8): operations and invariants', () => {
  it('maps rpc, serve and replyServe to services, send and receive to any pipe, and has no events or page faults', () => {
    const op = (o: Parameters<typeof d.operation>[0]) => d.operation(o, 1, frame);
    expect(op({ op: 'rpc', obj: 'svc' })).toEqual({ kind: 'call', obj: SVC });
    expect(op({ op: 'replyServe', obj: 'svc' })).toEqual({ kind: 'replyRead', obj: SVC });
    expect(op({ op: 'receive', obj: 'chan' })).toEqual({ kind: 'read', obj: CHAN });
    expect(op({ op: 'rpc', obj: 'chan' })).toBeUndefined();
    expect(op({ op: 'send', obj: 'ev' })).toBeUndefined();
    expect(op({ op: 'signal', obj: 'ev' })).toBeUndefined();
    expect(op({ op: 'wait', obj: 'ev' })).toBeUndefined();
    expect(d.pageFault).toBeUndefined();
  });

  it('each invariant fails on a state that breaks it', () => {
    const [contents, sym, sleep] = pipe({ capacity: 1 }).invariants(frame);
    expect([contents.name, sym.name, sleep.name]).toEqual(['contents ≤ C', 'INV-SYM', 'INV-SLEEP']);
    expect([contents.holds(full), sym.holds(full), sleep.holds(full)]).toEqual([false, true, true]);
    const notQueued = withThread(k0, 2, { state: 'reading', on: CHAN + 1 });
    expect([sym.holds(notQueued), sym.holds(readerSleeps)]).toEqual([false, true]);
    const sleepsOnData = withPipe(readerSleeps, CHAN, { buf: [unit(1, 0)], readers: [2] });
    expect([sleep.holds(sleepsOnData), sleep.holds(readerSleeps), sleep.holds(withThread(readerSleeps, 1, { state: 'done' }))]).toEqual([false, true, true]);
    expect(sleep.holds(withThread(withThread(readerSleeps, 1, { state: 'done' }), 3, { state: 'done' }))).toBe(false);
  });

  it('rejects a capacity below 1', () => {
    expect(() => pipe({ capacity: 0 })).toThrow(/capacity must be a whole number of at least 1/);
  });
});

// ---- composed checks ------------------------------------------------------------------------------

const statuses = (r: ReturnType<typeof check>) => Object.fromEntries(Object.entries(r.verdicts).map(([k, v]) => [k, v.status]));
const lengths = (r: ReturnType<typeof check>) => Object.fromEntries(Object.entries(r.verdicts).flatMap(([k, v]) => ('trace' in v && v.status !== 'witnessed' ? [[k, v.trace.steps.length]] : [])));
const HOLD = ['contents ≤ C', 'INV-SYM', 'INV-SLEEP', 'reply correctness', 'run queue', 'isolation', 'privilege', 'kernel-mediated transfer', 'deadlock free'];
const expected = (bound: number, extra: Record<string, string>) => ({ ...Object.fromEntries(HOLD.map((p) => [p, 'holds'])), [`kernel memory ≤ ${bound}`]: 'holds', ...extra });

/** The old unixPipe scenario: a writer writes three units and exits; the reader runs `reader`. */
const stream = (reader: readonly ProgramStep[]): WorkloadSpec => ({
  name: 'stream',
  values: 1,
  memoryBound: 2,
  threads: [
    { name: 'writer', space: 'w', program: [repeat(3, prepare(), send('pipe'))] },
    { name: 'reader', space: 'r', program: reader },
  ],
  objects: [{ name: 'pipe', kind: 'channel' }],
  witness: { name: 'the writer blocks', holds: (v, s) => v.blocked(s, 'writer') },
});
const UNTIL_EOF = [repeat(4, receive('pipe'))];

describe('pipe design (M8) composed with rpcPool', () => {
  it('rpcPool (2 clients, 1 server): replies are correct and nothing deadlocks, but requests wait in the request pipe, so kernel memory ≤ 0 fails at 2 units', () => {
    const r = check(compose(pipe(), rpcPool.build(rpcPool.defaults)));
    expect(r.stats.distinct).toBe(1401);
    expect(statuses(r)).toEqual(expected(0, { 'kernel memory ≤ 0': 'violated', 'no client stuck forever': 'holds', 'every call is answered': 'holds', 'a call completes': 'witnessed' }));
    expect(lengths(r)).toEqual({ 'kernel memory ≤ 0': 2 });
    expect(r.verdicts['a call completes'].status === 'witnessed' && r.verdicts['a call completes'].trace.steps.length).toBe(9);
  });

  it('rpcPool with a bound of 2 units holds everything, and two servers too', () => {
    const one = check(compose(pipe(), { ...rpcPool.build(rpcPool.defaults), memoryBound: 2 }));
    expect(statuses(one)).toEqual(expected(2, { 'no client stuck forever': 'holds', 'every call is answered': 'holds', 'a call completes': 'witnessed' }));
    expect(one.verdicts['kernel memory ≤ 2']).toMatchObject({ status: 'holds', maxReached: 2 });
    const two = check(compose(pipe(), { ...rpcPool.build({ ...rpcPool.defaults, servers: 2 }), memoryBound: 2 }));
    expect(two.stats.distinct).toBe(12652);
    expect(two.ok).toBe(true);
  });

  it('lostReply: a server that reads the next request before replying forgets the first requester, whose RPC never returns', () => {
    const r = check(compose(pipe(), { ...rpcPool.build({ ...rpcPool.defaults, bug: 'lostReply' }), memoryBound: 2 }));
    expect(r.stats.distinct).toBe(1629);
    expect(statuses(r)).toEqual(expected(2, { 'deadlock free': 'violated', 'no client stuck forever': 'violated', 'every call is answered': 'violated', 'a call completes': 'witnessed' }));
    expect(lengths(r)).toEqual({ 'deadlock free': 11, 'no client stuck forever': 8, 'every call is answered': 11 });
  });

  it('lostReply: client 1’s RPC is never answered: the lasso runs from its request (state 2) into the deadlock, 11 steps, where the server waits on the empty request pipe', () => {
    const model = compose(pipe(), { ...rpcPool.build({ ...rpcPool.defaults, bug: 'lostReply' }), memoryBound: 2 });
    const r = check(model);
    const v = r.verdicts['every call is answered'];
    if (v.status !== 'violated') throw new Error('expected a lasso');
    // loop = steps: nothing repeats, the path stays in the deadlock.
    expect([v.instance, v.trace.steps.length, v.trace.loop, v.premiseAt]).toEqual(['client 1', 11, 11, 2]);
    // The server reads client 1's request, then client 2's before replying, then blocks on the empty pipe.
    expect(traceActions(model, r, 'every call is answered')).toEqual([
      'prepare 0 (client 1)', 'call(svc) (client 1)', 'Return', 'prepare 0 (client 2)', 'call(svc) (client 2)', 'Return',
      'read(svc) (server 1)', 'Return', 'read(svc) (server 1)', 'Return', 'read(svc) (server 1)',
    ]);
  });
});

describe('pipe design (M8) on the old unixPipe scenarios and card M8 bugs', () => {
  it('the specification: three writes into a pipe of 2, the reader reads to end of file; everything holds and the writer blocks', () => {
    const r = check(compose(pipe(), stream(UNTIL_EOF)));
    expect(r.stats.distinct).toBe(114);
    expect(statuses(r)).toEqual(expected(2, { 'no client stuck forever': 'holds', 'the writer blocks': 'witnessed' }));
    expect(r.verdicts['kernel memory ≤ 2']).toMatchObject({ maxReached: 2 });
    expect(r.verdicts['the writer blocks'].status === 'witnessed' && r.verdicts['the writer blocks'].trace.steps.length).toBe(8);
  });

  it('O_NONBLOCK: a write to a full pipe gets EAGAIN and is issued again, so the writer never blocks and nothing else fails', () => {
    // 112, not 136 since EAGAIN no longer drops the write: the writer retries it (the old model's writer did).
    const r = check(compose(pipe({ nonblocking: true }), stream(UNTIL_EOF)));
    expect(r.stats.distinct).toBe(112);
    expect(statuses(r)).toEqual(expected(2, { 'no client stuck forever': 'holds', 'the writer blocks': 'unwitnessed' }));
  });

  it('EPIPE: the reader exits without reading; the writer, blocked or not, gets EPIPE and ends', () => {
    const r = check(compose(pipe(), stream([ifReceived(1, [receive('pipe')])])));
    expect(r.stats.distinct).toBe(65);
    expect(statuses(r)).toEqual(expected(2, { 'no client stuck forever': 'holds', 'the writer blocks': 'witnessed' }));
  });

  it('F1: two pipes, each process writes capacity + 1 units before reading the other: both block in write, a deadlock', () => {
    const proc = (mine: string, other: string) => [repeat(3, send(mine)), repeat(3, receive(other))];
    const f1 = (second: readonly ProgramStep[]): WorkloadSpec => ({
      name: 'bothWriteFirst',
      values: 1,
      memoryBound: 4,
      threads: [
        { name: 'process 1', space: '1', program: proc('a', 'b') },
        { name: 'process 2', space: '2', program: second },
      ],
      objects: [
        { name: 'a', kind: 'channel' },
        { name: 'b', kind: 'channel' },
      ],
      witness: { name: 'both block', holds: (v, s) => v.blocked(s, 'process 1') && v.blocked(s, 'process 2') },
    });
    const r = check(compose(pipe(), f1(proc('b', 'a'))));
    expect(r.stats.distinct).toBe(66);
    expect(statuses(r)).toEqual(expected(4, { 'deadlock free': 'violated', 'no client stuck forever': 'violated', 'both block': 'witnessed' }));
    expect(lengths(r)).toEqual({ 'deadlock free': 11, 'no client stuck forever': 5 });
    expect(r.verdicts['kernel memory ≤ 4']).toMatchObject({ maxReached: 4 });
    const fixed = check(compose(pipe(), f1([repeat(3, receive('a')), repeat(3, send('b'))])));
    expect(statuses(fixed)).toEqual(expected(4, { 'no client stuck forever': 'holds', 'both block': 'unwitnessed' }));
  });

  it('F2: the reader keeps a write end, so end of file never comes: the reader is stuck in its last read', () => {
    const r = check(compose(pipe({ readerKeepsWriteEnd: true }), stream(UNTIL_EOF)));
    expect(r.stats.distinct).toBe(112);
    expect(statuses(r)).toEqual(expected(2, { 'deadlock free': 'violated', 'no client stuck forever': 'violated', 'the writer blocks': 'witnessed' }));
    expect(lengths(r)).toEqual({ 'deadlock free': 18, 'no client stuck forever': 16 });
    const v = r.verdicts['no client stuck forever'];
    expect(v.status === 'violated' && v.stuckThread).toBe('reader');
  });

  it('F4: an unbounded pipe, a writer that writes for ever and is never preempted: kernel memory grows one unit per round', () => {
    const spec: WorkloadSpec = {
      name: 'unboundedBuffer',
      values: 1,
      memoryBound: 2,
      preemption: false,
      threads: [
        { name: 'writer', space: 'w', program: [forever(prepare(), send('pipe'))] },
        { name: 'reader', space: 'r', program: [forever(receive('pipe'))] },
      ],
      objects: [{ name: 'pipe', kind: 'channel' }],
      witness: { name: 'the writer blocks', holds: (v, s) => v.blocked(s, 'writer') },
    };
    const bounded = check(compose(pipe(), spec));
    expect(bounded.stats.distinct).toBe(30);
    expect(bounded.ok).toBe(true);
    // The buffer grows for ever: the search needs a depth bound, and every other verdict is unknown.
    const r = check(compose(pipe({ unbounded: true }), spec), { maxDepth: 12 });
    expect([r.complete, r.stats.distinct]).toEqual([false, 12]);
    const v = r.verdicts['kernel memory ≤ 2'];
    if (v.status !== 'unbounded') throw new Error(`expected unbounded, got ${v.status}`);
    expect(v.growth).toEqual({ loopStart: 5, loopEnd: 8, prefixSteps: 8, rounds: 5, measures: [3, 4, 5, 6, 7, 8], growthPerRound: 1, unit: 'kernel object' });
    expect(v.trace.steps.length).toBe(23);
  });
});
