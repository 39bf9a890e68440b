export { defineModel, formatAction, type Model, type AnyModel, type Action, type Config, type ConfigValue } from './core/model.js';
export { unreachable } from './core/unreachable.js';
export * from './core/shape/index.js';
export { dieHard, type DieHardConfig, type JugAction } from './classic/dieHard.js';
export { twoPhase, type TwoPhaseConfig, type TwoPhaseAction, type TwoPhaseState, type TwoPhaseBug } from './classic/twoPhase.js';
export { beemPhils, type BeemPhilsConfig, type BeemPhilsAction, type BeemPhilsState } from './classic/beemPhils.js';
export { dining, type DiningConfig, type DiningAction, type DiningState } from './classic/dining.js';
export { registry, findEntry, registryEntry, parseParam, type RegistryEntry, type RegistryRun, type ParamSpec } from './registry/index.js';
export { naiveLock, naiveLockEntry, type NaiveLockConfig, type LockAction } from './examples/naiveLock.js';
