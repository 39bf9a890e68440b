/**
 * Symmetry reduction is exact: with it, the distinct count is the number of orbits of the
 * reachable states under the model's symmetry, as a brute-force count finds it (every renaming
 * applied to every reachable state of the unreduced model, canonical JSON, no checker code), and
 * every verdict the reduced search decides is the unreduced search's.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { l4Ipc, type L4IpcConfig } from '../../../model/classic/l4Ipc.js';
import { serverPool, type ServerPoolConfig } from '../../../model/examples/serverPool.js';
import { allRenamings, bruteForceOrbits } from './bruteForceOrbits.js';

describe('the brute-force reference', () => {
  it('enumerates n! renamings of a group and the product over groups', () => {
    expect(allRenamings([[0, 1, 2]])).toHaveLength(6);
    expect(allRenamings([[0, 1, 2], [3, 4]])).toHaveLength(12);
    expect(new Set(allRenamings([[1, 2], [0, 3]]).map((p) => p.join()))).toEqual(new Set(['0,1,2,3', '0,2,1,3', '3,1,2,0', '3,2,1,0']));
  });
});

const statuses = (r: ReturnType<typeof check>) => Object.fromEntries(Object.entries(r.verdicts).map(([k, v]) => [k, v.status]));

describe('serverPool with symmetry reduction', () => {
  it.each<[Partial<ServerPoolConfig>, number, number]>([
    [{ clients: 2, servers: 1 }, 715, 401],
    [{ clients: 2, servers: 2 }, 4_374, 1_359],
    [{ clients: 3, servers: 1 }, 12_945, 2_869],
  ])('%o: stores one state per orbit (%i states, %i orbits)', (config, states, orbits) => {
    const model = serverPool(config);
    const brute = bruteForceOrbits(model);
    expect([brute.states, brute.orbits]).toEqual([states, orbits]);
    const reduced = check(model, { symmetry: true });
    expect(reduced.stats.distinct).toBe(orbits);
    expect(reduced.complete).toBe(true);
    const plain = check(model);
    expect(plain.stats.distinct).toBe(states);
    // Every verdict decided under reduction is the unreduced one; neverStuck is left unknown.
    expect(statuses(reduced)).toEqual({ ...statuses(plain), 'no client stuck forever': 'unknown' });
  });
});

describe('l4Ipc with symmetry reduction', () => {
  it.each<[Partial<L4IpcConfig>, number, number]>([
    [{ clients: 2, servers: 2, rounds: 2, payloads: 2 }, 369, 103],
    [{ clients: 3, servers: 2, rounds: 1, payloads: 2 }, 763, 94],
    [{ clients: 3, servers: 1, rounds: 2, payloads: 2 }, 1_368, 254],
    [{ clients: 2, servers: 3, rounds: 2, payloads: 1, bug: 'sharedReplyCap' }, 1_196, 119],
  ])('%o: stores one state per orbit (%i states, %i orbits) with the unreduced verdicts and depth', (config, states, orbits) => {
    const model = l4Ipc(config);
    const brute = bruteForceOrbits(model);
    expect([brute.states, brute.orbits]).toEqual([states, orbits]);
    const reduced = check(model, { symmetry: true });
    const plain = check(model);
    expect(reduced.stats.distinct).toBe(orbits);
    expect(statuses(reduced)).toEqual(statuses(plain));
    // The initial state is symmetric, so every orbit is as far from it as each of its states.
    expect(reduced.stats.depth).toBe(plain.stats.depth);
  });
});
