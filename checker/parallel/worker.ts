/**
 * A worker thread of a parallel check, driven level by level as the coordinator says: a
 * {@link SharedSearch} over the table every worker shares (exact mode), or a
 * {@link PartitionedSearch} of one hash partition (fingerprint mode), its successors for other
 * partitions collected in outboxes.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { PartitionedSearch } from './partitionedSearch.js';
import { SharedSearch } from './sharedSearch.js';
import { summarize } from '../searchSummary.js';
import { SharedStateStore, type SharedBuffers } from './sharedStateStore.js';
import type { CheckOptions } from '../options.js';
import { loadModel, type ModelSpec } from './modelSpec.js';
import { LevelOrder } from './levelOrder.js';
import { blockedRows, graphRows, neverStuckProperties } from '../stuck.js';
import { describeThrown } from '../errors.js';
import { decideLivenessOnWorker } from './workerLiveness.js';
import type { FromWorker, ToWorker, WorkerSummary } from './messages.js';

interface WorkerData {
  readonly spec: ModelSpec;
  readonly options: Omit<CheckOptions, 'onProgress' | 'shouldStop'>;
  readonly id: number;
  readonly workers: number;
  /**
   * Shared: [0] stop flag; [1 + 3 * id] distinct, [2 + 3 * id] generated, [3 + 3 * id] expanded (written for progress);
   * after them, the liveness analysis's phase, done and total (written by worker 0).
   */
  readonly shared: SharedArrayBuffer;
  /** The shared table and arenas, in exact mode; without them the state space is partitioned. */
  readonly buffers?: SharedBuffers;
}

/** A growable buffer of routed successor records. */
class Outbox {
  records: Uint32Array;
  count = 0;
  constructor(private readonly stride: number) {
    this.records = new Uint32Array(stride * 1024);
  }
  push(words: Uint32Array, at: number, wordCount: number, parentRef: number, action: number): void {
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

async function start(): Promise<void> {
  const data = workerData as WorkerData;
  const port = parentPort!;
  const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  let search: PartitionedSearch<unknown, { kind: string }> | SharedSearch<unknown, { kind: string }>;
  let outboxes: Outbox[] = [];
  const shared = new Float64Array(data.shared);
  const flag = new Int32Array(data.shared, 0, 1);
  try {
    const model = await loadModel(data.spec);
    const words = Math.max(1, Math.ceil(model.shape.bits / 32));
    outboxes = Array.from({ length: data.workers }, () => new Outbox(words + 2));
    const options: CheckOptions = {
      ...data.options,
      shouldStop: () => Atomics.load(flag, 0) !== 0,
      progressIntervalMs: 200,
      onProgress: () => publish(),
    };
    search = data.buffers
      ? new SharedSearch(model, options, data.id, data.workers, new SharedStateStore(data.buffers, data.id))
      : new PartitionedSearch(model, options, {
          id: data.id,
          workers: data.workers,
          route: (owner, buf, at, parentRef, action) => outboxes[owner].push(buf, at, words, parentRef, action),
        });
  } catch (e) {
    send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  /** Writes this worker's counts where the coordinator reads them for progress lines. */
  const publish = () => {
    shared[1 + 3 * data.id] = search.store.count;
    shared[2 + 3 * data.id] = search.generated;
    shared[3 + 3 * data.id] = search.expanded;
  };
  const summary = (): WorkerSummary => summarize(search);
  port.on('message', (m: ToWorker) => {
    switch (m.type) {
      case 'expand': {
        if (m.nextLevel) search.nextLevel();
        (search as PartitionedSearch<unknown, { kind: string }>).expandLevel();
        const boxes = outboxes.map((o) => o.take());
        publish();
        send({ type: 'expanded', summary: summary(), outboxes: boxes }, boxes.map((b) => b.records.buffer as ArrayBuffer));
        break;
      }
      case 'claim': {
        if (m.nextLevel) search.nextLevel();
        const how = (search as SharedSearch<unknown, { kind: string }>).expandClaims();
        publish();
        send({ type: 'claimed', summary: summary(), paused: how === 'paused' });
        break;
      }
      case 'resize': {
        (search.store as SharedStateStore).resize(m.change);
        send({ type: 'resized' });
        break;
      }
      case 'incoming':
        for (const b of m.batches) if (!(search as PartitionedSearch<unknown, { kind: string }>).insertIncoming(b.records, b.count)) break;
        send({ type: 'summary', summary: summary() });
        break;
      case 'end':
        search.end();
        send({ type: 'summary', summary: summary() });
        break;
      case 'dispose':
        search.store.dispose();
        send({ type: 'summary', summary: summary() });
        break;
      case 'graph': {
        try {
          const order = new LevelOrder(search.store as SharedStateStore, m.levelEnds);
          const rows = graphRows(search.model, search.codec, order, neverStuckProperties(search.model), m.from, m.to);
          send({ type: 'graph', rows }, [rows.counts.buffer, rows.targets.buffer, ...rows.blocked.map((b) => b.buffer)] as ArrayBuffer[]);
        } catch (e) {
          send({ type: 'graph', error: describeThrown(e) });
        }
        break;
      }
      case 'transitions': {
        // What this worker's search recorded, if it recorded all of it (see EdgeLog).
        const recorded = search.edges?.recording ? search.edges.transitions() : undefined;
        send({ type: 'transitions', recorded }, recorded ? [recorded.runSources.buffer, recorded.runCounts.buffer, recorded.targets.buffer] as ArrayBuffer[] : []);
        break;
      }
      case 'blocked': {
        try {
          const order = new LevelOrder(search.store as SharedStateStore, m.levelEnds);
          const blocked = blockedRows(search.codec, order, neverStuckProperties(search.model), m.from, m.to);
          send({ type: 'blocked', blocked }, blocked.map((b) => b.buffer) as ArrayBuffer[]);
        } catch (e) {
          send({ type: 'blocked', error: describeThrown(e) });
        }
        break;
      }
      case 'liveness': {
        // Where the analysis is, for the coordinator's progress lines: phase (1 graph, 2 deciding), done, total.
        const at = 1 + 3 * data.workers;
        const progress = (phase: 'graph' | 'deciding', done: number, total: number) => {
          shared[at] = phase === 'graph' ? 1 : 2;
          shared[at + 1] = done;
          shared[at + 2] = total;
        };
        const answer = decideLivenessOnWorker(search.model, search.codec, search.store as SharedStateStore, m.levelEnds, m.offsets, m.targets, m.memoryLimit, progress);
        send({ type: 'liveness', answer });
        break;
      }
      case 'record': {
        const ref = search.store.records.parent(m.index);
        send({ type: 'record', parentRef: ref, action: search.store.records.actionIndex(m.index), words: search.store.wordsOf(m.index) });
        break;
      }
    }
  });
  send({ type: 'summary', summary: summary() });
}

void start();
