/**
 * Options of a check.
 */

/**
 * Progress of a running search, reported about once a second.
 *
 * @example
 * check(model, { onProgress: (p) => console.error(`${p.distinct} states, depth ${p.depth}`) });
 */
export interface Progress {
  readonly distinct: number;
  readonly generated: number;
  /** States discovered but not yet expanded. */
  readonly queue: number;
  readonly depth: number;
  readonly elapsedMs: number;
  readonly statesPerSecond: number;
  /**
   * Set once the search is over, while the liveness analysis after it runs (the other fields are
   * then the finished search's): where the analysis is.
   */
  readonly analysis?: AnalysisProgress;
}

/**
 * Where the liveness analysis after a complete search is: reading the stored states into the
 * state graph (`'graph'`, `done` of `total` states read), or deciding the properties one by one
 * (`'deciding'`, property `done + 1` of `total`). Reported first after the analysis has run a
 * second, then at most once a second.
 *
 * @example
 * const p: AnalysisProgress = { phase: 'graph', done: 1_200_000, total: 3_000_000, elapsedMs: 2100 };
 */
export interface AnalysisProgress {
  readonly phase: 'graph' | 'deciding';
  readonly done: number;
  readonly total: number;
  /** Since the analysis began. */
  readonly elapsedMs: number;
}

/**
 * How to run a check. Every bound that stops the search makes the result incomplete.
 *
 * @example
 * check(model, { maxStates: 1e6, maxDepth: 30, timeLimitMs: 60_000 });
 */
export interface CheckOptions {
  /** Stop after storing this many distinct states. */
  readonly maxStates?: number;
  /**
   * Exact mode: how many distinct states the search is expected to store (a previous run's
   * count, say). The store's table starts large enough for them (4 bytes a slot, at most 3/4
   * full), so the search never stops to grow it, as SPIN's `-w` sizes its table up front; a
   * search that stores more grows it as usual, and the result is the same either way. Refused
   * in fingerprint mode and when the table would not fit under `maxMemoryBytes`.
   */
  readonly expectedStates?: number;
  /** Do not expand states at this depth (initial states are at depth 1). */
  readonly maxDepth?: number;
  /** Stop after this many milliseconds. */
  readonly timeLimitMs?: number;
  /**
   * Stop cleanly, with an incomplete result and all statistics, before the process's resident
   * memory would pass this many bytes. Default: {@link defaultMemoryLimit}.
   */
  readonly maxMemoryBytes?: number;
  /**
   * Store each state as a 64-bit fingerprint instead of exactly (TLC's default): a table slot
   * per state whatever its size, at the risk, reported as TLC estimates it, that two distinct
   * states share a fingerprint and one is never explored.
   */
  readonly fingerprint?: boolean;
  /**
   * Symmetry reduction: store one state per orbit of the model's `symmetry` (the least encoding
   * among the state's thread renamings), so that states differing only in which interchangeable
   * thread is which count once. Exact mode and one worker only; the model must declare
   * `symmetry` (a design × workload model derives its own: `model/compose/symmetry.ts`), and its
   * properties must be symmetric (checked on a sample at the start: IPC008).
   * Counterexamples are mapped back to concrete states and stay shortest. `neverStuck` and the
   * liveness properties are not decided under it (unknown, with the reason).
   */
  readonly symmetry?: boolean;
  /** Stop at the first violated property instead of exploring everything. */
  readonly stopOnViolation?: boolean;
  /** Called about every `progressIntervalMs` during the search, and during the liveness analysis after it (see {@link Progress.analysis}). */
  readonly onProgress?: (p: Progress) => void;
  /** Default 1000. */
  readonly progressIntervalMs?: number;
  /** Polled during the search; returning true interrupts it (Ctrl-C). */
  readonly shouldStop?: () => boolean;
  /**
   * States expanded together, whose successors are looked up as one batch so that their memory
   * reads overlap; default 32. Any value gives the same result; 1 expands one state at a time.
   */
  readonly expansionBatch?: number;
  /**
   * Re-expand every this many states of each breadth-first level (the first of each level
   * included) and compare the successors with the first expansion's, so that a model whose
   * `actions` or `next` is not deterministic (`Math.random`, a counter in a closure) is a model
   * error (IPC003) during the search, not only when a trace fails to replay. Default 32 (about 2%
   * more time; see the bench notes); 1 re-expands every state, 0 none. The states chosen are the
   * same in every one-worker run; with workers, those at the same distances from the start of
   * each block of states a worker takes.
   */
  readonly reexpandEvery?: number;
  /** How many more rounds a growth witness replays beyond the bound; default 5. */
  readonly growthRounds?: number;
  /**
   * For a model with `neverStuck` properties in exact mode: record every transition's target as
   * the search stores it (4 bytes per transition, 8 per expanded state), so that the analysis
   * after the search need not expand every state again. Default true; false spends that time
   * instead of that memory. Either way the verdicts are the same.
   */
  readonly recordTransitions?: boolean;
}
