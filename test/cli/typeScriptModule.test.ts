/**
 * A model module written in TypeScript is checked by its path as a JavaScript one is, with one
 * worker and with two: ipc-check transpiles it as it loads it, in the command line's thread and
 * in each worker, with no loader configured by the user. The CLI runs as a built process here, as
 * a user runs it (the tests' own runner would transpile TypeScript itself).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exitCodes.js';
import { removeTmpDirs, runMain, spawnCli, tmpDir } from './harness.js';

afterAll(removeTmpDirs);

/** The compiled package's entry, which the model imports as a user's model imports `ipc-check`. */
const INDEX = new URL('../../dist/index.js', import.meta.url).href;

/** How far each counter of the grid model counts. */
const LIMIT = 3;

/**
 * Writes a grid model in TypeScript: two counters from 0 to {@link LIMIT}, each step adds one to
 * either. It uses what only TypeScript has (an enum, an interface, type annotations, a type-only
 * import) and imports a TypeScript file of its own as `./steps.js`, as `tsc` wants it spelled.
 * `nextBody` is the body of its `next`. Returns the model's path.
 */
function gridModule(nextBody = "return a.kind === Step.X ? { x: s.x + 1, y: s.y } : { x: s.x, y: s.y + 1 };"): string {
  const dir = tmpDir();
  writeFileSync(join(dir, 'steps.ts'), 'export enum Step { X = \'IncX\', Y = \'IncY\' }\nexport interface Inc { readonly kind: Step }\n');
  const path = join(dir, 'grid.ts');
  writeFileSync(
    path,
    [
      `import { always, deadlockFree, defineModel, int, record, type Infer } from '${INDEX}';`,
      "import { Step, type Inc } from './steps.js';",
      `const limit: number = ${LIMIT};`,
      'const shape = record({ x: int(0, limit), y: int(0, limit) });',
      'type State = Infer<typeof shape>;',
      'export default () => defineModel<State, Inc>({',
      "  name: 'grid',",
      '  shape,',
      '  init: () => [{ x: 0, y: 0 }],',
      '  actions: (s: State): Inc[] => [...(s.x < limit ? [{ kind: Step.X }] : []), ...(s.y < limit ? [{ kind: Step.Y }] : [])],',
      `  next: (s: State, a: Inc): State => { ${nextBody} },`,
      "  properties: [always('not both full', (s) => !(s.x === limit && s.y === limit)), deadlockFree()],",
      '});',
      '',
    ].join('\n'),
  );
  return path;
}

/** The `--json` summary's counts and verdicts. */
interface Summary {
  readonly stats: { readonly distinct: number; readonly generated: number; readonly depth: number };
  readonly properties: readonly { readonly name: string; readonly status: string; readonly traceStates?: number }[];
  readonly modelError: { readonly code: string; readonly message: string } | null;
}

describe('a model module in TypeScript, by its path', () => {
  it('is checked with one worker and with two, with the counts and verdicts the grid has', async () => {
    const path = gridModule();
    const runs = [
      await spawnCli([path, '--json', '--no-progress', '--out', tmpDir()]).done,
      await spawnCli([path, '--workers', '2', '--json', '--no-progress', '--out', tmpDir()]).done,
    ];
    for (const run of runs) {
      expect(run.stderr).toBe('');
      expect(run.code).toBe(ExitCode.Violated);
      const summary = JSON.parse(run.stdout) as Summary;
      // Every pair of counter values is reached; every state but the corner has one step per counter not yet full.
      expect(summary.stats).toMatchObject({ distinct: (LIMIT + 1) ** 2, generated: 1 + 2 * LIMIT * (LIMIT + 1), depth: 2 * LIMIT + 1 });
      // The corner is both full and a deadlock, reached in 2·LIMIT steps.
      expect(summary.properties.map((p) => [p.name, p.status, p.traceStates])).toEqual([
        ['not both full', 'violated', 2 * LIMIT + 1],
        ['deadlock free', 'violated', 2 * LIMIT + 1],
      ]);
    }
  }, 60_000);

  it('a model error names the line of the TypeScript file, in a worker too', async () => {
    const path = gridModule("if (s.x === 1) throw new Error('no second step'); return a.kind === Step.X ? { x: s.x + 1, y: s.y } : { x: s.x, y: s.y + 1 };");
    const line = 1 + readFileSync(path, 'utf8').split('\n').findIndex((l) => l.includes('no second step'));
    for (const workers of ['1', '2']) {
      const run = await spawnCli([path, '--workers', workers, '--json', '--no-progress', '--out', tmpDir()]).done;
      expect(run.code).toBe(ExitCode.ModelError);
      const { modelError } = JSON.parse(run.stdout) as Summary;
      expect(modelError?.code).toBe('IPC001');
      expect(modelError?.message).toMatch(new RegExp(`no second step \\(at \\S*grid\\.ts:${line}:\\d+\\)$`));
    }
  }, 60_000);

  it('a CommonJS TypeScript module (.cts) is refused with a sentence that says to write an ES module', async () => {
    const path = join(tmpDir(), 'model.cts');
    writeFileSync(path, 'module.exports = {};\n');
    const { code, stderr } = await runMain([path, '--no-progress']);
    expect(code).toBe(ExitCode.Usage);
    expect(stderr).toContain('is a CommonJS module: write the model as an ES module');
  });
});
