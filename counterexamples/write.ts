/**
 * Writing counterexample files: for each failing property (and, on request, each witness) its
 * `.txt`, `.json`, `.dot` and `.svg`; the same for a model error that has a trace. Each file is
 * written to a temporary file in the same directory and renamed, so it appears whole or not at all.
 * Planning (the paths and the text) is apart from writing, so that a caller can print the result
 * and the paths first and then write.
 */
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import type { Action, Model } from '../model/core/model.js';
import type { CheckResult, PropertyResult } from '../checker/result.js';
import { modelErrorToDot, traceToDot } from './dot.js';
import { modelErrorToJson, traceToJson } from './json.js';
import { renderSvg } from './render.js';
import { modelErrorText, propertyTraceText, traceNote } from './text.js';
import { traceToSequenceSvg, traceToSequenceText, type SequenceChartOptions } from './msc.js';
import { FileWriteError, makeDirectory, writeWhole } from './writeSafely.js';

/** Longest slug {@link slug} returns, so that file names stay well below file-system limits. */
const MAX_SLUG = 80;

/**
 * A file-name-safe form of a name: lowercase ASCII letters, digits and single dashes, no dash at
 * either end, at most 80 characters; accents are dropped (`é` → `e`). A name with nothing
 * usable becomes `unnamed`. A longer one keeps its first and its last 35 characters and ends
 * with 8 hex digits of a hash of the whole name, so that two long names differing in the middle
 * or at the end (two seeded bugs of one model) still get different, recognisable directories.
 *
 * @example
 * slug('big jug never holds 4');            // 'big-jug-never-holds-4'
 * slug('dieHard(small=3,big=5,target=4)');  // 'diehard-small-3-big-5-target-4'
 * slug('queue ≤ 2');                        // 'queue-2'
 */
export function slug(name: string): string {
  const s = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (s === '') return 'unnamed';
  if (s.length <= MAX_SLUG) return s;
  // The start names the model, the end its distinguishing settings (a seeded bug comes last).
  const hash = createHash('sha256').update(s).digest('hex').slice(0, 8);
  const half = (MAX_SLUG - 10) / 2;
  const head = s.slice(0, half).replace(/-+$/, '');
  const tail = s.slice(-half).replace(/^-+/, '');
  return `${head}-${tail}-${hash}`;
}

/**
 * Options of {@link writeCounterexamples}.
 *
 * @example
 * const options: WriteOptions = { outDir: 'counterexamples/out/diehard-small-3-big-5-target-4', witnesses: true };
 */
export interface WriteOptions {
  /** The directory to write into; created (with its parents) when there is something to write. */
  readonly outDir: string;
  /** Also write the traces of `witnessed` `sometimes` properties. Default false. */
  readonly witnesses?: boolean;
  /** Also render `.svg` files. Default true. */
  readonly svg?: boolean;
}


/** One trace's files before they are written. */
interface Pending {
  readonly base: string;
  readonly txt: string;
  readonly json: unknown;
  readonly dot: string;
  /** The message-sequence chart, for a model with a sequence view. */
  readonly msc?: { readonly txt: string; readonly svg: string };
}

/**
 * One file a plan will write: its path and its content, the SVG ones rendered only when written
 * (Graphviz takes the time, and a failure to render is then that file's failure).
 *
 * @example
 * const file: PlannedFile = { path: 'out/diehard/big-jug-never-holds-4.txt', content: async () => text };
 */
export interface PlannedFile {
  readonly path: string;
  readonly content: () => Promise<string>;
}

/**
 * The counterexample files of one result, planned but not written: {@link writePlannedFile}
 * writes each, once {@link makeDirectory} has made `outDir`.
 *
 * @example
 * const plan = planCounterexamples(model, result, { outDir });
 * plan.files.map((f) => f.path); // ['…/big-jug-never-holds-4.txt', '….json', '….dot', '….svg']
 */
export interface CounterexamplePlan {
  readonly outDir: string;
  readonly files: readonly PlannedFile[];
}

/**
 * What a property's sequence chart highlights, and with which note: the last step of a violation
 * or witness; for a lasso, the state where the liveness premise holds (the step into it, or the
 * initial state), not the last step, and whether its cycle only postpones the answer.
 *
 * @example
 * traceToSequenceText(model, v.trace, { title: 'as a sequence chart', ...chartHighlight(pr) });
 */
export function chartHighlight<S, A extends Action>(pr: PropertyResult<S, A>): Pick<SequenceChartOptions, 'highlight' | 'highlightStep' | 'postponed'> {
  const v = pr.verdict;
  if (v.status !== 'violated' || v.trace.loop === undefined) return { highlight: traceNote(pr) };
  const premiseAt = v.premiseAt ?? 0;
  return {
    highlight: traceNote(pr),
    highlightStep: premiseAt === 0 ? 'initial' : premiseAt - 1,
    ...(v.why === 'postponed by a cycle' ? { postponed: true } : {}),
  };
}

/**
 * Plans `<outDir>/<slug>.{txt,json,dot,svg}` for every property whose verdict is `violated` or
 * `unbounded` (and `witnessed` when `options.witnesses` is set), plus the message-sequence chart
 * `<slug>.msc.{txt,svg}` when the model has a sequence view (for a lasso, highlighting the state
 * where the liveness premise holds rather than the last step), and `model-error.*` when the
 * result has a model error with a trace. Names that slug alike get `-2`, `-3`, … suffixes.
 * Touches no file; the plan has no files when nothing fails.
 *
 * @example
 * const model = dieHard();
 * planCounterexamples(model, check(model), { outDir: 'out/diehard', svg: false }).files.length; // 3
 */
export function planCounterexamples<S, A extends Action>(model: Model<S, A>, result: CheckResult<S, A>, options: WriteOptions): CounterexamplePlan {
  const pending: Pending[] = [];
  const used = new Set<string>();
  const claim = (name: string): string => {
    const base = slug(name);
    let candidate = base;
    for (let n = 2; used.has(candidate); n++) candidate = `${base}-${n}`;
    used.add(candidate);
    return candidate;
  };

  const err = result.modelError;
  if (err?.trace) {
    pending.push({
      base: claim('model-error'),
      txt: modelErrorText(model, err),
      json: modelErrorToJson(model, err),
      dot: modelErrorToDot(model, err) ?? '',
    });
  }
  for (const pr of result.properties) {
    const status = pr.verdict.status;
    if (!(status === 'violated' || status === 'unbounded' || (status === 'witnessed' && options.witnesses))) continue;
    const trace = 'trace' in pr.verdict ? pr.verdict.trace : undefined;
    const chart = { title: `${model.name}: '${pr.name}' ${status}`, ...chartHighlight(pr) };
    pending.push({
      base: claim(pr.name),
      txt: propertyTraceText(model, pr) ?? '',
      json: traceToJson(model, pr),
      dot: traceToDot(model, pr),
      msc: model.sequence && trace ? { txt: traceToSequenceText(model, trace, chart), svg: traceToSequenceSvg(model, trace, chart) } : undefined,
    });
  }

  const withSvg = options.svg ?? true;
  const files: PlannedFile[] = [];
  const text = (s: string) => async () => s;
  for (const p of pending) {
    const at = (ext: string) => join(options.outDir, `${p.base}.${ext}`);
    files.push({ path: at('txt'), content: text(p.txt + '\n') }, { path: at('json'), content: text(JSON.stringify(p.json, null, 2) + '\n') }, { path: at('dot'), content: text(p.dot) });
    if (withSvg) files.push({ path: at('svg'), content: () => renderSvg(p.dot) });
    if (p.msc) {
      files.push({ path: at('msc.txt'), content: text(p.msc.txt + '\n') });
      if (withSvg) files.push({ path: at('msc.svg'), content: text(p.msc.svg) });
    }
  }
  return { outDir: options.outDir, files };
}

/**
 * Renders one planned file and writes it whole (or not at all) into its directory, which must
 * exist. Throws a {@link FileWriteError} naming the path and the reason.
 *
 * @example
 * for (const file of plan.files) await writePlannedFile(file);
 */
export async function writePlannedFile(file: PlannedFile): Promise<void> {
  let content: string;
  try {
    content = await file.content();
  } catch (e) {
    throw new FileWriteError(file.path, `cannot write ${file.path}: ${e instanceof Error ? e.message : String(e)}`);
  }
  await writeWhole(file.path, content);
}

/**
 * Plans and writes a result's counterexample files (see {@link planCounterexamples}); each file
 * is written whole or not at all. Returns the paths written, in order; writes nothing (and
 * creates no directory) when nothing fails. A path that cannot be written rejects with a
 * {@link FileWriteError} that names it and says why (the files written before it stay).
 *
 * @example
 * const model = dieHard();
 * const paths = await writeCounterexamples(model, check(model), { outDir: 'counterexamples/out/diehard' });
 * // ['counterexamples/out/diehard/big-jug-never-holds-4.txt', '….json', '….dot', '….svg']
 */
export async function writeCounterexamples<S, A extends Action>(model: Model<S, A>, result: CheckResult<S, A>, options: WriteOptions): Promise<string[]> {
  const plan = planCounterexamples(model, result, options);
  if (plan.files.length === 0) return [];
  await makeDirectory(plan.outDir);
  for (const file of plan.files) await writePlannedFile(file);
  return plan.files.map((f) => f.path);
}
