/**
 * The command line's user-visible behaviour, as claims: exit codes, what is printed where, which
 * files are written (and that a bad command line writes none), `--replay`, `--list`/`--help`, the
 * whole-registry run, progress lines and Ctrl-C.
 *
 * Most claims call `main` in-process with stdout/stderr captured and `--out` in a temporary
 * directory; what needs a real process (Ctrl-C, the exit code through `bin`, progress over a few
 * seconds) spawns the built `dist/cli/bin.js`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { USAGE } from '../../cli/args.js';
import { ExitCode, exitCodeOf } from '../../cli/exitCodes.js';
import { check } from '../../checker/check.js';
import { minimumMemoryLimit } from '../../checker/memory.js';
import type { CheckResult, PropertyResult, Verdict } from '../../checker/result.js';
import { defineModel, type Model } from '../../model/core/model.js';
import { int, record, type Infer } from '../../model/core/shape/index.js';
import { registry } from '../../registry/index.js';
import { always, bounded, deadlockFree, sometimes, step } from '../../properties/index.js';
import type { PropertyKind } from '../../properties/property.js';
import { filesUnder, removeTmpDirs, repoRoot, runMain, spawnCli, tmpDir, waitFor } from './harness.js';

afterAll(removeTmpDirs);

const README = readFileSync(join(repoRoot, 'README.md'), 'utf8');

/** The README section that starts at `heading` and ends at the next heading of the same or higher level. */
function readmeSection(heading: string): string {
  const start = README.indexOf(`\n${heading}\n`);
  expect(start, `README has a '${heading}' section`).toBeGreaterThanOrEqual(0);
  const level = heading.split(' ')[0];
  const rest = README.slice(start + heading.length + 2);
  const end = rest.search(new RegExp(`\\n#{1,${level.length}} `));
  return end < 0 ? rest : rest.slice(0, end);
}

/** The options the README's option table documents: `--set`, `--max-states`, … */
const README_OPTIONS = [...readmeSection('## The command line').matchAll(/^\| `(--[a-z-]+)/gm)].map((m) => m[1]);

/** Every option the CLI accepts, as the README documents them plus `--list` and `--help`. */
const ALL_OPTIONS = [...README_OPTIONS, '--list', '--help'];

/** The single model run's result table line for `property`: `<property> <verdict>`. */
const row = (property: string, verdict: string) => new RegExp(`${property}\\s+${verdict}\\b`);

const NAIVE_DIR = 'naivelock-threads-2-atomic-false';

describe('documentation agrees with the code', () => {
  it('the README documents every option the CLI accepts and the exit codes ExitCode defines', () => {
    expect(README_OPTIONS).toEqual([
      '--set',
      '--max-states',
      '--expect-states',
      '--max-depth',
      '--time-limit',
      '--workers',
      '--symmetry',
      '--fingerprint',
      '--max-memory',
      '--json',
      '--out',
      '--witnesses',
      '--no-svg',
      '--no-progress',
      '--replay',
      '--default',
      '--workload',
      '--matrix',
      '--export',
    ]);
    const documented = [...readmeSection('### Exit codes').matchAll(/^\| (\d+) \|/gm)].map((m) => Number(m[1]));
    expect(documented.sort((a, b) => a - b)).toEqual(Object.values(ExitCode).sort((a, b) => a - b));
  });
});

describe('a bad command line exits 2 with a one-line message and writes nothing', () => {
  const ids = registry.map((e) => e.id);
  const cases: { name: string; args: string[]; says: (string | RegExp)[] }[] = [
    { name: 'an unknown model', args: ['nope'], says: ["unknown model 'nope'", 'valid models:', ...ids] },
    { name: '--workers 0', args: ['dining', '--workers', '0'], says: ['--workers 0', 'whole number'] },
    { name: '--workers 65', args: ['dining', '--workers', '65'], says: ['--workers 65', 'at most 64'] },
    { name: '--max-memory with a size it cannot read', args: ['dining', '--max-memory', '12x'], says: ['--max-memory 12x', '512M', '8G'] },
    { name: 'an unknown option', args: ['naiveLock', '--bogus'], says: ["unknown option '--bogus'", 'valid options:', ...ALL_OPTIONS] },
    { name: 'an unknown parameter', args: ['naiveLock', '--set', 'foo=1'], says: ["unknown parameter 'foo' for naiveLock", 'valid: threads, atomic'] },
    { name: 'an int parameter out of range', args: ['naiveLock', '--set', 'threads=99'], says: ['--set threads=99', 'from 1 to 8'] },
    { name: 'a non-integer int parameter', args: ['naiveLock', '--set', 'threads=1.5'], says: ['--set threads=1.5', 'from 1 to 8'] },
    { name: 'a bool parameter that is not true/false', args: ['naiveLock', '--set', 'atomic=maybe'], says: ['--set atomic=maybe', 'true or false'] },
    { name: 'an enum parameter outside its values', args: ['twoPhase', '--set', 'bug=typo'], says: ['--set bug=typo', 'one of none, commitOnFirstPrepared, abortAfterCommit'] },
    { name: '--set without key=value', args: ['naiveLock', '--set', 'threads'], says: ['--set needs key=value'] },
    { name: '--max-states that is not a number', args: ['dining', '--max-states', 'x'], says: ['--max-states x', 'whole number ≥ 1'] },
    { name: '--max-states 0', args: ['dining', '--max-states', '0'], says: ['--max-states 0', 'whole number ≥ 1'] },
    { name: '--expect-states with --fingerprint', args: ['dining', '--default', '--expect-states', '1000', '--fingerprint'], says: ['--expect-states sizes the exact store', 'drop --fingerprint or --expect-states'] },
    { name: '--expect-states past the exact store', args: ['dining', '--default', '--expect-states', '900000000'], says: ['--expect-states 900000000', 'at most 805306368 states', '--fingerprint'] },
    { name: '--expect-states over a registry sweep', args: ['dining', '--expect-states', '1000'], says: ['--expect-states sizes the table of one search', '--default or --set'] },
    { name: '--expect-states with --replay', args: ['--replay', 'x.json', '--expect-states', '5'], says: ['--replay replays a trace without searching', 'drop --expect-states'] },
    { name: '--expect-states whose table passes --max-memory', args: ['dining', '--default', '--expect-states', '100000000', '--max-memory', '300M'], says: ['--expect-states 100000000', '512 MiB', '--max-memory'] },
    { name: '--max-depth -1', args: ['dining', '--max-depth', '-1'], says: ['--max-depth -1', 'whole number ≥ 1'] },
    { name: '--time-limit with no value', args: ['dining', '--time-limit'], says: ['--time-limit needs a value', 'whole number ≥ 1'] },
    { name: '--set without a model', args: ['--set', 'n=3'], says: ['--set needs a model', '<model> --set n=3'] },
    { name: 'two models', args: ['dining', 'dieHard'], says: ["unexpected argument 'dieHard'", 'at most one model', "already 'dining'"] },
    { name: '--replay with --set', args: ['--replay', 'x.json', '--set', 'n=3'], says: ['--replay takes the configuration from the file'] },
    { name: '--replay with search bounds', args: ['--replay', 'x.json', '--max-states', '5', '--workers', '2'], says: ["--replay replays the file's trace without searching", 'ignore --max-states, --workers', 'drop them'] },
    // A switch given a value must not silently mean the switch itself.
    { name: 'a value given to a switch', args: ['naiveLock', '--witnesses=false'], says: ["--witnesses takes no value, got '--witnesses=false'"] },
    // An option is not swallowed as the value of the option before it.
    { name: '--out followed by another option', args: ['naiveLock', '--out', '--json'], says: ['--out needs a path'] },
    { name: '--max-states followed by another option', args: ['naiveLock', '--max-states', '--json'], says: ['--max-states needs a value'] },
  ];

  for (const c of cases) {
    it(`${c.name}: ${c.args.join(' ')}`, async () => {
      const out = join(tmpDir(), 'out');
      // --out comes first so that the case's own arguments end the command line.
      const { code, stdout, stderr } = await runMain(['--no-progress', `--out=${out}`, ...c.args]);
      expect(code).toBe(ExitCode.Usage);
      expect(stdout).toBe('');
      const lines = stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(2);
      expect(lines[0]).toMatch(/^ipc-check: /);
      for (const s of c.says) expect(lines[0]).toContain(s);
      expect(lines[1]).toBe('run with --help for usage');
      expect(existsSync(out)).toBe(false);
    });
  }

  it('flags accept --flag=value as well as --flag value', async () => {
    const out = tmpDir();
    const { code, stdout } = await runMain(['dieHard', '--set=target=6', '--max-states=100', `--out=${out}`, '--no-progress', '--json']);
    expect(code).toBe(ExitCode.Ok);
    expect(JSON.parse(stdout).config).toEqual({ small: 3, big: 5, target: 6 });
  });

  it('--expect-states reaches the check (its table is larger) and leaves the result as it was: l4Ipc with a shared reply cap still finds its bugs', async () => {
    const args = ['l4Ipc', '--set', 'bug=sharedReplyCap', '--no-progress', '--json', '--no-svg'];
    const first = await runMain([...args, '--out', tmpDir()]);
    expect(first.code).toBe(ExitCode.Violated);
    const plain = JSON.parse(first.stdout);
    const told = await runMain([...args, '--out', tmpDir(), '--expect-states', String(plain.stats.distinct * 40)]);
    expect(told.code).toBe(ExitCode.Violated);
    const json = JSON.parse(told.stdout);
    expect([json.stats.distinct, json.stats.generated, json.stats.depth]).toEqual([plain.stats.distinct, plain.stats.generated, plain.stats.depth]);
    expect(json.properties).toEqual(plain.properties);
    // The store's bytes count its whole table: one sized for 40 times the states is larger.
    expect(json.stats.bytesPerState).toBeGreaterThan(plain.stats.bytesPerState * 4);
  });

  it('model ids match case-insensitively', async () => {
    const { code, stdout } = await runMain(['DIEHARD', '--set', 'target=6', '--out', tmpDir(), '--no-progress']);
    expect(code).toBe(ExitCode.Ok);
    expect(stdout).toContain('dieHard(small=3,big=5,target=6)');
  });
});

describe('checking one model', () => {
  it('naiveLock exits 1 (an always property is violated), prints the trace and writes mutual-exclusion.{txt,json,dot,svg}', async () => {
    const out = tmpDir();
    const { code, stdout, stderr } = await runMain(['naiveLock', '--default', '--out', out, '--no-progress']);
    expect(code).toBe(ExitCode.Violated);
    expect(stderr).toBe('');
    expect(stdout).toMatch(row('mutual exclusion', 'violated'));
    expect(stdout).toMatch(row('a thread enters', 'witnessed'));
    expect(stdout).toMatch(row('deadlock free', 'holds'));
    expect(stdout).toContain('complete search: 13 distinct states, 25 generated, depth 7');
    expect(stdout).toContain("naiveLock(threads=2,atomic=false): 'mutual exclusion' violated (trace of 5 states)");
    expect(stdout).toContain("Step 4: Acquire(t=1) → state 5   <-- violates 'mutual exclusion'");
    expect(stdout).toContain(`wrote 4 file(s) under ${join(out, NAIVE_DIR)}`);
    expect(filesUnder(out)).toEqual(['dot', 'json', 'svg', 'txt'].map((ext) => `${NAIVE_DIR}/mutual-exclusion.${ext}`));

    const file = JSON.parse(readFileSync(join(out, NAIVE_DIR, 'mutual-exclusion.json'), 'utf8'));
    expect(file).toMatchObject({
      format: 'ipc-check-trace',
      model: 'naiveLock(threads=2,atomic=false)',
      config: { threads: 2, atomic: false },
      property: { name: 'mutual exclusion', kind: 'always' },
      verdict: 'violated',
      actions: ['Check(t=0)', 'Check(t=1)', 'Acquire(t=0)', 'Acquire(t=1)'],
    });
    expect(readFileSync(join(out, NAIVE_DIR, 'mutual-exclusion.txt'), 'utf8')).toContain('Acquire(t=1)');
    expect(readFileSync(join(out, NAIVE_DIR, 'mutual-exclusion.dot'), 'utf8')).toMatch(/digraph/);
    expect(readFileSync(join(out, NAIVE_DIR, 'mutual-exclusion.svg'), 'utf8')).toContain('</svg>');
  });

  it('--no-svg writes the .txt, .json and .dot but no .svg', async () => {
    const out = tmpDir();
    const { code } = await runMain(['naiveLock', '--default', '--no-svg', '--out', out, '--no-progress']);
    expect(code).toBe(ExitCode.Violated);
    expect(filesUnder(out)).toEqual(['dot', 'json', 'txt'].map((ext) => `${NAIVE_DIR}/mutual-exclusion.${ext}`));
  });

  it('--witnesses also writes the witness of a sometimes property', async () => {
    const out = tmpDir();
    const { code, stdout } = await runMain(['naiveLock', '--default', '--witnesses', '--out', out, '--no-progress']);
    expect(code).toBe(ExitCode.Violated);
    expect(stdout).toContain('wrote 8 file(s)');
    expect(filesUnder(out)).toEqual(
      ['a-thread-enters', 'mutual-exclusion'].flatMap((base) => ['dot', 'json', 'svg', 'txt'].map((ext) => `${NAIVE_DIR}/${base}.${ext}`)),
    );
    const witness = JSON.parse(readFileSync(join(out, NAIVE_DIR, 'a-thread-enters.json'), 'utf8'));
    expect(witness).toMatchObject({ property: { name: 'a thread enters', kind: 'sometimes' }, verdict: 'witnessed' });
  });

  it('seL4 × rpcPool with a lost reply exits 3, prints the stuck client as a sequence chart and writes its .msc.txt and .msc.svg', async () => {
    const out = tmpDir();
    const { code, stdout } = await runMain(['seL4', '--workload', 'rpcPool', '--set', 'bug=lostReply', '--set', 'clients=1', '--out', out, '--no-progress']);
    expect(code).toBe(ExitCode.Deadlock);
    expect(stdout).toMatch(row('no client stuck forever', 'violated'));
    expect(stdout).toContain("'no client stuck forever' violated, as a sequence chart");
    expect(stdout).toContain('client 1 is blocked here and nothing that can happen from here unblocks it');
    expect(stdout).toMatch(/\|-+request 0-+>\|/);
    const dir = 'sel4-rpcpool-clients-1-servers-1-rounds-1-values-2-bug-lostreply';
    expect(filesUnder(out)).toEqual(
      ['deadlock-free', 'every-call-is-answered', 'no-client-stuck-forever'].flatMap((base) => ['dot', 'json', 'msc.svg', 'msc.txt', 'svg', 'txt'].map((ext) => `${dir}/${base}.${ext}`)),
    );
    expect(readFileSync(join(out, dir, 'no-client-stuck-forever.msc.svg'), 'utf8')).toContain('client 1');
  });

  it('naiveLock --set atomic=true exits 0 and writes nothing', async () => {
    const out = join(tmpDir(), 'out');
    const { code, stdout, stderr } = await runMain(['naiveLock', '--set', 'atomic=true', '--out', out, '--no-progress']);
    expect(code).toBe(ExitCode.Ok);
    expect(stderr).toBe('');
    expect(stdout).toMatch(row('mutual exclusion', 'holds'));
    expect(stdout).toContain('complete search: 3 distinct states');
    expect(stdout).not.toContain('wrote');
    expect(existsSync(out)).toBe(false);
  });

  it('dieHard --set target=6 exits 0', async () => {
    const { code, stdout } = await runMain(['dieHard', '--set', 'target=6', '--out', tmpDir(), '--no-progress']);
    expect(code).toBe(ExitCode.Ok);
    expect(stdout).toMatch(row('big jug never holds 6', 'holds'));
  });

  it('beemPhils exits 3 (a deadlock) and writes deadlock-free.*', async () => {
    const out = tmpDir();
    const { code, stdout } = await runMain(['beemPhils', '--default', '--out', out, '--no-progress']);
    expect(code).toBe(ExitCode.Deadlock);
    expect(stdout).toMatch(row('deadlock free', 'violated'));
    expect(stdout).toContain('<-- deadlock: no action is enabled');
    expect(filesUnder(out)).toEqual(['dot', 'json', 'svg', 'txt'].map((ext) => `beemphils-n-4/deadlock-free.${ext}`));
  });

  it('a search stopped by --max-states exits 7 and says INCOMPLETE with the reason', async () => {
    const out = join(tmpDir(), 'out');
    const { code, stdout } = await runMain(['dining', '--default', '--max-states', '5', '--out', out, '--no-progress']);
    expect(code).toBe(ExitCode.Incomplete);
    expect(stdout).toMatch(row('deadlock free', 'unknown'));
    expect(stdout).toContain('↳ search incomplete: stopped by maxStates');
    expect(stdout).toMatch(/^INCOMPLETE search \(stopped by maxStates; 5 states not expanded\): 5 distinct states,/m);
    expect(existsSync(out)).toBe(false);
  });

  it('a search stopped by --max-memory exits 7 and says INCOMPLETE with the reason', async () => {
    // Just above the least a check accepts: the search stores some states, then stops.
    const limit = String(minimumMemoryLimit() + 16 * 2 ** 20);
    const { code, stdout } = await runMain(['dining', '--set', 'n=12', '--set', 'lefty0=true', '--max-memory', limit, '--out', tmpDir(), '--no-progress']);
    expect(code).toBe(ExitCode.Incomplete);
    expect(stdout).toContain('↳ search incomplete: stopped by maxMemory');
    expect(stdout).toMatch(/^INCOMPLETE search \(stopped by maxMemory; [\d,]+ states not expanded\)/m);
  });

  it('says why a verdict of a complete search is unknown, in the table and in --json', async () => {
    const args = ['seL4.rpcPool', '--default', '--fingerprint', '--no-svg', '--out', tmpDir(), '--no-progress'];
    const text = await runMain(args);
    expect(text.code).toBe(ExitCode.Incomplete);
    expect(text.stdout).toContain("↳ 'no client stuck forever' unknown: no thread stuck forever is decided over the whole state graph, which needs a search in exact mode");
    const json = JSON.parse((await runMain([...args, '--json'])).stdout);
    expect(json.properties.find((p: { name: string }) => p.name === 'no client stuck forever')).toMatchObject({ status: 'unknown', reason: expect.stringContaining('needs a search in exact mode') });
  });

  it('a search stopped by --max-depth exits 7 and says which depth was not expanded', async () => {
    const { code, stdout } = await runMain(['dining', '--default', '--max-depth', '2', '--out', tmpDir(), '--no-progress']);
    expect(code).toBe(ExitCode.Incomplete);
    expect(stdout).toContain('↳ search incomplete: stopped by maxDepth');
    expect(stdout).toMatch(/^INCOMPLETE search \(stopped by maxDepth; states at depth 2 not expanded\): 6 distinct states, 6 generated, depth 2,/m);
  });

  it('a violation found before the bound stops the search still exits 1', async () => {
    const { code, stdout } = await runMain(['dieHard', '--default', '--max-depth', '7', '--out', tmpDir(), '--no-progress']);
    expect(code).toBe(ExitCode.Violated);
    expect(stdout).toMatch(row('big jug never holds 4', 'violated'));
    expect(stdout).toContain('INCOMPLETE search (stopped by maxDepth');
  });

  it('--json prints parseable JSON with the verdicts and the statistics (dieHard: 16 distinct, 97 generated, depth 8)', async () => {
    const { code, stdout, stderr } = await runMain(['dieHard', '--set', 'target=6', '--json', '--out', tmpDir(), '--no-progress']);
    expect(code).toBe(ExitCode.Ok);
    expect(stderr).toBe('');
    const json = JSON.parse(stdout);
    expect(json).toMatchObject({
      model: 'dieHard(small=3,big=5,target=6)',
      config: { small: 3, big: 5, target: 6 },
      ok: true,
      complete: true,
      stoppedBy: null,
      stats: { distinct: 16, generated: 97, depth: 8, queue: 0 },
      modelError: null,
      files: [],
    });
    expect(json.properties).toEqual([
      { name: 'type ok', kind: 'always', status: 'holds' },
      { name: 'big jug never holds 6', kind: 'always', status: 'holds' },
      { name: 'deadlock free', kind: 'deadlockFree', status: 'holds' },
    ]);
  });

  it('--json on a failing model lists the trace and the files written', async () => {
    const out = tmpDir();
    const { code, stdout } = await runMain(['dieHard', '--default', '--json', '--no-svg', '--out', out, '--no-progress']);
    expect(code).toBe(ExitCode.Violated);
    const json = JSON.parse(stdout);
    expect(json.stats).toMatchObject({ distinct: 16, generated: 97, depth: 8 });
    expect(json.properties[1]).toMatchObject({ name: 'big jug never holds 4', status: 'violated', traceStates: 7 });
    expect(json.files).toEqual(['txt', 'json', 'dot'].map((ext) => join(out, 'diehard-small-3-big-5-target-4', `big-jug-never-holds-4.${ext}`)));
  });
});

describe('--replay', () => {
  /** Writes naiveLock's counterexample into a fresh directory and returns the .json's path and contents. */
  async function recorded(): Promise<{ path: string; file: any }> {
    const out = tmpDir();
    expect((await runMain(['naiveLock', '--default', '--no-svg', '--out', out, '--no-progress'])).code).toBe(ExitCode.Violated);
    const path = join(out, NAIVE_DIR, 'mutual-exclusion.json');
    return { path, file: JSON.parse(readFileSync(path, 'utf8')) };
  }

  /** Writes `content` to a new file and returns its path. */
  function fileWith(name: string, content: string): string {
    const path = join(tmpDir(), name);
    writeFileSync(path, content);
    return path;
  }

  it('of a counterexample written by an earlier run exits 0 and reproduces every recorded state', async () => {
    const { path } = await recorded();
    const { code, stdout, stderr } = await runMain(['--replay', path, '--no-progress']);
    expect(code).toBe(ExitCode.Ok);
    expect(stderr).toBe('');
    expect(stdout).toContain(`replay of ${path}: naiveLock(threads=2,atomic=false), 'mutual exclusion' (violated)`);
    expect(stdout).toContain('Step 4: Acquire(t=1) → state 5');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('the replay reproduces every recorded state');
  });

  it('refuses --out, writing nothing: a replay writes no report', async () => {
    const { path } = await recorded();
    const out = join(tmpDir(), 'out');
    const { code, stdout, stderr } = await runMain(['--replay', path, '--out', out, '--no-progress']);
    expect(code).toBe(ExitCode.Usage);
    expect(stdout).toBe('');
    expect(stderr).toContain('so it would ignore --out: drop it');
    expect(existsSync(out)).toBe(false);
  });

  it('with --json prints that it matches; with the right model named it is the same', async () => {
    const { path } = await recorded();
    const json = await runMain(['--replay', path, '--json', '--no-progress']);
    expect(json.code).toBe(ExitCode.Ok);
    expect(JSON.parse(json.stdout)).toEqual({ model: 'naiveLock(threads=2,atomic=false)', replayed: true, matches: true, mismatch: null });
    expect((await runMain(['naiveLock', '--replay', path, '--no-progress'])).code).toBe(ExitCode.Ok);
  });

  it('of a tampered file (a recorded state edited) exits 8 and names the first differing state', async () => {
    const { file } = await recorded();
    file.states[2].pc[1] = 'idle';
    const path = fileWith('tampered.json', JSON.stringify(file));
    const { code, stdout } = await runMain(['--replay', path, '--no-progress']);
    expect(code).toBe(ExitCode.ReplayMismatch);
    expect(stdout).toContain(
      'the replay differs from the recorded states: state 3 (after step 2, Check(t=1)): recorded {"pc":["checked","idle"],"locked":false}, replayed {"pc":["checked","checked"],"locked":false}',
    );
  });

  it('of a file whose path has an action index out of range exits 8 (IPC003), not 0 or 70', async () => {
    const { file } = await recorded();
    file.path.actions[1] = 7;
    const path = fileWith('bad-index.json', JSON.stringify(file));
    const { code, stdout, stderr } = await runMain(['--replay', path, '--no-progress']);
    expect(code).toBe(ExitCode.ReplayMismatch);
    expect(stdout).toBe('');
    expect(stderr).toContain('IPC003: step 2: action index 7 is out of range, 2 action(s) are enabled');
  });

  it('of a non-JSON file exits 2', async () => {
    const path = fileWith('broken.json', '{ "format": ');
    const { code, stderr } = await runMain(['--replay', path, '--no-progress']);
    expect(code).toBe(ExitCode.Usage);
    expect(stderr).toMatch(/^ipc-check: .*broken\.json: not JSON: /);
  });

  it('of a JSON file that is not a trace exits 2', async () => {
    const path = fileWith('other.json', '{"hello": 1}');
    const { code, stderr } = await runMain(['--replay', path, '--no-progress']);
    expect(code).toBe(ExitCode.Usage);
    expect(stderr).toContain('not an ipc-check trace');
  });

  it('of a missing file exits 2', async () => {
    const path = join(tmpDir(), 'missing.json');
    const { code, stderr } = await runMain(['--replay', path, '--no-progress']);
    expect(code).toBe(ExitCode.Usage);
    expect(stderr).toContain(`cannot read --replay file '${path}'`);
  });

  it('of a trace of a model the registry does not have exits 2 and lists the valid models', async () => {
    const { file } = await recorded();
    file.model = 'nope(x=1)';
    const path = fileWith('unknown-model.json', JSON.stringify(file));
    const { code, stderr } = await runMain(['--replay', path, '--no-progress']);
    expect(code).toBe(ExitCode.Usage);
    expect(stderr).toContain(`no registry model is named 'nope(x=1)'`);
    for (const e of registry) expect(stderr).toContain(e.id);
  });
});

describe('--list and --help', () => {
  it('--list exits 0 and names every registry model, its parameters and its runs', async () => {
    const { code, stdout, stderr } = await runMain(['--list']);
    expect(code).toBe(ExitCode.Ok);
    expect(stderr).toBe('');
    for (const e of registry) {
      expect(stdout).toMatch(new RegExp(`^${e.id}: `, 'm'));
      for (const k of Object.keys(e.params)) expect(stdout).toContain(`--set ${k}=<`);
      expect(stdout).toContain(`runs: ${e.runs.map((r) => r.label).join(', ')}`);
    }
    expect(stdout).toContain('--set threads=<1..8>');
    expect(stdout).toContain('--set atomic=<true|false>');
    expect(stdout).toContain('--set bug=<none|commitOnFirstPrepared|abortAfterCommit>');
  });

  it('--help exits 0 and mentions every option', async () => {
    for (const flag of ['--help', '-h']) {
      const { code, stdout } = await runMain([flag]);
      expect(code).toBe(ExitCode.Ok);
      expect(stdout).toBe(USAGE + '\n');
      for (const option of ALL_OPTIONS) expect(stdout).toMatch(new RegExp(`^  ${option}\\b`, 'm'));
    }
  });
});

describe('the whole registry', () => {
  const runs = registry.reduce((n, e) => n + e.runs.length, 0);

  it('exits 0 and says every verdict is as the registry expects', async () => {
    const out = tmpDir();
    const { code, stdout, stderr } = await runMain(['--out', out, '--no-progress']);
    expect(code).toBe(ExitCode.Ok);
    expect(stderr).toBe('');
    expect(stdout).toContain(`${runs} model run(s)`);
    expect(stdout).toContain(`counterexamples under ${out}`);
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('every verdict is as the registry expects');
    expect(stdout).not.toContain('NO:');
    // One directory per failing run; none for a run whose every property passes.
    const dirs = [...new Set(filesUnder(out).map((f) => f.split('/')[0]))];
    expect(dirs).toContain(NAIVE_DIR);
    expect(dirs).not.toContain('naivelock-threads-2-atomic-true');
    // The survey's comparison, after the table: the fault inside an IPC is reachable only with long IPC.
    expect(stdout).toContain('Constrained vs unconstrained data movement');
    expect(stdout).toMatch(/message registers \(seL4, Fiasco\)\s+[\d,]+\s+\d+\s+unwitnessed\s+witnessed/);
    expect(stdout).toMatch(/long IPC \(L4 X\.2\)\s+[\d,]+\s+\d+\s+witnessed\s+witnessed/);
    // One matrix per workload, designs as rows: n/a where a design cannot express it, and the pairs too large for the default run named.
    expect(stdout).toContain('clients calling a pool of servers: rpcPool(clients=2,servers=1,rounds=1,values=2)');
    expect(stdout).toMatch(/^\s+seL4\s+1,371\s+holds/m);
    expect(stdout).toMatch(/^\s+L4\s+n\/a: signal ev, wait ev$/m);
    expect(stdout).toContain('not run by npm run check (more than 10^6 states): npm run check -- Xen.nestedServer');
    // The whole registry takes about 30 s on an idle machine: the bound only stops a hung run.
  }, 600_000);

  it('with a bound that stops every search exits 9 and lists what differs', async () => {
    const { code, stdout } = await runMain(['--max-states', '1', '--json', '--out', tmpDir(), '--no-progress']);
    expect(code).toBe(ExitCode.UnexpectedVerdict);
    const json = JSON.parse(stdout);
    expect(json.runs).toHaveLength(runs);
    expect(json.interrupted).toBe(false);
    expect(json.unexpected).toContain('dieHard(small=3,big=5,target=4): search incomplete (stopped by maxStates)');
  });
});

/* ---------------------------------------------------------------------------------------------- */
/* Exit codes of hand-made and tiny inline models: what `main` cannot reach through the registry.  */

const counterShape = record({ n: int(0, 999) });
type Counter = Infer<typeof counterShape>;
type Inc = { readonly kind: 'Inc' };
const INC: readonly Inc[] = [{ kind: 'Inc' }];

/** A counter from 0 up to `top` (a deadlock there), with overridable parts. */
function counter(top: number, parts: Partial<Model<Counter, Inc>> = {}): Model<Counter, Inc> {
  return defineModel<Counter, Inc>({
    name: `counter(top=${top})`,
    shape: counterShape,
    init: () => [{ n: 0 }],
    actions: (s) => (s.n < top ? INC : []),
    next: (s) => ({ n: s.n + 1 }),
    properties: [],
    ...parts,
  });
}

describe('exitCodeOf', () => {
  it('a model whose next throws is a model error (IPC001): 6', () => {
    const r = check(
      counter(5, {
        next: (s) => {
          if (s.n === 2) throw new Error('boom');
          return { n: s.n + 1 };
        },
        properties: [always('small', (s) => s.n < 4)],
      }),
    );
    expect(r.modelError?.code).toBe('IPC001');
    expect(exitCodeOf(r)).toBe(ExitCode.ModelError);
  });

  it('a model error wins over a violation found before it: 6', () => {
    const r = check(
      counter(5, {
        next: (s) => {
          if (s.n === 3) throw new Error('boom');
          return { n: s.n + 1 };
        },
        properties: [always('n < 2', (s) => s.n < 2)],
      }),
    );
    expect(r.verdicts['n < 2'].status).toBe('violated');
    expect(r.modelError?.code).toBe('IPC001');
    expect(exitCodeOf(r)).toBe(ExitCode.ModelError);
  });

  it('one code per kind of failure, from real checks', () => {
    const code = (top: number, properties: Model<Counter, Inc>['properties'], options = {}) => exitCodeOf(check(counter(top, { properties }), options));
    const passing = [always('n ≤ 999', (s: Counter) => s.n <= 999), deadlockFree<Counter>({ validEnd: () => true })];
    expect(code(3, passing)).toBe(ExitCode.Ok);
    expect(code(3, [always('n < 2', (s) => s.n < 2)])).toBe(ExitCode.Violated);
    expect(code(3, [step<Counter, Inc>('never reaches 2', (_s, _a, t) => t.n !== 2)])).toBe(ExitCode.Violated);
    expect(code(3, [deadlockFree()])).toBe(ExitCode.Deadlock);
    expect(code(3, [bounded('n ≤ 1', (s: Counter) => s.n, 1, 'steps')])).toBe(ExitCode.BoundExceeded);
    expect(code(3, [sometimes('n is 9', (s) => s.n === 9)])).toBe(ExitCode.Unwitnessed);
    expect(code(3, passing, { maxStates: 2 })).toBe(ExitCode.Incomplete);
    expect(code(3, passing, { maxDepth: 2 })).toBe(ExitCode.Incomplete);
  });

  it('the precedence of real failures: violated > deadlock > bound > unwitnessed > incomplete', () => {
    const code = (properties: Model<Counter, Inc>['properties'], options = {}) => exitCodeOf(check(counter(3, { properties }), options));
    const violated = always('n < 2', (s: Counter) => s.n < 2);
    const deadlock = deadlockFree<Counter>();
    const bound = bounded('n ≤ 1', (s: Counter) => s.n, 1, 'steps');
    const unwitnessed = sometimes('n is 9', (s: Counter) => s.n === 9);
    expect(code([unwitnessed, bound, deadlock, violated])).toBe(ExitCode.Violated);
    expect(code([unwitnessed, bound, deadlock])).toBe(ExitCode.Deadlock);
    expect(code([unwitnessed, bound])).toBe(ExitCode.BoundExceeded);
    expect(code([unwitnessed])).toBe(ExitCode.Unwitnessed);
    // A violation found before a bound stopped the search still counts.
    expect(code([violated], { maxStates: 3 })).toBe(ExitCode.Violated);
  });

  it('an interrupted check exits 130 even when it found a violation', () => {
    // shouldStop is polled every few hundred states, so the counter must be longer than that.
    const r = check(counter(999, { properties: [always('n < 2', (s) => s.n < 2)] }), { shouldStop: () => true });
    expect(r.stoppedBy).toBe('interrupted');
    expect(r.verdicts['n < 2'].status).toBe('violated');
    expect(exitCodeOf(r)).toBe(ExitCode.Interrupted);
  });

  it('follows the README order 130, 6, 1, 3, 5, 4, 7 when every kind of failure occurs at once', () => {
    const documented = /the code is the first of ([\d, ]+)\./.exec(readmeSection('### Exit codes'));
    expect(documented).not.toBeNull();
    const order = documented![1].split(', ').map(Number);
    expect(order).toEqual([130, 6, 1, 3, 5, 4, 7]);

    type Failure = 'interrupted' | 'modelError' | 'violated' | 'deadlock' | 'bound' | 'unwitnessed' | 'incomplete';
    const failures: Failure[] = ['interrupted', 'modelError', 'violated', 'deadlock', 'bound', 'unwitnessed', 'incomplete'];
    const base = check(counter(3));
    const prop = (name: string, kind: PropertyKind, status: Verdict<Counter, Inc>['status']): PropertyResult<Counter, Inc> => ({
      name,
      kind,
      verdict: { status } as Verdict<Counter, Inc>,
    });
    const resultWith = (present: readonly Failure[]): CheckResult<Counter, Inc> => {
      const has = (f: Failure) => present.includes(f);
      const complete = !has('interrupted') && !has('modelError') && !has('incomplete');
      return {
        ...base,
        ok: false,
        complete,
        stoppedBy: has('interrupted') ? 'interrupted' : has('modelError') ? 'modelError' : has('incomplete') ? 'maxStates' : undefined,
        modelError: has('modelError') ? { code: 'IPC001', message: 'next() threw: boom', phase: 'next' } : undefined,
        properties: [
          prop('a', 'always', has('violated') ? 'violated' : 'holds'),
          prop('d', 'deadlockFree', has('deadlock') ? 'violated' : 'holds'),
          prop('b', 'bounded', has('bound') ? 'unbounded' : 'holds'),
          prop('s', 'sometimes', has('unwitnessed') ? 'unwitnessed' : 'witnessed'),
        ],
      };
    };
    for (let i = 0; i < failures.length; i++) {
      expect(exitCodeOf(resultWith(failures.slice(i))), `with ${failures.slice(i).join(', ')}`).toBe(order[i]);
      // Each kind alone gives its own code.
      expect(exitCodeOf(resultWith([failures[i]])), `with only ${failures[i]}`).toBe(order[i]);
    }
    expect(exitCodeOf(resultWith([]))).toBe(ExitCode.Ok);
    // A bounded property violated without a growth witness is a bound failure too, and a step violation is a violation.
    expect(exitCodeOf({ ...resultWith([]), properties: [prop('b', 'bounded', 'violated')] })).toBe(ExitCode.BoundExceeded);
    expect(exitCodeOf({ ...resultWith([]), properties: [prop('t', 'step', 'violated')] })).toBe(ExitCode.Violated);
  });
});

/* ---------------------------------------------------------------------------------------------- */
/* A real process: the built bin entry.                                                            */

/** A progress line: `[model] N distinct, N generated, N states/s, queue N, depth N, Ns`. */
const PROGRESS_LINE = /^\[dining\(n=12,lefty0=true\)\] [\d,]+ distinct, [\d,]+ generated, [\d,]+ states\/s, queue [\d,]+, depth \d+, \d+s$/;

/** A model run that takes several seconds (about 4·10^6 states). */
const LONG_RUN = ['dining', '--set', 'n=12', '--set', 'lefty0=true'];

describe('the bin entry (a real process)', () => {
  // dist/ is built once by the global setup (test/setup/build.ts).
  it('exits with the code main returns', async () => {
    const out = tmpDir();
    const [violated, usage, ok, replayMissing] = await Promise.all([
      spawnCli(['naiveLock', '--default', '--no-svg', '--no-progress', '--out', out]).done,
      spawnCli(['nope', '--out', join(out, 'never')]).done,
      spawnCli(['dieHard', '--set', 'target=6', '--no-progress', '--out', out]).done,
      spawnCli(['--replay', join(out, 'missing.json')]).done,
    ]);
    expect(violated.code).toBe(ExitCode.Violated);
    expect(usage.code).toBe(ExitCode.Usage);
    expect(usage.stderr).toContain("unknown model 'nope'");
    expect(ok.code).toBe(ExitCode.Ok);
    expect(replayMissing.code).toBe(ExitCode.Usage);
    expect(filesUnder(out)).toEqual(['dot', 'json', 'txt'].map((ext) => `${NAIVE_DIR}/mutual-exclusion.${ext}`));
  }, 120_000);

  it('--workers 2 gives the one-worker counts and verdicts, and says how many workers searched', async () => {
    const out = tmpDir();
    const [one, two] = await Promise.all([
      spawnCli(['twoPhase', '--set', 'bug=abortAfterCommit', '--no-svg', '--no-progress', '--json', '--out', join(out, '1')]).done,
      spawnCli(['twoPhase', '--set', 'bug=abortAfterCommit', '--no-svg', '--no-progress', '--json', '--workers', '2', '--out', join(out, '2')]).done,
    ]);
    expect(one.code).toBe(ExitCode.Violated);
    expect(two.code).toBe(ExitCode.Violated);
    const a = JSON.parse(one.stdout);
    const b = JSON.parse(two.stdout);
    expect([b.stats.distinct, b.stats.generated, b.stats.depth]).toEqual([a.stats.distinct, a.stats.generated, a.stats.depth]);
    expect(b.stats.workers).toBe(2);
    const outline = (r: { properties: { name: string; status: string; traceStates?: number }[] }) => r.properties.map((p) => [p.name, p.status, p.traceStates]);
    expect(outline(b)).toEqual(outline(a));
    const text = await spawnCli(['dieHard', '--default', '--workers', '2', '--no-svg', '--no-progress', '--out', join(out, '3')]).done;
    expect(text.stdout).toMatch(/^complete search with 2 workers: 16 distinct states, 97 generated, depth 8,/m);
    expect(text.stdout).not.toContain('deciding neverStuck');
  }, 120_000);

  it('says how long deciding neverStuck and liveness took after the search, apart from the search time', async () => {
    const out = tmpDir();
    const run = await spawnCli(['seL4.rpcPool', '--default', '--no-svg', '--no-progress', '--out', out]).done;
    expect(run.code).toBe(ExitCode.Ok);
    expect(run.stdout).toMatch(/^complete search: .*exact state storage, no hash collisions possible; then \d+\.\d\ds deciding neverStuck and liveness over the whole state graph$/m);
  }, 120_000);

  it('without --out writes under counterexamples/out of the working directory', async () => {
    const cwd = tmpDir();
    const run = await spawnCli(['naiveLock', '--default', '--no-svg', '--no-progress'], cwd).done;
    expect(run.code).toBe(ExitCode.Violated);
    expect(filesUnder(cwd)).toEqual(['dot', 'json', 'txt'].map((ext) => `counterexamples/out/${NAIVE_DIR}/mutual-exclusion.${ext}`));
  }, 120_000);

  it('Ctrl-C stops the search cleanly: exit 130, the statistics so far marked INCOMPLETE, only whole files; progress lines on stderr at most once a second', async () => {
    const out = tmpDir();
    const cli = spawnCli([...LONG_RUN, '--witnesses', '--out', out]);
    await waitFor(() => cli.stderrSoFar().split('\n').some((l) => PROGRESS_LINE.test(l)), 60_000);
    cli.child.kill('SIGINT');
    const run = await cli.done;

    expect(run.signal).toBeNull();
    expect(run.code).toBe(ExitCode.Interrupted);
    expect(run.stdout).toMatch(row('deadlock free', 'unknown'));
    expect(run.stdout).toContain('↳ search incomplete: stopped by interrupted');
    expect(run.stdout).toMatch(/^INCOMPLETE search \(stopped by interrupted; [\d,]+ states not expanded\): [\d,]+ distinct states/m);
    expect(run.stderr).toContain('ipc-check: interrupted; stopping the search and printing the statistics so far');

    // Progress goes to stderr only, at most about once a second.
    const progress = run.stderr.split('\n').filter((l) => l.startsWith('['));
    for (const l of progress) expect(l).toMatch(PROGRESS_LINE);
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(progress.length).toBeLessThanOrEqual(Math.floor(run.elapsedMs / 1000) + 1);
    expect(run.stdout).not.toMatch(/states\/s, queue/);

    // The witness found before the interrupt is written, each file whole; no temporary file is left.
    const files = filesUnder(out);
    expect(files).toEqual(['dot', 'json', 'svg', 'txt'].map((ext) => `dining-n-12-lefty0-true/someone-eats.${ext}`));
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const read = (ext: string) => readFileSync(join(out, 'dining-n-12-lefty0-true', `someone-eats.${ext}`), 'utf8');
    expect(JSON.parse(read('json'))).toMatchObject({ format: 'ipc-check-trace', verdict: 'witnessed' });
    expect(read('txt').endsWith('\n')).toBe(true);
    expect(read('dot').trimEnd().endsWith('}')).toBe(true);
    expect(read('svg').trimEnd().endsWith('</svg>')).toBe(true);
  }, 120_000);

  it('--time-limit stops a long run with exit 7; progress stays off stdout (so --json parses) and --no-progress silences it', async () => {
    const [withProgress, quiet] = await Promise.all([
      spawnCli([...LONG_RUN, '--time-limit', '3', '--json', '--out', tmpDir()]).done,
      spawnCli([...LONG_RUN, '--time-limit', '2', '--no-progress', '--out', tmpDir()]).done,
    ]);

    expect(withProgress.code).toBe(ExitCode.Incomplete);
    const json = JSON.parse(withProgress.stdout);
    expect(json).toMatchObject({ complete: false, stoppedBy: 'timeLimit', ok: false });
    const lines = withProgress.stderr.trimEnd().split('\n');
    expect(lines.length).toBeGreaterThanOrEqual(1);
    for (const l of lines) expect(l).toMatch(PROGRESS_LINE);
    expect(lines.length).toBeLessThanOrEqual(Math.floor(withProgress.elapsedMs / 1000) + 1);

    expect(quiet.code).toBe(ExitCode.Incomplete);
    expect(quiet.stderr).toBe('');
    expect(quiet.stdout).toContain('INCOMPLETE search (stopped by timeLimit;');
  }, 120_000);
});

describe('a model module outside the registry', () => {
  /** Writes a module that exports naive locks built from the compiled package, and returns its path. */
  const moduleWith = (body: string): string => {
    const path = join(tmpDir(), 'model.mjs');
    const lock = new URL('../../dist/model/examples/naiveLock.js', import.meta.url).href;
    writeFileSync(path, `import { naiveLock } from '${lock}';\n${body}\n`);
    return path;
  };

  it('checks the model a module exports by default, by its path, and exits as the verdicts say', async () => {
    const out = tmpDir();
    const { code, stdout } = await runMain([moduleWith('export default naiveLock({ threads: 2, atomic: false });'), '--out', out, '--no-progress']);
    expect(code).toBe(ExitCode.Violated);
    expect(stdout).toMatch(row('mutual exclusion', 'violated'));
    expect(filesUnder(out)).toContain(`${NAIVE_DIR}/mutual-exclusion.txt`);
  });

  it('builds the model from an exported function, with two workers too', async () => {
    const path = moduleWith('export const atomic = () => naiveLock({ threads: 3, atomic: true });');
    const one = await runMain([path, '--no-progress', '--out', tmpDir()]);
    // Workers load compiled code: the command line runs as a process here.
    const two = await spawnCli([path, '--workers', '2', '--no-progress', '--out', tmpDir()]).done;
    expect([one.code, two.code]).toEqual([ExitCode.Ok, ExitCode.Ok]);
    expect(two.stdout).toMatch(/complete search with 2 workers: /);
  }, 120_000);

  it('asks which export when a module has several models, and refuses --set', async () => {
    const path = moduleWith('export const a = naiveLock({ threads: 2, atomic: true });\nexport const b = () => naiveLock({ threads: 3, atomic: true });');
    const several = await runMain([path, '--no-progress']);
    expect(several.code).toBe(ExitCode.Usage);
    expect(several.stderr).toContain('exports several models (a, b): choose one with --export NAME');
    expect((await runMain([path, '--export', 'b', '--no-progress', '--out', tmpDir()])).code).toBe(ExitCode.Ok);
    const withSet = await runMain([path, '--set', 'threads=2']);
    expect(withSet.code).toBe(ExitCode.Usage);
    expect(withSet.stderr).toContain('--set configures registry models');
  });
});

describe('one model\'s registered runs', () => {
  it('a model named alone checks each of its runs against the registry\'s verdicts and exits 0 when all are as expected', async () => {
    const { code, stdout } = await runMain(['seL4.rpcPool', '--out', tmpDir(), '--no-progress', '--no-svg']);
    expect(code).toBe(ExitCode.Ok);
    const runs = registry.find((e) => e.id === 'seL4.rpcPool')!.runs.length;
    expect(stdout).toContain(`${runs} model run(s)`);
    expect(stdout).toContain('seL4 × rpcPool(clients=2,servers=1,rounds=1,values=2,bug=lostReply)');
    expect(stdout.trimEnd().split('\n').at(-1)).toBe('every verdict is as the registry expects');
    // The whole-registry tables are not printed for one entry.
    expect(stdout).not.toContain('Constrained vs unconstrained');
  });

  it('the same pair named as a design and a workload checks the same runs', async () => {
    const named = await runMain(['seL4', '--workload', 'rpcPool', '--out', tmpDir(), '--no-progress', '--no-svg', '--json']);
    expect(named.code).toBe(ExitCode.Ok);
    const runs = JSON.parse(named.stdout).runs as { entry: string; run: string }[];
    expect(runs.map((r) => r.run)).toEqual(registry.find((e) => e.id === 'seL4.rpcPool')!.runs.map((r) => r.label));
  });

  it('a registered run whose verdict differs from the registry\'s exits with Unexpected and names the property', async () => {
    const out = tmpDir();
    // naiveLock's registry expects 'mutual exclusion' violated at atomic=false; a one-state bound leaves it unknown.
    const { code, stdout } = await runMain(['naiveLock', '--max-states', '1', '--out', out, '--no-progress', '--no-svg']);
    expect(code).toBe(ExitCode.UnexpectedVerdict);
    expect(stdout).toContain("naiveLock(threads=2,atomic=false) 'mutual exclusion': unknown, expected violated");
  });

  it('--default checks only the default configuration in detail; without a model, or with --set, it is a usage error that says why', async () => {
    const one = await runMain(['naiveLock', '--default', '--out', tmpDir(), '--no-progress', '--no-svg']);
    expect(one.code).toBe(ExitCode.Violated);
    expect(one.stdout).toMatch(/^complete search: 13 distinct states, 25 generated, depth 7/m);
    expect(one.stdout).not.toContain('model run(s)');
    expect((await runMain(['--default'])).stderr).toContain('--default checks one model');
    expect((await runMain(['naiveLock', '--default', '--set', 'atomic=true'])).stderr).toContain('--default checks the default configuration: drop --set');
  });
});
