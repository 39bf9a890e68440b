/**
 * What every reported lasso must be, checked against the definitions on a small random graph:
 * a real path from the initial state, the premise at its trigger and the goal never from there
 * on, a cycle that closes (or a deadlock), fair by the definitions of weak and strong fairness, a
 * shortest way into the cycle, and a cycle from which no returning stretch can be cut out while it
 * stays fair.
 */
import { expect } from 'vitest';
import type { LabeledGraph } from '../../../checker/liveness/labeledGraph.js';
import type { Lasso } from '../../../checker/liveness/leadsTo.js';
import { enabledAt, fairLoop, shortestFairWalk, type Case } from './reference.js';

/** The states a path visits from `start`, failing the test when a transition does not leave the state the path is in. */
export function walk(g: LabeledGraph, start: number, edges: readonly number[]): number[] {
  const states = [start];
  for (const e of edges) {
    const at = states[states.length - 1];
    expect(g.offsets[at] <= e && e < g.offsets[at + 1], `transition ${e} leaves state ${at}`).toBe(true);
    states.push(g.targets[e]);
  }
  return states;
}

/** The index in the case's edge list of the graph's transition e (graphFromEdges keeps each source's order). */
export function edgeIndexInCase(c: Case, g: LabeledGraph, e: number): number {
  let s = 0;
  while (!(g.offsets[s] <= e && e < g.offsets[s + 1])) s++;
  return c.edges.map((edge, i) => [edge, i] as const).filter(([edge]) => edge[0] === s)[e - g.offsets[s]][1];
}

/** Whether the closed walk of case transitions `cycle` through `states` (its states, each once per visit) is fair by the definitions. */
export function fairByDefinition(c: Case, cycle: readonly number[], states: readonly number[]): boolean {
  return c.kinds.every((kind, group) => {
    const taken = cycle.some((i) => c.edges[i][2] === group);
    if (kind === 'weak') return taken || !states.every((s) => enabledAt(c, s, group));
    if (kind === 'strong') return taken || !states.some((s) => enabledAt(c, s, group));
    return true;
  });
}

/** Breadth-first distance from `from` to the nearest state where `goal` holds, through states where `ok` holds. */
function distanceTo(c: Case, from: number, ok: (s: number) => boolean, goal: (s: number) => boolean): number {
  let layer = [from];
  const seen = new Set(layer);
  for (let d = 0; layer.length > 0; d++) {
    if (layer.some(goal)) return d;
    const next: number[] = [];
    for (const s of layer) for (const [a, b] of c.edges) if (a === s && ok(b) && !seen.has(b)) (seen.add(b), next.push(b));
    layer = next;
  }
  return Infinity;
}

/**
 * Checks that `lasso` breaks `p ~> q` (the case's masks) on a fair path of `g`, and that it is
 * short where the construction promises: the way from the trigger into the cycle is a shortest
 * `¬q` path to a state where a fair `¬q` walk can stay (or a deadlock), and no returning stretch
 * of the cycle can be cut out leaving a fair cycle. Returns the cycle's length and the shortest
 * fair cycle's length through the same first state (the brute-force reference).
 */
export function expectFairLasso(c: Case, g: LabeledGraph, lasso: Lasso): { readonly cycle: number; readonly shortest: number } {
  expect(lasso.start).toBe(0);
  const states = walk(g, lasso.start, [...lasso.prefix, ...lasso.cycle]);
  expect(c.p[states[lasso.trigger]]).toBe(true);
  for (const s of states.slice(lasso.trigger)) expect(c.q[s]).toBe(false);
  const notQ = (s: number) => !c.q[s];
  const deadlock = (s: number) => !c.edges.some(([a]) => a === s);
  const canStay = (s: number) => notQ(s) && (deadlock(s) || shortestFairWalk(c, s, notQ) < Infinity);
  expect(lasso.prefix.length - lasso.trigger).toBe(distanceTo(c, states[lasso.trigger], notQ, canStay));
  const first = states[lasso.prefix.length];
  if (lasso.cycle.length === 0) {
    expect(deadlock(first)).toBe(true);
    return { cycle: 0, shortest: 0 };
  }
  expect(states.at(-1)).toBe(first);
  const cycle = lasso.cycle.map((e) => edgeIndexInCase(c, g, e));
  const cycleStates = states.slice(lasso.prefix.length + 1);
  expect(fairByDefinition(c, cycle, cycleStates)).toBe(true);
  expect(fairLoop(c, cycle)).toBe(true);
  // No stretch i … j that returns to its state can go while the rest stays a fair cycle.
  const around = [first, ...cycleStates];
  for (let i = 0; i < cycle.length; i++) {
    for (let j = i + 1; j <= cycle.length; j++) {
      if (around[i] !== around[j] || (i === 0 && j === cycle.length)) continue;
      const rest = [...cycle.slice(0, i), ...cycle.slice(j)];
      const restStates = [...cycleStates.slice(0, i), ...cycleStates.slice(j)];
      expect(fairByDefinition(c, rest, restStates), `stretch ${i}…${j} of the cycle could be cut`).toBe(false);
    }
  }
  const shortest = shortestFairWalk(c, first, notQ);
  expect(cycle.length).toBeGreaterThanOrEqual(shortest);
  return { cycle: cycle.length, shortest };
}
