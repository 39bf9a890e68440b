/**
 * The report of a whole run, `<out>/index.html`, as claims: it lists every run with its verdicts
 * and exact statistics, the comparisons and matrices, each counterexample's trace with links to
 * its files on disk and the explorer commands; it escapes what models name, holds no external
 * address, and says so when the run was interrupted.
 *
 * `npm run check` over the real registry takes about 30 s, so the registry, the designs and the
 * comparisons are cut down here (vi.mock) to three small entries: the naive lock (two runs),
 * seL4 × rpcPool (its default and its lost-reply bug, which has a sequence chart) and a model
 * whose names hold `<`, `&` and quotes. The command line runs in-process, as `npm run check`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ExitCode } from '../../cli/exitCodes.js';
import { requestInterrupt } from '../../cli/main.js';
import { escapeHtml } from '../../cli/html.js';
import { parseArgs } from '../../cli/args.js';
import { registry } from '../../registry/index.js';
import type { RegistryEntry } from '../../registry/entry.js';
import { filesUnder, removeTmpDirs, repoRoot, runMain, tmpDir, type CliRun } from './harness.js';

/**
 * The names of a model a page would take for markup if it did not escape them, and the hook the
 * interrupted run's test sets: the odd model's `next` then asks the run to stop. Hoisted: the
 * mocked registry below is built while the imports load.
 */
const { ODD_MODEL, ODD_PROPERTY, hooks } = vi.hoisted(() => ({
  ODD_MODEL: `odd<model> & "quotes"`,
  ODD_PROPERTY: `n < 2 & <b>never bold</b>`,
  hooks: { interruptInOdd: false, requestInterrupt: undefined as undefined | (() => boolean) },
}));

/** The registry entry of a three-step counter named with markup characters, its one property violated at the third state. */
async function oddEntry(): Promise<RegistryEntry> {
  const { registryEntry } = await import('../../registry/entry.js');
  const { defineModel } = await import('../../model/core/model.js');
  const { int, record } = await import('../../model/core/shape/index.js');
  const { always } = await import('../../properties/index.js');
  const shape = record({ n: int(0, 3) });
  return registryEntry({
    id: 'odd',
    summary: 'a counter whose names hold markup characters',
    params: {},
    defaults: {},
    make: () =>
      defineModel<{ n: number }, { readonly kind: 'Inc' }>({
        name: ODD_MODEL,
        shape,
        init: () => [{ n: 0 }],
        actions: (s) => (s.n < 3 ? [{ kind: 'Inc' }] : []),
        next: (s) => {
          if (hooks.interruptInOdd) hooks.requestInterrupt?.();
          return { n: s.n + 1 };
        },
        properties: [always(ODD_PROPERTY, (s) => s.n < 2)],
      }),
    runs: [{ label: `<first> & 'only'`, set: {}, expect: { [ODD_PROPERTY]: 'violated' } }],
  });
}

vi.mock('../../registry/index.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../registry/index.js')>();
  const pair = real.designWorkloadEntries.find((e) => e.id === 'seL4.rpcPool')!;
  const pairRuns = { ...pair, runs: pair.runs.filter((r) => r.label === 'default' || r.label === 'F1 lostReply') };
  return { ...real, registry: [real.naiveLockEntry, await oddEntry(), pairRuns] };
});
vi.mock('../../registry/designs.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('../../registry/designs.js')>();
  return { ...real, designs: real.designs.filter((d) => d.id === 'seL4'), workloads: real.workloads.filter((w) => w.id === 'rpcPool') };
});
vi.mock('../../registry/comparisons.js', () => ({
  comparisons: [
    {
      title: 'a lock <checked> & then set, against test-and-set',
      properties: ['mutual exclusion'],
      rows: [
        { entry: 'naiveLock', run: 'default', design: 'check, then set' },
        { entry: 'naiveLock', run: 'atomic=true', design: 'test-and-set' },
      ],
    },
  ],
}));

afterAll(removeTmpDirs);

const NAIVE = 'naivelock-threads-2-atomic-false';
const PAIR_BUG = 'sel4-rpcpool-clients-2-servers-1-rounds-1-values-2-bug-lostreply';

/** The markup of the table row of run `n` (1-based, in the order the runs ran). */
function runRow(page: string, n: number): string {
  const start = page.indexOf(`<tr id="run-${n}"`);
  expect(start, `run ${n} has a row`).toBeGreaterThanOrEqual(0);
  return page.slice(start, page.indexOf('</tr>', start));
}

/** The text of `markup`: tags dropped, character references read back. */
function textOf(markup: string): string {
  return markup
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The text of the cell of class `name` in a row. */
function cell(row: string, name: string): string {
  const m = new RegExp(`<td class="num ${name}">([^<]*)</td>`).exec(row);
  return m ? textOf(m[1]) : '(no cell)';
}

/** The verdict lines of a row: `property: verdict` and what the registry expected when it differs. */
function verdicts(row: string): string[] {
  return [...row.matchAll(/<li class="[^"]*"[^>]*>(.*?)<\/li>/g)].map((m) => textOf(m[1]));
}

/** The section of the traces of run `n`. */
function tracesOf(page: string, n: number): string {
  const start = page.indexOf(`<section class="run-traces" id="traces-${n}">`);
  expect(start, `run ${n} has traces`).toBeGreaterThanOrEqual(0);
  return page.slice(start, page.indexOf('</section>', start));
}

/** Every tag name the page uses. */
function tagNames(page: string): string[] {
  return [...new Set([...page.matchAll(/<\/?([a-zA-Z][a-zA-Z0-9]*)/g)].map((m) => m[1].toLowerCase()))].sort();
}

describe('the report of a whole run', () => {
  let out: string;
  let run: CliRun;
  let page: string;

  beforeAll(async () => {
    out = tmpDir();
    run = await runMain(['--out', out, '--no-progress']);
    page = readFileSync(join(out, 'index.html'), 'utf8');
  }, 120_000);

  it('is written as index.html beside the counterexamples, and the run says where', () => {
    expect(run.code).toBe(ExitCode.Ok);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`5 model run(s), `);
    expect(run.stdout).toContain(`; counterexamples under ${out}, the run's report in ${join(out, 'index.html')}\nevery verdict is as the registry expects\n`);
    expect(filesUnder(out).filter((f) => !f.includes('/'))).toEqual(['index.html']);
    expect(page.startsWith('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">')).toBe(true);
    expect(page).toContain('<title>ipc-check: run of 5 model run(s)</title>');
    expect(page).toContain('<p class="status pass" id="status">every verdict is as the registry expects</p>');
    expect(page).not.toContain('INCOMPLETE');
  });

  it('lists every run with its exact state counts, depth and verdicts, in the order they ran', () => {
    const rows = [1, 2, 3, 4, 5].map((n) => runRow(page, n));
    expect(rows.map((r) => textOf(r.slice(0, r.indexOf('</td>'))).trim())).toEqual([
      'naiveLock(threads=2,atomic=false)naiveLock · default1 trace(s)',
      'naiveLock(threads=2,atomic=true)naiveLock · atomic=true',
      `${ODD_MODEL}odd · <first> & 'only'1 trace(s)`,
      'seL4 × rpcPool(clients=2,servers=1,rounds=1,values=2)seL4.rpcPool · default',
      'seL4 × rpcPool(clients=2,servers=1,rounds=1,values=2,bug=lostReply)seL4.rpcPool · F1 lostReply3 trace(s)',
    ]);
    expect(rows.map((r) => [cell(r, 'distinct'), cell(r, 'generated'), cell(r, 'depth')])).toEqual([
      ['13', '25', '7'],
      ['3', '5', '2'],
      ['4', '4', '4'],
      ['1,371', '1,923', '28'],
      ['1,583', '2,179', '28'],
    ]);
    for (const r of rows) expect(r).toMatch(/<td class="num time">\d+\.\d\ds<\/td>/);
    for (const r of rows) expect(r).toContain('<td class="search">complete</td>');
    expect(verdicts(rows[0])).toEqual(['mutual exclusion: violated', 'a thread enters: witnessed', 'deadlock free: holds']);
    expect(verdicts(rows[1])).toEqual(['mutual exclusion: holds', 'a thread enters: witnessed', 'deadlock free: holds']);
    expect(verdicts(rows[2])).toEqual([`${ODD_PROPERTY}: violated`]);
    const sel4Invariants = ['INV-EP', 'INV-SYM', 'INV-R', 'INV-NTFN', 'no signal lost', 'reply correctness', 'run queue', 'kernel memory ≤ 0', 'isolation', 'privilege', 'kernel-mediated transfer'];
    expect(verdicts(rows[3])).toEqual([...sel4Invariants.map((n) => `${n}: holds`), 'deadlock free: holds', 'no client stuck forever: holds', 'every call is answered: holds', 'a call completes: witnessed']);
    expect(verdicts(rows[4])).toEqual([...sel4Invariants.map((n) => `${n}: holds`), 'deadlock free: violated', 'no client stuck forever: violated', 'every call is answered: violated', 'a call completes: witnessed']);
    // The verdict in full shows on hover, as the text report words it.
    expect(rows[4]).toContain('<li class="fail" title="violated (a path of 12 states into a deadlock, where it stays)"><span class="property">every call is answered</span>');
  });

  it('shows the comparison and the matrix as the run printed them', () => {
    expect(page).toContain('<h2 id="comparisons">Comparisons</h2>');
    expect(page).toContain('<figcaption>a lock &lt;checked&gt; &amp; then set, against test-and-set</figcaption>');
    expect(page).toContain(
      [
        '<pre>  design           distinct states  depth  mutual exclusion',
        '  check, then set  13               7      violated',
        '  test-and-set     3                2      holds</pre>',
      ].join('\n'),
    );
    expect(page).toContain('<h2 id="matrices">Matrices</h2>\n<figure class="printed"><figcaption>clients calling a pool of servers: rpcPool(clients=2,servers=1,rounds=1,values=2)</figcaption>');
    expect(page).toMatch(/\n {2}seL4 {4}1,371 {12}holds {14}holds/);
    for (const text of run.stdout.split('\n\n').filter((t) => t.startsWith('a lock <checked>') || t.startsWith('clients calling a pool'))) {
      expect(page).toContain(escapeHtml(text.split('\n').slice(1).join('\n')));
    }
  });

  it("shows a failing run's trace as its .txt file says it, with its graph linked from the files on disk", () => {
    const naive = tracesOf(page, 1);
    const txt = readFileSync(join(out, NAIVE, 'mutual-exclusion.txt'), 'utf8').trimEnd();
    expect(txt.split('\n')[0]).toBe("naiveLock(threads=2,atomic=false): 'mutual exclusion' violated (trace of 5 states)");
    expect(naive).toContain(`<pre class="trace-text">${escapeHtml(txt)}</pre>`);
    expect(naive).toContain("<summary>&#39;mutual exclusion&#39; violated (trace of 5 states)</summary>");
    expect(naive).toContain(`<img src="${NAIVE}/mutual-exclusion.svg"`);
    expect(naive).toContain(`<a href="${NAIVE}/mutual-exclusion.json">.json</a>`);
    // The naive lock has no sequence view: no chart is linked.
    expect(naive).not.toContain('.msc.');
  });

  it('shows a design × workload failure with its sequence chart and graph', () => {
    const pair = tracesOf(page, 5);
    expect([...pair.matchAll(/<summary>(.*?)<\/summary>/g)].map((m) => textOf(m[1]))).toEqual([
      "'deadlock free' violated (trace of 12 states)",
      "'no client stuck forever' violated (trace of 9 states)",
      "'every call is answered' violated (a path of 12 states into a deadlock, where it stays)",
    ]);
    expect(pair).toContain(`<img src="${PAIR_BUG}/no-client-stuck-forever.msc.svg"`);
    expect(pair).toContain(`<img src="${PAIR_BUG}/no-client-stuck-forever.svg"`);
    const msc = pair.indexOf('.msc.svg');
    const graph = pair.indexOf('no-client-stuck-forever.svg');
    expect(msc).toBeLessThan(graph);
  });

  it('links only files that exist, relative to the page, and nothing outside it', () => {
    const links = [...page.matchAll(/(?:href|src)="([^"]*)"/g)].map((m) => m[1]);
    const files = links.filter((l) => !l.startsWith('#'));
    expect(files.length).toBeGreaterThan(10);
    for (const f of files) expect(existsSync(join(out, decodeURIComponent(f))), f).toBe(true);
    for (const a of links.filter((l) => l.startsWith('#'))) expect(page, a).toContain(`id="${a.slice(1)}"`);
    expect(page).not.toMatch(/https?:\/\//);
    for (const f of files) expect(f).not.toMatch(/^(\/|[a-z][a-z0-9+.-]*:)/i);
  });

  it('gives the explorer commands that reproduce each run and open each trace', () => {
    expect(tracesOf(page, 1)).toContain('<pre class="command"><code>npx ipc-check explore naiveLock</code></pre>');
    expect(tracesOf(page, 1)).toContain(`<pre class="command"><code>npx ipc-check explore --trace ${join(out, NAIVE, 'mutual-exclusion.json')}</code></pre>`);
    expect(tracesOf(page, 5)).toContain('<pre class="command"><code>npx ipc-check explore seL4.rpcPool --set bug=lostReply</code></pre>');
    expect(page).toContain(`Commands on this page are run from <code>${escapeHtml(repoRoot)}</code>`);
  });

  it('prints only commands the explorer accepts: each names the run it reproduces or the trace it opens', () => {
    const commands = [...page.matchAll(/<pre class="command"><code>(.*?)<\/code><\/pre>/g)].map((m) => textOf(m[1]));
    // Three runs with traces (one command each), five traces (one each).
    expect(commands).toHaveLength(8);
    for (const c of commands) {
      const words = c.split(' ');
      expect(words.slice(0, 3)).toEqual(['npx', 'ipc-check', 'explore']);
      const parsed = parseArgs(words.slice(2), registry);
      expect(parsed.ok && parsed.command.kind, c).toBe('explore');
      if (!parsed.ok || parsed.command.kind !== 'explore') continue;
      const { model, trace } = parsed.command.request;
      if (trace !== undefined) expect(existsSync(trace), trace).toBe(true);
      else expect(model?.kind === 'registry' && model.entry.make(model.config).name).toMatch(/^(naiveLock\(threads=2,atomic=false\)|odd<model> & "quotes"|seL4 × rpcPool\(clients=2,servers=1,rounds=1,values=2,bug=lostReply\))$/);
    }
  });

  it("escapes every name a model gives: they show as text, and the page's only tags are its own", () => {
    expect(page).toContain('odd&lt;model&gt; &amp; &quot;quotes&quot;');
    expect(page).toContain('n &lt; 2 &amp; &lt;b&gt;never bold&lt;/b&gt;');
    expect(page).toContain('&lt;first&gt; &amp; &#39;only&#39;');
    expect(page).not.toContain(ODD_MODEL);
    expect(page).not.toContain('<b>');
    expect(tagNames(page)).toEqual(
      ['a', 'body', 'br', 'code', 'details', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'head', 'header', 'html', 'img', 'li', 'main', 'meta', 'p', 'pre', 'section', 'span', 'style', 'summary', 'table', 'tbody', 'td', 'th', 'thead', 'title', 'tr', 'ul', 'wbr'].sort(),
    );
  });
});

describe('a run whose verdicts differ from the registry', () => {
  it('says so at the top, lists each difference as the run printed it, and marks the rows that differ', async () => {
    const out = tmpDir();
    // One state per search: every property is left unknown (3 + 3 + 1 + 15 + 15), and each of the 5 searches incomplete.
    const run = await runMain(['--out', out, '--no-progress', '--no-svg', '--max-states', '1']);
    expect(run.code).toBe(ExitCode.UnexpectedVerdict);
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    const printed = run.stdout.slice(run.stdout.indexOf("verdict(s) differ from the registry's expectation:\n")).split('\n').slice(1, -1).map((l) => l.replace(/^ {2}- /, ''));
    expect(printed.length).toBe(42);
    expect(page).toContain(`<p class="status fail" id="status">42 verdict(s) differ from the registry&#39;s expectation</p>`);
    const listed = [...page.slice(page.indexOf('<ul class="unexpected-list">')).split('</ul>')[0].matchAll(/<li>(.*?)<\/li>/g)].map((m) => textOf(m[1]));
    expect(listed).toEqual(printed);
    expect(listed[0]).toBe("naiveLock(threads=2,atomic=false) 'mutual exclusion': unknown, expected violated");
    expect(runRow(page, 1)).toMatch(/^<tr id="run-1" class="differs">/);
    expect(verdicts(runRow(page, 1))).toEqual(['mutual exclusion: unknown (expected violated)', 'a thread enters: unknown (expected witnessed)', 'deadlock free: unknown (expected holds)']);
    expect(runRow(page, 1)).toContain('<td class="search">INCOMPLETE (stopped by maxStates)</td>');
    expect(page).toContain('<p>No run wrote a trace.</p>');
  }, 120_000);

  it('when the page cannot be written, says so on stderr and exits 10', async () => {
    const file = join(tmpDir(), 'a-file');
    writeFileSync(file, 'not a directory\n');
    const run = await runMain(['--out', file, '--no-progress', '--no-svg', '--max-states', '1']);
    expect(run.code).toBe(ExitCode.NotWritten);
    expect(run.stderr).toBe(`ipc-check: the run's report was not written (exit code 10): ${file} exists and is not a directory\n`);
  }, 120_000);
});

describe('an interrupted run', () => {
  // Last in this file: the CLI's interrupt cannot be taken back in this process.
  it('writes a report that says it is incomplete and lists only the runs that were checked', async () => {
    const out = tmpDir();
    hooks.requestInterrupt = requestInterrupt;
    hooks.interruptInOdd = true;
    const run = await runMain(['--out', out, '--no-progress', '--no-svg']);
    expect(run.code).toBe(ExitCode.Interrupted);
    const page = readFileSync(join(out, 'index.html'), 'utf8');
    expect(page).toContain('<title>ipc-check: INCOMPLETE run of 3 model run(s)</title>');
    expect(page).toContain('<p class="incomplete" id="incomplete">INCOMPLETE: the run was interrupted; the runs below are all that was checked.</p>');
    expect(page).not.toContain('<tr id="run-4"');
    expect(textOf(runRow(page, 3))).toContain(ODD_MODEL);
    // With --no-svg there are no pictures: the trace keeps its text and its other files.
    expect(tracesOf(page, 1)).not.toContain('<img');
    expect(tracesOf(page, 1)).toContain(`<a href="${NAIVE}/mutual-exclusion.dot">.dot</a>`);
  }, 120_000);
});
