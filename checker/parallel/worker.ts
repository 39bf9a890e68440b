/**
 * A worker thread of a parallel check: it builds the model its spec names, then answers the
 * coordinator's messages through its port as its {@link WorkerCore} says, the first message
 * being its summary once it is ready.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { loadModel, type ModelSpec } from './modelSpec.js';
import { WorkerCore, type WorkerSetup } from './workerCore.js';
import type { FromWorker, ToWorker } from './messages.js';

async function start(): Promise<void> {
  const data = workerData as WorkerSetup & { readonly spec: ModelSpec };
  const port = parentPort!;
  const send = (m: FromWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);
  let core: WorkerCore;
  try {
    core = new WorkerCore(await loadModel(data.spec), data);
  } catch (e) {
    send({ type: 'failed', message: e instanceof Error ? e.message : String(e) });
    return;
  }
  port.on('message', (m: ToWorker) => {
    const answer = core.handle(m)!;
    send(answer.reply, answer.transfer);
  });
  send({ type: 'summary', summary: core.summary() });
}

void start();
