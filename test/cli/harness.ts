/**
 * Helpers for the CLI tests: run `main` in-process with stdout and stderr captured, make and
 * list temporary directories, and spawn the built `bin` entry as a real process.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { vi } from 'vitest';
import { main } from '../../cli/main.js';

/** The repository root (test/cli/ is two levels down). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The built executable, as `npm run check` runs it. */
export const binPath = join(repoRoot, 'dist', 'cli', 'bin.js');

/** What a CLI run printed and returned. */
export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `main(args)` in this process with `process.stdout.write` and `process.stderr.write`
 * captured (and restored afterwards, even when `main` throws).
 *
 * @example
 * const { code, stdout } = await runMain(['dieHard', '--out', dir, '--no-progress']);
 */
export async function runMain(args: readonly string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const capture = (append: (text: string) => void) =>
    ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      append(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
      const callback = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      callback?.();
      return true;
    }) as typeof process.stdout.write;
  const outSpy = vi.spyOn(process.stdout, 'write').mockImplementation(capture((t) => (stdout += t)));
  const errSpy = vi.spyOn(process.stderr, 'write').mockImplementation(capture((t) => (stderr += t)));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    outSpy.mockRestore();
    errSpy.mockRestore();
  }
}

const made: string[] = [];

/**
 * A fresh empty directory under the OS temporary directory; {@link removeTmpDirs} deletes it.
 *
 * @example
 * const out = tmpDir(); // '/tmp/ipc-check-cli-AbC123'
 */
export function tmpDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'ipc-check-cli-'));
  made.push(dir);
  return dir;
}

/** Deletes every directory {@link tmpDir} made. */
export function removeTmpDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/**
 * Every file under `dir`, as sorted paths relative to it (`[]` when `dir` does not exist).
 *
 * @example
 * filesUnder(out); // ['naivelock-threads-2-atomic-false/mutual-exclusion.dot', …]
 */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const found: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else found.push(relative(dir, p).split('\\').join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

/** A spawned CLI process: the child, its output so far, and a promise of how it ended. */
export interface SpawnedCli {
  readonly child: ChildProcess;
  readonly stdoutSoFar: () => string;
  readonly stderrSoFar: () => string;
  /** Resolves when the process has exited and its output streams have closed. */
  readonly done: Promise<CliRun & { readonly signal: NodeJS.Signals | null; readonly elapsedMs: number }>;
}

/**
 * Spawns `node dist/cli/bin.js ...args` (build first) in `cwd`, with `env` added to this
 * process's environment.
 *
 * @example
 * const run = await spawnCli(['dieHard', '--out', dir]).done; // run.code === 1
 */
export function spawnCli(args: readonly string[], cwd: string = repoRoot, env: Readonly<Record<string, string>> = {}): SpawnedCli {
  const started = performance.now();
  const child = spawn(process.execPath, [binPath, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  const done = new Promise<CliRun & { signal: NodeJS.Signals | null; elapsedMs: number }>((resolveDone, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolveDone({ code, signal, stdout, stderr, elapsedMs: performance.now() - started }));
  });
  return { child, stdoutSoFar: () => stdout, stderrSoFar: () => stderr, done };
}

/**
 * Resolves once `condition()` holds, polling every 20 ms; rejects after `timeoutMs`.
 *
 * @example
 * await waitFor(() => PROGRESS_LINE.test(run.stderrSoFar()), 10_000);
 */
export async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!condition()) {
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
