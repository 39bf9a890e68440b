/**
 * The command line prints and writes the statistics beyond the summary line: initial states,
 * transitions, deadlock states and every breadth-first level, with one worker and with two.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exitCodes.js';
import { check } from '../../checker/check.js';
import { dieHard } from '../../model/classic/dieHard.js';
import { dining } from '../../model/classic/dining.js';
import { removeTmpDirs, runMain, spawnCli, tmpDir } from './harness.js';

afterAll(removeTmpDirs);

describe('statistics on the command line', () => {
  it('prints initial states, transitions, deadlock states and each level under the summary line', async () => {
    const { code, stdout } = await runMain(['dieHard', '--set', 'target=6', '--out', tmpDir(), '--no-progress']);
    expect(code).toBe(ExitCode.Ok);
    // dieHard: 16 distinct and 97 generated, so 96 transitions from its one initial state.
    expect(stdout).toMatch(/^initial states 1, transitions 96, deadlock states 0 \(no enabled action, not a valid end\)$/m);
    expect(stdout).toMatch(/^per level \(depth: states \/ transitions\):$/m);
    const levels = check(dieHard({ target: 6 })).stats.levels;
    const printed = [...stdout.matchAll(/(\d+): ([\d,]+) \/ ([\d,]+)/g)].map((m) => ({ depth: Number(m[1]), states: Number(m[2]), transitions: Number(m[3]) }));
    expect(printed).toEqual(levels.map((l, i) => ({ depth: i + 1, ...l })));
    expect(printed).toHaveLength(8);
  });

  it('counts the deadlock states in the table and in --json, with workers the same as with one', async () => {
    const one = await runMain(['dining', '--set', 'n=5', '--set', 'lefty0=false', '--json', '--out', tmpDir(), '--no-progress']);
    // Worker threads run the build: the two-worker run is a real process.
    const two = await spawnCli(['dining', '--set', 'n=5', '--set', 'lefty0=false', '--json', '--workers', '2', '--out', tmpDir(), '--no-progress']).done;
    expect(one.code).toBe(ExitCode.Deadlock);
    const expected = check(dining({ n: 5, lefty0: false })).stats;
    expect(two.code).toBe(ExitCode.Deadlock);
    for (const run of [one, two]) {
      const stats = JSON.parse(run.stdout).stats;
      expect(stats).toMatchObject({ initial: 1, deadlocks: 1, transitions: expected.transitions, levels: expected.levels });
    }
    const table = await runMain(['dining', '--set', 'n=5', '--set', 'lefty0=false', '--out', tmpDir(), '--no-progress', '--no-svg']);
    expect(table.stdout).toMatch(/^model\s+property\s+verdict\s+distinct\s+generated\s+depth\s+deadlocks\s+time/m);
    expect(table.stdout).toMatch(/deadlock free\s+violated\s+[\d,]+\s+[\d,]+\s+\d+\s+1\s/);
  }, 60_000);
});
