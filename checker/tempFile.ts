/**
 * A temporary file for data a search writes out to save memory (trace records, the queue of a
 * fingerprint search). Created on the first write, so small searches never touch the disk;
 * deleted by `dispose`, or when the process exits if nobody disposed it. It goes in the first
 * usable directory of {@link tempDirCandidates}: `TMPDIR` (as `os.tmpdir()` reads it), else the
 * system's `/tmp`, so that a `TMPDIR` naming a missing or read-only directory costs no result.
 */
import { closeSync, mkdtempSync, openSync, readSync, rmdirSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BroadcastChannel, isMainThread } from 'node:worker_threads';
import { describeFileError, errnoCode } from './fileError.js';

/** Files not yet disposed, deleted when the process exits (a search abandoned without a result). */
const live = new Set<TempFile>();

/**
 * Worker threads tell the main thread which directories they made and removed: an immediate exit
 * (a second Ctrl-C or SIGTERM) ends the workers without their exit handlers, so the main
 * thread removes what they left. Unreferenced: it never keeps the process alive.
 */
const announcements = new BroadcastChannel('ipc-check-temp-dirs');
announcements.unref();
const workerDirs = new Set<string>();
if (isMainThread) {
  announcements.onmessage = (event) => {
    const { made, removed } = (event as { data: { made?: string; removed?: string } }).data;
    if (made !== undefined) workerDirs.add(made);
    if (removed !== undefined) workerDirs.delete(removed);
  };
}

process.once('exit', () => {
  for (const file of [...live]) file.dispose();
  for (const dir of workerDirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * A directory temporary files may go in, and where it comes from.
 *
 * @example
 * const candidate: TempDirCandidate = { dir: '/tmp', source: 'the system default' };
 */
export interface TempDirCandidate {
  readonly dir: string;
  /** `TMPDIR` (or `TMP`, `TEMP`: the variable `os.tmpdir()` read), or `the system default`. */
  readonly source: string;
}

/**
 * Where temporary files may go, in order of preference: `os.tmpdir()` (from `TMPDIR`, `TMP` or
 * `TEMP` when one is set), then `/tmp` on systems that have it.
 *
 * @example
 * tempDirCandidates(); // with TMPDIR=/scratch: [{ dir: '/scratch', source: 'TMPDIR' }, { dir: '/tmp', source: 'the system default' }]
 */
export function tempDirCandidates(): TempDirCandidate[] {
  const variable = ['TMPDIR', 'TMP', 'TEMP'].find((v) => (process.env[v] ?? '') !== '');
  const candidates: TempDirCandidate[] = [{ dir: tmpdir(), source: variable ?? 'the system default' }];
  if (process.platform !== 'win32' && candidates[0].dir !== '/tmp') candidates.push({ dir: '/tmp', source: 'the system default' });
  return candidates;
}

/**
 * Which temporary directory a search would use, and why each one before it was refused.
 *
 * @example
 * const choice: TempDirChoice = { dir: '/tmp', refused: [{ dir: '/missing', source: 'TMPDIR', reason: 'does not exist' }] };
 */
export interface TempDirChoice {
  /** The first usable candidate; undefined when none is. */
  readonly dir: string | undefined;
  readonly refused: readonly (TempDirCandidate & { readonly reason: string })[];
}

/** Why `dir` cannot hold a temporary directory, or undefined when it can (checked by making and removing one). */
function unusable(dir: string): string | undefined {
  try {
    if (!statSync(dir).isDirectory()) return 'is not a directory';
  } catch (e) {
    return errnoCode(e) === 'ENOENT' ? 'does not exist' : describeFileError(e);
  }
  try {
    rmdirSync(mkdtempSync(join(dir, 'ipc-check-probe-')));
    return undefined;
  } catch (e) {
    return `cannot create a directory in it: ${describeFileError(e)}`;
  }
}

/**
 * Tries each candidate in turn (making and removing a directory in it) and returns the first
 * usable one with the reasons the others were refused.
 *
 * @example
 * chooseTempDir([{ dir: '/missing', source: 'TMPDIR' }, { dir: '/tmp', source: 'the system default' }]);
 * // { dir: '/tmp', refused: [{ dir: '/missing', source: 'TMPDIR', reason: 'does not exist' }] }
 */
export function chooseTempDir(candidates: readonly TempDirCandidate[] = tempDirCandidates()): TempDirChoice {
  const refused: (TempDirCandidate & { reason: string })[] = [];
  for (const c of candidates) {
    const reason = unusable(c.dir);
    if (reason === undefined) return { dir: c.dir, refused };
    refused.push({ ...c, reason });
  }
  return { dir: undefined, refused };
}

/**
 * The message for a choice that found no usable directory: what each candidate was refused for,
 * and what to set.
 *
 * @example
 * noTempDirMessage(chooseTempDir([{ dir: '/missing', source: 'TMPDIR' }]));
 * // 'no usable temporary directory (TMPDIR /missing: does not exist): set TMPDIR to a writable directory; …'
 */
export function noTempDirMessage(choice: TempDirChoice): string {
  const why = choice.refused.map((r) => `${r.source} ${r.dir}: ${r.reason}`).join('; ');
  return `no usable temporary directory (${why}): set TMPDIR to a writable directory; a search past 262,144 states keeps its trace records (and in fingerprint mode its queue) there`;
}

/** The directory this thread's temporary files go in, chosen at the first one's creation. */
let chosenDir: string | undefined;

/**
 * A file of bytes at chosen offsets, in its own temporary directory.
 *
 * @example
 * const file = new TempFile('ipc-check-queue-');
 * file.write(new Uint32Array([1, 2]), 0);
 * const back = new Uint32Array(2);
 * file.read(back, 0); // back is [1, 2]
 * file.dispose();
 */
export class TempFile {
  private file: { readonly dir: string; readonly fd: number } | undefined;
  private disposed = false;

  /** `prefix` names the temporary directory (`ipc-check-trace-…`), so a leftover says what it was. */
  constructor(private readonly prefix: string) {}

  /** Writes all of `data` at byte `offset`. */
  write(data: Uint32Array | Int32Array, offset: number): void {
    writeSync(this.open().fd, data, 0, data.byteLength, offset);
  }

  /** Fills `into` from byte `offset`. */
  read(into: Uint32Array | Int32Array, offset: number): void {
    readSync(this.open().fd, into, 0, into.byteLength, offset);
  }

  /** Deletes the file; it cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    live.delete(this);
    if (this.file === undefined) return;
    closeSync(this.file.fd);
    rmSync(this.file.dir, { recursive: true, force: true });
    if (!isMainThread) announcements.postMessage({ removed: this.file.dir });
  }

  private open(): { readonly dir: string; readonly fd: number } {
    if (this.disposed) throw new Error('TempFile: used after dispose()');
    if (this.file === undefined) {
      const dir = chosenDir === undefined ? this.makeInFirstUsable() : mkdtempSync(join(chosenDir, this.prefix));
      let fd: number;
      try {
        fd = openSync(join(dir, 'data.bin'), 'w+');
      } catch (e) {
        rmSync(dir, { recursive: true, force: true });
        throw e;
      }
      this.file = { dir, fd };
      live.add(this);
      if (!isMainThread) announcements.postMessage({ made: dir });
    }
    return this.file;
  }

  /** Makes this file's directory in the first candidate that takes it, and keeps to that one from then on. */
  private makeInFirstUsable(): string {
    const candidates = tempDirCandidates();
    for (const c of candidates) {
      try {
        const dir = mkdtempSync(join(c.dir, this.prefix));
        chosenDir = c.dir;
        return dir;
      } catch {
        // Try the next; the message below says why each one failed.
      }
    }
    throw new Error(`ipc-check: ${noTempDirMessage(chooseTempDir(candidates))}`);
  }
}
