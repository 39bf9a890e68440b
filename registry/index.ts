/**
 * The registry `npm run check` runs: every shipped model with its configurations and expected verdicts.
 */
import { dieHardEntry } from './entries/dieHard.js';
import { twoPhaseEntry } from './entries/twoPhase.js';
import { beemPhilsEntry } from './entries/beemPhils.js';
import { diningEntry } from './entries/dining.js';
import { l4IpcEntry } from './entries/l4Ipc.js';
import { naiveLockEntry } from './entries/naiveLock.js';
import { serverPoolEntry } from './entries/serverPool.js';
import { designWorkloadEntries } from './entries/designWorkloads.js';
import type { RegistryEntry } from './entry.js';
import { distinctIds } from './distinctIds.js';
import type { Config } from '../model/core/model.js';
import type { ModelSpec } from '../checker/parallel/modelSpec.js';

export { comparisons, type Comparison } from './comparisons.js';
export { distinctIds, DuplicateRegistryId } from './distinctIds.js';
export { designs, workloads, type DesignEntry } from './designs.js';
export { designWorkloadEntries, pairEntry, expressible, SKIPPED } from './entries/designWorkloads.js';
export { naiveLockEntry, dieHardEntry, twoPhaseEntry, beemPhilsEntry, diningEntry, l4IpcEntry, serverPoolEntry };
export {
  registryEntry,
  parseParam,
  inRange,
  describeRange,
  ParamError,
  type RegistryEntry,
  type RegistryEntryDefinition,
  type RegistryRun,
  type ParamSpec,
  type ParamSpecs,
  type ParamValue,
  type ConfigOf,
} from './entry.js';

/**
 * Every model the CLI knows, in the order `npm run check` runs them. Its ids are distinct: a
 * duplicate is refused when this module loads, with a message naming both entries.
 *
 * @example
 * registry.map((e) => e.id); // ['dieHard', …]
 */
export const registry: readonly RegistryEntry[] = distinctIds([
  naiveLockEntry,
  dieHardEntry,
  twoPhaseEntry,
  beemPhilsEntry,
  diningEntry,
  l4IpcEntry,
  serverPoolEntry,
  ...designWorkloadEntries,
]);

/**
 * The entry with this id, or undefined.
 *
 * @example
 * findEntry('dieHard')?.summary;
 */
export function findEntry(id: string): RegistryEntry | undefined {
  return registry.find((e) => e.id === id);
}

/**
 * How a parallel check names registry model `id` at `config` (overrides of its defaults): the
 * spec carries the URL of the module that exports the entry, so that each worker loads that
 * module alone (loading every model of the registry slows starting workers: bench/NOTES.md, "Start-up imports"),
 * and the checker needs no registry. Throws for an unknown id or an entry that names no module.
 *
 * @example
 * await checkParallel(registrySpec('dining', { n: 11, lefty0: true }), { workers: 2 });
 */
export function registrySpec(id: string, config: Config = {}): ModelSpec {
  const entry = findEntry(id);
  if (!entry) throw new Error(`no registry model '${id}'`);
  if (entry.module === undefined) throw new Error(`registry model '${id}' names no module (give its entry module: import.meta.url)`);
  return { kind: 'registry', entry: id, config, module: entry.module };
}
