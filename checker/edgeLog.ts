/**
 * The transitions of a one-worker exact search, recorded as the search stores them, so that the
 * `neverStuck` analysis after it can build the state graph without expanding every state again.
 *
 * The search expands states in index order and stages each state's successors in action order,
 * so the transitions arrive grouped by source, the sources in increasing order: the log keeps
 * only each transition's target and a count per source. That is the compressed-row layout of
 * `GraphRows` (see `stuck.ts`), filled as a by-product of the lookups the search does anyway.
 * Rebuilding the graph instead meant a second pass of `actions`, `next`, encoding and lookup over
 * the whole state space: on the IPC protocol models about as long as the search itself.
 *
 * Both logs are kept in fixed chunks rather than arrays that double: a doubling array copies
 * everything at each growth and touches twice the fresh memory, which cost about 5% of the
 * search on serverPool C=4.
 */

/** Entries per chunk: 2^18 (1 MiB). */
const CHUNK_BITS = 18;
const CHUNK = 1 << CHUNK_BITS;

/**
 * An append-only log of transitions `source → target` in the order the search stores them
 * (sources non-decreasing). It stops recording, and frees what it holds, when its guard refuses
 * the memory of a new chunk: the analysis then falls back to expanding the states again.
 *
 * @example
 * const log = new EdgeLog(() => true);
 * log.append(0, 1); log.append(0, 2); log.append(2, 0);
 * log.counts(3);  // Int32Array [2, 0, 1]: transitions out of states 0, 1 and 2
 * log.targets();  // Int32Array [1, 2, 0]
 */
export class EdgeLog {
  /** Transitions recorded. */
  edges = 0;
  /** False once a chunk was refused: the log is then empty and records nothing more. */
  recording = true;
  private targetChunks: Int32Array[] = [];
  /** Per source state (chunk `source >> CHUNK_BITS`): its transitions, so far. */
  private countChunks: Int32Array[] = [];
  /** The chunk being filled, and the next free entry in it. */
  private tail: Int32Array = new Int32Array(0);
  private tailAt = 0;

  /** `guard(bytes)` says whether `bytes` more may be allocated (the search's memory bound). */
  constructor(private readonly guard: (bytes: number) => boolean) {}

  /** Records the transition `source → target`; `source` is at least that of the last call. */
  append(source: number, target: number): void {
    if (!this.recording) return;
    if (this.tailAt === this.tail.length) {
      const chunk = this.newChunk();
      if (chunk === undefined) return;
      this.targetChunks.push(chunk);
      this.tail = chunk;
      this.tailAt = 0;
    }
    const c = source >>> CHUNK_BITS;
    while (c >= this.countChunks.length) {
      const chunk = this.newChunk();
      if (chunk === undefined) return;
      this.countChunks.push(chunk);
    }
    this.tail[this.tailAt++] = target;
    this.countChunks[c][source & (CHUNK - 1)]++;
    this.edges++;
  }

  /** The transitions out of each of the states `0…states - 1`, in one fresh array. */
  counts(states: number): Int32Array {
    return join(this.countChunks, states);
  }

  /** The targets of all transitions, source after source, in one fresh array. */
  targets(): Int32Array {
    return join(this.targetChunks, this.edges);
  }

  /** Bytes the log holds. */
  bytes(): number {
    return (this.targetChunks.length + this.countChunks.length) * CHUNK * 4;
  }

  /** A new chunk, or undefined (and recording stops) when the guard refuses its memory. */
  private newChunk(): Int32Array<ArrayBuffer> | undefined {
    if (this.guard(CHUNK * 4)) return new Int32Array(CHUNK);
    this.recording = false;
    this.edges = 0;
    this.targetChunks = [];
    this.countChunks = [];
    this.tail = new Int32Array(0);
    this.tailAt = 0;
    return undefined;
  }
}

/** The first `n` entries of `chunks`, in one array (zeros past the last chunk). */
function join(chunks: readonly Int32Array[], n: number): Int32Array {
  const out = new Int32Array(n);
  for (let c = 0; c < chunks.length && c * CHUNK < n; c++) out.set(chunks[c].subarray(0, Math.min(CHUNK, n - c * CHUNK)), c * CHUNK);
  return out;
}
