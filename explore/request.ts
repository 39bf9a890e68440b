/**
 * What `ipc-check explore` was asked to open: a model (a registry name with its `--set`
 * parameters, or a module path with `--export`), a counterexample file (`--trace`), or both.
 */
import type { Config } from '../model/core/model.js';
import type { RegistryEntry } from '../registry/entry.js';

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
