export { defineModel, formatAction, type Model, type AnyModel, type Action, type Config, type ConfigValue } from './core/model.js';
export { unreachable } from './core/unreachable.js';
export * from './core/shape/index.js';
export { dieHard, type DieHardConfig, type JugAction } from './classic/dieHard.js';
export { registry, findEntry, registryEntry, parseParam, type RegistryEntry, type RegistryRun, type ParamSpec } from './registry/index.js';
