/**
 * Thread roles: shapes that also say which parts of a state are thread ids and which belong to
 * one thread each, so that renaming threads (symmetry reduction) can be derived from the shape
 * instead of written by hand. They encode exactly as the plain shapes they wrap.
 */
import { array } from './array.js';
import { int } from './int.js';
import { record, type RecordOf } from './record.js';
import type { Shape } from './shape.js';

/**
 * A thread id, 1-based, from `lo` (0 or below meaning no thread) to `threads`: an `int(lo,
 * threads)` that a renaming of threads renames.
 *
 * @example
 * const caller = threadId(3); // int(0, 3): 0 for none, else thread 1..3
 * const queued = threadId(3, 1); // int(1, 3): always a thread
 */
export function threadId(threads: number, lo = 0): Shape<number> {
  const shape = int(lo, threads);
  return { ...shape, spec: { kind: 'int', lo, hi: threads, role: 'threadId' } };
}

/**
 * One element per thread (element `i` is thread id `i + 1`'s): an `array(threads, element)` whose
 * elements a renaming of threads moves with their threads.
 *
 * @example
 * const tcbs = perThread(3, record({ state: oneOf('running', 'blocked'), caller: threadId(3) }));
 */
export function perThread<T>(threads: number, element: Shape<T>): Shape<readonly T[]> {
  const shape = array(threads, element);
  return { ...shape, spec: { kind: 'array', length: threads, element, role: 'perThread' } };
}

/**
 * A record with one field per thread, in thread order (field `i` is thread id `i + 1`'s), such as
 * program positions keyed by thread name. A renaming of threads moves the values between fields;
 * fields of threads a renaming may exchange must have the same shape.
 *
 * @example
 * const positions = perThreadRecord({ 'client 1': int(0, 3), 'client 2': int(0, 3) });
 */
export function perThreadRecord<F extends Record<string, Shape<any>>>(fields: F): Shape<RecordOf<F>> {
  const shape = record(fields);
  if (shape.spec.kind !== 'record') throw new Error('perThreadRecord: record() returned a shape of another kind');
  return { ...shape, spec: { ...shape.spec, role: 'perThread' } };
}
