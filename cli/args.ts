/**
 * Command-line parsing: argv in, a typed command or a one-line usage error out. Nothing here
 * touches the file system, so a bad command line writes nothing.
 */
import { defaultMemoryLimit, memoryLimitProblem, parseByteSize } from '../checker/memory.js';
import { expectedTableStates } from '../checker/expectedStates.js';
import { firstTableBits } from '../checker/parallel/sharedStateStore.js';
import { tableBitsFor } from '../checker/stateStore.js';
import type { Config } from '../model/core/model.js';
import { parseParam, type RegistryEntry } from '../registry/entry.js';
import { parseExploreArgs } from './exploreArgs.js';
import type { ExploreRequest } from '../explore/request.js';
import { ArgReader } from './argReader.js';

/**
 * Options shared by every command, parsed from the flags (`--max-states`, `--json`, `--out`, …).
 *
 * @example
 * const options: RunOptions = { maxStates: 100_000, workers: 1, fingerprint: false, json: false, witnesses: false, svg: true, progress: true };
 */
export interface RunOptions {
  /** Symmetry reduction: one state per orbit of the model's declared symmetry (one configuration, one worker, exact mode). */
  readonly symmetry?: boolean;
  readonly maxStates?: number;
  /** Size the exact store's table for this many states up front (a previous run's count). */
  readonly expectedStates?: number;
  /** Worker threads; 1 runs the one-worker search in the main thread. */
  readonly workers: number;
  /** Store states as 64-bit fingerprints (TLC's default) instead of exactly. */
  readonly fingerprint: boolean;
  /** Stop cleanly before resident memory passes this many bytes. */
  readonly maxMemoryBytes?: number;
  readonly maxDepth?: number;
  readonly timeLimitMs?: number;
  readonly json: boolean;
  readonly outDir?: string;
  /** Also write the traces of witnessed `sometimes` properties. */
  readonly witnesses: boolean;
  /** Render SVG beside each DOT file (default on). */
  readonly svg: boolean;
  /** Show progress on stderr (default on). */
  readonly progress: boolean;
}

/**
 * What the user asked for.
 *
 * @example
 * parseArgs(['dieHard', '--set', 'big=7'], registry);
 * // { ok: true, command: { kind: 'one', entry: dieHardEntry, config: { small: 3, big: 7, target: 4 }, options } }
 */
export type Command =
  | { readonly kind: 'all'; readonly options: RunOptions }
  | { readonly kind: 'one'; readonly entry: RegistryEntry; readonly config: Config; readonly setKeys: readonly string[]; readonly options: RunOptions }
  | { readonly kind: 'replay'; readonly file: string; readonly entry?: RegistryEntry; readonly options: RunOptions }
  | { readonly kind: 'runs'; readonly entry: RegistryEntry; readonly options: RunOptions }
  | { readonly kind: 'module'; readonly path: string; readonly exportName?: string; readonly options: RunOptions }
  | { readonly kind: 'matrix'; readonly workload: string; readonly sets: readonly (readonly [string, string])[]; readonly options: RunOptions }
  | { readonly kind: 'explore'; readonly request: ExploreRequest }
  | { readonly kind: 'list' }
  | { readonly kind: 'help' };

/**
 * The usage text printed by `--help`: the command forms and every option.
 *
 * @example
 * console.log(USAGE); // usage: ipc-check [<model>] [options] …
 */
export const USAGE = `usage: ipc-check [<model>] [options]        (npm run check -- [<model>] [options])

  no <model>            check every registry model and configuration against its expected verdicts
  <model>               check the model's registered runs (its default configuration and seeded bugs) against the
                        verdicts the registry expects; with --set or --default, one configuration in detail (see --list)
  <path>.ts | <path>.js check the model a module of your own exports (its default export, or --export NAME):
                        a Model value or a function that returns one (TypeScript is transpiled as it loads)
  <design> --workload W check workload W running on design D (e.g. seL4 --workload rpcPool; same as <model> seL4.rpcPool)
  explore <model> [--set key=value] | explore <path>.ts [--export NAME] | explore --trace FILE.json
                        step through a model in the browser: a page on 127.0.0.1 (the address is printed) until
                        Ctrl-C; --trace opens a counterexample .json at its last (violating) step

options:
  --set key=value       set a model parameter (repeatable)
  --max-states N        stop after N distinct states (the result is then incomplete)
  --expect-states N     size the exact store's table for N states up front (a previous run's count), so the
                        search never stops to grow it; the result is the same
  --max-depth N         do not expand states at depth N (initial states are at depth 1)
  --time-limit S        stop after S seconds
  --workers N           search with N worker threads (default 1; same counts and verdicts, level by level)
  --fingerprint         store 64-bit fingerprints instead of whole states (less memory; TLC's collision estimate is printed)
  --symmetry            symmetry reduction: one state per orbit of the model's interchangeable threads (derived for
                        designs × workloads; one configuration, one worker, exact mode; neverStuck and liveness are
                        then left unknown)
  --max-memory SIZE     stop cleanly before using SIZE of memory (bytes, or 512M, 8G; default 3/4 of RAM)
  --json                print the result as JSON on stdout instead of the table
  --out DIR             write counterexamples under DIR (default counterexamples/out)
  --witnesses           also write the traces of witnessed 'sometimes' properties
  --no-svg              write .txt, .json and .dot but no .svg
  --no-progress         no progress lines on stderr
  --replay FILE         replay a counterexample .json written by an earlier run
  --default             with <model>: check only its default configuration, in detail (as --set does for another)
  --workload W          with a design as <model>: check workload W on it (the pair <design>.W)
  --matrix W            check workload W on every design that can express it and print its matrix
  --export NAME         with <path>.ts or <path>.js: the export that holds the model
  --list                list the models, designs and workloads and their parameters
  --help                this text`;

type ParseResult = { ok: true; command: Command } | { ok: false; error: string };

function positiveInt(flag: string, value: string | undefined): number | string {
  if (value === undefined) return `${flag} needs a value: a whole number ≥ 1`;
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    return `${flag} ${value}: expected a whole number ≥ 1`;
  }
  return Number(value);
}

const FLAGS = ['--set', '--max-states', '--expect-states', '--max-depth', '--time-limit', '--max-memory', '--workers', '--fingerprint', '--symmetry', '--json', '--out', '--witnesses', '--no-svg', '--no-progress', '--replay', '--workload', '--matrix', '--export', '--default', '--list', '--help'];

/** The options that take no value. */
const SWITCHES = ['--fingerprint', '--symmetry', '--json', '--witnesses', '--no-svg', '--no-progress', '--default', '--list', '--help'];

/**
 * Parses the arguments after the program name.
 *
 * @example
 * parseArgs(['--max-states', 'x'], registry); // { ok: false, error: '--max-states x: expected a whole number ≥ 1' }
 */
export function parseArgs(argv: readonly string[], registry: readonly RegistryEntry[]): ParseResult {
  if (argv[0] === 'explore') {
    const explore = parseExploreArgs(argv.slice(1), registry);
    return !explore.ok ? explore : 'help' in explore ? { ok: true, command: { kind: 'help' } } : { ok: true, command: { kind: 'explore', request: explore.request } };
  }
  const parsed = parseCommand(argv, registry);
  if (!parsed.ok || !('options' in parsed.command)) return parsed;
  const expected = parsed.command.options.expectedStates;
  if (expected !== undefined) {
    const { options, kind } = parsed.command;
    if (kind !== 'one' && kind !== 'module') {
      return { ok: false, error: `--expect-states sizes the table of one search: name one configuration with --default or --set (e.g. npm run check -- l4Ipc --default --expect-states ${expected})` };
    }
    if (options.fingerprint) return { ok: false, error: '--expect-states sizes the exact store, and --fingerprint grows its table a segment at a time: drop --fingerprint or --expect-states' };
    const workers = options.workers;
    try {
      expectedTableStates(options, options.maxMemoryBytes ?? defaultMemoryLimit(), workers > 1 ? (n) => firstTableBits(n, workers) : tableBitsFor);
    } catch (e) {
      return { ok: false, error: `--expect-states ${expected}: ${(e as Error).message.replace(/^expectedStates \d+: /, '')}` };
    }
  }
  if (!parsed.command.options.symmetry) return parsed;
  const { command } = parsed;
  const options = command.options;
  if (options.workers > 1) return { ok: false, error: `--symmetry works with one worker: drop --workers ${options.workers} or --symmetry` };
  if (options.fingerprint) return { ok: false, error: '--symmetry works in exact mode: drop --fingerprint or --symmetry' };
  if (command.kind !== 'one' && command.kind !== 'module') {
    return { ok: false, error: '--symmetry checks one configuration in detail: name a model with --default or --set (e.g. npm run check -- serverPool --default --symmetry)' };
  }
  return parsed;
}

/** Options that shape a search or its report, which --replay (no search, no report) would ignore; --expect-states and --symmetry have messages of their own. */
const SEARCH_ONLY = ['--max-states', '--max-depth', '--time-limit', '--max-memory', '--workers', '--fingerprint', '--witnesses', '--out'];

function parseCommand(argv: readonly string[], registry: readonly RegistryEntry[]): ParseResult {
  let model: string | undefined;
  const sets: [string, string][] = [];
  let maxStates: number | undefined;
  let expectedStates: number | undefined;
  let maxMemoryBytes: number | undefined;
  let fingerprint = false;
  let symmetry = false;
  let workers = 1;
  let maxDepth: number | undefined;
  let timeLimitMs: number | undefined;
  let json = false;
  let outDir: string | undefined;
  let witnesses = false;
  let svg = true;
  let progress = true;
  let replayFile: string | undefined;
  let list = false;
  let workload: string | undefined;
  let matrix: string | undefined;
  let exportName: string | undefined;
  let defaultOnly = false;
  /** The options given, for refusing those a command would ignore. */
  const given = new Set<string>();
  for (const at = new ArgReader(argv); at.next(); ) {
    const { raw, arg, inline } = at;
    if (arg.startsWith('--')) given.add(arg);
    const takeValue = () => at.value();
    // Switches take no value: `--witnesses=false` must not silently turn witnesses on.
    if (inline !== undefined && SWITCHES.includes(arg)) return { ok: false, error: `${arg} takes no value, got '${raw}'` };
    switch (arg) {
      case '--help':
      case '-h':
        return { ok: true, command: { kind: 'help' } };
      case '--list':
        list = true;
        break;
      case '--default':
        defaultOnly = true;
        break;
      case '--set': {
        const kv = takeValue();
        if (kv === undefined || !kv.includes('=')) return { ok: false, error: `--set needs key=value, got ${kv === undefined ? 'nothing' : `'${kv}'`}` };
        const k = kv.slice(0, kv.indexOf('='));
        sets.push([k, kv.slice(kv.indexOf('=') + 1)]);
        break;
      }
      case '--max-states':
      case '--expect-states':
      case '--max-depth':
      case '--time-limit':
      case '--workers': {
        const v = positiveInt(arg, takeValue());
        if (typeof v === 'string') return { ok: false, error: v };
        if (arg === '--max-states') maxStates = v;
        else if (arg === '--expect-states') expectedStates = v;
        else if (arg === '--max-depth') maxDepth = v;
        else if (arg === '--workers') {
          if (v > 64) return { ok: false, error: `--workers ${v}: at most 64 worker threads` };
          workers = v;
        } else timeLimitMs = v * 1000;
        break;
      }
      case '--max-memory': {
        const v = takeValue();
        const bytes = v === undefined ? undefined : parseByteSize(v);
        if (bytes === undefined) {
          return { ok: false, error: `--max-memory ${v ?? ''}: expected a size such as 2000000000, 512M or 8G`.replace('  ', ' ') };
        }
        const tooLow = memoryLimitProblem(bytes);
        if (tooLow !== undefined) return { ok: false, error: `--max-memory ${v}: ${tooLow}` };
        maxMemoryBytes = bytes;
        break;
      }
      case '--fingerprint':
        fingerprint = true;
        break;
      case '--symmetry':
        symmetry = true;
        break;
      case '--json':
        json = true;
        break;
      case '--witnesses':
        witnesses = true;
        break;
      case '--no-svg':
        svg = false;
        break;
      case '--no-progress':
        progress = false;
        break;
      case '--workload':
      case '--matrix': {
        const v = takeValue();
        if (v === undefined || v === '') return { ok: false, error: `${arg} needs a workload name; see --list` };
        if (arg === '--workload') workload = v;
        else matrix = v;
        break;
      }
      case '--export': {
        const v = takeValue();
        if (v === undefined || v === '') return { ok: false, error: '--export needs the name of an export of your model module' };
        exportName = v;
        break;
      }
      case '--out':
      case '--replay': {
        const v = takeValue();
        if (v === undefined || v === '') return { ok: false, error: `${arg} needs a path` };
        if (arg === '--out') outDir = v;
        else replayFile = v;
        break;
      }
      default:
        if (arg.startsWith('-')) return { ok: false, error: `unknown option '${raw}'; valid options: ${FLAGS.join(', ')}` };
        if (model !== undefined) return { ok: false, error: `unexpected argument '${raw}': give at most one model (already '${model}')` };
        model = raw;
    }
  }
  if (list) return { ok: true, command: { kind: 'list' } };
  const options: RunOptions = { maxStates, ...(expectedStates !== undefined ? { expectedStates } : {}), maxDepth, timeLimitMs, maxMemoryBytes, workers, fingerprint, ...(symmetry ? { symmetry } : {}), json, outDir, witnesses, svg, progress };
  // A path to a module of the user's own (anything with a slash or a .js/.mjs/.ts/.mts/.cts ending) rather than a registry name.
  if (model !== undefined && (model.includes('/') || /\.(m?js|[mc]?ts)$/.test(model))) {
    if (sets.length > 0) return { ok: false, error: `--set configures registry models; the model of ${model} is built by its own module (export a function with your settings)` };
    if (replayFile !== undefined || workload !== undefined || matrix !== undefined) return { ok: false, error: `${model} is a module path: --replay, --workload and --matrix take registry names` };
    return { ok: true, command: { kind: 'module', path: model, exportName, options } };
  }
  if (exportName !== undefined) return { ok: false, error: '--export goes with a model module path: npm run check -- ./path/to/model.js --export NAME' };
  if (matrix !== undefined) {
    if (model !== undefined) return { ok: false, error: `--matrix runs every design; drop '${model}' (or check one pair: ${model} --workload ${matrix})` };
    return { ok: true, command: { kind: 'matrix', workload: matrix, sets, options } };
  }
  if (workload !== undefined) {
    if (model === undefined) return { ok: false, error: `--workload needs a design: npm run check -- <design> --workload ${workload} (or --matrix ${workload} for every design)` };
    const pair = `${model}.${workload}`;
    const found = registry.find((e) => e.id.toLowerCase() === pair.toLowerCase());
    if (!found) {
      const pairs = registry.filter((e) => e.id.includes('.')).map((e) => e.id);
      return { ok: false, error: `no design × workload '${pair}': either the design or the workload is unknown, or the design cannot express the workload; valid pairs: ${pairs.join(', ')}` };
    }
    model = found.id;
  }
  let entry: RegistryEntry | undefined;
  if (model !== undefined) {
    entry = registry.find((e) => e.id === model) ?? registry.find((e) => e.id.toLowerCase() === model!.toLowerCase());
    if (!entry) return { ok: false, error: `unknown model '${model}'; valid models: ${registry.map((e) => e.id).join(', ')}` };
  }
  if (defaultOnly) {
    if (!entry) return { ok: false, error: '--default checks one model\'s default configuration: npm run check -- <model> --default' };
    if (sets.length > 0 || replayFile !== undefined) return { ok: false, error: '--default checks the default configuration: drop --set and --replay (--set alone checks one configuration in detail)' };
  }
  if (replayFile !== undefined) {
    if (sets.length > 0) return { ok: false, error: '--replay takes the configuration from the file: drop --set' };
    if (expectedStates !== undefined) return { ok: false, error: '--replay replays a trace without searching, so it has no table to size: drop --expect-states' };
    if (symmetry) return { ok: false, error: '--replay replays a trace through the model as it is (a trace found under --symmetry is concrete already): drop --symmetry' };
    const ignored = SEARCH_ONLY.filter((f) => given.has(f));
    if (ignored.length > 0) return { ok: false, error: `--replay replays the file's trace without searching or writing a report, so it would ignore ${ignored.join(', ')}: drop ${ignored.length > 1 ? 'them' : 'it'}` };
    return { ok: true, command: { kind: 'replay', file: replayFile, entry, options } };
  }
  if (!entry) {
    if (sets.length > 0) return { ok: false, error: `--set needs a model: npm run check -- <model> --set ${sets[0][0]}=${sets[0][1]}` };
    return { ok: true, command: { kind: 'all', options } };
  }
  // A model named alone checks its registered runs against their expectations, as `npm run check` does for all.
  if (sets.length === 0 && !defaultOnly && entry.runs.length > 0) return { ok: true, command: { kind: 'runs', entry, options } };
  const config: Record<string, Config[string]> = { ...entry.defaults };
  for (const [k, v] of sets) {
    const parsed = parseParam(entry, k, v);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    config[k] = parsed.value;
  }
  return { ok: true, command: { kind: 'one', entry, config, setKeys: sets.map(([k]) => k), options } };
}
