/**
 * Card W1's event cascade under each full-queue policy: blocking, failing (dropping or retrying),
 * coalescing and credit 1, on the designs that have them; state counts, the kernel memory reached
 * and the shortest counterexamples pinned.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/index.js';
import { compose } from '../../../model/compose/compose.js';
import type { AnyDesign } from '../../../model/designs/design.js';
import { composite } from '../../../model/designs/composite.js';
import { mach } from '../../../model/designs/mach.js';
import { pipe } from '../../../model/designs/pipe.js';
import { sel4 } from '../../../model/designs/sel4.js';
import { xen } from '../../../model/designs/xen.js';
import { eventCascade } from '../../../model/workloads/eventCascade.js';
import { failingLengths, traceActions } from '../../helpers/verdicts.js';

const run = (design: AnyDesign, set: Record<string, string | number>) => {
  const m = compose(design, eventCascade.build({ ...eventCascade.defaults, ...set }));
  return { m, r: check(m) };
};
/** The properties that neither hold nor are witnessed: a violation's trace length, else the status. */
const failing = failingLengths;
/** The largest kernel-memory measure the search met. */
const memoryReached = (r: ReturnType<typeof run>['r']): number | undefined => {
  const v = r.verdicts['kernel memory ≤ 3'];
  return 'maxReached' in v ? v.maxReached : undefined;
};

describe('eventCascade (W1): the workload itself', () => {
  it('counts the events the sinks handle on the acyclic graphs (servers 2 and 3 of the tree), and marks server 3 on the cycle', () => {
    const names = (set: Record<string, string>) => {
      const spec = eventCascade.build({ ...eventCascade.defaults, ...set });
      return [spec.shared?.map((c) => `${c.name} ≤ ${c.max}`), spec.liveness?.map((l) => l.name)];
    };
    expect(names({})).toEqual([['handled ≤ 3'], ['every event is handled']]);
    expect(names({ graph: 'tree', edges: 'events' })).toEqual([['handled ≤ 5', 'items 1 ≤ 2', 'items 2 ≤ 2', 'items 3 ≤ 2'], ['every event is handled']]);
    expect(names({ graph: 'cycle' })).toEqual([[], ['the cascade always reaches the last server']]);
  });

  it('names only the options away from the defaults', () => {
    expect(eventCascade.build({ ...eventCascade.defaults, edges: 'events', handler: 'onePerWakeup', capacity: 1 }).name).toBe('eventCascade(graph=chain,events=2,memoryBound=3,edges=events,capacity=1,handler=onePerWakeup)');
  });
});

describe('eventCascade (W1) under each full-queue policy', () => {
  it('block: a Mach port with queue limit 1 handles every event, with at most 2 messages in the kernel (3,733 states)', () => {
    const { r } = run(mach(), { capacity: 1 });
    expect([r.stats.distinct, failing(r), memoryReached(r)]).toEqual([3733, {}, 2]);
  });

  it('block on a cycle (W1 F2): seL4 servers block sending into each other (3,064 states, deadlock in 32 steps)', () => {
    const { r } = run(sel4(), { graph: 'cycle' });
    expect(r.stats.distinct).toBe(3064);
    expect(failing(r)).toEqual({ 'deadlock free': 32, 'no client stuck forever': 18 });
  });

  it('fail and drop (W1 F3): Mach with send timeout 0 drops an emit on a full port, and an event is never handled (24 steps)', () => {
    const { m, r } = run(mach({ sendTimeout: 0 }), { capacity: 1 });
    expect([r.stats.distinct, failing(r), memoryReached(r)]).toEqual([4375, { 'every event is handled': 24 }, 2]);
    expect(traceActions(m, r, 'every event is handled').filter((a) => a.startsWith('Send')).length).toBeGreaterThanOrEqual(3);
  });

  it('fail and retry: a non-blocking pipe writer retries after EAGAIN and every event is handled (3,640 states)', () => {
    const { r } = run(pipe({ nonblocking: true }), { capacity: 1 });
    expect([r.stats.distinct, failing(r)]).toEqual([3640, {}]);
  });

  it('coalesce: seL4 notifications with servers that drain their items per wakeup handle every event, in no kernel memory (24,996 states)', () => {
    const { r } = run(sel4(), { edges: 'events' });
    expect([r.stats.distinct, failing(r), memoryReached(r)]).toEqual([24996, {}, 0]);
  });

  it('coalesce on a cycle: the signals merge, so kernel memory stays 0 however the events double (45,646 states)', () => {
    const { r } = run(sel4(), { edges: 'events', graph: 'cycle' });
    expect([r.stats.distinct, failing(r), memoryReached(r)]).toEqual([45646, {}, 0]);
  });

  it('coalesce, one item per wakeup (W1 F4): two signals merge into one wakeup and an item is stranded, on seL4 and on Xen alike (26 steps)', () => {
    const a = run(sel4(), { edges: 'events', handler: 'onePerWakeup' });
    const b = run(xen(), { edges: 'events', handler: 'onePerWakeup' });
    expect([a.r.stats.distinct, failing(a.r)]).toEqual([7041, { 'every event is handled': 26 }]);
    expect([b.r.stats.distinct, failing(b.r)]).toEqual([7041, { 'every event is handled': 26 }]);
    const signals = traceActions(a.m, a.r, 'every event is handled').filter((l) => l.startsWith('Signal(in 1)'));
    expect(signals).toHaveLength(2);
  });

  it("count: Composite's asnd keeps a pending counter, not a bit, so even one item per wakeup strands nothing (5,508 states)", () => {
    const { r } = run(composite(), { edges: 'events', handler: 'onePerWakeup' });
    expect([r.stats.distinct, failing(r), memoryReached(r)]).toEqual([5508, {}, 0]);
  });

  it('credit 1: an ack per event, withheld until the downstream ack, handles every event on a chain (588 states)', () => {
    const { r } = run(sel4(), { edges: 'acks' });
    expect([r.stats.distinct, failing(r)]).toEqual([588, {}]);
  });

  it('credit 1 on a cycle (W1 F5): every server waits for an ack the next one withholds, and the cascade deadlocks (18 steps)', () => {
    const { r } = run(sel4(), { edges: 'acks', graph: 'cycle' });
    expect(r.stats.distinct).toBe(217);
    expect(failing(r)).toEqual({ 'deadlock free': 18, 'no client stuck forever': 2, 'every call is answered': 18 });
  });
});
