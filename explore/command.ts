/**
 * `ipc-check explore`: builds the model (or opens the trace) it was asked for, starts the
 * explorer, prints its address on stdout and serves until it is told to stop (Ctrl-C).
 */
import { describeThrown } from '../checker/errors.js';
import type { AnyModel } from '../model/core/model.js';
import type { RegistryEntry } from '../registry/entry.js';
import type { ExploreRequest } from './request.js';
import { loadModelModule } from '../checker/moduleImport/loadModelModule.js';
import { modelSource } from './modelSource.js';
import { formatExploreQuery } from './query.js';
import { startExplorer } from './server.js';
import { openTrace } from './traceFile.js';
import type { ExploreSession } from './viewTypes.js';

/**
 * How `ipc-check explore` ended: refused (a model that cannot be built or loaded, a trace file
 * that is not one; the message was printed), or served until `stop` settled.
 *
 * @example
 * const code = (await runExplore(request, registry, io)) === 'usage' ? 2 : 130;
 */
export type ExploreOutcome = 'usage' | 'stopped';

/**
 * Runs `ipc-check explore` for `request`: prints `explore at http://127.0.0.1:PORT/?…` on
 * `out` once the server listens, and closes it when `stop` settles. A problem is printed on
 * `err` as one line naming the fix, and nothing is served.
 *
 * @example
 * const outcome = await runExplore({ model: { kind: 'registry', entry: dieHardEntry, config: dieHardEntry.defaults, sets: [] } }, registry, {
 *   out: console.log, err: console.error, stop: new Promise((r) => process.once('SIGINT', r)),
 * });
 */
export async function runExplore(
  request: ExploreRequest,
  registry: readonly RegistryEntry[],
  io: { readonly out: (line: string) => void; readonly err: (line: string) => void; readonly stop: Promise<unknown> },
): Promise<ExploreOutcome> {
  const refuse = (message: string): ExploreOutcome => {
    io.err(`ipc-check: ${message}`);
    return 'usage';
  };
  let module: { path: string; model: AnyModel } | undefined;
  let session: ExploreSession | undefined;
  const target = request.model;
  if (target?.kind === 'module') {
    const loaded = await loadModelModule(target.path, target.exportName);
    if (!loaded.ok) return refuse(loaded.error);
    module = { path: target.path, model: loaded.model };
    session = { query: formatExploreQuery({ model: target.path, sets: [], init: 0, path: [] }), title: loaded.model.name };
  } else if (target?.kind === 'registry') {
    try {
      const model = target.entry.make(target.config);
      session = { query: formatExploreQuery({ model: target.entry.id, sets: target.sets, init: 0, path: [] }), title: model.name };
    } catch (e) {
      return refuse(`invalid configuration for ${target.entry.id}: ${describeThrown(e)}`);
    }
  }
  if (request.trace !== undefined) {
    const opened = await openTrace(request.trace, target?.kind === 'registry' ? [target.entry] : registry, module);
    if (!opened.ok) return refuse(opened.error);
    if (opened.value.warning !== undefined) io.err(`ipc-check: ${request.trace}: ${opened.value.warning}; opening the path as it replays now`);
    const t = opened.value.trace;
    session = {
      query: formatExploreQuery(opened.value.query),
      title: opened.value.model.name,
      trace: { file: request.trace, ...(t.property !== undefined ? { property: t.property.name } : {}), verdict: t.verdict },
    };
  }
  if (session === undefined) return refuse('explore needs a model or a trace: ipc-check explore <model>, or ipc-check explore --trace FILE.json');
  const explorer = await startExplorer({ source: modelSource(registry, module), session });
  io.out(`explore at ${explorer.url}`);
  io.out('(Ctrl-C stops the explorer)');
  await io.stop;
  await explorer.close();
  return 'stopped';
}
