/**
 * A model that breaks a contract the checker enforces (unique property names, determinism) is a
 * model error on the command line: exit 6, the coded message, no stack trace, with workers too.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exitCodes.js';
import { filesUnder, removeTmpDirs, runMain, spawnCli, tmpDir } from './harness.js';

afterAll(removeTmpDirs);

/** Writes a module built on the compiled naive lock, with `body` after the import, and returns its path. */
function moduleWith(body: string): string {
  const path = join(tmpDir(), 'model.mjs');
  const lock = new URL('../../dist/model/examples/naiveLock.js', import.meta.url).href;
  writeFileSync(path, `import { naiveLock } from '${lock}';\n${body}\n`);
  return path;
}

/** A naive lock whose first property is listed twice. */
const TWICE = 'const lock = naiveLock({ threads: 2, atomic: true });\nexport default () => ({ ...lock, properties: [...lock.properties, lock.properties[0]] });';

describe('a model contract broken, on the command line', () => {
  it('two properties with one name: exit 6 with IPC007 naming them, no stack trace, nothing written', async () => {
    const out = tmpDir();
    const { code, stdout, stderr } = await runMain([moduleWith(TWICE), '--out', out, '--no-progress']);
    expect(code).toBe(ExitCode.ModelError);
    expect(stdout).toMatch(/↳ model error IPC007: properties 1 and \d+ \(of \d+\) are both named 'mutual exclusion': .*rename one of them/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(filesUnder(out)).toEqual([]);
  });

  it('two properties with one name, with two workers: the same exit code and message', async () => {
    const run = await spawnCli([moduleWith(TWICE), '--workers', '2', '--json', '--out', tmpDir(), '--no-progress']).done;
    expect(run.code).toBe(ExitCode.ModelError);
    expect(JSON.parse(run.stdout).modelError).toMatchObject({ code: 'IPC007', phase: 'properties' });
    expect(run.stderr).toBe('');
  }, 30_000);

  it('a next with a counter in a closure: exit 6 with IPC003 naming the action, with one worker and with two', async () => {
    const core = new URL('../../dist/model/core/', import.meta.url).href;
    const path = join(tmpDir(), 'counter.mjs');
    writeFileSync(
      path,
      `import { defineModel } from '${core}model.js';\nimport { int, record } from '${core}shape/index.js';\n` +
        'let calls = 0;\n' +
        "export default defineModel({ name: 'hidden counter', shape: record({ n: int(0, 9) }), init: () => [{ n: 0 }],\n" +
        "  actions: () => [{ kind: 'Inc' }], next: (s) => ({ n: (s.n + 1 + (calls++ % 2)) % 10 }), properties: [] });\n",
    );
    const one = await runMain([path, '--out', tmpDir(), '--no-progress']);
    expect(one.code).toBe(ExitCode.ModelError);
    expect(one.stdout).toMatch(/↳ model error IPC003: the successor by next\(Inc\) differed when the state was expanded again: the model is not deterministic; look for Math\.random/);
    expect(one.stderr).not.toMatch(/\n\s+at /);
    const two = await spawnCli([path, '--workers', '2', '--json', '--out', tmpDir(), '--no-progress']).done;
    expect(two.code).toBe(ExitCode.ModelError);
    expect(JSON.parse(two.stdout).modelError).toMatchObject({ code: 'IPC003', phase: 'next' });
  }, 30_000);
});
