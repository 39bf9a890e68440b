/**
 * A deliberately naive breadth-first explorer: a `Map` keyed by the state's canonical JSON text
 * (sorted keys, so that one state written with its fields in another order is still one state)
 * and an array queue. It shares no code with the checker, so the two can be compared.
 */
import type { Action, Model } from '../../model/core/model.js';
import { canonicalJson } from './canonicalJson.js';

/** What the reference explorer computes, with TLC's conventions for `generated` and `depth`. */
export interface Reference<S> {
  /** Reachable states (inside `withinBounds`), in breadth-first discovery order. */
  readonly states: S[];
  /** State key → breadth-first distance in actions from the nearest initial state. */
  readonly distance: Map<string, number>;
  /** State key → number of enabled actions. */
  readonly enabled: Map<string, number>;
  /** Initial states (one per `init()` entry, duplicates included) plus one per enabled action of every reachable state. */
  readonly generated: number;
  /** States on the longest shortest path; initial states count 1. Zero when nothing is reachable. */
  readonly depth: number;
  /** Keys of reachable states with no enabled action. */
  readonly deadlocks: Set<string>;
}

/** The key the reference explorer identifies states by. */
export const keyOf = (s: unknown): string => canonicalJson(s);

/**
 * Explores every state reachable from `model.init()`; successors outside `withinBounds` count as
 * generated but are not stored or expanded.
 *
 * @example
 * explore(graphModel({ nodes: 2, edges: [[0, 1]], init: [0] })).depth; // 2
 */
export function explore<S, A extends Action>(model: Model<S, A>): Reference<S> {
  const distance = new Map<string, number>();
  const enabled = new Map<string, number>();
  const states: S[] = [];
  const deadlocks = new Set<string>();
  let generated = 0;
  const inside = (s: S) => (model.withinBounds ? model.withinBounds(s) : true);
  const visit = (s: S, d: number) => {
    const k = keyOf(s);
    if (!inside(s) || distance.has(k)) return;
    distance.set(k, d);
    states.push(s);
  };
  for (const s of model.init()) {
    generated++;
    visit(s, 0);
  }
  for (let head = 0; head < states.length; head++) {
    const s = states[head];
    const k = keyOf(s);
    const d = distance.get(k)!;
    const acts = model.actions(s);
    enabled.set(k, acts.length);
    if (acts.length === 0) deadlocks.add(k);
    for (const a of acts) {
      generated++;
      visit(model.next(s, a), d + 1);
    }
  }
  let depth = 0;
  for (const d of distance.values()) depth = Math.max(depth, d + 1);
  return { states, distance, enabled, generated, depth, deadlocks };
}
