/**
 * A counterexample written for a design × workload run replays through `--replay`: the model
 * records its whole configuration and names its mutant, so the replay rebuilds the same model,
 * and each mutant's files go under a directory of their own (before, a mutant's JSON recorded
 * `config: {}` and the default run's name, and its replay failed with IPC003 or "no registry
 * model is named …").
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exitCodes.js';
import { filesUnder, removeTmpDirs, runMain, tmpDir } from './harness.js';

afterAll(removeTmpDirs);

describe('replaying the counterexamples of designs × workloads', () => {
  it("L4 × rpcPool's finite-timeouts mutant writes its own directory, and its liveness lasso replays", async () => {
    const out = tmpDir();
    const run = await runMain(['L4.rpcPool', '--no-svg', '--no-progress', '--out', out]);
    expect(run.code).toBe(ExitCode.Ok);
    expect(readdirSync(out)).toEqual(['l4-mutant-finitetimeouts-rpcpool-clients-2-servers-1-rounds-1-values-2']);
    const replay = await runMain(['--replay', join(out, readdirSync(out)[0], 'every-call-is-answered.json'), '--no-progress']);
    expect(replay.stderr).toBe('');
    expect(replay.code).toBe(ExitCode.Ok);
    expect(replay.stdout).toContain("replay of ");
    expect(replay.stdout).toContain('L4(mutant=finiteTimeouts) × rpcPool(clients=2,servers=1,rounds=1,values=2)');
  }, 120_000);

  it("every JSON counterexample of seL4 × rpcPool's registered runs (mutants, bugs, hardware) replays", async () => {
    const out = tmpDir();
    expect((await runMain(['seL4.rpcPool', '--no-svg', '--no-progress', '--out', out])).code).toBe(ExitCode.Ok);
    const files = filesUnder(out).filter((f) => f.endsWith('.json') && !f.endsWith('.msc.json'));
    expect(files).toHaveLength(13);
    const failed: string[] = [];
    for (const f of files) {
      const r = await runMain(['--replay', join(out, f), '--no-progress']);
      if (r.code !== ExitCode.Ok) failed.push(`${f}: ${r.code} ${r.stderr.trim()}`);
    }
    expect(failed).toEqual([]);
  }, 120_000);
});
