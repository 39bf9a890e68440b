/**
 * The reference for symmetry reduction, written without any of the checker's code: the reachable
 * states of the unreduced model by a plain breadth-first search keyed by canonical JSON, every
 * renaming of threads within the model's groups enumerated here, and the orbits counted by
 * marking, for each reachable state not yet marked, the keys of all its renamings.
 */
import type { Action, Model } from '../../../model/core/model.js';
import { canonicalJson } from '../../helpers/canonicalJson.js';

/**
 * Every permutation within `groups` (thread `i` becomes `perm[i]`), by recursion over the
 * groups and over the places of each group's members.
 *
 * @example
 * allRenamings([[0, 1]]).length; // 2
 */
export function allRenamings(groups: readonly (readonly number[])[]): number[][] {
  const n = Math.max(0, ...groups.flat().map((t) => t + 1));
  const out: number[][] = [];
  const perm = Array.from({ length: n }, (_, i) => i);
  const place = (g: number, k: number, free: number[]): void => {
    if (g === groups.length) return void out.push(perm.slice());
    const group = groups[g];
    if (k === group.length) return place(g + 1, 0, groups[g + 1]?.slice() ?? []);
    for (let j = 0; j < free.length; j++) {
      perm[group[k]] = free[j];
      place(g, k + 1, free.filter((_, x) => x !== j));
    }
  };
  place(0, 0, groups[0]?.slice() ?? []);
  return out;
}

/**
 * The reachable states of `model` (unreduced), the distance of each from the initial states, and
 * the number of orbits among them under the model's symmetry.
 *
 * @example
 * const { states, orbits } = bruteForceOrbits(l4Ipc());
 */
export function bruteForceOrbits<S, A extends Action>(model: Model<S, A>): { states: number; orbits: number; distance: Map<string, number>; byKey: Map<string, S> } {
  const byKey = new Map<string, S>();
  const distance = new Map<string, number>();
  let level: S[] = [];
  for (const s of model.init()) {
    const k = canonicalJson(s);
    if (!byKey.has(k)) (byKey.set(k, s), distance.set(k, 0), level.push(s));
  }
  for (let d = 1; level.length > 0; d++) {
    const next: S[] = [];
    for (const s of level) {
      for (const a of model.actions(s)) {
        const t = model.next(s, a);
        if (model.withinBounds && !model.withinBounds(t)) continue;
        const k = canonicalJson(t);
        if (!byKey.has(k)) (byKey.set(k, t), distance.set(k, d), next.push(t));
      }
    }
    level = next;
  }
  const renamings = allRenamings(model.symmetry!.groups);
  const marked = new Set<string>();
  let orbits = 0;
  for (const [k, s] of byKey) {
    if (marked.has(k)) continue;
    orbits++;
    for (const perm of renamings) marked.add(canonicalJson(model.symmetry!.permute(s, perm)));
  }
  return { states: byKey.size, orbits, distance, byKey };
}
