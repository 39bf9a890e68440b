/**
 * `--symmetry` on the command line: one configuration, reduced, with the orbit count and the
 * reason neverStuck stays unknown; every combination it does not support is a usage error (exit 2)
 * that names the problem and the fix, and writes nothing.
 */
import { describe, expect, it } from 'vitest';
import { runMain } from './harness.js';

describe('--symmetry', () => {
  it('checks serverPool reduced to its 1,359 orbits; neverStuck is unknown with the reason, so the exit code is 7', async () => {
    const { code, stdout } = await runMain(['serverPool', '--default', '--symmetry', '--no-progress', '--no-svg', '--out', '/dev/null/never']);
    expect(code).toBe(7);
    expect(stdout).toContain('complete search with symmetry reduction (2 + 2 interchangeable threads, 4 renamings; distinct states are orbits): 1,359 distinct states');
    expect(stdout).toContain("'no client stuck forever' unknown: no thread stuck forever is not decided under symmetry reduction");
  });

  it.each([
    [['serverPool', '--default', '--symmetry', '--workers', '2'], '--symmetry works with one worker: drop --workers 2 or --symmetry'],
    [['serverPool', '--default', '--symmetry', '--fingerprint'], '--symmetry works in exact mode: drop --fingerprint or --symmetry'],
    [['serverPool', '--symmetry'], '--symmetry checks one configuration in detail: name a model with --default or --set'],
    [['--symmetry'], '--symmetry checks one configuration in detail'],
    [['--replay', 'x.json', '--symmetry'], '--replay replays a trace through the model as it is (a trace found under --symmetry is concrete already): drop --symmetry'],
    [['dining', '--default', '--symmetry'], '--symmetry: dining(n=5,lefty0=false) declares no symmetry (Model.symmetry: its groups of interchangeable threads and permute); drop --symmetry, or declare one'],
  ])('refuses %j with exit code 2: %s', async (args, message) => {
    const { code, stdout, stderr } = await runMain([...args, '--no-progress']);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
  });
});
