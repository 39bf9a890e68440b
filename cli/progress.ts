/**
 * Progress lines on stderr for long runs, about once a second, as TLC and SPIN print them.
 */
import type { AnalysisProgress, Progress } from '../checker/options.js';
import { formatCount } from './table.js';

/**
 * A progress callback that prints to `write` (stderr) after the first second, then about every second.
 *
 * @example
 * checkAsync(model, { onProgress: progressPrinter('dining(n=11)', (s) => process.stderr.write(s)) });
 */
export function progressPrinter(label: string, write: (text: string) => void): (p: Progress) => void {
  return (p) => {
    if (p.analysis !== undefined) return write(`[${label}] ${analysisLine(p.analysis)}\n`);
    if (p.elapsedMs < 1000) return;
    write(
      `[${label}] ${formatCount(p.distinct)} distinct, ${formatCount(p.generated)} generated, ` +
        `${formatCount(p.statesPerSecond)} states/s, queue ${formatCount(p.queue)}, depth ${p.depth}, ${(p.elapsedMs / 1000).toFixed(0)}s\n`,
    );
  };
}

/**
 * The progress line of the liveness analysis after the search (the checker reports it first after
 * a second of analysis, then at most once a second).
 *
 * @example
 * analysisLine({ phase: 'graph', done: 1_500_000, total: 3_000_000, elapsedMs: 2400 });
 * // 'liveness analysis: reading the state graph, 1,500,000 of 3,000,000 states (50%), 2s'
 */
export function analysisLine(a: AnalysisProgress): string {
  const seconds = `${(a.elapsedMs / 1000).toFixed(0)}s`;
  if (a.phase === 'graph') {
    const percent = a.total > 0 ? Math.floor((100 * a.done) / a.total) : 100;
    return `liveness analysis: reading the state graph, ${formatCount(a.done)} of ${formatCount(a.total)} states (${percent}%), ${seconds}`;
  }
  return `liveness analysis: deciding property ${a.done + 1} of ${a.total}, ${seconds}`;
}
