/**
 * Opening a counterexample `.json` written by an earlier run (`counterexamples/json.ts`) in the
 * explorer: the model it names is found in the registry (or is the module the explorer was
 * started with), the path is replayed to check that it still leads where it did, and the
 * explorer starts at its last state, the violating one.
 */
import { readFile } from 'node:fs/promises';
import { describeThrown } from '../checker/errors.js';
import { parseTraceJson, replayJson, type TraceJson } from '../counterexamples/json.js';
import type { AnyModel } from '../model/core/model.js';
import type { RegistryEntry } from '../registry/entry.js';
import type { ExploreQuery } from './query.js';

/**
 * A trace file opened for the explorer: the query of its last step, the model it replays
 * through, the parsed file, and a warning when the replayed states differ from the recorded ones.
 *
 * @example
 * const opened: OpenedTrace = { query: { model: 'dieHard', sets: [], init: 0, path: [1, 5, 2, 5, 1, 5] }, model, trace, warning: undefined };
 */
export interface OpenedTrace {
  readonly query: ExploreQuery;
  readonly model: AnyModel;
  readonly trace: TraceJson;
  readonly warning?: string;
}

/**
 * Reads, validates and replays the trace file at `file`. `module` is the model module the
 * explorer was started with, if any: a trace of its model opens through it; otherwise `entries`
 * (the registry, or the one entry named on the command line) are searched for the model the
 * file names, as `--replay` does. A failure is a one-line message naming the fix.
 *
 * @example
 * const opened = await openTrace('counterexamples/out/diehard-small-3-big-5-target-4/big-jug-never-holds-4.json', registry);
 * if (opened.ok) opened.value.query.path; // [1, 5, 2, 5, 1, 5]
 */
export async function openTrace(
  file: string,
  entries: readonly RegistryEntry[],
  module?: { readonly path: string; readonly model: AnyModel },
): Promise<{ ok: true; value: OpenedTrace } | { ok: false; error: string }> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    return { ok: false, error: `cannot read --trace file '${file}': ${describeThrown(e)}` };
  }
  const parsed = parseTraceJson(text);
  if (!parsed.ok) return { ok: false, error: `${file} is not a counterexample written by ipc-check: ${parsed.error} (give --trace a .json file from counterexamples/out/)` };
  const trace = parsed.value;
  let found: { model: AnyModel; name: string; sets: [string, string][] } | undefined;
  if (module !== undefined) {
    if (module.model.name !== trace.model) return { ok: false, error: `${file} is a trace of ${trace.model}, but ${module.path} builds ${module.model.name}: name the module that built it, or drop the module to search the registry` };
    found = { model: module.model, name: module.path, sets: [] };
  } else {
    for (const e of entries) {
      if (!Object.keys(trace.config).every((k) => k in e.params)) continue;
      let m: AnyModel;
      try {
        m = e.make({ ...e.defaults, ...trace.config });
      } catch {
        continue;
      }
      if (m.name !== trace.model) continue;
      const sets = Object.entries(trace.config)
        .filter(([k, v]) => e.defaults[k] !== v)
        .map(([k, v]): [string, string] => [k, String(v)]);
      found = { model: m, name: e.id, sets };
      break;
    }
  }
  if (found === undefined) {
    return { ok: false, error: `${file}: no registry model is named '${trace.model}' with that configuration; a trace of a model of your own opens with its module: ipc-check explore ./path/to/model.ts --trace ${file}` };
  }
  const replayed = replayJson(found.model, trace);
  if (!replayed.ok) return { ok: false, error: `${file}: the trace cannot be replayed through ${found.model.name}: ${replayed.error}` };
  return {
    ok: true,
    value: {
      query: { model: found.name, sets: found.sets, init: trace.path.init, path: trace.path.actions },
      model: found.model,
      trace,
      ...(replayed.matches ? {} : { warning: `the replay differs from the recorded states: ${replayed.mismatch}` }),
    },
  };
}
