/**
 * Workload W1: asynchronous event cascades (spec card W1 in `../shared/IPC-MODELS.md`). Events
 * injected at server 1 are handled by servers that emit one event on each of their out-edges:
 * a `chain` 1→2→3, a `tree` 1→2, 1→3, or a `cycle` 1→2→3→1 where server 1 emits twice (fan-out
 * 2 on a cycle). Each edge is a kernel object; what happens when an edge is full is the card's
 * full-queue policy, chosen by `edges` and by the design (and its mutants):
 *
 * - `edges=messages`: a one-way message per event. The design's own rule applies to a full edge:
 *   **block** (Mach without a timeout, pipes; the rendezvous kernels, whose edge holds nothing),
 *   **fail** (Mach with send timeout 0, a non-blocking pipe: the event is dropped), **credit
 *   window** (UMP's acknowledged ring), **B = ∞** (Mach without a queue limit, an unbounded pipe).
 *   `capacity` sets B per edge where the design honours an object's capacity (0: the design's own).
 * - `edges=events`: **coalesce**. An emit puts one item on the edge's counter in shared memory and
 *   signals the edge's event (seL4 notifications, Xen event channels); signals to a waiting-for
 *   event merge. `handler` says what a server does per wakeup: `drain` takes every item (one emit
 *   per item), `onePerWakeup` takes one (card W1 F4).
 * - `edges=acks`: **credit 1**. An emit is a call the receiver answers with an ack once it has
 *   handled the event, and a server acks upstream only after its own emits were acked (card W1 F5's
 *   withheld ack, as in Singularity's NicDeviceEventContract).
 *
 * Abstractions: a server handles an event in one step and emits in one step per out-edge; which
 * server runs, and latency, are the scheduler's (card W1: not modelled). On the acyclic graphs the
 * last servers (the sinks: server 3 on the chain, servers 2 and 3 on the tree) count the events
 * they handle in a shared counter `handled`; on the cycle server 3 marks that it handled one.
 *
 * Properties beyond the framework's: the kernel-memory bound `memoryBound` (card W1's KM ≤ Σ B),
 * on the acyclic graphs the invariant 'no event handled twice' and the liveness 'every event is handled' (on every fair path the sinks handle
 * `events` events each: no event is dropped, merged or stranded), on the cycle the liveness 'the
 * cascade always reaches the last server', and the witness 'the cascade reaches the last server'.
 *
 * Seeded bugs (card W1): `graph=cycle` (F1 and F2: with buffering and no limit the queued events
 * double each round and kernel memory passes every bound; with blocking sends the servers block
 * sending into each other and deadlock); a failing design's dropped emits (F3: 'every event is
 * handled' fails); `edges=events,handler=onePerWakeup` (F4: merged signals strand an item);
 * `edges=acks,graph=cycle` (F5: every server waits for an ack and the cascade deadlocks).
 */
import { add, answer, forever, receive, reply, repeat, rpc, send, serve, set, signal, take, until, wait, type ProgramStep } from './program.js';
import { defineWorkload, type ThreadSpec, type WorkloadSpec } from './workload.js';

const EDGES: Readonly<Record<string, readonly (readonly number[])[]>> = {
  chain: [[2], [3], []],
  tree: [[2, 3], [], []],
  cycle: [[2, 2], [3], [1]],
};

/** How an event travels along an edge, by the `edges` parameter. */
const KIND = { messages: 'channel', events: 'event', acks: 'service' } as const;

/**
 * The workload.
 *
 * @example
 * const m = compose(sel4(), eventCascade.build({ ...eventCascade.defaults, edges: 'events', handler: 'onePerWakeup' }));
 */
export const eventCascade = defineWorkload({
  id: 'eventCascade',
  title: 'one event fanning out into events at other servers (W1)',
  params: {
    graph: { type: 'enum', values: Object.keys(EDGES), doc: 'the event graph' },
    events: { type: 'int', min: 1, max: 3, doc: 'external events injected at server 1' },
    memoryBound: { type: 'int', min: 0, max: 8, doc: 'the kernel-memory bound checked' },
    edges: { type: 'enum', values: Object.keys(KIND), doc: 'an event on an edge: a one-way message, a coalescing signal with an item in shared memory, or a call answered by an ack (credit 1)' },
    capacity: { type: 'int', min: 0, max: 3, doc: "messages an edge holds, B (0: the design's own)" },
    handler: { type: 'enum', values: ['drain', 'onePerWakeup'], doc: 'with edges=events: items a server handles per wakeup' },
  },
  defaults: { graph: 'chain', events: 2, memoryBound: 3, edges: 'messages', capacity: 0, handler: 'drain' },
  build: (c) => {
    const { graph, events, memoryBound, edges: how, capacity, handler } = c as { graph: string; events: number; memoryBound: number; edges: keyof typeof KIND; capacity: number; handler: string };
    const edges = EDGES[graph];
    const acyclic = graph !== 'cycle';
    const sinks = edges.flatMap((out, i) => (out.length === 0 ? [i + 1] : []));
    const total = events * sinks.length;
    // Events on the cycle circulate for ever: server 3 only marks that one reached it.
    const handled: ProgramStep[] = acyclic ? [add('handled')] : [set(1)];
    const item = (j: number) => `items ${j}`;
    const emit = (j: number): ProgramStep[] => (how === 'messages' ? [send(`in ${j}`)] : how === 'acks' ? [rpc(`in ${j}`)] : [add(item(j)), signal(`in ${j}`)]);

    const serverBody = (i: number, out: readonly number[]): ProgramStep[] => {
      const own = (acyclic ? sinks.includes(i) : i === edges.length) ? handled : [];
      if (how === 'messages') return [receive(`in ${i}`), ...own, ...out.flatMap(emit)];
      if (how === 'acks') return [serve(`in ${i}`), answer(), ...own, ...out.flatMap(emit), reply()];
      // Coalescing: the item taken moves to the sink's count, or is consumed by the first emit.
      const takeOne: ProgramStep[] = sinks.includes(i) ? [take(item(i), 'handled', 'one')] : [take(item(i), item(out[0]), 'one'), signal(`in ${out[0]}`), ...out.slice(1).flatMap(emit)];
      const handleOne = acyclic ? takeOne : [...own, ...out.flatMap((j) => [signal(`in ${j}`)])];
      return handler === 'drain' && acyclic ? [wait(`in ${i}`), until(item(i), 0, ...handleOne)] : [wait(`in ${i}`), ...handleOne];
    };
    // A sink that finds it has handled one event more than were injected (a design that delivers an
    // event twice) stops counting, so that the counter stays within its declared range.
    const program = (i: number, out: readonly number[]): ProgramStep[] =>
      acyclic && how !== 'events' && sinks.includes(i) ? [until('handled', total + 1, ...serverBody(i, out)), forever(...serverBody(i, out).filter((step) => step !== handled[0]))] : [forever(...serverBody(i, out))];
    const servers: ThreadSpec[] = edges.map((out, i) => ({ name: `server ${i + 1}`, space: `S${i + 1}`, program: program(i + 1, out) }));
    // An acked event carries 1 and each server takes it into its register (answer) before it calls on
    // and acks, so every ack echoes its request, as reply correctness reads an ack as the call's
    // answer, even where server 3 marks the cycle with set(1).
    const inject: ProgramStep[] = how === 'messages' ? [set(0), send('in 1')] : how === 'acks' ? [set(1), rpc('in 1')] : acyclic ? emit(1) : [signal('in 1')];
    const reached = (v: Parameters<WorkloadSpec['witness']['holds']>[0], s: unknown) => (acyclic ? v.shared(s, 'handled') >= 1 : v.message(s, `server ${edges.length}`) === 1);
    const options = [how === 'messages' ? '' : `,edges=${how}`, capacity === 0 ? '' : `,capacity=${capacity}`, how === 'events' && handler !== 'drain' ? `,handler=${handler}` : ''].join('');
    return {
      name: `eventCascade(graph=${graph},events=${events},memoryBound=${memoryBound}${options})`,
      threads: [{ name: 'injector', space: 'I', program: [repeat(events, ...inject)] }, ...servers],
      objects: edges.map((_, i) => ({ name: `in ${i + 1}`, kind: KIND[how], ...(capacity === 0 ? {} : { capacity }) })),
      values: 2,
      memoryBound,
      shared: acyclic ? [{ name: 'handled', max: total + 1 }, ...(how === 'events' ? edges.map((_, i) => ({ name: item(i + 1), max: events })) : [])] : [],
      invariants: acyclic ? [{ name: 'no event handled twice', holds: (v, s) => v.shared(s, 'handled') <= total }] : [],
      liveness: acyclic
        ? [{ name: 'every event is handled', p: () => true, q: (v, s) => v.shared(s, 'handled') === total }]
        : [{ name: 'the cascade always reaches the last server', p: () => true, q: (v, s) => v.message(s, `server ${edges.length}`) === 1 }],
      witness: { name: 'the cascade reaches the last server', holds: reached },
    };
  },
});
