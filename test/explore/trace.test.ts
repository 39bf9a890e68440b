/**
 * `ipc-check explore --trace FILE.json`: a counterexample written by the existing writer opens
 * at its last (violating) step, with its model and configuration from the file; a file that is
 * not a trace, or names no model the explorer knows, is refused with exit code 2 and a message.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { check } from '../../checker/check.js';
import { ExitCode } from '../../cli/exitCodes.js';
import { traceToJson, type TraceJson } from '../../counterexamples/json.js';
import { runExplore } from '../../explore/command.js';
import type { ExploreSession, View } from '../../explore/viewTypes.js';
import type { AnyModel } from '../../model/core/model.js';
import { dieHard } from '../../model/classic/dieHard.js';
import { dining } from '../../model/classic/dining.js';
import { registry } from '../../registry/index.js';
import { removeTmpDirs, runMain, tmpDir, waitFor } from '../cli/harness.js';

afterAll(removeTmpDirs);

/** Writes the counterexample of `property` on `model` as the CLI writes it, and returns the file and its record. */
function counterexampleFile(model: AnyModel, property: string): { file: string; json: TraceJson } {
  const pr = check(model).properties.find((p) => p.name === property)!;
  const json = traceToJson(model, pr);
  const file = join(tmpDir(), 'trace.json');
  writeFileSync(file, JSON.stringify(json, null, 2));
  return { file, json };
}

/** Runs `ipc-check explore --trace file` in this process, reads the session and the view it opens on, then stops it. */
async function openedOn(file: string): Promise<{ printed: string[]; session: ExploreSession; view: View }> {
  const printed: string[] = [];
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const outcome = runExplore({ trace: file }, registry, { out: (l) => printed.push(l), err: (l) => printed.push(`err: ${l}`), stop: stopped });
  await waitFor(() => printed.length > 0, 10_000);
  const url = new URL(printed[0].replace(/^explore at /, ''));
  const session = (await (await fetch(new URL('/api/session', url))).json()) as ExploreSession;
  const view = (await (await fetch(new URL(`/api/view${url.search}`, url))).json()) as View;
  stop();
  expect(await outcome).toBe('stopped');
  return { printed, session, view };
}

describe('explore --trace', () => {
  it("opens dieHard's counterexample at its last step, where the big jug holds 4 and the invariant is violated", async () => {
    const { file, json } = counterexampleFile(dieHard(), 'big jug never holds 4');
    const { printed, session, view } = await openedOn(file);
    expect(printed[0]).toMatch(/^explore at http:\/\/127\.0\.0\.1:\d+\/\?model=dieHard&path=1\.5\.2\.5\.1\.5$/);
    expect(session).toEqual({ query: 'model=dieHard&path=1.5.2.5.1.5', title: 'dieHard(small=3,big=5,target=4)', trace: { file, property: 'big jug never holds 4', verdict: 'violated' } });
    expect(view.path).toEqual(json.path.actions);
    expect(view.steps).toEqual(json.actions);
    // The last step pours the big jug (2 + 5) into the small one: (2, 5) becomes (3, 4).
    expect(view.fields).toEqual([
      { path: 'small', value: '3', before: '2' },
      { path: 'big', value: '4', before: '5' },
    ]);
    expect(view.verdicts.find((v) => v.name === 'big jug never holds 4')?.status).toBe('violated');
  });

  it("opens dining(n=3)'s deadlock with its configuration from the file, at the state where no action is enabled", async () => {
    const { file, json } = counterexampleFile(dining({ n: 3 }), 'deadlock free');
    const { session, view } = await openedOn(file);
    expect(session.query).toBe(`model=dining&set=n%3D3&path=${json.path.actions.join('.')}`);
    expect(view.model).toBe('dining(n=3,lefty0=false)');
    expect(view.steps).toEqual(json.actions);
    expect(view.steps).toHaveLength(6);
    expect(view.actions).toEqual([]);
    expect(view.verdicts.find((v) => v.name === 'deadlock free')).toEqual({
      name: 'deadlock free',
      kind: 'deadlockFree',
      status: 'violated',
      detail: 'deadlock: no action is enabled and this is not a valid end state',
    });
  });

  it('refuses a file that is not JSON, with exit code 2 and what to give instead', async () => {
    const file = join(tmpDir(), 'notes.json');
    writeFileSync(file, 'not a trace');
    const run = await runMain(['explore', '--trace', file]);
    expect(run.code).toBe(ExitCode.Usage);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(new RegExp(`^ipc-check: ${file} is not a counterexample written by ipc-check: not JSON: .*\\(give --trace a \\.json file from counterexamples/out/\\)\\n`));
  });

  it('refuses JSON that is not a trace, a file that cannot be read, and a trace of a model the registry does not have', async () => {
    const notTrace = join(tmpDir(), 'package.json');
    writeFileSync(notTrace, '{"name": "x"}');
    const r1 = await runMain(['explore', '--trace', notTrace]);
    expect(r1.code).toBe(ExitCode.Usage);
    expect(r1.stderr).toContain('not an ipc-check trace: the "format" field is missing (expected "ipc-check-trace")');

    const missing = join(tmpDir(), 'missing.json');
    const r2 = await runMain(['explore', '--trace', missing]);
    expect(r2.code).toBe(ExitCode.Usage);
    expect(r2.stderr).toMatch(new RegExp(`^ipc-check: cannot read --trace file '${missing}': `));

    const { json } = counterexampleFile(dieHard(), 'big jug never holds 4');
    const other = join(tmpDir(), 'renamed.json');
    writeFileSync(other, JSON.stringify({ ...json, model: 'mine(x=1)', config: {} }));
    const r3 = await runMain(['explore', '--trace', other]);
    expect(r3.code).toBe(ExitCode.Usage);
    expect(r3.stderr).toContain(`no registry model is named 'mine(x=1)' with that configuration; a trace of a model of your own opens with its module: ipc-check explore ./path/to/model.ts --trace ${other}`);
  });

  it('refuses a trace whose path does not replay through the model it names', async () => {
    const { json } = counterexampleFile(dieHard(), 'big jug never holds 4');
    const file = join(tmpDir(), 'bad-path.json');
    writeFileSync(file, JSON.stringify({ ...json, path: { init: 0, actions: [1, 5, 2, 5, 1, 9] } }));
    const run = await runMain(['explore', '--trace', file]);
    expect(run.code).toBe(ExitCode.Usage);
    expect(run.stderr).toContain('the trace cannot be replayed through dieHard(small=3,big=5,target=4): IPC003: step 6: action index 9 is out of range, 6 action(s) are enabled');
  });
});

describe('the explore command line', () => {
  it('refuses an unknown model, a missing model and --set with --trace, each with exit code 2 and the fix', async () => {
    const unknown = await runMain(['explore', 'noSuchModel']);
    expect(unknown.code).toBe(ExitCode.Usage);
    expect(unknown.stderr).toMatch(/^ipc-check: unknown model 'noSuchModel'; valid models: naiveLock, dieHard, .* \(or a module path: ipc-check explore \.\/myModel\.ts\)\n/);
    const none = await runMain(['explore']);
    expect(none.code).toBe(ExitCode.Usage);
    expect(none.stderr).toContain('explore needs a model or a trace: ipc-check explore <model> [--set key=value], or ipc-check explore --trace FILE.json');
    const both = await runMain(['explore', 'dieHard', '--set', 'big=7', '--trace', 'x.json']);
    expect(both.code).toBe(ExitCode.Usage);
    expect(both.stderr).toContain('--trace takes the configuration from the file: drop --set');
    const badSet = await runMain(['explore', 'dieHard', '--set', 'big=0']);
    expect(badSet.code).toBe(ExitCode.Usage);
    expect(badSet.stderr).toMatch(/^ipc-check: --set big=0: big must be a whole number from 1 to 100/);
  });

  it('lists explore in the usage text', async () => {
    const help = await runMain(['explore', '--help']);
    expect(help.code).toBe(ExitCode.Ok);
    expect(help.stdout).toContain('explore <model> [--set key=value] | explore <path>.ts [--export NAME] | explore --trace FILE.json');
  });
});
