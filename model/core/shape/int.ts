import { bitsFor, type BitReader, type BitWriter } from './bits.js';
import { ShapeViolation, type FieldChange, type Shape } from './shape.js';

/**
 * An integer from `lo` to `hi` inclusive, stored in the fewest bits that hold the range.
 *
 * @example
 * const round = int(0, 3); // 2 bits
 * type Round = Infer<typeof round>; // number
 */
export function int(lo: number, hi: number): Shape<number> {
  if (!Number.isSafeInteger(lo) || !Number.isSafeInteger(hi) || lo > hi) {
    throw new RangeError(`int(${lo}, ${hi}): bounds must be integers with lo <= hi`);
  }
  if (hi - lo >= 2 ** 32) throw new RangeError(`int(${lo}, ${hi}): a range of at most 2^32 values is supported`);
  const bits = bitsFor(hi - lo + 1);
  const describe = () => `int(${lo}, ${hi})`;
  return {
    kind: 'int',
    spec: { kind: 'int', lo, hi },
    bits,
    write(v: number, w: BitWriter) {
      if (!(v >= lo && v <= hi) || !Number.isInteger(v)) {
        throw new ShapeViolation(`${typeof v === 'number' ? v : JSON.stringify(v)} is outside ${describe()}`);
      }
      w.write(v - lo, bits);
    },
    read: (r: BitReader) => r.read(bits) + lo,
    show: (v) => String(v),
    diff(a, b, path, out: FieldChange[]) {
      if (a !== b) out.push({ path, before: String(a), after: String(b) });
    },
    leaves(v, path, out) {
      out.push({ path, before: String(v), after: String(v) });
    },
    describe,
  };
}
