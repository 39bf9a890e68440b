import type { BitReader, BitWriter } from './bits.js';
import { joinPath, ShapeViolation, type Shape } from './shape.js';

/**
 * An array of exactly `length` elements of one shape (one per thread, per fork, …).
 *
 * @example
 * const pc = array(5, oneOf('thinking', 'hungry', 'eating'));
 * type Pcs = Infer<typeof pc>; // readonly ('thinking' | 'hungry' | 'eating')[]
 */
export function array<T>(length: number, element: Shape<T>): Shape<readonly T[]> {
  if (!Number.isSafeInteger(length) || length < 0) throw new RangeError(`array(${length}, …): length must be a whole number`);
  const describe = () => `array(${length}, ${element.describe()})`;
  return {
    kind: 'array',
    spec: { kind: 'array', length, element },
    bits: length * element.bits,
    write(v: readonly T[], w: BitWriter) {
      if (!Array.isArray(v)) throw new ShapeViolation(`${JSON.stringify(v)} is not an array`);
      if (v.length !== length) throw new ShapeViolation(`an array of length ${v.length} is not ${describe()}`);
      for (let i = 0; i < length; i++) {
        try {
          element.write(v[i], w);
        } catch (e) {
          throw e instanceof ShapeViolation ? e.within(`[${i}]`) : e;
        }
      }
    },
    read(r: BitReader) {
      const out = new Array<T>(length);
      for (let i = 0; i < length; i++) out[i] = element.read(r);
      return out;
    },
    show: (v) => `[${v.map((x) => element.show(x)).join(', ')}]`,
    diff(a, b, path, out) {
      for (let i = 0; i < length; i++) element.diff(a[i], b[i], joinPath(path, `[${i}]`), out);
    },
    leaves(v, path, out) {
      for (let i = 0; i < length; i++) element.leaves(v[i], joinPath(path, `[${i}]`), out);
    },
    describe,
  };
}
