/**
 * The symmetry of a design × workload model, derived instead of written: which threads are
 * interchangeable, how renaming them acts on a composed state, and a per-thread signature, for
 * `check(model, { symmetry: true })`.
 *
 * Groups: threads that run the same program with the same parameters (the same compiled code,
 * the same design calls for it, initial message, fairness, watch and fault handler) and sit alike
 * in address spaces (each alone in a space with the same unmapped pages, or all in one space)
 * are candidates. A candidate group is kept only if renaming its threads commutes with the
 * model's steps on a sample of reachable states: a design that names a thread in its calls (L4's
 * client i calls server i mod S) or orders threads by id is found out here and the group
 * dropped, with the reason in `explain`. A workload may instead give its groups by thread names
 * (`WorkloadSpec.symmetry`), or `false` for none.
 *
 * Renaming: everything the state shape marks as a thread id or per-thread part
 * (`threadId`, `perThread`, `perThreadRecord`: program positions, TCBs, queues, reply slots,
 * ghost records, lock holders) is renamed by the shape ({@link compileRenaming}); the hardware
 * (page tables per address space, the page-table register, frames) is renamed here, moving each
 * private address space with its thread.
 */
import type { Symmetry } from '../core/model.js';
import type { Shape } from '../core/shape/index.js';
import { StateCodec } from '../core/shape/codec.js';
import { compileRenaming, compileSignatures, mixSite } from '../core/shape/threadRenaming.js';
import type { Hw } from '../hw/cpu.js';
import type { Property } from '../../properties/property.js';
import type { ComposedAction, ComposedState } from './composedState.js';

/**
 * What the derivation needs of a composed model.
 *
 * @example
 * const parts: ComposedSymmetryParts = { names, keys, spaceOf, spaces: 3, pages: 1, shape, init, actions, next };
 */
export interface ComposedSymmetryParts {
  /** Thread names, by thread index. */
  readonly names: readonly string[];
  /** Per thread: its program, calls and parameters as a string; threads with equal keys are candidates. */
  readonly keys: readonly string[];
  /** Per thread: the index of its address space. */
  readonly spaceOf: readonly number[];
  readonly pages: number;
  readonly shape: Shape<ComposedState>;
  readonly init: ComposedState;
  readonly actions: (s: ComposedState) => readonly ComposedAction[];
  readonly next: (s: ComposedState, a: ComposedAction) => ComposedState;
  /** The model's properties: a group whose renaming changes a state property's verdict is dropped. */
  readonly properties: readonly Property<ComposedState, ComposedAction>[];
  /** The workload's own groups (thread names), or false for none; default: derived. */
  readonly override?: readonly (readonly string[])[] | false;
}

/**
 * The sample the derivation checks each candidate group's renamings on: breadth first from the
 * start, keeping at most {@link SAMPLE_WIDTH} new states of each level, so that it reaches deep
 * states (several callers blocked, replies under way) and not only the first few levels, up to
 * this many states in all.
 *
 * @example
 * SYMMETRY_SAMPLE; // 2000
 */
export const SYMMETRY_SAMPLE = 2000;

/** New states kept per breadth-first level of the derivation's sample. */
const SAMPLE_WIDTH = 40;

/**
 * The derived symmetry of a composed model, or undefined when the workload says it has none.
 * The groups are computed when first read (a check without symmetry never pays for them).
 *
 * @example
 * const sym = composedSymmetry(parts);
 * sym?.groups; // [[0, 1, 2, 3]]: four interchangeable clients
 */
export function composedSymmetry(parts: ComposedSymmetryParts): Symmetry<ComposedState> | undefined {
  if (parts.override === false) return undefined;
  const { names, spaceOf, pages: P } = parts;
  const T = names.length;
  const spaces = Math.max(0, ...spaceOf) + 1;
  // Compiled when first used: composing a model (every registry entry does) should not pay for them.
  let renameShape: ((s: ComposedState, perm: readonly number[]) => ComposedState) | undefined;
  let sign: ((s: ComposedState, out: Float64Array) => void) | undefined;
  const alone = spaceOf.map((c) => spaceOf.filter((d) => d === c).length === 1);

  /** The address-space permutation a thread permutation induces (private spaces move with their threads). */
  const sigma = new Int32Array(spaces);
  const spacePerm = (perm: readonly number[]): boolean => {
    let moved = false;
    for (let c = 0; c < spaces; c++) sigma[c] = c;
    for (let i = 0; i < perm.length; i++) {
      if (perm[i] !== i && alone[i]) {
        sigma[spaceOf[i]] = spaceOf[perm[i]];
        moved = true;
      }
    }
    return moved;
  };
  const frameOf = (f: number) => sigma[Math.floor(f / P)] * P + (f % P);
  const renameHw = (hw: Hw): Hw => {
    const tables = hw.tables.slice();
    for (let c = 0; c < hw.tables.length; c++) tables[sigma[c]] = hw.tables[c].map((pte) => (pte === null ? null : { frame: frameOf(pte.frame), write: pte.write }));
    return { mode: hw.mode, ptbr: sigma[hw.ptbr], tables, access: hw.access === null ? null : { component: sigma[hw.access.component], frame: frameOf(hw.access.frame) } };
  };
  const permute = (s: ComposedState, perm: readonly number[]): ComposedState => {
    renameShape ??= compileRenaming(parts.shape);
    const renamed = renameShape(s, perm);
    return spacePerm(perm) ? { ...renamed, hw: renameHw(s.hw) } : renamed;
  };

  // Signatures, computed once per state for all its threads (the canonicalizer asks thread by thread).
  const sigs = new Float64Array(T);
  let signed: ComposedState | undefined;
  /** Per address space: whether a renaming may move it (the private space of a thread in a group); set with the groups. */
  const movable = new Uint8Array(spaces);
  const signature = (s: ComposedState, thread: number): number => {
    if (s !== signed) {
      sign ??= compileSignatures(parts.shape);
      sign(s, sigs);
      for (let i = 0; i < T; i++) if (alone[i]) sigs[i] += hwSignature(s.hw, spaceOf[i], P, movable);
      signed = s;
    }
    return sigs[thread];
  };

  let groups: number[][] | undefined;
  let explain = '';
  const derive = () => {
    const given = parts.override;
    if (given !== undefined && given !== false) {
      groups = given.map((g) =>
        g.map((name) => {
          const i = names.indexOf(name);
          if (i < 0) throw new RangeError(`workload symmetry names thread '${name}', which the workload does not have; its threads: ${names.join(', ')}`);
          return i;
        }),
      );
      for (const g of groups) for (const i of g) if (alone[i]) movable[spaceOf[i]] = 1;
      explain = 'groups given by the workload';
      return;
    }
    const candidates = candidateGroups(parts.keys, spaceOf, alone);
    const sym: Symmetry<ComposedState> = { groups: [], permute };
    const kept: number[][] = [];
    const dropped: string[] = [];
    for (const g of candidates) {
      let why: string | undefined;
      try {
        why = nonCommuting(parts, sym, g);
      } catch (e) {
        why = `the model threw on the sample: ${e instanceof Error ? e.message : String(e)}`;
      }
      if (why === undefined) kept.push(g);
      else dropped.push(`{${g.map((i) => names[i]).join(', ')}} (${why})`);
    }
    groups = kept;
    for (const g of kept) for (const i of g) if (alone[i]) movable[spaceOf[i]] = 1;
    const shown = (gs: number[][]) => gs.map((g) => `{${g.map((i) => names[i]).join(', ')}}`).join(' ');
    explain =
      (kept.length > 0 ? `interchangeable: ${shown(kept)}` : 'no interchangeable threads') +
      (dropped.length > 0 ? `; dropped: ${dropped.join('; ')}` : '') +
      (candidates.length === 0 ? ' (no two threads run the same program with the same parameters in alike address spaces)' : '');
  };
  return {
    get groups() {
      if (groups === undefined) derive();
      return groups!;
    },
    get explain() {
      if (groups === undefined) derive();
      return explain;
    },
    permute,
    signature,
  };
}

/** What a state property says of `s` (undefined for properties over transitions or the whole graph, which the checker's own sample check covers). */
function stateVerdict(p: Property<ComposedState, ComposedAction>, s: ComposedState): unknown {
  switch (p.kind) {
    case 'always':
    case 'sometimes':
      return p.holds(s);
    case 'bounded':
      return p.measure(s);
    case 'deadlockFree':
      return p.validEnd(s);
    default:
      return undefined;
  }
}

/**
 * A private address space's share of its thread's signature: the page-table register, the last
 * access, its page table. A frame is named as no renaming changes it: by its offset in this space,
 * in some other movable space, or absolutely in a space that never moves.
 */
function hwSignature(hw: Hw, c: number, P: number, movable: Uint8Array): number {
  const frame = (f: number) => {
    const d = Math.floor(f / P);
    return d === c ? 1 + (f % P) : movable[d] === 1 ? 1 + P + (f % P) : 1 + 2 * P + f;
  };
  let sig = mixSite(11, hw.ptbr === c ? 1 : 0) + mixSite(12, hw.access !== null && hw.access.component === c ? frame(hw.access.frame) : 0);
  const table = hw.tables[c];
  for (let p = 0; p < table.length; p++) {
    const pte = table[p];
    sig += mixSite(13 + p, pte === null ? 0 : 2 * frame(pte.frame) + (pte.write ? 1 : 0));
  }
  return sig;
}

/** Threads with equal keys, split by address spaces: those alone in their space together, and those sharing one space together. */
function candidateGroups(keys: readonly string[], spaceOf: readonly number[], alone: readonly boolean[]): number[][] {
  const byKey = new Map<string, number[]>();
  keys.forEach((k, i) => {
    const where = alone[i] ? 'alone' : `space ${spaceOf[i]}`;
    const key = `${where}\u0000${k}`;
    const list = byKey.get(key);
    if (list) list.push(i);
    else byKey.set(key, [i]);
  });
  return [...byKey.values()].filter((g) => g.length > 1);
}

/**
 * Why renaming group `g` (its swap of the first two threads and its rotation) changes a state
 * property's verdict or does not commute with the model's steps on the sample
 * ({@link SYMMETRY_SAMPLE}), or undefined when it does neither there.
 */
function nonCommuting(parts: ComposedSymmetryParts, sym: Symmetry<ComposedState>, g: readonly number[]): string | undefined {
  const n = Math.max(...g) + 1;
  const identity = Array.from({ length: n }, (_, i) => i);
  const perms: number[][] = [];
  const swap = identity.slice();
  [swap[g[0]], swap[g[1]]] = [g[1], g[0]];
  perms.push(swap);
  if (g.length > 2) {
    const rotate = identity.slice();
    for (let k = 0; k < g.length; k++) rotate[g[k]] = g[(k + 1) % g.length];
    perms.push(rotate);
  }
  const codec = new StateCodec(parts.shape);
  const key = (s: ComposedState) => codec.encodeInto(s).join(',');
  const seen = new Set<string>([key(parts.init)]);
  const queue: ComposedState[] = [parts.init];
  // Level by level: the states of the level being checked are queue[levelStart…levelEnd).
  let levelEnd = 1;
  let nextLevel = 0;
  for (let i = 0; i < queue.length; i++) {
    if (i === levelEnd) (levelEnd = queue.length), (nextLevel = 0);
    const s = queue[i];
    const succ = parts.actions(s).map((a) => parts.next(s, a));
    for (const t of succ) {
      const k = key(t);
      if (!seen.has(k) && queue.length < SYMMETRY_SAMPLE && nextLevel < SAMPLE_WIDTH) (seen.add(k), queue.push(t), nextLevel++);
    }
    for (const perm of perms) {
      const u = sym.permute(s, perm);
      const asymmetric = parts.properties.find((p) => stateVerdict(p, s) !== stateVerdict(p, u));
      if (asymmetric !== undefined) return `property '${asymmetric.name}' tells them apart`;
      const theirs = new Set(parts.actions(u).map((a) => key(parts.next(u, a))));
      const ours = new Set(succ.map((t) => key(sym.permute(t, perm))));
      if (theirs.size !== ours.size || [...ours].some((k) => !theirs.has(k))) return `renaming them does not commute with the design's steps, found at sample state ${i}`;
    }
  }
  return undefined;
}
