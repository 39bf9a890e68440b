/**
 * Fingerprint mode: the same exploration as exact mode on models far below the birthday bound
 * of 64-bit fingerprints, with traces rebuilt from the on-disk records and TLC's estimate.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { dieHard } from '../../model/classic/dieHard.js';
import { dining } from '../../model/classic/dining.js';
import { l4Ipc } from '../../model/classic/l4Ipc.js';
import { arbitraryGraph, graphModel } from '../helpers/graphModel.js';
import { always, deadlockFree } from '../../properties/index.js';
import type { AnyModel } from '../../model/core/model.js';
import { FingerprintStore } from '../../checker/fingerprintStore.js';
import { hashWords } from '../../model/core/shape/hash.js';

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

// This file's temporary files go in a directory of its own: another check running at the same time
// (a second copy of the suite) makes queue directories in the shared /tmp, and they are not ours.
const ownTmp = mkdtempSync(join(tmpdir(), 'fingerprint-test-'));
process.env.TMPDIR = ownTmp;
afterAll(() => rmSync(ownTmp, { recursive: true, force: true }));

describe('the fingerprint queue on disk', () => {
  const queueDirs = () => readdirSync(ownTmp).filter((d) => d.startsWith('ipc-check-queue-'));

  it('reads every state back in order when the chunks far ahead of the search were written to disk, and deletes the file', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 1, maxLength: 60 }), (words, window, bursts) => {
        const before = new Set(queueDirs());
        // Chunks of 16 words: a handful of states each, so a few dozen states already spill.
        const store = new FingerprintStore(words, { chunkWordsLog2: 4, queueWindow: window });
        const buf = new Uint32Array(words);
        const stateOf = (i: number) => {
          for (let w = 0; w < words; w++) buf[w] = Math.imul(i + 1, 0x9e3779b1) ^ w;
          return buf;
        };
        let added = 0;
        let cursor = 0;
        const problems: string[] = [];
        // Each burst adds states, then the search expands half of what is queued (reading each state).
        for (const burst of bursts) {
          for (let k = 0; k < burst; k++, added++) store.add(stateOf(added), 0, hashWords(stateOf(added), 0, words), cursor - 1, 0);
          const upTo = cursor + Math.ceil((added - cursor) / 2);
          for (; cursor < upTo; cursor++) {
            const chunk = store.chunkOf(cursor);
            const at = store.offsetOf(cursor);
            const want = stateOf(cursor);
            for (let w = 0; w < words; w++) if (chunk[at + w] !== want[w]) problems.push(`state ${cursor} word ${w}`);
          }
          store.release(cursor);
        }
        for (; cursor < added; cursor++) {
          const words2 = store.wordsOf(cursor);
          if (words2 === undefined || words2.join() !== stateOf(cursor).join()) problems.push(`wordsOf(${cursor})`);
        }
        store.dispose();
        expect(problems).toEqual([]);
        expect(queueDirs().filter((d) => !before.has(d))).toEqual([]);
      }),
      { numRuns: 200 },
    );
  }, 60_000);

  it('keeps in memory only the queue chunks within the window ahead of the search', () => {
    const fill = (window: number) => {
      const store = new FingerprintStore(1, { chunkWordsLog2: 4, queueWindow: window });
      const buf = new Uint32Array(1);
      for (let i = 0; i < 1000; i++) {
        buf[0] = i;
        store.add(buf, 0, hashWords(buf, 0, 1), -1, 0);
      }
      return store;
    };
    const narrow = fill(2);
    const wide = fill(1000);
    // 1000 one-word states fill 63 chunks of 16 words (64 bytes); the narrow store keeps the
    // chunk being read, two ahead of it and the one being filled.
    expect(wide.bytes() - narrow.bytes()).toBe((63 - 4) * 64);
    expect(narrow.chunkOf(0)[narrow.offsetOf(0)]).toBe(0);
    expect(narrow.wordsOf(999)?.[0]).toBe(999);
    expect(narrow.wordsOf(500)?.[0]).toBe(500);
    narrow.dispose();
    wide.dispose();
  });
});
