/**
 * A naive breadth-first explorer for the classic-model tests, independent of the checker: it
 * counts what the published tables count (states, edges, BFS levels, deadlock states) straight
 * from a model's `init`, `actions` and `next`, keying states by their canonical JSON text rather
 * than by the checker's codec.
 */
import type { Action, Model } from '../../../model/core/model.js';
import { canonicalJson } from '../../helpers/canonicalJson.js';

/** What {@link explore} counts. */
export interface Exploration<S> {
  /** Reachable states, in breadth-first order. */
  readonly states: readonly S[];
  /** Enabled actions summed over every reachable state: the edges of the state graph, duplicates and self-loops included. */
  readonly transitions: number;
  /** Breadth-first levels (the initial states are level 1). */
  readonly levels: number;
  /** Reachable states with no enabled action. */
  readonly deadlocks: readonly S[];
}

/**
 * Explores every reachable state of `model`, keying states by their canonical JSON text.
 *
 * @example
 * const e = explore(beemPhils({ n: 4 }));
 * e.states.length; // 80
 */
export function explore<S, A extends Action>(model: Model<S, A>): Exploration<S> {
  const seen = new Set<string>();
  const states: S[] = [];
  const deadlocks: S[] = [];
  let transitions = 0;
  let levels = 0;
  let frontier: S[] = [];
  const visit = (s: S, into: S[]) => {
    const key = canonicalJson(s);
    if (seen.has(key)) return;
    seen.add(key);
    states.push(s);
    into.push(s);
  };
  for (const s of model.init()) visit(s, frontier);
  while (frontier.length > 0) {
    levels++;
    const nextLevel: S[] = [];
    for (const s of frontier) {
      const acts = model.actions(s);
      transitions += acts.length;
      if (acts.length === 0) deadlocks.push(s);
      for (const a of acts) visit(model.next(s, a), nextLevel);
    }
    frontier = nextLevel;
  }
  return { states, transitions, levels, deadlocks };
}
