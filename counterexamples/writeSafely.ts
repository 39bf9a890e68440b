/**
 * Making directories and writing files so that a failure ends, says which path and why, and
 * leaves nothing half-written. Directories are made one level at a time, never with Node's
 * `mkdir(…, { recursive: true })`: under a pseudo file system (`/proc/x`) Node 20's recursive
 * mkdir loops forever at full CPU, and elsewhere its error names the deepest path, not the
 * component that is a file.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, stat, statfs, unlink, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { describeFileError, errnoCode } from '../checker/fileError.js';

/**
 * A path that could not be written; the message names it and says why in words (with the errno
 * code when there is one).
 *
 * @example
 * try { await makeDirectory('/proc/x'); } catch (e) { if (e instanceof FileWriteError) e.message; }
 * // 'cannot create directory /proc/x: /proc is a proc pseudo file system, which holds no files'
 */
export class FileWriteError extends Error {
  constructor(
    /** The directory or file that could not be made. */
    readonly path: string,
    message: string,
  ) {
    super(message);
    this.name = 'FileWriteError';
  }
}

/** More directory levels than any real path has: the walk up to an existing ancestor stops here. */
const MAX_LEVELS = 4096;

/** `statfs` magic numbers of Linux pseudo file systems, which hold no files of ours. */
const PSEUDO_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x27e0eb, 'cgroup'],
  [0x63677270, 'cgroup2'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0x1cd1, 'devpts'],
  [0x6165676c, 'pstore'],
  [0xcafe4a11, 'bpf'],
]);

/** The pseudo file system `dir` is on, or undefined (also where `statfs` is not available). */
async function pseudoFileSystem(dir: string): Promise<string | undefined> {
  try {
    return PSEUDO_FILE_SYSTEMS.get((await statfs(dir)).type);
  } catch {
    return undefined;
  }
}

/**
 * Makes `dir` and any missing parents, one level at a time. Throws {@link FileWriteError}
 * naming the component that failed: a file where a directory should be, a directory that
 * refuses (permission, read-only), or a pseudo file system such as `/proc`. Always ends: the
 * walk up is bounded by the path's length.
 *
 * @example
 * await makeDirectory('counterexamples/out/diehard-small-3-big-5-target-4');
 */
export async function makeDirectory(dir: string): Promise<void> {
  const missing: string[] = [];
  let at = resolve(dir);
  for (let level = 0; ; level++) {
    if (level > MAX_LEVELS) throw new FileWriteError(resolve(dir), `cannot create directory ${resolve(dir)}: more than ${MAX_LEVELS} levels`);
    try {
      const found = await stat(at);
      if (!found.isDirectory()) throw new FileWriteError(at, `${at} exists and is not a directory`);
      break;
    } catch (e) {
      if (e instanceof FileWriteError) throw e;
      const code = errnoCode(e);
      // A missing component, or one that is a file: look further up for the one that exists.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw new FileWriteError(at, `cannot look at ${at}: ${describeFileError(e)}`);
      const parent = dirname(at);
      if (parent === at) throw new FileWriteError(at, `cannot look at ${at}: ${describeFileError(e)}`);
      missing.push(at);
      at = parent;
    }
  }
  if (missing.length === 0) return;
  const pseudo = await pseudoFileSystem(at);
  if (pseudo !== undefined) throw new FileWriteError(missing[missing.length - 1], `cannot create directory ${missing[missing.length - 1]}: ${at} is a ${pseudo} pseudo file system, which holds no files`);
  for (let i = missing.length - 1; i >= 0; i--) {
    const d = missing[i];
    try {
      await mkdir(d);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EEXIST') {
        // Made meanwhile by someone else: fine if it is a directory.
        const found = await stat(d).catch(() => undefined);
        if (found?.isDirectory()) continue;
        throw new FileWriteError(d, `${d} exists and is not a directory`);
      }
      if (code === 'ENOENT') throw new FileWriteError(d, `cannot create directory ${d}: ${dirname(d)} exists but refuses new directories (ENOENT)`);
      throw new FileWriteError(d, `cannot create directory ${d}: ${describeFileError(e)}`);
    }
  }
}

/**
 * Writes `content` to `path` through a temporary file in the same directory and a rename, so
 * that `path` appears whole or not at all. Throws {@link FileWriteError} naming `path`.
 *
 * @example
 * await writeWhole('counterexamples/out/diehard/big-jug-never-holds-4.txt', text);
 */
export async function writeWhole(path: string, content: string): Promise<void> {
  const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, content, 'utf8');
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw new FileWriteError(path, `cannot write ${path}: ${describeFileError(e)}`);
  }
}
