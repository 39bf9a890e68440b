/**
 * M7, Mach ports: the specification holds everything, F1's kernel memory grows by one message per
 * round (a growth witness), F2 blocks at the sixth send and recovers with a timeout, F3 exceeds
 * the bound through send-once exemption, F4 forges a reply; counts and traces pinned.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { machPorts, type MachConfig } from '../../../model/protocols/machPorts.js';
import { machPortsEntry } from '../../../registry/entries/machPorts.js';
import { failingVerdicts as failures, traceActions as steps, registryRunCounts } from '../../helpers/verdicts.js';

const run = (config: Partial<MachConfig>) => {
  const model = machPorts(config);
  return { model, r: check(model) };
};
const SEND = ['Prepare(client)', 'Send(client)', 'Return'];

describe('machPorts (M7)', () => {
  it('holds every property by default (3 messages, qlimit 2): 143 states, 195 transitions, depth 26, max 2 kernel messages', () => {
    const { r } = run({});
    expect(r.complete).toBe(true);
    expect([r.stats.distinct, r.stats.generated, r.stats.depth]).toEqual([143, 195, 26]);
    expect(r.ok).toBe(true);
    expect(r.verdicts['kernel memory bounded']).toEqual({ status: 'holds', maxReached: 2 });
  });

  it('with the default limit 5 and six messages the queue reaches 5 and everything holds (491 states)', () => {
    const { r } = run({ qlimit: 5, messages: 6 });
    expect(r.ok).toBe(true);
    expect(r.stats.distinct).toBe(491);
    expect(r.verdicts['kernel memory bounded']).toEqual({ status: 'holds', maxReached: 5 });
  });

  it('F1: no queue limit, the client sends for ever: unbounded, +1 kernel message per round', () => {
    const { model, r } = run({ bug: 'noQueueLimit', server: 'never' });
    expect(failures(r)).toEqual({ 'kernel memory bounded': 'unbounded', 'a message is received': 'unwitnessed', 'the client blocks': 'unwitnessed' });
    const v = r.verdicts['kernel memory bounded'];
    if (v.status !== 'unbounded') throw new Error('expected unbounded');
    expect(v.growth).toEqual({ loopStart: 11, loopEnd: 14, prefixSteps: 14, rounds: 5, measures: [5, 6, 7, 8, 9, 10], growthPerRound: 1, unit: 'kernel message' });
    const trace = steps(model, r, 'kernel memory bounded');
    expect(trace).toEqual([...SEND, ...SEND, ...SEND, ...SEND, 'Prepare(client)', 'Send(client)', ...Array.from({ length: 5 }, () => ['Return', 'Prepare(client)', 'Send(client)']).flat()]);
    expect(r.stats.distinct).toBe(94);
  });

  it('F2: limit 5, the server never receives: bounded (max 5) but the client is stuck at its sixth send', () => {
    const { model, r } = run({ qlimit: 5, messages: 6, server: 'never' });
    expect(failures(r)).toEqual({ 'deadlock free': 'violated', 'no thread stuck forever': 'violated', 'a message is received': 'unwitnessed' });
    expect(r.verdicts['kernel memory bounded']).toEqual({ status: 'holds', maxReached: 5 });
    expect(steps(model, r, 'no thread stuck forever')).toEqual([...SEND, ...SEND, ...SEND, ...SEND, ...SEND, 'Prepare(client)', 'Call(client)']);
    const v = r.verdicts['no thread stuck forever'];
    expect(v.status === 'violated' && v.stuckThread).toBe('client');
    expect(steps(model, r, 'deadlock free').slice(-3)).toEqual(['Call(client)', 'Return', 'Exit(server)']);
  });

  it('F2 with a send timeout: MACH_SEND_TIMED_OUT, the client recovers, max 5', () => {
    const { r } = run({ qlimit: 5, messages: 6, server: 'never', timeout: true });
    expect(failures(r)).toEqual({ 'a message is received': 'unwitnessed', 'the client blocks': 'unwitnessed' });
    expect(r.verdicts['kernel memory bounded']).toEqual({ status: 'holds', maxReached: 5 });
    expect(r.stats.distinct).toBe(106);
  });

  it('F3: send-once rights exempt from the limit push the queue past qlimit + 1 (violated, not unbounded)', () => {
    const { model, r } = run({ bug: 'sendOnceExempt', messages: 4 });
    // The exempt sends never wait for room: the client never blocks.
    expect(failures(r)).toEqual({ 'kernel memory bounded': 'violated', 'the client blocks': 'unwitnessed' });
    expect(steps(model, r, 'kernel memory bounded')).toEqual([...SEND, ...SEND, ...SEND, 'Prepare(client)', 'Call(client)']);
  });

  it('F4: an intruder holding the shared reply send right forges the reply', () => {
    const { model, r } = run({ bug: 'sharedReplyRight' });
    expect(failures(r)).toEqual({ 'reply correctness': 'violated' });
    expect(steps(model, r, 'reply correctness')).toEqual([...SEND, ...SEND, 'Prepare(client)', 'Call(client)', 'Return', 'Receive(server)', 'Return', 'Preempt', 'Return', 'Forge(intruder)']);
    const v = r.verdicts['reply correctness'];
    if (v.status !== 'violated') throw new Error('expected a violation');
    expect(v.trace.steps[v.trace.steps.length - 1].state.ghost.delivered).toEqual({ to: 1, from: 3, value: 0 });
  });

  it('every registry run gives its expected verdicts, each well under 100,000 states', () => {
    expect(registryRunCounts(machPortsEntry)).toEqual([143, 491, 94, 98, 106, 235, 1072]);
  });

  it('rejects bad configurations', () => {
    expect(() => machPorts({ messages: 0 })).toThrow(/messages must be a whole number from 1 to 6/);
    expect(() => machPorts({ qlimit: 7 })).toThrow(/qlimit must be a whole number from 0/);
    expect(() => machPorts({ bug: 'nope' as never })).toThrow(/bug must be one of/);
    expect(() => machPorts({ server: 'sometimes' as never })).toThrow(/server must be/);
    expect(() => machPorts({ bug: 'noQueueLimit' })).toThrow(/set server: 'never'/);
    expect(() => machPorts({ qlimit: 0, timeout: true })).toThrow(/send timeout needs a queue limit/);
  });
});
