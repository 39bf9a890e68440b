import type { BitReader, BitWriter } from './bits.js';
import { joinPath, ShapeViolation, type Infer, type Shape } from './shape.js';

/**
 * The value type of a record of shapes: every field readonly, each the {@link Infer} of its shape.
 *
 * @example
 * type Jugs = RecordOf<{ small: Shape<number>; big: Shape<number> }>; // { readonly small: number; readonly big: number }
 */
export type RecordOf<F extends Record<string, Shape<any>>> = { readonly [K in keyof F]: Infer<F[K]> };

/**
 * A record of named fields, encoded in declaration order.
 *
 * @example
 * const jugs = record({ small: int(0, 3), big: int(0, 5) });
 * jugs.show({ small: 3, big: 0 }); // "{ small: 3, big: 0 }"
 */
export function record<F extends Record<string, Shape<any>>>(fields: F): Shape<RecordOf<F>> {
  const keys = Object.keys(fields);
  const shapes = keys.map((k) => fields[k]);
  const n = keys.length;
  const bits = shapes.reduce((sum, s) => sum + s.bits, 0);
  // A record value is built field by field in declaration order, so every decoded state
  // has the same hidden class and the same key order.
  const build = new Function('values', `return { ${keys.map((k, i) => `${JSON.stringify(k)}: values[${i}]`).join(', ')} };`) as (
    values: unknown[],
  ) => RecordOf<F>;
  const declared = new Set(keys);
  /** The keys of `v` the declaration does not name, in `for…in` order (what the compiled encoder counts). */
  const undeclared = (v: object): string[] => {
    const out: string[] = [];
    for (const k in v) if (!declared.has(k)) out.push(k);
    return out;
  };
  const describe = () => `record({ ${keys.map((k, i) => `${k}: ${shapes[i].describe()}`).join(', ')} })`;
  return {
    kind: 'record',
    spec: { kind: 'record', fields: keys.map((k, i) => [k, shapes[i]] as const) },
    bits,
    write(v: RecordOf<F>, w: BitWriter) {
      if (typeof v !== 'object' || v === null) throw new ShapeViolation(`${JSON.stringify(v)} is not a record`);
      const extra = undeclared(v);
      for (let i = 0; i < n; i++) {
        const key = keys[i];
        const field = (v as Record<string, unknown>)[key];
        if (field === undefined) {
          const hint = extra.length > 0 ? ` (the record has ${extra.map((k) => `'${k}'`).join(', ')}, which the shape does not declare)` : '';
          throw new ShapeViolation(`field is missing${hint}`).within('.' + key);
        }
        try {
          shapes[i].write(field, w);
        } catch (e) {
          throw e instanceof ShapeViolation ? e.within('.' + key) : e;
        }
      }
      if (extra.length > 0) {
        // The encoding has no room for it: accepted, it would vanish, and a property reading it would read a stale value.
        throw new ShapeViolation(
          `field '${extra[0]}' is not in the declared shape (its record declares ${keys.length ? keys.join(', ') : 'no field'}): add it to the shape, or leave it out of the state`,
        ).within('.' + extra[0]);
      }
    },
    read(r: BitReader) {
      const values = new Array(n);
      for (let i = 0; i < n; i++) values[i] = shapes[i].read(r);
      return build(values);
    },
    show: (v) => `{ ${keys.map((k, i) => `${k}: ${shapes[i].show((v as any)[k])}`).join(', ')} }`,
    diff(a, b, path, out) {
      for (let i = 0; i < n; i++) shapes[i].diff((a as any)[keys[i]], (b as any)[keys[i]], joinPath(path, '.' + keys[i]), out);
    },
    leaves(v, path, out) {
      for (let i = 0; i < n; i++) shapes[i].leaves((v as any)[keys[i]], joinPath(path, '.' + keys[i]), out);
    },
    describe,
  };
}
