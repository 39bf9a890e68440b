/**
 * Throttled progress of an analysis after the search. The analysis reports where it is as often as
 * it likes (once per state read); what reaches the user's callback is one report after the
 * analysis has run an interval (a second by default: a quick analysis prints nothing), then at
 * most one per interval, as the search's progress lines come.
 */
import type { AnalysisProgress, CheckOptions, Progress } from './options.js';


/**
 * A progress callback for `decideLiveness` (`phase`, `done`, `total`) that passes a report to
 * `report` only when `intervalMs` have passed since the analysis began (its creation) and since
 * the last report. `now` is the clock (milliseconds), injectable for tests. While the graph is
 * read (a call per state) the clock is read every `stride` calls; at a change of phase and while
 * deciding (a call per property), at every call.
 *
 * @example
 * const tick = analysisProgress((p) => console.error(p.phase, p.done, p.total));
 * decideLiveness(model, codec, store, initial, log, limit, tick);
 */
export function analysisProgress(
  report: (p: AnalysisProgress) => void,
  now: () => number = () => performance.now(),
  intervalMs = 1000,
  stride = 256,
): (phase: AnalysisProgress['phase'], done: number, total: number) => void {
  const started = now();
  let last = started;
  let lastPhase: AnalysisProgress['phase'] | undefined;
  let calls = 0;
  return (phase, done, total) => {
    if (phase === lastPhase && phase === 'graph' && ++calls < stride) return;
    calls = 0;
    lastPhase = phase;
    const t = now();
    if (t - last < intervalMs) return;
    last = t;
    report({ phase, done, total, elapsedMs: t - started });
  };
}

/**
 * The throttled progress callback of the liveness analysis after a search, reporting through the
 * search's own `options.onProgress` (every {@link Progress} field that of the finished search, its
 * `analysis` where the analysis is), or undefined when the check reports no progress.
 *
 * @example
 * const tick = livenessProgress(options, { distinct: 16, generated: 97, depth: 8, elapsedMs: 3 });
 * decideLiveness(model, codec, store, initial, log, limit, tick);
 */
export function livenessProgress(
  options: Pick<CheckOptions, 'onProgress' | 'progressIntervalMs'>,
  search: { readonly distinct: number; readonly generated: number; readonly depth: number; readonly elapsedMs: number },
  now: () => number = () => performance.now(),
  stride = 256,
): ((phase: AnalysisProgress['phase'], done: number, total: number) => void) | undefined {
  const onProgress = options.onProgress;
  if (onProgress === undefined) return undefined;
  const finished: Progress = {
    distinct: search.distinct,
    generated: search.generated,
    queue: 0,
    depth: search.depth,
    elapsedMs: search.elapsedMs,
    statesPerSecond: Math.round((search.distinct * 1000) / Math.max(search.elapsedMs, 0.001)),
  };
  return analysisProgress((analysis) => onProgress({ ...finished, analysis }), now, options.progressIntervalMs ?? 1000, stride);
}
