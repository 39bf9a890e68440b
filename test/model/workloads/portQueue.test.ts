/**
 * Card M7's scenario as a workload: the runs of the retired machPorts model on the Mach design,
 * with the same verdicts and the same shortest counterexample lengths (every verdict, state
 * counts and the counterexamples' steps pinned), the checks that make its properties fail, and
 * the workload on the pipe design.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { compose, NotExpressible } from '../../../model/compose/compose.js';
import type { AnyDesign } from '../../../model/designs/design.js';
import { mach, type MachOptions } from '../../../model/designs/mach.js';
import { pipe } from '../../../model/designs/pipe.js';
import { portQueue } from '../../../model/workloads/portQueue.js';
import { traceActions } from '../../helpers/verdicts.js';

/** Checks the workload at `set` on `design`; `table` has every verdict, with the length of a violation's or growth's trace. */
function run(set: Record<string, string | number | boolean>, design: AnyDesign = mach()) {
  const model = compose(design, portQueue.build({ ...portQueue.defaults, ...set }));
  const r = check(model);
  const table = Object.fromEntries(Object.entries(r.verdicts).map(([k, v]) => [k, v.status === 'violated' || v.status === 'unbounded' ? `${v.status}/${v.trace.steps.length}` : v.status]));
  return { model, r, table };
}
const on = (options: MachOptions) => mach(options);
const FRAMEWORK = { 'reply correctness': 'holds', 'run queue': 'holds', isolation: 'holds', privilege: 'holds', 'kernel-mediated transfer': 'holds', 'deadlock free': 'holds', 'no thread stuck forever': 'holds' };
/** Every verdict holding on Mach, for a flood (sends only, no call). */
const MACH_NO_CALLS = { 'INV-PORT': 'holds', 'INV-SYM': 'holds', 'INV-QLIMIT': 'holds', 'INV-SO': 'holds', ...FRAMEWORK, 'no message lost or duplicated': 'holds', 'every message is received': 'holds', 'a message is received': 'witnessed', 'the client blocks': 'witnessed' };
/** Every verdict holding on Mach, for messages that end in a call: it is answered. */
const MACH = { ...MACH_NO_CALLS, 'every call is answered': 'holds' };
const SEND = (v: number) => [`set ${v} (client)`, 'Send(port) (client)', 'Return'];

describe('portQueue on Mach: the machPorts registry runs', () => {
  it('default (3 messages, qlimit 2): everything holds, at most 2 kmsgs, and the call blocks on the full port (103 states)', () => {
    const { r, table } = run({});
    expect(r.stats.distinct).toBe(103);
    expect(table).toEqual({ ...MACH, 'kernel memory ≤ 3': 'holds' });
    expect(r.verdicts['kernel memory ≤ 3']).toEqual({ status: 'holds', maxReached: 2 });
  });

  it('limit 5, six messages: the queue reaches 5 and everything holds (301 states)', () => {
    const { r, table } = run({ qlimit: 5, messages: 6 });
    expect(r.stats.distinct).toBe(301);
    expect(table).toEqual({ ...MACH, 'kernel memory ≤ 6': 'holds' });
    expect(r.verdicts['kernel memory ≤ 6']).toEqual({ status: 'holds', maxReached: 5 });
  });

  it('F1: no queue limit and a flooding client: kernel memory grows one kmsg per send, the old growth witness (29 steps)', () => {
    const { model, r, table } = run({ qlimit: 0, server: 'never', flood: true, messages: 10 }, on({ qlimit: 'unbounded' }));
    expect(r.stats.distinct).toBe(170);
    expect(table).toEqual({ ...MACH_NO_CALLS, 'kernel memory ≤ 4': 'unbounded/29', 'a message is received': 'unwitnessed', 'the client blocks': 'unwitnessed', 'every message is received': 'violated/33' });
    const v = r.verdicts['kernel memory ≤ 4'];
    if (v.status !== 'unbounded') throw new Error('expected unbounded');
    expect(v.growth).toEqual({ loopStart: 11, loopEnd: 14, prefixSteps: 14, rounds: 5, measures: [5, 6, 7, 8, 9, 10], growthPerRound: 1, unit: 'kernel object' });
    expect(traceActions(model, r, 'kernel memory ≤ 4').slice(0, 3)).toEqual(SEND(1));
  });

  it('F2: limit 5 and a server that never receives: the client is stuck at its sixth send (17 steps), deadlock at 19', () => {
    const { model, r, table } = run({ qlimit: 5, messages: 6, server: 'never' });
    expect(r.stats.distinct).toBe(98);
    expect(table).toEqual({ ...MACH, 'kernel memory ≤ 6': 'holds', 'deadlock free': 'violated/19', 'no thread stuck forever': 'violated/17', 'every call is answered': 'violated/19', 'a message is received': 'unwitnessed', 'every message is received': 'violated/19' });
    expect(traceActions(model, r, 'no thread stuck forever')).toEqual([...SEND(1), ...SEND(2), ...SEND(3), ...SEND(4), ...SEND(5), 'set 6 (client)', 'Call(port) (client)']);
    const v = r.verdicts['no thread stuck forever'];
    expect(v.status === 'violated' && v.stuckThread).toBe('client');
  });

  it('F2 with a send timeout of 0: MACH_SEND_TIMED_OUT, the client never blocks and ends (106 states)', () => {
    const { r, table } = run({ qlimit: 5, messages: 6, server: 'never' }, on({ sendTimeout: 0 }));
    expect(r.stats.distinct).toBe(106);
    expect(table).toEqual({ ...MACH, 'kernel memory ≤ 6': 'holds', 'a message is received': 'unwitnessed', 'the client blocks': 'unwitnessed', 'every message is received': 'violated/21' });
  });

  it('F3: requests through send-once rights pass qlimit 2, so 4 kmsgs exceed qlimit + 1 (11 steps) and the client only ever waits for its reply', () => {
    const { model, r, table } = run({ messages: 4 }, on({ sendOnceRequests: true }));
    expect(r.stats.distinct).toBe(157);
    expect(table).toEqual({ ...MACH, 'kernel memory ≤ 3': 'violated/11', 'the client blocks': 'unwitnessed' });
    expect(traceActions(model, r, 'kernel memory ≤ 3')).toEqual([...SEND(1), ...SEND(2), ...SEND(3), 'set 4 (client)', 'Call(port) (client)']);
  });

  it('F4: the intruder\'s send through the shared reply right reaches the waiting client as its reply (14 steps)', () => {
    const { model, r, table } = run({ intruder: true }, on({ sharedReplyRight: true }));
    expect(r.stats.distinct).toBe(744);
    expect(table).toEqual({ ...MACH, 'kernel memory ≤ 3': 'holds', 'reply correctness': 'violated/14' });
    expect(traceActions(model, r, 'reply correctness')).toEqual([...SEND(1), ...SEND(2), 'set 3 (client)', 'Call(port) (client)', 'Return', 'Receive(port) (server)', 'Return', 'Preempt', 'Return', 'SendReplyPort(client) (intruder)']);
  });
});

describe('portQueue: its own properties can fail', () => {
  it('a message dropped by a send timeout of 0 is seen by the server as a gap: no message lost or duplicated fails (21 steps)', () => {
    const { table } = run({ messages: 4 }, on({ sendTimeout: 0 }));
    expect(table).toMatchObject({ 'no message lost or duplicated': 'violated/21', 'deadlock free': 'violated/19', 'no thread stuck forever': 'violated/17', 'the client blocks': 'witnessed' });
  });

  it('the flooding client on Mach\'s own limit blocks at its sixth send, past the bound of 4 (14 steps) but not growing', () => {
    const { table } = run({ qlimit: 0, server: 'never', flood: true, messages: 10 });
    expect(table).toEqual({ ...MACH_NO_CALLS, 'kernel memory ≤ 4': 'violated/14', 'deadlock free': 'violated/19', 'no thread stuck forever': 'violated/17', 'a message is received': 'unwitnessed', 'every message is received': 'violated/19' });
  });

  it('waiting for the reply is not counted as blocking: without the send-once exemption the client blocks on the full port again', () => {
    const { r, table } = run({ messages: 4 }, on({ sendOnceRequests: true, sendOnceExempt: false }));
    expect(r.stats.distinct).toBe(145);
    expect(table).toEqual({ ...MACH, 'kernel memory ≤ 3': 'holds' });
  });
});

describe('portQueue on the pipe design', () => {
  it('runs over a request pipe of capacity 2 and holds everything (105 states); the intruder\'s native call is Mach\'s alone', () => {
    const { r, table } = run({}, pipe());
    expect(r.stats.distinct).toBe(105);
    expect(table).toEqual({ 'contents ≤ C': 'holds', 'INV-SYM': 'holds', 'INV-SLEEP': 'holds', ...FRAMEWORK, 'kernel memory ≤ 3': 'holds', 'no message lost or duplicated': 'holds', 'every message is received': 'holds', 'every call is answered': 'holds', 'a message is received': 'witnessed', 'the client blocks': 'witnessed' });
    expect(() => compose(pipe(), portQueue.build({ ...portQueue.defaults, intruder: true }))).toThrow(NotExpressible);
  });
});
