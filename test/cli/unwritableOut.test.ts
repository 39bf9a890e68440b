/**
 * A counterexample file or directory that cannot be written costs no result: the verdicts and
 * statistics are printed first, each failure is named on stderr with its path and the reason,
 * the run exits 10 (NotWritten), no stack trace reaches the user, and it always ends.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../cli/exitCodes.js';
import { main } from '../../cli/main.js';
import { notWrittenLine } from '../../cli/writeResults.js';
import { describeFileError } from '../../checker/fileError.js';
import { FileWriteError, makeDirectory } from '../../counterexamples/writeSafely.js';
import { filesUnder, removeTmpDirs, runMain, spawnCli, tmpDir } from './harness.js';
import { readOnlyDir, spawnCliUnprivileged } from './readOnly.js';

afterEach(removeTmpDirs);

const NAIVE_DIR = 'naivelock-threads-2-atomic-false';
const NAIVE = ['naiveLock', '--default', '--no-svg', '--no-progress'];

/** A file where `--out` wants a directory. */
function aFile(): string {
  const path = join(tmpDir(), 'not-a-dir');
  writeFileSync(path, 'x');
  return path;
}

describe('--out that cannot be written', () => {
  it('a file as --out: the verdicts and statistics are printed, the failure is named with its path and reason, exit 10', async () => {
    const file = aFile();
    const { code, stdout, stderr } = await runMain([...NAIVE, '--out', file]);
    expect(code).toBe(ExitCode.NotWritten);
    expect(stdout).toMatch(/mutual exclusion\s+violated/);
    expect(stdout).toMatch(/^complete search: 13 distinct states, 25 generated, depth 7,/m);
    expect(stdout).not.toContain('wrote ');
    expect(stderr).toBe(
      `ipc-check: cannot write the 3 counterexample file(s) under ${file}/${NAIVE_DIR}: ${file} exists and is not a directory\n` + notWrittenLine(3) + '\n',
    );
  });

  it('the result is printed before the counterexample directory exists, and the failure after the result', async () => {
    const out = tmpDir();
    const events: string[] = [];
    /** The directory the run being recorded writes into, when it can. */
    let watched: string | undefined = join(out, NAIVE_DIR);
    const record = (stream: string) =>
      ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
        if (/^complete search:/m.test(text)) events.push(`${stream}: statistics` + (watched === undefined ? '' : `, directory ${existsSync(watched) ? 'exists' : 'absent'}`));
        else if (text.startsWith('ipc-check: cannot write')) events.push(`${stream}: failure`);
        (rest.find((r) => typeof r === 'function') as (() => void) | undefined)?.();
        return true;
      }) as typeof process.stdout.write;
    const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation(record('stdout'));
    const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(record('stderr'));
    try {
      expect(await main([...NAIVE, '--out', out])).toBe(ExitCode.Violated);
      watched = undefined;
      expect(await main([...NAIVE, '--out', join(aFile(), 'below')])).toBe(ExitCode.NotWritten);
    } finally {
      outSpy.mockRestore();
      errSpy.mockRestore();
    }
    expect(events).toEqual(['stdout: statistics, directory absent', 'stdout: statistics', 'stderr: failure']);
    expect(filesUnder(out)).toEqual(['dot', 'json', 'txt'].map((ext) => `${NAIVE_DIR}/mutual-exclusion.${ext}`));
  });

  it('--json is printed whole, listing the files the run meant to write, and the exit code says they were not', async () => {
    const file = aFile();
    const { code, stdout, stderr } = await runMain([...NAIVE, '--json', '--out', file]);
    expect(code).toBe(ExitCode.NotWritten);
    const json = JSON.parse(stdout);
    expect(json.properties.find((p: { name: string }) => p.name === 'mutual exclusion').status).toBe('violated');
    expect(json.files).toEqual(['txt', 'json', 'dot'].map((ext) => join(file, NAIVE_DIR, `mutual-exclusion.${ext}`)));
    expect(stderr).toContain(`${file} exists and is not a directory`);
  });

  it('a directory where a counterexample file goes: that file is named with EISDIR, the others are written', async () => {
    const out = tmpDir();
    mkdirSync(join(out, NAIVE_DIR, 'mutual-exclusion.txt'), { recursive: true });
    const { code, stdout, stderr } = await runMain([...NAIVE, '--out', out]);
    expect(code).toBe(ExitCode.NotWritten);
    expect(stderr).toBe(`ipc-check: cannot write ${join(out, NAIVE_DIR, 'mutual-exclusion.txt')}: is a directory (EISDIR)\n` + notWrittenLine(1) + '\n');
    expect(stdout).toContain(`wrote 2 file(s) under ${join(out, NAIVE_DIR)}`);
    expect(filesUnder(out)).toEqual(['dot', 'json'].map((ext) => `${NAIVE_DIR}/mutual-exclusion.${ext}`));
  });

  it('a model\'s registered runs under an unwritable --out: every verdict printed, the directory failure reported once, the files of both failing runs counted', async () => {
    const file = aFile();
    const { code, stdout, stderr } = await runMain(['twoPhase', '--no-svg', '--no-progress', '--out', file]);
    expect(code).toBe(ExitCode.NotWritten);
    expect(stdout).toContain('3 model run(s)');
    expect(stdout).toContain('every verdict is as the registry expects');
    expect(stderr).toBe(
      `ipc-check: cannot write the 3 counterexample file(s) under ${file}/twophase-rms-3-bug-commitonfirstprepared: ${file} exists and is not a directory\n` + notWrittenLine(6) + '\n',
    );
  });

  it.skipIf(process.platform === 'win32')('a read-only directory: permission denied (EACCES) names the directory it could not create, exit 10', async () => {
    const readOnly = readOnlyDir();
    const run = await spawnCliUnprivileged([...NAIVE, '--out', join(readOnly, 'out')]);
    expect(run.code).toBe(ExitCode.NotWritten);
    expect(run.stdout).toMatch(/mutual exclusion\s+violated/);
    expect(run.stderr).toBe(
      `ipc-check: cannot write the 3 counterexample file(s) under ${join(readOnly, 'out', NAIVE_DIR)}: cannot create directory ${join(readOnly, 'out')}: permission denied (EACCES)\n` +
        notWrittenLine(3) +
        '\n',
    );
  }, 60_000);

  it.skipIf(process.platform !== 'linux')(
    '--out /proc/x ends (Node 20\'s recursive mkdir spins there for ever) with the verdicts, the reason and exit 10',
    async () => {
      const run = await spawnCli([...NAIVE, '--out', '/proc/x']).done;
      expect(run.signal).toBeNull();
      expect(run.code).toBe(ExitCode.NotWritten);
      expect(run.stdout).toMatch(/mutual exclusion\s+violated/);
      expect(run.stderr).toBe(
        `ipc-check: cannot write the 3 counterexample file(s) under /proc/x/${NAIVE_DIR}: cannot create directory /proc/x: /proc is a proc pseudo file system, which holds no files\n` +
          notWrittenLine(3) +
          '\n',
      );
    },
    60_000,
  );
});

describe('makeDirectory', () => {
  it('makes a missing chain one level at a time and accepts one that exists', async () => {
    const root = tmpDir();
    await makeDirectory(join(root, 'a', 'b', 'c'));
    await makeDirectory(join(root, 'a', 'b', 'c'));
    expect(existsSync(join(root, 'a', 'b', 'c'))).toBe(true);
  });

  it('names the component that is a file, however deep below it the directory was asked for', async () => {
    const file = aFile();
    const error = await makeDirectory(join(file, 'x', 'y', 'z')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileWriteError);
    expect((error as FileWriteError).path).toBe(file);
    expect((error as FileWriteError).message).toBe(`${file} exists and is not a directory`);
  });

  it.skipIf(process.platform !== 'linux')('refuses pseudo file systems by name, without trying', async () => {
    await expect(makeDirectory('/proc/x/y')).rejects.toThrow('cannot create directory /proc/x: /proc is a proc pseudo file system, which holds no files');
    await expect(makeDirectory('/sys/x')).rejects.toThrow('cannot create directory /sys/x: /sys is a sysfs pseudo file system, which holds no files');
  });
});

describe('describeFileError', () => {
  it('puts the errno code in words and keeps the code', () => {
    expect(describeFileError(Object.assign(new Error('EROFS: read-only file system, open \'/x\''), { code: 'EROFS' }))).toBe('read-only file system (EROFS)');
    expect(describeFileError(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' }))).toBe('no space left on the device (ENOSPC)');
    expect(describeFileError(Object.assign(new Error("EWEIRD: something odd, open '/x'"), { code: 'EWEIRD' }))).toBe('something odd (EWEIRD)');
    expect(describeFileError(new Error('plain'))).toBe('plain');
  });
});
