/**
 * What a search found, as plain data: one worker's {@link SearchSummary} (sent to the coordinator
 * of a parallel check), and the {@link SearchOutcome} of a whole check, merged from one summary
 * or from every worker's.
 */
import type { Action } from '../model/core/model.js';
import type { LevelStats, StopReason } from './result.js';
import type { Finding, RawModelError, SearchEngine } from './searchEngine.js';

/**
 * Where a search stands: its counts, its findings (per property, in model order, with the depth
 * they were found at) and whether it stopped.
 *
 * @example
 * const total = summaries.reduce((n, s) => n + s.count, 0);
 */
export interface SearchSummary {
  /** States this search stored. */
  readonly count: number;
  readonly generated: number;
  readonly depth: number;
  /** States stored and not expanded (in a parallel check: this worker's states of the next level). */
  readonly queue: number;
  readonly findings: readonly (Finding | undefined)[];
  readonly maxReached: readonly number[];
  readonly stoppedBy?: StopReason;
  readonly modelError?: RawModelError<unknown>;
  readonly truncated: boolean;
  /** Bytes of the store (this worker's share of a shared one). */
  readonly bytes: number;
  /** The initial states `init()` returned, as counted in `generated` (by worker 0 only). */
  readonly initialGenerated: number;
  readonly deadlocks: number;
  /** Per depth (index 0 = depth 1): the new states this search stored at that depth. */
  readonly levelStates: readonly number[];
  /** Per depth: the transitions this search generated from states at that depth. */
  readonly levelTransitions: readonly number[];
}

/**
 * The summary of a search now, as plain data (a worker posts it to the coordinator).
 *
 * @example
 * port.postMessage({ type: 'summary', summary: summarize(search) });
 */
export function summarize<S, A extends Action>(search: SearchEngine<S, A>): SearchSummary {
  return {
    count: search.store.count,
    generated: search.generated,
    depth: search.depth,
    queue: search.queue,
    findings: search.findings.map((f) => (f ? { state: f.state, action: f.action, depth: f.depth, owner: f.owner, thread: f.thread } : undefined)),
    maxReached: search.maxReached,
    stoppedBy: search.stoppedBy,
    modelError: search.modelError as RawModelError<unknown> | undefined,
    truncated: search.truncated,
    bytes: search.store.bytes(),
    initialGenerated: search.initialGenerated,
    deadlocks: search.deadlocks,
    levelStates: [...search.levelStates],
    levelTransitions: [...search.levelTransitions],
  };
}

/**
 * The summary of a parallel check's worker that has not joined the search yet: nothing stored,
 * generated or found, for a model of `properties` properties.
 *
 * @example
 * emptySummary(2).count; // 0
 */
export function emptySummary(properties: number): SearchSummary {
  return {
    count: 0,
    generated: 0,
    depth: 0,
    queue: 0,
    findings: Array.from({ length: properties }, () => undefined),
    maxReached: Array.from({ length: properties }, () => -Infinity),
    truncated: false,
    bytes: 0,
    initialGenerated: 0,
    deadlocks: 0,
    levelStates: [],
    levelTransitions: [],
  };
}

/**
 * A finding and the worker whose store holds its state (0 in a one-worker check).
 *
 * @example
 * const f: PlacedFinding = { worker: 1, state: 41, action: 2 };
 */
export interface PlacedFinding extends Finding {
  readonly worker: number;
}

/**
 * What the searches of one check found, merged.
 *
 * @example
 * const outcome = mergeSummaries([summarize(search)]);
 * outcome.stoppedBy; // undefined after a complete search
 */
export interface SearchOutcome<S> {
  readonly stoppedBy?: StopReason;
  readonly modelError?: RawModelError<S> & { readonly worker: number };
  /** Per property: the finding at the smallest depth (ties: the lowest worker). */
  readonly findings: readonly (PlacedFinding | undefined)[];
  /** Per bounded property: the largest measure seen. */
  readonly maxReached: readonly number[];
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  readonly queue: number;
  readonly bytes: number;
  readonly initialGenerated: number;
  readonly deadlocks: number;
  /** Per depth (index 0 = depth 1): the new states stored at that depth, and the transitions generated from them. */
  readonly levels: readonly LevelStats[];
}

/**
 * Merges the summaries of a check's searches (one, or one per worker, in worker order);
 * `coordinatorStop` is why the coordinator of a parallel check stopped it, if it did.
 *
 * @example
 * mergeSummaries(summaries, 'timeLimit').stoppedBy; // 'timeLimit', unless a model error came first
 */
export function mergeSummaries<S>(summaries: readonly SearchSummary[], coordinatorStop?: StopReason): SearchOutcome<S> {
  const workerStop = summaries.find((s) => s.stoppedBy !== undefined)?.stoppedBy;
  const truncated = summaries.some((s) => s.truncated);
  // A state a worker took from another's frontier is named by that worker (`owner`).
  const modelError = summaries
    .map((s, worker) => (s.modelError ? { ...(s.modelError as RawModelError<S>), worker: s.modelError.owner ?? worker } : undefined))
    .find((e) => e !== undefined);
  const properties = summaries[0]?.findings.length ?? 0;
  const findings: (PlacedFinding | undefined)[] = [];
  const maxReached: number[] = [];
  for (let p = 0; p < properties; p++) {
    let best: PlacedFinding | undefined;
    summaries.forEach((s, worker) => {
      const f = s.findings[p];
      if (f && (best === undefined || (f.depth ?? 0) < (best.depth ?? 0))) best = { ...f, worker: f.owner ?? worker };
    });
    findings.push(best);
    maxReached.push(Math.max(...summaries.map((s) => s.maxReached[p])));
  }
  return {
    stoppedBy: modelError ? 'modelError' : (coordinatorStop ?? workerStop ?? (truncated ? 'maxDepth' : undefined)),
    modelError,
    findings,
    maxReached,
    distinct: summaries.reduce((n, s) => n + s.count, 0),
    generated: summaries.reduce((n, s) => n + s.generated, 0),
    depth: Math.max(...summaries.map((s) => s.depth)),
    queue: summaries.reduce((n, s) => n + s.queue, 0),
    bytes: summaries.reduce((n, s) => n + s.bytes, 0),
    initialGenerated: summaries.reduce((n, s) => n + s.initialGenerated, 0),
    deadlocks: summaries.reduce((n, s) => n + s.deadlocks, 0),
    levels: mergeLevels(summaries),
  };
}

/** Per depth, the workers' states and transitions added up. */
function mergeLevels(summaries: readonly SearchSummary[]): LevelStats[] {
  const depth = Math.max(0, ...summaries.map((s) => Math.max(s.levelStates.length, s.levelTransitions.length)));
  const levels: LevelStats[] = [];
  for (let d = 0; d < depth; d++) {
    let states = 0;
    let transitions = 0;
    for (const s of summaries) {
      states += s.levelStates[d] ?? 0;
      transitions += s.levelTransitions[d] ?? 0;
    }
    levels.push({ states, transitions });
  }
  return levels;
}
