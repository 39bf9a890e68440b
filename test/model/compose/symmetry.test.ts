/**
 * Symmetry on the designs × workloads layer: the framework derives which threads are
 * interchangeable (same program, same parameters, alike address spaces, and renaming them
 * commutes with the design's steps and keeps every state property's verdict), renames threads
 * through the state shape's thread roles, and the reduced search is exact: one state per orbit as
 * a brute-force count finds it, the unreduced verdicts, and counterexamples that replay through
 * the unreduced model with the unreduced search's length.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { replay } from '../../../checker/replay.js';
import { compose } from '../../../model/compose/compose.js';
import { sel4 } from '../../../model/designs/sel4.js';
import { rpcPool } from '../../../model/workloads/rpcPool.js';
import { findEntry } from '../../../registry/index.js';
import type { Config } from '../../../model/core/model.js';
import { canonicalJson } from '../../helpers/canonicalJson.js';
import { bruteForceOrbits } from '../../checker/symmetry/bruteForceOrbits.js';

/** The registry's model `id` at its defaults overridden by `set`. */
function pair(id: string, set: Config = {}) {
  const entry = findEntry(id)!;
  return entry.make({ ...entry.defaults, ...set });
}

const statuses = (r: ReturnType<typeof check>) => Object.fromEntries(Object.entries(r.verdicts).map(([k, v]) => [k, v.status]));

describe('deriving the interchangeable threads', () => {
  it('finds the four clients and the two servers of seL4 × rpcPool interchangeable', () => {
    const m = pair('seL4.rpcPool', { clients: 4, servers: 2 });
    expect(m.symmetry!.groups).toEqual([
      [0, 1, 2, 3],
      [4, 5],
    ]);
  });

  it("pairs L4's clients by the server they call, and drops the servers, whom the clients name", () => {
    const m = pair('L4.rpcPool', { clients: 4, servers: 2 });
    expect(m.symmetry!.groups).toEqual([
      [0, 2],
      [1, 3],
    ]);
    expect(m.symmetry!.explain).toMatch(/dropped: \{server 1, server 2\} \(renaming them does not commute with the design's steps/);
  });

  it('drops clients that a design tells apart by id (seL4 F2: Reply answers the lowest-numbered waiter)', () => {
    const m = pair('seL4.rpcPool', { mutant: 'replyToAnyWaiter', servers: 2 });
    expect(m.symmetry!.groups).toEqual([[2, 3]]);
    expect(m.symmetry!.explain).toMatch(/dropped: \{client 1, client 2\}/);
  });

  it('drops threads a property tells apart, and then refuses a reduced check naming the property', () => {
    const m = pair('seL4.duplex');
    expect(m.symmetry!.groups).toEqual([]);
    expect(m.symmetry!.explain).toContain("property 'the client blocks' tells them apart");
    expect(() => check(m, { symmetry: true })).toThrow(/no group of two or more threads .*'the client blocks'.*check without symmetry/);
  });

  it('takes the groups a workload gives by thread name, or none', () => {
    const spec = rpcPool.build({ ...rpcPool.defaults, clients: 3 });
    expect(compose(sel4(), { ...spec, symmetry: [['client 1', 'client 3']] }).symmetry!.groups).toEqual([[0, 2]]);
    expect(compose(sel4(), { ...spec, symmetry: false }).symmetry).toBeUndefined();
    expect(() => compose(sel4(), { ...spec, symmetry: [['client 9']] }).symmetry!.groups).toThrow(/names thread 'client 9'.*its threads: client 1, client 2, client 3, server 1/);
  });
});

describe('the reduced search on composed models is exact', () => {
  it.each<[string, Config, number, number]>([
    ['seL4.rpcPool', {}, 1_371, 731],
    ['seL4.rpcPool', { clients: 3 }, 28_625, 5_911],
    ['seL4-MCS.rpcPool', {}, 1_919, 1_005],
    ['L4.rpcPool', {}, 1_763, 925],
    ['Fiasco.rpcPool', {}, 3_647, 1_863],
    ['seL4.oneWayClient', {}, 12_293, 6_801],
    ['Mach.oneWayClient', {}, 11_472, 6_739],
    ['pipe.oneWayClient', {}, 14_856, 8_472],
  ])('%s %o: one state per orbit (%i states, %i orbits) and the unreduced verdicts', (id, set, states, orbits) => {
    const m = pair(id, set);
    const brute = bruteForceOrbits(m);
    expect([brute.states, brute.orbits]).toEqual([states, orbits]);
    const reduced = check(m, { symmetry: true });
    expect(reduced.complete).toBe(true);
    expect(reduced.stats.distinct).toBe(orbits);
    const plain = statuses(check(m));
    // neverStuck and liveness are not decided under reduction; every other verdict is the unreduced one.
    const undecided = Object.keys(plain).filter((k) => k.includes('stuck forever') || k === 'every call is answered');
    expect(undecided.length).toBeGreaterThan(0);
    expect(statuses(reduced)).toEqual({ ...plain, ...Object.fromEntries(undecided.map((k) => [k, 'unknown'])) });
  }, 120_000);
});

describe('counterexamples of composed models under reduction', () => {
  it.each<[string, Config, string, number]>([
    ['seL4.rpcPool', { mutant: 'callAsSend' }, 'reply correctness', 6],
    ['seL4.rpcPool', { mutant: 'replyToAnyWaiter', servers: 2 }, 'reply correctness', 14],
    ['seL4.rpcPool', { hardware: 'noPageTableSwitch' }, 'isolation', 3],
  ])('%s %o: %s fails on a concrete trace of %i steps that replays through the unreduced model', (id, set, property, steps) => {
    const m = pair(id, set);
    const plain = check(m).verdicts[property];
    const v = check(m, { symmetry: true }).verdicts[property];
    expect(v.status).toBe('violated');
    expect(plain.status).toBe('violated');
    if (v.status !== 'violated' || plain.status !== 'violated') return;
    expect(v.trace.steps).toHaveLength(steps);
    expect(plain.trace.steps).toHaveLength(steps);
    const again = replay(m, v.trace.path);
    expect([again.init, ...again.steps.map((s) => s.state)].map(canonicalJson)).toEqual([v.trace.init, ...v.trace.steps.map((s) => s.state)].map(canonicalJson));
  });
});
