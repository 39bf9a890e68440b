import type { BitReader, BitWriter } from './bits.js';
import { ShapeViolation, type Shape } from './shape.js';

/**
 * A boolean, one bit.
 *
 * @example
 * const s = record({ locked: bool() });
 */
export function bool(): Shape<boolean> {
  return {
    kind: 'bool',
    spec: { kind: 'bool' },
    bits: 1,
    write(v: boolean, w: BitWriter) {
      if (v !== true && v !== false) throw new ShapeViolation(`${JSON.stringify(v)} is not a boolean`);
      w.write(v ? 1 : 0, 1);
    },
    read: (r: BitReader) => r.read(1) === 1,
    show: (v) => String(v),
    diff(a, b, path, out) {
      if (a !== b) out.push({ path, before: String(a), after: String(b) });
    },
    leaves(v, path, out) {
      out.push({ path, before: String(v), after: String(v) });
    },
    describe: () => 'bool()',
  };
}
