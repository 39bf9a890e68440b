/**
 * What symmetry reduction refuses, and how: an asymmetric property or a `permute` (or
 * `signature`) that breaks its contract is a model error IPC008 naming it, found on a sample
 * before the search; a check it does not support is a RangeError naming the fix; the properties
 * decided over the whole graph stay unknown with the reason.
 */
import { describe, expect, it } from 'vitest';
import { check } from '../../../checker/check.js';
import { checkParallel } from '../../../checker/parallel/checkParallel.js';
import { registrySpec } from '../../../registry/index.js';
import { defineModel, type Model } from '../../../model/core/model.js';
import { dining } from '../../../model/classic/dining.js';
import { l4Ipc, type L4IpcAction, type L4IpcState } from '../../../model/classic/l4Ipc.js';
import { serverPool } from '../../../model/examples/serverPool.js';
import { always, deadlockFree, leadsTo, step } from '../../../properties/index.js';
import type { Property } from '../../../properties/property.js';

type M = Model<L4IpcState, L4IpcAction>;
const base = () => l4Ipc({ clients: 3, servers: 2, rounds: 1, payloads: 2 });
const withProperty = (p: Property<L4IpcState, L4IpcAction>): M => {
  const m = base();
  return defineModel<L4IpcState, L4IpcAction>({ ...m, properties: [...m.properties, p] });
};
const withSymmetry = (change: Partial<NonNullable<M['symmetry']>>): M => {
  const m = base();
  return defineModel<L4IpcState, L4IpcAction>({ ...m, symmetry: { ...m.symmetry!, ...change } });
};

describe('asymmetric properties are refused before the search (IPC008)', () => {
  it.each<[string, Property<L4IpcState, L4IpcAction>]>([
    ['an invariant about client 1', always('client 1 never ahead of client 2', (s) => s.cround[0] <= s.cround[1])],
    ['a step property about client 1', step('client 1 calls first', (s, a) => a.kind !== 'Call' || a.c === 1 || s.cround[0] > 0 || s.cpc[0] !== 'idle')],
    ['a valid end about server 1', deadlockFree('server 1 ends receiving', { validEnd: (s) => s.spc[0] === 'recvBlocked' })],
  ])('%s', (_what, prop) => {
    const r = check(withProperty(prop), { symmetry: true });
    expect(r.modelError?.code).toBe('IPC008');
    expect(r.modelError?.message).toMatch(new RegExp(`^property '${prop.name}' is not symmetric: .* so symmetry reduction would decide it wrongly; state it alike for every interchangeable thread, or run without --symmetry`));
    expect([r.stats.distinct, r.complete, r.ok]).toEqual([0, false, false]);
    // Without reduction the same property is checked as usual.
    expect(check(withProperty(prop)).modelError).toBeUndefined();
  });
});

describe('a symmetry that breaks its contract is refused (IPC008)', () => {
  it('a permute that forgets to rename the clients in sendQ does not commute with next', () => {
    const good = base().symmetry!;
    const r = check(withSymmetry({ permute: (s, perm) => ({ ...good.permute(s, perm), sendQ: s.sendQ }) }), { symmetry: true });
    expect(r.modelError?.code).toBe('IPC008');
    expect(r.modelError?.message).toContain('symmetry.permute breaks its contract:');
  });

  it('a signature that names a thread (its own index) does not travel with it', () => {
    const r = check(withSymmetry({ signature: (_s, t) => t }), { symmetry: true });
    expect(r.modelError?.message).toMatch(/^symmetry\.signature breaks its contract: thread 0's signature is 0 in a state and thread 1's is 1 in the same state with threads renamed by \[1, 0, 2, 3, 4\]/);
  });

  it('a permute that leaves the declared shape is named', () => {
    const good = base().symmetry!;
    const r = check(withSymmetry({ permute: (s, perm) => ({ ...good.permute(s, perm), cround: s.cround.map(() => 99) }) }), { symmetry: true });
    expect(r.modelError?.code).toBe('IPC008');
    expect(r.modelError?.message).toBe('symmetry.permute(state, [1, 0, 2, 3, 4]) returned a state outside the declared shape: symmetry.permute breaks its contract; run without --symmetry (symmetry: false)');
  });

  it('a permute that throws is named', () => {
    const r = check(withSymmetry({ permute: () => { throw new Error('no renaming today'); } }), { symmetry: true });
    expect(r.modelError?.code).toBe('IPC008');
    expect(r.modelError?.message).toMatch(/^symmetry\.permute\(state, \[1, 0, 2, 3, 4\]\) threw: no renaming today/);
  });
});

describe('checks symmetry reduction does not support', () => {
  it('a model without symmetry', () => {
    expect(() => check(dining({ n: 3 }), { symmetry: true })).toThrow(/^symmetry reduction: model dining\(n=3,lefty0=false\) declares no symmetry \(Model\.symmetry: the groups of interchangeable threads and permute\); declare one, or check without symmetry$/);
  });
  it('fingerprint mode', () => {
    expect(() => check(base(), { symmetry: true, fingerprint: true })).toThrow('symmetry reduction works in exact mode only: drop fingerprint (--fingerprint) or symmetry (--symmetry)');
  });
  it('workers', async () => {
    await expect(checkParallel(registrySpec('l4Ipc', {}), { workers: 2, symmetry: true })).rejects.toThrow('symmetry reduction works with one worker only');
  });
  it('groups that overlap', () => {
    expect(() => check(withSymmetry({ groups: [[0, 1], [1, 2]] }), { symmetry: true })).toThrow('symmetry.groups: thread 1 is in two groups (or twice in one); each thread belongs to one group at most');
  });
});

describe('properties over the whole state graph are not decided under symmetry reduction', () => {
  it('neverStuck is unknown with the reason', () => {
    const v = check(serverPool({ clients: 2, servers: 1 }), { symmetry: true }).verdicts['no client stuck forever'];
    expect(v).toEqual({ status: 'unknown', reason: 'no thread stuck forever is not decided under symmetry reduction (the reduced graph renames threads along its edges); run without --symmetry to decide it' });
  });
  it('liveness is unknown with the reason', () => {
    const m = withProperty(leadsTo('a blocked client is answered', (s) => s.cpc.includes('replyBlocked'), (s) => s.cpc.every((pc) => pc !== 'replyBlocked')));
    const v = check(m, { symmetry: true }).verdicts['a blocked client is answered'];
    expect(v.status).toBe('unknown');
    expect(v.status === 'unknown' && v.reason).toMatch(/^liveness is not decided under symmetry reduction/);
    expect(check(m).verdicts['a blocked client is answered'].status).toBe('holds');
  });
});
