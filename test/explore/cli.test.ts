/**
 * `ipc-check explore` as a user runs it, the built executable in a process of its own: it prints
 * the address it serves on stdout, listens on 127.0.0.1, serves a registry model with its
 * `--set` parameters or a TypeScript model module by its path, and stops on Ctrl-C with exit code
 * 130 (143 on SIGTERM). Build first (the suite's set-up does).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exitCodes.js';
import type { View } from '../../explore/viewTypes.js';
import { removeTmpDirs, spawnCli, tmpDir, waitFor, type SpawnedCli } from '../cli/harness.js';

afterAll(removeTmpDirs);

/** The address line the explorer prints once it listens. */
const ADDRESS = /^explore at (http:\/\/127\.0\.0\.1:(\d+)\/\?\S*)\n/;

async function started(run: SpawnedCli): Promise<URL> {
  await waitFor(() => ADDRESS.test(run.stdoutSoFar()) || run.child.exitCode !== null, 20_000);
  const m = ADDRESS.exec(run.stdoutSoFar());
  if (m === null) throw new Error(`no address printed; stderr: ${run.stderrSoFar()}`);
  return new URL(m[1]);
}

describe('ipc-check explore, a process of its own', () => {
  it('prints the address of a registry model with its --set parameters, serves it, and stops on Ctrl-C with exit code 130, saying it stops the explorer', async () => {
    const run = spawnCli(['explore', 'dining', '--set', 'n=3']);
    const url = await started(run);
    expect(url.hostname).toBe('127.0.0.1');
    expect(url.search).toBe('?model=dining&set=n%3D3');
    const view = (await (await fetch(new URL(`/api/view${url.search}&path=0`, url))).json()) as View;
    expect(view.model).toBe('dining(n=3,lefty0=false)');
    expect(view.steps).toEqual(['GetHungry(0)']);
    run.child.kill('SIGINT');
    const done = await run.done;
    expect(done.code).toBe(ExitCode.Interrupted);
    expect(done.stderr).toContain('ipc-check: interrupted; stopping the explorer (Ctrl-C or SIGTERM again to quit at once)');
    await expect(fetch(url)).rejects.toThrow();
  });

  it('serves a TypeScript model module by its path, refuses other module paths, and stops on SIGTERM with exit code 143', async () => {
    const dir = tmpDir();
    const index = new URL('../../dist/index.js', import.meta.url).href;
    const path = join(dir, 'counter.ts');
    writeFileSync(
      path,
      [
        `import { always, defineModel, int, record, type Infer } from '${index}';`,
        'const shape = record({ n: int(0, 2) });',
        'type State = Infer<typeof shape>;',
        "type Step = { readonly kind: 'Inc' } | { readonly kind: 'Reset' };",
        'export default () => defineModel<State, Step>({',
        "  name: 'counter', shape, init: () => [{ n: 0 }],",
        "  actions: (s: State): Step[] => (s.n < 2 ? [{ kind: 'Inc' }, { kind: 'Reset' }] : [{ kind: 'Reset' }]),",
        "  next: (s: State, a: Step): State => (a.kind === 'Inc' ? { n: s.n + 1 } : { n: 0 }),",
        "  properties: [always('n below 2', (s) => s.n < 2)],",
        '});',
        '',
      ].join('\n'),
    );
    const run = spawnCli(['explore', path]);
    const url = await started(run);
    expect(url.searchParams.get('model')).toBe(path);
    const view = (await (await fetch(new URL(`/api/view${url.search}&path=0.0`, url))).json()) as View;
    expect(view.model).toBe('counter');
    expect(view.fields).toEqual([{ path: 'n', value: '2', before: '1' }]);
    expect(view.actions).toEqual([{ index: 0, label: 'Reset', key: view.pathKeys[0], onPath: 0 }]);
    expect(view.verdicts).toEqual([{ name: 'n below 2', kind: 'always', status: 'violated' }]);
    const other = await fetch(new URL(`/api/view?model=${encodeURIComponent(join(dir, 'other.ts'))}`, url));
    expect(other.status).toBe(400);
    run.child.kill('SIGTERM');
    expect((await run.done).code).toBe(ExitCode.Terminated);
  });

  it('refuses a module that exports no model with exit code 2, serving nothing', async () => {
    const path = join(tmpDir(), 'empty.mjs');
    writeFileSync(path, 'export const x = 1;\n');
    const done = await spawnCli(['explore', path]).done;
    expect(done.code).toBe(ExitCode.Usage);
    expect(done.stdout).toBe('');
    expect(done.stderr).toContain(`ipc-check: ${path} exports no model (a Model value, or a function of no arguments that returns one)`);
  });
});
