/**
 * The transitions of an exact search, recorded as the search stores them, so that the
 * `neverStuck` analysis after it can build the state graph without expanding every state again.
 *
 * A search stages all successors of a state together, in action order, so one worker's log holds
 * each source's transitions as one run: the log keeps every transition's target, and per run its
 * source and length. States are named as the search's parent references name them (with one
 * worker, the index). That is the compressed-row layout of `GraphRows` (see `stuck.ts`), filled as
 * a by-product of the lookups the search does anyway. Rebuilding the graph instead meant a second
 * pass of `actions`, `next`, encoding and lookup over the whole state space: on the IPC protocol
 * models about as long as the search itself.
 *
 * The logs are kept in fixed chunks rather than arrays that double: a doubling array copies
 * everything at each growth and touches twice the fresh memory (bench/NOTES.md, "Transition log
 * chunks").
 */

/** Entries per chunk: 2^18 (1 MiB). */
const CHUNK_BITS = 18;
const CHUNK = 1 << CHUNK_BITS;

/**
 * The transitions a log recorded, in contiguous arrays: run `r` has `runCounts[r]` transitions out
 * of state `runSources[r]`, whose targets follow those of run `r - 1` in `targets`.
 *
 * @example
 * const t: RecordedTransitions = { runSources: Int32Array.of(0, 2), runCounts: Int32Array.of(2, 1), targets: Int32Array.of(1, 2, 0) };
 */
export interface RecordedTransitions {
  readonly runSources: Int32Array;
  readonly runCounts: Int32Array;
  readonly targets: Int32Array;
}

/**
 * An append-only log of transitions `source → target` in the order a search stores them. It
 * stops recording, and frees what it holds, when its guard refuses the memory of a new chunk: the
 * analysis then falls back to expanding the states again.
 *
 * @example
 * const log = new EdgeLog(() => true);
 * log.append(0, 1); log.append(0, 2); log.append(2, 0);
 * log.countsBySource(3); // Int32Array [2, 0, 1]: transitions out of states 0, 1 and 2
 * log.targets();        // Int32Array [1, 2, 0]
 */
export class EdgeLog {
  /** Runs recorded (sources with transitions, in the order they came). */
  runs = 0;
  /** False once a chunk was refused: the log is then empty and records nothing more. */
  recording = true;
  private targetChunks: Int32Array[] = [];
  /** Per run: its source, and the number of transitions recorded before it. */
  private sourceChunks: Int32Array[] = [];
  private startChunks: Int32Array[] = [];
  /** The target chunk being filled, and the next free entry in it (a full chunk at first). */
  private tail: Int32Array = new Int32Array(0);
  private tailAt = CHUNK;
  /** The source of the run being recorded (-1 before the first). */
  private lastSource = -1;

  /** `guard(bytes)` says whether `bytes` more may be allocated (the search's memory bound). */
  constructor(private readonly guard: (bytes: number) => boolean) {}

  /** Transitions recorded. */
  get edges(): number {
    return this.targetChunks.length === 0 ? 0 : (this.targetChunks.length - 1) * CHUNK + this.tailAt;
  }

  /** Records the transition `source → target`; a source's transitions come one after another. */
  append(source: number, target: number): void {
    if (source !== this.lastSource && !this.startRun(source)) return;
    if (this.tailAt === CHUNK) {
      if (!this.addChunk(this.targetChunks)) return;
      this.tail = this.targetChunks[this.targetChunks.length - 1];
      this.tailAt = 0;
    }
    this.tail[this.tailAt++] = target;
  }

  /** Begins the run of `source`'s transitions; false when the log does not record. */
  private startRun(source: number): boolean {
    if (!this.recording) return false;
    const r = this.runs;
    if ((r & (CHUNK - 1)) === 0 && !(this.addChunk(this.sourceChunks) && this.addChunk(this.startChunks))) return false;
    this.sourceChunks[r >>> CHUNK_BITS][r & (CHUNK - 1)] = source;
    this.startChunks[r >>> CHUNK_BITS][r & (CHUNK - 1)] = this.edges;
    this.runs = r + 1;
    this.lastSource = source;
    return true;
  }

  /** The number of transitions of run `r`. */
  private runLength(r: number): number {
    const next = r + 1 === this.runs ? this.edges : this.startChunks[(r + 1) >>> CHUNK_BITS][(r + 1) & (CHUNK - 1)];
    return next - this.startChunks[r >>> CHUNK_BITS][r & (CHUNK - 1)];
  }

  /** The transitions out of each of the states `0…states - 1` (sources named by index), in one fresh array. */
  countsBySource(states: number): Int32Array {
    const out = new Int32Array(states);
    for (let r = 0; r < this.runs; r++) out[this.sourceChunks[r >>> CHUNK_BITS][r & (CHUNK - 1)]] += this.runLength(r);
    return out;
  }

  /** The targets of all transitions, in the order recorded, in one fresh array. */
  targets(): Int32Array {
    return join(this.targetChunks, this.edges);
  }

  /**
   * Calls `visit(source, target)` for every transition, in the order recorded, reading the log
   * where it lies (no copy: the `neverStuck` analysis reads it twice this way).
   */
  forEachTransition(visit: (source: number, target: number) => void): void {
    const mask = CHUNK - 1;
    let e = 0;
    for (let r = 0; r < this.runs; r++) {
      const source = this.sourceChunks[r >>> CHUNK_BITS][r & mask];
      for (let end = e + this.runLength(r); e < end; e++) visit(source, this.targetChunks[e >>> CHUNK_BITS][e & mask]);
    }
  }

  /**
   * Everything recorded, in contiguous fresh arrays (which a worker can transfer); undefined when
   * the guard refuses their memory (the log then stops recording and frees what it holds).
   */
  transitions(): RecordedTransitions | undefined {
    if (!this.recording || !this.guard(4 * (2 * this.runs + this.edges))) {
      this.stop();
      return undefined;
    }
    const runCounts = new Int32Array(this.runs);
    for (let r = 0; r < this.runs; r++) runCounts[r] = this.runLength(r);
    return { runSources: join(this.sourceChunks, this.runs), runCounts, targets: this.targets() };
  }

  /** Bytes the log holds. */
  bytes(): number {
    return (this.targetChunks.length + this.sourceChunks.length + this.startChunks.length) * CHUNK * 4;
  }

  /** Appends a new chunk to `chunks`; false (and recording stops) when the guard refuses its memory. */
  private addChunk(chunks: Int32Array[]): boolean {
    if (this.recording && this.guard(CHUNK * 4)) {
      chunks.push(new Int32Array(CHUNK));
      return true;
    }
    this.stop();
    return false;
  }

  /** Stops recording and lets go of everything recorded. */
  private stop(): void {
    this.recording = false;
    this.lastSource = -1;
    this.runs = 0;
    this.targetChunks = [];
    this.sourceChunks = [];
    this.startChunks = [];
    this.tail = new Int32Array(0);
    this.tailAt = CHUNK;
  }
}

/** The first `n` entries of `chunks`, in one array. */
function join(chunks: readonly Int32Array[], n: number): Int32Array {
  const out = new Int32Array(n);
  for (let c = 0; c * CHUNK < n; c++) out.set(chunks[c].subarray(0, Math.min(CHUNK, n - c * CHUNK)), c * CHUNK);
  return out;
}
