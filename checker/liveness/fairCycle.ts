/**
 * A short fair cycle through a fair component, for the loop of a lasso counterexample.
 *
 * A cycle is fair when every weakly fair group enabled in every state of the cycle is taken by a
 * transition of the cycle, and every strongly fair group enabled in some state of the cycle is
 * taken on it. The shortest fair cycle is NP-hard to find in general: give each state a weakly
 * fair group of its own, enabled everywhere and taken only by that state's transitions, and a fair
 * cycle must visit every state, so one of n steps exists exactly when the graph has a Hamiltonian
 * cycle. The construction here is deterministic and polynomial, and keeps the cycle short in
 * three passes:
 *
 * 1. Greedy, nearest first: from the entry state, while some requirement is still open (a weakly
 *    fair group enabled in every state passed so far and not yet taken; a strongly fair group
 *    enabled in a state passed so far and not yet taken), walk the shortest path inside the
 *    component to the nearest state that meets one (it disables that weak group, or has a
 *    transition of an open group, which is then taken), then close with a shortest path back to
 *    the entry. Requirements met along the way are dropped; if the closing path passes a state
 *    that enables a strongly fair group not yet taken, the closing path is dropped, the group is
 *    added to the requirements and the walk goes on.
 * 2. One waypoint: every cycle "shortest path from the entry to a transition, the transition,
 *    shortest path back" (one breadth-first tree each way) that is shorter than the greedy cycle is
 *    a candidate, tried in order of length (at most {@link CANDIDATE_LIMIT} of them); the first
 *    fair one replaces the greedy cycle. This finds the simple cycles through all requirements that
 *    the greedy order misses.
 * 3. Cutting: while some stretch of the cycle returns to a state it left and the cycle without
 *    that stretch is still fair, the stretch is cut out (the longest first; at most
 *    {@link CUT_LIMIT} fairness checks).
 *
 * What it guarantees: the cycle starts and ends at the entry, stays inside the component, is
 * closed and non-empty, and is fair; it is no longer than the greedy cycle (in which every
 * requirement is met and no state repeats between two waypoints) nor than any fair one-waypoint
 * candidate it tried; no returning stretch can be cut out of it leaving a fair cycle (within the
 * check limit). It is exactly the shortest fair cycle through the entry when no group is strongly
 * fair and at most one is weakly fair: the shortest cycle through any one state or transition is
 * a one-waypoint candidate. Otherwise it is not necessarily the shortest.
 */
import { enabledGroups } from './fairComponents.js';
import { reverseWithin, type Fairness, type LabeledGraph } from './labeledGraph.js';
import { sourceOf } from './paths.js';

/**
 * How many one-waypoint candidates, shortest first, are checked for fairness at most.
 *
 * @example
 * CANDIDATE_LIMIT; // 4096
 */
export const CANDIDATE_LIMIT = 4096;

/**
 * How many fairness checks cutting returning stretches out of the cycle may make at most.
 *
 * @example
 * CUT_LIMIT; // 4096
 */
export const CUT_LIMIT = 4096;

/**
 * A fair cycle inside `component` (a fair component of {@link fairComponents}: strongly
 * connected, every requirement it raises met by some transition or state of it) from `entry`
 * back to `entry`, as transition indices; see the module comment for what it guarantees.
 *
 * @example
 * // 0 ⇄ 1 by thread 0, and a self-loop of thread 1 on state 1: weakly fair thread 1 is enabled only in state 1.
 * const g = graphFromEdges(2, [[0, 1, 0], [1, 0, 0], [1, 1, 1]]);
 * fairCycle(g, [0, 1], 0, { kinds: ['weak', 'weak'] }); // [0, 1]: state 0 disables thread 1
 * fairCycle(g, [0, 1], 0, { kinds: ['weak', 'strong'] }); // [0, 2, 1]: strong thread 1 must be taken
 */
export function fairCycle(g: LabeledGraph, component: readonly number[], entry: number, fairness: Fairness): number[] {
  const kinds = fairness.kinds;
  const groupCount = kinds.length;
  const within = new Uint8Array(g.count);
  for (const s of component) within[s] = 1;
  const enabledCache = new Map<number, readonly number[]>();
  const enabledIn = (s: number): readonly number[] => {
    let out = enabledCache.get(s);
    if (!out) enabledCache.set(s, (out = enabledGroups(g, s)));
    return out;
  };
  // Breadth-first buffers, reused: a state is seen in the current search when its stamp is the search's.
  const stamp = new Int32Array(g.count);
  const via = new Int32Array(g.count);
  let searches = 0;

  const greedy = greedyCycle();
  const shorter = oneWaypointCycle(greedy.length);
  return cut(shorter ?? greedy);

  /**
   * The shortest path inside the component from `from` to a state where `goal` holds (`from`
   * itself counts unless `nonEmpty`), as transitions; the goal is always reachable here.
   */
  function pathTo(from: number, goal: (s: number) => boolean, nonEmpty: boolean): number[] {
    const mark = ++searches;
    const queue: number[] = [];
    const reach = (e: number) => {
      const t = g.targets[e];
      if (!within[t] || stamp[t] === mark) return;
      stamp[t] = mark;
      via[t] = e;
      queue.push(t);
    };
    if (nonEmpty) for (let e = g.offsets[from]; e < g.offsets[from + 1]; e++) reach(e);
    else (stamp[from] = mark), (via[from] = -1), queue.push(from);
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head];
      if (goal(s)) {
        const edges: number[] = [];
        for (let x = s, e = via[x]; e >= 0; e = via[x]) {
          edges.push(e);
          x = sourceOf(g, e);
          if (x === from) break;
        }
        return edges.reverse();
      }
      for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) reach(e);
    }
    throw new Error(`fairCycle: no path inside the component from state ${from}; the component is not strongly connected`);
  }

  /** Pass 1: nearest requirement first, then back to the entry. */
  function greedyCycle(): number[] {
    const taken = new Uint8Array(groupCount);
    const everywhere = new Uint8Array(groupCount);
    const somewhere = new Uint8Array(groupCount);
    const forced = new Uint8Array(groupCount);
    const here = new Uint8Array(groupCount);
    for (let k = 0; k < groupCount; k++) everywhere[k] = kinds[k] === 'weak' ? 1 : 0;
    const visit = (s: number) => {
      const list = enabledIn(s);
      for (const k of list) here[k] = 1;
      for (let k = 0; k < groupCount; k++) if (!here[k]) everywhere[k] = 0;
      for (const k of list) (somewhere[k] = 1), (here[k] = 0);
    };
    const open = (k: number) => !taken[k] && (kinds[k] === 'weak' ? everywhere[k] === 1 : kinds[k] === 'strong' && (somewhere[k] === 1 || forced[k] === 1));
    const path: number[] = [];
    let at = entry;
    const step = (e: number) => {
      path.push(e);
      if (g.groups[e] >= 0) taken[g.groups[e]] = 1;
      at = g.targets[e];
      visit(at);
    };
    const openEdge = (s: number) => {
      for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) if (within[g.targets[e]] && g.groups[e] >= 0 && open(g.groups[e])) return e;
      return -1;
    };
    visit(entry);
    for (;;) {
      for (;;) {
        const weakOpen: number[] = [];
        let any = false;
        for (let k = 0; k < groupCount; k++) {
          if (!open(k)) continue;
          any = true;
          if (kinds[k] === 'weak') weakOpen.push(k);
        }
        if (!any) break;
        const meets = (s: number) => openEdge(s) >= 0 || weakOpen.some((k) => !enabledIn(s).includes(k));
        for (const e of pathTo(at, meets, false)) step(e);
        const e = openEdge(at);
        if (e >= 0) step(e);
      }
      const close = pathTo(at, (s) => s === entry, at === entry && path.length === 0);
      // The closing path may pass a state that enables a strongly fair group not taken yet.
      const closeTakes = new Set<number>();
      for (const e of close) closeTakes.add(g.groups[e]);
      let reopened = false;
      for (const e of close) {
        for (const k of enabledIn(g.targets[e])) {
          if (kinds[k] === 'strong' && !taken[k] && !closeTakes.has(k) && !forced[k]) (forced[k] = 1), (reopened = true);
        }
      }
      if (!reopened) return [...path, ...close];
    }
  }

  /** Pass 2: the shortest fair cycle through one transition along breadth-first trees, if shorter than `bound`. */
  function oneWaypointCycle(bound: number): number[] | undefined {
    const forward = new Int32Array(g.count).fill(-1);
    const into = new Int32Array(g.count).fill(-1);
    const order = [entry];
    forward[entry] = 0;
    for (let head = 0; head < order.length; head++) {
      const s = order[head];
      for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) {
        const t = g.targets[e];
        if (within[t] && forward[t] < 0) (forward[t] = forward[s] + 1), (into[t] = e), order.push(t);
      }
    }
    const back = reverseWithin(g, within);
    const backward = new Int32Array(g.count).fill(-1);
    const onward = new Int32Array(g.count).fill(-1);
    const toEntry = [entry];
    backward[entry] = 0;
    for (let head = 0; head < toEntry.length; head++) {
      const t = toEntry[head];
      for (let i = back.offsets[t]; i < back.offsets[t + 1]; i++) {
        const s = back.sources[i];
        if (backward[s] < 0) (backward[s] = backward[t] + 1), (onward[s] = back.edges[i]), toEntry.push(s);
      }
    }
    const candidates: number[] = [];
    const lengthOf = (e: number) => forward[sourceOf(g, e)] + 1 + backward[g.targets[e]];
    for (const s of component) {
      for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) if (within[g.targets[e]] && forward[s] + 1 + backward[g.targets[e]] < bound) candidates.push(e);
    }
    candidates.sort((a, b) => lengthOf(a) - lengthOf(b) || a - b);
    for (let i = 0; i < candidates.length && i < CANDIDATE_LIMIT; i++) {
      const e = candidates[i];
      const cycle: number[] = [];
      for (let s = sourceOf(g, e); s !== entry; s = sourceOf(g, into[s])) cycle.push(into[s]);
      cycle.reverse();
      cycle.push(e);
      for (let s = g.targets[e]; s !== entry; s = g.targets[onward[s]]) cycle.push(onward[s]);
      if (isFair(cycle)) return cycle;
    }
    return undefined;
  }

  /** Pass 3: cut out returning stretches, the longest first, while the cycle stays fair. */
  function cut(cycle: number[]): number[] {
    let checks = 0;
    for (let shortened = true; shortened && checks < CUT_LIMIT; ) {
      shortened = false;
      const states = [entry, ...cycle.map((e) => g.targets[e])];
      const length = cycle.length;
      // Stretches i … j (states[i] === states[j]) other than the whole cycle, longest first.
      for (let span = length - 1; span >= 1 && !shortened && checks < CUT_LIMIT; span--) {
        for (let i = 0; i + span <= length && checks < CUT_LIMIT; i++) {
          if (states[i] !== states[i + span]) continue;
          const rest = [...cycle.slice(0, i), ...cycle.slice(i + span)];
          checks++;
          if (isFair(rest)) {
            cycle = rest;
            shortened = true;
            break;
          }
        }
      }
    }
    return cycle;
  }

  /** Whether the closed walk `cycle` (from the entry back to it) is fair. */
  function isFair(cycle: readonly number[]): boolean {
    const taken = new Uint8Array(groupCount);
    const count = new Int32Array(groupCount);
    for (const e of cycle) {
      if (g.groups[e] >= 0) taken[g.groups[e]] = 1;
      for (const k of enabledIn(g.targets[e])) count[k]++;
    }
    for (let k = 0; k < groupCount; k++) {
      if (taken[k] || count[k] === 0) continue;
      if (kinds[k] === 'strong' || (kinds[k] === 'weak' && count[k] === cycle.length)) return false;
    }
    return true;
  }
}
