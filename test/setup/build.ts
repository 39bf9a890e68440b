/**
 * Vitest global setup: builds `dist/` once before any test file runs, for the tests that need
 * compiled JavaScript (the CLI run as a real process, parallel checks in worker threads). Built
 * once here so that test files running side by side never write `dist/` at the same time.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
}
