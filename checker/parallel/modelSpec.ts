/**
 * How a parallel check names its model: a model value cannot cross into a worker thread, so each
 * worker builds the same model from a description of it. The checker knows no registry: a spec
 * names the module a worker loads (the registry's `registrySpec` fills in its entry's module).
 */
import type { AnyModel, Config } from '../../model/core/model.js';
import { importModule } from '../moduleImport/importModule.js';

/**
 * What a worker needs of a registry entry that a module exports: its id, its defaults and how to
 * build the model (a registry entry has all three).
 *
 * @example
 * const entry: ModelEntry = { id: 'dieHard', defaults: { small: 3, big: 5, target: 4 }, make: (c) => dieHard(c as unknown as DieHardConfig) };
 */
export interface ModelEntry {
  readonly id: string;
  readonly defaults: Config;
  readonly make: (config: Config) => AnyModel;
}

/**
 * A registry entry exported by a module (an ES module URL, its `import.meta.url`) at a
 * configuration (overrides of the entry's defaults), or a factory exported by a module
 * (e.g. `new URL('./myModel.js', import.meta.url).href`, or the `.ts` file itself) called with
 * `args`. Each worker loads that module alone, transpiling a TypeScript module as it loads it.
 *
 * @example
 * const spec: ModelSpec = registrySpec('dining', { n: 11, lefty0: true }); // { kind: 'registry', entry: 'dining', config: { … }, module: '…/dining.js' }
 */
export type ModelSpec =
  | { readonly kind: 'registry'; readonly entry: string; readonly config: Config; readonly module: string }
  | { readonly kind: 'module'; readonly url: string; readonly exportName: string; readonly args: readonly unknown[] };

/**
 * Builds the model a spec names; throws with a sentence naming the problem.
 *
 * @example
 * const model = await loadModel(registrySpec('dieHard'));
 */
export async function loadModel(spec: ModelSpec): Promise<AnyModel> {
  if (spec.kind === 'registry') {
    const entry = await entryIn(spec.module, spec.entry);
    if (!entry) throw new Error(`${spec.module} exports no registry entry '${spec.entry}'`);
    return entry.make({ ...entry.defaults, ...spec.config });
  }
  const mod = await importModule(spec.url);
  const factory = mod[spec.exportName];
  // A module may export the model itself rather than a function that builds it.
  if (typeof factory === 'object' && factory !== null && typeof (factory as AnyModel).init === 'function' && spec.args.length === 0) return factory as AnyModel;
  if (typeof factory !== 'function') throw new Error(`${spec.url} exports no function '${spec.exportName}'`);
  return factory(...spec.args) as AnyModel;
}

/** The entry with this id among the exports of module `url` (or inside an exported array of entries), if it has one. */
async function entryIn(url: string, id: string): Promise<ModelEntry | undefined> {
  const exports = Object.values(await importModule(url)).flatMap((e) => (Array.isArray(e) ? e : [e]));
  return exports.find((e): e is ModelEntry => typeof e === 'object' && e !== null && (e as ModelEntry).id === id && typeof (e as ModelEntry).make === 'function');
}
