/**
 * With no usable temporary directory at all, the CLI stops before checking, with exit code 11 and
 * a message saying what to set. The system's `/tmp` cannot be made unusable in a test, so
 * `chooseTempDir` is given this test's candidates instead of the real ones.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as TempFileModule from '../../checker/tempFile.js';
import { ExitCode } from '../../cli/exitCodes.js';
import { filesUnder, removeTmpDirs, runMain, tmpDir } from './harness.js';

let candidates: TempFileModule.TempDirCandidate[] | undefined;

vi.mock('../../checker/tempFile.js', async (importOriginal) => {
  const real = await importOriginal<typeof TempFileModule>();
  return { ...real, chooseTempDir: () => real.chooseTempDir(candidates ?? real.tempDirCandidates()) };
});

afterEach(() => {
  candidates = undefined;
  removeTmpDirs();
});

describe('no usable temporary directory', () => {
  it('stops before checking with exit 11 and says what to set; nothing is written', async () => {
    const root = tmpDir();
    const file = join(root, 'a-file');
    writeFileSync(file, 'x');
    candidates = [
      { dir: join(root, 'missing'), source: 'TMPDIR' },
      { dir: file, source: 'the system default' },
    ];
    const out = join(root, 'out');
    const { code, stdout, stderr } = await runMain(['naiveLock', '--default', '--no-progress', '--out', out]);
    expect(code).toBe(ExitCode.NoTempDir);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `ipc-check: no usable temporary directory (TMPDIR ${join(root, 'missing')}: does not exist; the system default ${file}: is not a directory): set TMPDIR to a writable directory; a search past 262,144 states keeps its trace records (and in fingerprint mode its queue) there\n`,
    );
    expect(filesUnder(out)).toEqual([]);
  });

  it('--help and --list need no temporary directory', async () => {
    candidates = [{ dir: join(tmpDir(), 'missing'), source: 'TMPDIR' }];
    expect((await runMain(['--help'])).code).toBe(ExitCode.Ok);
    expect((await runMain(['--list'])).code).toBe(ExitCode.Ok);
  });
});
