/**
 * Fingerprint mode: the same exploration as exact mode on models far below the birthday bound
 * of 64-bit fingerprints, with traces rebuilt from the on-disk records and TLC's estimate.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { dieHard } from '../../model/classic/dieHard.js';
import { dining } from '../../model/classic/dining.js';
import { l4Ipc } from '../../model/classic/l4Ipc.js';
import { arbitraryGraph, graphModel } from '../helpers/graphModel.js';
import { always, deadlockFree } from '../../properties/index.js';
import type { AnyModel } from '../../model/core/model.js';

describe('fingerprint mode', () => {
  it('finds exactly the states, generated count, depth and verdicts of exact mode on the reference models', () => {
    const models: AnyModel[] = [dining({ n: 8, lefty0: false }), l4Ipc({ clients: 4, servers: 2, rounds: 3, payloads: 2 }), dieHard()];
    for (const model of models) {
      const exact = check(model);
      const fp = check(model, { fingerprint: true });
      expect(fp.stats.distinct).toBe(exact.stats.distinct);
      expect(fp.stats.generated).toBe(exact.stats.generated);
      expect(fp.stats.depth).toBe(exact.stats.depth);
      for (const pr of exact.properties) {
        const v = fp.verdicts[pr.name];
        expect(v.status).toBe(pr.verdict.status);
        if ('trace' in pr.verdict && 'trace' in v) expect(v.trace.path).toEqual(pr.verdict.trace.path);
      }
      expect(exact.stats.fingerprint).toBeUndefined();
      expect(fp.stats.fingerprint?.bits).toBe(64);
    }
  });

  it("reports TLC's optimistic collision estimate, distinct × (generated − distinct) / 2^64", () => {
    const r = check(dining({ n: 8, lefty0: false }), { fingerprint: true });
    expect(r.stats.fingerprint!.collisionProbability).toBeCloseTo((25_889 * (r.stats.generated - 25_889)) / 2 ** 64, 30);
  });

  it('agrees with exact mode on random graphs, deadlock traces included', () => {
    fc.assert(
      fc.property(arbitraryGraph(), (g) => {
        const props = [always('never the last node', (s: { node: number }) => s.node !== g.nodes - 1), deadlockFree()];
        const exact = check(graphModel({ ...g, properties: props }));
        const fp = check(graphModel({ ...g, properties: props }), { fingerprint: true });
        expect([fp.stats.distinct, fp.stats.generated, fp.stats.depth]).toEqual([exact.stats.distinct, exact.stats.generated, exact.stats.depth]);
        for (const pr of exact.properties) {
          const v = fp.verdicts[pr.name];
          expect(v.status).toBe(pr.verdict.status);
          if ('trace' in pr.verdict && 'trace' in v) expect(v.trace.path).toEqual(pr.verdict.trace.path);
        }
      }),
      { numRuns: 100 },
    );
  });
});
