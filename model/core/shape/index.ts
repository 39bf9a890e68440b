/**
 * State shapes: one declaration gives the TypeScript type, the canonical encoding, the printer
 * and the per-field diff. Its fast-check arbitrary is `arbitraryOf` (from the package index, or
 * `./arbitrary.js`), kept out of this module so that a check never loads fast-check. The
 * bit-level machinery (writer, reader, compiled codecs, hash) is internal: import it from its
 * own file if you extend the checker.
 */
export { int } from './int.js';
export { bool } from './bool.js';
export { oneOf, type Literal } from './oneOf.js';
export { record, type RecordOf } from './record.js';
export { array } from './array.js';
export { queue } from './queue.js';
export { optional } from './optional.js';
export { threadId, perThread, perThreadRecord } from './roles.js';
export { compileRenaming, compileSignatures } from './threadRenaming.js';
export { ShapeViolation, type Shape, type ShapeKind, type ShapeSpec, type ShapeRole, type Infer, type FieldChange } from './shape.js';
export { StateCodec, diffStates, stateFields } from './codec.js';
