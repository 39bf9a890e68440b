/**
 * Standard output that cannot be written: a full device (`--json > /dev/full`) is reported on
 * stderr with the reason and exit code 10, the counterexample files still written; a reader that
 * went away (`| head`) is no failure. Neither ends in a stack trace.
 */
import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exitCodes.js';
import { binPath, filesUnder, removeTmpDirs, repoRoot, tmpDir } from './harness.js';

afterEach(removeTmpDirs);

/** Runs the CLI with its stdout on `stdout` (a descriptor, or a pipe closed at once); resolves with its exit code and stderr. */
function runWithStdout(args: readonly string[], stdout: number | 'closed pipe'): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [binPath, ...args], { cwd: repoRoot, stdio: ['ignore', stdout === 'closed pipe' ? 'pipe' : stdout, 'pipe'] });
  // Closed before the child has even loaded: its first write meets EPIPE.
  if (stdout === 'closed pipe') child.stdout!.destroy();
  let stderr = '';
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

const DIEHARD = ['dieHard', '--default', '--no-svg', '--no-progress'];
const FILES = ['dot', 'json', 'txt'].map((ext) => `diehard-small-3-big-5-target-4/big-jug-never-holds-4.${ext}`);

describe('standard output that cannot be written', () => {
  it.skipIf(process.platform !== 'linux')('--json > /dev/full: exit 10, the reason on stderr, the counterexample files written', async () => {
    const out = tmpDir();
    const full = openSync('/dev/full', 'w');
    try {
      const run = await runWithStdout([...DIEHARD, '--json', '--out', out], full);
      expect(run.code).toBe(ExitCode.NotWritten);
      expect(run.stderr).toBe('ipc-check: the result could not be written to standard output (exit code 10): no space left on the device (ENOSPC)\n');
    } finally {
      closeSync(full);
    }
    expect(filesUnder(out)).toEqual(FILES);
  }, 60_000);

  it('a reader that went away (| head): no message, the verdict\'s exit code, the counterexample files written', async () => {
    const out = tmpDir();
    const run = await runWithStdout([...DIEHARD, '--out', out], 'closed pipe');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(ExitCode.Violated);
    expect(filesUnder(out)).toEqual(FILES);
  }, 60_000);
});
