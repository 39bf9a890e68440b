/**
 * The hardware and kernel building blocks, claim by claim: what the MMU reaches, what traps, what
 * the scheduler and the endpoint do, and how the ghost call records follow a call.
 */
import { describe, expect, it } from 'vitest';
import { initialHw, returnToUser, trap, userAccess, writePtbr } from '../../model/hw/cpu.js';
import { mapPage, translate } from '../../model/hw/pageTable.js';
import { block, endpointOk, IDLE_ENDPOINT, takeHead } from '../../model/kernel/endpoint.js';
import { ghostCall, ghostReceived, ghostReply, ghostStep, initialCallGhost } from '../../model/kernel/ghostCalls.js';
import { allocate, release } from '../../model/kernel/kernelMemory.js';
import { makeReady, preempt, runQueueOk, scheduleNext, switchTo } from '../../model/kernel/scheduler.js';
import { transferRegisters } from '../../model/kernel/messageRegisters.js';
import { poll, senderQueuesOk, stopPolling, takeSender } from '../../model/kernel/senderQueues.js';
import { isolation, kernelMediated, privilege } from '../../model/hw/properties/index.js';
import { replyCorrectness } from '../../model/kernel/properties/index.js';

const tables = [[{ frame: 0, write: true }], [{ frame: 1, write: false }]];

describe('hardware', () => {
  it('translates through the page table the register names, faulting on unmapped pages and read-only writes', () => {
    expect(translate(tables[0], 0, 'write')).toEqual({ frame: 0 });
    expect(translate(tables[1], 0, 'write')).toEqual({ fault: 'readOnly' });
    expect(translate(tables[0], 1, 'read')).toEqual({ fault: 'unmapped' });
    expect(translate(mapPage([null], 0, { frame: 3, write: true }), 0, 'read')).toEqual({ frame: 3 });
  });

  it('lets the page-table register change only in kernel mode: a user-mode write traps and keeps it', () => {
    const hw = initialHw(tables);
    expect(writePtbr(hw, 1)).toMatchObject({ mode: 'kernel', ptbr: 0 });
    expect(writePtbr(trap(hw), 1)).toMatchObject({ mode: 'kernel', ptbr: 1 });
    expect(returnToUser(trap(hw), 1)).toMatchObject({ mode: 'user', ptbr: 1 });
    expect(() => returnToUser(hw, 1)).toThrow(/already in user mode/);
  });

  it('records each user access as ghost state, and a fault traps into the kernel', () => {
    const hw = initialHw(tables, 1);
    const ok = userAccess(hw, 1, 0, 'read');
    expect(ok.hw.access).toEqual({ component: 1, frame: 1 });
    const fault = userAccess(hw, 1, 0, 'write');
    expect(fault.translation).toEqual({ fault: 'readOnly' });
    expect(fault.hw.mode).toBe('kernel');
  });

  it('isolation fails exactly when an access reaches a frame outside the running component’s own table', () => {
    const prop = isolation((s: ReturnType<typeof initialHw>) => s);
    const hw = initialHw(tables);
    expect(prop.holds(userAccess(hw, 0, 0, 'read').hw)).toBe(true);
    // Component 1 runs, but the register still names component 0's table.
    expect(prop.holds(userAccess(hw, 1, 0, 'read').hw)).toBe(false);
  });

  it('privilege and kernel-mediated transfer judge steps by the mode they start or end in', () => {
    type St = { hw: ReturnType<typeof initialHw>; running: number };
    const user = initialHw(tables);
    const priv = privilege<St, unknown>((s) => s.hw);
    const mediated = kernelMediated<St, unknown>(
      (s) => s.hw,
      (s) => s.running,
    );
    const sameRunner = { hw: { ...user, ptbr: 1 }, running: 0 };
    expect(priv.holds({ hw: user, running: 0 }, {}, sameRunner)).toBe(false);
    expect(priv.holds({ hw: trap(user), running: 0 }, {}, sameRunner)).toBe(true);
    expect(mediated.holds({ hw: user, running: 0 }, {}, { hw: user, running: 1 })).toBe(false);
    expect(mediated.holds({ hw: user, running: 0 }, {}, { hw: trap(user), running: 1 })).toBe(true);
  });
});

describe('kernel', () => {
  it('runs the first runnable queued thread and drops the blocked ones it passes (lazy dequeue)', () => {
    expect(scheduleNext({ current: 1, ready: [2, 3] }, (t) => t === 3)).toEqual({ current: 3, ready: [] });
    expect(scheduleNext({ current: 1, ready: [] }, () => true)).toEqual({ current: 0, ready: [] });
  });

  it('switches directly to an IPC partner, leaving the blocked thread queued only under lazy scheduling', () => {
    expect(switchTo({ current: 1, ready: [2, 3] }, 2, false)).toEqual({ current: 2, ready: [3] });
    expect(switchTo({ current: 1, ready: [3] }, 2, true)).toEqual({ current: 2, ready: [3, 1] });
  });

  it('preempts to the tail of the queue, and checks the run-queue invariant strictly or lazily', () => {
    expect(preempt({ current: 1, ready: [2] }, () => true)).toEqual({ current: 2, ready: [1] });
    expect(makeReady({ current: 1, ready: [2] }, 2)).toEqual({ current: 1, ready: [2] });
    const blockedThree = (t: number) => t !== 3;
    expect(runQueueOk({ current: 1, ready: [2, 3] }, 3, blockedThree, false)).toBe(false);
    expect(runQueueOk({ current: 1, ready: [2, 3] }, 3, blockedThree, true)).toBe(true);
    expect(runQueueOk({ current: 1, ready: [] }, 3, blockedThree, true)).toBe(false);
  });

  it('queues threads on an endpoint in FIFO order and goes idle when the last leaves', () => {
    const ep = block(block(IDLE_ENDPOINT, 2, 'send'), 3, 'send');
    expect(ep).toEqual({ state: 'send', queue: [2, 3] });
    expect(() => block(ep, 4, 'recv')).toThrow(/cannot queue a recver on a send endpoint/);
    const first = takeHead(ep);
    expect(first.head).toBe(2);
    expect(takeHead(first.ep)).toEqual({ head: 3, ep: IDLE_ENDPOINT });
    expect(endpointOk({ state: 'recv', queue: [1, 1] })).toBe(false);
  });

  it('keeps L4 senders polling in their receiver’s TCB: open receive takes the head, closed receive its partner', () => {
    const qs = poll(poll([[], [], []], 3, 1), 3, 2);
    expect(qs).toEqual([[], [], [1, 2]]);
    expect(takeSender(qs, 3, 0)).toEqual({ sender: 1, queues: [[], [], [2]] });
    expect(takeSender(qs, 3, 2)).toEqual({ sender: 2, queues: [[], [], [1]] });
    expect(takeSender(qs, 2, 0).sender).toBe(0);
    expect(stopPolling(qs, 3, 1)).toEqual([[], [], [2]]);
    const polling = { state: 'blockedOnSend', on: 3, isCall: true } as const;
    const running = { state: 'running', on: 0, isCall: false } as const;
    expect(senderQueuesOk(qs, [polling, polling, running])).toBe(true);
    expect(senderQueuesOk(stopPolling(qs, 3, 1), [polling, polling, running])).toBe(false);
  });

  it('copies only the message length between register sets, and counts kernel objects without going negative', () => {
    expect(transferRegisters([5, 6], [0, 0], 1)).toEqual([5, 0]);
    expect(release(allocate(0, 2))).toBe(1);
    expect(() => release(0)).toThrow(/freeing 1 objects of 0/);
  });

  it('follows a call through its ghost records, and reply correctness judges the delivery against them', () => {
    const g0 = initialCallGhost(3);
    const called = ghostReceived(ghostCall(g0, 1, 1), 1, 3);
    expect(called.pending[0]).toEqual({ request: 1, server: 3 });
    const replied = ghostReply(called, 1, 3, 1);
    expect(replied).toEqual({ pending: [null, null, null], delivered: { to: 1, from: 3, value: 1 } });
    expect(ghostStep(replied).delivered).toBeNull();
    const rc = replyCorrectness((g: typeof g0) => g, (r) => r);
    expect(rc.holds(called, {}, replied)).toBe(true);
    expect(rc.holds(called, {}, ghostReply(called, 1, 2, 1))).toBe(false); // from the wrong server
    expect(rc.holds(called, {}, ghostReply(called, 1, 3, 0))).toBe(false); // the wrong answer
    expect(rc.holds(replied, {}, ghostReply(replied, 1, 3, 1))).toBe(false); // a second reply
  });
});
