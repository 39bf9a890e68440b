/**
 * Type-level claims about the public API. Nothing here runs: `npm run typecheck` (tsc over
 * tsconfig.json, which includes test/) checks every `expectTypeOf` and every `@ts-expect-error`,
 * and fails when a claim breaks (a `@ts-expect-error` over code that compiles is itself an error).
 * The `.test-d.ts` name keeps vitest from collecting the file, so none of these claims is counted
 * as a runtime pass; the runtime claims about the same API are in api.test.ts.
 */
import { expectTypeOf } from 'vitest';
import type { check } from '../../checker/check.js';
import type { CheckResult, Verdict } from '../../checker/result.js';
import { defineModel, type Model } from '../../model/core/model.js';
import { array, bool, int, oneOf, optional, queue, record, type Infer, type Shape } from '../../model/core/shape/index.js';
import { always, bounded, deadlockFree, sometimes, step } from '../../properties/index.js';
import type { Property } from '../../properties/property.js';

const shape = record({ a: int(0, 1), b: oneOf('x', 'y'), c: optional(bool()), d: queue(2, int(0, 3)) });
type S = Infer<typeof shape>;
type Act = { readonly kind: 'Flip' } | { readonly kind: 'Push'; readonly v: number };

// Infer gives a record of readonly fields with literal unions, nullable optionals and readonly arrays.
expectTypeOf<S>().toEqualTypeOf<{ readonly a: number; readonly b: 'x' | 'y'; readonly c: boolean | null; readonly d: readonly number[] }>();

// Infer types each constructor on its own.
expectTypeOf<Infer<ReturnType<typeof int>>>().toEqualTypeOf<number>();
expectTypeOf<Infer<ReturnType<typeof bool>>>().toEqualTypeOf<boolean>();
expectTypeOf(oneOf('thinking', 'eating', 3)).toEqualTypeOf<Shape<'thinking' | 'eating' | 3>>();
expectTypeOf(array(3, oneOf('l', 'r'))).toEqualTypeOf<Shape<readonly ('l' | 'r')[]>>();
expectTypeOf(optional(queue(2, bool()))).toEqualTypeOf<Shape<readonly boolean[] | null>>();

// Infer nests records inside arrays and optionals.
const nested = record({ slots: array(2, optional(record({ owner: int(0, 3), q: queue(1, oneOf('m')) }))) });
expectTypeOf<Infer<typeof nested>>().toEqualTypeOf<{
  readonly slots: readonly ({ readonly owner: number; readonly q: readonly 'm'[] } | null)[];
}>();

/** A well-typed model over S, for the negative cases below to differ from. */
const good: Model<S, Act> = defineModel<S, Act>({
  name: 'good',
  shape,
  init: () => [{ a: 0, b: 'x', c: null, d: [] }],
  actions: (s) => (s.d.length < 2 ? [{ kind: 'Flip' }, { kind: 'Push', v: s.a }] : [{ kind: 'Flip' }]),
  next: (s, a) => (a.kind === 'Flip' ? { ...s, a: 1 - s.a, c: !s.c } : { ...s, d: [...s.d, a.v] }),
  properties: [always('a is a bit', (s) => s.a === 0 || s.a === 1), deadlockFree()],
});

// A check result is typed by the model's state and action, and so is each verdict.
expectTypeOf<ReturnType<typeof check<S, Act>>>().toEqualTypeOf<CheckResult<S, Act>>();
expectTypeOf<CheckResult<S, Act>['verdicts'][string]>().toEqualTypeOf<Verdict<S, Act>>();
expectTypeOf(good.next).parameter(1).toEqualTypeOf<Act>();

// Property constructors infer the state from their predicates; each is a property of S.
expectTypeOf(sometimes('queue fills', (s: S) => s.d.length === 2)).toExtend<Property<S, Act>>();
expectTypeOf(step('Push appends', (s: S, a: Act, t: S) => a.kind !== 'Push' || t.d.length === s.d.length + 1)).toExtend<Property<S, Act>>();
expectTypeOf(bounded('queue length', (s: S) => s.d.length, 2, 'message')).toExtend<Property<S, Act>>();

defineModel<S, Act>({
  name: 'bad next',
  shape,
  init: () => [{ a: 0, b: 'x', c: null, d: [] }],
  actions: () => [{ kind: 'Flip' }],
  // @ts-expect-error b must be 'x' | 'y'
  next: (s) => ({ ...s, b: 'z' }),
  properties: [],
});

defineModel({
  name: 'inferred',
  shape,
  init: () => [{ a: 0, b: 'x' as const, c: null, d: [] }],
  actions: () => [{ kind: 'Flip' } as const],
  // @ts-expect-error b must be 'x' | 'y', also when the state type is inferred from the shape
  next: (s) => ({ ...s, b: 'z' as const }),
  properties: [],
});

defineModel<S, Act>({
  name: 'missing field',
  shape,
  init: () => [{ a: 0, b: 'x', c: null, d: [] }],
  actions: () => [{ kind: 'Flip' }],
  // @ts-expect-error d is missing
  next: (s) => ({ a: s.a, b: s.b, c: s.c }),
  properties: [],
});

defineModel<S, Act>({
  name: 'wrong shape',
  // @ts-expect-error the shape of another state
  shape: record({ a: int(0, 1) }),
  init: () => [],
  actions: () => [],
  next: (s) => s,
  properties: [],
});

defineModel<S, Act>({
  name: 'wrong action',
  shape,
  init: () => [],
  // @ts-expect-error 'Jump' is not an action of this model
  actions: () => [{ kind: 'Jump' }],
  next: (s) => s,
  properties: [],
});

type Other = { readonly other: string };
// @ts-expect-error an always over Other is not a property of S
export const wrongList: Property<S, Act>[] = [always('other', (s: Other) => s.other === '')];

defineModel<S, Act>({
  name: 'wrong property',
  shape,
  init: () => [],
  actions: () => [],
  next: (s) => s,
  // @ts-expect-error the predicate reads a field S does not have
  properties: [always('reads other', (s: Other) => s.other.length > 0)],
});

// @ts-expect-error Act has no 'Jump' kind to compare with
export const wrongStep: Property<S, Act> = step('jumps', (_s: S, a: Act) => a.kind === 'Jump');
