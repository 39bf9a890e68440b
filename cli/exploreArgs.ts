/**
 * The command line of `ipc-check explore`: a model (a registry name with its `--set`
 * parameters, or a module path with `--export`), a counterexample file (`--trace`), or both.
 * Nothing here touches the file system. What it returns is explore's {@link ExploreRequest}.
 */
import type { Config } from '../model/core/model.js';
import { parseParam, type RegistryEntry } from '../registry/entry.js';
import type { ExploreRequest } from '../explore/request.js';
import { ArgReader } from './argReader.js';

const FLAGS = ['--set', '--export', '--trace', '--help'];

/**
 * Parses the arguments after `explore`; never throws: a problem is a one-line message naming the fix.
 *
 * @example
 * parseExploreArgs(['--trace'], registry); // { ok: false, error: '--trace needs the path of a counterexample .json' }
 */
export function parseExploreArgs(argv: readonly string[], registry: readonly RegistryEntry[]): { ok: true; request: ExploreRequest } | { ok: true; help: true } | { ok: false; error: string } {
  let model: string | undefined;
  let trace: string | undefined;
  let exportName: string | undefined;
  const sets: [string, string][] = [];
  for (const at = new ArgReader(argv); at.next(); ) {
    const { raw, arg } = at;
    const takeValue = () => at.value();
    switch (arg) {
      case '--help':
      case '-h':
        return { ok: true, help: true };
      case '--set': {
        const kv = takeValue();
        if (kv === undefined || kv.indexOf('=') <= 0) return { ok: false, error: `--set needs key=value, got ${kv === undefined ? 'nothing' : `'${kv}'`}` };
        sets.push([kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]);
        break;
      }
      case '--trace': {
        const v = takeValue();
        if (v === undefined || v === '') return { ok: false, error: '--trace needs the path of a counterexample .json' };
        trace = v;
        break;
      }
      case '--export': {
        const v = takeValue();
        if (v === undefined || v === '') return { ok: false, error: '--export needs the name of an export of your model module' };
        exportName = v;
        break;
      }
      default:
        if (arg.startsWith('-')) return { ok: false, error: `unknown option '${raw}' for explore; valid options: ${FLAGS.join(', ')}` };
        if (model !== undefined) return { ok: false, error: `unexpected argument '${raw}': explore one model at a time (already '${model}')` };
        model = raw;
    }
  }
  if (model === undefined) {
    if (trace === undefined) return { ok: false, error: 'explore needs a model or a trace: ipc-check explore <model> [--set key=value], or ipc-check explore --trace FILE.json' };
    if (sets.length > 0) return { ok: false, error: '--trace takes the configuration from the file: drop --set' };
    if (exportName !== undefined) return { ok: false, error: '--export goes with a model module path: ipc-check explore ./path/to/model.ts --export NAME' };
    return { ok: true, request: { trace } };
  }
  if (model.includes('/') || /\.(m?js|[mc]?ts)$/.test(model)) {
    if (sets.length > 0) return { ok: false, error: `--set configures registry models; the model of ${model} is built by its own module (export a function with your settings)` };
    return { ok: true, request: { model: { kind: 'module', path: model, ...(exportName !== undefined ? { exportName } : {}) }, ...(trace !== undefined ? { trace } : {}) } };
  }
  if (exportName !== undefined) return { ok: false, error: '--export goes with a model module path: ipc-check explore ./path/to/model.ts --export NAME' };
  const entry = registry.find((e) => e.id === model) ?? registry.find((e) => e.id.toLowerCase() === model!.toLowerCase());
  if (!entry) return { ok: false, error: `unknown model '${model}'; valid models: ${registry.map((e) => e.id).join(', ')} (or a module path: ipc-check explore ./myModel.ts)` };
  if (trace !== undefined && sets.length > 0) return { ok: false, error: '--trace takes the configuration from the file: drop --set' };
  const config: Record<string, Config[string]> = { ...entry.defaults };
  for (const [k, v] of sets) {
    const parsed = parseParam(entry, k, v);
    if (!parsed.ok) return { ok: false, error: parsed.error };
    config[k] = parsed.value;
  }
  return { ok: true, request: { model: { kind: 'registry', entry, config, sets }, ...(trace !== undefined ? { trace } : {}) } };
}
