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

  it('checks a design × workload with its derived symmetry: seL4 × rpcPool with three clients in 5,911 orbits', async () => {
    const { code, stdout } = await runMain(['seL4.rpcPool', '--set', 'clients=3', '--symmetry', '--no-progress', '--no-svg', '--out', '/dev/null/never']);
    // neverStuck and 'every call is answered' are unknown under symmetry: exit 7.
    expect(code).toBe(7);
    expect(stdout).toContain('complete search with symmetry reduction (3 interchangeable threads, 6 renamings; distinct states are orbits): 5,911 distinct states');
    expect(stdout).toContain("'every call is answered' unknown: liveness is not decided under symmetry reduction");
  });

  it.each([
    [
      ['seL4.duplex', '--default', '--symmetry'],
      "--symmetry: seL4 × duplex: symmetry.groups has no group of two or more threads (no interchangeable threads; dropped: {A, B} (property 'the client blocks' tells them apart))",
    ],
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
