/**
 * Where the explorer gets the model a query names: the registry (the names and `--set`
 * parameters of `ipc-check <model> --set …`), or the one module of the user's own it was started
 * with. A query can name no other module: a page must not make the server load code.
 */
import type { AnyModel, Config } from '../model/core/model.js';
import { describeThrown } from '../checker/errors.js';
import { parseParam, type RegistryEntry } from '../registry/entry.js';
import type { ExploreQuery } from './query.js';

/**
 * Builds the model an explorer query names, or says why it cannot.
 *
 * @example
 * const source = modelSource(registry);
 * source.resolve({ model: 'dieHard', sets: [['big', '7']], init: 0, path: [] }); // { ok: true, model: dieHard({ big: 7 }) }
 */
export interface ModelSource {
  resolve(query: Pick<ExploreQuery, 'model' | 'sets'>): { ok: true; model: AnyModel } | { ok: false; error: string };
}

/**
 * A source of the registry's models, and, when `module` is given, of the model that module path
 * names (built once by the caller). Built models are kept: stepping rebuilds none.
 *
 * @example
 * const source = modelSource(registry, { path: './models/grid.ts', model: grid() });
 * source.resolve({ model: './models/grid.ts', sets: [] }); // { ok: true, model: grid() }
 */
export function modelSource(registry: readonly RegistryEntry[], module?: { readonly path: string; readonly model: AnyModel }): ModelSource {
  const built = new Map<string, AnyModel>();
  return {
    resolve({ model: name, sets }) {
      if (module !== undefined && name === module.path) {
        if (sets.length > 0) return { ok: false, error: `set=${sets[0][0]}=${sets[0][1]}: ${module.path} is built by its own module; --set configures registry models` };
        return { ok: true, model: module.model };
      }
      const entry = registry.find((e) => e.id === name) ?? registry.find((e) => e.id.toLowerCase() === name.toLowerCase());
      if (!entry) {
        const served = module !== undefined ? `${module.path} or ` : '';
        return { ok: false, error: `unknown model '${name}': this explorer serves ${served}a registry model (${registry.map((e) => e.id).join(', ')})` };
      }
      const config: Record<string, Config[string]> = { ...entry.defaults };
      for (const [k, v] of sets) {
        const parsed = parseParam(entry, k, v);
        if (!parsed.ok) return { ok: false, error: parsed.error };
        config[k] = parsed.value;
      }
      const key = `${entry.id} ${JSON.stringify(Object.entries(config).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
      const known = built.get(key);
      if (known) return { ok: true, model: known };
      try {
        const model = entry.make(config);
        built.set(key, model);
        return { ok: true, model };
      } catch (e) {
        return { ok: false, error: `invalid configuration for ${entry.id} (${Object.entries(config).map(([k, v]) => `${k}=${v}`).join(', ')}): ${describeThrown(e)}` };
      }
    },
  };
}
