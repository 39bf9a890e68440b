/**
 * The parallel check: with any number of workers, the counts, depths and verdicts of the
 * one-worker search, and counterexamples of the same (shortest) length. Worker threads run
 * compiled JavaScript, so these tests import the build in dist/ (made by the global setup).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { checkParallel as CheckParallel } from '../../checker/parallel/checkParallel.js';
import { check } from '../../checker/check.js';
import { findEntry, type registrySpec as RegistrySpec } from '../../registry/index.js';
import type { Config } from '../../model/core/model.js';
import type { CheckStats } from '../../checker/result.js';

const { checkParallel } = (await import(new URL('../../dist/checker/parallel/checkParallel.js', import.meta.url).href)) as {
  checkParallel: typeof CheckParallel;
};
// The built registry, so that a spec names the compiled module of its entry, which the workers load.
const { registrySpec } = (await import(new URL('../../dist/registry/index.js', import.meta.url).href)) as { registrySpec: typeof RegistrySpec };

const graphWalkUrl = new URL('../helpers/graphWalk.mjs', import.meta.url).href;
const { graphWalk } = (await import(graphWalkUrl)) as { graphWalk: (g: WideGraph, k: number, throwAt?: number) => Parameters<typeof check>[0] };

/** A graph of a few thousand nodes: levels wide enough for every worker to claim some of them. */
interface WideGraph {
  readonly nodes: number;
  readonly edges: readonly (readonly [number, number])[];
  readonly init: readonly number[];
}
const wideGraph: fc.Arbitrary<{ g: WideGraph; k: number }> = fc.integer({ min: 300, max: 3000 }).chain((nodes) => {
  const node = fc.integer({ min: 0, max: nodes - 1 });
  return fc.record({
    g: fc.record({
      nodes: fc.constant(nodes),
      edges: fc.array(fc.tuple(node, node), { minLength: nodes, maxLength: 3 * nodes }),
      init: fc.array(node, { minLength: 1, maxLength: 3 }),
    }),
    k: node,
  });
});

function single(entry: string, config: Config) {
  const e = findEntry(entry)!;
  return check(e.make({ ...e.defaults, ...config }));
}

/** The counts a parallel check must share with the one-worker search, per-level statistics included. */
function counts(r: { stats: CheckStats }) {
  const { distinct, generated, depth, initial, transitions, deadlocks, levels } = r.stats;
  return { distinct, generated, depth, initial, transitions, deadlocks, levels };
}

/** Status and trace length of every verdict, by property name. */
function outline(r: { properties: readonly { name: string; verdict: { status: string } & Partial<{ trace: { steps: readonly unknown[] } }> }[] }) {
  return Object.fromEntries(r.properties.map((p) => [p.name, `${p.verdict.status}${p.verdict.trace ? `/${p.verdict.trace.steps.length}` : ''}`]));
}

describe('checkParallel', () => {
  const cases: [string, Config][] = [
    ['dieHard', {}],
    ['twoPhase', { bug: 'abortAfterCommit' }],
    ['dining', { n: 6, lefty0: false }],
    ['dining', { n: 5, lefty0: true }],
    ['l4Ipc', { bug: 'sharedReplyCap' }],
    ['beemPhils', {}],
  ];
  for (const workers of [1, 2, 3]) {
    it(`finds with ${workers} worker(s) the counts (per level, deadlocks included) and the verdicts (trace lengths included) of the one-worker search, the threads joining at the first level or when they have started`, async () => {
      for (const [entry, config] of cases) {
        const one = single(entry, config);
        for (const joinAtLevel of [1, undefined]) {
          const par = await checkParallel(registrySpec(entry, config), { workers, joinAtLevel });
          expect(counts(par), entry).toEqual(counts(one));
          expect(outline(par), entry).toEqual(outline(one));
          expect(par.complete).toBe(true);
          expect(par.stats.workers).toBe(workers);
        }
      }
    }, 60_000);
  }

  it("grows the shared table while the workers pause: L4Ipc C=4 S=2 R=3 P=2 keeps TLC's 308,845 states and depth 27, threads joining from the start or after the table grew", async () => {
    const config = { clients: 4, servers: 2, rounds: 3, payloads: 2 };
    const one = single('l4Ipc', config);
    // By level 15 the coordinator's worker has stored more than the first table holds: a thread joining then takes the grown table and chunks.
    for (const [workers, joinAtLevel] of [[2, 1], [3, 1], [2, 15]]) {
      const par = await checkParallel(registrySpec('l4Ipc', config), { workers, joinAtLevel });
      expect([par.stats.distinct, par.stats.generated, par.stats.depth]).toEqual([308_845, one.stats.generated, 27]);
      expect(par.ok).toBe(true);
    }
  }, 60_000);

  it('finds the one-worker counts and verdicts whichever level the threads join at, the last one included, and when they join only to end', async () => {
    await fc.assert(
      fc.asyncProperty(wideGraph, fc.integer({ min: 2, max: 3 }), fc.integer({ min: 1, max: 12 }), async ({ g, k }, workers, joinAtLevel) => {
        const one = check(graphWalk(g, k));
        const par = await checkParallel({ kind: 'module', url: graphWalkUrl, exportName: 'graphWalk', args: [g, k] }, { workers, joinAtLevel });
        expect(counts(par)).toEqual(counts(one));
        expect(outline(par)).toEqual(outline(one));
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it('gives the one-worker counts and verdicts when told how many states to expect, fewer or more than it stores', async () => {
    const config = { bug: 'sharedReplyCap' };
    const one = single('l4Ipc', config);
    for (const expectedStates of [one.stats.distinct, 10, one.stats.distinct * 40]) {
      const par = await checkParallel(registrySpec('l4Ipc', config), { workers: 2, joinAtLevel: 1, expectedStates });
      expect(counts(par), `expecting ${expectedStates}`).toEqual(counts(one));
      expect(outline(par), `expecting ${expectedStates}`).toEqual(outline(one));
    }
    // Told a million states, the shared table (counted in the store's bytes) starts at 2^21 slots, not the usual 2^16.
    const untold = await checkParallel(registrySpec('l4Ipc', config), { workers: 2, joinAtLevel: 1 });
    const told = await checkParallel(registrySpec('l4Ipc', config), { workers: 2, joinAtLevel: 1, expectedStates: 1_000_000 });
    expect(told.stats.bytesPerState).toBeGreaterThan(untold.stats.bytesPerState * 4);
    await expect(checkParallel(registrySpec('dieHard', {}), { workers: 2, expectedStates: 10, fingerprint: true })).rejects.toThrow(/drop expectedStates/);
  }, 60_000);

  it('refuses a join level that is not a whole number from 1', async () => {
    await expect(checkParallel(registrySpec('dieHard', {}), { workers: 2, joinAtLevel: 0 })).rejects.toThrow(/joinAtLevel must be a whole number ≥ 1, got 0/);
  });

  it('agrees with the one-worker search on random graphs of thousands of nodes: counts (per level, deadlocks included), verdicts and trace lengths', async () => {
    await fc.assert(
      fc.asyncProperty(wideGraph, fc.integer({ min: 2, max: 3 }), async ({ g, k }, workers) => {
        const one = check(graphWalk(g, k));
        const par = await checkParallel({ kind: 'module', url: graphWalkUrl, exportName: 'graphWalk', args: [g, k] }, { workers, joinAtLevel: 1 });
        expect(counts(par)).toEqual(counts(one));
        expect(outline(par)).toEqual(outline(one));
      }),
      { numRuns: 15 },
    );
  }, 120_000);

  it('reports progress with the states still queued: distinct states less those expanded', async () => {
    const seen: { distinct: number; queue: number }[] = [];
    const config = { clients: 4, servers: 2, rounds: 3, payloads: 2 };
    await checkParallel(registrySpec('l4Ipc', config), { workers: 2, progressIntervalMs: 50, onProgress: (p) => seen.push(p) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.some((p) => p.queue > 0)).toBe(true);
    for (const p of seen) expect(p.queue >= 0 && p.queue <= p.distinct).toBe(true);
  }, 60_000);

  it('reports a shortest counterexample that replays, whichever worker found it', async () => {
    const par = await checkParallel(registrySpec('dieHard', {}), { workers: 2, joinAtLevel: 1 });
    const v = par.verdicts['big jug never holds 4'];
    expect(v.status).toBe('violated');
    if (v.status === 'violated') {
      expect(v.trace.steps).toHaveLength(6);
      expect(v.trace.steps.at(-1)!.state).toMatchObject({ big: 4 });
    }
  });

  it('stops at a level boundary past --max-states, incomplete, and at the depth bound', async () => {
    const bounded = await checkParallel(registrySpec('dining', { n: 8, lefty0: true }), { workers: 2, joinAtLevel: 1, maxStates: 1000 });
    expect(bounded.complete).toBe(false);
    expect(bounded.stoppedBy).toBe('maxStates');
    expect(bounded.stats.distinct).toBeGreaterThanOrEqual(1000);
    const shallow = await checkParallel(registrySpec('dining', { n: 8, lefty0: true }), { workers: 2, joinAtLevel: 1, maxDepth: 3 });
    const one = check(findEntry('dining')!.make({ n: 8, lefty0: true }), { maxDepth: 3 });
    expect(shallow.stoppedBy).toBe('maxDepth');
    expect(counts(shallow)).toEqual(counts(one));
  });

  it('decides no thread stuck forever with workers too: the seL4 lost reply, 8 steps as with one worker', async () => {
    const r = await checkParallel(registrySpec('seL4.rpcPool', { ...findEntry('seL4.rpcPool')!.defaults, bug: 'lostReply' }), { workers: 2, joinAtLevel: 1 });
    const v = r.verdicts['no client stuck forever'];
    expect(v.status).toBe('violated');
    if (v.status === 'violated') {
      expect(v.stuckThread).toBe('client 1');
      expect(v.trace.steps).toHaveLength(8);
    }
    const passing = await checkParallel(registrySpec('seL4.rpcPool', findEntry('seL4.rpcPool')!.defaults), { workers: 2, joinAtLevel: 1 });
    expect(passing.verdicts['no client stuck forever']).toEqual({ status: 'holds' });
    expect(passing.ok).toBe(true);
    // The analysis after the search is timed apart from it.
    expect(passing.stats.analysisMs).toBeTypeOf('number');
  }, 60_000);

  it('decides neverStuck alike whether the workers recorded their transitions or expand the states again', async () => {
    const spec = registrySpec('seL4.rpcPool', { ...findEntry('seL4.rpcPool')!.defaults, bug: 'lostReply' });
    const recorded = await checkParallel(spec, { workers: 2, joinAtLevel: 1 });
    const expanded = await checkParallel(spec, { workers: 2, joinAtLevel: 1, recordTransitions: false });
    expect(outline(expanded)).toEqual(outline(recorded));
    expect(recorded.verdicts['no client stuck forever'].status).toBe('violated');
  }, 60_000);

  it('reports a neverStuck predicate that throws while the workers rebuild the graph as one worker does', async () => {
    const g: WideGraph = { nodes: 400, edges: Array.from({ length: 800 }, (_, i) => [i % 400, (i * 7 + 3) % 400] as const), init: [0] };
    const throwAt = 0; // the initial node: both searches reach it
    expect(check(graphWalk(g, 5)).modelError).toBeUndefined();
    const single = check(graphWalk(g, 5, throwAt));
    const par = await checkParallel({ kind: 'module', url: graphWalkUrl, exportName: 'graphWalk', args: [g, 5, throwAt] }, { workers: 2, joinAtLevel: 1 });
    expect(single.modelError?.code).toBe('IPC005');
    expect(par.modelError).toEqual(single.modelError);
    expect(par.modelError?.message).toMatch(/^deciding 'walker never stuck' threw: blocked\(\) cannot judge node 0 \(at test\/helpers\/graphWalk\.mjs:\d+:\d+\)$/);
    expect(par.complete).toBe(false);
  }, 120_000);

  it('works in fingerprint mode too', async () => {
    const par = await checkParallel(registrySpec('dining', { n: 8, lefty0: false }), { workers: 2, fingerprint: true });
    expect(par.stats.distinct).toBe(25_889);
    expect(counts(par)).toEqual(counts(single('dining', { n: 8, lefty0: false })));
    expect(par.stats.fingerprint?.bits).toBe(64);
  });
});
