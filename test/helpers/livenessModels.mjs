/**
 * Models with liveness properties under fairness, as a plain ES module built on the compiled
 * checker in dist/, so that the worker threads of a parallel check can load them (see
 * graphWalk.mjs): the classic results of test/checker/liveness/classics.test.ts (dining
 * philosophers, a test-and-set lock, Peterson's algorithm) and a walk on a random graph with
 * every kind of liveness property.
 *
 * @example
 * checkParallel({ kind: 'module', url, exportName: 'fairDining', args: [5, 'weak'] }, { workers: 2 });
 */
import { defineModel } from '../../dist/model/core/model.js';
import { array, bool, int, oneOf, record } from '../../dist/model/core/shape/index.js';
import { dining } from '../../dist/model/classic/dining.js';
import { naiveLock } from '../../dist/model/examples/naiveLock.js';
import { always, alwaysEventually, eventually, leadsTo, leadsToEach, neverStuck, responseBound } from '../../dist/properties/index.js';

/** Weak or strong fairness for each of `n` threads, the thread of an action being `threadOf(a)`. */
function perThread(n, kind, threadOf) {
  return { groups: Array.from({ length: n }, (_, t) => ({ name: `thread ${t}`, kind })), groupOf: (_s, a) => threadOf(a) };
}

/**
 * Dining philosophers, philosopher 0 reversed, with `kind` fairness per philosopher: does a
 * hungry philosopher 0 (and 1) eat, and how long does philosopher 0 wait at most.
 *
 * @example
 * fairDining(5, 'weak'); // 'hungry philosopher 0 eats' violated with a lasso
 */
export function fairDining(n, kind) {
  const m = dining({ n, lefty0: true });
  return {
    ...m,
    fairness: perThread(n, kind, (a) => a.p),
    properties: [
      ...m.properties,
      leadsTo('hungry philosopher 0 eats', (s) => s.pc[0] === 'hungry', (s) => s.pc[0] === 'eating'),
      leadsTo('hungry philosopher 1 eats', (s) => s.pc[1] === 'hungry', (s) => s.pc[1] === 'eating'),
      responseBound('philosopher 0 waits', (s) => s.pc[0] === 'hungry', (s) => s.pc[0] === 'eating'),
    ],
  };
}

/**
 * A test-and-set lock for two threads with `kind` fairness per thread: does thread 0 get the lock.
 *
 * @example
 * tasLock('weak'); // violated: thread 1 takes and releases the lock for ever
 */
export function tasLock(kind) {
  const lock = naiveLock({ threads: 2, atomic: true });
  return {
    ...lock,
    properties: [
      leadsTo('thread 0 gets the lock', (s) => s.pc[0] === 'idle', (s) => s.pc[0] === 'critical'),
      responseBound('thread 0 waits', (s) => s.pc[0] === 'idle', (s) => s.pc[0] === 'critical'),
    ],
    fairness: perThread(2, kind, (a) => a.t),
  };
}

/**
 * Peterson's algorithm for two threads, weakly fair but for `Try`: starvation-free.
 *
 * @example
 * peterson(); // every verdict holds
 */
export function peterson() {
  return defineModel({
    name: 'peterson',
    shape: record({ pc: array(2, oneOf('idle', 'flagged', 'waiting', 'critical')), flag: array(2, bool()), turn: int(0, 1) }),
    init: () => [{ pc: ['idle', 'idle'], flag: [false, false], turn: 0 }],
    actions: (s) =>
      [0, 1].flatMap((t) => {
        switch (s.pc[t]) {
          case 'idle':
            return [{ kind: 'Try', t }];
          case 'flagged':
            return [{ kind: 'Yield', t }];
          case 'waiting':
            return !s.flag[1 - t] || s.turn === t ? [{ kind: 'Enter', t }] : [];
          default:
            return [{ kind: 'Exit', t }];
        }
      }),
    next: (s, a) => {
      const pc = s.pc.slice();
      const flag = s.flag.slice();
      let turn = s.turn;
      if (a.kind === 'Try') (pc[a.t] = 'flagged'), (flag[a.t] = true);
      if (a.kind === 'Yield') (pc[a.t] = 'waiting'), (turn = 1 - a.t);
      if (a.kind === 'Enter') pc[a.t] = 'critical';
      if (a.kind === 'Exit') (pc[a.t] = 'idle'), (flag[a.t] = false);
      return { pc, flag, turn };
    },
    properties: [
      always('mutual exclusion', (s) => !(s.pc[0] === 'critical' && s.pc[1] === 'critical')),
      leadsTo('thread 0 enters once flagged', (s) => s.pc[0] === 'flagged', (s) => s.pc[0] === 'critical'),
      responseBound('thread 1 enters within', (s) => s.pc[1] === 'flagged', (s) => s.pc[1] === 'critical'),
    ],
    fairness: { groups: [{ name: 'thread 0', kind: 'weak' }, { name: 'thread 1', kind: 'weak' }], groupOf: (_s, a) => (a.kind === 'Try' ? -1 : a.t) },
  });
}

/**
 * A walk on `graph` (`{ nodes, edges: [from, to][], init: node[] }`, one `Go` action per out-edge
 * in edge-list order) whose edge `i` belongs to fairness group `i % groups` (−1 for every third
 * edge), each group of `kind`; with `leadsTo`, `eventually`, `alwaysEventually` and `responseBound`
 * over the nodes' residues modulo 5. `spread` (default 1) repeats the graph that many times side
 * by side, a copy's nodes shifted by `nodes` (each copy's initial nodes initial), so that each
 * level is wide enough for every worker to claim some of it. With `stuck`, also a `neverStuck`
 * property: the walker is blocked on the nodes of residue 4, so both analyses share the graph.
 *
 * @example
 * livenessWalk({ nodes: 3, edges: [[0, 1], [1, 0], [1, 2]], init: [0] }, 2, 'weak');
 */
export function livenessWalk(graph, groups, kind, spread = 1, stuck = false) {
  const N = graph.nodes * spread;
  const out = Array.from({ length: N }, () => []);
  for (let c = 0; c < spread; c++) {
    graph.edges.forEach(([from, to], i) => out[from + c * graph.nodes].push({ kind: 'Go', to: to + c * graph.nodes, group: i % 3 === 2 ? -1 : i % groups }));
  }
  const residue = (s) => (s.node % graph.nodes) % 5;
  return defineModel({
    name: `livenessWalk(nodes=${graph.nodes},edges=${graph.edges.length},spread=${spread})`,
    shape: record({ node: int(0, N - 1) }),
    init: () => Array.from({ length: spread }, (_, c) => graph.init.map((node) => ({ node: node + c * graph.nodes }))).flat(),
    actions: (s) => out[s.node],
    next: (_s, a) => ({ node: a.to }),
    properties: [
      leadsTo('0 leads to 1', (s) => residue(s) === 0, (s) => residue(s) === 1),
      eventually('eventually 2', (s) => residue(s) === 2),
      alwaysEventually('always eventually 3 or 4', (s) => residue(s) >= 3),
      responseBound('from 1 to 2', (s) => residue(s) === 1, (s) => residue(s) === 2),
      responseBound('odd steps from 0 to 3', (s) => residue(s) === 0, (s) => residue(s) === 3, (s) => s.node % 2 === 1),
      ...(stuck ? [neverStuck('walker never stuck', { threads: ['walker'], blocked: (s) => residue(s) === 4 })] : []),
    ],
    fairness: { groups: Array.from({ length: groups }, (_, g) => ({ name: `group ${g}`, kind })), groupOf: (_s, a) => a.group },
  });
}

/**
 * Three counters modulo `m` (`m³` states, 50,653 by default, in about `3m / 2` levels), each
 * step incrementing one, with a family of `instances` leads-to properties: a search that needs a
 * few megabytes, and a liveness analysis that asks for two bytes per state per instance (a
 * gigabyte by default) before it reads the first state. For the memory limit's tests, and for the
 * CLI, which calls it with no arguments.
 *
 * @example
 * manyInstances(); // the liveness analysis needs about 1 GB more
 */
export function manyInstances(m = 37, instances = 10_000) {
  const names = Array.from({ length: instances }, (_, k) => `instance ${k}`);
  const step = (s, a) => ({ ...s, [a.counter]: (s[a.counter] + 1) % m });
  return defineModel({
    name: `manyInstances(m=${m},instances=${instances})`,
    shape: record({ a: int(0, m - 1), b: int(0, m - 1), c: int(0, m - 1) }),
    init: () => [{ a: 0, b: 0, c: 0 }],
    actions: () => [{ kind: 'Inc', counter: 'a' }, { kind: 'Inc', counter: 'b' }, { kind: 'Inc', counter: 'c' }],
    next: step,
    properties: [leadsToEach('every a is followed by b', names, (s, k) => s.a === k % m, (s, k) => s.b === k % m)],
  });
}

/**
 * Peterson's algorithm with one more liveness property whose premise throws on the states where
 * the turn is 1: a model error of the analysis, not of the search.
 *
 * @example
 * brokenPeterson(); // model error IPC005: deciding … threw: no turn 1 here
 */
export function brokenPeterson() {
  const m = peterson();
  const premise = (s) => {
    if (s.turn === 1) throw new Error('no turn 1 here');
    return false;
  };
  return { ...m, properties: [...m.properties, leadsTo('broken', premise, () => true)] };
}
