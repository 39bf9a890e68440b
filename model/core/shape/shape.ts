/**
 * The `Shape` contract: one declaration of a state's structure that yields its TypeScript type,
 * its canonical binary encoding, a printer and a per-field diff (and, through `arbitraryOf`, a
 * fast-check arbitrary).
 */
import type { BitReader, BitWriter } from './bits.js';

/**
 * The kinds of shape; each has one constructor of the same name.
 *
 * @example
 * const kind: ShapeKind = int(0, 3).kind; // 'int'
 */
export type ShapeKind = 'int' | 'bool' | 'oneOf' | 'record' | 'array' | 'queue' | 'optional';

/**
 * A shape's declaration as data: what `compileCodec` generates straight-line code from.
 *
 * @example
 * int(0, 3).spec; // { kind: 'int', lo: 0, hi: 3 }
 */
export type ShapeSpec =
  | { readonly kind: 'int'; readonly lo: number; readonly hi: number; readonly role?: 'threadId' }
  | { readonly kind: 'bool' }
  | { readonly kind: 'oneOf'; readonly values: readonly (string | number)[] }
  | { readonly kind: 'record'; readonly fields: readonly (readonly [string, Shape<any>])[]; readonly role?: 'perThread' }
  | { readonly kind: 'array'; readonly length: number; readonly element: Shape<any>; readonly role?: 'perThread' }
  | { readonly kind: 'queue'; readonly maxLen: number; readonly element: Shape<any> }
  | { readonly kind: 'optional'; readonly element: Shape<any> };

/**
 * What a part of a state means for symmetry reduction, as the thread-role constructors declare
 * it: `threadId`, an int holding a thread id (1-based; 0 and below mean none); `perThread`, an
 * array or record with one element per thread, element `i` belonging to thread id `i + 1`.
 * Renaming threads renames the ids and moves the elements ({@link ShapeSpec}'s `role`).
 *
 * @example
 * const role: ShapeRole = threadId(3).spec.role!; // 'threadId'
 */
export type ShapeRole = 'threadId' | 'perThread';

/**
 * One changed leaf between two values of a shape, as the counterexample printers show it.
 *
 * @example
 * const change: FieldChange = { path: 'jugs.big', before: '0', after: '5' };
 */
export interface FieldChange {
  /** Dotted path from the root: `pc[2]`, `ep.sendQ`, `big`. Empty for a leaf root. */
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/**
 * A declared state shape. Build shapes with `int`, `bool`, `oneOf`, `record`, `array`, `queue`
 * and `optional`; read the value type with `Infer<typeof shape>`.
 *
 * @example
 * const jugs = record({ small: int(0, 3), big: int(0, 5) });
 * type Jugs = Infer<typeof jugs>; // { readonly small: number; readonly big: number }
 */
export interface Shape<T> {
  readonly kind: ShapeKind;
  /** The declaration as data, from which the checker compiles fast encoders and decoders. */
  readonly spec: ShapeSpec;
  /** Fixed width of the encoding in bits. */
  readonly bits: number;
  /** Writes `v`; throws {@link ShapeViolation} when `v` is outside the shape. */
  write(v: T, w: BitWriter): void;
  /** Reads a value written by `write`. */
  read(r: BitReader): T;
  /** One-line rendering of a value: `{ small: 3, big: 5 }`. */
  show(v: T): string;
  /** Appends the changed leaves between `a` and `b` under `path`. */
  diff(a: T, b: T, path: string, out: FieldChange[]): void;
  /** Appends every leaf of `v` under `path` (the full first state of a trace). */
  leaves(v: T, path: string, out: FieldChange[]): void;
  /** The declaration, as written: `int(0, 5)`. */
  describe(): string;
}

/**
 * The TypeScript type of values of a shape.
 *
 * @example
 * const pc = oneOf('idle', 'critical');
 * type Pc = Infer<typeof pc>; // 'idle' | 'critical'
 */
export type Infer<S> = S extends Shape<infer T> ? T : never;

/**
 * A value outside its declared shape. `path` locates it from the root of the state.
 *
 * @example
 * try { new StateCodec(record({ n: int(0, 3) })).encode({ n: 7 }); } catch (e) { if (e instanceof ShapeViolation) e.message; }
 * // "state.n: 7 is outside int(0, 3)"
 */
export class ShapeViolation extends Error {
  readonly segments: string[] = [];
  constructor(readonly problem: string) {
    super(problem);
    this.name = 'ShapeViolation';
  }
  /** Dotted path of the offending field, `state` for the root. */
  get path(): string {
    return 'state' + this.segments.join('');
  }
  /** Called by containers while the violation propagates, innermost first. */
  within(segment: string): ShapeViolation {
    this.segments.unshift(segment);
    this.message = `${this.path}: ${this.problem}`;
    return this;
  }
}

/**
 * Joins a container path and a field name: `joinPath('', 'a')` is `a`, `joinPath('a', '[1]')` is `a[1]`.
 * A leading `.` is dropped at the root.
 *
 * @example
 * joinPath('', '.big');     // 'big'
 * joinPath('pc', '[2]');    // 'pc[2]'
 */
export function joinPath(path: string, segment: string): string {
  if (path === '') return segment.startsWith('.') ? segment.slice(1) : segment;
  return path + segment;
}

/**
 * Renders a leaf value for printers: strings quoted as JSON, anything else with `String`.
 *
 * @example
 * showLeaf('idle'); // '"idle"'
 * showLeaf(3);      // '3'
 */
export function showLeaf(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
