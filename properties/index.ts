export { always } from './always.js';
export { sometimes } from './sometimes.js';
export { step } from './step.js';
export { deadlockFree, type DeadlockOptions } from './deadlock.js';
export { neverStuck, type NeverStuckOptions } from './neverStuck.js';
export { bounded } from './bounded.js';
export type { Property, PropertyKind, Always, Sometimes, Step, DeadlockFree, NeverStuck, Bounded } from './property.js';
