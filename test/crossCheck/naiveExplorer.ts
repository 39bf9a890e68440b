/**
 * A naive explicit-state explorer, written to be obviously right rather than fast, as the
 * independent half of the cross-check of the protocol models (issue 17, point 6). It imports
 * nothing from `checker/`: states are keyed by their canonical JSON text (sorted keys, see
 * {@link canonicalJson}) in a plain `Map`, the search is a level-by-level breadth-first search over
 * `model.init`, `model.actions` and `model.next`, and every property is decided from its own
 * predicates (for `neverStuck`, by a backward walk over the transitions it recorded; for
 * `leadsTo`, from the strongly connected parts of the ¬q states, see {@link leadsToFails}; for
 * `responseBound`, see {@link worstResponse}). Only types come from the model layer.
 *
 * It counts with the checker's conventions (`checker/result.ts`, `CheckStats`), which are TLC's:
 * - `generated`: one per entry of `init()` (duplicates and states outside `withinBounds`
 *   included) plus, for every reachable state, one per enabled action: every transition,
 *   self-loops, duplicates and successors outside `withinBounds` included;
 * - `distinct`: reachable states inside `withinBounds`;
 * - `depth`: breadth-first levels holding a state, the initial states being level 1 (the states on
 *   the longest shortest path).
 */
import type { Action, FairnessGroup, Model } from '../../model/core/model.js';
import type { Property } from '../../properties/property.js';
import { canonicalJson } from '../helpers/canonicalJson.js';

/**
 * A verdict as the naive explorer decides it: an invariant, a transition invariant, a bound, deadlock
 * freedom, `neverStuck`, `leadsTo` (every instance of it) and `responseBound` (a finite worst case)
 * hold or are violated; a `sometimes` is witnessed or not.
 *
 * @example
 * const v: NaiveVerdict = 'violated';
 */
export type NaiveVerdict = 'holds' | 'violated' | 'witnessed' | 'unwitnessed';

/**
 * What {@link exploreNaively} finds.
 *
 * @example
 * const e: NaiveExploration = exploreNaively(model);
 * `${e.distinct} distinct, ${e.generated} generated, depth ${e.depth}`;
 */
export interface NaiveExploration {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  /** Distinct initial states (inside `withinBounds`). */
  readonly initial: number;
  /** Reachable states with no enabled action (valid ends included). */
  readonly deadlocks: number;
  /** Distinct states per breadth-first level, level 1 first. */
  readonly levels: readonly number[];
  /** Per property name. */
  readonly verdicts: Readonly<Record<string, NaiveVerdict>>;
  /** Per `bounded` property name: the largest measure of any reachable state. */
  readonly maxReached: Readonly<Record<string, number>>;
  /** Per `responseBound` property name that holds: its worst case, in counted steps. */
  readonly bounds: Readonly<Record<string, number>>;
}

/**
 * Explores every state reachable in `model` and decides its properties. Throws when more than
 * `maxStates` states are reachable (so that a configuration too large for a test fails loudly
 * rather than running for ever), when a state is not plain JSON data, for a property kind it does
 * not know, and for two properties with one name.
 *
 * @example
 * const e = exploreNaively(dieHard());
 * e.distinct;                          // 16
 * e.verdicts['big jug never holds 4']; // 'violated'
 */
export function exploreNaively<S, A extends Action>(model: Model<S, A>, maxStates = 1_000_000): NaiveExploration {
  const properties = model.properties as readonly Property<S, A>[];
  const names = new Set<string>();
  for (const p of properties) {
    if (names.has(p.name)) throw new Error(`two properties are named '${p.name}'`);
    names.add(p.name);
    if (!['always', 'sometimes', 'step', 'bounded', 'deadlockFree', 'neverStuck', 'leadsTo', 'responseBound'].includes(p.kind)) {
      throw new Error(`property '${p.name}' is of a kind the naive explorer does not know: ${p.kind}`);
    }
  }
  const failed = new Set<string>();
  const witnessed = new Set<string>();
  const maxReached: Record<string, number> = {};
  for (const p of properties) if (p.kind === 'bounded') maxReached[p.name] = -Infinity;
  const stuckProps = properties.filter((p) => p.kind === 'neverStuck');
  const liveProps = properties.filter((p) => p.kind === 'leadsTo');
  /** Every instance of every `leadsTo` (one for a plain one), in order: its property and instance number. */
  const liveInstances = liveProps.flatMap((p) => (p.kind === 'leadsTo' ? Array.from({ length: p.instances?.length ?? 1 }, (_, k) => ({ p, k })) : []));
  const responseProps = properties.filter((p) => p.kind === 'responseBound');
  const fairnessNeeded = liveProps.length > 0 || responseProps.length > 0;
  const recordEdges = stuckProps.length > 0 || fairnessNeeded;
  const fairness = model.fairness;

  /** State key → state number (its place in breadth-first order). */
  const index = new Map<string, number>();
  /** State number → key: the key is the state, parsed again to be expanded. */
  const keys: string[] = [];
  const levels: number[] = [];
  /** Transitions between stored states, for `neverStuck` and `leadsTo`: sources, targets by state number, and the fairness group of the action (−1 for none). */
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
  const edgeGroup: number[] = [];
  /** Per state number: the fairness groups enabled in it. */
  const enabledIn: number[][] = [];
  /** Per `leadsTo` instance, in order: per state number, whether its premise holds, and whether its goal does. */
  const premise: boolean[][] = liveInstances.map(() => []);
  const goal: boolean[][] = liveInstances.map(() => []);
  /** Per `responseBound`, in order: per state number, whether a request is outstanding, whether it is answered; per recorded transition, whether it counts. */
  const requested: boolean[][] = responseProps.map(() => []);
  const answered: boolean[][] = responseProps.map(() => []);
  const counts: boolean[][] = responseProps.map(() => []);
  /** Per thread of every `neverStuck` property, in order: per state number, whether it is blocked. */
  const blocked: boolean[][] = stuckProps.flatMap((p) => (p.kind === 'neverStuck' ? p.threads.map(() => []) : []));

  const inside = (s: S): boolean => (model.withinBounds === undefined ? true : model.withinBounds(s));
  /** Stores `s` if it is new and inside the bounds, checking its state properties; its number, or -1 outside the bounds. */
  const visit = (s: S): number => {
    if (!inside(s)) return -1;
    const key = canonicalJson(s);
    const known = index.get(key);
    if (known !== undefined) return known;
    const n = keys.length;
    if (n >= maxStates) throw new Error(`${model.name}: more than ${maxStates} reachable states`);
    index.set(key, n);
    keys.push(key);
    for (const p of properties) {
      if (p.kind === 'always' && !p.holds(s)) failed.add(p.name);
      else if (p.kind === 'sometimes' && p.holds(s)) witnessed.add(p.name);
      else if (p.kind === 'bounded') {
        const m = p.measure(s);
        if (m > maxReached[p.name]) maxReached[p.name] = m;
        if (m > p.max) failed.add(p.name);
      }
    }
    return n;
  };

  let generated = 0;
  let deadlocks = 0;
  const inits = model.init();
  for (const s of inits) {
    generated++;
    visit(s);
  }
  const initial = keys.length;
  let levelStart = 0;
  while (levelStart < keys.length) {
    const levelEnd = keys.length;
    levels.push(levelEnd - levelStart);
    for (let n = levelStart; n < levelEnd; n++) {
      const s = JSON.parse(keys[n]) as S;
      let t = 0;
      for (const p of stuckProps) {
        if (p.kind !== 'neverStuck') continue;
        for (let thread = 0; thread < p.threads.length; thread++) blocked[t++][n] = p.blocked(s, thread);
      }
      const acts = model.actions(s);
      generated += acts.length;
      liveInstances.forEach(({ p, k }, i) => {
        if (p.kind !== 'leadsTo') return;
        // Step predicates (afterStep) are checked by test/checker/liveness/stepPredicates.test.ts, against the same property over states.
        if (typeof p.p === 'object' || typeof p.q === 'object') throw new Error(`property '${p.name}': the naive explorer decides leads-to over states only`);
        premise[i][n] = p.p === 'initial' ? n < initial : p.p(s, k);
        goal[i][n] = p.q(s, k);
      });
      responseProps.forEach((p, i) => {
        if (p.kind !== 'responseBound') return;
        requested[i][n] = p.request(s);
        answered[i][n] = p.response(s);
      });
      if (fairnessNeeded && fairness !== undefined) {
        enabledIn[n] = fairness.enabled !== undefined ? [...fairness.enabled(s)] : [...new Set(acts.map((a) => fairness.groupOf(s, a)).filter((g) => g >= 0))];
      }
      if (acts.length === 0) {
        deadlocks++;
        for (const p of properties) if (p.kind === 'deadlockFree' && !p.validEnd(s)) failed.add(p.name);
      }
      for (const a of acts) {
        const succ = model.next(s, a);
        for (const p of properties) if (p.kind === 'step' && !p.holds(s, a, succ)) failed.add(p.name);
        const m = visit(succ);
        if (m >= 0 && recordEdges) {
          edgeFrom.push(n);
          edgeTo.push(m);
          edgeGroup.push(fairness === undefined ? -1 : fairness.groupOf(s, a));
          responseProps.forEach((p, i) => p.kind === 'responseBound' && counts[i].push(p.unit === undefined || p.unit(s, a, succ)));
        }
      }
      // The checker refuses a `next` that writes into the state it was given; so does this explorer.
      if (acts.length > 0 && canonicalJson(s) !== keys[n]) throw new Error(`${model.name}: next() changed the state it was given`);
    }
    levelStart = levelEnd;
  }

  const distinct = keys.length;
  if (stuckProps.length > 0) {
    // Predecessor lists, then per thread a backward walk from every state where it is not blocked:
    // a blocked state the walk never reaches can never unblock the thread.
    const predecessors: number[][] = Array.from({ length: distinct }, () => []);
    for (let e = 0; e < edgeFrom.length; e++) predecessors[edgeTo[e]].push(edgeFrom[e]);
    let t = 0;
    for (const p of stuckProps) {
      if (p.kind !== 'neverStuck') continue;
      for (let thread = 0; thread < p.threads.length; thread++, t++) {
        const isBlocked = blocked[t];
        const canUnblock = new Uint8Array(distinct);
        const queue: number[] = [];
        for (let n = 0; n < distinct; n++) {
          if (!isBlocked[n]) {
            canUnblock[n] = 1;
            queue.push(n);
          }
        }
        for (let head = 0; head < queue.length; head++) {
          for (const pred of predecessors[queue[head]]) {
            if (canUnblock[pred] === 0) {
              canUnblock[pred] = 1;
              queue.push(pred);
            }
          }
        }
        if (canUnblock.includes(0)) failed.add(p.name);
      }
    }
  }

  const bounds: Record<string, number> = {};
  if (fairnessNeeded) {
    const kinds = fairness?.groups.map((g: FairnessGroup) => g.kind) ?? [];
    const graph: NaiveGraph = { distinct, edgeFrom, edgeTo, edgeGroup, enabledIn: fairness === undefined ? [] : enabledIn, kinds };
    liveInstances.forEach(({ p }, i) => {
      if (!failed.has(p.name) && leadsToFails(graph, premise[i], goal[i])) failed.add(p.name);
    });
    responseProps.forEach((p, i) => {
      const worst = worstResponse(graph, requested[i], answered[i], counts[i]);
      if (worst === undefined) failed.add(p.name);
      else bounds[p.name] = worst;
    });
  }

  const verdicts: Record<string, NaiveVerdict> = {};
  for (const p of properties) {
    verdicts[p.name] = p.kind === 'sometimes' ? (witnessed.has(p.name) ? 'witnessed' : 'unwitnessed') : failed.has(p.name) ? 'violated' : 'holds';
  }
  return { distinct, generated, depth: levels.length, initial, deadlocks, levels, verdicts, maxReached, bounds };
}

/**
 * The recorded state graph as {@link leadsToFails} reads it: the transitions between stored states
 * with the fairness group of each (−1 for none), the groups enabled in each state, and each group's
 * kind.
 *
 * @example
 * const g: NaiveGraph = { distinct: 1, edgeFrom: [0], edgeTo: [0], edgeGroup: [0], enabledIn: [[0]], kinds: ['weak'] };
 */
export interface NaiveGraph {
  readonly distinct: number;
  readonly edgeFrom: readonly number[];
  readonly edgeTo: readonly number[];
  readonly edgeGroup: readonly number[];
  /** Per state: the groups enabled in it (empty without fairness). */
  readonly enabledIn: readonly (readonly number[])[];
  readonly kinds: readonly FairnessGroup['kind'][];
}

/** Per state, the indices of the transitions leaving it (`out`) and entering it (`into`). */
function adjacency(g: NaiveGraph): { out: number[][]; into: number[][] } {
  const out: number[][] = Array.from({ length: g.distinct }, () => []);
  const into: number[][] = Array.from({ length: g.distinct }, () => []);
  for (let e = 0; e < g.edgeFrom.length; e++) {
    out[g.edgeFrom[e]].push(e);
    into[g.edgeTo[e]].push(e);
  }
  return { out, into };
}

/**
 * Whether `premise ~> goal` fails on `g`: whether some state where the premise holds and the goal
 * does not can go on, through states where the goal does not hold, for ever on a fair path: into a
 * state with no recorded successor (the path stays there), or into a set of states that an infinite
 * path can run round fairly. Written from the definitions, not from the checker:
 *
 * - an infinite path that keeps to the ¬goal states ends up running round inside one strongly
 *   connected set of them, and can pass every state and transition of that set infinitely often;
 * - such a set (with a transition inside it) is fair when each weakly fair group is taken inside it
 *   or disabled in one of its states, and each strongly fair group is taken inside it or enabled in
 *   none of its states; when a strongly fair group is enabled but never taken, a fair path must
 *   keep away from the states that enable it, so those are dropped and the rest is split again;
 * - the states from which such a set or a dead end can be reached inside ¬goal are found by a
 *   backward walk.
 *
 * @example
 * // One weakly fair thread loops in state 0 (premise), where the goal never holds.
 * leadsToFails({ distinct: 1, edgeFrom: [0], edgeTo: [0], edgeGroup: [0], enabledIn: [[0]], kinds: ['weak'] }, [true], [false]); // true
 */
export function leadsToFails(g: NaiveGraph, premise: readonly boolean[], goal: readonly boolean[]): boolean {
  const n = g.distinct;
  const { out, into } = adjacency(g);
  const doomed = new Array<boolean>(n).fill(false);
  for (let s = 0; s < n; s++) if (!goal[s] && out[s].length === 0) doomed[s] = true;
  // Candidate sets of ¬goal states, split into strongly connected sets until each is judged.
  const work: number[][] = [Array.from({ length: n }, (_, s) => s).filter((s) => !goal[s])];
  while (work.length > 0) {
    const set = work.pop()!;
    for (const c of strongSets(set, out, into, g.edgeTo, g.edgeFrom)) {
      const member = new Set(c);
      const inner = c.flatMap((s) => out[s].filter((e) => member.has(g.edgeTo[e])));
      if (inner.length === 0) continue;
      const taken = new Set(inner.map((e) => g.edgeGroup[e]));
      const enabledSomewhere = new Set(c.flatMap((s) => g.enabledIn[s] ?? []));
      const weakUnfair = g.kinds.some((kind, group) => kind === 'weak' && !taken.has(group) && c.every((s) => (g.enabledIn[s] ?? []).includes(group)));
      if (weakUnfair) continue;
      const strongUnmet = g.kinds.map((kind, group) => kind === 'strong' && !taken.has(group) && enabledSomewhere.has(group));
      if (!strongUnmet.includes(true)) {
        for (const s of c) doomed[s] = true;
        continue;
      }
      const rest = c.filter((s) => !(g.enabledIn[s] ?? []).some((group) => strongUnmet[group]));
      if (rest.length > 0) work.push(rest);
    }
  }
  const queue = Array.from({ length: n }, (_, s) => s).filter((s) => doomed[s]);
  for (let head = 0; head < queue.length; head++) {
    for (const e of into[queue[head]]) {
      const s = g.edgeFrom[e];
      if (!goal[s] && !doomed[s]) {
        doomed[s] = true;
        queue.push(s);
      }
    }
  }
  return premise.some((p, s) => p && doomed[s]);
}

/**
 * The strongly connected sets of the states in `set`, using only transitions between them
 * (Kosaraju: the finishing order of a forward depth-first walk, then backward walks in reverse of
 * it), without recursion.
 */
function strongSets(set: readonly number[], out: readonly number[][], into: readonly number[][], edgeTo: readonly number[], edgeFrom: readonly number[]): number[][] {
  const inSet = new Set(set);
  const seen = new Set<number>();
  const order: number[] = [];
  for (const root of set) {
    if (seen.has(root)) continue;
    seen.add(root);
    const stack: [number, number][] = [[root, 0]];
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const [s, i] = top;
      if (i < out[s].length) {
        top[1]++;
        const t = edgeTo[out[s][i]];
        if (inSet.has(t) && !seen.has(t)) {
          seen.add(t);
          stack.push([t, 0]);
        }
      } else {
        stack.pop();
        order.push(s);
      }
    }
  }
  const placed = new Set<number>();
  const sets: number[][] = [];
  for (let i = order.length - 1; i >= 0; i--) {
    if (placed.has(order[i])) continue;
    const c = [order[i]];
    placed.add(order[i]);
    for (let head = 0; head < c.length; head++) {
      for (const e of into[c[head]]) {
        const s = edgeFrom[e];
        if (inSet.has(s) && !placed.has(s)) {
          placed.add(s);
          c.push(s);
        }
      }
    }
    sets.push(c);
  }
  return sets;
}

/**
 * The worst-case response time on `g` (every state is reachable): the most counted transitions
 * (`counts`, per recorded transition) from a state where a request is outstanding to the first
 * state where it is answered, over every fair path; `undefined` when it is infinite. Written from
 * the definitions:
 *
 * - infinite when some fair path never answers (`request ~> answered` fails, {@link leadsToFails});
 * - infinite too when a cycle of unanswered states that a request reaches before its answer has a
 *   counted transition: a path may run round it any number of times and then go on fairly (the
 *   fairness of an infinite path says nothing of a finite stretch of it);
 * - otherwise the longest counted path from a request to its answer, found by raising each
 *   unanswered state's worst case to the most any one transition gives it (its count, plus the
 *   target's worst case unless the target answers) until nothing changes, which ends because no
 *   cycle counts anything. A state where the request is answered at once waits 0.
 *
 * @example
 * // 0 (request) → 1 → 2 (answered), both transitions counted: two steps.
 * const g: NaiveGraph = { distinct: 3, edgeFrom: [0, 1, 2], edgeTo: [1, 2, 2], edgeGroup: [0, 0, 0], enabledIn: [[0], [0], [0]], kinds: ['weak'] };
 * worstResponse(g, [true, false, false], [false, false, true], [true, true, true]); // 2
 */
export function worstResponse(g: NaiveGraph, request: readonly boolean[], answered: readonly boolean[], counts: readonly boolean[]): number | undefined {
  if (leadsToFails(g, request, answered)) return undefined;
  const n = g.distinct;
  const { out, into } = adjacency(g);
  // The unanswered states a request reaches before its answer.
  const region = Array.from({ length: n }, (_, s) => s).filter((s) => request[s] && !answered[s]);
  const inRegion = new Set(region);
  for (let head = 0; head < region.length; head++) {
    for (const e of out[region[head]]) {
      const t = g.edgeTo[e];
      if (!answered[t] && !inRegion.has(t)) {
        inRegion.add(t);
        region.push(t);
      }
    }
  }
  for (const c of strongSets(region, out, into, g.edgeTo, g.edgeFrom)) {
    const member = new Set(c);
    if (c.some((s) => out[s].some((e) => counts[e] && member.has(g.edgeTo[e])))) return undefined;
  }
  const worst = new Map<number, number>(region.map((s) => [s, 0]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const s of region) {
      for (const e of out[s]) {
        const t = g.edgeTo[e];
        const via = (counts[e] ? 1 : 0) + (answered[t] ? 0 : worst.get(t)!);
        if (via > worst.get(s)!) {
          worst.set(s, via);
          changed = true;
        }
      }
    }
  }
  let max = 0;
  for (let s = 0; s < n; s++) if (request[s] && !answered[s]) max = Math.max(max, worst.get(s)!);
  return max;
}
