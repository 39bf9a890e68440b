/**
 * ipc-check: a formal model and explicit-state model checker for operating-system IPC protocols.
 *
 * The data flow is the architecture: model → checker → verdicts → counterexamples.
 *
 * @example
 * import { defineModel, record, int, always, deadlockFree, check } from 'ipc-check';
 */
export * from './model/index.js';
export * from './properties/index.js';
export * from './checker/index.js';
export * from './counterexamples/index.js';
