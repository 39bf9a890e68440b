/**
 * Where a model function threw: the file, line and column of the user's code in an error's stack,
 * so that a model error names the lambda to look at rather than the checker that called it.
 */
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The folder ipc-check runs from: the repository in development, `dist/` when built. */
const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/**
 * The folders ipc-check's files are in: where it runs from, and its sources beside a build (a
 * stack mapped through source maps names `checker/…ts` while `dist/checker/…js` runs) or its build
 * beside the sources.
 */
const ROOTS = basename(ROOT) === 'dist' ? [ROOT, dirname(ROOT)] : [ROOT, join(ROOT, 'dist')];

/**
 * ipc-check's folders that call model functions: a frame in one of them is where the model's code
 * was entered, so frames past it belong to whoever called the checker, not to the model.
 */
const CALLERS = ['checker', 'cli', 'counterexamples', 'bench'];

/** ipc-check's other folders: its own models and building blocks, which a user's model may call. */
const LIBRARY = ['model', 'properties', 'registry', 'index.ts', 'index.js'];

/**
 * A frame line, trimmed: `at fn (file:line:col)` or `at file:line:col`, the file a path or a
 * `file:` URL. Node's internals (`node:…`), native frames and generated code (`eval at …`) do not match.
 */
const FRAME = /^at (?:[^()]*? \()?((?:file:\/\/)?(?:\/|[A-Za-z]:\\)[^()]*?):(\d+):(\d+)\)?$/;

/** The folder of ipc-check a file is in (`checker`, `model`, …), or undefined for a file outside ipc-check. */
function ownFolder(file: string): string | undefined {
  for (const root of ROOTS) {
    if (!file.startsWith(root + sep)) continue;
    const first = file.slice(root.length + 1).split(sep)[0];
    if ([...CALLERS, ...LIBRARY].includes(first)) return first;
  }
  return undefined;
}

/** A file named the short way: relative to the working folder when it is inside it. */
function shortPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel !== '' && !rel.startsWith('..') && !rel.startsWith(sep) ? rel : file;
}

/**
 * The `file:line:col` of the code that threw `e`: the first frame of its stack outside ipc-check's
 * own files, or, when the model is one of ipc-check's own (a registry model), its first frame in
 * ipc-check's `model/` folder. Frames after the first one in the checker are the checker's callers and are
 * never chosen; Node's internals and generated code are skipped. Undefined when `e` has no stack or
 * no such frame (an error the checker raised itself).
 *
 * @example
 * try { model.next(s, a); } catch (e) { thrownAt(e); } // 'models/mine.ts:14:11'
 */
export function thrownAt(e: unknown): string | undefined {
  const stack = e instanceof Error && typeof e.stack === 'string' ? e.stack : undefined;
  if (stack === undefined) return undefined;
  let library: string | undefined;
  for (const line of stack.split('\n')) {
    const m = FRAME.exec(line.trim());
    if (m === null) continue;
    const file = m[1].startsWith('file:') ? fileURLToPath(m[1]) : m[1];
    const folder = ownFolder(file);
    const where = `${shortPath(file)}:${m[2]}:${m[3]}`;
    if (folder === undefined) return where;
    if (CALLERS.includes(folder)) break;
    // The registry and the property builders check their own input: their errors say enough.
    if (folder === 'model') library ??= where;
  }
  return library;
}
