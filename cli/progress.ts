/**
 * Progress lines on stderr for long runs, about once a second, as TLC and SPIN print them.
 */
import type { Progress } from '../checker/options.js';
import { formatCount } from './table.js';

/**
 * A progress callback that prints to `write` (stderr) after the first second, then about every second.
 *
 * @example
 * checkAsync(model, { onProgress: progressPrinter('dining(n=11)', (s) => process.stderr.write(s)) });
 */
export function progressPrinter(label: string, write: (text: string) => void): (p: Progress) => void {
  return (p) => {
    if (p.elapsedMs < 1000) return;
    write(
      `[${label}] ${formatCount(p.distinct)} distinct, ${formatCount(p.generated)} generated, ` +
        `${formatCount(p.statesPerSecond)} states/s, queue ${formatCount(p.queue)}, depth ${p.depth}, ${(p.elapsedMs / 1000).toFixed(0)}s\n`,
    );
  };
}
