/**
 * Loads the model a module of the user's own exports, JavaScript or TypeScript, as
 * `ipc-check ./myModel.ts` and `ipc-check explore ./myModel.ts` find it: the default export, the
 * only model exported, or the export `--export` names; a `Model` value or a function of no
 * arguments that returns one.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeThrown } from '../errors.js';
import { importModule } from './importModule.js';
import type { AnyModel } from '../../model/core/model.js';

/** Whether `x` looks like a model value: the fields every model has. */
function isModel(x: unknown): x is AnyModel {
  const m = x as AnyModel;
  return typeof x === 'object' && x !== null && typeof m.name === 'string' && typeof m.init === 'function' && typeof m.actions === 'function' && typeof m.next === 'function' && Array.isArray(m.properties);
}

/**
 * The model the module at `path` exports, or a one-line error that names the fix.
 *
 * @example
 * const loaded = await loadModelModule('./models/grid.ts', undefined);
 * if (loaded.ok) loaded.model.name; // 'grid'; loaded.exportName: the export it came from
 */
export async function loadModelModule(
  path: string,
  exportName: string | undefined,
): Promise<{ ok: true; model: AnyModel; exportName: string; url: string } | { ok: false; error: string }> {
  if (path.endsWith('.cts')) return { ok: false, error: `${path} is a CommonJS module: write the model as an ES module (.ts, .mts, .js or .mjs), as ipc-check is one` };
  const url = pathToFileURL(resolve(path)).href;
  let mod: Record<string, unknown>;
  try {
    mod = await importModule(url);
  } catch (e) {
    return { ok: false, error: `cannot load the model module ${path}: ${describeThrown(e)}` };
  }
  const candidates = exportName !== undefined ? [exportName] : 'default' in mod ? ['default'] : Object.keys(mod).filter((k) => isModel(mod[k]) || typeof mod[k] === 'function');
  const built: { name: string; model: AnyModel }[] = [];
  for (const name of candidates) {
    const x = mod[name];
    if (x === undefined) return { ok: false, error: `${path} has no export '${name}'; its exports: ${Object.keys(mod).join(', ') || '(none)'}` };
    try {
      const m = typeof x === 'function' && !isModel(x) ? (x as () => unknown)() : x;
      if (isModel(m)) built.push({ name, model: m });
    } catch (e) {
      if (exportName !== undefined) return { ok: false, error: `${path}: calling ${name}() to build the model failed: ${describeThrown(e)}` };
    }
  }
  if (built.length === 1) return { ok: true, model: built[0].model, exportName: built[0].name, url };
  return {
    ok: false,
    error:
      built.length === 0
        ? `${path} exports no model (a Model value, or a function of no arguments that returns one)${exportName ? ` under '${exportName}'` : ''}`
        : `${path} exports several models (${built.map((b) => b.name).join(', ')}): choose one with --export NAME`,
  };
}
