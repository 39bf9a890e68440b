/**
 * The breadth-first search engine.
 *
 * States are discovered in breadth-first order and stored once (exactly, in {@link StateStore});
 * the store is the queue. State properties are checked when a state is first seen, transition
 * properties on every generated transition and deadlocks when a state is expanded, so the first
 * violation recorded for a property is at the smallest depth: its trace is a shortest one.
 * The search runs in slices so that an asynchronous driver can yield between them.
 */
import { formatAction, type Action, type Model } from '../model/core/model.js';
import { StateCodec } from '../model/core/shape/codec.js';
import { ShapeViolation } from '../model/core/shape/shape.js';
import type { Bounded, Property } from '../properties/property.js';
import { describeThrown, type ModelErrorCode } from './errors.js';
import { hashWords } from '../model/core/shape/hash.js';
import type { CheckOptions } from './options.js';
import type { StopReason } from './result.js';
import { defaultMemoryLimit, fitsInMemory } from './memory.js';
import { FingerprintStore } from './fingerprintStore.js';
import { STORE_FULL, StateStore } from './stateStore.js';
import { EdgeLog } from './edgeLog.js';
import type { VisitedStore } from './visitedStore.js';
import type { SharedStateStore } from './parallel/sharedStateStore.js';

/**
 * Where a property was decided: the state index (and for transitions, the action taken from it).
 *
 * @example
 * const f: Finding = { state: 41, action: 2 }; // the step from state 41 by its third enabled action
 */
export interface Finding {
  /** Index of the violating or witnessing state, or of the state a transition starts from. */
  readonly state: number;
  /** The depth of that state (initial states at depth 1). */
  readonly depth?: number;
  /** For a transition finding: the action index taken from `state`. */
  readonly action?: number;
  /** For a `neverStuck` finding: the stuck thread (an index into the property's threads). */
  readonly thread?: number;
  /**
   * In a parallel check with a shared store: the worker whose arena holds `state`, when it is not
   * the worker reporting the finding (a state it took from another worker's frontier).
   */
  readonly owner?: number;
}

/**
 * A model error seen during the search, before its trace is rebuilt by replay.
 *
 * @example
 * search.modelError; // { code: 'IPC001', phase: 'next', message: 'next() threw: …', state: 7, action: 1 }
 */
export interface RawModelError<S> {
  readonly code: ModelErrorCode;
  readonly phase: string;
  readonly message: string;
  /** The state being expanded (or -1 during init). */
  readonly state: number;
  readonly action?: number;
  /** The successor that broke its shape, or a state a predicate threw on. */
  readonly badState?: S;
  /** As {@link Finding.owner}: the worker holding `state`, when not the one reporting. */
  readonly owner?: number;
}

const CLOCK_EVERY = 256;
/** Shared mode: frontier states claimed at once. */
const CLAIM_BLOCK = 128;
/**
 * States expanded per batch by default (see `Search.expandRange`).
 *
 * @example
 * new Search(model, { expansionBatch: EXPANSION_BATCH }); // the same as the default
 */
export const EXPANSION_BATCH = 32;

/**
 * How a search takes part in a parallel check: the state space is split between `workers`
 * searches by hash; this one owns the states whose hash maps to `id` and hands every other
 * successor to `route`. Parent references are `index * workers + worker`, so that a trace can
 * cross partitions; with one worker they are plain indices.
 *
 * @example
 * new Search(model, options, { id: 0, workers: 2, route: (owner, words, at, parentRef, action) => outbox[owner].push(…) });
 */
export interface Partition {
  readonly id: number;
  readonly workers: number;
  readonly route: (owner: number, words: Uint32Array, at: number, parentRef: number, action: number) => void;
}

/**
 * How a search takes part in a parallel check with one visited table for all workers: every
 * worker stores the successors it finds new, and expands states of any worker's frontier, which
 * it claims in blocks. Parent references are `index * workers + worker`, as with a partition.
 *
 * @example
 * new Search(model, options, { id: 0, workers: 2, shared: new SharedStateStore(buffers, 0) });
 */
export interface SharedPartition {
  readonly id: number;
  readonly workers: number;
  readonly shared: SharedStateStore;
}

/**
 * The worker that owns a state with this hash, among `workers`: a multiply-shift map on the
 * hash's high bits, independent of the low bits the visited table uses.
 *
 * @example
 * ownerOf(hash, 2); // 0 or 1
 */
export function ownerOf(hash: number, workers: number): number {
  return Math.floor(((hash >>> 0) * workers) / 4294967296);
}

/**
 * A breadth-first search over one model; `run` advances it until it ends or a slice deadline.
 *
 * @example
 * const search = new Search(model, {});
 * while (!search.run(Infinity)) {}
 * search.store.count; // distinct states
 */
export class Search<S, A extends Action> {
  readonly codec: StateCodec<S>;
  readonly store: VisitedStore;
  readonly properties: readonly Property<S, A>[];
  /** Per property (in model order): where it was decided, if it was. */
  readonly findings: (Finding | undefined)[];
  /** Per bounded property: the largest measure seen. */
  readonly maxReached: number[];
  generated = 0;
  /** States taken off the queue and expanded (or found at the depth bound). */
  expanded = 0;
  /** Depth (in states) of the deepest stored state. */
  depth = 0;
  cursor = 0;
  stoppedBy?: StopReason;
  modelError?: RawModelError<S>;
  /** A state at the depth bound had enabled actions that were not explored. */
  truncated = false;
  readonly startedAt = performance.now();
  elapsedMs = 0;

  /** The successors of the state being expanded: encoded words, hashes, action indices, values. */
  private batchWords: Uint32Array;
  private batchHashes = new Int32Array(16);
  private batchActions = new Int32Array(16);
  private batchParents = new Int32Array(16);
  private batchStates: (S | undefined)[] = [];
  /**
   * Whether {@link stage} keeps each successor's object for the property checks of the new ones,
   * or lets it go and {@link storeBatch} decodes the new ones again. Kept objects survive the
   * young-generation collections that run while a batch is staged, so V8 copies them and grows
   * its young generation (on l4Ipc C=5 to semi-spaces of 16 MiB instead of 8, with about 5,000
   * more page faults); a decode costs the new states only. So the objects are kept only while at least
   * half the successors turn out new (see {@link flushRange}). Interleaved runs: l4Ipc C=5
   * (29% new) 1,945 → 1,775 ms and dining n=11 (11% new) 2,270 → 2,096 ms when decoding;
   * serverPool C=4 (69% new) 3,767 ms keeping against 4,021 decoding.
   */
  private keepSuccessors = true;
  /**
   * An exact store (this search's own, or shared by the workers) and a model with `neverStuck`
   * properties: every transition the search stores, its states named as parent references name
   * them, so that the analysis need not expand the states again (see {@link EdgeLog}).
   */
  readonly edges: EdgeLog | undefined;
  /** The exact store that says which state a duplicate successor is, for {@link edges}. */
  private readonly seenStore: { readonly lastSeen: number } | undefined;
  /** The resident-memory bound in bytes. */
  readonly memoryLimit: number;
  /** Partitions in the check (1 without one) and this search's number among them. */
  private readonly workers: number;
  private readonly workerId: number;
  /** The hash partition this search owns, in a partitioned parallel check. */
  readonly partition: Partition | undefined;
  /** The store shared by every worker, in a shared parallel check. */
  private readonly shared: SharedStateStore | undefined;
  /** The worker whose arena holds the states being expanded (this one but in shared mode). */
  private srcOwner: number;
  /** Shared mode: the claimed block of frontier states not yet expanded (owner, next, end). */
  private claimOwner = 0;
  private claimNext = 0;
  private claimEnd = 0;
  /** Per state of the batch being expanded: its number of transitions. */
  private readonly rangeGenerated: Int32Array;
  /** States expanded per batch. */
  private readonly expansionBatch: number;
  /** The batch entry at which the last `storeBatch` that returned false stopped. */
  private stoppedAt = 0;
  /** Keeps the reads of `StateStore.touch` alive. */
  private sink = 0;

  private level = 1;
  private levelEnd = 0;
  private lastProgress = performance.now();
  private lastMemoryCheck = 0;
  private done = false;
  private readonly stateProps: number[] = [];
  private readonly stepProps: number[] = [];
  private readonly deadlockProps: number[] = [];

  constructor(
    readonly model: Model<S, A>,
    readonly options: CheckOptions,
    partition?: Partition | SharedPartition,
  ) {
    this.codec = new StateCodec(model.shape);
    const batch = options.expansionBatch ?? EXPANSION_BATCH;
    if (!Number.isSafeInteger(batch) || batch < 1) throw new RangeError(`expansionBatch must be a whole number ≥ 1, got ${batch}`);
    this.expansionBatch = batch;
    this.rangeGenerated = new Int32Array(batch);
    this.shared = partition !== undefined && 'shared' in partition ? partition.shared : undefined;
    this.partition = partition !== undefined && 'route' in partition ? partition : undefined;
    this.store = this.shared ?? (options.fingerprint ? new FingerprintStore(this.codec.words) : new StateStore(this.codec.words));
    this.workers = partition?.workers ?? 1;
    this.workerId = partition?.id ?? 0;
    this.srcOwner = this.workerId;
    this.memoryLimit = options.maxMemoryBytes ?? defaultMemoryLimit();
    const limit = this.memoryLimit;
    this.store.allocationGuard = (bytes) => fitsInMemory(bytes, limit);
    this.seenStore = partition === undefined && this.store instanceof StateStore ? this.store : this.shared;
    const recordEdges = options.recordTransitions !== false && this.seenStore !== undefined && model.properties.some((p) => p.kind === 'neverStuck');
    this.edges = recordEdges ? new EdgeLog((bytes) => fitsInMemory(bytes, limit)) : undefined;
    this.batchWords = new Uint32Array(this.batchHashes.length * this.codec.words);
    this.properties = model.properties;
    const names = new Set<string>();
    model.properties.forEach((p, i) => {
      if (names.has(p.name)) throw new Error(`model ${model.name}: two properties are named '${p.name}'; property names must be unique`);
      names.add(p.name);
      if (p.kind === 'step') this.stepProps.push(i);
      else if (p.kind === 'deadlockFree') this.deadlockProps.push(i);
      else if (p.kind !== 'neverStuck') this.stateProps.push(i);
    });
    this.findings = model.properties.map(() => undefined);
    this.maxReached = model.properties.map(() => -Infinity);
    this.addInitialStates();
  }

  /** True when the search has ended (complete, bounded, interrupted or failed). */
  get finished(): boolean {
    return this.done;
  }

  private fail(error: RawModelError<S>): void {
    this.modelError = error;
    this.stoppedBy = 'modelError';
    this.done = true;
  }

  /** Fails with IPC002, naming the field of `t` that is outside the declared shape. */
  private failShape(t: S, parent: number, action: number): void {
    let why: string;
    try {
      this.codec.explainViolation(t);
    } catch (e) {
      if (!(e instanceof ShapeViolation)) throw e;
      why = e.message;
    }
    this.fail({ code: 'IPC002', phase: 'shape', message: `a state left its declared shape: ${why!}`, ...this.at(parent), action, badState: t });
  }

  private decide(p: number, finding: Finding): void {
    this.findings[p] = finding;
    if (this.options.stopOnViolation && this.properties[p].kind !== 'sometimes') {
      this.stoppedBy = 'violation';
      this.done = true;
    }
  }

  private addInitialStates(): void {
    let inits: readonly S[];
    try {
      inits = this.model.init();
    } catch (e) {
      return this.fail({ code: 'IPC001', phase: 'init', message: `init() threw: ${describeThrown(e)}`, state: -1 });
    }
    if (inits.length === 0) {
      return this.fail({ code: 'IPC006', phase: 'init', message: 'init() returned no state: a model needs at least one initial state', state: -1 });
    }
    // Every partition computes the initial states and keeps its own; the first counts them.
    if (this.workerId === 0) this.generated += inits.length;
    let k = 0;
    for (let i = 0; i < inits.length; i++) {
      const next = this.stage(inits[i], -1, i, k);
      if (next < 0) return this.failStage(inits[i], -1, i);
      k = next;
    }
    if (k > 0 && (this.shared === undefined || this.workerId === 0)) {
      // Shared mode: the first worker stores the initial states, in a table with room for them.
      if (this.shared !== undefined && !this.shared.reserve(k, true)) throw new RangeError(`${k} initial states do not fit in the shared table`);
      this.storeBatch(k, 1, false);
    }
    this.levelEnd = this.store.count;
  }

  /**
   * Puts successor `t` (reached from `parent` by its `action`-th action) into batch slot `k`:
   * applies `withinBounds`, encodes and hashes it. Returns the next free slot (`k` again when `t`
   * is outside the bounds), or -1 when `t` cannot be staged (`withinBounds` threw, or `t` left its
   * shape); {@link failStage} then reports why.
   */
  private stage(t: S, parent: number, action: number, k: number): number {
    const withinBounds = this.model.withinBounds;
    if (withinBounds !== undefined) {
      let inside: boolean;
      try {
        inside = withinBounds.call(this.model, t);
      } catch {
        return -1;
      }
      if (!inside) return k;
    }
    if (k === this.batchHashes.length) this.growBatch(k + 1);
    const hash = this.codec.encodeHashAt(t, this.batchWords, k * this.codec.words);
    if (hash < 0) return -1;
    this.batchHashes[k] = hash;
    this.batchActions[k] = action;
    this.batchParents[k] = parent < 0 ? -1 : parent * this.workers + this.srcOwner;
    this.batchStates[k] = this.keepSuccessors ? t : undefined;
    return k + 1;
  }

  /** Fails with the reason {@link stage} refused `t`: `withinBounds` threw (IPC001) or a shape violation (IPC002). */
  private failStage(t: S, parent: number, action: number): void {
    const withinBounds = this.model.withinBounds;
    if (withinBounds !== undefined) {
      try {
        withinBounds.call(this.model, t);
      } catch (e) {
        return this.fail({ code: 'IPC001', phase: 'withinBounds', message: `withinBounds() threw: ${describeThrown(e)}`, ...this.at(parent), action, badState: t });
      }
    }
    this.failShape(t, parent, action);
  }

  /**
   * Looks up the `k` staged states as a batch (their table reads overlap), stores the new ones at
   * `depth`, and checks their properties. In partition mode, states another partition owns are
   * routed to it when `route` is set (successors) and skipped otherwise (initial states, which
   * every partition computes). False when the search must end.
   */
  private storeBatch(k: number, depth: number, route: boolean): boolean {
    const store = this.store;
    const words = this.codec.words;
    const maxStates = this.options.maxStates ?? Infinity;
    const batchWords = this.batchWords;
    const batchHashes = this.batchHashes;
    const partition = this.partition;
    const edges = this.edges;
    this.sink ^= store.touch(batchHashes, k);
    for (let j = 0; j < k; j++) {
      const at = j * words;
      const hash = batchHashes[j] >>> 0;
      if (partition !== undefined) {
        const owner = ownerOf(hash, partition.workers);
        if (owner !== partition.id) {
          if (route) partition.route(owner, batchWords, at, this.batchParents[j], this.batchActions[j]);
          continue;
        }
      }
      if (store.count >= maxStates) {
        // The store is full: a state already stored may pass; anything new ends the search.
        if (store.contains(batchWords, at, hash)) continue;
        this.stoppedBy = 'maxStates';
        this.done = true;
        this.stoppedAt = j;
        return false;
      }
      const index = store.add(batchWords, at, hash, this.batchParents[j], this.batchActions[j]);
      if (index === STORE_FULL) {
        this.stoppedBy = 'maxMemory';
        this.done = true;
        this.stoppedAt = j;
        return false;
      }
      if (edges !== undefined && this.batchParents[j] >= 0) {
        edges.append(this.batchParents[j], index >= 0 ? index * this.workers + this.workerId : this.seenStore!.lastSeen);
      }
      if (index < 0) continue;
      if (depth > this.depth) this.depth = depth;
      const t = this.batchStates[j] ?? this.codec.decode(batchWords, at);
      if (!this.checkState(t, index, depth)) {
        this.stoppedAt = j;
        return false;
      }
    }
    return true;
  }

  /** Checks the state properties on a newly stored state at `depth`. */
  private checkState(t: S, index: number, depth: number): boolean {
    const props = this.stateProps;
    const findings = this.findings;
    for (let k = 0; k < props.length; k++) {
      const p = props[k];
      const prop = this.properties[p];
      try {
        switch (prop.kind) {
          case 'always':
            if (findings[p] === undefined && !prop.holds(t)) this.decide(p, { state: index, depth });
            break;
          case 'sometimes':
            if (findings[p] === undefined && prop.holds(t)) this.decide(p, { state: index, depth });
            break;
          case 'bounded': {
            const m = (prop as Bounded<S>).measure(t);
            if (m > this.maxReached[p]) this.maxReached[p] = m;
            if (findings[p] === undefined && m > prop.max) this.decide(p, { state: index, depth });
            break;
          }
        }
      } catch (e) {
        this.fail({ code: 'IPC005', phase: `property '${prop.name}'`, message: `property '${prop.name}' threw: ${describeThrown(e)}`, state: index, badState: t });
        return false;
      }
    }
    return !this.done;
  }

  /**
   * The periodic checks (time, interrupt, memory, progress), run every few hundred expansions.
   * Returns false when the search must stop; `sliceDeadline` passing returns 'slice'.
   */
  private clock(sliceDeadline: number): boolean | 'slice' {
    const opts = this.options;
    const now = performance.now();
    this.elapsedMs = now - this.startedAt;
    if (opts.timeLimitMs !== undefined && now >= this.startedAt + opts.timeLimitMs) {
      this.stoppedBy = 'timeLimit';
      return false;
    }
    if (opts.shouldStop?.()) {
      this.stoppedBy = 'interrupted';
      return false;
    }
    // Reading the resident size is a system call: about ten times a second is enough, since
    // the store's large allocations are checked before they happen.
    if (now - this.lastMemoryCheck >= 100) {
      this.lastMemoryCheck = now;
      if (!fitsInMemory(0, this.memoryLimit)) {
        this.stoppedBy = 'maxMemory';
        return false;
      }
    }
    if (opts.onProgress && now - this.lastProgress >= (opts.progressIntervalMs ?? 1000)) {
      this.lastProgress = now;
      opts.onProgress(this.progress());
    }
    return now >= sliceDeadline ? 'slice' : true;
  }

  /** Ends the search: records the time, and the depth bound as the reason if nothing else stopped it. */
  private finish(): void {
    this.elapsedMs = performance.now() - this.startedAt;
    this.done = true;
    if (this.stoppedBy === undefined && this.truncated) this.stoppedBy = 'maxDepth';
  }

  /**
   * Expands states until the search ends or `performance.now()` passes `sliceDeadline`.
   * Returns true when the search has ended.
   */
  run(sliceDeadline: number): boolean {
    if (this.done) return true;
    const store = this.store;
    let tick = 0;
    while (this.cursor < store.count) {
      tick += this.expansionBatch;
      if (tick >= CLOCK_EVERY) {
        tick = 0;
        const go = this.clock(sliceDeadline);
        if (go === false) break;
        if (go === 'slice') return false;
      }
      if (this.cursor === this.levelEnd) this.nextLevel();
      if (!this.expandRange(Math.min(this.levelEnd, this.cursor + this.expansionBatch))) break;
    }
    this.finish();
    return true;
  }

  /**
   * Partition mode: expands this search's states of the current level (successors owned by
   * other partitions go to `partition.route`). Returns false when the search must end.
   */
  expandLevel(): boolean {
    if (this.done) return false;
    let tick = 0;
    while (this.cursor < this.levelEnd) {
      tick += this.expansionBatch;
      if (tick >= CLOCK_EVERY) {
        tick = 0;
        if (this.clock(Infinity) === false) break;
      }
      if (!this.expandRange(Math.min(this.levelEnd, this.cursor + this.expansionBatch))) break;
    }
    if (this.stoppedBy !== undefined || this.modelError !== undefined) {
      this.finish();
      return false;
    }
    return true;
  }

  /**
   * Shared mode: expands blocks of the current level's states claimed from every worker's
   * frontier (its own first) until none is left ('levelDone'), a worker asked for a pause to make
   * room ('paused': call again after the resize, the claimed block is kept), or the search must
   * end ('ended').
   */
  expandClaims(): 'levelDone' | 'paused' | 'ended' {
    const shared = this.shared!;
    const budget = shared.batchRoom;
    let tick = 0;
    while (!this.done) {
      if (this.claimNext >= this.claimEnd && !this.claimBlock(shared)) return 'levelDone';
      tick += this.expansionBatch;
      if (tick >= CLOCK_EVERY) {
        tick = 0;
        if (this.clock(Infinity) === false) break;
      }
      if (shared.pauseRequested() || !shared.reserve(budget)) return 'paused';
      const before = shared.count;
      this.srcOwner = this.claimOwner;
      this.cursor = this.claimNext;
      const go = this.expandRange(Math.min(this.claimEnd, this.claimNext + this.expansionBatch), budget);
      this.claimNext = this.cursor;
      this.srcOwner = this.workerId;
      shared.settle(budget, shared.count - before);
      if (!go) break;
    }
    this.finish();
    return 'ended';
  }

  /** Claims the next block of frontier states, from this worker's frontier first. */
  private claimBlock(shared: SharedStateStore): boolean {
    for (let i = 0; i < this.workers; i++) {
      const w = (this.workerId + i) % this.workers;
      const from = shared.claimFrom(w, CLAIM_BLOCK);
      if (from >= 0) {
        this.claimOwner = w;
        this.claimNext = from;
        this.claimEnd = Math.min(from + CLAIM_BLOCK, shared.claimEnd(w));
        return true;
      }
    }
    return false;
  }

  /** Partition mode: states of the next level waiting to be expanded (after the exchange). */
  get frontier(): number {
    return this.store.count - this.levelEnd;
  }

  /** Moves to the next level: the states stored since the current level began. */
  nextLevel(): void {
    this.level++;
    this.levelEnd = this.store.count;
    this.store.release(this.cursor);
  }

  /** Partition mode: ends the search (the coordinator decided it is over). */
  end(): void {
    this.finish();
  }

  /**
   * Partition mode: stores the states other partitions generated for this one, `count` records
   * of `words` words, a parent reference and an action index each, at the next level.
   * Returns false when the search must end.
   */
  insertIncoming(records: Uint32Array, count: number): boolean {
    const words = this.codec.words;
    const stride = words + 2;
    let k = 0;
    for (let r = 0; r < count; r++) {
      if (k === this.batchHashes.length) {
        if (!this.storeBatch(k, this.level + 1, false)) return false;
        k = 0;
      }
      const at = k * words;
      const from = r * stride;
      for (let w = 0; w < words; w++) this.batchWords[at + w] = records[from + w];
      this.batchHashes[k] = hashWords(this.batchWords, at, words) | 0;
      this.batchParents[k] = records[from + words] | 0;
      this.batchActions[k] = records[from + words + 1];
      this.batchStates[k] = undefined;
      k++;
    }
    return this.storeBatch(k, this.level + 1, false);
  }

  /**
   * Expands the states from `cursor` up to `to` (all of the current level) and advances `cursor`
   * to `to`. Their successors are staged together and looked up as one batch, so that the cache
   * misses of many lookups overlap; they are stored in the same order as one expansion after
   * another would store them. A state whose expansion decides something or fails (a deadlock, a
   * transition property, a model error) ends the batch: the successors of the states before it
   * are stored, and it is expanded again alone by {@link expand}, which decides exactly as a
   * search without batches would. Returns false when the search must end, with `cursor` at the
   * state whose expansion ended it. With a `budget`, the range stores at most that many staged
   * successors: it ends early (`cursor` at the first state not expanded) rather than pass it.
   */
  private expandRange(to: number, budget = Infinity): boolean {
    let base = this.cursor;
    let k = 0;
    for (let p = base; p < to; p++) {
      const next = this.stageSuccessors(p, k, p - base);
      if (next >= 0 && next <= budget) {
        k = next;
        continue;
      }
      if (next >= 0 && p > base) {
        // More successors than the room reserved: the range ends before this state.
        if (!this.flushRange(k, base, p)) return false;
        this.cursor = p;
        return true;
      }
      if (!this.flushRange(k, base, p)) return false;
      this.cursor = p;
      if (!this.expand(p)) return false;
      base = p + 1;
      k = 0;
    }
    if (!this.flushRange(k, base, to)) return false;
    this.cursor = to;
    return true;
  }

  /**
   * Stores the `k` staged successors of the states `base` to `end - 1`, and counts their
   * transitions as generated. When storing ends the search, only the states up to the one whose
   * successor ended it count, and `cursor` is left at that state.
   */
  private flushRange(k: number, base: number, end: number): boolean {
    const counts = this.rangeGenerated;
    if (this.storeBatch(k, this.level + 1, true)) {
      for (let p = base; p < end; p++) this.generated += counts[p - base];
      this.expanded += end - base;
      this.keepSuccessors = 2 * this.store.count >= this.generated;
      return true;
    }
    const last = (this.batchParents[this.stoppedAt] - this.srcOwner) / this.workers;
    for (let p = base; p <= last; p++) this.generated += counts[p - base];
    this.expanded += last - base + 1;
    this.cursor = last;
    return false;
  }

  /**
   * Stages the successors of state `cursor` from batch slot `k` and records how many transitions
   * it has in `rangeGenerated[slot]`. Returns the next free slot, or -1 when the expansion must be
   * done alone: it decides a deadlock or a transition property, or the model fails.
   */
  private stageSuccessors(cursor: number, k: number, slot: number): number {
    const model = this.model;
    const stepProps = this.stepProps;
    const findings = this.findings;
    const s = this.codec.decode(this.srcChunk(cursor), this.srcOffset(cursor));
    this.rangeGenerated[slot] = 0;
    let acts: readonly A[];
    try {
      acts = model.actions(s);
    } catch {
      return -1;
    }
    const n = acts.length;
    if (n === 0) {
      const deadlockProps = this.deadlockProps;
      for (let j = 0; j < deadlockProps.length; j++) if (findings[deadlockProps[j]] === undefined) return -1;
      return k;
    }
    if (this.level >= (this.options.maxDepth ?? Infinity)) {
      this.truncated = true;
      return k;
    }
    for (let ai = 0; ai < n; ai++) {
      const a = acts[ai];
      let t: S;
      try {
        t = model.next(s, a);
        for (let j = 0; j < stepProps.length; j++) {
          const prop = this.properties[stepProps[j]];
          if (findings[stepProps[j]] === undefined && prop.kind === 'step' && !prop.holds(s, a, t)) return -1;
        }
      } catch {
        return -1;
      }
      k = this.stage(t, cursor, ai, k);
      if (k < 0) return -1;
    }
    if (!this.unchanged(s, cursor)) return -1;
    this.rangeGenerated[slot] = n;
    return k;
  }

  /** Expands the state at `cursor` alone. Returns false when the search must end. */
  private expand(cursor: number): boolean {
    const model = this.model;
    const store = this.store;
    const stepProps = this.stepProps;
    const deadlockProps = this.deadlockProps;
    const findings = this.findings;
    const s = this.codec.decode(this.srcChunk(cursor), this.srcOffset(cursor));
    this.expanded++;
    let acts: readonly A[];
    try {
      acts = model.actions(s);
    } catch (e) {
      this.fail({ code: 'IPC001', phase: 'actions', message: `actions() threw: ${describeThrown(e)}`, ...this.at(cursor) });
      return false;
    }
    const n = acts.length;
    if (n === 0) {
      for (let k = 0; k < deadlockProps.length; k++) {
        const p = deadlockProps[k];
        if (findings[p] !== undefined) continue;
        const prop = this.properties[p];
        let valid: boolean;
        try {
          valid = prop.kind === 'deadlockFree' && prop.validEnd(s);
        } catch (e) {
          this.fail({ code: 'IPC005', phase: `property '${prop.name}'`, message: `validEnd of '${prop.name}' threw: ${describeThrown(e)}`, ...this.at(cursor) });
          return false;
        }
        if (!valid) this.decide(p, { ...this.at(cursor), depth: this.level });
      }
      if (this.done) return false;
    }
    if (this.level >= (this.options.maxDepth ?? Infinity)) {
      if (n > 0) this.truncated = true;
      return true;
    }
    this.generated += n;
    // Generate every successor first, then look them all up: the table reads of a batch overlap.
    let k = 0;
    for (let ai = 0; ai < n; ai++) {
      const a = acts[ai];
      let t: S;
      try {
        t = model.next(s, a);
      } catch (e) {
        this.fail({ code: 'IPC001', phase: 'next', message: `next() threw: ${describeThrown(e)}`, ...this.at(cursor), action: ai });
        return false;
      }
      for (let j = 0; j < stepProps.length; j++) {
        const p = stepProps[j];
        if (findings[p] !== undefined) continue;
        const prop = this.properties[p];
        try {
          if (prop.kind === 'step' && !prop.holds(s, a, t)) this.decide(p, { ...this.at(cursor), action: ai, depth: this.level });
        } catch (e) {
          this.fail({ code: 'IPC005', phase: `property '${prop.name}'`, message: `property '${prop.name}' threw: ${describeThrown(e)}`, ...this.at(cursor), action: ai, badState: t });
        }
      }
      if (this.done) return false;
      const staged = this.stage(t, cursor, ai, k);
      if (staged < 0) {
        this.failStage(t, cursor, ai);
        return false;
      }
      k = staged;
    }
    if (this.done) return false;
    // Shared mode: this expansion cannot pause for the table to grow, so it takes what room is left.
    if (this.shared !== undefined && !this.shared.reserve(k, true)) {
      throw new RangeError(`a state has ${k} successors, more than the shared table has room for; use one worker`);
    }
    const before = this.store.count;
    const stored = this.storeBatch(k, this.level + 1, true);
    this.shared?.settle(k, this.store.count - before);
    if (!stored) return false;
    // `next` must not mutate its input: re-encoding the expanded state costs one encode per
    // state (a fraction of one per transition) and catches it even when no trace is replayed.
    if (n > 0 && !this.unchanged(s, cursor)) {
      this.failMutation(cursor, acts);
      return false;
    }
    return true;
  }

  /** Where a state being expanded is: its index, and its owner when another worker holds it. */
  private at(index: number): { state: number; owner?: number } {
    return this.srcOwner === this.workerId ? { state: index } : { state: index, owner: this.srcOwner };
  }

  /** The words holding state `index` of the worker whose states are being expanded. */
  private srcChunk(index: number): Uint32Array {
    return this.srcOwner === this.workerId ? this.store.chunkOf(index) : this.shared!.chunkFor(this.srcOwner, index);
  }

  /** The offset of state `index` in {@link srcChunk} (the same in every worker's arena). */
  private srcOffset(index: number): number {
    return this.store.offsetOf(index);
  }

  /** Makes room for at least `n` staged states, keeping those already staged. */
  private growBatch(n: number): void {
    let size = this.batchHashes.length;
    while (size < n) size *= 2;
    const hashes = new Int32Array(size);
    hashes.set(this.batchHashes);
    this.batchHashes = hashes;
    const actions = new Int32Array(size);
    actions.set(this.batchActions);
    this.batchActions = actions;
    const parents = new Int32Array(size);
    parents.set(this.batchParents);
    this.batchParents = parents;
    const words = new Uint32Array(size * this.codec.words);
    words.set(this.batchWords);
    this.batchWords = words;
  }

  /** Whether `s` still encodes to the words stored at `index`. */
  private unchanged(s: S, index: number): boolean {
    let words: Uint32Array;
    try {
      words = this.codec.encodeInto(s);
    } catch {
      return false;
    }
    const chunk = this.srcChunk(index);
    const off = this.srcOffset(index);
    for (let w = 0; w < this.codec.words; w++) if (chunk[off + w] !== words[w]) return false;
    return true;
  }

  /** Finds which action's `next` mutated state `index` (trying each on a fresh copy) and fails with IPC004. */
  private failMutation(index: number, acts: readonly A[]): void {
    let culprit = -1;
    for (let ai = 0; ai < acts.length && culprit < 0; ai++) {
      const fresh = this.codec.decode(this.srcChunk(index), this.srcOffset(index));
      try {
        this.model.next(fresh, acts[ai]);
      } catch {
        // It threw during the search too, or it did not: either way, not the mutation sought.
      }
      if (!this.unchanged(fresh, index)) culprit = ai;
    }
    const which = culprit >= 0 ? `next(${formatAction(this.model, acts[culprit])})` : 'next()';
    this.fail({
      code: 'IPC004',
      phase: 'next',
      message: `${which} mutated the state it was given; return a new state instead`,
      ...this.at(index),
      action: culprit >= 0 ? culprit : undefined,
    });
  }

  /** The progress figures now. */
  progress() {
    const elapsedMs = performance.now() - this.startedAt;
    return {
      distinct: this.store.count,
      generated: this.generated,
      queue: this.store.count - this.cursor,
      depth: this.depth,
      elapsedMs,
      statesPerSecond: elapsedMs > 0 ? Math.round((this.store.count * 1000) / elapsedMs) : 0,
    };
  }
}
