/**
 * SIGTERM (`kill`, a CI job's timeout) is handled as Ctrl-C is: the search stops cleanly, the
 * statistics so far are printed, the temporary directories are removed, and the exit code is 143.
 * Each test points TMPDIR at a fresh empty directory, waits (on output, not on a clock) until the
 * run has spilled its trace records there, then signals. A command of several runs has written
 * each run's files by the time it prints the run's rows, so a second signal keeps them; after a
 * stop it checks nothing more, not even for its matrices.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exitCodes.js';
import { removeTmpDirs, spawnCli, tmpDir, waitFor, type SpawnedCli } from './harness.js';

/** About 10^7 states: still running long after it first spills (at 262,144 states). */
const LONG_RUN = ['dining', '--set', 'n=14', '--set', 'lefty0=true', '--no-svg'];
const PROGRESS_LINE = /^\[dining\(n=14,lefty0=true\)\] [\d,]+ distinct/m;

const running: SpawnedCli[] = [];

afterEach(() => {
  // A test that failed before its signal must not leave the search running.
  for (const cli of running.splice(0)) if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
  removeTmpDirs();
});

/** Starts the long run with TMPDIR at a fresh empty directory; resolves once it printed progress and made `dirs` directories there. */
async function spilling(extra: readonly string[], dirs: number): Promise<{ cli: SpawnedCli; temp: string; spilled: string[] }> {
  const temp = tmpDir();
  const cli = spawnCli([...LONG_RUN, ...extra, '--out', tmpDir()], undefined, { TMPDIR: temp });
  running.push(cli);
  const traces = () => readdirSync(temp).filter((d) => d.startsWith('ipc-check-trace-'));
  await waitFor(() => {
    if (cli.child.exitCode !== null) throw new Error(`the run ended (exit ${cli.child.exitCode}) before it spilled: ${cli.stderrSoFar().slice(-400)}`);
    return PROGRESS_LINE.test(cli.stderrSoFar()) && traces().length >= dirs;
  }, 90_000);
  return { cli, temp, spilled: traces() };
}

/** The first run `npm run check` prints, and the directory of its counterexample files. */
const FIRST_ROW = /^naiveLock\(threads=2,atomic=false\)\s+mutual exclusion\s+violated/m;
const FIRST_DIR = 'naivelock-threads-2-atomic-false';

/** Starts `npm run check` (the whole registry) writing under `out`; resolves once it printed its first row. */
async function checkUntilFirstRow(out: string): Promise<SpawnedCli> {
  const cli = spawnCli(['--no-svg', '--no-progress', '--out', out]);
  running.push(cli);
  await waitFor(() => {
    if (cli.child.exitCode !== null) throw new Error(`npm run check ended (exit ${cli.child.exitCode}) before its first row: ${cli.stderrSoFar().slice(-400)}`);
    return FIRST_ROW.test(cli.stdoutSoFar());
  }, 90_000);
  return cli;
}

/** Sends SIGTERM, waits until the command says it is stopping, sends a second one, and waits for the end. */
async function quitAtOnce(cli: SpawnedCli): Promise<Awaited<SpawnedCli['done']>> {
  cli.child.kill('SIGTERM');
  await waitFor(() => cli.stderrSoFar().includes('ipc-check: terminated (SIGTERM)'), 30_000);
  cli.child.kill('SIGTERM');
  return cli.done;
}

describe('SIGTERM', () => {
  it('during npm run check: each run\'s files are on disk when its row prints, and a second SIGTERM, quitting at once, keeps them', async () => {
    const out = tmpDir();
    const cli = await checkUntilFirstRow(out);
    const files = ['txt', 'json', 'dot'].map((ext) => `mutual-exclusion.${ext}`);
    expect(readdirSync(join(out, FIRST_DIR)).sort()).toEqual(files.sort());
    const run = await quitAtOnce(cli);

    expect(run.signal).toBeNull();
    expect(run.code).toBe(ExitCode.Terminated);
    expect(readdirSync(join(out, FIRST_DIR)).sort()).toEqual(files.sort());
  }, 120_000);

  it('during npm run check: after one SIGTERM the matrices check no pair the runs did not reach, and the command ends with 143', async () => {
    const cli = await checkUntilFirstRow(tmpDir());
    cli.child.kill('SIGTERM');
    const run = await cli.done;

    expect(run.code).toBe(ExitCode.Terminated);
    expect(run.stdout).toContain('INTERRUPTED: the runs above are all that was checked.');
    // The remote-procedure-call workload's matrix: seL4's pair comes long after naiveLock, so it was not run.
    expect(run.stdout).toMatch(/^  seL4 +not checked: stopped by a signal before this pair$/m);
  }, 120_000);

  it('during --matrix: a long pair prints progress, and SIGTERM stops it, checks no other pair, and prints the matrix with exit 143', async () => {
    // Pairs of millions of states: the first prints progress and spills its trace records, and is still running then.
    const temp = tmpDir();
    const cli = spawnCli(['--matrix', 'rpcPool', '--set', 'clients=3', '--set', 'servers=2', '--set', 'rounds=2'], undefined, { TMPDIR: temp });
    running.push(cli);
    await waitFor(() => {
      if (cli.child.exitCode !== null) throw new Error(`the matrix ended (exit ${cli.child.exitCode}) before it spilled: ${cli.stderrSoFar().slice(-400)}`);
      const progress = /^\[seL4 × rpcPool\(clients=3,servers=2,rounds=2,values=2\)\] [\d,]+ distinct/m.test(cli.stderrSoFar());
      return progress && readdirSync(temp).some((d) => d.startsWith('ipc-check-trace-'));
    }, 90_000);
    cli.child.kill('SIGTERM');
    const run = await cli.done;

    expect(run.signal).toBeNull();
    expect(run.code).toBe(ExitCode.Terminated);
    expect(run.stdout).toMatch(/^  Fiasco +not checked: stopped by a signal before this pair$/m);
    expect(run.stdout).toContain('INTERRUPTED: the pairs above with results are all that was checked, the last of them perhaps only in part.');
    expect(readdirSync(temp)).toEqual([]);
  }, 120_000);

  it('stops the search as Ctrl-C does: exit 143, the statistics so far marked INCOMPLETE, no temporary directory left', async () => {
    const { cli, temp, spilled } = await spilling([], 1);
    expect(spilled).toEqual([expect.stringMatching(/^ipc-check-trace-/)]);
    cli.child.kill('SIGTERM');
    const run = await cli.done;

    expect(run.signal).toBeNull();
    expect(run.code).toBe(ExitCode.Terminated);
    expect(run.stderr).toContain('\nipc-check: terminated (SIGTERM); stopping the search and printing the statistics so far (Ctrl-C or SIGTERM again to quit at once)\n');
    expect(run.stdout).toMatch(/deadlock free\s+unknown/);
    expect(run.stdout).toContain('↳ search incomplete: stopped by interrupted');
    expect(run.stdout).toMatch(/^INCOMPLETE search \(stopped by interrupted; [\d,]+ states not expanded\): [\d,]+ distinct states/m);
    expect(readdirSync(temp)).toEqual([]);
  }, 120_000);

  it('with two workers, a second SIGTERM quits at once and still leaves no temporary directory of the workers behind', async () => {
    const { cli, temp, spilled } = await spilling(['--workers', '2'], 2);
    expect(spilled).toEqual([expect.stringMatching(/^ipc-check-trace-/), expect.stringMatching(/^ipc-check-trace-/)]);
    const run = await quitAtOnce(cli);

    expect(run.signal).toBeNull();
    expect(run.code).toBe(ExitCode.Terminated);
    expect(readdirSync(temp)).toEqual([]);
  }, 120_000);
});
