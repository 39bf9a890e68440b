/**
 * The parallel check: workers search the state space level by level. In exact mode they share
 * one visited table and each other's arenas ({@link SharedStateStore}): every worker claims
 * blocks of the level's states from any worker's frontier, expands them and stores the successors
 * nobody has stored yet, so a faster worker simply takes more blocks. The coordinator's own thread
 * is worker 0: it starts searching at once, and each worker thread joins as soon as it has built
 * its model (starting one took a fifth of a second, a tenth of l4Ipc C=5's whole search). Between
 * slices of its own work the coordinator starts each level and, when a worker asks, pauses them
 * all to grow the table. In fingerprint mode the
 * state space is split by hash instead: each worker expands its own states and sends every
 * successor another worker owns to that worker, between levels.
 *
 * Because levels are synchronised, the first level at which a property is decided is the same as
 * in the one-worker search, so every counterexample is still a shortest one, and the
 * distinct-state count, the generated count and the depth are the same. Which of several
 * shortest counterexamples is reported may differ from the one-worker search. The liveness
 * analysis after the search renumbers the states as one worker numbers them, so its lassos and
 * bounds are the one-worker search's.
 */
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import type { Action, Model } from '../../model/core/model.js';
import { StateCodec } from '../../model/core/shape/codec.js';
import type { CheckOptions } from '../options.js';
import { replay } from '../replay.js';
import type { CheckResult, StopReason } from '../result.js';
import {
  assembleResult,
  decisiveFindings,
  LIVENESS_NEEDS,
  livenessVerdicts,
  settleModelError,
  type LivenessVerdicts,
  type ResultParts,
  type StuckDecision,
} from '../resultAssembly.js';
import { emptySummary, mergeSummaries, type PlacedFinding, type SearchOutcome } from '../searchSummary.js';
import type { Trace, TracePath } from '../trace.js';
import type { FromWorker, ToWorker, WorkerSummary } from './messages.js';
import { loadModel, type ModelSpec } from './modelSpec.js';
import { createSharedBuffers, firstTableBits, SharedControl } from './sharedStateStore.js';
import { expectedTableStates } from '../expectedStates.js';
import { LocalWorker, ThreadWorker, type WorkerHandle } from './workerHandles.js';
import { WorkerCore } from './workerCore.js';
import { levelOrderPosition, levelOrderTransitions } from './levelOrder.js';
import type { RecordedTransitions } from '../edgeLog.js';
import type { GraphRows } from '../stuck.js';
import { decideNeverStuck } from '../stuck.js';
import { checkedMemoryLimit, defaultMemoryLimit, fitsInMemory, MemoryLimitReached } from '../memory.js';
import { hasLiveness, type StatePath } from '../liveness/decide.js';
import { livenessProgress } from '../analysisProgress.js';
import { livenessMemoryReason, type PathStates, type WorkerLiveness } from './workerLiveness.js';

/**
 * Options of a parallel check: those of `check`, and the number of worker threads.
 *
 * @example
 * await checkParallel(registrySpec('dining', { n: 11, lefty0: true }), { workers: 2 });
 */
export interface ParallelOptions extends CheckOptions {
  readonly workers: number;
  /**
   * Exact mode: the level at which the worker threads join the search, the coordinator waiting
   * for them to start before it. By default each joins as soon as it has started, so which
   * worker expands what depends on how fast the threads start; tests fix it to cover every
   * worker's share, and a join after the table has grown.
   */
  readonly joinAtLevel?: number;
}

function expect<T extends FromWorker['type']>(m: FromWorker, type: T): Extract<FromWorker, { type: T }> {
  if (m.type === 'failed') throw new Error(`a worker failed: ${m.message}`);
  if (m.type !== type) throw new Error(`a worker answered '${m.type}' where '${type}' was expected`);
  return m as Extract<FromWorker, { type: T }>;
}

/**
 * Checks the model a spec names with `options.workers` worker threads. Returns the same kind of
 * result as `check`; the counts and verdicts are those of the one-worker search.
 *
 * @example
 * const r = await checkParallel(registrySpec('l4Ipc', { clients: 5 }), { workers: 2 });
 * r.stats.distinct; // 1,306,271 with the registry's other defaults
 */
export async function checkParallel<S, A extends Action>(spec: ModelSpec, options: ParallelOptions): Promise<CheckResult<S, A>> {
  if (options.symmetry) throw new RangeError('symmetry reduction works with one worker only (check, not checkParallel): drop workers (--workers) or symmetry (--symmetry)');
  const model = (await loadModel(spec)) as unknown as Model<S, A>;
  const codec = new StateCodec(model.shape);
  const W = options.workers;
  if (!Number.isInteger(W) || W < 1 || W > 64) throw new RangeError(`workers must be a whole number from 1 to 64, got ${W}`);
  const expected = expectedTableStates(options, checkedMemoryLimit(options.maxMemoryBytes), (n) => firstTableBits(n, W));
  const joinFrom = options.joinAtLevel ?? 1;
  if (!Number.isInteger(joinFrom) || joinFrom < 1) throw new RangeError(`joinAtLevel must be a whole number ≥ 1, got ${joinFrom}`);
  // The stop flag, three progress counts per worker, and the liveness analysis's phase, done and total.
  const shared = new SharedArrayBuffer(8 * (4 + 3 * W));
  const analysisAt = 1 + 3 * W;
  const flag = new Int32Array(shared, 0, 1);
  const progress = new Float64Array(shared);
  const startedAt = performance.now();
  const { onProgress, shouldStop, progressIntervalMs, ...workerOptions } = options;
  const workerUrl = fileURLToPath(new URL('./worker.js', import.meta.url));
  const buffers = options.fingerprint ? undefined : createSharedBuffers(W, codec.words, firstTableBits(expected, W));
  const setup = (id: number) => ({ options: { ...workerOptions, maxStates: undefined, workers: undefined }, id, workers: W, shared, buffers });
  // With a shared store this thread is worker 0 and searches at once; the others join as they
  // finish starting. Partitioned, every worker owns states from the first level: all are threads.
  const local = buffers === undefined ? undefined : new LocalWorker(new WorkerCore(model as never, setup(0)));
  const handles: WorkerHandle[] = Array.from({ length: W }, (_, id) =>
    id === 0 && local !== undefined ? local : new ThreadWorker(new Worker(workerUrl, { workerData: { spec, ...setup(id) } })),
  );
  let summaries: WorkerSummary[] =
    local !== undefined
      ? handles.map((h) => (h === local ? local.summary() : emptySummary(model.properties.length)))
      : (await Promise.all(handles.map((h) => h.started))).map((m) => expect(m, 'summary').summary);
  let stoppedBy: StopReason | undefined;
  let lastProgress = startedAt;
  /** Once the search is over: where the analyses' progress goes (the worker deciding liveness writes where it is). */
  const after: AfterSearch = { analysing: undefined };
  const timer = setInterval(() => {
    if (after.analysing !== undefined || after.searchOver) {
      const phase = progress[analysisAt];
      if (after.analysing !== undefined && phase > 0) after.analysing(phase === 1 ? 'graph' : 'deciding', progress[analysisAt + 1], progress[analysisAt + 2]);
      return;
    }
    const now = performance.now();
    if (options.timeLimitMs !== undefined && now - startedAt >= options.timeLimitMs) {
      stoppedBy ??= 'timeLimit';
      Atomics.store(flag, 0, 1);
    }
    if (shouldStop?.()) {
      stoppedBy ??= 'interrupted';
      Atomics.store(flag, 0, 1);
    }
    if (onProgress && now - lastProgress >= (progressIntervalMs ?? 1000)) {
      lastProgress = now;
      let distinct = 0;
      let generated = 0;
      let expanded = 0;
      for (let w = 0; w < W; w++) {
        distinct += progress[1 + 3 * w];
        generated += progress[2 + 3 * w];
        expanded += progress[3 + 3 * w];
      }
      const elapsedMs = now - startedAt;
      onProgress({ distinct, generated, queue: distinct - expanded, depth: Math.max(...summaries.map((s) => s.depth)), elapsedMs, statesPerSecond: Math.round((distinct * 1000) / elapsedMs) });
    }
  }, 50);
  try {
    let first = true;
    const control = buffers === undefined ? undefined : new SharedControl(buffers);
    /** Shared mode: the level being expanded (initial states are level 1), and who has joined the search. */
    const levels: SharedLevels | undefined = control === undefined ? undefined : { control, level: 1, joinFrom, joined: handles.map((h) => h === local) };
    /** Shared mode: where each worker's frontier of the coming level starts. */
    let levelStarts = summaries.map(() => 0);
    /** Shared mode: each worker's count of stored states as each level began (see `levelOrder.ts`). */
    const levelEnds: number[][] = [];
    const memoryLimit = options.maxMemoryBytes ?? defaultMemoryLimit();
    const decided = () => summaries.some((s) => s.findings.some((f, p) => f !== undefined && model.properties[p].kind !== 'sometimes'));
    for (;;) {
      if (summaries.some((s) => s.stoppedBy !== undefined || s.modelError !== undefined)) break;
      if (stoppedBy !== undefined) break;
      if (options.stopOnViolation && decided()) {
        stoppedBy = 'violation';
        break;
      }
      const total = summaries.reduce((n, s) => n + s.count, 0);
      if (options.maxStates !== undefined && total >= options.maxStates && summaries.some((s) => s.queue > 0)) {
        stoppedBy = 'maxStates';
        break;
      }
      if (!first && summaries.every((s) => s.queue === 0)) break;
      if (control !== undefined) {
        // The level's states: each worker's states stored since the last level began.
        const ends = summaries.map((s) => s.count);
        levelEnds.push(ends);
        ends.forEach((end, w) => control.setFrontier(w, levelStarts[w], end));
        levelStarts = ends;
        if (!first) levels!.level++;
        if (levels!.level === options.joinAtLevel) await Promise.all(handles.map((h) => h.started));
        const level = await sharedLevel(handles, levels!, summaries, !first, memoryLimit);
        summaries = level.summaries;
        stoppedBy ??= level.stoppedBy;
      } else summaries = await partitionedLevel(handles, !first);
      first = false;
    }
    const ends = handles.map((h, w) => (levels === undefined || levels.joined[w] ? h.ask({ type: 'end' }) : undefined));
    await Promise.all(ends);
    const elapsedMs = performance.now() - startedAt;
    // A worker still starting when the search ended joins it only to end: the analyses after the
    // search ask every worker, and its share of the table counts in the statistics.
    summaries = (
      await Promise.all(
        handles.map(
          (h, w) =>
            ends[w] ??
            h.started.then((m) => {
              expect(m, 'summary');
              void h.ask(joinMessage(levels!));
              return h.ask({ type: 'end' });
            }),
        ),
      )
    ).map((m) => expect(m, 'summary').summary);
    const final = summaries.map((s) => s.count);
    after.searchOver = true;
    return await buildParallelResult(model, codec, options, handles, summaries, stoppedBy, elapsedMs, control === undefined ? undefined : [...levelEnds, final], after);
  } finally {
    clearInterval(timer);
    await Promise.all(handles.map((h) => (h.ready ? h.ask({ type: 'dispose' }).catch(() => undefined) : undefined)));
    await Promise.all(handles.map((h) => h.terminate()));
  }
}

/**
 * The coordinator's view of a shared-store search: the control words, the level being expanded,
 * and which workers have joined (the coordinator's own at once, the threads as they finish
 * starting).
 */
interface SharedLevels {
  readonly control: SharedControl;
  level: number;
  /** The first level a thread may join at. */
  readonly joinFrom: number;
  readonly joined: boolean[];
}

/** What a thread that finished starting is told as it joins: the level now, and the buffers as they are. */
function joinMessage(levels: SharedLevels): ToWorker {
  return { type: 'join', level: levels.level, buffers: levels.control.current() };
}

/**
 * One level of a shared-store search: every worker that has joined claims and expands the level's
 * states, and a thread that finishes starting meanwhile joins them at once. When one runs short of
 * table or arena, all pause, the coordinator makes room and they fill the new table, then go on.
 * Stops with 'maxMemory' when the room cannot be had.
 */
async function sharedLevel(
  handles: readonly WorkerHandle[],
  levels: SharedLevels,
  before: readonly WorkerSummary[],
  nextLevel: boolean,
  memoryLimit: number,
): Promise<{ summaries: WorkerSummary[]; stoppedBy?: StopReason }> {
  const { control, joined } = levels;
  const summaries = [...before];
  for (let first = true; ; first = false) {
    const claimed: { w: number; paused: boolean }[] = [];
    const pending: Promise<void>[] = [];
    const wait = (p: Promise<void>) => {
      // Awaited in turn below; one that fails after an earlier one threw is not left unhandled.
      p.catch(() => undefined);
      pending.push(p);
    };
    const claim = (w: number, m: ToWorker) =>
      wait(
        handles[w].ask(m).then((reply) => {
          const c = expect(reply, 'claimed');
          summaries[w] = c.summary;
          claimed.push({ w, paused: c.paused });
        }),
      );
    /** While the workers claim: a thread that finished starting joins, unless a pause was asked for. */
    let open = true;
    const join = (w: number) => {
      if (!open || joined[w] || !handles[w].ready || levels.level < levels.joinFrom || control.pauseRequested()) return;
      joined[w] = true;
      void handles[w].ask(joinMessage(levels));
      claim(w, { type: 'claim', nextLevel: false });
    };
    handles.forEach((h, w) => {
      if (joined[w]) claim(w, { type: 'claim', nextLevel: nextLevel && first });
      else join(w);
    });
    for (const [w, h] of handles.entries()) {
      if (!joined[w]) void h.started.then((m) => (m.type !== 'failed' ? join(w) : open ? wait(Promise.reject(new Error(`a worker failed: ${m.message}`))) : undefined));
    }
    // The list grows while it is awaited when a thread joins.
    for (let i = 0; i < pending.length; i++) await pending[i];
    open = false;
    if (summaries.some((s) => s.stoppedBy !== undefined || s.modelError !== undefined)) return { summaries };
    if (!claimed.some((c) => c.paused) && !control.pauseRequested()) return { summaries };
    const counts = summaries.map((s) => s.count);
    const change = control.resize(counts, (bytes) => fitsInMemory(bytes, memoryLimit));
    if (change === undefined) return { summaries, stoppedBy: 'maxMemory' };
    for (const m of await Promise.all(handles.filter((_, w) => joined[w]).map((h) => h.ask({ type: 'resize', change })))) expect(m, 'resized');
  }
}

/**
 * One level of a partitioned search: every worker expands its own states, then stores the
 * successors the others routed to it.
 */
async function partitionedLevel(handles: readonly WorkerHandle[], nextLevel: boolean): Promise<WorkerSummary[]> {
  const expanded = (await Promise.all(handles.map((h) => h.ask({ type: 'expand', nextLevel })))).map((m) => expect(m, 'expanded'));
  const summaries = expanded.map((e) => e.summary);
  if (summaries.some((s) => s.stoppedBy !== undefined || s.modelError !== undefined)) return summaries;
  const inserted = await Promise.all(
    handles.map((h, to) => {
      const batches = expanded.filter((_, from) => from !== to).map((e) => e.outboxes[to]);
      return h.ask({ type: 'incoming', batches }, batches.map((b) => b.records.buffer as ArrayBuffer));
    }),
  );
  return inserted.map((m) => expect(m, 'summary').summary);
}

/**
 * The result of a parallel check: the traces come from the workers' stores (a state's path is
 * asked of the workers holding it, fetched before the result is assembled), and `neverStuck` and
 * the liveness properties are decided over the graph the workers rebuild.
 */
async function buildParallelResult<S, A extends Action>(
  model: Model<S, A>,
  codec: StateCodec<S>,
  options: ParallelOptions,
  handles: WorkerHandle[],
  summaries: WorkerSummary[],
  coordinatorStop: StopReason | undefined,
  elapsedMs: number,
  /** Shared mode: each worker's state count after each level (see `levelOrder.ts`). */
  levelEnds: readonly (readonly number[])[] | undefined,
  /** Where the liveness analysis's progress goes. */
  after: AfterSearch,
): Promise<CheckResult<S, A>> {
  const W = handles.length;
  const outcome = mergeSummaries<S>(summaries, coordinatorStop);
  // The path of a state: ask its worker for its parent and action, up to an initial state.
  const chainTo = async (worker: number, index: number) => {
    const chain: { action: number; words: Uint32Array | undefined }[] = [];
    let w = worker;
    let i = index;
    for (;;) {
      const r = expect(await handles[w].ask({ type: 'record', index: i }), 'record');
      chain.push({ action: r.action, words: r.words });
      if (r.parentRef < 0) break;
      w = r.parentRef % W;
      i = Math.floor(r.parentRef / W);
    }
    chain.reverse();
    return chain;
  };
  const chains = new Map<string, Awaited<ReturnType<typeof chainTo>> | { failed: unknown }>();
  const keyOf = (f: PlacedFinding) => `${f.worker}:${f.state}`;
  const fetchChains = async (findings: readonly (PlacedFinding | undefined)[]) => {
    for (const f of findings) {
      if (f === undefined || chains.has(keyOf(f))) continue;
      try {
        chains.set(keyOf(f), await chainTo(f.worker, f.state));
      } catch (e) {
        chains.set(keyOf(f), { failed: e });
      }
    }
  };
  const traceOf = (f: PlacedFinding): Trace<S, A> => {
    const chain = chains.get(keyOf(f))!;
    if ('failed' in chain) throw chain.failed;
    const path: TracePath = {
      init: chain[0].action,
      actions: [...chain.slice(1).map((c) => c.action), ...(f.action === undefined ? [] : [f.action])],
    };
    return replay(model, path, (i) => (i < chain.length ? chain[i].words : undefined), codec);
  };
  const parts: ResultParts<S, A> = { model, codec, options, outcome, elapsedMs, traceOf, workers: W };

  if (outcome.modelError) await fetchChains([{ worker: outcome.modelError.worker, state: outcome.modelError.state }]);
  const settled = settleModelError(parts);
  const analyse = settled.complete && settled.modelError === undefined;
  const wantStuck = analyse && model.properties.some((p) => p.kind === 'neverStuck');
  const wantLiveness = analyse && hasLiveness(model);
  const memoryLimit = options.maxMemoryBytes ?? defaultMemoryLimit();
  let stuck: StuckDecision<S, A> | undefined;
  let liveness: LivenessVerdicts<S, A> | undefined;
  if (levelEnds === undefined) {
    // Fingerprint mode: no store holds the states, so there is no graph to analyse.
    if (wantLiveness) liveness = { verdictOf: () => undefined, reason: LIVENESS_NEEDS };
  } else if (wantStuck || wantLiveness) {
    const started = performance.now();
    const graph = await levelOrderGraph(handles, summaries, levelEnds, memoryLimit);
    const graphMs = performance.now() - started;
    if (wantStuck) stuck = await decideNeverStuckOnWorkers(model, handles, summaries, levelEnds, memoryLimit, graph, graphMs);
    if (wantLiveness && stuck?.error === undefined) {
      liveness = await decideLivenessOnWorkers(model, codec, handles[W - 1], handles[0], levelEnds, memoryLimit, graph, stuck === undefined ? graphMs : 0, after, options, outcome, elapsedMs);
    }
  }
  await fetchChains(decisiveFindings(outcome, stuck));
  return assembleResult(parts, settled, stuck, liveness);
}

/**
 * The coordinator's state once the search is over: `analysing` receives where the liveness
 * analysis is, while a worker runs it.
 */
interface AfterSearch {
  searchOver?: boolean;
  analysing: ((phase: 'graph' | 'deciding', done: number, total: number) => void) | undefined;
}

/**
 * The state graph of a complete shared-store search in level order: put together from the
 * transitions the workers recorded (`counts`, `offsets`, `targets`), or, when a worker's log ran
 * out of memory, the rows the workers rebuild by expanding the states again, each over an equal
 * range of the level order (or what a `neverStuck` predicate threw meanwhile); or why the memory
 * limit refused it.
 */
type LevelGraph =
  | { readonly kind: 'recorded'; readonly counts: Int32Array; readonly offsets: Int32Array; readonly targets: Int32Array; readonly ranges: readonly (readonly [number, number])[] }
  | { readonly kind: 'rows'; readonly rows: readonly (GraphRows | string)[] }
  | { readonly kind: 'refused'; readonly reason: string };

async function levelOrderGraph(
  handles: readonly WorkerHandle[],
  summaries: readonly WorkerSummary[],
  levelEnds: readonly (readonly number[])[],
  memoryLimit: number,
): Promise<LevelGraph> {
  const W = handles.length;
  const count = summaries.reduce((n, s) => n + s.count, 0);
  const ranges = handles.map((_, k) => [Math.floor((count * k) / W), Math.floor((count * (k + 1)) / W)] as const);
  const logs = (await Promise.all(handles.map((h) => h.ask({ type: 'transitions' })))).map((m) => expect(m, 'transitions').recorded);
  if (logs.every((log) => log !== undefined)) {
    // Level numbers, counts, offsets and the fill cursors: 16 bytes a state; the targets: 4 a transition.
    const bytes = 16 * count + 4 * logs.reduce((n, log) => n + log!.targets.length, 0);
    if (!fitsInMemory(bytes, memoryLimit)) return { kind: 'refused', reason: livenessMemoryReason(new MemoryLimitReached(bytes), memoryLimit) };
    return { kind: 'recorded', ...levelOrderTransitions(levelEnds, logs as RecordedTransitions[]), ranges };
  }
  const built = await Promise.all(handles.map((h, k) => h.ask({ type: 'graph', levelEnds, from: ranges[k][0], to: ranges[k][1] })));
  return {
    kind: 'rows',
    rows: built.map((m) => {
      const answer = expect(m, 'graph');
      return answer.rows ?? answer.error ?? 'a worker rebuilt no rows';
    }),
  };
}

/**
 * The liveness properties after a complete exact search with workers: the last worker (a thread,
 * so that this one keeps serving its progress timer) decides them over the level-order `graph`, its states renumbered as one worker numbers them (so the lassos and
 * bounds are one worker's; see `oneWorkerOrder.ts`), while the coordinator passes its progress on;
 * the paths it found are replayed here from the states' words it sends.
 */
async function decideLivenessOnWorkers<S, A extends Action>(
  model: Model<S, A>,
  codec: StateCodec<S>,
  decider: WorkerHandle,
  workerZero: WorkerHandle,
  levelEnds: readonly (readonly number[])[],
  memoryLimit: number,
  graph: LevelGraph,
  graphMs: number,
  after: AfterSearch,
  options: ParallelOptions,
  outcome: SearchOutcome<S>,
  searchMs: number,
): Promise<LivenessVerdicts<S, A>> {
  const started = performance.now();
  const findings = model.properties.map(() => undefined);
  let offsets: Int32Array;
  let targets: Int32Array;
  if (graph.kind === 'refused') return { verdictOf: () => undefined, analysisMs: graphMs, reason: graph.reason };
  if (graph.kind === 'recorded') ({ offsets, targets } = graph);
  else {
    const failed = graph.rows.find((r): r is string => typeof r === 'string');
    if (failed !== undefined) return livenessVerdicts(model, { findings, error: failed }, graphMs, () => { throw new Error('no path'); });
    const rows = graph.rows as GraphRows[];
    const count = rows.reduce((n, r) => n + r.counts.length, 0);
    const edges = rows.reduce((n, r) => n + r.targets.length, 0);
    const bytes = 4 * (count + 1) + 4 * edges;
    if (!fitsInMemory(bytes, memoryLimit)) return { verdictOf: () => undefined, analysisMs: graphMs, reason: livenessMemoryReason(new MemoryLimitReached(bytes), memoryLimit) };
    offsets = new Int32Array(count + 1);
    targets = new Int32Array(edges);
    for (const r of rows) {
      for (let i = 0; i < r.counts.length; i++) offsets[r.from + i + 1] = offsets[r.from + i] + r.counts[i];
      targets.set(r.targets, offsets[r.from]);
    }
  }
  after.analysing = livenessProgress(options, { ...outcome, elapsedMs: searchMs }, undefined, 1);
  let answer: WorkerLiveness;
  try {
    const reply = await decider.ask({ type: 'liveness', levelEnds, offsets, targets, memoryLimit }, [offsets.buffer as ArrayBuffer, targets.buffer as ArrayBuffer]);
    answer = expect(reply, 'liveness').answer;
  } finally {
    after.analysing = undefined;
  }
  const analysisMs = graphMs + performance.now() - started;
  const pathStates = new Map<StatePath, PathStates & { init: number }>();
  for (const [p, f] of answer.decision.findings.entries()) {
    const states = answer.paths[p];
    if (f === undefined || !('path' in f) || f.path === undefined || states === undefined) continue;
    // Which entry of init() the path starts from: worker 0's trace record of its first state.
    const init = expect(await workerZero.ask({ type: 'record', index: states.start }), 'record').action;
    pathStates.set(f.path, { ...states, init });
  }
  return livenessVerdicts(model, answer.decision, analysisMs, (path) => {
    const states = pathStates.get(path)!;
    const full = { init: states.init, actions: path.actions, ...(path.loop !== undefined ? { loop: path.loop } : {}) };
    return replay(model, full, (i) => (i < states.words.length ? states.words[i] : undefined), codec);
  });
}

/**
 * `neverStuck` needs the whole state graph: after a complete exact search it is rebuilt from the
 * store the workers share, its states numbered level by level, so that the first stuck state
 * found is one of the shallowest and its trace a shortest one, as with one worker.
 */
async function decideNeverStuckOnWorkers<S, A extends Action>(
  model: Model<S, A>,
  handles: readonly WorkerHandle[],
  summaries: readonly WorkerSummary[],
  levelEnds: readonly (readonly number[])[],
  memoryLimit: number,
  graph: LevelGraph,
  graphMs: number,
): Promise<StuckDecision<S, A>> {
  const started = performance.now() - graphMs;
  const count = summaries.reduce((n, s) => n + s.count, 0);
  if (graph.kind === 'refused') return { decided: false, analysisMs: graphMs, undecided: graph.reason };
  let rows: () => GraphRows[];
  if (graph.kind === 'recorded') {
    // Every worker recorded the transitions it stored: the graph was put together from their
    // logs, and the workers only say, over equal ranges of the level order, where each thread
    // is blocked.
    const { ranges } = graph;
    const blocked = await Promise.all(handles.map((h, k) => h.ask({ type: 'blocked', levelEnds, from: ranges[k][0], to: ranges[k][1] })));
    rows = () =>
      blocked.map((m, k) => {
        const answer = expect(m, 'blocked');
        if (answer.blocked === undefined) throw new Error(answer.error);
        const [from, to] = ranges[k];
        return { from, to, counts: graph.counts.subarray(from, to), targets: graph.targets.subarray(graph.offsets[from], graph.offsets[to]), blocked: answer.blocked };
      });
  } else {
    // A worker's log ran out of memory: the workers rebuilt the graph's rows by expanding the
    // states again.
    rows = () =>
      graph.rows.map((r) => {
        if (typeof r === 'string') throw new Error(r);
        return r;
      });
  }
  const decided = decideNeverStuck(model, count, rows, memoryLimit);
  const analysisMs = performance.now() - started;
  if (decided.error || decided.undecided) return { decided: false, analysisMs, error: decided.error, undecided: decided.undecided };
  return {
    decided: true,
    analysisMs,
    findings: decided.findings.map((f) => {
      if (f === undefined) return undefined;
      const { worker, index } = levelOrderPosition(levelEnds, f.state);
      return { worker, state: index, thread: f.thread };
    }),
  };
}
