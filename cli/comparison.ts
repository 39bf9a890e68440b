/**
 * The comparison tables of `npm run check`: for each {@link Comparison}, one row per design with
 * its state-space size and the verdicts of the compared properties.
 */
import type { Comparison } from '../registry/comparisons.js';
import type { CheckResult } from '../checker/result.js';
import { formatCount } from './table.js';

/**
 * The text of one comparison, from the results of its runs (keyed `entry/run label`); a run that
 * did not take place (interrupted) shows as not checked.
 *
 * @example
 * comparisonText(comparisons[0], results); // 'Constrained vs …\n  design  states  depth  …'
 */
export function comparisonText(c: Comparison, results: ReadonlyMap<string, CheckResult<unknown, any>>): string {
  const header = ['design', 'distinct states', 'depth', ...c.properties];
  const rows = c.rows.map((row) => {
    const r = results.get(`${row.entry}/${row.run}`);
    if (r === undefined) return [row.design, 'not checked', '', ...c.properties.map(() => '')];
    return [
      row.design,
      formatCount(r.stats.distinct),
      String(r.stats.depth),
      ...c.properties.map((name) => {
        // A column names a property, or the start of its name ('kernel memory' for 'kernel memory ≤ 4'), as runs bound it differently.
        const v = r.verdicts[name] ?? r.verdicts[Object.keys(r.verdicts).find((k) => k.startsWith(name)) ?? ''];
        // A property some rows' models do not have (the cascade's cycle has no count of handled events).
        if (v === undefined) return '-';
        return 'maxReached' in v && v.maxReached !== undefined ? `${v.status} (max ${v.maxReached})` : v.status;
      }),
    ];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => '  ' + cells.map((cell, i) => cell.padEnd(widths[i])).join('  ').trimEnd();
  return [c.title, line(header), ...rows.map(line)].join('\n');
}
