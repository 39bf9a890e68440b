/**
 * Workload: two single-threaded servers that call each other from their handlers (card M3 F3;
 * the shape of card M1 F1 between servers). Client 1 calls service a, client 2 service b; server
 * A serves a and, to answer, calls b; server B serves b and, to answer, calls a. Each keeps its
 * caller while it calls out. With one thread per server and blocking calls, both servers end up
 * waiting to send to each other: deadlock, and both clients are stuck.
 *
 * Properties beyond the framework's: the witness 'a call completes' (unwitnessed where the servers
 * deadlock before either answers).
 *
 * Variant: finite send timeouts on the design (L4) break the cycle.
 */
import { answer, forever, prepare, replySaved, rpc, save, serve } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(sel4(), mutualCalls.build(mutualCalls.defaults));
 */
export const mutualCalls = defineWorkload({
  id: 'mutualCalls',
  title: 'two single-threaded servers calling each other from their handlers',
  params: {},
  defaults: {},
  build: () => ({
    name: 'mutualCalls',
    threads: [
      { name: 'client 1', space: '1', program: [prepare(), rpc('a')] },
      { name: 'client 2', space: '2', program: [prepare(), rpc('b')] },
      { name: 'server A', space: 'A', program: [forever(serve('a'), answer(), save(0), rpc('b'), answer(), replySaved(0))] },
      { name: 'server B', space: 'B', program: [forever(serve('b'), answer(), save(0), rpc('a'), answer(), replySaved(0))] },
    ],
    objects: [
      { name: 'a', kind: 'service' },
      { name: 'b', kind: 'service' },
    ],
    values: 2,
    slots: 1,
    witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
  }),
});
