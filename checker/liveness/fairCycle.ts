/**
 * A short fair cycle through a fair component, for the loop of a lasso counterexample.
 *
 * A cycle is fair when every weakly fair group enabled in every state of the cycle is taken by a
 * transition of the cycle, and every strongly fair group enabled in some state of the cycle is
 * taken on it. The shortest fair cycle is NP-hard to find in general: give each state a weakly
 * fair group of its own, enabled everywhere and taken only by that state's transitions, and a fair
 * cycle must visit every state, so one of n steps exists exactly when the graph has a Hamiltonian
 * cycle. So the cycle is found exactly when that is cheap: when the component's size times 4^k
 * (k the fair groups it enables) is at most {@link EXACT_SEARCH_LIMIT}, a breadth-first search over
 * the fairness bookkeeping gives the shortest fair cycle through the entry
 * ({@link shortestFairCycle}). Above that a deterministic polynomial construction keeps it short in
 * five passes:
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
 *    shortest path back" (one breadth-first tree each way) that is shorter than the best so far is
 *    a candidate, tried in order of length (at most {@link CANDIDATE_LIMIT} of them); the first
 *    fair one is taken. This finds the short simple cycles through all requirements that the
 *    greedy order misses.
 * 3. First waypoint: the greedy walk again, starting along the forward tree through each of the
 *    transitions with the shortest cycles through them, as long as those are shorter than the best
 *    so far (at most {@link FIRST_WAYPOINT_LIMIT} tries); the shortest result is kept. This
 *    repairs the greedy walk's worst mistake, a wrong first step.
 * 4. Cutting: while some stretch of the cycle returns to a state it left and the cycle without
 *    that stretch is still fair, the stretch is cut out (the longest first; at most
 *    {@link CUT_LIMIT} fairness checks).
 * 5. Shortcuts: while some stretch of the cycle is longer than the shortest path between its ends
 *    and the cycle with that path instead is still fair, it is replaced (one breadth-first search
 *    per state of the cycle, so only on components small enough: {@link SHORTCUT_STATES}). A
 *    returning stretch is one whose ends are zero steps apart, so at its end no stretch can be cut
 *    either.
 *
 * What the heuristic guarantees: the cycle starts and ends at the entry, stays inside the
 * component, is closed and non-empty, and is fair; it is no longer than the greedy cycle (in which
 * every requirement is met and no state repeats between two waypoints) nor than any fair
 * one-waypoint candidate it tried; no returning stretch can be cut out of it leaving a fair cycle
 * (within the check limit), and on components within the shortcut budget no stretch can be
 * replaced by the shorter path the breadth-first search finds between its ends leaving a fair
 * cycle. It is exactly the shortest fair cycle through the entry when no group is strongly fair
 * and at most one is weakly fair (and the candidate limit is not reached): the shortest cycle
 * through any one state or transition is a one-waypoint candidate. Otherwise it is not necessarily
 * the shortest. Measured
 * against the exact search on fixed random samples (test/checker/liveness/fairCycle.property.test.ts):
 * on graphs of up to 10 states and 5 groups it was the shortest on all but 3 of 1,469 cycles (one
 * or two steps longer); on the Hamiltonian-like graphs above (every state must be visited, 4 to 8
 * states) on 241 of 328 (73 %), at most 3 steps longer.
 */
import { enabledGroups } from './fairComponents.js';
import { reverseWithin, type Fairness, type LabeledGraph } from './labeledGraph.js';
import { sourceOf } from './paths.js';
import { EXACT_SEARCH_LIMIT, shortestFairCycle } from './shortestFairCycle.js';

/**
 * How many one-waypoint candidates, shortest first, are checked for fairness at most.
 *
 * @example
 * CANDIDATE_LIMIT; // 4096
 */
export const CANDIDATE_LIMIT = 4096;

/**
 * How many first waypoints the greedy walk is retried with at most, on components of up to
 * {@link FIRST_WAYPOINT_STATES} / 32 states (proportionally fewer on larger ones, at least one).
 *
 * @example
 * FIRST_WAYPOINT_LIMIT; // 32
 */
export const FIRST_WAYPOINT_LIMIT = 32;

/**
 * The component size times retries of the greedy walk that pass 3 allows itself.
 *
 * @example
 * FIRST_WAYPOINT_STATES; // 1000000
 */
export const FIRST_WAYPOINT_STATES = 1_000_000;

/**
 * The largest cycle length times component size for which the shortcut pass runs (one
 * breadth-first search over the component per state of the cycle).
 *
 * @example
 * SHORTCUT_STATES; // 1000000
 */
export const SHORTCUT_STATES = 1_000_000;

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
 * back to `entry`, as transition indices: the shortest when the exact search fits `exactLimit`,
 * else the heuristic's; see the module comment for what each guarantees.
 *
 * @example
 * // 0 ⇄ 1 by thread 0, and a self-loop of thread 1 on state 1: weakly fair thread 1 is enabled only in state 1.
 * const g = graphFromEdges(2, [[0, 1, 0], [1, 0, 0], [1, 1, 1]]);
 * fairCycle(g, [0, 1], 0, { kinds: ['weak', 'weak'] }); // [0, 1]: state 0 disables thread 1
 * fairCycle(g, [0, 1], 0, { kinds: ['weak', 'strong'] }); // [0, 2, 1]: strong thread 1 must be taken
 */
export function fairCycle(g: LabeledGraph, component: readonly number[], entry: number, fairness: Fairness, exactLimit: number = EXACT_SEARCH_LIMIT): number[] {
  const exact = shortestFairCycle(g, component, entry, fairness, exactLimit);
  if (exact) return exact;
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

  let best = greedyCycle([]);
  const trees = breadthFirstTrees(best.length);
  best = oneWaypointCycle(best.length) ?? best;
  best = firstWaypointCycle(best);
  return shortcut(cut(best));

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

  /** Pass 1: `start` (a path from the entry), then the nearest open requirement first, then back to the entry. */
  function greedyCycle(start: readonly number[]): number[] {
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
    for (const e of start) step(e);
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

  /**
   * Breadth-first trees inside the component: from the entry (`forward` distance, `into` the
   * transition that reaches each state) and to the entry (`backward` distance, `onward` the
   * transition that leaves each state towards it); and the component's inner transitions through
   * which the shortest cycle through the entry is shorter than `bound`, by that length, shortest
   * first.
   */
  function breadthFirstTrees(bound: number) {
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
    // Only the first CANDIDATE_LIMIT transitions by (cycle length, index) with a cycle shorter than
    // `bound` matter: count them by length, then collect in index order up to the length that
    // reaches the limit (no sort over the whole component).
    const lengthOf = (s: number, e: number) => (within[g.targets[e]] ? forward[s] + 1 + backward[g.targets[e]] : bound);
    const perLength = new Int32Array(Math.max(bound, 1));
    for (const s of component) {
      for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) {
        const length = lengthOf(s, e);
        if (length < bound) perLength[length]++;
      }
    }
    let last = 0;
    let room = CANDIDATE_LIMIT;
    for (; last < bound - 1 && room > perLength[last]; last++) room -= perLength[last];
    // Lengths below `last` are taken whole; of length `last`, the `room` lowest indices.
    const ascending = Int32Array.from(component).sort();
    const byLength: number[][] = Array.from({ length: last + 1 }, () => []);
    for (const s of ascending) {
      for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) {
        const length = lengthOf(s, e);
        if (length < last || (length === last && byLength[last].length < room)) byLength[length].push(e);
      }
    }
    const inner = byLength.flat();
    const through = (e: number) => lengthOf(sourceOf(g, e), e);
    /** The path from the entry along the forward tree to transition `e`, and `e`. */
    const reaching = (e: number) => {
      const path: number[] = [];
      for (let s = sourceOf(g, e); s !== entry; s = sourceOf(g, into[s])) path.push(into[s]);
      return [...path.reverse(), e];
    };
    /** The path from state `s` along the backward tree to the entry. */
    const returning = (s: number) => {
      const path: number[] = [];
      for (; s !== entry; s = g.targets[onward[s]]) path.push(onward[s]);
      return path;
    };
    return { inner, through, reaching, returning };
  }

  /** Pass 2: the shortest fair cycle through one transition along the breadth-first trees, if shorter than `bound`. */
  function oneWaypointCycle(bound: number): number[] | undefined {
    for (let i = 0; i < trees.inner.length && i < CANDIDATE_LIMIT && trees.through(trees.inner[i]) < bound; i++) {
      const e = trees.inner[i];
      const cycle = [...trees.reaching(e), ...trees.returning(g.targets[e])];
      if (isFair(cycle)) return cycle;
    }
    return undefined;
  }

  /**
   * Pass 3: the greedy walk again, each time taking first one of the transitions through which
   * the shortest cycle is shorter than the best so far (shortest first, at most
   * {@link FIRST_WAYPOINT_LIMIT} tries, fewer on large components); the shortest result.
   */
  function firstWaypointCycle(best: number[]): number[] {
    const tries = Math.max(1, Math.min(FIRST_WAYPOINT_LIMIT, Math.floor(FIRST_WAYPOINT_STATES / component.length)));
    for (let i = 0; i < trees.inner.length && i < tries && trees.through(trees.inner[i]) < best.length; i++) {
      const cycle = greedyCycle(trees.reaching(trees.inner[i]));
      if (cycle.length < best.length) best = cycle;
    }
    return best;
  }

  /** Pass 4: cut out returning stretches, the longest first, while the cycle stays fair. */
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

  /**
   * Pass 5: shortcuts. While some stretch i … j of the cycle is longer than the shortest path
   * between its ends inside the component and the cycle with that path instead is still fair, it is
   * replaced (the earliest start first, the farthest end first). One breadth-first search per start,
   * so only while the cycle's length times the component's size stays within
   * {@link SHORTCUT_STATES}, and at most {@link CUT_LIMIT} fairness checks.
   */
  function shortcut(cycle: number[]): number[] {
    const distance = new Int32Array(g.count);
    let checks = 0;
    for (let shortened = true; shortened && checks < CUT_LIMIT && cycle.length * component.length <= SHORTCUT_STATES; ) {
      shortened = false;
      const states = [entry, ...cycle.map((e) => g.targets[e])];
      for (let i = 0; i < cycle.length && !shortened && checks < CUT_LIMIT; i++) {
        // Distances from states[i] inside the component (stamped: unreached states are not this search's).
        const mark = ++searches;
        const queue = [states[i]];
        stamp[states[i]] = mark;
        distance[states[i]] = 0;
        via[states[i]] = -1;
        for (let head = 0; head < queue.length; head++) {
          const s = queue[head];
          for (let e = g.offsets[s]; e < g.offsets[s + 1]; e++) {
            const t = g.targets[e];
            if (!within[t] || stamp[t] === mark) continue;
            stamp[t] = mark;
            distance[t] = distance[s] + 1;
            via[t] = e;
            queue.push(t);
          }
        }
        for (let j = cycle.length; j > i && checks < CUT_LIMIT; j--) {
          if (i === 0 && j === cycle.length) continue;
          if (distance[states[j]] >= j - i) continue;
          const path: number[] = [];
          for (let x = states[j]; x !== states[i]; x = sourceOf(g, via[x])) path.push(via[x]);
          const rest = [...cycle.slice(0, i), ...path.reverse(), ...cycle.slice(j)];
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
