/**
 * How the coordinator of a parallel check talks to a worker: a worker thread through its port
 * ({@link ThreadWorker}), or the worker its own thread runs in place ({@link LocalWorker}). Both
 * answer each message in the order asked, and both say when they are ready: a thread once it has
 * built its model, the local worker at once.
 */
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker, WorkerSummary } from './messages.js';
import type { WorkerCore } from './workerCore.js';

/**
 * A worker as the coordinator sees it.
 *
 * @example
 * const reply = await handle.ask({ type: 'end' });
 */
export interface WorkerHandle {
  /** Whether the worker has built its model (its first summary has come). */
  readonly ready: boolean;
  /** The worker's first summary, or its failure. */
  readonly started: Promise<FromWorker>;
  /** Sends `m` (with `transfer`'s buffers moved, to a thread) and resolves with the answer. */
  ask(m: ToWorker, transfer?: ArrayBuffer[]): Promise<FromWorker>;
  /** Stops the worker's thread, if it has one. */
  terminate(): Promise<void>;
}

/**
 * A worker thread running `worker.js`.
 *
 * @example
 * const handle = new ThreadWorker(new Worker(url, { workerData }));
 * await handle.started;
 */
export class ThreadWorker implements WorkerHandle {
  private readonly waiting: ((m: FromWorker) => void)[] = [];
  private failure: Error | undefined;
  ready = false;
  readonly started: Promise<FromWorker>;
  constructor(readonly worker: Worker) {
    worker.on('message', (m: FromWorker) => this.waiting.shift()?.(m));
    worker.on('error', (e) => {
      this.failure = e;
      for (const w of this.waiting.splice(0)) w({ type: 'failed', message: e.message });
    });
    this.started = this.next().then((m) => {
      this.ready = m.type !== 'failed';
      return m;
    });
  }
  /** The next message from the worker (replies come in the order requests were sent). */
  private next(): Promise<FromWorker> {
    if (this.failure) return Promise.resolve({ type: 'failed', message: this.failure.message });
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  async ask(m: ToWorker, transfer: ArrayBuffer[] = []): Promise<FromWorker> {
    const reply = this.next();
    this.worker.postMessage(m, transfer);
    return reply;
  }
  async terminate(): Promise<void> {
    await this.worker.terminate();
  }
}

/** How long the local worker expands before it lets its thread serve events (ms). */
const SLICE_MS = 25;

/** Lets the thread's event loop run: messages, timers, signals. */
const yieldToEvents = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The worker the coordinator's thread runs itself. Its work starts after the asking code has run
 * to its next `await`, so that messages asked of the threads at the same time go out first, and
 * a claim runs in slices of {@link SLICE_MS}, between which the thread serves its events (the
 * other workers' answers, the progress timer, an interrupt).
 *
 * @example
 * const handle = new LocalWorker(new WorkerCore(model, setup));
 * await handle.ask({ type: 'claim', nextLevel: false });
 */
export class LocalWorker implements WorkerHandle {
  readonly ready = true;
  readonly started: Promise<FromWorker>;
  constructor(readonly core: WorkerCore) {
    this.started = Promise.resolve({ type: 'summary', summary: core.summary() });
  }
  /** Its summary now. */
  summary(): WorkerSummary {
    return this.core.summary();
  }
  async ask(m: ToWorker): Promise<FromWorker> {
    await Promise.resolve();
    try {
      let answer = this.core.handle(m, performance.now() + SLICE_MS);
      while (answer === undefined) {
        await yieldToEvents();
        answer = this.core.handle({ type: 'claim', nextLevel: false }, performance.now() + SLICE_MS);
      }
      return answer.reply;
    } catch (e) {
      return { type: 'failed', message: e instanceof Error ? e.message : String(e) };
    }
  }
  async terminate(): Promise<void> {}
}
