/**
 * ipc-check: a formal model and explicit-state model checker for operating-system IPC protocols.
 *
 * The data flow is the architecture: model → checker → verdicts → counterexamples; the registry
 * (what `npm run check` runs) sits above them.
 *
 * @example
 * import { defineModel, record, int, always, deadlockFree, check } from 'ipc-check';
 */
export * from './model/index.js';
export * from './properties/index.js';
export * from './checker/index.js';
export * from './counterexamples/index.js';
export {
  registry,
  findEntry,
  registryEntry,
  parseParam,
  registrySpec,
  ParamError,
  DuplicateRegistryId,
  type RegistryEntry,
  type RegistryRun,
  type ParamSpec,
  naiveLockEntry,
  dieHardEntry,
  twoPhaseEntry,
  beemPhilsEntry,
  diningEntry,
  l4IpcEntry,
  serverPoolEntry,
} from './registry/index.js';
