/**
 * A brute-force reference for the liveness analyses on small graphs, with no code of theirs: an
 * infinite path is fair exactly when the set of transitions it takes infinitely often is fair, and
 * every strongly connected set of transitions is the set of some infinite path; so the reference
 * enumerates every subset of transitions and judges each by the definitions of weak and strong
 * fairness. A deadlock counts as a fair end (the path stays there).
 */
import fc from 'fast-check';
import { graphFromEdges, type LabeledGraph } from '../../../checker/liveness/labeledGraph.js';

export type Edge = readonly [number, number, number];
export interface Case {
  readonly n: number;
  readonly edges: readonly Edge[];
  readonly kinds: readonly ('weak' | 'strong' | 'none')[];
  readonly p: readonly boolean[];
  readonly q: readonly boolean[];
  /** The groups enabled in each state, when declared (else those of its transitions). */
  readonly enabled?: readonly (readonly boolean[])[];
}

export const arbitraryCase: fc.Arbitrary<Case> = fc
  .record({ n: fc.integer({ min: 1, max: 5 }), groups: fc.integer({ min: 1, max: 3 }) })
  .chain(({ n, groups }) =>
    fc.record({
      n: fc.constant(n),
      edges: fc.array(fc.tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: -1, max: groups - 1 })), { maxLength: 8 }),
      kinds: fc.array(fc.constantFrom('weak' as const, 'strong' as const, 'none' as const), { minLength: groups, maxLength: groups }),
      p: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      q: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
      enabled: fc.option(fc.array(fc.array(fc.boolean(), { minLength: groups, maxLength: groups }), { minLength: n, maxLength: n }), { nil: undefined }),
    }),
  );

/** States reachable from `from` by the given edges, through states where `ok` holds (from included only if ok). */
export function reach(c: Case, from: readonly number[], ok: (s: number) => boolean): Set<number> {
  const seen = new Set(from.filter(ok));
  const todo = [...seen];
  while (todo.length > 0) {
    const s = todo.pop()!;
    for (const [a, b] of c.edges) if (a === s && ok(b) && !seen.has(b)) (seen.add(b), todo.push(b));
  }
  return seen;
}

export const enabledAt = (c: Case, s: number, group: number) => (c.enabled ? c.enabled[s][group] : c.edges.some(([a, , g]) => a === s && g === group));

/** Whether the transitions `subset` (indices) are strongly connected on the states they touch, and fair. */
export function fairLoop(c: Case, subset: readonly number[]): boolean {
  const states = [...new Set(subset.flatMap((i) => [c.edges[i][0], c.edges[i][1]]))];
  const within: Case = { ...c, edges: subset.map((i) => c.edges[i]) };
  for (const s of states) if (reach(within, [s], () => true).size !== states.length) return false;
  return c.kinds.every((kind, group) => {
    const taken = subset.some((i) => c.edges[i][2] === group);
    if (kind === 'weak') return taken || !states.every((s) => enabledAt(c, s, group));
    if (kind === 'strong') return taken || !states.some((s) => enabledAt(c, s, group));
    return true;
  });
}

/** The reference: the p ∧ ¬q states, reachable from state 0, from which a ¬q path can stay in ¬q for ever. */
export function doomedTriggers(c: Case): Set<number> {
  const notQ = (s: number) => !c.q[s];
  const loops: number[][] = [];
  for (let mask = 1; mask < 1 << c.edges.length; mask++) {
    const subset = c.edges.map((_, i) => i).filter((i) => mask & (1 << i));
    if (subset.every((i) => notQ(c.edges[i][0]) && notQ(c.edges[i][1])) && fairLoop(c, subset)) loops.push(subset);
  }
  const deadlocks = Array.from({ length: c.n }, (_, s) => s).filter((s) => notQ(s) && !c.edges.some(([a]) => a === s));
  const out = new Set<number>();
  for (const s of reach(c, [0], () => true)) {
    if (!c.p[s] || !notQ(s)) continue;
    const ahead = reach(c, [s], notQ);
    if (deadlocks.some((d) => ahead.has(d)) || loops.some((l) => ahead.has(c.edges[l[0]][0]))) out.add(s);
  }
  return out;
}

/** Breadth-first distance from state 0 to each state. */
export function distances(c: Case): number[] {
  const d = Array.from({ length: c.n }, () => Infinity);
  d[0] = 0;
  const queue = [0];
  for (let h = 0; h < queue.length; h++) for (const [a, b] of c.edges) if (a === queue[h] && d[b] === Infinity) (d[b] = d[a] + 1, queue.push(b));
  return d;
}

export const mask = (xs: readonly boolean[]) => Uint8Array.from(xs, (x) => (x ? 1 : 0));
export function graphOf(c: Case): LabeledGraph {
  const g = graphFromEdges(c.n, c.edges as Edge[]);
  if (!c.enabled) return g;
  const offsets = new Int32Array(c.n + 1);
  const groups: number[] = [];
  c.enabled.forEach((row, s) => {
    row.forEach((on, group) => on && groups.push(group));
    offsets[s + 1] = groups.length;
  });
  return { ...g, enabled: { offsets, groups: Int32Array.from(groups) } };
}


/**
 * The length of the shortest fair closed walk from `from` back to it (at least one step) through
 * states where `ok` holds, or Infinity: breadth-first over (state, groups taken, weakly fair groups
 * enabled in every state so far, strongly fair groups enabled in some state so far), which is exact
 * and needs no notion of component.
 */
export function shortestFairWalk(c: Case, from: number, ok: (s: number) => boolean): number {
  if (!ok(from)) return Infinity;
  const bits = (s: number) => c.kinds.reduce((m, _, k) => (enabledAt(c, s, k) ? m | (1 << k) : m), 0);
  const weak = c.kinds.reduce((m, kind, k) => (kind === 'weak' ? m | (1 << k) : m), 0);
  const strong = c.kinds.reduce((m, kind, k) => (kind === 'strong' ? m | (1 << k) : m), 0);
  const key = (s: number, taken: number, all: number, some: number) => `${s}/${taken}/${all}/${some}`;
  let layer = [[from, 0, weak & bits(from), strong & bits(from)]];
  const seen = new Set(layer.map(([s, t, a, o]) => key(s, t, a, o)));
  for (let length = 1; layer.length > 0; length++) {
    const next: number[][] = [];
    for (const [s, taken, all, some] of layer) {
      for (const [a, b, group] of c.edges) {
        if (a !== s || !ok(b)) continue;
        const t = group >= 0 ? taken | (1 << group) : taken;
        const al = all & bits(b);
        const so = some | (strong & bits(b));
        if (b === from && (al & ~t) === 0 && (so & ~t) === 0) return length;
        if (!seen.has(key(b, t, al, so))) (seen.add(key(b, t, al, so)), next.push([b, t, al, so]));
      }
    }
    layer = next;
  }
  return Infinity;
}
