import type { BitReader, BitWriter } from './bits.js';
import { ShapeViolation, type Shape } from './shape.js';

/**
 * A value of `element` or `null` (absent): one presence bit, then the element's bits.
 *
 * @example
 * const callerSlot = optional(int(0, 3));
 * type Slot = Infer<typeof callerSlot>; // number | null
 */
export function optional<T>(element: Shape<T>): Shape<T | null> {
  const describe = () => `optional(${element.describe()})`;
  const show = (v: T | null) => (v === null ? '—' : element.show(v));
  return {
    kind: 'optional',
    spec: { kind: 'optional', element },
    bits: 1 + element.bits,
    write(v: T | null, w: BitWriter) {
      if (v === undefined) throw new ShapeViolation(`undefined is not ${describe()}: use null for absent`);
      if (v === null) {
        w.write(0, 1);
        w.pos += element.bits;
        return;
      }
      w.write(1, 1);
      element.write(v, w);
    },
    read(r: BitReader) {
      if (r.read(1) === 0) {
        r.pos += element.bits;
        return null;
      }
      return element.read(r);
    },
    show,
    diff(a, b, path, out) {
      if (a !== null && b !== null) element.diff(a, b, path, out);
      else if (a !== b) out.push({ path, before: show(a), after: show(b) });
    },
    leaves(v, path, out) {
      if (v === null) out.push({ path, before: '—', after: '—' });
      else element.leaves(v, path, out);
    },
    describe,
  };
}
