/**
 * M6, Fiasco IPC: every property holds on the specification and its timeout variants, the
 * pre-fix `do_send_wait` leaves `Thread_polling` set after a successful handshake under the
 * thesis' lock abstraction (shortest counterexample pinned step by step), and the same mutant is
 * latent once the thread lock lends a locked receiver's time to its locker.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { defineModel } from '../../../model/core/model.js';
import { fiascoIpc, type FiascoAction, type FiascoConfig, type FiascoState } from '../../../model/protocols/fiascoIpc.js';
import { fiascoIpcEntry } from '../../../registry/entries/fiascoIpc.js';
import { sometimes } from '../../../properties/index.js';
import { failingVerdicts as failures, traceActions as steps } from '../../helpers/verdicts.js';


const run = (config: Partial<FiascoConfig>) => {
  const model = fiascoIpc(config);
  return { model, r: check(model) };
};

/** The shortest trace to a state where `holds`, in `config`; null when no reachable state satisfies it. */
function witness(config: Partial<FiascoConfig>, holds: (s: FiascoState) => boolean): string[] | null {
  const model = fiascoIpc(config);
  const r = check(defineModel<FiascoState, FiascoAction>({ ...model, properties: [sometimes('target', holds)] }));
  const v = r.verdicts['target'];
  if (v.status === 'unwitnessed') return null;
  if (!('trace' in v)) throw new Error(`target is ${v.status}`);
  return v.trace.steps.map((s) => model.showAction!(s.action));
}

describe('fiascoIpc (M6)', () => {
  it('holds every property with two clients calling once: 3,605 states, 5,327 transitions, depth 38', () => {
    const { r } = run({});
    expect(r.complete).toBe(true);
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([3605, 5327, 38]);
    expect(r.ok).toBe(true);
    expect(r.verdicts['kernel memory ≤ 0']).toEqual({ status: 'holds', maxReached: 0 });
    // With never timeouts no IPC ever fails.
    expect(witness({}, (s) => s.err.some((e) => e !== 'none'))).toBeNull();
  });

  it('checks P2 on real handshakes: a sender reaches the end of its send phase with its receiver still in IPC with it', () => {
    const trace = witness({}, (s) => s.th.some((x, i) => x.kpc === 'sent' && x.ipc && s.th[x.to - 1].partner === i + 1 && s.th[x.to - 1].kpc !== 'none'));
    // Client 1 finds the server busy, polls, releases the lock; the server's open wait hands it the handshake bit.
    expect(trace).toEqual([
      'Prepare(client 1, 0)',
      'Call(client 1)',
      'Kernel(client 1, sendWaitOk)',
      'Kernel(client 1, sendWaitTimeout)',
      'Preempt',
      'Return',
      'Preempt',
      'Return',
      'Wait(server)',
      'Kernel(client 1, sendWaitSleep)',
    ]);
  });

  it('a zero send timeout to a busy server fails the call with Timeout at once, and every property holds (3,047 states)', () => {
    const { r } = run({ snd: 'zero' });
    expect(r.ok).toBe(true);
    expect(r.stats.distinct).toBe(3047);
    // The server has not started its open wait: client 1 polls, queues, and gives up at the zero timeout.
    expect(witness({ snd: 'zero' }, (s) => s.err[0] === 'Timeout')).toEqual([
      'Prepare(client 1, 0)',
      'Call(client 1)',
      'Kernel(client 1, sendWaitOk)',
      'Kernel(client 1, sendWaitTimeout)',
    ]);
  });

  it('finite timeouts expire in the send and the receive phase; every property holds (26,679 states)', () => {
    const { r } = run({ snd: 'finite', rcv: 'finite' });
    expect(r.ok).toBe(true);
    expect(r.stats.distinct).toBe(26679);
    expect(witness({ snd: 'finite' }, (s) => s.err[0] === 'Timeout')).toEqual([
      'Prepare(client 1, 0)',
      'Call(client 1)',
      'Kernel(client 1, sendWaitOk)',
      'Kernel(client 1, sendWaitTimeout)',
      'Expire(client 1)',
      'Kernel(client 1, sendWaitSleep)',
    ]);
    expect(witness({ rcv: 'finite' }, (s) => s.err[0] === 'R_timeout')).not.toBeNull();
  });

  it('a zero receive timeout: the caller gives up with R_timeout, its receive resets the reply slot, and the reply fails with Not_existent (6,917 states)', () => {
    const { r } = run({ rcv: 'zero' });
    expect(r.ok).toBe(true);
    expect(r.stats.distinct).toBe(6917);
    const trace = witness({ rcv: 'zero' }, (s) => s.err[2] === 'Not_existent');
    expect(trace).toHaveLength(20);
    expect(trace!.slice(-5)).toEqual(['Kernel(client 1, receiveLoop)', 'Return', 'Exit(client 1)', 'Return', 'ReplyWait(server)']);
    // Thanks to the direct switch to the server, a call still completes before the caller's zero timeout.
    expect(r.verdicts['a call completes'].status).toBe('witnessed');
  });

  it('without preemption the clients poll, sleep and are served in turn (125 states)', () => {
    const { r } = run({ preemption: false });
    expect(r.ok).toBe(true);
    expect([r.stats.distinct, r.stats.generated]).toEqual([125, 125]);
  });

  it('threadPollingRegression under the thesis lock abstraction: a sender keeps Thread_polling past its handshake (8 steps), nothing else fails', () => {
    const { model, r } = run({ bug: 'threadPollingRegression', helping: false });
    expect(r.stats.distinct).toBe(4089);
    expect(failures(r)).toEqual({ 'not polling after a successful handshake': 'violated' });
    expect(steps(model, r, 'not polling after a successful handshake')).toEqual([
      'Prepare(client 1, 0)',
      'Call(client 1)',
      'Preempt',
      'Return',
      'Preempt',
      'Return',
      'Wait(server)',
      'Kernel(client 1, sendWaitOk)',
    ]);
    const v = r.verdicts['not polling after a successful handshake'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    // Client 1 set Thread_polling and locked the server in do_send_wait, the server started its open
    // wait at the preemption point, and sender_ok() held: the handshake succeeded with the bit still set.
    const last = v.trace.steps[v.trace.steps.length - 1].state;
    expect(last.th[0]).toMatchObject({ kpc: 'sent', polling: true, ipc: true, to: 3 });
    expect(last.th[2]).toMatchObject({ ready: true, partner: 1, lockedBy: 0 });
    expect(last.caller[2]).toBe(1);
  });

  it('threadPollingRegression with helping: the locked server cannot run at the preemption point, so the bug is latent (the state graph of the fix)', () => {
    const { r } = run({ bug: 'threadPollingRegression' });
    expect(r.ok).toBe(true);
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([3605, 5327, 38]);
  });

  it('the thesis lock abstraction with a zero send timeout leaves the server waiting for a sender that aborted (8 steps)', () => {
    expect(run({ helping: false }).r.ok).toBe(true);
    const { model, r } = run({ helping: false, snd: 'zero' });
    expect(failures(r)).toEqual({ 'no thread stuck forever': 'violated' });
    const v = r.verdicts['no thread stuck forever'];
    expect(v.status === 'violated' && v.stuckThread).toBe('server');
    // Client 1 is queued at do_send_wait's second preemption point; the server's open wait takes it
    // (ipc_receiver_ready), then client 1 aborts on its zero timeout without telling the server.
    expect(steps(model, r, 'no thread stuck forever')).toEqual([
      'Prepare(client 1, 0)',
      'Call(client 1)',
      'Kernel(client 1, sendWaitOk)',
      'Preempt',
      'Return',
      'Preempt',
      'Return',
      'Wait(server)',
    ]);
  });

  it('draws the regression as a sequence chart: Thread_polling set at the Call, the call arrow at the handshake', () => {
    const { model, r } = run({ bug: 'threadPollingRegression', helping: false });
    const v = r.verdicts['not polling after a successful handshake'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    const events = v.trace.steps.flatMap((st, i) => model.sequence!.events(i === 0 ? v.trace.init : v.trace.steps[i - 1].state, st.action, st.state));
    expect(events).toContainEqual({ kind: 'mark', lane: 0, label: 'Thread_polling', mark: 'note' });
    expect(events).toContainEqual({ kind: 'mark', lane: 2, label: 'blockedOnReceive', mark: 'block' });
    expect(events[events.length - 2]).toEqual({ kind: 'message', from: 0, to: 2, label: 'call 0' });
  });

  it('refuses configurations outside its ranges, naming the valid ones', () => {
    expect(() => fiascoIpc({ clients: 0 })).toThrow(/clients must be a whole number from 1 to 3/);
    expect(() => fiascoIpc({ rounds: 1.5 })).toThrow(/rounds must be a whole number from 1 to 3/);
    expect(() => fiascoIpc({ snd: 'forever' as never })).toThrow(/unknown snd timeout 'forever'; valid: never, finite, zero/);
    expect(() => fiascoIpc({ rcv: 'soon' as never })).toThrow(/unknown rcv timeout 'soon'/);
    expect(() => fiascoIpc({ bug: 'lostReply' as never })).toThrow(/unknown bug 'lostReply'; valid: none, threadPollingRegression/);
  });

  it('gives every registry run its expected verdicts, each well under 100,000 states', () => {
    for (const entryRun of fiascoIpcEntry.runs) {
      const r = check(fiascoIpcEntry.make({ ...fiascoIpcEntry.defaults, ...entryRun.set }));
      expect(Object.fromEntries(r.properties.map((p) => [p.name, p.verdict.status])), entryRun.label).toEqual(entryRun.expect);
      expect(r.stats.distinct, entryRun.label).toBeLessThan(100_000);
    }
  });
});
