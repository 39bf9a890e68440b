/**
 * Compiles a shape into straight-line JavaScript that encodes and decodes states at fixed bit
 * positions. Every shape has a fixed width, so almost every field sits at a constant bit offset:
 * the generated encoder writes `w[3] |= x << 7` where an interpreter would walk the declaration.
 * This is the checker's hot path; the interpretive `write` of each shape stays the reference and
 * produces the error messages (the compiled encoder only says "not in the shape").
 */
import { hashSource } from './hash.js';
import type { Shape, ShapeSpec } from './shape.js';

/**
 * A compiled encoder: writes `v` into the words `w[o…]` (zeroed first when the codec says so) and
 * returns their {@link hashWords} hash, or -1 when `v` is outside the shape.
 *
 * @example
 * const encode: CompiledEncode<{ n: number }> = compileCodec(record({ n: int(0, 3) })).encode;
 * encode({ n: 2 }, new Uint32Array(1), 0); // the hash of the word; -1 for { n: 7 }
 */
export type CompiledEncode<S> = (v: S, w: Uint32Array, o: number) => number;

/**
 * A compiled decoder: reads the state stored at `w[o…]`, as written by the matching
 * {@link CompiledEncode}.
 *
 * @example
 * const decode: CompiledDecode<{ n: number }> = compileCodec(record({ n: int(0, 3) })).decode;
 * decode(words, 0); // { n: 2 }
 */
export type CompiledDecode<S> = (w: Uint32Array, o: number) => S;

/**
 * A compiled check of a value the matching {@link CompiledEncode} accepted: whether some record in
 * it has a field its declaration does not name (the encoding would drop that field).
 *
 * @example
 * const undeclared: CompiledUndeclared<{ n: number }> = compileCodec(record({ n: int(0, 3) })).undeclared;
 * undeclared({ n: 2 });         // false
 * undeclared({ n: 2, m: 1 } as never); // true
 */
export type CompiledUndeclared<S> = (v: S) => boolean;

/**
 * When a compiled encoder also looks for undeclared fields: it counts `left` down on every value
 * it accepts and, at zero, checks that value and sets `left` to what `next()` returns.
 *
 * @example
 * const everyOther: FieldCheckCountdown = { left: 1, next: () => 2 };
 * compileCodec(shape, everyOther).encode; // checks the 1st, 3rd, 5th … value it accepts
 */
export interface FieldCheckCountdown {
  left: number;
  next(): number;
}

/** Arrays and queues up to this many elements are unrolled; longer ones loop. */
const UNROLL = 16;
/** oneOf lists longer than this use a Map lookup instead of a comparison chain. */
const CHAIN = 12;

/** A bit position: a constant plus an optional run-time expression. */
interface Pos {
  readonly c: number;
  readonly d: string | null;
}

const at = (p: Pos, k: number): Pos => ({ c: p.c + k, d: p.d });
const dyn = (p: Pos, expr: string): Pos => ({ c: p.c, d: p.d === null ? expr : `${p.d} + ${expr}` });

class Gen {
  private n = 0;
  /** Whether some field is written at a run-time position (straight into the buffer). */
  dynamicWrites = false;
  readonly consts: unknown[] = [];
  fresh(prefix: string): string {
    return `${prefix}${this.n++}`;
  }
  konst(value: unknown): string {
    this.consts.push(value);
    return `K[${this.consts.length - 1}]`;
  }

  /** Source text for a literal: strings and finite numbers inline, anything else (NaN, ±Infinity, -0) by reference. */
  literal(x: string | number): string {
    if (typeof x === 'string') return JSON.stringify(x);
    return Number.isFinite(x) && !Object.is(x, -0) ? String(x) : this.konst(x);
  }

  /** Statements writing the `width`-bit unsigned value `x` at `p`. */
  writeBits(p: Pos, x: string, width: number): string {
    if (width === 0) return '';
    if (p.d !== null) {
      this.dynamicWrites = true;
      return `wb(w, o, ${p.d} + ${p.c}, ${x}, ${width});`;
    }
    // Constant positions accumulate in one local per word, stored once at the end.
    const word = p.c >>> 5;
    const off = p.c & 31;
    let s = `a${word} |= ${off === 0 ? x : `${x} << ${off}`};`;
    if (off + width > 32) s += ` a${word + 1} |= ${x} >>> ${32 - off};`;
    return s;
  }

  /** An expression reading the `width`-bit unsigned field at `p` of the state at word `o`. */
  readBits(p: Pos, width: number): string {
    if (width === 0) return '0';
    if (p.d !== null) return `rb(w, o, ${p.d} + ${p.c}, ${width})`;
    const word = p.c >>> 5;
    const off = p.c & 31;
    const mask = width === 32 ? '' : ` & ${2 ** width - 1}`;
    if (off + width <= 32) {
      if (off === 0 && width === 32) return `w[o + ${word}]`;
      if (off + width === 32) return `(w[o + ${word}] >>> ${off})`;
      return `((w[o + ${word}] >>> ${off})${mask})`;
    }
    const joined = `(w[o + ${word}] >>> ${off}) | (w[o + ${word + 1}] << ${32 - off})`;
    return width === 32 ? `((${joined}) >>> 0)` : `((${joined})${mask})`;
  }

  /** Statements validating and writing the value in variable `v` of shape `s` at `p`. */
  encode(s: Shape<unknown>, v: string, p: Pos): string {
    const spec: ShapeSpec = s.spec;
    switch (spec.kind) {
      case 'int': {
        const d = this.fresh('d');
        const range = spec.hi - spec.lo;
        return (
          `if (typeof ${v} !== 'number') return -1; const ${d} = ${v} - ${spec.lo}; ` +
          `if ((${d} >>> 0) !== ${d} || ${d} > ${range}) return -1; ${this.writeBits(p, d, s.bits)}`
        );
      }
      case 'bool':
        return `if (${v} === true) { ${this.writeBits(p, '1', 1)} } else if (${v} !== false) return -1;`;
      case 'oneOf': {
        const i = this.fresh('i');
        if (spec.values.length > CHAIN) {
          const map = this.konst(new Map(spec.values.map((x, k) => [x, k])));
          return `const ${i} = ${map}.get(${v}); if (${i} === undefined) return -1; ${this.writeBits(p, i, s.bits)}`;
        }
        const chain = spec.values.map((x, k) => `${v} === ${this.literal(x)} ? ${k} : `).join('') + '-1';
        return `const ${i} = ${chain}; if (${i} < 0) return -1; ${this.writeBits(p, i, s.bits)}`;
      }
      case 'record': {
        let out = `if (${v} === null || typeof ${v} !== 'object') return -1;`;
        let off = 0;
        for (const [key, field] of spec.fields) {
          const f = this.fresh('f');
          out += ` { const ${f} = ${v}[${JSON.stringify(key)}]; ${this.encode(field, f, at(p, off))} }`;
          off += field.bits;
        }
        return out;
      }
      case 'array': {
        const el = spec.element;
        let out = `if (!Array.isArray(${v}) || ${v}.length !== ${spec.length}) return -1;`;
        if (spec.length <= UNROLL) {
          for (let k = 0; k < spec.length; k++) {
            const e = this.fresh('e');
            out += ` { const ${e} = ${v}[${k}]; ${this.encode(el, e, at(p, k * el.bits))} }`;
          }
          return out;
        }
        const k = this.fresh('k');
        const e = this.fresh('e');
        return out + ` for (let ${k} = 0; ${k} < ${spec.length}; ${k}++) { const ${e} = ${v}[${k}]; ${this.encode(el, e, dyn(p, `${k} * ${el.bits}`))} }`;
      }
      case 'queue': {
        const el = spec.element;
        const lenBits = s.bits - spec.maxLen * el.bits;
        const len = this.fresh('n');
        let out = `if (!Array.isArray(${v}) || ${v}.length > ${spec.maxLen}) return -1; const ${len} = ${v}.length; ${this.writeBits(p, len, lenBits)}`;
        const base = at(p, lenBits);
        if (spec.maxLen <= UNROLL) {
          for (let k = 0; k < spec.maxLen; k++) {
            const e = this.fresh('e');
            out += ` if (${len} > ${k}) { const ${e} = ${v}[${k}]; ${this.encode(el, e, at(base, k * el.bits))} }`;
          }
          return out;
        }
        const k = this.fresh('k');
        const e = this.fresh('e');
        return out + ` for (let ${k} = 0; ${k} < ${len}; ${k}++) { const ${e} = ${v}[${k}]; ${this.encode(el, e, dyn(base, `${k} * ${el.bits}`))} }`;
      }
      case 'optional':
        return (
          `if (${v} === undefined) return -1; if (${v} !== null) { ${this.writeBits(p, '1', 1)} ` +
          `${this.encode(spec.element, v, at(p, 1))} }`
        );
    }
  }

  /**
   * Statements returning true when a record within `v` (of shape `s`, already accepted by the
   * encoder) has more keys than its declaration. Empty when `s` holds no record.
   */
  undeclared(s: Shape<unknown>, v: string): string {
    const spec: ShapeSpec = s.spec;
    switch (spec.kind) {
      case 'int':
      case 'bool':
      case 'oneOf':
        return '';
      case 'record': {
        const c = this.fresh('c');
        const k = this.fresh('k');
        let out = `let ${c} = 0; for (const ${k} in ${v}) ${c}++; if (${c} !== ${spec.fields.length}) return true;`;
        for (const [key, field] of spec.fields) {
          const f = this.fresh('f');
          const inner = this.undeclared(field, f);
          if (inner !== '') out += ` { const ${f} = ${v}[${JSON.stringify(key)}]; ${inner} }`;
        }
        return out;
      }
      case 'array':
      case 'queue': {
        const e = this.fresh('e');
        const inner = this.undeclared(spec.element, e);
        if (inner === '') return '';
        const k = this.fresh('k');
        return `for (let ${k} = 0; ${k} < ${v}.length; ${k}++) { const ${e} = ${v}[${k}]; ${inner} }`;
      }
      case 'optional': {
        const inner = this.undeclared(spec.element, v);
        return inner === '' ? '' : `if (${v} !== null) { ${inner} }`;
      }
    }
  }

  /** Statements (into `stmts`) and an expression decoding shape `s` at `p`. */
  decode(s: Shape<unknown>, p: Pos, stmts: string[]): string {
    const spec: ShapeSpec = s.spec;
    switch (spec.kind) {
      case 'int':
        return spec.lo === 0 ? this.readBits(p, s.bits) : `(${this.readBits(p, s.bits)} + ${spec.lo})`;
      case 'bool':
        return `(${this.readBits(p, 1)} === 1)`;
      case 'oneOf':
        return spec.values.length === 1 ? this.literal(spec.values[0]) : `${this.konst(spec.values)}[${this.readBits(p, s.bits)}]`;
      case 'record': {
        let off = 0;
        const parts = spec.fields.map(([key, field]) => {
          const expr = this.decode(field, at(p, off), stmts);
          off += field.bits;
          return `${JSON.stringify(key)}: ${expr}`;
        });
        return `{ ${parts.join(', ')} }`;
      }
      case 'array': {
        const el = spec.element;
        if (spec.length <= UNROLL) {
          const items: string[] = [];
          for (let k = 0; k < spec.length; k++) items.push(this.decode(el, at(p, k * el.bits), stmts));
          return `[${items.join(', ')}]`;
        }
        const a = this.fresh('a');
        const k = this.fresh('k');
        const body: string[] = [];
        const expr = this.decode(el, dyn(p, `${k} * ${el.bits}`), body);
        stmts.push(`const ${a} = new Array(${spec.length}); for (let ${k} = 0; ${k} < ${spec.length}; ${k}++) { ${body.join(' ')} ${a}[${k}] = ${expr}; }`);
        return a;
      }
      case 'queue': {
        const el = spec.element;
        const lenBits = s.bits - spec.maxLen * el.bits;
        const base = at(p, lenBits);
        const q = this.fresh('q');
        const len = this.fresh('n');
        stmts.push(`const ${len} = ${this.readBits(p, lenBits)}; const ${q} = [];`);
        if (spec.maxLen <= UNROLL) {
          for (let k = 0; k < spec.maxLen; k++) {
            const body: string[] = [];
            const expr = this.decode(el, at(base, k * el.bits), body);
            stmts.push(`if (${len} > ${k}) { ${body.join(' ')} ${q}.push(${expr}); }`);
          }
          return q;
        }
        const k = this.fresh('k');
        const body: string[] = [];
        const expr = this.decode(el, dyn(base, `${k} * ${el.bits}`), body);
        stmts.push(`for (let ${k} = 0; ${k} < ${len}; ${k}++) { ${body.join(' ')} ${q}.push(${expr}); }`);
        return q;
      }
      case 'optional': {
        const x = this.fresh('x');
        const body: string[] = [];
        const expr = this.decode(spec.element, at(p, 1), body);
        stmts.push(`let ${x} = null; if (${this.readBits(p, 1)} === 1) { ${body.join(' ')} ${x} = ${expr}; }`);
        return x;
      }
    }
  }
}

function wb(w: Uint32Array, o: number, pos: number, x: number, width: number): void {
  const word = o + (pos >>> 5);
  const off = pos & 31;
  w[word] |= x << off;
  if (off + width > 32) w[word + 1] |= x >>> (32 - off);
}

function rb(w: Uint32Array, o: number, pos: number, width: number): number {
  const word = o + (pos >>> 5);
  const off = pos & 31;
  let v = w[word] >>> off;
  if (off + width > 32) v |= w[word + 1] << (32 - off);
  return width === 32 ? v >>> 0 : v & ((1 << width) - 1);
}

/**
 * Generates the encoder and decoder of a shape.
 *
 * @example
 * const { encode, decode } = compileCodec(record({ small: int(0, 3), big: int(0, 5) }));
 * const w = new Uint32Array(1);
 * encode({ small: 3, big: 4 }, w, 0); // the hash of w (-1 for a value outside the shape)
 * decode(w, 0);                    // { small: 3, big: 4 }
 * undeclared({ small: 3, big: 4, huge: 9 }); // true: the encoding would drop `huge`
 */
export function compileCodec<S>(
  shape: Shape<S>,
  /** When given, `encode` also refuses (with -1) a value with an undeclared field, on the values this countdown picks. */
  fieldChecks?: FieldCheckCountdown,
): {
  encode: CompiledEncode<S>;
  decode: CompiledDecode<S>;
  /** Whether a value `encode` accepted has a record field the shape does not declare (which `encode` drops). */
  undeclared: CompiledUndeclared<S>;
  /** Whether `encode` needs `w[o…]` zeroed first (it ORs some fields into the buffer). */
  needsZeroedBuffer: boolean;
  source: string;
} {
  const gen = new Gen();
  const words = Math.max(1, Math.ceil(shape.bits / 32));
  const fields = gen.encode(shape as Shape<unknown>, 'v', { c: 0, d: null });
  const locals = Array.from({ length: words }, (_, k) => `a${k} = 0`).join(', ');
  const store = Array.from({ length: words }, (_, k) => `w[o + ${k}] ${gen.dynamicWrites ? '|=' : '='} a${k};`).join(' ');
  // With fields at run-time positions the words are only complete in the buffer: hash them there.
  const hashed = hashSource(Array.from({ length: words }, (_, k) => (gen.dynamicWrites ? `w[o + ${k}]` : `a${k}`)));
  // The countdown sits inside the generated encoder, not in its caller: the caller stays a small
  // function the search inlines (a counter there cost the whole search about 10%).
  const sample = fieldChecks === undefined ? '' : 'if (--S.left === 0) { S.left = S.next(); if (undeclared(v)) return -1; }';
  const encBody = `let ${locals}; ${fields} ${store} ${hashed} ${sample} return h >>> 0;`;
  const stmts: string[] = [];
  const expr = gen.decode(shape as Shape<unknown>, { c: 0, d: null }, stmts);
  const source =
    `"use strict";\n` +
    `const encode = function encodeState(v, w, o) { ${encBody} };\n` +
    `const decode = function decodeState(w, o) { ${stmts.join(' ')} return ${expr}; };\n` +
    `const undeclared = function undeclaredField(v) { ${gen.undeclared(shape as Shape<unknown>, 'v')} return false; };\n` +
    `return { encode, decode, undeclared };`;
  const make = new Function('K', 'wb', 'rb', 'S', source) as (
    k: unknown[],
    wbf: typeof wb,
    rbf: typeof rb,
    countdown: FieldCheckCountdown | undefined,
  ) => { encode: CompiledEncode<S>; decode: CompiledDecode<S>; undeclared: CompiledUndeclared<S> };
  return { ...make(gen.consts, wb, rb, fieldChecks), needsZeroedBuffer: gen.dynamicWrites, source };
}
