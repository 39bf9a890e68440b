/**
 * Type-level claims about the public API. `expectTypeOf` and `@ts-expect-error` are checked by
 * `npx tsc -p tsconfig.json --noEmit` (which includes test/); vitest runs this file too, so the
 * runtime half (the declarations build and the models check) is exercised as well.
 */
import { describe, expectTypeOf, it, expect } from 'vitest';
import { check } from '../../checker/check.js';
import type { CheckResult, Verdict } from '../../checker/result.js';
import { defineModel, type Model } from '../../model/core/model.js';
import { array, bool, int, oneOf, optional, queue, record, type Infer, type Shape } from '../../model/core/shape/index.js';
import { always, bounded, deadlockFree, sometimes, step } from '../../properties/index.js';
import type { Property } from '../../properties/property.js';

const shape = record({ a: int(0, 1), b: oneOf('x', 'y'), c: optional(bool()), d: queue(2, int(0, 3)) });
type S = Infer<typeof shape>;
type Act = { readonly kind: 'Flip' } | { readonly kind: 'Push'; readonly v: number };

describe('Infer', () => {
  it('gives a record of readonly fields with literal unions, nullable optionals and readonly arrays', () => {
    expectTypeOf<S>().toEqualTypeOf<{ readonly a: number; readonly b: 'x' | 'y'; readonly c: boolean | null; readonly d: readonly number[] }>();
    expect(shape.bits).toBe(1 + 1 + 2 + (2 + 2 * 2));
  });

  it('infers each constructor on its own', () => {
    expectTypeOf<Infer<ReturnType<typeof int>>>().toEqualTypeOf<number>();
    expectTypeOf<Infer<ReturnType<typeof bool>>>().toEqualTypeOf<boolean>();
    expectTypeOf(oneOf('thinking', 'eating', 3)).toEqualTypeOf<Shape<'thinking' | 'eating' | 3>>();
    expectTypeOf(array(3, oneOf('l', 'r'))).toEqualTypeOf<Shape<readonly ('l' | 'r')[]>>();
    expectTypeOf(optional(queue(2, bool()))).toEqualTypeOf<Shape<readonly boolean[] | null>>();
  });

  it('nests records inside arrays and optionals', () => {
    const nested = record({ slots: array(2, optional(record({ owner: int(0, 3), q: queue(1, oneOf('m')) }))) });
    expectTypeOf<Infer<typeof nested>>().toEqualTypeOf<{
      readonly slots: readonly ({ readonly owner: number; readonly q: readonly 'm'[] } | null)[];
    }>();
  });
});

/** A well-typed model over S, for the negative cases below to differ from. */
const good: Model<S, Act> = defineModel<S, Act>({
  name: 'good',
  shape,
  init: () => [{ a: 0, b: 'x', c: null, d: [] }],
  actions: (s) => (s.d.length < 2 ? [{ kind: 'Flip' }, { kind: 'Push', v: s.a }] : [{ kind: 'Flip' }]),
  next: (s, a) => (a.kind === 'Flip' ? { ...s, a: 1 - s.a, c: !s.c } : { ...s, d: [...s.d, a.v] }),
  properties: [
    always('a is a bit', (s) => s.a === 0 || s.a === 1),
    sometimes('queue fills', (s) => s.d.length === 2),
    step('Push appends', (s, a, t) => a.kind !== 'Push' || t.d.length === s.d.length + 1),
    bounded('queue length', (s) => s.d.length, 2, 'message'),
    deadlockFree(),
  ],
});

describe('models and properties', () => {
  it('types a check result by the model state and action', () => {
    const r = check(good);
    expectTypeOf(r).toEqualTypeOf<CheckResult<S, Act>>();
    expectTypeOf(r.verdicts['queue fills']).toEqualTypeOf<Verdict<S, Act>>();
    expect(r.ok).toBe(true);
    expect(r.stats.distinct).toBe(17); // a ∈ {0,1} × c ∈ {null,true,false} × d, as the reference explorer counts
  });

  it('rejects a next that returns a value of the wrong shape', () => {
    const bad = defineModel<S, Act>({
      name: 'bad next',
      shape,
      init: () => [{ a: 0, b: 'x', c: null, d: [] }],
      actions: () => [{ kind: 'Flip' }],
      // @ts-expect-error b must be 'x' | 'y'
      next: (s) => ({ ...s, b: 'z' }),
      properties: [],
    });
    expect(bad.name).toBe('bad next');
  });

  it('rejects a wrong next also when the state type is inferred from the shape', () => {
    const bad = defineModel({
      name: 'inferred',
      shape,
      init: () => [{ a: 0, b: 'x' as const, c: null, d: [] }],
      actions: () => [{ kind: 'Flip' } as const],
      // @ts-expect-error b must be 'x' | 'y'
      next: (s) => ({ ...s, b: 'z' as const }),
      properties: [],
    });
    expect(bad.name).toBe('inferred');
  });

  it('rejects a next that returns a state missing a field', () => {
    const bad = defineModel<S, Act>({
      name: 'missing field',
      shape,
      init: () => [{ a: 0, b: 'x', c: null, d: [] }],
      actions: () => [{ kind: 'Flip' }],
      // @ts-expect-error d is missing
      next: (s) => ({ a: s.a, b: s.b, c: s.c }),
      properties: [],
    });
    expect(bad.name).toBe('missing field');
  });

  it('rejects a shape that does not match the state type', () => {
    const bad = defineModel<S, Act>({
      name: 'wrong shape',
      // @ts-expect-error the shape of another state
      shape: record({ a: int(0, 1) }),
      init: () => [],
      actions: () => [],
      next: (s) => s,
      properties: [],
    });
    expect(bad.name).toBe('wrong shape');
  });

  it('rejects an action outside the action union', () => {
    defineModel<S, Act>({
      name: 'wrong action',
      shape,
      init: () => [],
      // @ts-expect-error 'Jump' is not an action of this model
      actions: () => [{ kind: 'Jump' }],
      next: (s) => s,
      properties: [],
    });
  });

  it('rejects properties whose predicates take another state type', () => {
    type Other = { readonly other: string };
    const wrong = always('other', (s: Other) => s.other === '');
    // @ts-expect-error an always over Other is not a property of S
    const props: Property<S, Act>[] = [wrong];
    defineModel<S, Act>({
      name: 'wrong property',
      shape,
      init: () => [],
      actions: () => [],
      next: (s) => s,
      // @ts-expect-error the predicate reads a field S does not have
      properties: [always('reads other', (s: Other) => s.other.length > 0)],
    });
    expect(props).toHaveLength(1);
  });

  it('rejects a step predicate over another action type', () => {
    // @ts-expect-error Act has no 'Jump' kind to compare with
    const p: Property<S, Act> = step('jumps', (_s: S, a: Act) => a.kind === 'Jump');
    expect(p.kind).toBe('step');
  });
});
