import { describe, expect, it } from 'vitest';
import { check, type Verdict } from '../../../checker/index.js';
import { l4Ipc, type L4IpcAction, type L4IpcState } from '../../../model/classic/l4Ipc.js';
import { l4IpcEntry } from '../../../registry/entries/l4Ipc.js';
import { explore } from './explore.js';

function traceActions(v: Verdict<L4IpcState, L4IpcAction>): L4IpcAction[] {
  if (!('trace' in v)) throw new Error(`verdict '${v.status}' has no trace`);
  return v.trace.steps.map((s) => s.action);
}

function lastState(v: Verdict<L4IpcState, L4IpcAction>): L4IpcState {
  if (!('trace' in v)) throw new Error(`verdict '${v.status}' has no trace`);
  const steps = v.trace.steps;
  return steps.length === 0 ? v.trace.init : steps[steps.length - 1].state;
}

const call = (c: number, v: number): L4IpcAction => ({ kind: 'Call', c, v });
const serverWait = (s: number): L4IpcAction => ({ kind: 'ServerWait', s });
const replyWait = (s: number): L4IpcAction => ({ kind: 'ReplyWait', s });

const terminated = (s: L4IpcState, rounds: number) => s.cpc.every((pc, i) => pc === 'idle' && s.cround[i] === rounds);

const ALL_PASS = {
  TypeOK: 'holds',
  EndpointOK: 'holds',
  ReplyCorrect: 'holds',
  'deadlock free': 'holds',
  'a call completes': 'witnessed',
};

describe('l4Ipc (bench L4Ipc.tla)', () => {
  it('reproduces TLC for C=2 S=2 R=2 P=2 (L4Ipc.cfg): 369 distinct, depth 11, no error', () => {
    const r = check(l4Ipc({ clients: 2, servers: 2, rounds: 2, payloads: 2 }));
    expect(r.complete).toBe(true);
    expect(r.stats.distinct).toBe(369);
    expect(r.stats.depth).toBe(11);
    expect(r.ok).toBe(true);
    expect(Object.fromEntries(r.properties.map((p) => [p.name, p.verdict.status]))).toEqual(ALL_PASS);
  });

  it('reproduces TLC for C=4 S=2 R=3 P=2: 308,845 distinct, depth 27, no error', () => {
    const r = check(l4Ipc({ clients: 4, servers: 2, rounds: 3, payloads: 2 }));
    expect(r.complete).toBe(true);
    expect(r.stats.distinct).toBe(308845);
    expect(r.stats.depth).toBe(27);
    expect(r.ok).toBe(true);
    expect(Object.fromEntries(r.properties.map((p) => [p.name, p.verdict.status]))).toEqual(ALL_PASS);
    // Our figure, not TLC's: TLC also counts a Done stutter at each of the 64 Terminated states.
    expect(r.stats.generated).toBe(1120413);
  });

  it('counts generated without the Done stutter, so it is below TLC by one per Terminated state (C=2 S=2 R=2 P=2: 953 = 1 + 952; 16 Terminated)', () => {
    const m = l4Ipc();
    const e = explore(m);
    expect(e.states).toHaveLength(369);
    expect(e.levels).toBe(11);
    expect(e.transitions).toBe(952);
    expect(check(m).stats.generated).toBe(1 + e.transitions);
    expect(e.states.filter((s) => terminated(s, 2))).toHaveLength(16);
  });

  it('ends only in Terminated states: all 8 states without successors have every client idle after R rounds and every server receiving', () => {
    const e = explore(l4Ipc());
    expect(e.deadlocks).toHaveLength(8);
    for (const s of e.deadlocks) {
      expect(terminated(s, 2)).toBe(true);
      expect(s.spc).toEqual(['recvBlocked', 'recvBlocked']);
      expect(s.sendQ).toEqual([]);
      expect(s.sreply).toEqual([0, 0]);
      expect(s.smsg).toEqual([null, null]);
    }
  });

  it('completes a first call in three steps: Call(1, 0), ServerWait(1), ReplyWait(1)', () => {
    const r = check(l4Ipc());
    const v = r.verdicts['a call completes'];
    expect(traceActions(v)).toEqual([call(1, 0), serverWait(1), replyWait(1)]);
    expect(lastState(v).inbox).toEqual([{ client: 1, val: 0 }, null]);
    expect(lastState(v).cround).toEqual([1, 0]);
  });

  it('with zero rounds, the start is already Terminated: no deadlock, and no call ever completes', () => {
    const r = check(l4Ipc({ clients: 1, servers: 1, rounds: 0, payloads: 1 }));
    expect(r.stats.distinct).toBe(2);
    expect(r.verdicts['deadlock free'].status).toBe('holds');
    expect(r.verdicts['a call completes'].status).toBe('unwitnessed');
  });

  it('hands a Call straight to a server waiting on the endpoint, and queues it when none waits', () => {
    const m = l4Ipc();
    const init = m.init()[0];
    const queued = m.next(init, call(2, 1));
    expect(queued.cpc).toEqual(['idle', 'sendBlocked']);
    expect(queued.sendQ).toEqual([2]);
    expect(queued.smsg).toEqual([null, null]);

    const waiting = m.next(init, serverWait(2));
    expect(waiting.spc).toEqual(['start', 'recvBlocked']);
    expect(waiting.recvQ).toEqual([2]);
    const served = m.next(waiting, call(1, 1));
    expect(served.recvQ).toEqual([]);
    expect(served.spc).toEqual(['start', 'serving']);
    expect(served.smsg).toEqual([null, { client: 1, val: 1 }]);
    expect(served.sreply).toEqual([0, 1]);
    expect(served.cpc).toEqual(['replyBlocked', 'idle']);
    expect(served.cval).toEqual([1, 0]);
  });

  it('offers every payload to an idle client with rounds left, in the order of the TLA+ Next', () => {
    const m = l4Ipc({ clients: 2, servers: 2, rounds: 1, payloads: 3 });
    expect(m.actions(m.init()[0])).toEqual([call(1, 0), call(1, 1), call(1, 2), call(2, 0), call(2, 1), call(2, 2), serverWait(1), serverWait(2)]);
  });

  it('clears the inbox on the next Call, and ReplyWait takes the next queued sender', () => {
    const m = l4Ipc();
    let s = m.init()[0];
    for (const a of [call(1, 1), call(2, 0), serverWait(1), replyWait(1)]) s = m.next(s, a);
    expect(s.inbox).toEqual([{ client: 1, val: 1 }, null]);
    expect(s.cpc).toEqual(['idle', 'replyBlocked']);
    expect(s.smsg[0]).toEqual({ client: 2, val: 0 });
    expect(s.sreply).toEqual([2, 0]);
    s = m.next(s, call(1, 0));
    expect(s.inbox).toEqual([null, null]);
    expect(s.cval).toEqual([0, 0]);
  });

  describe('seeded bug sharedReplyCap', () => {
    it('violates ReplyCorrect after five steps: client 2 receives the reply meant for client 1', () => {
      const r = check(l4Ipc({ bug: 'sharedReplyCap' }));
      const v = r.verdicts['ReplyCorrect'];
      expect(v.status).toBe('violated');
      expect(traceActions(v)).toEqual([call(1, 0), call(2, 0), serverWait(1), serverWait(2), replyWait(1)]);
      expect(lastState(v).inbox).toEqual([null, { client: 1, val: 0 }]);
    });

    it('also deadlocks after eight steps: a reply through the cleared capability is dropped and client 2 waits forever', () => {
      const r = check(l4Ipc({ bug: 'sharedReplyCap' }));
      const v = r.verdicts['deadlock free'];
      expect(v.status).toBe('violated');
      expect(traceActions(v)).toEqual([call(1, 0), call(2, 0), serverWait(1), replyWait(1), call(1, 0), serverWait(2), replyWait(1), replyWait(2)]);
      const end = lastState(v);
      expect(end.cpc).toEqual(['idle', 'replyBlocked']);
      expect(end.sreply).toEqual([0]);
    });

    it('keeps TypeOK and EndpointOK and reaches 929 states, depth 11 (our figures, no TLA+ counterpart)', () => {
      const r = check(l4Ipc({ bug: 'sharedReplyCap' }));
      expect(r.stats.distinct).toBe(929);
      expect(r.stats.depth).toBe(11);
      expect(r.verdicts['TypeOK'].status).toBe('holds');
      expect(r.verdicts['EndpointOK'].status).toBe('holds');
      expect(r.verdicts['a call completes'].status).toBe('witnessed');
    });

    it('is harmless with a single server: every property holds', () => {
      const r = check(l4Ipc({ clients: 2, servers: 1, rounds: 2, payloads: 2, bug: 'sharedReplyCap' }));
      expect(r.ok).toBe(true);
    });
  });

  it('rejects sizes outside the specification’s ASSUME and unknown bugs', () => {
    expect(() => l4IpcEntry.make({ clients: 0 })).toThrow(RangeError);
    expect(() => l4IpcEntry.make({ servers: 0 })).toThrow(RangeError);
    expect(() => l4IpcEntry.make({ rounds: -1 })).toThrow(RangeError);
    expect(() => l4IpcEntry.make({ payloads: 0 })).toThrow(RangeError);
    expect(() => l4IpcEntry.make({ bug: 'nope' })).toThrow(RangeError);
  });

  it('gives every registry run the verdicts it expects', () => {
    for (const run of l4IpcEntry.runs) {
      const r = check(l4IpcEntry.make({ ...l4IpcEntry.defaults, ...run.set }));
      const got = Object.fromEntries(r.properties.map((p) => [p.name, p.verdict.status]));
      expect(got, run.label).toEqual(run.expect);
    }
  });
});
