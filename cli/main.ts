/**
 * The ipc-check command line: `npm run check` checks the whole registry against its expected
 * verdicts; `npm run check -- <model> [options]` checks one model. The only module besides the
 * counterexample writer that prints, writes files or exits.
 */
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { match } from 'ts-pattern';
import type { Action, AnyModel, Config } from '../model/core/model.js';
import { groupsProblem } from '../checker/symmetry/permutations.js';
import { registry, registrySpec } from '../registry/index.js';
import type { RegistryEntry, RegistryRun } from '../registry/entry.js';
import { checkAsync } from '../checker/check.js';
import { checkParallel } from '../checker/parallel/checkParallel.js';
import type { ModelSpec } from '../checker/parallel/modelSpec.js';
import type { CheckResult, PropertyResult } from '../checker/result.js';
import { textReport, textTrace } from '../counterexamples/text.js';
import { traceToSequenceText } from '../counterexamples/msc.js';
import { chartHighlight, planCounterexamples, slug } from '../counterexamples/write.js';
import { chooseTempDir, noTempDirMessage } from '../checker/tempFile.js';
import { notWrittenLine, PlanWriter } from './writeResults.js';
import { parseTraceJson, replayJson } from '../counterexamples/json.js';
import { parseArgs, USAGE, type Command, type RunOptions } from './args.js';
import { ExitCode, exitCodeOf, type ExitCodeValue } from './exitCodes.js';
import { progressPrinter } from './progress.js';
import { resultSummary } from './summary.js';
import { formatCount, statisticsLines, tableHeader, tableLayout, tableRows } from './table.js';
import { describeThrown } from '../checker/errors.js';
import { loadModelModule } from '../checker/moduleImport/loadModelModule.js';
import { comparisons } from '../registry/comparisons.js';
import { comparisonText } from './comparison.js';
import { designs, workloads, type DesignEntry } from '../registry/designs.js';
import { SKIPPED } from '../registry/entries/designWorkloads.js';
import { compose, designInvariantNames, inexpressible } from '../model/compose/compose.js';
import type { Workload } from '../model/workloads/workload.js';
import { parseParam } from '../registry/entry.js';
import { matrixText, type MatrixRow } from './matrix.js';
import { runExplore } from '../explore/command.js';
import { runReportHtml, type ReportedRun } from './runReport.js';
import { writeRunReport } from './writeRunReport.js';
import { FileWriteError } from '../counterexamples/writeSafely.js';
import { ModelDefinitionError } from '../model/core/definitionError.js';

const out = (text: string) => process.stdout.write(text + '\n');
const err = (text: string) => process.stderr.write(text + '\n');

let interrupted = false;
/** Whether the command running is `ipc-check explore` (a stop signal then stops its server). */
let exploring = false;
/** What the first stop signal stops, for the line the command prints when it gets one. */
let stopping = '';

/**
 * What the first stop signal stopped, as the command says it on standard error.
 *
 * @example
 * if (requestInterrupt()) process.stderr.write(`ipc-check: interrupted; ${whatStops()}\n`);
 */
export function whatStops(): string {
  return stopping;
}

/** Settles at the first Ctrl-C or SIGTERM: `ipc-check explore` serves until then. */
let stopExplorer: () => void = () => {};
const explorerStopped = new Promise<void>((resolve) => (stopExplorer = resolve));

/**
 * Asks the running check to stop at its next slice; returns false when it had been asked already.
 *
 * @example
 * process.on('SIGINT', () => { if (!requestInterrupt()) process.exit(130); });
 */
export function requestInterrupt(): boolean {
  stopping = exploring ? 'stopping the explorer' : 'stopping the search and printing the statistics so far';
  const first = !interrupted;
  interrupted = true;
  stopExplorer();
  return first;
}

/** `ipc-check explore`: serves the explorer until the first stop signal. */
async function explore(request: Parameters<typeof runExplore>[0]): Promise<ExitCodeValue> {
  exploring = true;
  return (await runExplore(request, registry, { out, err, stop: explorerStopped })) === 'usage' ? ExitCode.Usage : ExitCode.Interrupted;
}

/** Why a model could not be built: a configuration its factory rejects (a usage error), or a model definition rejected before any search (a model error). */
interface BuildFailure {
  readonly message: string;
  readonly definition: boolean;
}

/** Builds a model from an entry and a configuration, or says why it cannot be built. */
function build(entry: RegistryEntry, config: Config): AnyModel | BuildFailure {
  try {
    return entry.make(config);
  } catch (e) {
    const where = `${entry.id} (${Object.entries(config).map(([k, v]) => `${k}=${v}`).join(', ')})`;
    if (e instanceof ModelDefinitionError) return { message: `${where}: the model definition is rejected before any search: ${e.message}`, definition: true };
    return { message: `invalid configuration for ${where}: ${describeThrown(e)}`, definition: false };
  }
}

const isFailure = (m: AnyModel | BuildFailure): m is BuildFailure => !('properties' in m);

async function checkOne(model: AnyModel, options: RunOptions, entry: RegistryEntry, config: Config, parallelSpec: () => ModelSpec = () => registrySpec(entry.id, config)) {
  const checkOptions = {
    maxStates: options.maxStates,
    expectedStates: options.expectedStates,
    maxDepth: options.maxDepth,
    timeLimitMs: options.timeLimitMs,
    maxMemoryBytes: options.maxMemoryBytes,
    fingerprint: options.fingerprint,
    symmetry: options.symmetry,
    shouldStop: () => interrupted,
    onProgress: options.progress ? progressPrinter(model.name, (s) => process.stderr.write(s)) : undefined,
  };
  const result =
    options.workers > 1
      ? await checkParallel(parallelSpec(), { ...checkOptions, workers: options.workers })
      : await checkAsync(model, checkOptions);
  // Planned only: the caller writes the files (PlanWriter), after printing one run's result, or
  // before printing the rows of one of several runs.
  const outRoot = resolve(options.outDir ?? join('counterexamples', 'out'));
  const plan = planCounterexamples(model, result, { outDir: join(outRoot, slug(model.name)), witnesses: options.witnesses, svg: options.svg });
  return { result, plan };
}

/**
 * The exit code once `writer` has written every run's files: `code`, or NotWritten when a file
 * was not written (said on stderr; an interrupted run keeps its own code).
 */
function afterWriting(writer: PlanWriter, code: ExitCodeValue): ExitCodeValue {
  if (writer.notWritten === 0) return code;
  err(notWrittenLine(writer.notWritten));
  return code === ExitCode.Interrupted ? code : ExitCode.NotWritten;
}

function statsLine(result: CheckResult<unknown, any>, options: RunOptions): string {
  const st = result.stats;
  // A depth bound visits the states at that depth without expanding them, so the queue is empty
  // at the end: say which states were left unexpanded instead of '0 states not expanded'.
  const unexpanded =
    result.stoppedBy === 'maxDepth' && options.maxDepth !== undefined
      ? `states at depth ${options.maxDepth} not expanded`
      : `${formatCount(st.queue)} states not expanded`;
  const searched =
    st.workers !== undefined && st.workers > 1
      ? `search with ${st.workers} workers`
      : st.symmetry !== undefined
        ? `search with symmetry reduction (${st.symmetry.groups.map((g) => g.length).join(' + ')} interchangeable threads, ${formatCount(st.symmetry.permutations)} renamings; distinct states are orbits)`
        : 'search';
  const completeness = result.complete ? `complete ${searched}` : `INCOMPLETE ${searched} (stopped by ${result.stoppedBy}; ${unexpanded})`;
  return (
    `${completeness}: ${formatCount(st.distinct)} distinct states, ${formatCount(st.generated)} generated, depth ${st.depth}, ` +
    `${(st.elapsedMs / 1000).toFixed(2)}s, ${formatCount(st.statesPerSecond)} states/s, ${st.bytesPerState.toFixed(1)} bytes/state ` +
    `(${st.stateBytes} bytes encoded); ` +
    (st.fingerprint
      ? `fingerprint mode (64-bit): probability that two distinct states shared a fingerprint, calculated (optimistic, as TLC): ${st.fingerprint.collisionProbability.toExponential(1)}`
      : 'exact state storage, no hash collisions possible') +
    (st.analysisMs !== undefined ? `; then ${(st.analysisMs / 1000).toFixed(2)}s deciding ${graphAnalyses(result)} over the whole state graph` : '')
  );
}

/** What the analyses after the search decided: `neverStuck`, liveness, or both. */
function graphAnalyses<S, A extends Action>(result: CheckResult<S, A>): string {
  const kinds = new Set(result.properties.map((pr) => pr.kind));
  const names = [...(kinds.has('neverStuck') ? ['neverStuck'] : []), ...(kinds.has('leadsTo') || kinds.has('responseBound') ? ['liveness'] : [])];
  return names.join(' and ') || 'neverStuck';
}

/** Why `--symmetry` cannot check `model` (it declares no symmetry, or groups the check refuses), if it cannot. */
function symmetryRefusal(model: AnyModel): string | undefined {
  if (model.symmetry === undefined) {
    return `--symmetry: ${model.name} declares no symmetry (Model.symmetry: its groups of interchangeable threads and permute); drop --symmetry, or declare one`;
  }
  const problem = groupsProblem(model.symmetry.groups, model.symmetry.explain);
  return problem === undefined ? undefined : `--symmetry: ${model.name}: ${problem}`;
}

async function runOne(entry: RegistryEntry, config: Config, options: RunOptions, parallelSpec?: () => ModelSpec): Promise<ExitCodeValue> {
  const model = build(entry, config);
  if (isFailure(model)) {
    err(`ipc-check: ${model.message}`);
    return model.definition ? ExitCode.ModelError : ExitCode.Usage;
  }
  const cannot = options.symmetry ? symmetryRefusal(model) : undefined;
  if (cannot !== undefined) {
    err(`ipc-check: ${cannot}`);
    return ExitCode.Usage;
  }
  const { result, plan } = await checkOne(model, options, entry, config, parallelSpec);
  if (options.json) {
    out(JSON.stringify(resultSummary(result, plan.files.map((f) => f.path), undefined, model), null, 2));
  } else {
    const layout = tableLayout([model.name], model.properties.map((p) => p.name), false);
    out(tableHeader(layout));
    for (const row of tableRows(result, layout)) out(row);
    out('');
    out(statsLine(result, options));
    for (const line of statisticsLines(result)) out(line);
    const report = textReport(model, result);
    const traces = report.split('\n\n').slice(1);
    for (const t of traces) out('\n' + t);
    if (model.sequence) {
      // Models with a sequence view: each failing trace again, drawn as kernel people draw IPC.
      for (const pr of result.properties) {
        const v = pr.verdict;
        if (v.status !== 'violated' && v.status !== 'unbounded') continue;
        out('\n' + traceToSequenceText(model, v.trace, { title: `${model.name}: '${pr.name}' ${v.status}, as a sequence chart`, ...chartHighlight(pr) }));
      }
    }
  }
  // One run: its files after its result is printed.
  const writer = new PlanWriter(err);
  await writer.write(plan);
  const code = afterWriting(writer, exitCodeOf(result));
  if (!options.json && writer.written.length > 0) out(`\nwrote ${writer.written.length} file(s) under ${plan.outDir}`);
  return code;
}

/** '' when the verdict is as the run expects, else what it expected. */
function expectation(run: RegistryRun) {
  return (pr: PropertyResult<unknown, any>): string => {
    const want = run.expect[pr.name];
    if (want === undefined) return 'no expectation';
    return want === pr.verdict.status ? '' : want;
  };
}

/** Checks registered runs against their expectations: every entry's (`npm run check`), or one entry's (`<entry>` named alone). */
async function runAll(options: RunOptions, entries: readonly RegistryEntry[] = registry): Promise<ExitCodeValue> {
  const whole = entries === registry;
  const mismatches: string[] = [];
  const summaries: unknown[] = [];
  let totalStates = 0;
  let totalMs = 0;
  let runs = 0;
  const results = new Map<string, CheckResult<unknown, any>>();
  // Each run's files are written as soon as it ends, before its rows are printed: a second
  // Ctrl-C, which quits at once, then keeps the files of every run the table shows.
  const writer = new PlanWriter(err);
  const reported: ReportedRun[] = [];
  const outRoot = resolve(options.outDir ?? join('counterexamples', 'out'));
  // Build every model first: the table's columns are sized to their names before any row prints.
  const planned = entries.flatMap((entry) => entry.runs.map((run) => ({ entry, run, model: build(entry, { ...entry.defaults, ...run.set }) })));
  const models = planned.flatMap((p) => (isFailure(p.model) ? [] : [p.model]));
  const layout = tableLayout(
    models.map((m) => m.name),
    models.flatMap((m) => m.properties.map((p: { name: string }) => p.name)),
    true,
  );
  if (!options.json) out(tableHeader(layout));
  for (const { entry, run, model } of planned) {
    if (interrupted) break;
    if (isFailure(model)) {
      // A run may expect its model to be rejected before any search (RegistryRun.rejected).
      const asExpected = run.rejected !== undefined && model.definition && model.message.includes(run.rejected);
      if (asExpected) runs++;
      else mismatches.push(`${entry.id} [${run.label}]: ${model.message}${run.rejected !== undefined ? ` (expected a rejection containing '${run.rejected}')` : ''}`);
      if (options.json) summaries.push({ entry: entry.id, run: run.label, rejected: model.message, unexpected: asExpected ? [] : [model.message] });
      else if (asExpected) out(`${entry.id} [${run.label}]: rejected before any search, as expected: ${model.message.split(': the model definition is rejected before any search: ')[1] ?? model.message}`);
      continue;
    }
    if (run.rejected !== undefined) mismatches.push(`${entry.id} [${run.label}]: expected a rejection before any search containing '${run.rejected}', but the model was built`);
    const { result, plan } = await checkOne(model, options, entry, { ...entry.defaults, ...run.set });
    await writer.write(plan);
    runs++;
    results.set(`${entry.id}/${run.label}`, result);
    totalStates += result.stats.distinct;
    totalMs += result.stats.elapsedMs;
    const expected = expectation(run);
    const runMismatches = result.properties.filter((pr) => expected(pr) !== '').map((pr) => `${model.name} '${pr.name}': ${pr.verdict.status}, expected ${expected(pr)}`);
    for (const name of Object.keys(run.expect)) {
      if (!result.properties.some((pr) => pr.name === name)) runMismatches.push(`${model.name}: the registry expects a property '${name}' the model does not have`);
    }
    if (result.modelError) runMismatches.push(`${model.name}: model error ${result.modelError.code}: ${result.modelError.message}`);
    if (!result.complete && result.stoppedBy !== 'interrupted') runMismatches.push(`${model.name}: search incomplete (stopped by ${result.stoppedBy})`);
    mismatches.push(...runMismatches);
    reported.push({ entry: entry.id, label: run.label, set: run.set, expect: run.expect, model, result, unexpected: runMismatches, files: plan.files.map((f) => f.path) });
    if (options.json) summaries.push({ entry: entry.id, run: run.label, ...resultSummary(result, plan.files.map((f) => f.path), runMismatches, model) });
    else for (const row of tableRows(result, layout, expected)) out(row);
  }
  // The whole registry's comparisons and matrices: printed after the table, and shown in the run's report.
  const comparisonTexts = whole ? comparisons.map((c) => comparisonText(c, results)) : [];
  const matrixTexts: string[] = [];
  for (const w of whole ? workloads : []) {
    // A pair's matrix cell is its registered run at the workload's defaults (whatever its label).
    const atDefaults = (d: DesignEntry) => {
      const id = `${d.id}.${w.id}`;
      const run = registry.find((e) => e.id === id)?.runs.find((r) => Object.keys(r.set).length === 0);
      return run === undefined ? undefined : results.get(`${id}/${run.label}`);
    };
    const rows = await matrixRows(w, w.defaults, atDefaults, options, (d) => SKIPPED[`${d.id}.${w.id}`]);
    matrixTexts.push(matrixText(w, w.build(w.defaults).name, rows));
  }
  if (options.json) {
    out(JSON.stringify({ runs: summaries, unexpected: mismatches, interrupted }, null, 2));
  } else {
    for (const text of [...comparisonTexts, ...matrixTexts]) out('\n' + text);
    out('');
    out(`${runs} model run(s), ${formatCount(totalStates)} distinct states in ${(totalMs / 1000).toFixed(2)}s; counterexamples under ${outRoot}` + (whole ? `, the run's report in ${join(outRoot, 'index.html')}` : ''));
    if (interrupted) out('INTERRUPTED: the runs above are all that was checked.');
    if (mismatches.length === 0) out('every verdict is as the registry expects');
    else {
      out(`${mismatches.length} verdict(s) differ from the registry's expectation:`);
      for (const m of mismatches) out(`  - ${m}`);
    }
  }
  const verdictCode = interrupted ? ExitCode.Interrupted : mismatches.length === 0 ? ExitCode.Ok : ExitCode.UnexpectedVerdict;
  const code = afterWriting(writer, verdictCode);
  const written = writer.written;
  if (!whole) return code;
  // The report of the whole run, after its files, so that it links only to files on disk; an interrupted run's says it is incomplete.
  const report = { outDir: outRoot, cwd: process.cwd(), runs: reported, comparisons: comparisonTexts, matrices: matrixTexts, unexpected: mismatches, written: new Set(written), interrupted, witnesses: options.witnesses, generatedAt: new Date().toISOString() };
  try {
    await writeRunReport(outRoot, runReportHtml(report));
    return code;
  } catch (e) {
    if (!(e instanceof FileWriteError)) throw e;
    err(`ipc-check: the run's report was not written (exit code ${ExitCode.NotWritten}): ${e.message}`);
    return code === ExitCode.Interrupted ? code : ExitCode.NotWritten;
  }
}

async function runReplay(file: string, entry: RegistryEntry | undefined, options: RunOptions): Promise<ExitCodeValue> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    err(`ipc-check: cannot read --replay file '${file}': ${describeThrown(e)}`);
    return ExitCode.Usage;
  }
  const parsed = parseTraceJson(text);
  if (!parsed.ok) {
    err(`ipc-check: ${file}: ${parsed.error}`);
    return ExitCode.Usage;
  }
  const trace = parsed.value;
  const candidates = entry ? [entry] : registry;
  let model: AnyModel | undefined;
  for (const e of candidates) {
    if (!Object.keys(trace.config).every((k) => k in e.params)) continue;
    const m = build(e, { ...e.defaults, ...trace.config });
    if (!isFailure(m) && m.name === trace.model) {
      model = m;
      break;
    }
  }
  if (!model) {
    err(`ipc-check: ${file}: no registry model is named '${trace.model}' with that configuration; valid models: ${registry.map((e) => e.id).join(', ')}`);
    return ExitCode.Usage;
  }
  const replayed = replayJson(model, trace);
  if (!replayed.ok) {
    err(`ipc-check: ${file}: ${replayed.error}`);
    return ExitCode.ReplayMismatch;
  }
  if (options.json) out(JSON.stringify({ model: model.name, replayed: true, matches: replayed.matches, mismatch: replayed.mismatch ?? null }, null, 2));
  else {
    out(textTrace(model, replayed.trace, { title: `replay of ${file}: ${model.name}, '${trace.property?.name ?? 'model error'}' (${trace.verdict})` }));
    out(replayed.matches ? '\nthe replay reproduces every recorded state' : `\nthe replay differs from the recorded states: ${replayed.mismatch}`);
  }
  return replayed.matches ? ExitCode.Ok : ExitCode.ReplayMismatch;
}

/**
 * The matrix rows of workload `w` at `config`; `resultOf` gives a result already computed, else
 * the pair is checked now, one pair at a time. After a stop signal no pair is checked any more
 * (the pair being checked stops as a run does): its row says so.
 */
async function matrixRows(w: Workload, config: Config, resultOf: (d: DesignEntry) => CheckResult<unknown, any> | undefined, options?: RunOptions, skipped: (d: DesignEntry) => string | undefined = () => undefined): Promise<MatrixRow[]> {
  const spec = w.build(config);
  const rows: MatrixRow[] = [];
  for (const d of designs) {
    const design = d.mutants.none();
    const missing = inexpressible(design, spec);
    const skip = skipped(d);
    if (missing.length > 0) rows.push({ design: d.id, na: missing.join(', ') });
    else if (skip !== undefined) rows.push({ design: d.id, skipped: `not run by npm run check (${skip}): npm run check -- ${d.id}.${w.id}` });
    else {
      const known = resultOf(d);
      if (known === undefined && interrupted) rows.push({ design: d.id, skipped: 'not checked: stopped by a signal before this pair' });
      else {
        const model = compose(design, spec);
        rows.push({ design: d.id, model, result: known ?? (await checkMatrixCell(model, options)), invariants: designInvariantNames(design, spec) });
      }
    }
  }
  return rows;
}

/** Checks one pair of a matrix, with a run's progress lines; a stop signal stops it as it stops a run. */
function checkMatrixCell(model: AnyModel, options?: RunOptions): Promise<CheckResult<unknown, any>> {
  return checkAsync(model, {
    maxStates: options?.maxStates,
    maxDepth: options?.maxDepth,
    timeLimitMs: options?.timeLimitMs,
    maxMemoryBytes: options?.maxMemoryBytes,
    shouldStop: () => interrupted,
    onProgress: options?.progress ? progressPrinter(model.name, (s) => process.stderr.write(s)) : undefined,
  });
}

async function runMatrix(workloadId: string, sets: readonly (readonly [string, string])[], options: RunOptions): Promise<ExitCodeValue> {
  const w = workloads.find((x) => x.id.toLowerCase() === workloadId.toLowerCase());
  if (!w) {
    err(`ipc-check: unknown workload '${workloadId}'; valid workloads: ${workloads.map((x) => x.id).join(', ')}`);
    return ExitCode.Usage;
  }
  const asEntry = { id: w.id, summary: w.title, params: w.params, defaults: w.defaults, make: () => { throw new Error('unused'); }, runs: [] };
  const config: Record<string, Config[string]> = { ...w.defaults };
  for (const [k, v] of sets) {
    const parsed = parseParam(asEntry, k, v);
    if (!parsed.ok) {
      err(`ipc-check: ${parsed.error}`);
      return ExitCode.Usage;
    }
    config[k] = parsed.value;
  }
  // The pairs npm run check skips for their size are skipped here too (a matrix would otherwise run for hours); the row says how to check one alone.
  const rows = await matrixRows(w, config, () => undefined, options, (d) => SKIPPED[`${d.id}.${w.id}`]);
  if (options.json) out(JSON.stringify(rows.map((r) => ('na' in r ? { design: r.design, na: r.na } : 'skipped' in r ? { design: r.design, skipped: r.skipped } : { design: r.design, ...resultSummary(r.result, []) })), null, 2));
  else {
    out(matrixText(w, w.build(config).name, rows));
    if (interrupted) out('INTERRUPTED: the pairs above with results are all that was checked, the last of them perhaps only in part.');
  }
  return interrupted ? ExitCode.Interrupted : ExitCode.Ok;
}

/** Checks the model a user's module (JavaScript or TypeScript) exports: a Model value, or a function of no arguments returning one. */
async function runModule(path: string, exportName: string | undefined, options: RunOptions): Promise<ExitCodeValue> {
  const loaded = await loadModelModule(path, exportName);
  if (!loaded.ok) {
    err(`ipc-check: ${loaded.error}`);
    return ExitCode.Usage;
  }
  const { model, url } = loaded;
  const entry: RegistryEntry = { id: model.name, summary: path, params: {}, defaults: {}, make: () => model, runs: [] };
  return runOne(entry, {}, options, () => ({ kind: 'module', url, exportName: loaded.exportName, args: [] }));
}

function listModels(): void {
  for (const e of registry) {
    out(`${e.id}: ${e.summary}`);
    for (const [k, spec] of Object.entries(e.params)) {
      const range = match(spec)
        .with({ type: 'int' }, (s) => `${s.min}..${s.max}`)
        .with({ type: 'bool' }, () => 'true|false')
        .with({ type: 'enum' }, (s) => s.values.join('|'))
        .exhaustive();
      out(`    --set ${k}=<${range}>   ${spec.doc} (default ${e.defaults[k]})`);
    }
    out(`    runs: ${e.runs.map((r) => r.label).join(', ')}`);
  }
  out('\ndesigns (check one with: npm run check -- <design> --workload <workload>):');
  for (const d of designs) out(`${d.id}: ${d.summary}; mutants: ${Object.keys(d.mutants).join(', ')}`);
  out('\nworkloads (print one matrix with: npm run check -- --matrix <workload>):');
  for (const w of workloads) {
    out(`${w.id}: ${w.title}`);
    for (const [k, spec] of Object.entries(w.params)) {
      const range = match(spec)
        .with({ type: 'int' }, (x) => `${x.min}..${x.max}`)
        .with({ type: 'bool' }, () => 'true|false')
        .with({ type: 'enum' }, (x) => x.values.join('|'))
        .exhaustive();
      out(`    --set ${k}=<${range}>   ${spec.doc} (default ${w.defaults[k]})`);
    }
  }
}

/**
 * Runs the CLI on `argv` (the arguments after the program name) and returns the exit code.
 *
 * @example
 * process.exitCode = await main(['dieHard', '--set', 'target=6']);
 */
export async function main(argv: readonly string[]): Promise<ExitCodeValue> {
  const parsed = parseArgs(argv, registry);
  if (!parsed.ok) {
    err(`ipc-check: ${parsed.error}`);
    err(`run with --help for usage`);
    return ExitCode.Usage;
  }
  const command: Command = parsed.command;
  if (command.kind !== 'help' && command.kind !== 'list' && command.kind !== 'replay' && command.kind !== 'explore') {
    // A search past 262,144 states spills to a temporary directory: find a usable one before checking.
    const temp = chooseTempDir();
    if (temp.dir === undefined) {
      err(`ipc-check: ${noTempDirMessage(temp)}`);
      return ExitCode.NoTempDir;
    }
    for (const r of temp.refused) err(`ipc-check: ${r.source} ${r.dir} ${r.reason}; temporary files go in ${temp.dir} instead`);
  }
  return match(command)
    .with({ kind: 'help' }, async () => {
      out(USAGE);
      return ExitCode.Ok;
    })
    .with({ kind: 'list' }, async () => {
      listModels();
      return ExitCode.Ok;
    })
    .with({ kind: 'one' }, (c) => runOne(c.entry, c.config, c.options))
    .with({ kind: 'all' }, (c) => runAll(c.options))
    .with({ kind: 'runs' }, (c) => runAll(c.options, [c.entry]))
    .with({ kind: 'matrix' }, (c) => runMatrix(c.workload, c.sets, c.options))
    .with({ kind: 'module' }, (c) => runModule(c.path, c.exportName, c.options))
    .with({ kind: 'replay' }, (c) => runReplay(c.file, c.entry, c.options))
    .with({ kind: 'explore' }, (c) => explore(c.request))
    .exhaustive();
}
