/**
 * The liveness analysis of a parallel exact check, run in one worker after the search: it reads
 * the store every worker shared, renumbered as one worker numbers it ({@link oneWorkerOrder}), over
 * the state graph the coordinator put together, and answers with what `decideLiveness` found and,
 * for every path it found, what the coordinator needs to replay it (where worker 0 stored its
 * initial state, and the stored words of each state on the path).
 */
import type { Action, Model } from '../../model/core/model.js';
import type { StateCodec } from '../../model/core/shape/codec.js';
import { describeThrown } from '../errors.js';
import { decideLiveness, type LivenessDecision } from '../liveness/decide.js';
import { memoryGuard, MemoryLimitReached } from '../memory.js';
import { LevelOrder } from './levelOrder.js';
import { oneWorkerOrder } from './oneWorkerOrder.js';
import type { SharedStateStore } from './sharedStateStore.js';

/**
 * What a path of a liveness finding needs to be replayed in the coordinator: the index of its
 * first state in worker 0's arena (worker 0 stores the initial states, and its trace records say
 * which entry of `init()` each is), and the words of every state it passes.
 *
 * @example
 * const p: PathStates = { start: 0, words: [Uint32Array.of(0), Uint32Array.of(5)] };
 */
export interface PathStates {
  readonly start: number;
  readonly words: readonly Uint32Array[];
}

/**
 * The worker's answer: the decision (a predicate's throw already described as a string, which is
 * all that crosses the thread boundary) and, per property, the states of the path of its finding.
 *
 * @example
 * const answer: WorkerLiveness = { decision: { findings: [undefined, { holds: true }] }, paths: [undefined, undefined] };
 */
export interface WorkerLiveness {
  readonly decision: LivenessDecision;
  readonly paths: readonly (PathStates | undefined)[];
}

/**
 * The reason a liveness property stays unknown when the memory limit refused what deciding it
 * needs; the same words as `decideLiveness` uses.
 *
 * @example
 * livenessMemoryReason(new MemoryLimitReached(8 * n), limit);
 * // 'incomplete: deciding it after the complete search needs the whole state graph, and the memory limit (200 MiB) stopped it: …'
 */
export function livenessMemoryReason(e: MemoryLimitReached, limit: number): string {
  const why = e.limit !== undefined ? e : new MemoryLimitReached(e.bytes, limit);
  return `incomplete: deciding it after the complete search needs the whole state graph, and ${why.message}`;
}

/**
 * Decides the liveness properties of `model` over the shared `store` of a complete search whose
 * levels ended at `levelEnds`, its graph in level order `targets[offsets[n]…offsets[n + 1])`.
 * Every large array is asked of `memoryLimit`; `progress` is passed to `decideLiveness`.
 *
 * @example
 * const answer = decideLivenessOnWorker(search.model, search.codec, store, levelEnds, offsets, targets, limit);
 */
export function decideLivenessOnWorker<S, A extends Action>(
  model: Model<S, A>,
  codec: StateCodec<S>,
  store: SharedStateStore,
  levelEnds: readonly (readonly number[])[],
  offsets: Int32Array,
  targets: Int32Array,
  memoryLimit: number,
  progress?: (phase: 'graph' | 'deciding', done: number, total: number) => void,
): WorkerLiveness {
  const props = model.properties;
  try {
    const order = new LevelOrder(store, levelEnds);
    // Worker 0 stores the initial states, first, in the order init() lists them.
    const initial = levelEnds[0][0];
    const one = oneWorkerOrder(order, initial, offsets, targets, memoryGuard(memoryLimit));
    const decision = decideLiveness(model, codec, one.states, initial, one.log, memoryLimit, progress);
    const paths = decision.findings.map((f) => {
      const path = f === undefined || !('path' in f) ? undefined : f.path;
      if (path === undefined) return undefined;
      const words = path.states.map((s) => {
        const chunk = one.states.chunkOf(s);
        const at = one.states.offsetOf(s);
        return chunk.slice(at, at + codec.words);
      });
      return { start: path.start, words };
    });
    return { decision: decision.error === undefined ? decision : { ...decision, error: describeThrown(decision.error) }, paths };
  } catch (e) {
    const findings = props.map(() => undefined);
    if (e instanceof MemoryLimitReached) return { decision: { findings, undecided: livenessMemoryReason(e, memoryLimit) }, paths: findings };
    return { decision: { findings, error: describeThrown(e) }, paths: findings };
  }
}
