/**
 * Every reachable state of a model by a plain depth-first search over JSON keys, for tests that
 * check a claim in every state (no checker code involved).
 */
import type { Action, Model } from '../../model/core/model.js';

/** Every reachable state of `model`, each once; throws past `cap` states (a model larger than the test expects). */
export function reachableStates<S, A extends Action>(model: Model<S, A>, cap = Infinity): S[] {
  const seen = new Map<string, S>();
  const todo = [...model.init()];
  while (todo.length > 0) {
    const s = todo.pop()!;
    const key = JSON.stringify(s);
    if (seen.has(key)) continue;
    seen.set(key, s);
    if (seen.size > cap) throw new Error(`state space larger than expected (more than ${cap} states)`);
    for (const a of model.actions(s)) todo.push(model.next(s, a));
  }
  return [...seen.values()];
}
