/**
 * How a parallel check names its model: a model value cannot cross into a worker thread, so each
 * worker builds the same model from a description of it.
 */
import type { AnyModel, Config } from '../../model/core/model.js';
import { findEntry } from '../../model/registry/index.js';

/**
 * A registry model at a configuration, or a factory exported by a module (an ES module URL,
 * e.g. `new URL('./myModel.js', import.meta.url).href`) called with `args`.
 *
 * @example
 * const spec: ModelSpec = { kind: 'registry', entry: 'dining', config: { n: 11, lefty0: true } };
 */
export type ModelSpec =
  | { readonly kind: 'registry'; readonly entry: string; readonly config: Config }
  | { readonly kind: 'module'; readonly url: string; readonly exportName: string; readonly args: readonly unknown[] };

/**
 * Builds the model a spec names; throws with a sentence naming the problem.
 *
 * @example
 * const model = await loadModel({ kind: 'registry', entry: 'dieHard', config: {} });
 */
export async function loadModel(spec: ModelSpec): Promise<AnyModel> {
  if (spec.kind === 'registry') {
    const entry = findEntry(spec.entry);
    if (!entry) throw new Error(`no registry model '${spec.entry}'`);
    return entry.make({ ...entry.defaults, ...spec.config });
  }
  const mod = (await import(spec.url)) as Record<string, unknown>;
  const factory = mod[spec.exportName];
  if (typeof factory !== 'function') throw new Error(`${spec.url} exports no function '${spec.exportName}'`);
  return factory(...spec.args) as AnyModel;
}
