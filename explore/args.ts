/**
 * The command line of `ipc-check explore`: a model (a registry name with its `--set`
 * parameters, or a module path with `--export`), a counterexample file (`--trace`), or both.
 * Nothing here touches the file system.
 */
import type { Config } from '../model/core/model.js';
import { parseParam, type RegistryEntry } from '../registry/entry.js';

/**
 * What `ipc-check explore` was asked to open.
 *
 * @example
 * parseExploreArgs(['dining', '--set', 'n=3'], registry);
 * // { ok: true, request: { model: { kind: 'registry', entry: diningEntry, config: { n: 3, lefty0: false }, sets: [['n', '3']] } } }
 */
export interface ExploreRequest {
  /** The model, when one is named; a `--trace` file alone names its own. */
  readonly model?:
    | { readonly kind: 'registry'; readonly entry: RegistryEntry; readonly config: Config; readonly sets: readonly (readonly [string, string])[] }
    | { readonly kind: 'module'; readonly path: string; readonly exportName?: string };
  /** A counterexample `.json` to open at its last step. */
  readonly trace?: string;
}

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
  for (let i = 0; i < argv.length; i++) {
    const raw = argv[i];
    const eq = raw.startsWith('--') ? raw.indexOf('=') : -1;
    const arg = eq > 0 ? raw.slice(0, eq) : raw;
    const inline = eq > 0 ? raw.slice(eq + 1) : undefined;
    const takeValue = (): string | undefined => {
      if (inline !== undefined) return inline;
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) return undefined;
      i++;
      return next;
    };
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
