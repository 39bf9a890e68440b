/**
 * What every breadth-first search strategy shares: expanding a state, storing its successors and
 * checking the properties, level by level.
 *
 * States are discovered in breadth-first order and stored once (exactly, or as fingerprints);
 * the store is the queue. State properties are checked when a state is first seen, transition
 * properties on every generated transition and deadlocks when a state is expanded, so the first
 * violation recorded for a property is at the smallest depth: its trace is a shortest one. A
 * fixed share of every level's states is expanded twice and the successors compared, so that a
 * model that is not deterministic is a model error during the search.
 *
 * The strategies drive it: {@link Search} (one worker, in slices), `PartitionedSearch` (a worker
 * owning the states of a hash partition) and `SharedSearch` (a worker of a search over one table
 * shared by all).
 */
import { formatAction, type Action, type Model } from '../model/core/model.js';
import { StateCodec } from '../model/core/shape/codec.js';
import { ShapeViolation } from '../model/core/shape/shape.js';
import type { Bounded, Property } from '../properties/property.js';
import { describeThrown, type ModelErrorCode } from './errors.js';
import type { CheckOptions } from './options.js';
import type { StopReason } from './result.js';
import { checkedMemoryLimit, fitsInMemory } from './memory.js';
import { ResidentWatch } from './residentWatch.js';
import { FingerprintStore } from './fingerprintStore.js';
import { STORE_FULL, StateStore } from './stateStore.js';
import { expectedTableStates } from './expectedStates.js';
import { EdgeLog } from './edgeLog.js';
import type { VisitedStore } from './visitedStore.js';
import type { SharedStateStore } from './parallel/sharedStateStore.js';
import { Canonicalizer, PERMUTE_FAILED } from './symmetry/canonical.js';
import { groupsProblem } from './symmetry/permutations.js';
import { generators, symmetryProblem } from './symmetry/sampleCheck.js';
import { renamedSuccessorsDiffer, wordsKey } from './symmetry/spotCheck.js';

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

/** In `rangeGenerated`: the state has no enabled action and is not a valid end. */
const DEADLOCK = -1;

/** What {@link SearchEngine.expandAgain} returns when the second expansion differs. */
const NOT_DETERMINISTIC = -2;

/**
 * States of each level re-expanded by default to check that the model is deterministic: every
 * 32nd (see `CheckOptions.reexpandEvery`).
 *
 * @example
 * check(model, { reexpandEvery: REEXPAND_EVERY }); // the same as the default
 */
export const REEXPAND_EVERY = 32;

/** Where nondeterminism usually comes from, for the IPC003 message. */
const NONDETERMINISM_CAUSES =
  'look for Math.random, Date, a counter or cache kept outside the state, or iteration over a Map or Set filled in varying order';

/**
 * Expansions between two looks at the clock (time, interrupt, memory, progress).
 *
 * @example
 * if (++sinceClock === CLOCK_EVERY) (sinceClock = 0), lookAtTheClock();
 */
export const CLOCK_EVERY = 256;

/**
 * States expanded per batch by default (see `SearchEngine.expandRange`).
 *
 * @example
 * new Search(model, { expansionBatch: EXPANSION_BATCH }); // the same as the default
 */
export const EXPANSION_BATCH = 32;

/**
 * Where a search sits in its check: worker `id` of `workers` (0 of 1 alone). Parent references
 * are `index * workers + worker`, so that a trace can cross workers; with one worker they are
 * plain indices. With `shared`, every worker stores into one table ({@link SharedStateStore});
 * with `route`, this worker owns the states whose hash maps to `id` and hands every other
 * successor to `route`.
 *
 * @example
 * const alone: Placement = { id: 0, workers: 1 };
 */
export interface Placement {
  readonly id: number;
  readonly workers: number;
  readonly shared?: SharedStateStore;
  readonly route?: (owner: number, words: Uint32Array, at: number, parentRef: number, action: number) => void;
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
 * Why the properties cannot be told apart, if two share a name: a verdict is known by its
 * property's name (`verdicts[name]`, the counterexample files, the registry's expectations).
 */
function duplicateName<S, A extends Action>(properties: readonly Property<S, A>[]): string | undefined {
  const first = new Map<string, number>();
  for (let i = 0; i < properties.length; i++) {
    const name = properties[i].name;
    const j = first.get(name);
    if (j !== undefined) {
      return (
        `properties ${j + 1} and ${i + 1} (of ${properties.length}) are both named '${name}': ` +
        'a verdict is known by its property\'s name, so property names must be unique; rename one of them'
      );
    }
    first.set(name, i);
  }
  return undefined;
}

/**
 * The canonicalizer of a check with symmetry reduction; throws a RangeError naming the problem
 * and the fix when the model declares no symmetry, its groups are unusable, or the check is one
 * symmetry reduction does not support (fingerprint mode, workers).
 */
function symmetryFor<S, A extends Action>(model: Model<S, A>, codec: StateCodec<S>, options: CheckOptions, placement: Placement): Canonicalizer<S> {
  if (model.symmetry === undefined) {
    throw new RangeError(`symmetry reduction: model ${model.name} declares no symmetry (Model.symmetry: the groups of interchangeable threads and permute); declare one, or check without symmetry`);
  }
  const problem = groupsProblem(model.symmetry.groups, model.symmetry.explain);
  if (problem !== undefined) throw new RangeError(`symmetry reduction on ${model.name}: ${problem}`);
  if (options.fingerprint) throw new RangeError('symmetry reduction works in exact mode only: drop fingerprint (--fingerprint) or symmetry (--symmetry)');
  if (placement.workers > 1) throw new RangeError('symmetry reduction works with one worker only: drop workers (--workers) or symmetry (--symmetry)');
  return new Canonicalizer(codec, model.symmetry);
}

/**
 * A breadth-first search over one model, driven by a strategy. The constructor stores the initial
 * states; a strategy then expands ranges of each level's states with {@link expandRange} and
 * moves on with {@link nextLevel}.
 *
 * @example
 * class Alone<S, A extends Action> extends SearchEngine<S, A> {} // see `Search`
 */
export abstract class SearchEngine<S, A extends Action> {
  readonly codec: StateCodec<S>;
  readonly store: VisitedStore;
  readonly properties: readonly Property<S, A>[];
  /** Per property (in model order): where it was decided, if it was. */
  readonly findings: (Finding | undefined)[];
  /** Per bounded property: the largest measure seen. */
  readonly maxReached: number[];
  generated = 0;
  /** The initial states `init()` returned (counted in `generated` by worker 0 only). */
  initialGenerated = 0;
  /** Expanded states with no enabled action that are not valid ends (see `CheckStats.deadlocks`). */
  deadlocks = 0;
  /** Per depth (index 0 = depth 1): the new states this search stored at that depth. */
  readonly levelStates: number[] = [];
  /** Per depth: the transitions this search generated from states at that depth. */
  readonly levelTransitions: number[] = [];
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
  /**
   * An exact store (this search's own, or shared by the workers) and a model with `neverStuck`
   * or liveness properties: every transition the search stores, its states named as parent references name
   * them, so that the analysis need not expand the states again (see {@link EdgeLog}).
   */
  readonly edges: EdgeLog | undefined;
  /** The resident-memory bound in bytes. */
  readonly memoryLimit: number;
  /** Reads the resident size against {@link memoryLimit} during the search, as often as the room left requires. */
  private readonly memoryWatch: ResidentWatch;
  /** Under symmetry reduction: encodes each state as its orbit's canonical representative. */
  readonly canon: Canonicalizer<S> | undefined;

  /** The successors being staged: encoded words, hashes, action indices, parent references, values. */
  protected batchWords: Uint32Array;
  protected batchHashes = new Int32Array(16);
  protected batchActions = new Int32Array(16);
  protected batchParents = new Int32Array(16);
  protected batchStates: (S | undefined)[] = [];
  /**
   * Whether {@link stage} keeps each successor's object for the property checks of the new ones,
   * or lets it go and {@link storeBatch} decodes the new ones again: kept only while at least
   * half the successors turn out new (see {@link flushRange}, and the bench notes for why).
   */
  private keepSuccessors = true;
  /** The exact store that says which state a duplicate successor is, for {@link edges}. */
  private readonly seenStore: { readonly lastSeen: number } | undefined;
  /** Workers in the check (1 alone) and this search's number among them. */
  protected readonly workers: number;
  protected readonly workerId: number;
  /** Partition mode: where successors another worker owns go. */
  private readonly route: Placement['route'];
  /** The store shared by every worker, in a shared parallel check. */
  protected readonly shared: SharedStateStore | undefined;
  /** The worker whose arena holds the states being expanded (this one but in shared mode). */
  protected srcOwner: number;
  /** Per state of the batch being expanded: its number of transitions, or {@link DEADLOCK}. */
  private readonly rangeGenerated: Int32Array;
  /** States expanded per batch. */
  protected readonly expansionBatch: number;
  /** The batch entry at which the last `storeBatch` that returned false stopped. */
  private stoppedAt = 0;
  /** Keeps the reads of `StateStore.touch` alive. */
  private sink = 0;
  /** Re-expand every this many states of a level (0: never); see `CheckOptions.reexpandEvery`. */
  private readonly reexpandEvery: number;
  /**
   * The first state of the level (one worker, a partition) or of the claimed block (shared
   * mode): the states re-expanded are those whose distance from it is a multiple of
   * {@link reexpandEvery}.
   */
  protected sampleBase = 0;
  /** The model error {@link expandAgain} found, reported once the states before it are stored. */
  private difference: RawModelError<S> | undefined;
  /** Under symmetry reduction: the groups' generators, which {@link renamedAgrees} takes in turn. */
  private readonly renamings: number[][];
  private renamingTurn = 0;
  /** The state {@link expandState} decoded last (for the mutation check after its successors are stored). */
  private current: S | undefined;

  /** The level being expanded (initial states are level 1) and the store's count when it began. */
  protected level = 1;
  protected levelEnd = 0;
  private lastProgress = performance.now();
  protected done = false;
  private readonly stateProps: number[] = [];
  private readonly stepProps: number[] = [];
  private readonly deadlockProps: number[] = [];

  constructor(
    readonly model: Model<S, A>,
    readonly options: CheckOptions,
    placement: Placement = { id: 0, workers: 1 },
  ) {
    this.codec = new StateCodec(model.shape);
    const batch = options.expansionBatch ?? EXPANSION_BATCH;
    if (!Number.isSafeInteger(batch) || batch < 1) throw new RangeError(`expansionBatch must be a whole number ≥ 1, got ${batch}`);
    this.expansionBatch = batch;
    const every = options.reexpandEvery ?? REEXPAND_EVERY;
    if (!Number.isSafeInteger(every) || every < 0) throw new RangeError(`reexpandEvery must be a whole number ≥ 0, got ${every}`);
    this.reexpandEvery = every;
    this.rangeGenerated = new Int32Array(batch);
    this.shared = placement.shared;
    this.route = placement.route;
    this.canon = options.symmetry ? symmetryFor(model, this.codec, options, placement) : undefined;
    this.renamings = this.canon === undefined ? [] : generators(model.symmetry!.groups);
    this.memoryLimit = checkedMemoryLimit(options.maxMemoryBytes);
    const limit = this.memoryLimit;
    const expected = this.shared === undefined ? expectedTableStates(options, limit) : 0;
    this.store = this.shared ?? (options.fingerprint ? new FingerprintStore(this.codec.words) : new StateStore(this.codec.words, expected));
    this.workers = placement.workers;
    this.workerId = placement.id;
    this.srcOwner = this.workerId;
    this.memoryWatch = new ResidentWatch(limit);
    this.store.allocationGuard = (bytes) => fitsInMemory(bytes, limit);
    this.seenStore = placement.route === undefined && this.store instanceof StateStore ? this.store : this.shared;
    const recordEdges =
      options.recordTransitions !== false && this.canon === undefined && this.seenStore !== undefined && model.properties.some((p) => p.kind === 'neverStuck' || p.kind === 'leadsTo' || p.kind === 'responseBound');
    this.edges = recordEdges ? new EdgeLog((bytes) => fitsInMemory(bytes, limit)) : undefined;
    this.batchWords = new Uint32Array(this.batchHashes.length * this.codec.words);
    this.properties = model.properties;
    model.properties.forEach((p, i) => {
      if (p.kind === 'step') this.stepProps.push(i);
      else if (p.kind === 'deadlockFree') this.deadlockProps.push(i);
      else if (p.kind !== 'neverStuck' && p.kind !== 'leadsTo' && p.kind !== 'responseBound') this.stateProps.push(i);
    });
    this.findings = model.properties.map(() => undefined);
    this.maxReached = model.properties.map(() => -Infinity);
    const twice = duplicateName(model.properties);
    if (twice !== undefined) this.fail({ code: 'IPC007', phase: 'properties', message: twice, state: -1 });
    else if (this.symmetric()) this.addInitialStates();
  }

  /** True when the search has ended (complete, bounded, interrupted or failed). */
  get finished(): boolean {
    return this.done;
  }

  /** States stored and not yet expanded, as the result reports them. */
  abstract get queue(): number;

  protected fail(error: RawModelError<S>): void {
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

  /** Under symmetry reduction, checks the properties and `permute` on a sample first; false (and failed with IPC008) when one is not symmetric. */
  private symmetric(): boolean {
    if (this.canon === undefined) return true;
    const problem = symmetryProblem(this.model, this.codec);
    if (problem === undefined) return true;
    this.fail({ code: 'IPC008', phase: 'symmetry', message: problem.message, state: -1, badState: problem.state });
    return false;
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
    // Every initial state is checked for fields outside the shape, however many there are.
    this.codec.checkFieldsOfNext(inits.length);
    // Every worker computes the initial states; the first counts them.
    if (this.workerId === 0) {
      this.generated += inits.length;
      this.initialGenerated = inits.length;
    }
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
  protected stage(t: S, parent: number, action: number, k: number): number {
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
    const canon = this.canon;
    const hash = canon === undefined ? this.codec.encodeHashAt(t, this.batchWords, k * this.codec.words) : canon.encodeHashAt(t, this.batchWords, k * this.codec.words);
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
    const canon = this.canon;
    if (canon !== undefined && canon.encodeHashAt(t, new Uint32Array(this.codec.words), 0) === PERMUTE_FAILED) {
      return this.fail({ code: 'IPC008', phase: 'symmetry', message: `${canon.problem!}: symmetry.permute breaks its contract`, ...this.at(parent), action, badState: t });
    }
    this.failShape(t, parent, action);
  }

  /**
   * Looks up the `k` staged states as a batch (their table reads overlap), stores the new ones at
   * `depth`, and checks their properties. In partition mode, states another worker owns are
   * routed to it when `route` is set (successors) and skipped otherwise (initial states, which
   * every worker computes). False when the search must end.
   */
  protected storeBatch(k: number, depth: number, route: boolean): boolean {
    const store = this.store;
    const words = this.codec.words;
    const maxStates = this.options.maxStates ?? Infinity;
    const batchWords = this.batchWords;
    const batchHashes = this.batchHashes;
    const router = this.route;
    const edges = this.edges;
    this.sink ^= store.touch(batchHashes, k);
    for (let j = 0; j < k; j++) {
      const at = j * words;
      const hash = batchHashes[j] >>> 0;
      if (router !== undefined) {
        const owner = ownerOf(hash, this.workers);
        if (owner !== this.workerId) {
          if (route) router(owner, batchWords, at, this.batchParents[j], this.batchActions[j]);
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
      const levelStates = this.levelStates;
      if (depth > this.depth) {
        this.depth = depth;
        while (levelStates.length < depth) levelStates.push(0);
      }
      levelStates[depth - 1]++;
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
  protected clock(sliceDeadline: number): boolean | 'slice' {
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
    // Reading the resident size is a system call that took 2–3 ms during a search on the
    // development machine (bench/NOTES.md): four times a second far from the limit, more often
    // near it (see ResidentWatch); the store's large allocations are checked before they happen.
    if (this.memoryWatch.due(now) && !this.memoryWatch.allows(now)) {
      this.stoppedBy = 'maxMemory';
      return false;
    }
    if (opts.onProgress && now - this.lastProgress >= (opts.progressIntervalMs ?? 1000)) {
      this.lastProgress = now;
      opts.onProgress(this.progress());
    }
    return now >= sliceDeadline ? 'slice' : true;
  }

  /** Ends the search: records the time, and the depth bound as the reason if nothing else stopped it. */
  protected finish(): void {
    this.elapsedMs = performance.now() - this.startedAt;
    this.done = true;
    if (this.stoppedBy === undefined && this.truncated) this.stoppedBy = 'maxDepth';
  }

  /** Moves to the next level: the states stored since the current level began. */
  nextLevel(): void {
    this.level++;
    this.sampleBase = this.levelEnd;
    this.levelEnd = this.store.count;
    this.store.release(this.cursor);
  }

  /**
   * Expands the states from `cursor` up to `to` (all of the current level) and advances `cursor`
   * to `to`. Their successors are staged together and looked up as one batch, so that the cache
   * misses of many lookups overlap; they are stored in the same order as one expansion after
   * another would store them. A state whose expansion decides something or fails (a deadlock, a
   * transition property, a model error) ends the batch: the successors of the states before it
   * are stored, and it is expanded again alone by {@link expandAlone}, which decides exactly as a
   * search without batches would. Returns false when the search must end, with `cursor` at the
   * state whose expansion ended it. With a `budget`, the range stores at most that many staged
   * successors: it ends early (`cursor` at the first state not expanded) rather than pass it.
   * The states at multiples of {@link reexpandEvery} from {@link sampleBase} are expanded twice
   * ({@link expandAgain}); a difference is reported once the states before them are stored.
   */
  protected expandRange(to: number, budget = Infinity): boolean {
    const every = this.reexpandEvery;
    let base = this.cursor;
    let k = 0;
    for (let p = base; p < to; p++) {
      let next = this.expandState(p, k, p - base, false);
      if (next >= 0 && every > 0 && (p - this.sampleBase) % every === 0) {
        next = this.expandAgain(p, k, next, p - base);
        if (next >= 0 && this.canon !== undefined) next = this.renamedAgrees(p, k, next);
      }
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
      if (next === NOT_DETERMINISTIC) {
        this.fail(this.difference!);
        return false;
      }
      if (!this.expandAlone(p)) return false;
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
      this.countExpanded(counts, end - base);
      this.keepSuccessors = 2 * this.store.count >= this.generated;
      return true;
    }
    const last = (this.batchParents[this.stoppedAt] - this.srcOwner) / this.workers;
    this.countExpanded(counts, last - base + 1);
    this.cursor = last;
    return false;
  }

  /**
   * Counts the first `states` states of a batch as expanded, from their entries in `counts`
   * (`rangeGenerated`): their transitions, generated from states of the current level, and their
   * deadlocks.
   */
  private countExpanded(counts: Int32Array, states: number): void {
    let transitions = 0;
    for (let i = 0; i < states; i++) {
      const n = counts[i];
      if (n >= 0) transitions += n;
      else this.deadlocks++;
    }
    this.expanded += states;
    this.generated += transitions;
    const levels = this.levelTransitions;
    while (levels.length < this.level) levels.push(0);
    levels[this.level - 1] += transitions;
  }

  /**
   * Expands state `p` (of the worker {@link srcOwner}): stages its successors from batch slot `k`
   * on and records its number of transitions in `rangeGenerated[slot]` ({@link DEADLOCK} for a
   * deadlock). Returns the next free slot, or -1.
   *
   * Batched (`deciding` false), -1 says the state must be expanded alone: its expansion decides a
   * deadlock or a transition property, or meets a model error (a function threw, a successor left
   * its shape, `next` mutated the state). Alone (`deciding` true), it decides and fails instead,
   * and -1 says the search must end; the mutation check is then left to the caller, after the
   * successors are stored, and the state expanded is kept in {@link current}.
   */
  private expandState(p: number, k: number, slot: number, deciding: boolean): number {
    const model = this.model;
    const stepProps = this.stepProps;
    const findings = this.findings;
    const s = this.codec.decode(this.srcChunk(p), this.srcOffset(p));
    this.current = s;
    this.rangeGenerated[slot] = 0;
    let acts: readonly A[];
    try {
      acts = model.actions(s);
    } catch (e) {
      if (deciding) this.fail({ code: 'IPC001', phase: 'actions', message: `actions() threw: ${describeThrown(e)}`, ...this.at(p) });
      return -1;
    }
    const n = acts.length;
    if (n === 0) {
      // A deadlock unless every deadlock property takes the state for a valid end (with none, every
      // state without an enabled action is one, as BEEM and DiVinE count them).
      const deadlockProps = this.deadlockProps;
      let deadlock = deadlockProps.length === 0;
      for (let j = 0; j < deadlockProps.length; j++) {
        const d = deadlockProps[j];
        const undecided = findings[d] === undefined;
        if (undecided && !deciding) return -1;
        const prop = this.properties[d];
        let valid: boolean;
        try {
          valid = prop.kind === 'deadlockFree' && prop.validEnd(s);
        } catch (e) {
          if (deciding) this.fail({ code: 'IPC005', phase: `property '${prop.name}'`, message: `validEnd of '${prop.name}' threw: ${describeThrown(e)}`, ...this.at(p) });
          return -1;
        }
        if (valid) continue;
        deadlock = true;
        if (undecided) this.decide(d, { ...this.at(p), depth: this.level });
      }
      if (deadlock) this.rangeGenerated[slot] = DEADLOCK;
      return this.done ? -1 : k;
    }
    if (this.level >= (this.options.maxDepth ?? Infinity)) {
      this.truncated = true;
      return k;
    }
    this.rangeGenerated[slot] = n;
    for (let ai = 0; ai < n; ai++) {
      const a = acts[ai];
      let t: S;
      try {
        t = model.next(s, a);
      } catch (e) {
        if (deciding) this.fail({ code: 'IPC001', phase: 'next', message: `next() threw: ${describeThrown(e)}`, ...this.at(p), action: ai });
        return -1;
      }
      for (let j = 0; j < stepProps.length; j++) {
        const sp = stepProps[j];
        if (findings[sp] !== undefined) continue;
        const prop = this.properties[sp];
        try {
          if (prop.kind === 'step' && !prop.holds(s, a, t)) {
            if (!deciding) return -1;
            this.decide(sp, { ...this.at(p), action: ai, depth: this.level });
          }
        } catch (e) {
          if (!deciding) return -1;
          this.fail({ code: 'IPC005', phase: `property '${prop.name}'`, message: `property '${prop.name}' threw: ${describeThrown(e)}`, ...this.at(p), action: ai, badState: t });
        }
      }
      if (this.done) return -1;
      const staged = this.stage(t, p, ai, k);
      if (staged < 0) {
        if (deciding) this.failStage(t, p, ai);
        return -1;
      }
      k = staged;
    }
    // `next` must not mutate its input: re-encoding the expanded state costs one encode per
    // state (a fraction of one per transition) and catches it even when no trace is replayed.
    if (!deciding && !this.unchanged(s, p)) return -1;
    return k;
  }

  /**
   * Expands state `p` a second time, its successors staged after the first expansion's (from
   * slot `next` on), and compares: the same number of actions, and the same successors (their
   * encodings and action indices) in the same order. Returns `next` when they agree (the second
   * expansion's slots are dropped), or {@link NOT_DETERMINISTIC} with the model error in
   * {@link difference}.
   */
  private expandAgain(p: number, k: number, next: number, slot: number): number {
    const first = this.rangeGenerated[slot];
    const again = this.expandState(p, next, slot, false);
    const second = this.rangeGenerated[slot];
    this.rangeGenerated[slot] = first;
    const end = Math.max(again, next);
    for (let j = next; j < end; j++) this.batchStates[j] = undefined;
    let why: string | undefined;
    let action: number | undefined;
    if (again < 0) {
      why = 'expanding it again did not go as the first time (an action threw, a step property judged a transition differently, or next() mutated the state)';
    } else if (second !== first) {
      why = `actions() returned ${Math.max(0, first)} actions for it, then ${Math.max(0, second)} when it was expanded again`;
    } else {
      const words = this.codec.words;
      const staged = next - k;
      const restaged = again - next;
      const batchWords = this.batchWords;
      for (let j = 0; j < Math.max(staged, restaged) && action === undefined; j++) {
        const a = k + j;
        const b = next + j;
        let same = j < staged && j < restaged && this.batchActions[a] === this.batchActions[b];
        for (let w = 0; same && w < words; w++) same = batchWords[a * words + w] === batchWords[b * words + w];
        if (!same) action = j < staged ? this.batchActions[a] : this.batchActions[b];
      }
      if (action !== undefined) why = `the successor by ${this.describeAction(p, action)} differed when the state was expanded again`;
    }
    if (why === undefined) return next;
    this.difference = {
      code: 'IPC003',
      phase: action === undefined && second !== first ? 'actions' : 'next',
      message: `${why}: the model is not deterministic; ${NONDETERMINISM_CAUSES}`,
      ...this.at(p),
      action,
      badState: this.codec.decode(this.srcChunk(p), this.srcOffset(p)),
    };
    return NOT_DETERMINISTIC;
  }

  /**
   * Under symmetry reduction, on a state re-expanded to check determinism: renames state `p` by
   * the next generator of the groups and checks that the state properties judge the two alike,
   * the signatures travel, and the successors are the same orbits as those staged for `p` (slots
   * `k…next`; see ./symmetry/spotCheck.ts). Returns `next`, or
   * {@link NOT_DETERMINISTIC} with model error IPC008 in {@link difference}.
   */
  private renamedAgrees(p: number, k: number, next: number): number {
    const gens = this.renamings;
    if (gens.length === 0) return next;
    const perm = gens[this.renamingTurn++ % gens.length];
    const s = this.codec.decode(this.srcChunk(p), this.srcOffset(p));
    const words = this.codec.words;
    const ours: string[] = [];
    for (let j = k; j < next; j++) ours.push(wordsKey(this.batchWords, j * words, words));
    const why = renamedSuccessorsDiffer(this.model, this.canon!, s, perm, ours, words);
    if (why === undefined) return next;
    this.difference = {
      code: 'IPC008',
      phase: 'symmetry',
      message: why,
      ...this.at(p),
      badState: s,
    };
    return NOT_DETERMINISTIC;
  }

  /** `next(<action>)` for state `p`'s action `ai`, as far as `actions` still names it. */
  private describeAction(p: number, ai: number): string {
    try {
      const acts = this.model.actions(this.codec.decode(this.srcChunk(p), this.srcOffset(p)));
      if (ai < acts.length) return `next(${formatAction(this.model, acts[ai])})`;
    } catch {
      // actions() throws now: the action is named by its index alone.
    }
    return `action ${ai}`;
  }

  /** Expands state `p` alone, deciding what its expansion decides. Returns false when the search must end. */
  private expandAlone(p: number): boolean {
    const k = this.expandState(p, 0, 0, true);
    this.countExpanded(this.rangeGenerated, 1);
    const n = this.rangeGenerated[0];
    if (k < 0) return false;
    // Shared mode: this expansion cannot pause for the table to grow, so it takes what room is left.
    if (this.shared !== undefined && !this.shared.reserve(k, true)) {
      throw new RangeError(`a state has ${k} successors, more than the shared table has room for; use one worker`);
    }
    const before = this.store.count;
    const stored = this.storeBatch(k, this.level + 1, true);
    this.shared?.settle(k, this.store.count - before);
    if (!stored) return false;
    if (n > 0 && !this.unchanged(this.current!, p)) {
      this.failMutation(p);
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
  protected growBatch(n: number): void {
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
  private failMutation(index: number): void {
    const acts = this.model.actions(this.codec.decode(this.srcChunk(index), this.srcOffset(index)));
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
      queue: this.queue,
      depth: this.depth,
      elapsedMs,
      statesPerSecond: elapsedMs > 0 ? Math.round((this.store.count * 1000) / elapsedMs) : 0,
    };
  }
}
