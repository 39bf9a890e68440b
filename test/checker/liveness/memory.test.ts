/**
 * The liveness analysis under --max-memory: when the limit leaves room for the search but not for
 * the analysis after it, the liveness properties are unknown, with a reason that names the limit
 * and what the analysis needs, and the CLI exits with the code of an incomplete result; with one
 * worker and with workers alike. The model (test/helpers/livenessModels.mjs, `manyInstances`)
 * stores 50,653 states in a few megabytes, and its family of 10,000 leads-to instances makes the
 * analysis ask for about a gigabyte before it reads a state: the limits below lie hundreds of
 * megabytes from both, so no collector's timing decides these tests.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { checkParallel as CheckParallel } from '../../../checker/parallel/checkParallel.js';
import { check } from '../../../checker/check.js';
import { ExitCode } from '../../../cli/exitCodes.js';
import { removeTmpDirs, spawnCli, tmpDir } from '../../cli/harness.js';

const { checkParallel } = (await import(new URL('../../../dist/checker/parallel/checkParallel.js', import.meta.url).href)) as {
  checkParallel: typeof CheckParallel;
};
const url = new URL('../../helpers/livenessModels.mjs', import.meta.url);
const { manyInstances } = (await import(url.href)) as { manyInstances: () => Parameters<typeof check>[0] };

const MIB = 2 ** 20;
const PROPERTY = 'every a is followed by b';
/** The reason, with the limit and the sizes in it. */
const REFUSED =
  /^incomplete: deciding it after the complete search needs the whole state graph, and the memory limit \((\d+) MiB\) stopped it: it needs ([\d.]+) MiB more, about (\d+) MiB in all; raise --max-memory to (\d+(?:\.\d+)?[MG]) or more$/;

/** The limit in MiB and the MiB the analysis asked for, from the reason. */
function figures(reason: string | undefined): { limit: number; needs: number } {
  const m = REFUSED.exec(reason ?? '');
  if (m === null) throw new Error(`not a memory refusal: ${reason}`);
  return { limit: Number(m[1]), needs: Number(m[2]) };
}

afterAll(removeTmpDirs);

/** The search completed and the property is unknown, naming `limit` and the ~1 GB the analysis asked for. */
function expectRefused(r: { readonly complete: boolean; readonly stats: { readonly distinct: number }; readonly verdicts: Readonly<Record<string, { readonly status: string; readonly reason?: string }>> }, limit: number): void {
  expect(r.complete).toBe(true);
  expect(r.stats.distinct).toBe(50_653);
  const v = r.verdicts[PROPERTY];
  expect(v.status).toBe('unknown');
  const { limit: named, needs } = figures(v.status === 'unknown' ? v.reason : undefined);
  expect(named).toBe(limit / MIB);
  // Two bytes per state per instance (50,653 × 10,000 × 2), the graph's arrays, and the exact fair-cycle search's 12 MiB.
  expect(needs).toBeGreaterThan(978);
  expect(needs).toBeLessThan(987);
}

describe('the liveness analysis refused by the memory limit', () => {
  it('one worker: the search completes, the property is unknown, naming the limit and the ~1 GB it needs', () => {
    const limit = (Math.ceil(process.memoryUsage.rss() / MIB) + 300) * MIB;
    const r = check(manyInstances(), { maxMemoryBytes: limit });
    expectRefused(r, limit);
    expect(r.ok).toBe(false);
  }, 60_000);

  it('two workers: the same reason, the same need', async () => {
    const limit = (Math.ceil(process.memoryUsage.rss() / MIB) + 400) * MIB;
    const r = await checkParallel({ kind: 'module', url: url.href, exportName: 'manyInstances', args: [] }, { workers: 2, maxMemoryBytes: limit });
    expectRefused(r, limit);
  }, 60_000);

  for (const workers of [1, 2]) {
    it(`the CLI with ${workers} worker(s): exit code ${ExitCode.Incomplete} (incomplete), the reason under the table and in --json`, async () => {
      const out = tmpDir();
      const args = ['test/helpers/livenessModels.mjs', '--export', 'manyInstances', '--max-memory', '450M', '--workers', String(workers), '--no-progress', '--out', out];
      const json = await spawnCli([...args, '--json']).done;
      expect(json.code).toBe(ExitCode.Incomplete);
      const result = JSON.parse(json.stdout) as { complete: boolean; properties: { name: string; status: string; reason?: string }[] };
      const p = result.properties.find((q) => q.name === PROPERTY)!;
      expect(p.status).toBe('unknown');
      expect(figures(p.reason).limit).toBe(450);
      const text = await spawnCli(args).done;
      expect(text.code).toBe(ExitCode.Incomplete);
      expect(text.stdout).toMatch(new RegExp(`'${PROPERTY}' unknown: incomplete: .*the memory limit \\(450 MiB\\) stopped it: it needs 9\\d\\d MiB more`));
    }, 120_000);
  }
});
