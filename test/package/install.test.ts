/**
 * The package as a user gets it: `npm pack` makes a tarball that `npm install <tarball>` puts into
 * an empty project outside this repository, where a model in TypeScript and one in JavaScript
 * (test/package/project/, copied there) are checked through the installed package only: its
 * types by tsc, its API from a script of the project's own, and its `ipc-check` command by npx,
 * with one worker and with two, as is the model the README shows. The npm registry serves the package's dependencies (from npm's
 * cache when it has them: `--prefer-offline`).
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExitCode } from '../../cli/exitCodes.js';

/** The repository root (test/package/ is two levels down). */
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The README's section on using the package, which the last test holds to what it says. */
const usage = (() => {
  const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
  const at = readme.indexOf('## Use it in your own project');
  return readme.slice(at, readme.indexOf('\n## ', at + 1));
})();

/** The model the README's section shows (its TypeScript block). */
const readmeModel = usage.slice(usage.indexOf('```ts\n') + 6, usage.indexOf('```', usage.indexOf('```ts\n') + 6));

/** What a command printed and how it exited. */
interface Ran {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `command args` in `cwd` to its end (no shell), whatever its exit code. */
function run(command: string, args: readonly string[], cwd: string): Promise<Ran> {
  return new Promise((done, fail) => {
    execFile(command, args, { cwd, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : undefined;
      if (code === undefined) fail(error);
      else done({ code, stdout, stderr });
    });
  });
}

/** Runs a command that must succeed, and returns what it printed; a failure throws with its output. */
async function succeed(command: string, args: readonly string[], cwd: string): Promise<string> {
  const ran = await run(command, args, cwd);
  if (ran.code !== 0) throw new Error(`${command} ${args.join(' ')} exited ${ran.code}:\n${ran.stdout}\n${ran.stderr}`);
  return ran.stdout;
}

/** The temporary directory holding the tarball and the project; removed after the tests. */
let work: string;
/** The user's project, with the package installed. */
let project: string;
/** The files in the tarball, as npm pack lists them. */
let packed: string[];

beforeAll(async () => {
  // realpath: macOS's temporary directory is a symlink, and npm reports resolved paths.
  work = realpathSync(mkdtempSync(join(tmpdir(), 'ipc-check-package-')));
  // dist/ is built by the tests' global setup; packing here must not rebuild it (prepack) while
  // other test files read it.
  const pack = JSON.parse(await succeed('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], repoRoot)) as { filename: string; files: { path: string }[] }[];
  packed = pack[0].files.map((f) => f.path);
  project = join(work, 'project');
  mkdirSync(project);
  cpSync(join(repoRoot, 'test', 'package', 'project'), project, { recursive: true });
  writeFileSync(join(project, 'models', 'readme.ts'), readmeModel);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'my-models', private: true, type: 'module' }, null, 2));
  await succeed('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', join(work, pack[0].filename)], project);
}, 120_000);

afterAll(() => {
  if (work !== undefined) rmSync(work, { recursive: true, force: true });
});

/** The `--json` summary's counts and verdicts. */
interface Summary {
  readonly model: string;
  readonly stats: { readonly distinct: number; readonly generated: number; readonly depth: number };
  readonly properties: readonly { readonly name: string; readonly status: string }[];
}

/** How far each counter of the TypeScript grid model counts (`limit` in models/grid.ts). */
const LIMIT = 3;
/** How many values the JavaScript ring model goes round (`size` in models/ring.js). */
const SIZE = 5;

/** The grid's counts: every pair of counter values; one step per counter not yet full; the corner 2·LIMIT steps away. */
const GRID_STATS = { distinct: (LIMIT + 1) ** 2, generated: 1 + 2 * LIMIT * (LIMIT + 1), depth: 2 * LIMIT + 1 };
/** The grid's verdicts: the corner is both full, and no step is left there. */
const GRID_VERDICTS = { 'not both full': 'violated', 'deadlock free': 'violated' };
/** The ring's counts: each value once, one step from each, the last value SIZE - 1 steps away. */
const RING_STATS = { distinct: SIZE, generated: SIZE + 1, depth: SIZE };
/** The ring's verdicts. */
const RING_VERDICTS = { 'in range': 'holds', 'goes round': 'witnessed', 'deadlock free': 'holds' };

describe('the package installed into an empty project', () => {
  it('holds the built modules, their types and the command, and no tests, sources, maps or benchmarks', () => {
    expect(packed).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/bin.js', 'dist/checker/parallel/worker.js', 'dist/checker/moduleImport/typeScriptHooks.js']));
    const unexpected = packed.filter((p) => !['package.json', 'README.md'].includes(p) && !/^dist\/.*(?<!\.test)\.(js|d\.ts)$/.test(p));
    expect(unexpected).toEqual([]);
    expect(packed.filter((p) => p.startsWith('dist/bench/') || p.startsWith('dist/test/'))).toEqual([]);
    expect(existsSync(join(project, 'node_modules', 'ipc-check', 'dist', 'index.js'))).toBe(true);
  });

  it('its types check the project\'s TypeScript (a verdict is typed; a model without a shape is an error)', async () => {
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    const ran = await run(process.execPath, [tsc, '-p', '.'], project);
    expect(ran.stdout + ran.stderr).toBe('');
    expect(ran.code).toBe(0);
  }, 60_000);

  it('a script checks the JavaScript model in its thread and the TypeScript model with two workers through the API', async () => {
    const printed = JSON.parse(await succeed(process.execPath, ['check.mjs'], project)) as Record<string, { distinct: number; verdicts: Record<string, string> }>;
    expect(printed).toEqual({ ring: { distinct: RING_STATS.distinct, verdicts: RING_VERDICTS }, grid: { distinct: GRID_STATS.distinct, verdicts: GRID_VERDICTS } });
  }, 60_000);

  for (const [model, stats, verdicts, code] of [
    ['models/grid.ts', GRID_STATS, GRID_VERDICTS, ExitCode.Violated],
    ['models/ring.js', RING_STATS, RING_VERDICTS, ExitCode.Ok],
  ] as const) {
    it(`npx ipc-check ./${model} checks it with one worker and with two`, async () => {
      for (const workers of ['1', '2']) {
        const ran = await run('npx', ['--no', 'ipc-check', `./${model}`, '--workers', workers, '--json', '--no-progress', '--out', join(work, `out-${workers}`)], project);
        expect(ran.stderr).toBe('');
        expect(ran.code).toBe(code);
        const summary = JSON.parse(ran.stdout) as Summary;
        expect(summary.stats).toMatchObject(stats);
        expect(Object.fromEntries(summary.properties.map((p) => [p.name, p.status]))).toEqual(verdicts);
      }
    }, 60_000);
  }

  it('the README\'s model checks as the README says, with one worker and with two', async () => {
    const claim = /\((\d+) here: `([^`]+)` is violated, in (\d+) distinct states\)/.exec(usage);
    expect(claim, 'the README says what checking its model finds').not.toBeNull();
    const [, code, property, distinct] = claim!;
    for (const workers of ['1', '2']) {
      const ran = await run('npx', ['--no', 'ipc-check', './models/readme.ts', '--workers', workers, '--json', '--no-progress', '--out', join(work, `readme-${workers}`)], project);
      expect(ran.code).toBe(Number(code));
      const summary = JSON.parse(ran.stdout) as Summary;
      expect(summary.stats.distinct).toBe(Number(distinct));
      expect(summary.properties.find((p) => p.name === property)?.status).toBe('violated');
    }
  }, 60_000);
});
