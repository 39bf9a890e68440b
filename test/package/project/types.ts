// What the package's types say, checked by tsc: a check's verdicts are typed, and a model
// without its shape is a type error.
import { check, defineModel } from 'ipc-check';
import grid from './models/grid.js';

export const status: 'holds' | 'violated' | 'unbounded' | 'witnessed' | 'unwitnessed' | 'unknown' = check(grid()).verdicts['not both full'].status;

// @ts-expect-error: a model needs a shape, initial states, actions, a next and properties
defineModel({ name: 'no shape' });
