/**
 * Liveness with workers: the parallel check decides `leadsTo`, `eventually`, `alwaysEventually`
 * and `responseBound` as the one-worker check does, with the same verdicts, bounds and traces
 * (lengths, loop positions, the actions themselves), because worker 0 renumbers the shared store
 * in one worker's breadth-first order before the analysis. Worker threads run compiled JavaScript,
 * so the parallel checks import the build in dist/ (made by the global setup) and load their
 * models from test/helpers/livenessModels.mjs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { checkParallel as CheckParallel } from '../../../checker/parallel/checkParallel.js';
import { check } from '../../../checker/check.js';
import { Search } from '../../../checker/search.js';
import type { StateStore } from '../../../checker/stateStore.js';
import type { StoredStates } from '../../../checker/stuck.js';
import type { CheckResult } from '../../../checker/result.js';
import { oneWorkerOrder } from '../../../checker/parallel/oneWorkerOrder.js';
import { MemoryLimitReached } from '../../../checker/memory.js';
import { leadsTo } from '../../../properties/index.js';
import { arbitraryGraph, graphModel, type Graph } from '../../helpers/graphModel.js';

const { checkParallel } = (await import(new URL('../../../dist/checker/parallel/checkParallel.js', import.meta.url).href)) as {
  checkParallel: typeof CheckParallel;
};
const url = new URL('../../helpers/livenessModels.mjs', import.meta.url).href;
const models = (await import(url)) as Record<string, (...args: unknown[]) => Parameters<typeof check>[0]>;

/** Checks the model `exportName(...args)` with one worker and with `workers` workers, the threads taking part from the first level. */
async function both(exportName: string, args: readonly unknown[], workers = 2): Promise<[CheckResult<unknown, { kind: string }>, CheckResult<unknown, { kind: string }>]> {
  const one = check(models[exportName](...args)) as CheckResult<unknown, { kind: string }>;
  const par = (await checkParallel({ kind: 'module', url, exportName, args }, { workers, joinAtLevel: 1 })) as CheckResult<unknown, { kind: string }>;
  return [one, par];
}

/** Per property: status, bound, where the premise holds, why, and the trace's length, loop and actions. */
function liveness(r: CheckResult<unknown, { kind: string }>) {
  return r.properties.map(({ name, verdict: v }) => {
    const trace = 'trace' in v ? v.trace : 'witness' in v ? v.witness : undefined;
    return {
      name,
      status: v.status,
      bound: 'bound' in v ? v.bound : undefined,
      premiseAt: 'premiseAt' in v ? v.premiseAt : undefined,
      why: 'why' in v ? v.why : undefined,
      reason: 'reason' in v ? v.reason : undefined,
      steps: trace?.steps.length,
      loop: trace?.loop,
      actions: trace?.steps.map((s) => JSON.stringify(s.action)),
    };
  });
}

/** Status, bound, trace length and loop of each property, as `status[/bound][/steps[@loop]]`. */
function outline(r: CheckResult<unknown, { kind: string }>): Record<string, string> {
  return Object.fromEntries(
    liveness(r).map((p) => [p.name, `${p.status}${p.bound !== undefined ? `/${p.bound}` : ''}${p.steps !== undefined ? `/${p.steps}${p.loop !== undefined ? `@${p.loop}` : ''}` : ''}`]),
  );
}

describe('the classic liveness results with two workers', () => {
  it('dining philosophers (one reversed, n = 5): weak fairness starves a hungry philosopher, strong does not; the same lassos as one worker', async () => {
    const [weakOne, weakPar] = await both('fairDining', [5, 'weak']);
    expect(liveness(weakPar)).toEqual(liveness(weakOne));
    expect(weakPar.verdicts['hungry philosopher 0 eats'].status).toBe('violated');
    expect(weakPar.verdicts['deadlock free']).toEqual({ status: 'holds' });
    const [strongOne, strongPar] = await both('fairDining', [5, 'strong']);
    expect(liveness(strongPar)).toEqual(liveness(strongOne));
    expect(strongPar.verdicts['hungry philosopher 0 eats']).toEqual({ status: 'holds' });
    expect(strongPar.verdicts['hungry philosopher 1 eats']).toEqual({ status: 'holds' });
    expect(strongPar.stats.workers).toBe(2);
    expect(strongPar.stats.analysisMs).toBeTypeOf('number');
  }, 60_000);

  it('a test-and-set lock starves thread 0 under weak fairness (the same lasso), not under strong', async () => {
    const [weakOne, weakPar] = await both('tasLock', ['weak']);
    expect(liveness(weakPar)).toEqual(liveness(weakOne));
    expect(outline(weakPar)['thread 0 gets the lock']).toMatch(/^violated\/\d+@\d+$/);
    const [strongOne, strongPar] = await both('tasLock', ['strong']);
    expect(liveness(strongPar)).toEqual(liveness(strongOne));
    expect(strongPar.verdicts['thread 0 gets the lock']).toEqual({ status: 'holds' });
  }, 60_000);

  it("Peterson's algorithm: starvation-free, and thread 1's bound and its witness are one worker's", async () => {
    const [one, par] = await both('peterson', []);
    expect(liveness(par)).toEqual(liveness(one));
    expect(par.verdicts['thread 0 enters once flagged']).toEqual({ status: 'holds' });
    const bound = par.verdicts['thread 1 enters within'];
    expect(bound.status).toBe('holds');
    expect(bound.status === 'holds' && bound.bound).toBeTypeOf('number');
  }, 60_000);
});

/** A graph of a few hundred nodes, repeated side by side so that every level is wide enough for two workers. */
const walk = fc.record({
  g: fc.integer({ min: 20, max: 200 }).chain((nodes) => {
    const node = fc.integer({ min: 0, max: nodes - 1 });
    return fc.record({
      nodes: fc.constant(nodes),
      edges: fc.array(fc.tuple(node, node), { minLength: nodes, maxLength: 3 * nodes }),
      init: fc.array(node, { minLength: 1, maxLength: 3 }),
    });
  }),
  groups: fc.integer({ min: 1, max: 3 }),
  kind: fc.constantFrom('weak', 'strong', 'none'),
  spread: fc.integer({ min: 4, max: 30 }),
});

describe('liveness on random graphs with workers', () => {
  it('every kind of liveness property: the verdicts, bounds and traces (actions included) of one worker', async () => {
    await fc.assert(
      fc.asyncProperty(walk, fc.integer({ min: 2, max: 3 }), async ({ g, groups, kind, spread }, workers) => {
        const [one, par] = await both('livenessWalk', [g, groups, kind, spread], workers);
        expect(par.complete).toBe(true);
        expect(liveness(par)).toEqual(liveness(one));
      }),
      { numRuns: 10 },
    );
  }, 180_000);

  it('alike whether the workers recorded their transitions or expand the states again, beside neverStuck over the same graph', async () => {
    const g = { nodes: 60, edges: Array.from({ length: 150 }, (_, i) => [(i * 7) % 60, (i * 13 + 5) % 60] as const), init: [0, 17] };
    const args = [g, 2, 'weak', 20, true];
    const one = check(models.livenessWalk(...args)) as CheckResult<unknown, { kind: string }>;
    const recorded = await checkParallel({ kind: 'module', url, exportName: 'livenessWalk', args }, { workers: 2, joinAtLevel: 1 });
    const expanded = await checkParallel({ kind: 'module', url, exportName: 'livenessWalk', args }, { workers: 2, joinAtLevel: 1, recordTransitions: false });
    expect(liveness(recorded as CheckResult<unknown, { kind: string }>)).toEqual(liveness(one));
    expect(liveness(expanded as CheckResult<unknown, { kind: string }>)).toEqual(liveness(one));
  }, 60_000);

  it('a premise that throws is the model error one worker reports, with its message and where it was thrown', async () => {
    const [one, par] = await both('brokenPeterson', []);
    expect(par.modelError?.code).toBe('IPC005');
    expect(par.modelError?.message).toMatch(/^deciding .*'broken' threw: no turn 1 here \(at .*livenessModels\.mjs:\d+:\d+\)$/);
    expect({ code: par.modelError?.code, message: par.modelError?.message, phase: par.modelError?.phase }).toEqual({
      code: one.modelError?.code,
      message: one.modelError?.message,
      phase: one.modelError?.phase,
    });
    expect(liveness(par)).toEqual(liveness(one));
    expect(par.complete).toBe(false);
  }, 60_000);

  it('is unknown in fingerprint mode, saying that it needs exact mode, as with one worker', async () => {
    const args = [{ nodes: 4, edges: [[0, 1], [1, 2], [2, 0], [2, 3]], init: [0] }, 1, 'weak', 1];
    const one = check(models.livenessWalk(...args), { fingerprint: true });
    const par = await checkParallel({ kind: 'module', url, exportName: 'livenessWalk', args }, { workers: 2, fingerprint: true });
    const reason = 'liveness is decided over the whole state graph, which needs a search in exact mode';
    expect(par.verdicts['0 leads to 1']).toEqual({ status: 'unknown', reason });
    expect(par.verdicts['from 1 to 2']).toEqual({ status: 'unknown', reason });
    expect(one.verdicts['0 leads to 1']).toEqual({ status: 'unknown', reason });
  }, 60_000);
});

/**
 * The states of a one-worker search of `g` read in another breadth-first order: within each
 * level (the initial states excepted, which worker 0 stores in order) shuffled by `keys`, as the
 * workers' level order numbers them. Returns that order and its graph.
 */
function shuffledLevels(g: Graph, keys: readonly number[]) {
  const model = graphModel({ ...g, properties: [leadsTo('anything', () => true, () => true)] });
  const search = new Search(model, {});
  search.run(Infinity);
  const store = search.store as StateStore;
  const log = search.edges!;
  const n = store.count;
  const fromLevel = Array.from({ length: n }, (_, i) => i);
  let start = 0;
  search.levelStates.forEach((width, level) => {
    if (level > 0) fromLevel.splice(start, width, ...fromLevel.slice(start, start + width).sort((a, b) => (keys[a % keys.length] ^ a) - (keys[b % keys.length] ^ b) || a - b));
    start += width;
  });
  const toLevel = new Int32Array(n);
  fromLevel.forEach((i, l) => (toLevel[i] = l));
  const counts = log.countsBySource(n);
  const firstTarget = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) firstTarget[i + 1] = firstTarget[i] + counts[i];
  const oneTargets = log.targets();
  const offsets = new Int32Array(n + 1);
  const targets = new Int32Array(oneTargets.length);
  fromLevel.forEach((i, l) => {
    offsets[l + 1] = offsets[l] + counts[i];
    for (let e = 0; e < counts[i]; e++) targets[offsets[l] + e] = toLevel[oneTargets[firstTarget[i] + e]];
  });
  const levelOrder: StoredStates = {
    count: n,
    chunkOf: (l) => store.chunkOf(fromLevel[l]),
    offsetOf: (l) => store.offsetOf(fromLevel[l]),
    indexOf: (buf, at, hash) => {
      const i = store.indexOf(buf, at, hash);
      return i < 0 ? -1 : toLevel[i];
    },
  };
  return { store, codec: search.codec, log, initial: search.levelStates[0], levelOrder, offsets, targets, toLevel };
}

describe('oneWorkerOrder', () => {
  it("recovers one worker's numbering and transition log from any order of the states within their levels", () => {
    fc.assert(
      fc.property(arbitraryGraph(), fc.array(fc.nat(), { minLength: 1, maxLength: 64 }), (g, keys) => {
        const { store, codec, log, initial, levelOrder, offsets, targets, toLevel } = shuffledLevels(g, keys);
        const one = oneWorkerOrder(levelOrder, initial, offsets, targets, () => true);
        expect(Array.from(one.levelNumber)).toEqual(Array.from(toLevel));
        expect(Array.from(one.log.targets())).toEqual(Array.from(log.targets()));
        expect(Array.from(one.log.countsBySource(store.count))).toEqual(Array.from(log.countsBySource(store.count)));
        for (let i = 0; i < store.count; i++) {
          expect(one.states.chunkOf(i)[one.states.offsetOf(i)]).toBe(store.chunkOf(i)[store.offsetOf(i)]);
          const words = new Uint32Array(codec.words);
          const hash = codec.encodeHashAt(codec.decode(store.chunkOf(i), store.offsetOf(i)), words, 0);
          expect(one.states.indexOf(words, 0, hash)).toBe(i);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('refuses, with the bytes it needs, when the guard refuses its numbering', () => {
    const { levelOrder, offsets, targets } = shuffledLevels({ nodes: 3, edges: [[0, 1], [1, 2]], init: [0] }, [1]);
    let refused: unknown;
    try {
      oneWorkerOrder(levelOrder, 1, offsets, targets, (bytes) => bytes < 24);
    } catch (e) {
      refused = e;
    }
    // 8 bytes a state: its number each way.
    expect(refused).toBeInstanceOf(MemoryLimitReached);
    expect((refused as MemoryLimitReached).bytes).toBe(24);
  });
});
