/**
 * How a parallel check names its model: a model value cannot cross into a worker thread, so each
 * worker builds the same model from a description of it.
 */
import type { AnyModel, Config } from '../../model/core/model.js';
import type { RegistryEntry } from '../../model/registry/entry.js';

/**
 * A registry model at a configuration, or a factory exported by a module (an ES module URL,
 * e.g. `new URL('./myModel.js', import.meta.url).href`) called with `args`. A registry spec may
 * name the module that exports its entry ({@link withEntryModule}): it is then loaded alone.
 *
 * @example
 * const spec: ModelSpec = { kind: 'registry', entry: 'dining', config: { n: 11, lefty0: true } };
 */
export type ModelSpec =
  | { readonly kind: 'registry'; readonly entry: string; readonly config: Config; readonly module?: string }
  | { readonly kind: 'module'; readonly url: string; readonly exportName: string; readonly args: readonly unknown[] };

/**
 * Builds the model a spec names; throws with a sentence naming the problem.
 *
 * @example
 * const model = await loadModel({ kind: 'registry', entry: 'dieHard', config: {} });
 */
export async function loadModel(spec: ModelSpec): Promise<AnyModel> {
  if (spec.kind === 'registry') {
    const entry = (spec.module === undefined ? undefined : await entryIn(spec.module, spec.entry)) ?? (await registryEntry(spec.entry));
    if (!entry) throw new Error(`no registry model '${spec.entry}'`);
    return entry.make({ ...entry.defaults, ...spec.config });
  }
  const mod = (await import(spec.url)) as Record<string, unknown>;
  const factory = mod[spec.exportName];
  if (typeof factory !== 'function') throw new Error(`${spec.url} exports no function '${spec.exportName}'`);
  return factory(...spec.args) as AnyModel;
}

/** The registry's entry with this id; the registry (every shipped model) is loaded only here. */
async function registryEntry(id: string): Promise<RegistryEntry | undefined> {
  const { findEntry } = await import('../../model/registry/index.js');
  return findEntry(id);
}

/** The entry with this id among the exports of module `url`, if it has one. */
async function entryIn(url: string, id: string): Promise<RegistryEntry | undefined> {
  const exports = Object.values((await import(url)) as Record<string, unknown>);
  return exports.find((e): e is RegistryEntry => typeof e === 'object' && e !== null && (e as RegistryEntry).id === id && typeof (e as RegistryEntry).make === 'function');
}

/**
 * The spec with the module of its registry entry filled in (when the entry names one), so that
 * each worker of a parallel check loads that module alone: loading every model of the registry
 * took two starting workers about 80 ms longer.
 *
 * @example
 * const spec = await withEntryModule({ kind: 'registry', entry: 'l4Ipc', config: {} }); // spec.module ends in 'l4Ipc.js'
 */
export async function withEntryModule(spec: ModelSpec): Promise<ModelSpec> {
  if (spec.kind !== 'registry' || spec.module !== undefined) return spec;
  const module = (await registryEntry(spec.entry))?.module;
  return module === undefined ? spec : { ...spec, module };
}
