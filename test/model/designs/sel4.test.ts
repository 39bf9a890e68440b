/**
 * The seL4 design's system calls, case by case, on hand-built kernel states, against the
 * endpoint and notification cases of the seL4 manual and l4v (spec cards M3 and M5):
 * `sel4().syscall(kernel, t, call, message, frame)` for one call by the running thread `t`; and
 * the lasso of 'every call is answered' on card M3's lost reply, composed with rpcPool.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { compose } from '../../../model/compose/compose.js';
import { sel4, type Sel4Call, type Sel4Objects, type Sel4Tcb } from '../../../model/designs/sel4.js';
import type { Frame, KernelState, ObjectKind, SyscallResult } from '../../../model/designs/design.js';
import type { Endpoint } from '../../../model/kernel/endpoint.js';
import type { Notification } from '../../../model/kernel/notification.js';
import { rpcPool } from '../../../model/workloads/rpcPool.js';
import { failingVerdicts, traceActions } from '../../helpers/verdicts.js';

type K = KernelState<Sel4Tcb, Sel4Objects>;

/** One object of the frame, with the threads that receive on it and those that send to it. */
function object(name: string, kind: ObjectKind, servers: number[], senders: number[]) {
  return { name, kind, servers, senders };
}
// Threads 1..4: two clients and two servers. Objects: 0 a service, 1 a channel, 2 an event, 3 the fault endpoint.
const SVC = 0;
const CH = 1;
const EV = 2;
const FAULTS = 3;
const frame: Frame = {
  threads: 4,
  values: 2,
  slots: 1,
  pages: 2,
  objects: [object('svc', 'service', [3, 4], [1, 2]), object('ch', 'channel', [4], [1, 2]), object('ev', 'event', [3], [1]), object('faults', 'faults', [4], [1, 2])],
  threadNames: ['c1', 'c2', 's1', 's2'],
};
const [C1, C2, S1, S2] = [1, 2, 3, 4];

const design = sel4();
const K0: K = design.init(frame);

/** A kernel state: the boot state with the given threads, endpoints and notifications changed. */
function kernel(
  threads: Readonly<Record<number, Partial<Sel4Tcb>>> = {},
  eps: Readonly<Record<number, Endpoint>> = {},
  ntfns: Readonly<Record<number, Notification>> = {},
): K {
  return {
    threads: K0.threads.map((tcb, i) => ({ ...tcb, ...threads[i + 1] })),
    objects: { eps: K0.objects.eps.map((e, o) => eps[o] ?? e), ntfns: K0.objects.ntfns.map((n, o) => ntfns[o] ?? n) },
  };
}
const sendQ = (...queue: number[]): Endpoint => ({ state: 'send', queue });
const recvQ = (...queue: number[]): Endpoint => ({ state: 'recv', queue });
const IDLE: Endpoint = { state: 'idle', queue: [] };
const onSend = (obj: number, isCall: boolean): Partial<Sel4Tcb> => ({ state: 'blockedOnSend', on: obj + 1, isCall });
const onRecv = (obj: number): Partial<Sel4Tcb> => ({ state: 'blockedOnReceive', on: obj + 1 });
const onReply: Partial<Sel4Tcb> = { state: 'blockedOnReply', on: 0 };

/** Every page mapped: seL4's IPC never reads the page tables (its IPC buffers are always reachable). */
const MACHINE = { mapped: () => true };
type Syscall = (k: K, t: number, c: Sel4Call, message: number, f: Frame, machine?: typeof MACHINE) => SyscallResult<K>;
const call = (k: K, t: number, c: Sel4Call, message = 0, d = design) => (d.syscall as Syscall)(k, t, c, message, frame, MACHINE);
const invariants = (k: K, d = design) => Object.fromEntries(d.invariants(frame).map((p) => [p.name, p.holds(k)]));
const allHold = (k: K, d = design) => Object.values(invariants(k, d)).every((v) => v);

describe('seL4 boot state', () => {
  it('every thread runs with empty caller and saved slots, every endpoint and notification idle', () => {
    for (let t = 1; t <= 4; t++) {
      expect(design.runnable(K0, t)).toBe(true);
      expect(design.ended(K0, t)).toBe(false);
      expect(K0.threads[t - 1]).toMatchObject({ state: 'running', caller: 0, saved: [0] });
    }
    expect(K0.objects.eps.every((e) => e.state === 'idle' && e.queue.length === 0)).toBe(true);
    expect(K0.objects.ntfns.every((n) => n.state === 'idle' && n.word === 0)).toBe(true);
    expect(allHold(K0)).toBe(true);
  });
});

describe('Send and Call with no receiver waiting', () => {
  it('Send on an Idle endpoint queues the sender BlockedOnSend, not as a Call, and blocks it', () => {
    const r = call(kernel(), C1, { kind: 'Send', obj: CH }, 1);
    expect(r.outcome.kind).toBe('blocked');
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'blockedOnSend', on: CH + 1, isCall: false, mr: 1 });
    expect(r.kernel.objects.eps[CH]).toEqual(sendQ(C1));
    expect(r.woken).toEqual([]);
    expect(r.events).toEqual([]);
    expect(design.runnable(r.kernel, C1)).toBe(false);
  });

  it('Call on an Idle endpoint queues the caller BlockedOnSend as a Call', () => {
    const r = call(kernel(), C1, { kind: 'Call', obj: SVC }, 1);
    expect(r.outcome.kind).toBe('blocked');
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'blockedOnSend', on: SVC + 1, isCall: true });
    expect(r.kernel.objects.eps[SVC]).toEqual(sendQ(C1));
  });

  it('Send and Call on a Send endpoint join the tail of its queue', () => {
    const k = kernel({ [C1]: onSend(SVC, true) }, { [SVC]: sendQ(C1) });
    const r = call(k, C2, { kind: 'Send', obj: SVC });
    expect(r.kernel.objects.eps[SVC]).toEqual(sendQ(C1, C2));
    expect(r.kernel.threads[C2 - 1]).toMatchObject(onSend(SVC, false));
    const r2 = call(r.kernel, S1, { kind: 'Call', obj: SVC });
    expect(r2.kernel.objects.eps[SVC]).toEqual(sendQ(C1, C2, S1));
    expect(r2.kernel.threads[S1 - 1]).toMatchObject(onSend(SVC, true));
    expect(allHold(r2.kernel)).toBe(true);
  });

  it('queueing on one endpoint leaves the other endpoints alone', () => {
    const r = call(kernel(), C1, { kind: 'Call', obj: SVC });
    expect(r.kernel.objects.eps[CH]).toEqual(IDLE);
    expect(r.kernel.objects.eps[FAULTS]).toEqual(IDLE);
  });

  it('NBSend with no receiver drops the message: nothing is queued, nothing blocks, nothing is shown', () => {
    for (const ep of [IDLE, sendQ(C2)]) {
      const k = kernel(ep.state === 'send' ? { [C2]: onSend(CH, false) } : {}, { [CH]: ep });
      const r = call(k, C1, { kind: 'NBSend', obj: CH }, 1);
      expect(r.outcome).toEqual({ kind: 'returned' });
      expect(r.kernel.objects.eps[CH]).toEqual(ep);
      expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', on: 0 });
      expect(r.events).toEqual([]);
      expect(r.woken).toEqual([]);
    }
  });
});

describe('Send and Call to a waiting receiver', () => {
  const waiting = () => kernel({ [S1]: onRecv(SVC), [S2]: onRecv(SVC) }, { [SVC]: recvQ(S1, S2) });

  it('Call hands the message to the head receiver, which runs, and leaves the caller BlockedOnReply in its caller slot', () => {
    const r = call(waiting(), C1, { kind: 'Call', obj: SVC }, 1);
    expect(r.outcome.kind).toBe('blocked');
    expect(r.woken).toEqual([S1]);
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'running', on: 0, mr: 1, caller: C1 });
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'blockedOnReply', on: 0, isCall: false });
    expect(r.kernel.objects.eps[SVC]).toEqual(recvQ(S2));
    expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: C1, to: S1, value: 1 }]);
    expect(allHold(r.kernel)).toBe(true);
  });

  it('the second receiver in the queue stays blocked', () => {
    const r = call(waiting(), C1, { kind: 'Call', obj: SVC });
    expect(r.kernel.threads[S2 - 1]).toMatchObject(onRecv(SVC));
    expect(design.runnable(r.kernel, S2)).toBe(false);
  });

  it('Send hands the message to the head receiver and the sender keeps running', () => {
    const r = call(waiting(), C1, { kind: 'Send', obj: SVC }, 1);
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.woken).toEqual([S1]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', on: 0 });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'running', mr: 1, caller: 0 });
    expect(r.events).toEqual([{ kind: 'transfer', what: 'message', from: C1, to: S1, value: 1 }]);
  });

  it('NBSend to a waiting receiver delivers like Send', () => {
    const r = call(waiting(), C1, { kind: 'NBSend', obj: SVC }, 1);
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'running', mr: 1 });
    expect(r.kernel.objects.eps[SVC]).toEqual(recvQ(S2));
  });

  it('the endpoint becomes Idle when its last waiting receiver is taken', () => {
    const k = kernel({ [S1]: onRecv(SVC) }, { [SVC]: recvQ(S1) });
    const r = call(k, C1, { kind: 'Call', obj: SVC });
    expect(r.kernel.objects.eps[SVC]).toEqual(IDLE);
    expect(allHold(r.kernel)).toBe(true);
  });
});

describe('Recv', () => {
  it('Recv on an Idle endpoint blocks the receiver BlockedOnReceive in the queue', () => {
    const r = call(kernel(), S1, { kind: 'Recv', obj: SVC });
    expect(r.outcome.kind).toBe('blocked');
    expect(r.kernel.threads[S1 - 1]).toMatchObject(onRecv(SVC));
    expect(r.kernel.objects.eps[SVC]).toEqual(recvQ(S1));
    expect(r.events).toEqual([]);
  });

  it('Recv on a Recv endpoint joins the tail of its queue', () => {
    const k = kernel({ [S1]: onRecv(SVC) }, { [SVC]: recvQ(S1) });
    const r = call(k, S2, { kind: 'Recv', obj: SVC });
    expect(r.kernel.objects.eps[SVC]).toEqual(recvQ(S1, S2));
    expect(allHold(r.kernel)).toBe(true);
  });

  it('Recv first deletes the caller slot, and the caller it named stays BlockedOnReply for ever (lost reply)', () => {
    const k = kernel({ [C1]: onReply, [S1]: { caller: C1 } });
    const r = call(k, S1, { kind: 'Recv', obj: SVC });
    expect(r.kernel.threads[S1 - 1].caller).toBe(0);
    expect(r.events[0]).toEqual({ kind: 'note', thread: S1, label: 'reply cap to c1 deleted' });
    expect(r.kernel.threads[C1 - 1]).toMatchObject(onReply);
    expect(r.woken).toEqual([]);
    expect(allHold(r.kernel)).toBe(true);
  });

  it('the caller slot is deleted before a queued Call puts its caller there', () => {
    const k = kernel({ [C1]: onReply, [C2]: onSend(SVC, true), [S1]: { caller: C1 } }, { [SVC]: sendQ(C2) });
    const r = call(k, S1, { kind: 'Recv', obj: SVC });
    expect(r.events.map((e) => e.kind)).toEqual(['note', 'transfer']);
    expect(r.kernel.threads[S1 - 1].caller).toBe(C2);
  });

  it('Recv with an empty caller slot shows no deletion', () => {
    const r = call(kernel(), S1, { kind: 'Recv', obj: SVC });
    expect(r.events.filter((e) => e.kind === 'note')).toEqual([]);
  });

  it('Recv takes the head sender: a queued Call sender becomes BlockedOnReply, named by the receiver\'s caller slot, and is not woken', () => {
    const k = kernel({ [C1]: { ...onSend(SVC, true), mr: 1 }, [C2]: onSend(SVC, true) }, { [SVC]: sendQ(C1, C2) });
    const r = call(k, S1, { kind: 'Recv', obj: SVC });
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.woken).toEqual([]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'blockedOnReply', on: 0, isCall: false });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'running', mr: 1, caller: C1 });
    expect(r.kernel.objects.eps[SVC]).toEqual(sendQ(C2));
    expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: C1, to: S1, value: 1 }]);
    expect(allHold(r.kernel)).toBe(true);
  });

  it('Recv takes a queued Send sender, which is woken, and leaves the caller slot empty', () => {
    const k = kernel({ [C1]: { ...onSend(CH, false), mr: 1 } }, { [CH]: sendQ(C1) });
    const r = call(k, S2, { kind: 'Recv', obj: CH });
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.woken).toEqual([C1]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', on: 0, isCall: false });
    expect(r.kernel.threads[S2 - 1]).toMatchObject({ state: 'running', mr: 1, caller: 0 });
    expect(r.events).toEqual([{ kind: 'transfer', what: 'message', from: C1, to: S2, value: 1 }]);
  });

  it('the endpoint becomes Idle when its last queued sender is taken', () => {
    const k = kernel({ [C1]: onSend(SVC, true) }, { [SVC]: sendQ(C1) });
    const r = call(k, S1, { kind: 'Recv', obj: SVC });
    expect(r.kernel.objects.eps[SVC]).toEqual(IDLE);
    expect(allHold(r.kernel)).toBe(true);
  });

  it('a faulting thread\'s queued message reaches the handler as a fault message carrying the page', () => {
    const k = kernel({ [C1]: { ...onSend(FAULTS, true), fault: 2, mr: 1 } }, { [FAULTS]: sendQ(C1) });
    const r = call(k, S2, { kind: 'Recv', obj: FAULTS });
    expect(r.events).toEqual([{ kind: 'transfer', what: 'fault', from: C1, to: S2, value: 1 }]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'blockedOnReply', fault: 2 });
    expect(r.kernel.threads[S2 - 1].caller).toBe(C1);
  });
});

describe('Reply', () => {
  it('Reply on an empty caller slot does nothing', () => {
    const k = kernel({ [C1]: onReply });
    const r = call(k, S1, { kind: 'Reply' }, 1);
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.events).toEqual([]);
    expect(r.woken).toEqual([]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject(onReply);
    expect(r.kernel.objects).toEqual(k.objects);
  });

  it('Reply wakes the caller with the message, shows a reply transfer, and empties the caller slot', () => {
    const k = kernel({ [C1]: { ...onReply, mr: 0 }, [S1]: { caller: C1 } });
    const r = call(k, S1, { kind: 'Reply' }, 1);
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.woken).toEqual([C1]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', mr: 1 });
    expect(design.received(r.kernel, C1)).toBe(1);
    expect(r.kernel.threads[S1 - 1].caller).toBe(0);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: S1, to: C1, value: 1 }]);
    expect(allHold(r.kernel)).toBe(true);
  });

  it('Reply answers the thread in its own caller slot, not another thread waiting for a reply', () => {
    const k = kernel({ [C1]: onReply, [C2]: onReply, [S1]: { caller: C2 }, [S2]: { caller: C1 } });
    const r = call(k, S1, { kind: 'Reply' }, 1);
    expect(r.woken).toEqual([C2]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject(onReply);
    expect(r.kernel.threads[S2 - 1].caller).toBe(C1);
    expect(allHold(r.kernel)).toBe(true);
  });

  it('a reply to a faulting thread is a fault reply naming the page, and clears the fault', () => {
    const k = kernel({ [C1]: { ...onReply, fault: 2 }, [S2]: { caller: C1 } });
    const r = call(k, S2, { kind: 'Reply' }, 0);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'faultReply', from: S2, to: C1, value: 1 }]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', fault: 0 });
  });
});

describe('ReplyRecv', () => {
  it('ReplyRecv replies to the caller and then waits on the endpoint', () => {
    const k = kernel({ [C1]: onReply, [S1]: { caller: C1 } });
    const r = call(k, S1, { kind: 'ReplyRecv', obj: SVC }, 1);
    expect(r.outcome.kind).toBe('blocked');
    expect(r.woken).toEqual([C1]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', mr: 1 });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ ...onRecv(SVC), caller: 0 });
    expect(r.kernel.objects.eps[SVC]).toEqual(recvQ(S1));
    // The slot was used by the reply, so the receive phase has nothing to delete.
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: S1, to: C1, value: 1 }]);
  });

  it('ReplyRecv is Reply followed by Recv, on a queue with a waiting Call', () => {
    const k = kernel({ [C1]: onReply, [C2]: { ...onSend(SVC, true), mr: 1 }, [S1]: { caller: C1 } }, { [SVC]: sendQ(C2) });
    const both = call(k, S1, { kind: 'ReplyRecv', obj: SVC }, 0);
    const first = call(k, S1, { kind: 'Reply' }, 0);
    const second = call(first.kernel, S1, { kind: 'Recv', obj: SVC }, 0);
    expect(both.kernel).toEqual(second.kernel);
    expect(both.events).toEqual([...first.events, ...second.events]);
    expect(both.outcome).toEqual(second.outcome);
    expect(both.kernel.threads[S1 - 1].caller).toBe(C2);
  });

  it('ReplyRecv with an empty caller slot is just Recv', () => {
    const k = kernel({ [C2]: onSend(SVC, true) }, { [SVC]: sendQ(C2) });
    const both = call(k, S1, { kind: 'ReplyRecv', obj: SVC });
    const recv = call(k, S1, { kind: 'Recv', obj: SVC });
    expect(both).toEqual(recv);
  });
});

describe('SaveCaller and SendSaved', () => {
  it('SaveCaller moves the caller slot into the saved slot; a later Recv then deletes nothing', () => {
    const k = kernel({ [C1]: onReply, [S1]: { caller: C1 } });
    const r = call(k, S1, { kind: 'SaveCaller', slot: 0 });
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ caller: 0, saved: [C1] });
    expect(allHold(r.kernel)).toBe(true);
    const r2 = call(r.kernel, S1, { kind: 'Recv', obj: CH });
    expect(r2.events).toEqual([]);
    expect(r2.kernel.threads[S1 - 1].saved).toEqual([C1]);
  });

  it('SaveCaller into an occupied slot is refused (DeleteFirst): the call fails and both callers stay answerable', () => {
    const k = kernel({ [C1]: onReply, [C2]: onReply, [S1]: { caller: C2, saved: [C1] } });
    const r = call(k, S1, { kind: 'SaveCaller', slot: 0 });
    expect(r.events).toEqual([{ kind: 'error', thread: S1, label: 'SaveCaller: destination slot not empty (DeleteFirst)' }]);
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ caller: C2, saved: [C1] });
  });

  it('SendSaved replies to the saved caller, shows a reply, and empties the slot', () => {
    const k = kernel({ [C1]: onReply, [S1]: { saved: [C1] } });
    const r = call(k, S1, { kind: 'SendSaved', slot: 0 }, 1);
    expect(r.woken).toEqual([C1]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running', mr: 1 });
    expect(r.kernel.threads[S1 - 1].saved).toEqual([0]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: S1, to: C1, value: 1 }]);
    expect(allHold(r.kernel)).toBe(true);
  });

  it('SendSaved on an empty slot does nothing', () => {
    const k = kernel({ [C1]: onReply, [S1]: { caller: C1 } });
    const r = call(k, S1, { kind: 'SendSaved', slot: 0 }, 1);
    expect(r.woken).toEqual([]);
    expect(r.events).toEqual([]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject(onReply);
    expect(r.kernel.threads[S1 - 1].caller).toBe(C1);
  });

  it('Reply after SaveCaller does nothing: the caller slot is empty', () => {
    const k = kernel({ [C1]: onReply, [S1]: { caller: C1 } });
    const saved = call(k, S1, { kind: 'SaveCaller', slot: 0 }).kernel;
    const r = call(saved, S1, { kind: 'Reply' }, 1);
    expect(r.woken).toEqual([]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject(onReply);
  });
});

describe('notifications: Signal and Wait', () => {
  it('Signal on an Idle notification makes it Active with the badge bit of the message', () => {
    const r = call(kernel(), C1, { kind: 'Signal', obj: EV }, 1);
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.kernel.objects.ntfns[EV]).toEqual({ state: 'active', queue: [], word: 0b10 });
    expect(r.woken).toEqual([]);
    expect(r.events).toEqual([]);
  });

  it('Signal on an Active notification ORs the badge into its word', () => {
    const k = kernel({}, {}, { [EV]: { state: 'active', queue: [], word: 0b01 } });
    const r = call(k, C1, { kind: 'Signal', obj: EV }, 1);
    expect(r.kernel.objects.ntfns[EV]).toEqual({ state: 'active', queue: [], word: 0b11 });
  });

  it('Signal on a Waiting notification wakes the first waiter with the badge; the notification stays Waiting while others wait', () => {
    const k = kernel({ [S1]: { state: 'blockedOnNotification', on: EV + 1 }, [S2]: { state: 'blockedOnNotification', on: EV + 1 } }, {}, { [EV]: { state: 'waiting', queue: [S1, S2], word: 0 } });
    const r = call(k, C1, { kind: 'Signal', obj: EV }, 0);
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(r.woken).toEqual([S1]);
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'running', on: 0, mr: 0b01 });
    expect(r.kernel.threads[S2 - 1]).toMatchObject({ state: 'blockedOnNotification' });
    expect(r.kernel.objects.ntfns[EV]).toEqual({ state: 'waiting', queue: [S2], word: 0 });
    expect(r.events).toEqual([{ kind: 'transfer', what: 'signal', from: C1, to: S1, value: 0b01 }]);
  });

  it('Signal to the last waiter leaves the notification Idle', () => {
    const k = kernel({ [S1]: { state: 'blockedOnNotification', on: EV + 1 } }, {}, { [EV]: { state: 'waiting', queue: [S1], word: 0 } });
    const r = call(k, C1, { kind: 'Signal', obj: EV }, 1);
    expect(r.kernel.objects.ntfns[EV]).toEqual({ state: 'idle', queue: [], word: 0 });
    expect(allHold(r.kernel)).toBe(true);
  });

  it('Wait on an Active notification takes its word without blocking and leaves it Idle', () => {
    const k = kernel({}, {}, { [EV]: { state: 'active', queue: [], word: 0b11 } });
    const r = call(k, S1, { kind: 'Wait', obj: EV });
    expect(r.outcome).toEqual({ kind: 'returned' });
    expect(design.received(r.kernel, S1)).toBe(0b11);
    expect(r.kernel.objects.ntfns[EV]).toEqual({ state: 'idle', queue: [], word: 0 });
  });

  it('Wait on an Idle notification blocks BlockedOnNotification; on a Waiting one it joins the queue', () => {
    const r = call(kernel(), S1, { kind: 'Wait', obj: EV });
    expect(r.outcome.kind).toBe('blocked');
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ state: 'blockedOnNotification', on: EV + 1 });
    expect(r.kernel.objects.ntfns[EV]).toEqual({ state: 'waiting', queue: [S1], word: 0 });
    const r2 = call(r.kernel, S2, { kind: 'Wait', obj: EV });
    expect(r2.kernel.objects.ntfns[EV]).toEqual({ state: 'waiting', queue: [S1, S2], word: 0 });
    expect(design.runnable(r2.kernel, S2)).toBe(false);
    expect(allHold(r2.kernel)).toBe(true);
  });
});

describe('Exit', () => {
  it('Exit ends the thread: it is ended and not runnable, and the outcome says so', () => {
    const r = call(kernel(), C1, { kind: 'Exit' });
    expect(r.outcome).toEqual({ kind: 'ended' });
    expect(design.ended(r.kernel, C1)).toBe(true);
    expect(design.runnable(r.kernel, C1)).toBe(false);
    expect(design.ended(r.kernel, C2)).toBe(false);
  });
});

describe('page faults', () => {
  it('a fault with the handler waiting sends it a fault message carrying the page; the thread waits BlockedOnReply', () => {
    const k = kernel({ [S2]: onRecv(FAULTS) }, { [FAULTS]: recvQ(S2) });
    const r = design.pageFault!(k, C1, 1, frame, FAULTS);
    expect(r.outcome.kind).toBe('blocked');
    expect(r.woken).toEqual([S2]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'blockedOnReply', fault: 2 });
    expect(r.kernel.threads[S2 - 1]).toMatchObject({ state: 'running', caller: C1, mr: 1 });
    expect(r.events).toEqual([
      { kind: 'note', thread: C1, label: 'fault message to faults' },
      { kind: 'transfer', what: 'fault', from: C1, to: S2, value: 1 },
    ]);
  });

  it('a fault with no handler waiting queues the thread on the fault endpoint as a Call', () => {
    const r = design.pageFault!(kernel(), C1, 0, frame, FAULTS);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ ...onSend(FAULTS, true), fault: 1 });
    expect(r.kernel.objects.eps[FAULTS]).toEqual(sendQ(C1));
  });
});

describe('operations and labels', () => {
  it('maps each design-neutral operation to its seL4 call on the object\'s index', () => {
    const op = (o: Parameters<typeof design.operation>[0]) => design.operation(o, 1, frame);
    expect(op({ op: 'rpc', obj: 'svc' })).toEqual({ kind: 'Call', obj: SVC });
    expect(op({ op: 'serve', obj: 'svc' })).toEqual({ kind: 'Recv', obj: SVC });
    expect(op({ op: 'receive', obj: 'ch' })).toEqual({ kind: 'Recv', obj: CH });
    expect(op({ op: 'replyServe', obj: 'svc' })).toEqual({ kind: 'ReplyRecv', obj: SVC });
    expect(op({ op: 'send', obj: 'ch' })).toEqual({ kind: 'Send', obj: CH });
    expect(op({ op: 'reply' })).toEqual({ kind: 'Reply' });
    expect(op({ op: 'save', slot: 0 })).toEqual({ kind: 'SaveCaller', slot: 0 });
    expect(op({ op: 'replySaved', slot: 0 })).toEqual({ kind: 'SendSaved', slot: 0 });
    expect(op({ op: 'signal', obj: 'ev' })).toEqual({ kind: 'Signal', obj: EV });
    expect(op({ op: 'wait', obj: 'ev' })).toEqual({ kind: 'Wait', obj: EV });
    expect(op({ op: 'exit' })).toEqual({ kind: 'Exit' });
  });

  it('cannot express IPC on an event or signals on an endpoint', () => {
    const op = (o: Parameters<typeof design.operation>[0]) => design.operation(o, 1, frame);
    for (const o of ['rpc', 'serve', 'receive', 'replyServe', 'send'] as const) expect(op({ op: o, obj: 'ev' })).toBeUndefined();
    expect(op({ op: 'signal', obj: 'svc' })).toBeUndefined();
    expect(op({ op: 'wait', obj: 'ch' })).toBeUndefined();
  });

  it('labels a call with its object or slot name', () => {
    expect(design.label({ kind: 'Call', obj: SVC }, frame)).toBe('Call(svc)');
    expect(design.label({ kind: 'ReplyRecv', obj: FAULTS }, frame)).toBe('ReplyRecv(faults)');
    expect(design.label({ kind: 'SaveCaller', slot: 0 }, frame)).toBe('SaveCaller(0)');
    expect(design.label({ kind: 'Reply' }, frame)).toBe('Reply');
  });

  it('allocates nothing on the IPC path: kernel memory is 0 in every state', () => {
    const k = call(kernel({ [S1]: onRecv(SVC) }, { [SVC]: recvQ(S1) }), C1, { kind: 'Call', obj: SVC }).kernel;
    expect(design.memory(K0)).toBe(0);
    expect(design.memory(k)).toBe(0);
  });

  it('names its invariants INV-EP, INV-SYM, INV-R and INV-NTFN', () => {
    expect(design.invariants(frame).map((p) => p.name)).toEqual(['INV-EP', 'INV-SYM', 'INV-R', 'INV-NTFN']);
  });
});

describe('seeded mutants (card M3)', () => {
  it('replyToAnyWaiter (F2): Reply answers the lowest-numbered thread BlockedOnReply, not the caller slot\'s', () => {
    const bad = sel4({ replyToAnyWaiter: true });
    const k = kernel({ [C1]: onReply, [C2]: onReply, [S1]: { caller: C2 }, [S2]: { caller: C1 } });
    const r = call(k, S1, { kind: 'Reply' }, 1, bad);
    expect(r.woken).toEqual([C1]);
    expect(r.events).toEqual([{ kind: 'transfer', what: 'reply', from: S1, to: C1, value: 1 }]);
    expect(r.kernel.threads[C2 - 1]).toMatchObject(onReply);
    // S2's slot now names a running thread: INV-R is broken.
    expect(invariants(r.kernel, bad)['INV-R']).toBe(false);
    expect(bad.title).toContain('[replyToAnyWaiter]');
  });

  it('replyToAnyWaiter answers even with an empty caller slot', () => {
    const bad = sel4({ replyToAnyWaiter: true });
    const r = call(kernel({ [C2]: onReply }), S1, { kind: 'Reply' }, 1, bad);
    expect(r.woken).toEqual([C2]);
  });

  it('callAsSend (F6): a queued Call dequeued by Recv is made ready as if it had sent, and the receiver has no one to reply to', () => {
    const bad = sel4({ callAsSend: true });
    const k = kernel({ [C1]: { ...onSend(SVC, true), mr: 1 } }, { [SVC]: sendQ(C1) });
    const r = call(k, S1, { kind: 'Recv', obj: SVC }, 0, bad);
    expect(r.woken).toEqual([C1]);
    expect(r.kernel.threads[C1 - 1]).toMatchObject({ state: 'running' });
    expect(r.kernel.threads[S1 - 1]).toMatchObject({ mr: 1, caller: 0 });
    expect(r.events).toEqual([{ kind: 'transfer', what: 'request', from: C1, to: S1, value: 1 }]);
    expect(bad.title).toContain('[callAsSend]');
  });

  it('callAsSend leaves a Call to a waiting receiver as seL4 does it', () => {
    const bad = sel4({ callAsSend: true });
    const k = kernel({ [S1]: onRecv(SVC) }, { [SVC]: recvQ(S1) });
    const r = call(k, C1, { kind: 'Call', obj: SVC }, 1, bad);
    expect(r.kernel.threads[C1 - 1]).toMatchObject(onReply);
    expect(r.kernel.threads[S1 - 1].caller).toBe(C1);
  });

  it('grantless (F5): a Call by a thread without Grant leaves it Inactive and the receiver\'s caller slot empty', () => {
    const bad = sel4({ grantless: [C1] });
    const direct = call(kernel({ [S1]: onRecv(SVC) }, { [SVC]: recvQ(S1) }), C1, { kind: 'Call', obj: SVC }, 1, bad);
    expect(direct.kernel.threads[C1 - 1]).toMatchObject({ state: 'inactive', on: 0 });
    expect(direct.kernel.threads[S1 - 1]).toMatchObject({ state: 'running', mr: 1, caller: 0 });
    expect(bad.runnable(direct.kernel, C1)).toBe(false);
    expect(bad.ended(direct.kernel, C1)).toBe(false);
    const queued = call(kernel({ [C1]: onSend(SVC, true) }, { [SVC]: sendQ(C1) }), S1, { kind: 'Recv', obj: SVC }, 0, bad);
    expect(queued.kernel.threads[C1 - 1]).toMatchObject({ state: 'inactive' });
    expect(queued.kernel.threads[S1 - 1].caller).toBe(0);
    expect(allHold(queued.kernel, bad)).toBe(true);
    expect(bad.title).toContain('[grantless 1]');
  });

  it('grantless affects only the threads it names', () => {
    const bad = sel4({ grantless: [C1] });
    const r = call(kernel({ [S1]: onRecv(SVC) }, { [SVC]: recvQ(S1) }), C2, { kind: 'Call', obj: SVC }, 1, bad);
    expect(r.kernel.threads[C2 - 1]).toMatchObject(onReply);
    expect(r.kernel.threads[S1 - 1].caller).toBe(C2);
  });

  it('the correct design has no mutant mark in its title', () => {
    expect(design.title).not.toMatch(/\[/);
  });
});

describe('invariants INV-EP, INV-SYM, INV-R, INV-NTFN', () => {
  it('hold on states a run of calls reaches', () => {
    let k = K0;
    const steps: [number, Sel4Call, number][] = [
      [S1, { kind: 'Recv', obj: SVC }, 0],
      [C1, { kind: 'Call', obj: SVC }, 1],
      [C2, { kind: 'Call', obj: SVC }, 0],
      [S1, { kind: 'SaveCaller', slot: 0 }, 0],
      [S1, { kind: 'Recv', obj: SVC }, 0],
      [S1, { kind: 'Reply' }, 1],
      [S1, { kind: 'SendSaved', slot: 0 }, 0],
      [S2, { kind: 'Wait', obj: EV }, 0],
      [C1, { kind: 'Signal', obj: EV }, 1],
      [S1, { kind: 'Recv', obj: CH }, 0],
      [C2, { kind: 'Send', obj: CH }, 1],
    ];
    for (const [t, c, m] of steps) {
      k = call(k, t, c, m).kernel;
      expect(invariants(k), `after ${design.label(c, frame)} by ${t}`).toEqual({ 'INV-EP': true, 'INV-SYM': true, 'INV-R': true, 'INV-NTFN': true });
    }
  });

  it('INV-EP fails on a Send or Recv endpoint with an empty queue, an Idle one with a queue, and a queue with a thread twice', () => {
    expect(invariants(kernel({}, { [SVC]: { state: 'send', queue: [] } }))['INV-EP']).toBe(false);
    expect(invariants(kernel({}, { [SVC]: { state: 'recv', queue: [] } }))['INV-EP']).toBe(false);
    expect(invariants(kernel({ [C1]: onSend(SVC, true) }, { [SVC]: { state: 'idle', queue: [C1] } }))['INV-EP']).toBe(false);
    expect(invariants(kernel({ [C1]: onSend(SVC, true) }, { [SVC]: { state: 'send', queue: [C1, C1] } }))['INV-EP']).toBe(false);
  });

  it('INV-SYM fails when a thread BlockedOnSend is not in the queue, or a queued thread is running, or it waits on another endpoint', () => {
    expect(invariants(kernel({ [C1]: onSend(SVC, true) }))['INV-SYM']).toBe(false);
    expect(invariants(kernel({}, { [SVC]: sendQ(C1) }))['INV-SYM']).toBe(false);
    expect(invariants(kernel({ [S1]: onRecv(CH) }, { [SVC]: recvQ(S1) }))['INV-SYM']).toBe(false);
    // Queued as a sender but marked as a receiver.
    expect(invariants(kernel({ [S1]: onRecv(SVC) }, { [SVC]: sendQ(S1) }))['INV-SYM']).toBe(false);
  });

  it('INV-SYM holds on a consistent hand-built state (the checks above are not vacuous)', () => {
    expect(invariants(kernel({ [C1]: onSend(SVC, true), [S2]: onRecv(CH) }, { [SVC]: sendQ(C1), [CH]: recvQ(S2) }))['INV-SYM']).toBe(true);
  });

  it('INV-R fails when a caller slot names a thread not BlockedOnReply, or two slots name the same thread', () => {
    expect(invariants(kernel({ [S1]: { caller: C1 } }))['INV-R']).toBe(false);
    expect(invariants(kernel({ [C1]: onReply, [S1]: { caller: C1 }, [S2]: { caller: C1 } }))['INV-R']).toBe(false);
    expect(invariants(kernel({ [C1]: onReply, [S1]: { caller: C1, saved: [C1] } }))['INV-R']).toBe(false);
    expect(invariants(kernel({ [S1]: { saved: [C2] } }))['INV-R']).toBe(false);
  });

  it('INV-R holds when each slot names a different thread BlockedOnReply', () => {
    expect(invariants(kernel({ [C1]: onReply, [C2]: onReply, [S1]: { caller: C1, saved: [C2] } }))['INV-R']).toBe(true);
  });

  it('INV-NTFN fails on an Active notification with an empty word and on a Waiting one with no waiter', () => {
    expect(invariants(kernel({}, {}, { [EV]: { state: 'active', queue: [], word: 0 } }))['INV-NTFN']).toBe(false);
    expect(invariants(kernel({}, {}, { [EV]: { state: 'waiting', queue: [], word: 0 } }))['INV-NTFN']).toBe(false);
  });
});

describe('composed with rpcPool: liveness under weak fairness per thread', () => {
  it('F1 lostReply: client 1’s call is never answered: an 11-step lasso from its Call (state 2) into the deadlock after the server’s third Recv overwrote its caller slot', () => {
    const model = compose(design, rpcPool.build({ ...rpcPool.defaults, bug: 'lostReply' }));
    const r = check(model);
    expect(r.stats.distinct).toBe(1583);
    expect(failingVerdicts(r)).toEqual({ 'deadlock free': 'violated', 'no client stuck forever': 'violated', 'every call is answered': 'violated' });
    const v = r.verdicts['every call is answered'];
    if (v.status !== 'violated') throw new Error('expected a lasso');
    // loop = steps: nothing repeats, the path stays in the deadlock.
    expect([v.instance, v.trace.steps.length, v.trace.loop, v.premiseAt]).toEqual(['client 1', 11, 11, 2]);
    expect(traceActions(model, r, 'every call is answered')).toEqual([
      'prepare 0 (client 1)', 'Call(svc) (client 1)', 'Return', 'prepare 0 (client 2)', 'Call(svc) (client 2)', 'Return',
      'Recv(svc) (server 1)', 'Return', 'Recv(svc) (server 1)', 'Return', 'Recv(svc) (server 1)',
    ]);
    const end = v.trace.steps.at(-1)!.state.kernel as K;
    expect(end.threads.map((x) => x.state)).toEqual(['blockedOnReply', 'blockedOnReply', 'blockedOnReceive']);
  });
});
