/**
 * Read-only directories for the CLI tests. Root ignores permission bits, so when the tests run
 * as root the CLI is spawned as user `nobody` (65534), for whom a mode-555 directory is read-only.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { binPath, repoRoot, tmpDir, type CliRun } from './harness.js';

const isRoot = process.getuid?.() === 0;

/**
 * A fresh directory the CLI cannot write into (mode 555), under a parent it can reach.
 *
 * @example
 * const ro = readOnlyDir(); // '/tmp/ipc-check-cli-AbC123/read-only'
 */
export function readOnlyDir(): string {
  const parent = tmpDir();
  chmodSync(parent, 0o755);
  const dir = join(parent, 'read-only');
  mkdirSync(dir);
  chmodSync(dir, 0o555);
  return dir;
}

/**
 * Runs `node dist/cli/bin.js ...args` with `env` added, as `nobody` when this process is root.
 *
 * @example
 * const run = await spawnCliUnprivileged(['naiveLock', '--default', '--out', join(readOnlyDir(), 'out')]);
 */
export function spawnCliUnprivileged(args: readonly string[], env: Readonly<Record<string, string>> = {}): Promise<CliRun> {
  const child = spawn(process.execPath, [binPath, ...args], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(isRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (t: string) => (stdout += t));
  child.stderr!.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
