/**
 * `--json` carries what a liveness lasso needs to be read without the files: the failing
 * instance of a `leadsToEach`, the state where the premise holds, and the fairness argument in
 * words, the same lines the counterexample's text file shows.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exitCodes.js';
import { removeTmpDirs, runMain, tmpDir } from './harness.js';

afterAll(removeTmpDirs);

describe('--json on a liveness violation', () => {
  it("L4 × rpcPool with finite timeouts: 'every call is answered' fails for client 1, with the argument its text file gives", async () => {
    const out = tmpDir();
    const run = await runMain(['L4.rpcPool', '--set', 'mutant=finiteTimeouts', '--json', '--no-svg', '--no-progress', '--out', out]);
    expect(run.code).toBe(ExitCode.Violated);
    const summary = JSON.parse(run.stdout);
    const p = summary.properties.find((x: { name: string }) => x.name === 'every call is answered');
    expect(p.status).toBe('violated');
    expect(p.instance).toBe('client 1');
    expect(p.path.loop).toBe(p.traceStates - 1 - 4); // a cycle of 4 steps
    expect(p.argument[0]).toMatch(/^Steps \d+–\d+ repeat for ever, from state \d+ back to it, and the path is fair:$/);
    const text = readFileSync(join(out, 'l4-mutant-finitetimeouts-rpcpool-clients-2-servers-1-rounds-1-values-2', 'every-call-is-answered.txt'), 'utf8');
    for (const line of p.argument as string[]) expect(text.replace(/\s+/g, ' ')).toContain(line.replace(/\s+/g, ' '));
  }, 120_000);
});
