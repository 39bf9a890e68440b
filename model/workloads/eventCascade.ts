/**
 * Workload W1: asynchronous event cascades (spec card W1 in `../shared/IPC-MODELS.md`). Events
 * injected at server 1 are handled by servers that emit one event on each of their out-edges:
 * a `chain` 1→2→3, a `tree` 1→2, 1→3, or a `cycle` 1→2→3→1 where server 1 emits twice (fan-out
 * 2 on a cycle). Each edge is a channel; the design's policy for a full edge (block, fail,
 * buffer) decides what happens. Server 3 marks each event it handles.
 *
 * Properties beyond the framework's: the kernel-memory bound `memoryBound` (card W1's KM ≤ Σ B),
 * the liveness 'the cascade always reaches the last server' (on every fair path an event reaches
 * server 3: message delivery through the asynchronous edges), and the witness 'the cascade reaches
 * the last server'.
 *
 * Seeded bug (card W1 F1 and F2): `graph=cycle`. With buffering and no limit the queued events
 * double each round and kernel memory passes every bound; with blocking sends the servers block
 * sending into each other and deadlock.
 */
import { forever, receive, repeat, send, set, type ProgramStep } from './program.js';
import { defineWorkload, type ThreadSpec } from './workload.js';

const EDGES: Readonly<Record<string, readonly (readonly number[])[]>> = {
  chain: [[2], [3], []],
  tree: [[2, 3], [], []],
  cycle: [[2, 2], [3], [1]],
};

/**
 * The workload.
 *
 * @example
 * const m = compose(sel4(), eventCascade.build({ graph: 'chain', events: 2, memoryBound: 3 }));
 */
export const eventCascade = defineWorkload({
  id: 'eventCascade',
  title: 'one event fanning out into events at other servers (W1)',
  params: {
    graph: { type: 'enum', values: Object.keys(EDGES), doc: 'the event graph' },
    events: { type: 'int', min: 1, max: 3, doc: 'external events injected at server 1' },
    memoryBound: { type: 'int', min: 0, max: 8, doc: 'the kernel-memory bound checked' },
  },
  defaults: { graph: 'chain', events: 2, memoryBound: 3 },
  build: (c) => {
    const { graph, events, memoryBound } = c as { graph: string; events: number; memoryBound: number };
    const edges = EDGES[graph];
    const servers: ThreadSpec[] = edges.map((out, i) => {
      const body: ProgramStep[] = [receive(`in ${i + 1}`), ...(i === edges.length - 1 ? [set(1)] : []), ...out.map((j) => send(`in ${j}`))];
      return { name: `server ${i + 1}`, space: `S${i + 1}`, program: [forever(...body)] };
    });
    return {
      name: `eventCascade(graph=${graph},events=${events},memoryBound=${memoryBound})`,
      threads: [{ name: 'injector', space: 'I', program: [repeat(events, set(0), send('in 1'))] }, ...servers],
      objects: edges.map((_, i) => ({ name: `in ${i + 1}`, kind: 'channel' as const })),
      values: 2,
      memoryBound,
      liveness: [{ name: 'the cascade always reaches the last server', p: () => true, q: (v, s) => v.message(s, `server ${edges.length}`) === 1 }],
      witness: { name: 'the cascade reaches the last server', holds: (v, s) => v.message(s, `server ${edges.length}`) === 1 },
    };
  },
});
