/**
 * The CLI's result table: one row per model and property, printed as each model finishes.
 */
import { verdictSummary } from '../counterexamples/text.js';
import type { Action } from '../model/core/model.js';
import type { CheckResult, PropertyResult } from '../checker/result.js';

/**
 * A number with thousands separators: `1,306,271`.
 *
 * @example
 * formatCount(1306271); // "1,306,271"
 */
export function formatCount(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : String(n);
}

/** Columns: header, width, alignment. */
const COLUMNS = [
  ['model', 0, 'left'],
  ['property', 0, 'left'],
  ['verdict', 12, 'left'],
  ['expected', 10, 'left'],
  ['distinct', 11, 'right'],
  ['generated', 12, 'right'],
  ['depth', 6, 'right'],
  ['deadlocks', 9, 'right'],
  ['time', 8, 'right'],
  ['states/s', 11, 'right'],
] as const;

function cell(text: string, width: number, align: 'left' | 'right'): string {
  return align === 'left' ? text.padEnd(width) : text.padStart(width);
}

/**
 * Table layout: whether the `expected` column is shown, and how wide the model and property columns are.
 * Made by {@link tableLayout} and shared by the header and every row so the columns line up.
 *
 * @example
 * const layout: TableLayout = { withExpected: false, modelWidth: 31, propertyWidth: 22 };
 */
export interface TableLayout {
  readonly withExpected: boolean;
  readonly modelWidth: number;
  readonly propertyWidth: number;
}

function line(cells: readonly string[], layout: TableLayout): string {
  const widths = COLUMNS.map(([h, w]) => (h === 'model' ? layout.modelWidth : h === 'property' ? layout.propertyWidth : w));
  return COLUMNS.map(([h, , a], i) => [h, cell(cells[i], widths[i], a)] as const)
    .filter(([h]) => layout.withExpected || h !== 'expected')
    .map(([, text]) => text)
    .join(' ')
    .trimEnd();
}

/**
 * The layout that fits these model names and property names.
 *
 * @example
 * const layout = tableLayout([model.name], model.properties.map((p) => p.name), false);
 */
export function tableLayout(models: readonly string[], properties: readonly string[], withExpected: boolean): TableLayout {
  return {
    withExpected,
    modelWidth: Math.max(5, ...models.map((m) => m.length)),
    propertyWidth: Math.max(8, ...properties.map((p) => p.length)),
  };
}

/**
 * The header line (and a rule under it).
 *
 * @example
 * console.log(tableHeader(tableLayout(['dieHard(small=3,big=5,target=4)'], ['type ok'], true)));
 */
export function tableHeader(layout: TableLayout): string {
  const header = line(COLUMNS.map(([h]) => h), layout);
  return `${header}\n${'-'.repeat(header.length)}`;
}

/**
 * The rows of one checked model. `expected` gives, per property, '' when the verdict is as
 * expected or the expected status otherwise; omit it outside registry runs.
 *
 * @example
 * console.log(tableRows(result, layout).join('\n'));
 */
export function tableRows<S, A extends Action>(
  result: CheckResult<S, A>,
  layout: TableLayout,
  expected?: (pr: PropertyResult<S, A>) => string,
): string[] {
  const st = result.stats;
  const stats = [
    formatCount(st.distinct),
    formatCount(st.generated),
    String(st.depth),
    formatCount(st.deadlocks),
    `${(st.elapsedMs / 1000).toFixed(2)}s`,
    formatCount(st.statesPerSecond),
  ];
  const rows = result.properties.map((pr, i) => {
    const exp = expected ? expected(pr) : '';
    return line([i === 0 ? result.model : '', pr.name, pr.verdict.status, exp === '' ? (expected ? 'yes' : '') : `NO: ${exp}`, ...stats], layout);
  });
  if (result.properties.length === 0) rows.push(line([result.model, '(no properties)', '', '', ...stats], layout));
  for (const pr of result.properties) if (pr.verdict.status === 'unknown' && pr.verdict.reason !== undefined) rows.push(`  ↳ '${pr.name}' unknown: ${pr.verdict.reason}`);
  for (const pr of result.properties) {
    // Liveness: the bound, or the shape of the lasso and why the answer never comes.
    const v = pr.verdict;
    if (v.status === 'holds' && v.bound !== undefined) rows.push(`  ↳ '${pr.name}' ${verdictSummary(pr)}: the worst case over every fair path`);
    if (v.status === 'violated' && v.trace.loop !== undefined) rows.push(`  ↳ '${pr.name}' ${verdictSummary(pr)}`);
  }
  if (!result.complete) rows.push(`  ↳ search incomplete: stopped by ${result.stoppedBy}`);
  if (result.modelError) rows.push(`  ↳ model error ${result.modelError.code}: ${result.modelError.message}`);
  return rows;
}

/** Levels printed side by side on one line of {@link statisticsLines}. */
const LEVELS_PER_LINE = 4;

/**
 * The statistics beyond the summary line: initial states, transitions and deadlock states, then
 * every breadth-first level's states and transitions, a few levels to a line.
 *
 * @example
 * statisticsLines(check(dieHard())).join('\n');
 * // initial states 1, transitions 96, deadlock states 0 (no enabled action, not a valid end)
 * // per level (depth: states / transitions):
 * //     1: 1 / 6              2: 2 / 12   …
 */
export function statisticsLines<S, A extends Action>(result: CheckResult<S, A>): string[] {
  const st = result.stats;
  const lines = [
    `initial states ${formatCount(st.initial)}, transitions ${formatCount(st.transitions)}, ` +
      `deadlock states ${formatCount(st.deadlocks)} (no enabled action, not a valid end)`,
  ];
  if (st.levels.length === 0) return lines;
  lines.push('per level (depth: states / transitions):');
  const cells = st.levels.map((l, i) => `${String(i + 1).padStart(5)}: ${formatCount(l.states)} / ${formatCount(l.transitions)}`);
  const width = Math.max(...cells.map((c) => c.length)) + 2;
  for (let i = 0; i < cells.length; i += LEVELS_PER_LINE) {
    lines.push(
      cells
        .slice(i, i + LEVELS_PER_LINE)
        .map((c) => c.padEnd(width))
        .join('')
        .trimEnd(),
    );
  }
  return lines;
}
