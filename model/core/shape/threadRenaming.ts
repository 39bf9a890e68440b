/**
 * Renaming threads in a state, derived from its shape's thread roles ({@link threadId},
 * {@link perThread}, {@link perThreadRecord}): a renaming moves each per-thread element to its
 * thread's new place and renames every thread id, everywhere in the state, consistently. And a
 * per-thread signature that travels with its thread under every renaming, for symmetry
 * reduction's canonical form.
 *
 * A permutation `perm` is over thread indices (thread id `t` is index `t − 1`): thread index `i`
 * becomes `perm[i]`; indices at or beyond `perm.length` are fixed.
 */
import type { Shape, ShapeSpec } from './shape.js';

type Renamer = (v: any, perm: readonly number[]) => any;

/**
 * The renaming of threads the shape's roles define, as a function; the identity (returning its
 * argument) for a shape without roles. Parts without roles are shared with the input, not copied.
 *
 * @example
 * const shape = record({ tcb: perThread(2, record({ caller: threadId(2) })), current: threadId(2) });
 * const rename = compileRenaming(shape);
 * rename({ tcb: [{ caller: 2 }, { caller: 0 }], current: 1 }, [1, 0]); // { tcb: [{ caller: 0 }, { caller: 1 }], current: 2 }
 */
export function compileRenaming<T>(shape: Shape<T>): (v: T, perm: readonly number[]) => T {
  return renamerOf(shape.spec) ?? ((v) => v);
}

const renameId = (v: number, perm: readonly number[]) => (v >= 1 && v <= perm.length ? perm[v - 1] + 1 : v);

function renamerOf(spec: ShapeSpec): Renamer | undefined {
  switch (spec.kind) {
    case 'int':
      return spec.role === 'threadId' ? renameId : undefined;
    case 'bool':
    case 'oneOf':
      return undefined;
    case 'optional': {
      const e = renamerOf(spec.element.spec);
      return e && ((v, perm) => (v === null ? null : e(v, perm)));
    }
    case 'queue': {
      const e = renamerOf(spec.element.spec);
      return e && ((v: readonly unknown[], perm) => mapped(v, e, perm));
    }
    case 'array': {
      const e = renamerOf(spec.element.spec);
      if (spec.role !== 'perThread') return e && ((v: readonly unknown[], perm) => mapped(v, e, perm));
      return (v: readonly unknown[], perm) => {
        const out = new Array(v.length);
        for (let i = 0; i < v.length; i++) out[i < perm.length ? perm[i] : i] = e === undefined ? v[i] : e(v[i], perm);
        return out;
      };
    }
    case 'record': {
      const keys = spec.fields.map(([k]) => k);
      const rs = spec.fields.map(([, shape]) => renamerOf(shape.spec));
      if (spec.role === 'perThread') {
        const vals: unknown[] = new Array(keys.length);
        return (v: Record<string, unknown>, perm) => {
          for (let i = 0; i < keys.length; i++) {
            const r = rs[i];
            vals[i < perm.length ? perm[i] : i] = r === undefined ? v[keys[i]] : r(v[keys[i]], perm);
          }
          const out: Record<string, unknown> = {};
          for (let i = 0; i < keys.length; i++) out[keys[i]] = vals[i];
          return out;
        };
      }
      if (rs.every((r) => r === undefined)) return undefined;
      return (v: Record<string, unknown>, perm) => {
        const out: Record<string, unknown> = {};
        for (let i = 0; i < keys.length; i++) {
          const r = rs[i];
          out[keys[i]] = r === undefined ? v[keys[i]] : r(v[keys[i]], perm);
        }
        return out;
      };
    }
  }
}

function mapped(v: readonly unknown[], e: Renamer, perm: readonly number[]): unknown[] {
  const out = new Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = e(v[i], perm);
  return out;
}

/**
 * A 32-bit mix of a running site hash and a small code (a field index, a position, a value).
 *
 * @example
 * mixSite(0, 3) !== mixSite(0, 4); // true
 */
export function mixSite(site: number, code: number): number {
  let h = Math.imul(site ^ (code + 0x9e3779b9), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Fills signatures: `out[i]` gains thread index `i`'s share of value `v` at `site`, `owner` the thread whose per-thread part `v` is in (−1 for none). */
type Signer = (v: any, site: number, owner: number, out: Float64Array) => void;

/** How a thread id leaf relates to the per-thread part it is in. */
const NO_OWNER = 1;
const OWN = 2;
const OTHER = 3;
const REFERS = 4;

/**
 * Per-thread signatures derived from the shape's roles: `signatures(v, out)` sets `out[i]` for
 * every thread index `i < out.length` to a number that describes thread `i`'s part of `v` and its
 * places in the rest of `v` (which queue slots and fields hold its id), in terms no renaming
 * changes. So for every permutation `perm`, the signature of thread `perm[i]` in the renamed
 * state equals that of thread `i` in `v`: what symmetry reduction's `signature` must satisfy.
 * Different signatures tell threads apart; equal ones may still differ.
 *
 * @example
 * const sign = compileSignatures(shape);
 * const out = new Float64Array(3);
 * sign(state, out); // out[0], out[1], out[2]: threads 1, 2 and 3
 */
export function compileSignatures<T>(shape: Shape<T>): (v: T, out: Float64Array) => void {
  const signer = signerOf(shape.spec);
  return (v, out) => {
    out.fill(0);
    signer(v, 0x2545f491, -1, out);
  };
}

function signerOf(spec: ShapeSpec): Signer {
  switch (spec.kind) {
    case 'int':
      if (spec.role === 'threadId') {
        return (v: number, site, owner, out) => {
          if (v >= 1 && v <= out.length) {
            const t = v - 1;
            out[t] += mixSite(site, owner < 0 ? NO_OWNER : owner === t ? OWN : OTHER);
            if (owner >= 0 && owner !== t) out[owner] += mixSite(site, REFERS);
          } else if (owner >= 0) out[owner] += mixSite(site, 16 + v);
        };
      }
      return (v: number, site, owner, out) => {
        if (owner >= 0) out[owner] += mixSite(site, v);
      };
    case 'bool':
      return (v: boolean, site, owner, out) => {
        if (owner >= 0) out[owner] += mixSite(site, v ? 1 : 0);
      };
    case 'oneOf': {
      const index = new Map<unknown, number>(spec.values.map((x, i) => [x, i]));
      return (v: unknown, site, owner, out) => {
        if (owner >= 0) out[owner] += mixSite(site, index.get(v) ?? -1);
      };
    }
    case 'optional': {
      const e = signerOf(spec.element.spec);
      return (v, site, owner, out) => {
        if (v === null) {
          if (owner >= 0) out[owner] += mixSite(site, 0);
        } else e(v, mixSite(site, 1), owner, out);
      };
    }
    case 'queue': {
      const e = signerOf(spec.element.spec);
      return (v: readonly unknown[], site, owner, out) => {
        if (owner >= 0) out[owner] += mixSite(site, 100 + v.length);
        for (let i = 0; i < v.length; i++) e(v[i], mixSite(site, i), owner, out);
      };
    }
    case 'array': {
      const e = signerOf(spec.element.spec);
      if (spec.role === 'perThread') {
        // The element's place says only that it is its thread's own: the same site for every thread.
        return (v: readonly unknown[], site, _owner, out) => {
          const inside = mixSite(site, 7);
          for (let i = 0; i < v.length; i++) e(v[i], inside, i, out);
        };
      }
      return (v: readonly unknown[], site, owner, out) => {
        for (let i = 0; i < v.length; i++) e(v[i], mixSite(site, i), owner, out);
      };
    }
    case 'record': {
      const keys = spec.fields.map(([k]) => k);
      const es = spec.fields.map(([, shape]) => signerOf(shape.spec));
      if (spec.role === 'perThread') {
        return (v: Record<string, unknown>, site, _owner, out) => {
          const inside = mixSite(site, 7);
          for (let i = 0; i < keys.length; i++) es[i](v[keys[i]], inside, i, out);
        };
      }
      const sites = keys.map((_, i) => i);
      return (v: Record<string, unknown>, site, owner, out) => {
        for (let i = 0; i < keys.length; i++) es[i](v[keys[i]], mixSite(site, sites[i]), owner, out);
      };
    }
  }
}
