/**
 * Where an infinite fair path can stay for ever inside a part of the state graph: the fair
 * strongly connected components.
 *
 * A path that stays in a region for ever ends up cycling through one strongly connected
 * component C of it, and the best such path for fairness passes every state and every transition
 * of C infinitely often. That path is fair when every weakly fair group enabled in all states of C
 * is taken by a transition inside C, and every strongly fair group enabled in some state of C is
 * taken inside C. When a weakly fair group is enabled everywhere in C and never taken in it, no
 * path confined to C is fair. When a strongly fair group is enabled in some states of C and never
 * taken in it, a fair path must avoid those states: they are removed and the rest is split into
 * components again (the classic decomposition for Streett conditions). Enabled means enabled in
 * the whole graph: a transition that leaves the region still counts.
 */
import type { Fairness, LabeledGraph } from './labeledGraph.js';
import { forEachComponent } from './scc.js';

/**
 * The fair components of a region, each a list of states on which a fair cycle can run for ever.
 *
 * @example
 * const f: FairComponents = { components: [[3, 4]], componentOf: Int32Array.of(-1, -1, -1, 0, 0) };
 */
export interface FairComponents {
  readonly components: readonly (readonly number[])[];
  /** Per state: the index of its fair component, or −1. */
  readonly componentOf: Int32Array;
}

/**
 * The groups enabled in state `s`, each once: those the graph declares, or else those of its
 * transitions.
 *
 * @example
 * enabledGroups(graphFromEdges(1, [[0, 0, 2], [0, 0, 2]]), 0); // [2]
 */
export function enabledGroups(g: LabeledGraph, s: number): number[] {
  const out: number[] = [];
  const rows = g.enabled ?? g;
  for (let i = rows.offsets[s]; i < rows.offsets[s + 1]; i++) {
    const group = rows.groups[i];
    if (group >= 0 && !out.includes(group)) out.push(group);
  }
  return out;
}

/** Whether state `s` has a transition to itself. */
function hasSelfLoop(g: LabeledGraph, s: number): boolean {
  for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) if (g.targets[e] === s) return true;
  return false;
}

/** Whether component `c` (its states marked in `member`) has a transition that stays inside it. */
function hasInnerTransition(g: LabeledGraph, c: ArrayLike<number> & Iterable<number>, member: Uint8Array): boolean {
  for (const s of c) for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) if (member[g.targets[e]]) return true;
  return false;
}

/**
 * The fair components of the region `inside` (a 0/1 mask over the states of `g`) under
 * `fairness`.
 *
 * @example
 * // Thread 0 loops in state 0 while thread 1 could leave to state 1: weakly fair only if thread 1 is disabled somewhere.
 * const g = graphFromEdges(2, [[0, 0, 0], [0, 1, 1]]);
 * fairComponents(g, Uint8Array.of(1, 0), { kinds: ['weak', 'weak'] }).components; // []
 * fairComponents(g, Uint8Array.of(1, 0), { kinds: ['weak', 'none'] }).components; // [[0]]
 */
export function fairComponents(g: LabeledGraph, inside: Uint8Array, fairness: Fairness): FairComponents {
  const groups = fairness.kinds.length;
  const componentOf = new Int32Array(g.count).fill(-1);
  const components: number[][] = [];
  const member = new Uint8Array(g.count);
  const enabledCount = new Int32Array(groups);
  const taken = new Uint8Array(groups);
  const countedAt = new Int32Array(groups);
  const region = inside.slice();
  // Each round splits what is left of the region into components; a component whose strongly fair
  // groups it never takes loses the states enabling them, and what remains of it goes round again.
  let regionSize = 0;
  for (let s = 0; s < g.count; s++) if (region[s]) regionSize++;
  let starts = new Int32Array(regionSize);
  for (let s = 0, k = 0; s < g.count; s++) if (region[s]) starts[k++] = s;
  while (starts.length > 0) {
    const again: number[] = [];
    forEachComponent(g, region, starts, (c) => {
      // A state alone without a transition to itself holds no cycle (most components of a large graph).
      if (c.length === 1 && !hasSelfLoop(g, c[0])) {
        region[c[0]] = 0;
        return;
      }
      for (const s of c) member[s] = 1;
      const keep = hasInnerTransition(g, c, member) ? fairPart(c) : [];
      for (const s of c) member[s] = 0;
      if (keep === 'fair') {
        for (const s of c) componentOf[s] = components.length;
        components.push(Array.from(c));
      }
      for (const s of c) region[s] = 0;
      if (keep !== 'fair') for (const s of keep) (region[s] = 1), again.push(s);
    });
    starts = Int32Array.from(again);
  }
  return { components, componentOf };

  /**
   * Whether component `c` is fair as a whole; if not, the states a fair path may still use (those
   * where no strongly fair group that `c` never takes is enabled), or an empty list.
   */
  function fairPart(c: Int32Array): 'fair' | number[] {
    enabledCount.fill(0);
    taken.fill(0);
    // Each state's enabled groups, each counted once (a group's last counting state in `countedAt`), without an array per state.
    countedAt.fill(-1);
    const rows = g.enabled ?? g;
    for (const s of c) {
      for (let i = rows.offsets[s]; i < rows.offsets[s + 1]; i++) {
        const group = rows.groups[i];
        if (group >= 0 && countedAt[group] !== s) (countedAt[group] = s), enabledCount[group]++;
      }
      for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) if (member[g.targets[e]] && g.groups[e] >= 0) taken[g.groups[e]] = 1;
    }
    const unfair: number[] = [];
    for (let group = 0; group < groups; group++) {
      if (taken[group] || enabledCount[group] === 0) continue;
      const kind = fairness.kinds[group];
      if (kind === 'weak' && enabledCount[group] === c.length) return [];
      if (kind === 'strong') unfair.push(group);
    }
    if (unfair.length === 0) return 'fair';
    return Array.from(c).filter((s) => !enabledGroups(g, s).some((group) => unfair.includes(group)));
  }
}
