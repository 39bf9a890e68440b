/**
 * The report of a whole `npm run check`: one self-contained HTML page (inline style sheet, no
 * script, no external address) that lists every model and configuration run with its verdicts
 * and statistics, the comparisons and matrices the run printed, and for each counterexample its
 * trace as text, its sequence chart and graph (the run's own SVG files, linked relative to the
 * page) and the explorer commands that reproduce it. Pure: the caller writes the page.
 */
import { basename, relative, sep } from 'node:path';
import type { AnyModel, Config } from '../model/core/model.js';
import { verdictOutcome, type CheckResult, type PropertyResult, type VerdictStatus } from '../checker/result.js';
import { modelErrorText, propertyTraceText, verdictSummary } from '../counterexamples/text.js';
import { exploreRunCommand, exploreTraceCommand } from './explorerCommand.js';
import { html, trustedHtml, type Html } from './html.js';
import { formatCount } from './table.js';
import { REPORT_STYLE } from './runReportStyle.js';

/**
 * One registry run as the report shows it: which entry and run, the model and its result, what
 * the registry expected, and the counterexample files the run planned (absolute paths).
 *
 * @example
 * const run: ReportedRun = { entry: 'dieHard', label: 'default', set: {}, expect: { 'type ok': 'holds' }, model, result, unexpected: [], files: plan.files.map((f) => f.path) };
 */
export interface ReportedRun {
  /** The registry entry's id, as the command line names it. */
  readonly entry: string;
  /** The run's label in the registry. */
  readonly label: string;
  /** The run's overrides of the entry's defaults. */
  readonly set: Config;
  /** The verdict the registry expects per property. */
  readonly expect: Readonly<Record<string, VerdictStatus>>;
  readonly model: AnyModel;
  readonly result: CheckResult<unknown, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  /** The run's lines of the list of verdicts that differ from the registry's expectation. */
  readonly unexpected: readonly string[];
  /** The counterexample files planned for this run, in the order they were planned. */
  readonly files: readonly string[];
}

/**
 * Everything the page shows: the runs in the order they ran, the printed comparisons and
 * matrices (each text's first line is its title), and how the run ended.
 *
 * @example
 * const page = runReportHtml({ outDir, cwd: process.cwd(), runs, comparisons: [], matrices: [], unexpected: [], written: new Set(), interrupted: false, witnesses: false, generatedAt: new Date().toISOString() });
 */
export interface RunReport {
  /** The directory the page is written to: every link is relative to it. */
  readonly outDir: string;
  /** The directory the run was started from: the commands on the page are to be run there. */
  readonly cwd: string;
  readonly runs: readonly ReportedRun[];
  readonly comparisons: readonly string[];
  readonly matrices: readonly string[];
  /** Every verdict that differs from the registry's expectation (and every run that could not be built). */
  readonly unexpected: readonly string[];
  /** The files that were written: a planned file not among them is not linked. */
  readonly written: ReadonlySet<string>;
  /** The run was stopped (Ctrl-C, SIGTERM): the runs listed are all that was checked. */
  readonly interrupted: boolean;
  /** The run wrote the traces of witnessed `sometimes` properties too (`--witnesses`). */
  readonly witnesses: boolean;
  /** When the run ended, as an ISO 8601 time. */
  readonly generatedAt: string;
}

/** One trace of a run: what it shows and the base path (without extension) of its files. */
interface TraceSubject {
  readonly heading: string;
  readonly outcome: 'fail' | 'pass';
  readonly text: string;
  readonly base: string | undefined;
}

/** Whether a property's verdict has its own counterexample files (the same choice as `planCounterexamples`). */
function hasFiles(pr: PropertyResult<unknown, any>, witnesses: boolean): boolean { // eslint-disable-line @typescript-eslint/no-explicit-any
  const s = pr.verdict.status;
  return s === 'violated' || s === 'unbounded' || (s === 'witnessed' && witnesses);
}

/**
 * The traces of one run with the base path of each one's files: the files are planned in the
 * order model error, then properties, one `.txt` each (the sequence chart's is `.msc.txt`).
 */
function traceSubjects(run: ReportedRun, witnesses: boolean): TraceSubject[] {
  const bases = run.files.filter((f) => f.endsWith('.txt') && !f.endsWith('.msc.txt')).map((f) => f.slice(0, -'.txt'.length));
  const subjects: Omit<TraceSubject, 'base'>[] = [];
  const err = run.result.modelError;
  if (err?.trace) subjects.push({ heading: `model error ${err.code} in ${err.phase}`, outcome: 'fail', text: modelErrorText(run.model, err) });
  for (const pr of run.result.properties) {
    if (!hasFiles(pr, witnesses)) continue;
    subjects.push({ heading: `'${pr.name}' ${verdictSummary(pr)}`, outcome: verdictOutcome(pr.verdict) === 'pass' ? 'pass' : 'fail', text: propertyTraceText(run.model, pr) ?? '' });
  }
  return subjects.map((s, i) => ({ ...s, base: bases.length === subjects.length ? bases[i] : undefined }));
}

/** A link target for `path`, relative to the page, each part percent-encoded. */
function href(outDir: string, path: string): string {
  return relative(outDir, path).split(sep).map(encodeURIComponent).join('/');
}

/** The seconds of a duration in milliseconds, with two decimals: `0.04s`. */
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)}s`;
}

/** How the search ended: `complete`, or why it stopped. */
function searchCell(result: CheckResult<unknown, any>): string { // eslint-disable-line @typescript-eslint/no-explicit-any
  return result.complete ? 'complete' : `INCOMPLETE (stopped by ${result.stoppedBy})`;
}

/** The verdict list of one run: each property's verdict, and what the registry expected when it differs. */
function verdictList(run: ReportedRun): Html {
  const items = run.result.properties.map((pr) => {
    const want = run.expect[pr.name];
    const as = want === undefined ? html` <span class="unexpected">(no expectation)</span>` : want === pr.verdict.status ? false : html` <span class="unexpected">(expected ${want})</span>`;
    return html`<li class="${verdictOutcome(pr.verdict)}" title="${verdictSummary(pr)}"><span class="property">${pr.name}</span>: <span class="verdict">${pr.verdict.status}</span>${as}</li>`;
  });
  const error = run.result.modelError && html`<li class="fail model-error">model error ${run.result.modelError.code}: ${run.result.modelError.message}</li>`;
  return html`<ul class="verdicts">${items}${error}</ul>`;
}

/** A model's name with a line-break opportunity after each comma, so that a long configuration wraps between its parameters. */
function breakable(name: string): Html {
  return html`${name.split(',').map((part, i) => [i > 0 && html`,<wbr>`, part])}`;
}

/** The summary table: one row per run. */
function runsTable(report: RunReport, traced: readonly TraceSubject[][]): Html {
  const rows = report.runs.map((run, i) => {
    const st = run.result.stats;
    const toTraces = traced[i].length > 0 && html`<br><a href="#traces-${i + 1}">${traced[i].length} trace(s)</a>`;
    return html`<tr id="run-${i + 1}" class="${run.unexpected.length > 0 ? 'differs' : 'as-expected'}">
<td><span class="model">${breakable(run.model.name)}</span><br><span class="run">${run.entry} · ${run.label}</span>${toTraces}</td>
<td>${verdictList(run)}</td>
<td class="num distinct">${formatCount(st.distinct)}</td>
<td class="num generated">${formatCount(st.generated)}</td>
<td class="num depth">${st.depth}</td>
<td class="num time">${seconds(st.elapsedMs)}</td>
<td class="search">${searchCell(run.result)}</td>
</tr>`;
  });
  return html`<table class="runs">
<thead><tr><th>model and run</th><th>verdicts</th><th>distinct states</th><th>generated</th><th>depth</th><th>time</th><th>search</th></tr></thead>
<tbody>
${rows.map((r) => [r, '\n'])}</tbody>
</table>`;
}

/** A printed table (a comparison or a matrix) as the run printed it, under its title. */
function printedTable(text: string): Html {
  const [title, ...body] = text.split('\n');
  return html`<figure class="printed"><figcaption>${title}</figcaption><pre>${body.join('\n')}</pre></figure>`;
}

/** A link to one written file, or nothing when it was not written. */
function fileLink(report: RunReport, path: string, label: string): Html | false {
  return report.written.has(path) && html`<a href="${href(report.outDir, path)}">${label}</a>`;
}

/** An SVG file shown on the page (and linked to open it alone), or nothing when it was not written. */
function picture(report: RunReport, path: string, caption: string): Html | false {
  if (!report.written.has(path)) return false;
  const target = href(report.outDir, path);
  return html`<figure class="picture"><figcaption>${caption}</figcaption><a href="${target}"><img src="${target}" alt="${caption}: ${basename(path)}" loading="lazy"></a></figure>`;
}

/** A command to copy, on a line of its own. */
function command(text: string): Html {
  return html`<pre class="command"><code>${text}</code></pre>`;
}

/** One trace: its text, its pictures, its files and the command that opens it in the explorer. */
function traceBlock(report: RunReport, subject: TraceSubject): Html {
  const base = subject.base;
  const files = base === undefined ? [] : (['txt', 'json', 'dot', 'svg', 'msc.txt', 'msc.svg'] as const).map((ext) => fileLink(report, `${base}.${ext}`, `.${ext}`)).filter((l): l is Html => l !== false);
  const json = base !== undefined && report.written.has(`${base}.json`) ? `${base}.json` : undefined;
  return html`<details class="trace ${subject.outcome}" open>
<summary>${subject.heading}</summary>
<pre class="trace-text">${subject.text}</pre>
${base !== undefined && [picture(report, `${base}.msc.svg`, 'sequence chart'), picture(report, `${base}.svg`, 'graph')]}
${files.length > 0 ? html`<p class="files">files: ${files.map((f, i) => [i > 0 && ' ', f])}</p>` : html`<p class="files">no file of this trace was written</p>`}
${json !== undefined && html`<p>open it in the explorer, at the violating step:</p>${command(exploreTraceCommand(json, report.cwd))}`}
</details>`;
}

/** The traces of one run, under its name and the command that explores its model. */
function runTraces(report: RunReport, run: ReportedRun, index: number, subjects: readonly TraceSubject[]): Html {
  return html`<section class="run-traces" id="traces-${index + 1}">
<h3><a href="#run-${index + 1}">${run.model.name}</a> <span class="run">${run.entry} · ${run.label}</span></h3>
<p>explore the model from its initial state:</p>
${command(exploreRunCommand(run.entry, run.set))}
${subjects.map((s) => [traceBlock(report, s), '\n'])}</section>`;
}

/**
 * The page, whole: a headline with the totals and how the run ended, the table of runs, the
 * comparisons and matrices, then every trace. Every string from a model, a result or a path is
 * escaped; the only links are relative to `report.outDir` (and anchors within the page).
 *
 * @example
 * await writeRunReport(outDir, runReportHtml(report));
 */
export function runReportHtml(report: RunReport): string {
  const traced = report.runs.map((run) => traceSubjects(run, report.witnesses));
  const states = report.runs.reduce((n, r) => n + r.result.stats.distinct, 0);
  const ms = report.runs.reduce((n, r) => n + r.result.stats.elapsedMs, 0);
  const status = report.unexpected.length === 0 ? 'every verdict is as the registry expects' : `${report.unexpected.length} verdict(s) differ from the registry's expectation`;
  const withTraces = report.runs.flatMap((run, i) => (traced[i].length > 0 ? [runTraces(report, run, i, traced[i])] : []));
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ipc-check: ${report.interrupted ? 'INCOMPLETE run' : 'run'} of ${report.runs.length} model run(s)</title>
<style>${trustedHtml(REPORT_STYLE)}</style>
</head>
<body>
<header>
<h1>ipc-check: the whole run</h1>
${report.interrupted && html`<p class="incomplete" id="incomplete">INCOMPLETE: the run was interrupted; the runs below are all that was checked.</p>`}
<p class="totals">${report.runs.length} model run(s), ${formatCount(states)} distinct states in ${seconds(ms)}; finished ${report.generatedAt}.</p>
<p class="status ${report.unexpected.length === 0 ? 'pass' : 'fail'}" id="status">${status}</p>
${report.unexpected.length > 0 && html`<ul class="unexpected-list">${report.unexpected.map((m) => html`<li>${m}</li>`)}</ul>`}
<p class="where">Commands on this page are run from <code>${report.cwd}</code>, where the run was started. The files are under <code>${report.outDir}</code>, beside this page.</p>
</header>
<main>
<h2 id="runs">Runs</h2>
${runsTable(report, traced)}
${report.comparisons.length > 0 && html`<h2 id="comparisons">Comparisons</h2>\n${report.comparisons.map(printedTable)}`}
${report.matrices.length > 0 && html`<h2 id="matrices">Matrices</h2>\n${report.matrices.map(printedTable)}`}
<h2 id="traces">Counterexamples and traces</h2>
${withTraces.length > 0 ? withTraces.map((t) => [t, '\n']) : html`<p>No run wrote a trace.</p>`}
</main>
</body>
</html>
`;
  return page.text;
}
