import { bitsFor, type BitReader, type BitWriter } from './bits.js';
import { ShapeViolation, type Shape } from './shape.js';

/**
 * A FIFO queue of at most `maxLen` elements, as a readonly array whose head is index 0.
 * Pushing past `maxLen` is a model error, never a silent truncation.
 *
 * @example
 * const sendQ = queue(3, int(0, 2));
 * sendQ.show([2, 0]); // "⟨2, 0⟩"
 */
export function queue<T>(maxLen: number, element: Shape<T>): Shape<readonly T[]> {
  if (!Number.isSafeInteger(maxLen) || maxLen < 0) throw new RangeError(`queue(${maxLen}, …): maxLen must be a whole number`);
  const lenBits = bitsFor(maxLen + 1);
  const describe = () => `queue(${maxLen}, ${element.describe()})`;
  const show = (v: readonly T[]) => `⟨${v.map((x) => element.show(x)).join(', ')}⟩`;
  return {
    kind: 'queue',
    spec: { kind: 'queue', maxLen, element },
    bits: lenBits + maxLen * element.bits,
    write(v: readonly T[], w: BitWriter) {
      if (!Array.isArray(v)) throw new ShapeViolation(`${JSON.stringify(v)} is not an array`);
      if (v.length > maxLen) throw new ShapeViolation(`a queue of length ${v.length} overflows ${describe()}`);
      w.write(v.length, lenBits);
      for (let i = 0; i < v.length; i++) {
        try {
          element.write(v[i], w);
        } catch (e) {
          throw e instanceof ShapeViolation ? e.within(`[${i}]`) : e;
        }
      }
      // Unused slots stay zero: the writer's buffer starts zeroed, so skipping them keeps the encoding canonical.
      w.pos += (maxLen - v.length) * element.bits;
    },
    read(r: BitReader) {
      const len = r.read(lenBits);
      if (len > maxLen) throw new ShapeViolation(`encoded length ${len} overflows ${describe()}`);
      const out = new Array<T>(len);
      for (let i = 0; i < len; i++) out[i] = element.read(r);
      r.pos += (maxLen - len) * element.bits;
      return out;
    },
    show,
    diff(a, b, path, out) {
      const sa = show(a);
      const sb = show(b);
      if (sa !== sb) out.push({ path, before: sa, after: sb });
    },
    leaves(v, path, out) {
      const s = show(v);
      out.push({ path, before: s, after: s });
    },
    describe,
  };
}
