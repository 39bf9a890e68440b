/**
 * What a failed file-system call means, in words: the errno code a user would otherwise have to
 * look up, kept beside the code itself so that a message can be searched for.
 */

/** The errno codes a write can end with, in words. */
const WORDS: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  ENOENT: 'no such file or directory',
  ENOTDIR: 'a component of the path is not a directory',
  EEXIST: 'already exists',
  EISDIR: 'is a directory',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many levels of symbolic links',
  EMFILE: 'too many open files in this process',
  ENFILE: 'too many open files in the system',
  EIO: 'input/output error',
  EBUSY: 'device or resource busy',
  EINVAL: 'invalid argument',
  EXDEV: 'not on the same file system',
  EPIPE: 'broken pipe: the reader went away',
};

/**
 * The errno code of a failed `node:fs` call, or undefined for anything else.
 *
 * @example
 * try { statSync('/nope'); } catch (e) { errnoCode(e); } // 'ENOENT'
 */
export function errnoCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A failed file-system call's reason in words with its errno code, without the call and path
 * Node puts in its message (the caller names the path it was writing).
 *
 * @example
 * try { mkdirSync('/proc/x'); } catch (e) { describeFileError(e); } // 'no such file or directory (ENOENT)'
 */
export function describeFileError(e: unknown): string {
  const code = errnoCode(e);
  if (code !== undefined && WORDS[code] !== undefined) return `${WORDS[code]} (${code})`;
  const message = e instanceof Error ? e.message : String(e);
  return code === undefined ? message : `${message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')} (${code})`;
}
