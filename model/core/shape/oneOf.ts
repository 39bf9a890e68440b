import { bitsFor, type BitReader, type BitWriter } from './bits.js';
import { ShapeViolation, showLeaf, type Shape } from './shape.js';

/**
 * The values `oneOf` accepts: string or number literals.
 *
 * @example
 * const size = oneOf('empty', 1, 2); // Shape<'empty' | 1 | 2>: each value is a Literal
 * const v: Literal = 'empty';
 */
export type Literal = string | number;

/**
 * One of a fixed list of literals, stored as its index in the list.
 *
 * @example
 * const pc = oneOf('thinking', 'hungry', 'eating'); // 2 bits
 * type Pc = Infer<typeof pc>; // 'thinking' | 'hungry' | 'eating'
 */
export function oneOf<const V extends readonly Literal[]>(...values: V): Shape<V[number]> {
  if (values.length === 0) throw new RangeError('oneOf(): give at least one value');
  if (new Set(values).size !== values.length) throw new RangeError(`oneOf(${values.map(showLeaf).join(', ')}): values must be distinct`);
  const bits = bitsFor(values.length);
  const describe = () => `oneOf(${values.map(showLeaf).join(', ')})`;
  return {
    kind: 'oneOf',
    spec: { kind: 'oneOf', values },
    bits,
    write(v: V[number], w: BitWriter) {
      const i = values.indexOf(v);
      if (i < 0) throw new ShapeViolation(`${showLeaf(v)} is not one of ${describe()}`);
      w.write(i, bits);
    },
    read(r: BitReader) {
      const i = r.read(bits);
      if (i >= values.length) throw new ShapeViolation(`encoded index ${i} is outside ${describe()}`);
      return values[i];
    },
    show: showLeaf,
    diff(a, b, path, out) {
      if (a !== b) out.push({ path, before: showLeaf(a), after: showLeaf(b) });
    },
    leaves(v, path, out) {
      out.push({ path, before: showLeaf(v), after: showLeaf(v) });
    },
    describe,
  };
}
