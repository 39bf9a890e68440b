/**
 * The `ipc-check explore` command lines that reproduce a registry run or open one of its
 * counterexamples, as text a user copies into a shell.
 */
import { isAbsolute, relative, sep } from 'node:path';
import type { Config } from '../model/core/model.js';

/**
 * `word` as one shell word: unchanged when it holds only characters no POSIX shell treats
 * specially, else in single quotes (a quote inside written `'\''`).
 *
 * @example
 * shellWord('target=6');        // 'target=6'
 * shellWord('out dir/a.json');  // "'out dir/a.json'"
 */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_.,:=/@%+-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The command that opens registry model `entry` in the explorer with the run's parameters (its
 * overrides of the entry's defaults, as the registry lists them).
 *
 * @example
 * exploreRunCommand('dieHard', { target: 6 }); // 'npx ipc-check explore dieHard --set target=6'
 * exploreRunCommand('naiveLock', {});          // 'npx ipc-check explore naiveLock'
 */
export function exploreRunCommand(entry: string, set: Config): string {
  const sets = Object.entries(set).map(([k, v]) => ` --set ${shellWord(`${k}=${v}`)}`);
  return `npx ipc-check explore ${shellWord(entry)}${sets.join('')}`;
}

/**
 * The command that opens a counterexample `.json` in the explorer, at its violating step. The
 * path is given relative to `cwd`, the directory the command is run from, when the file is
 * under it, else absolute.
 *
 * @example
 * exploreTraceCommand('/repo/counterexamples/out/diehard/big-jug-never-holds-4.json', '/repo');
 * // 'npx ipc-check explore --trace counterexamples/out/diehard/big-jug-never-holds-4.json'
 */
export function exploreTraceCommand(jsonPath: string, cwd: string): string {
  return `npx ipc-check explore --trace ${shellWord(pathFrom(cwd, jsonPath))}`;
}

/**
 * `path` as a user in `cwd` types it: relative when it is under `cwd`, else absolute; always
 * with `/` between its parts.
 *
 * @example
 * pathFrom('/repo', '/repo/counterexamples/out/x.json'); // 'counterexamples/out/x.json'
 * pathFrom('/repo', '/tmp/out/x.json');                  // '/tmp/out/x.json'
 */
export function pathFrom(cwd: string, path: string): string {
  const rel = relative(cwd, path);
  // Outside `cwd` is `..` or `../…`; a folder named `..x` under it is inside.
  const outside = rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel);
  const shown = outside ? path : rel;
  return shown.split('\\').join('/');
}
