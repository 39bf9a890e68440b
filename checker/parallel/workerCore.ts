/**
 * What a worker of a parallel check does with each of the coordinator's messages, whichever
 * thread it runs in: a worker thread (`worker.ts`) answers through its port, and in a shared-store
 * check the coordinator's own thread runs worker 0 in place (`LocalWorker`, in `workerHandles.ts`), so that the search
 * begins while the other threads are still starting. The worker is a {@link SharedSearch} over the
 * table every worker shares (exact mode), or a {@link PartitionedSearch} of one hash partition
 * (fingerprint mode), its successors for other partitions collected in outboxes.
 */
import type { AnyModel } from '../../model/core/model.js';
import { PartitionedSearch } from './partitionedSearch.js';
import { SharedSearch } from './sharedSearch.js';
import { summarize } from '../searchSummary.js';
import { SharedStateStore, type SharedBuffers } from './sharedStateStore.js';
import type { CheckOptions } from '../options.js';
import { LevelOrder } from './levelOrder.js';
import { blockedRows, graphRows, neverStuckProperties } from '../stuck.js';
import { describeThrown } from '../errors.js';
import { decideLivenessOnWorker } from './workerLiveness.js';
import type { FromWorker, ToWorker, WorkerSummary } from './messages.js';

/**
 * Who a worker is: its check's options, its number among `workers`, the progress words it shares
 * with the coordinator, and in exact mode the shared table and arenas.
 *
 * @example
 * const setup: WorkerSetup = { options: {}, id: 1, workers: 2, shared, buffers };
 */
export interface WorkerSetup {
  readonly options: Omit<CheckOptions, 'onProgress' | 'shouldStop'>;
  readonly id: number;
  readonly workers: number;
  /**
   * Shared: [0] stop flag; [1 + 3 * id] distinct, [2 + 3 * id] generated, [3 + 3 * id] expanded (written for progress);
   * after them, the liveness analysis's phase, done and total (written by the worker that decides liveness).
   */
  readonly shared: SharedArrayBuffer;
  /** The shared table and arenas, in exact mode; without them the state space is partitioned. */
  readonly buffers?: SharedBuffers;
}

/**
 * A worker's answer to one message: the reply and the buffers to transfer with it, or
 * `undefined` when a claim stopped at its slice deadline (ask again with `nextLevel: false` to
 * go on).
 *
 * @example
 * const answer = core.handle({ type: 'end' });
 * if (answer) port.postMessage(answer.reply, answer.transfer);
 */
export type WorkerAnswer = { readonly reply: FromWorker; readonly transfer: ArrayBuffer[] } | undefined;

/** A growable buffer of routed successor records. */
class Outbox {
  records: Uint32Array;
  count = 0;
  constructor(private readonly stride: number) {
    this.records = new Uint32Array(stride * 1024);
  }
  push(words: Uint32Array, at: number, parentRef: number, action: number): void {
    const wordCount = this.stride - 2;
    let at2 = this.count * this.stride;
    if (at2 + this.stride > this.records.length) {
      const bigger = new Uint32Array(this.records.length * 2);
      bigger.set(this.records);
      this.records = bigger;
    }
    for (let w = 0; w < wordCount; w++) this.records[at2++] = words[at + w];
    this.records[at2++] = parentRef;
    this.records[at2] = action;
    this.count++;
  }
  /** Hands the records over (transferred) and starts a fresh buffer. */
  take(): { records: Uint32Array; count: number } {
    const out = { records: this.records.subarray(0, this.count * this.stride).slice(), count: this.count };
    this.count = 0;
    return out;
  }
}

/**
 * One worker of a parallel check: its search, and its answer to each message.
 *
 * @example
 * const core = new WorkerCore(model, { options: {}, id: 0, workers: 2, shared, buffers });
 * core.handle({ type: 'claim', nextLevel: false }); // { reply: { type: 'claimed', … }, transfer: [] }
 */
export class WorkerCore {
  readonly search: PartitionedSearch<unknown, { kind: string }> | SharedSearch<unknown, { kind: string }>;
  private readonly outboxes: Outbox[];
  private readonly progress: Float64Array;

  constructor(
    model: AnyModel,
    private readonly setup: WorkerSetup,
  ) {
    this.progress = new Float64Array(setup.shared);
    const flag = new Int32Array(setup.shared, 0, 1);
    const options: CheckOptions = {
      ...setup.options,
      shouldStop: () => Atomics.load(flag, 0) !== 0,
      progressIntervalMs: 200,
      onProgress: () => this.publish(),
    };
    this.search = setup.buffers
      ? new SharedSearch(model as never, options, setup.id, setup.workers, new SharedStateStore(setup.buffers, setup.id))
      : new PartitionedSearch(model as never, options, {
          id: setup.id,
          workers: setup.workers,
          route: (owner, buf, at, parentRef, action) => this.outboxes[owner].push(buf, at, parentRef, action),
        });
    this.outboxes = Array.from({ length: setup.workers }, () => new Outbox(this.search.codec.words + 2));
  }

  /** Writes this worker's counts where the coordinator reads them for progress lines. */
  publish(): void {
    const at = 3 * this.setup.id;
    this.progress[1 + at] = this.search.store.count;
    this.progress[2 + at] = this.search.generated;
    this.progress[3 + at] = this.search.expanded;
  }

  summary(): WorkerSummary {
    return summarize(this.search);
  }

  /**
   * The answer to message `m`. A claim expands until the level is done, a pause or the end, or
   * (given a `sliceDeadline`) until `performance.now()` passes it: then the answer is `undefined`.
   */
  handle(m: ToWorker, sliceDeadline = Infinity): WorkerAnswer {
    const search = this.search;
    const answer = (reply: FromWorker, transfer: ArrayBuffer[] = []) => ({ reply, transfer });
    switch (m.type) {
      case 'expand': {
        const partitioned = search as PartitionedSearch<unknown, { kind: string }>;
        if (m.nextLevel) partitioned.nextLevel();
        partitioned.expandLevel();
        const boxes = this.outboxes.map((o) => o.take());
        this.publish();
        return answer({ type: 'expanded', summary: this.summary(), outboxes: boxes }, boxes.map((b) => b.records.buffer as ArrayBuffer));
      }
      case 'claim': {
        const shared = search as SharedSearch<unknown, { kind: string }>;
        if (m.nextLevel) shared.nextLevel();
        const how = shared.expandClaims(sliceDeadline);
        if (how === 'slice') return undefined;
        this.publish();
        return answer({ type: 'claimed', summary: this.summary(), paused: how === 'paused' });
      }
      case 'join': {
        const shared = search as SharedSearch<unknown, { kind: string }>;
        (shared.store as SharedStateStore).adopt(m.buffers);
        shared.joinAt(m.level);
        return answer({ type: 'summary', summary: this.summary() });
      }
      case 'resize':
        (search.store as SharedStateStore).resize(m.change);
        return answer({ type: 'resized' });
      case 'incoming': {
        const partitioned = search as PartitionedSearch<unknown, { kind: string }>;
        for (const b of m.batches) if (!partitioned.insertIncoming(b.records, b.count)) break;
        return answer({ type: 'summary', summary: this.summary() });
      }
      case 'end':
        search.end();
        return answer({ type: 'summary', summary: this.summary() });
      case 'dispose':
        search.store.dispose();
        return answer({ type: 'summary', summary: this.summary() });
      case 'graph':
        try {
          const order = new LevelOrder(search.store as SharedStateStore, m.levelEnds);
          const rows = graphRows(search.model, search.codec, order, neverStuckProperties(search.model), m.from, m.to);
          return answer({ type: 'graph', rows }, [rows.counts.buffer, rows.targets.buffer, ...rows.blocked.map((b) => b.buffer)] as ArrayBuffer[]);
        } catch (e) {
          return answer({ type: 'graph', error: describeThrown(e) });
        }
      case 'transitions': {
        // What this worker's search recorded, if it recorded all of it (see EdgeLog).
        const recorded = search.edges?.recording ? search.edges.transitions() : undefined;
        return answer({ type: 'transitions', recorded }, recorded ? ([recorded.runSources.buffer, recorded.runCounts.buffer, recorded.targets.buffer] as ArrayBuffer[]) : []);
      }
      case 'blocked':
        try {
          const order = new LevelOrder(search.store as SharedStateStore, m.levelEnds);
          const blocked = blockedRows(search.codec, order, neverStuckProperties(search.model), m.from, m.to);
          return answer({ type: 'blocked', blocked }, blocked.map((b) => b.buffer) as ArrayBuffer[]);
        } catch (e) {
          return answer({ type: 'blocked', error: describeThrown(e) });
        }
      case 'liveness': {
        // Where the analysis is, for the coordinator's progress lines: phase (1 graph, 2 deciding), done, total.
        const at = 1 + 3 * this.setup.workers;
        const progress = (phase: 'graph' | 'deciding', done: number, total: number) => {
          this.progress[at] = phase === 'graph' ? 1 : 2;
          this.progress[at + 1] = done;
          this.progress[at + 2] = total;
        };
        const decided = decideLivenessOnWorker(search.model, search.codec, search.store as SharedStateStore, m.levelEnds, m.offsets, m.targets, m.memoryLimit, progress);
        return answer({ type: 'liveness', answer: decided });
      }
      case 'record': {
        const ref = search.store.records.parent(m.index);
        return answer({ type: 'record', parentRef: ref, action: search.store.records.actionIndex(m.index), words: search.store.wordsOf(m.index) });
      }
    }
  }
}
