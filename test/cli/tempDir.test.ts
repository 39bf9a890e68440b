/**
 * An unusable temporary directory costs no result: a search past 262,144 states (where trace
 * records, and in fingerprint mode the queue, start going to disk) falls back from a bad `TMPDIR`
 * to `/tmp` and says so; with no usable directory at all the message says what to set.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exitCodes.js';
import { chooseTempDir, noTempDirMessage, tempDirCandidates } from '../../checker/tempFile.js';
import { removeTmpDirs, spawnCli, tmpDir } from './harness.js';
import { readOnlyDir, spawnCliUnprivileged } from './readOnly.js';

afterEach(removeTmpDirs);

/** A missing directory, a file, and a usable directory, each under a fresh directory. */
function places(): { missing: string; file: string; good: string } {
  const root = tmpDir();
  const file = join(root, 'a-file');
  writeFileSync(file, 'x');
  const good = join(root, 'good');
  mkdirSync(good);
  return { missing: join(root, 'missing'), file, good };
}

describe('chooseTempDir', () => {
  it('takes the first usable candidate and says why each one before it was refused', () => {
    const { missing, file, good } = places();
    expect(
      chooseTempDir([
        { dir: missing, source: 'TMPDIR' },
        { dir: file, source: 'TMP' },
        { dir: good, source: 'the system default' },
      ]),
    ).toEqual({
      dir: good,
      refused: [
        { dir: missing, source: 'TMPDIR', reason: 'does not exist' },
        { dir: file, source: 'TMP', reason: 'is not a directory' },
      ],
    });
  });

  it('with none usable, the message names each one, its reason, and what to set', () => {
    const { missing, file } = places();
    const choice = chooseTempDir([
      { dir: missing, source: 'TMPDIR' },
      { dir: file, source: 'the system default' },
    ]);
    expect(choice.dir).toBeUndefined();
    expect(noTempDirMessage(choice)).toBe(
      `no usable temporary directory (TMPDIR ${missing}: does not exist; the system default ${file}: is not a directory): set TMPDIR to a writable directory; a search past 262,144 states keeps its trace records (and in fingerprint mode its queue) there`,
    );
  });

  it.skipIf(process.platform === 'win32')('the candidates are TMPDIR, then /tmp', () => {
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = '/somewhere/else';
    try {
      expect(tempDirCandidates()).toEqual([
        { dir: '/somewhere/else', source: 'TMPDIR' },
        { dir: '/tmp', source: 'the system default' },
      ]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  });
});

/** dining(n=10, lefty0=true): 306,030 states, past the 262,144 records kept in memory. */
const PAST_SPILL = ['dining', '--set', 'n=10', '--set', 'lefty0=true', '--no-progress', '--no-svg'];

describe.skipIf(process.platform === 'win32')('a run past 262,144 states with a bad TMPDIR', () => {
  it('falls back to /tmp, says so once on stderr, and finishes with its verdicts (exact and fingerprint mode)', async () => {
    const { missing, file } = places();
    const [exact, fingerprint] = await Promise.all([
      spawnCli([...PAST_SPILL, '--out', tmpDir()], undefined, { TMPDIR: missing }).done,
      spawnCli([...PAST_SPILL, '--fingerprint', '--out', tmpDir()], undefined, { TMPDIR: file }).done,
    ]);
    expect(exact.code).toBe(ExitCode.Ok);
    expect(exact.stderr).toBe(`ipc-check: TMPDIR ${missing} does not exist; temporary files go in /tmp instead\n`);
    expect(exact.stdout).toMatch(/^complete search: 306,030 distinct states, 2,521,254 generated, depth 21,/m);
    expect(fingerprint.code).toBe(ExitCode.Ok);
    expect(fingerprint.stderr).toBe(`ipc-check: TMPDIR ${file} is not a directory; temporary files go in /tmp instead\n`);
    expect(fingerprint.stdout).toMatch(/^complete search: 306,030 distinct states, 2,521,254 generated, depth 21,/m);
  }, 120_000);

  it('a read-only TMPDIR: the same, with the reason it was refused', async () => {
    const readOnly = readOnlyDir();
    const run = await spawnCliUnprivileged([...PAST_SPILL, '--out', join(readOnly, '..', 'out')], { TMPDIR: readOnly });
    expect(run.code).toBe(ExitCode.Ok);
    expect(run.stderr).toBe(`ipc-check: TMPDIR ${readOnly} cannot create a directory in it: permission denied (EACCES); temporary files go in /tmp instead\n`);
    expect(run.stdout).toMatch(/^complete search: 306,030 distinct states, 2,521,254 generated, depth 21,/m);
  }, 120_000);
});
