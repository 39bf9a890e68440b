/**
 * A workload's matrix: one row per design, the verdict of each property group and the distinct
 * states, `n/a` where a design cannot express the workload. The survey's comparison as a table.
 */
import type { AnyModel } from '../model/core/model.js';
import type { CheckResult } from '../checker/result.js';
import type { Workload } from '../model/workloads/workload.js';
import { formatCount } from './table.js';

/** One row: a design and either its result or why it is n/a. */
/**
 * One row of a matrix: a design with its model, result and the names of its own invariants, or why it is n/a.
 *
 * @example
 * const row: MatrixRow = { design: 'L4', na: 'signal ev' };
 */
export type MatrixRow =
  | { readonly design: string; readonly model: AnyModel; readonly result: CheckResult<unknown, any>; readonly invariants: readonly string[] } // eslint-disable-line @typescript-eslint/no-explicit-any
  | { readonly design: string; readonly na: string }
  | { readonly design: string; readonly skipped: string };

const HARDWARE = ['isolation', 'privilege', 'kernel-mediated transfer'];
const GENERIC = ['reply correctness', 'run queue', 'deadlock free', 'no client stuck forever', ...HARDWARE];

/**
 * The matrix of `workload` as text, one row per design.
 *
 * @example
 * out(matrixText(rpcPool, 'rpcPool(clients=2,…)', rows));
 */
export function matrixText(workload: Workload, name: string, rows: readonly MatrixRow[]): string {
  const checked = rows.flatMap((r) => ('result' in r ? [r] : []));
  // Columns: states, the design's own invariants together, the framework's properties, the workload's own.
  const names = checked.length > 0 ? checked[0].result.properties.map((p) => p.name) : [];
  const memory = names.find((n) => n.startsWith('kernel memory'));
  const workloadOwn = names.filter((n) => !GENERIC.includes(n) && n !== memory && !checked.some((r) => isDesignInvariant(r, n)));
  const columns = ['distinct states', 'design invariants', 'reply correctness', ...(memory ? [memory] : []), 'hardware (isolation, privilege, kernel-mediated)', 'deadlock free', 'no client stuck forever', ...workloadOwn];
  const cells = rows.map((r): string[] => {
    if ('na' in r) return [r.design, `n/a: ${r.na}`];
    if ('skipped' in r) return [r.design, r.skipped];
    const status = (n: string) => {
      const p = r.result.properties.find((x) => x.name === n);
      if (p === undefined) return '-';
      const v = p.verdict;
      // A response bound shows its worst case, or why there is none.
      if (v.status === 'holds' && v.bound !== undefined) return `bound ${v.bound}`;
      if (v.status === 'violated' && v.why !== undefined) return `unbounded: ${v.why}`;
      return v.status + (v.status === 'violated' || v.status === 'unbounded' ? ` (${v.trace.steps.length} steps)` : '');
    };
    const group = (ns: readonly string[]) => {
      const bad = ns.filter((n) => status(n).startsWith('violated') || status(n).startsWith('unbounded'));
      return bad.length === 0 ? 'holds' : `violated: ${bad.join(', ')}`;
    };
    const own = r.invariants;
    return [
      r.design,
      formatCount(r.result.stats.distinct),
      own.length === 0 ? '-' : group(own),
      status('reply correctness'),
      ...(memory ? [status(memory)] : []),
      group(HARDWARE),
      status('deadlock free'),
      status('no client stuck forever'),
      ...workloadOwn.map(status),
    ];
  });
  const header = ['design', ...columns];
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c.length === 2 && i > 0 ? 0 : (c[i] ?? '').length))));
  const line = (c: readonly string[]) => (c.length === 2 ? `  ${c[0].padEnd(widths[0])}  ${c[1]}` : '  ' + c.map((x, i) => x.padEnd(widths[i])).join('  ').trimEnd());
  return [`${workload.title}: ${name}`, line(header), ...cells.map(line)].join('\n');
}

/** Whether property `n` of a row is one of its design's own invariants. */
function isDesignInvariant(r: { readonly invariants: readonly string[] }, n: string): boolean {
  return r.invariants.includes(n);
}
