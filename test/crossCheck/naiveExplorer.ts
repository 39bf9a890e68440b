/**
 * A naive explicit-state explorer, written to be obviously right rather than fast, as the
 * independent half of the cross-check of the protocol models (issue 17, point 6). It imports
 * nothing from `checker/`: states are keyed by their canonical JSON text (sorted keys, see
 * {@link canonicalJson}) in a plain `Map`, the search is a level-by-level breadth-first search over
 * `model.init`, `model.actions` and `model.next`, and every property is decided from its own
 * predicates (for `neverStuck`, by a backward walk over the transitions it recorded). Only types
 * come from the model layer.
 *
 * It counts with the checker's conventions (`checker/result.ts`, `CheckStats`), which are TLC's:
 * - `generated`: one per entry of `init()` (duplicates and states outside `withinBounds`
 *   included) plus, for every reachable state, one per enabled action: every transition,
 *   self-loops, duplicates and successors outside `withinBounds` included;
 * - `distinct`: reachable states inside `withinBounds`;
 * - `depth`: breadth-first levels holding a state, the initial states being level 1 (the states on
 *   the longest shortest path).
 */
import type { Action, Model } from '../../model/core/model.js';
import type { Property } from '../../properties/property.js';
import { canonicalJson } from '../helpers/canonicalJson.js';

/**
 * A verdict as the naive explorer decides it: an invariant, a transition invariant, a bound, deadlock
 * freedom and `neverStuck` hold or are violated; a `sometimes` is witnessed or not.
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
    if (!['always', 'sometimes', 'step', 'bounded', 'deadlockFree', 'neverStuck'].includes(p.kind)) {
      throw new Error(`property '${p.name}' is of a kind the naive explorer does not know: ${p.kind}`);
    }
  }
  const failed = new Set<string>();
  const witnessed = new Set<string>();
  const maxReached: Record<string, number> = {};
  for (const p of properties) if (p.kind === 'bounded') maxReached[p.name] = -Infinity;
  const stuckProps = properties.filter((p) => p.kind === 'neverStuck');

  /** State key → state number (its place in breadth-first order). */
  const index = new Map<string, number>();
  /** State number → key: the key is the state, parsed again to be expanded. */
  const keys: string[] = [];
  const levels: number[] = [];
  /** Transitions between stored states, for `neverStuck`: sources and targets by state number. */
  const edgeFrom: number[] = [];
  const edgeTo: number[] = [];
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
      if (acts.length === 0) {
        deadlocks++;
        for (const p of properties) if (p.kind === 'deadlockFree' && !p.validEnd(s)) failed.add(p.name);
      }
      for (const a of acts) {
        const succ = model.next(s, a);
        for (const p of properties) if (p.kind === 'step' && !p.holds(s, a, succ)) failed.add(p.name);
        const m = visit(succ);
        if (m >= 0 && stuckProps.length > 0) {
          edgeFrom.push(n);
          edgeTo.push(m);
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

  const verdicts: Record<string, NaiveVerdict> = {};
  for (const p of properties) {
    verdicts[p.name] = p.kind === 'sometimes' ? (witnessed.has(p.name) ? 'witnessed' : 'unwitnessed') : failed.has(p.name) ? 'violated' : 'holds';
  }
  return { distinct, generated, depth: levels.length, initial, deadlocks, levels, verdicts, maxReached };
}
