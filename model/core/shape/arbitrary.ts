/**
 * fast-check arbitraries of declared shapes, for property tests of models and codecs. They live
 * apart from the shapes so that checking a model never loads fast-check, whose import a worker
 * thread or a CLI run would pay for (bench/NOTES.md, "Start-up imports").
 */
import fc, { type Arbitrary } from 'fast-check';
import type { Shape } from './shape.js';

/**
 * A fast-check arbitrary of every value of `shape`, built from its declaration (`shape.spec`).
 * Records come out with their fields in declaration order, like decoded states.
 *
 * @example
 * const jugs = record({ small: int(0, 3), big: int(0, 5) });
 * fc.assert(fc.property(arbitraryOf(jugs), (s) => codec.decode(codec.encode(s), 0).big === s.big));
 */
export function arbitraryOf<T>(shape: Shape<T>): Arbitrary<T> {
  return arbitraryOfSpec(shape) as Arbitrary<T>;
}

function arbitraryOfSpec(shape: Shape<unknown>): Arbitrary<unknown> {
  const spec = shape.spec;
  switch (spec.kind) {
    case 'int':
      return fc.integer({ min: spec.lo, max: spec.hi });
    case 'bool':
      return fc.boolean();
    case 'oneOf':
      return fc.constantFrom(...spec.values);
    case 'record': {
      const fields: Record<string, Arbitrary<unknown>> = {};
      for (const [key, field] of spec.fields) fields[key] = arbitraryOfSpec(field);
      return fc.record(fields).map((o) => Object.fromEntries(spec.fields.map(([key]) => [key, o[key]])));
    }
    case 'array':
      return fc.array(arbitraryOfSpec(spec.element), { minLength: spec.length, maxLength: spec.length });
    case 'queue':
      return fc.array(arbitraryOfSpec(spec.element), { maxLength: spec.maxLen });
    case 'optional':
      return fc.option(arbitraryOfSpec(spec.element), { nil: null });
  }
}
