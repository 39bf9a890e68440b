/**
 * Workload: a server replying to a client that sent one way and never receives (card M1 F3).
 * Client 1 sends a plain one-way message to the service; client 2 calls it. The servers answer
 * every request they take by replying to whoever sent it. A reply to client 1 has nobody waiting
 * for it: a design whose reply blocks until the receiver waits (L4 with a reply send timeout of
 * never) leaves the server stuck for ever; one whose reply is dropped (seL4's Reply on an empty
 * slot, L4 with a send timeout of 0) goes on.
 *
 * Properties beyond the framework's: the servers are watched too ('no thread stuck forever'), and
 * the witness 'a call completes'.
 */
import { answer, forever, prepare, reply, rpc, send, serve } from './program.js';
import { defineWorkload, type ThreadSpec } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(l4({ replySend: 'never' }), oneWayClient.build({ servers: 2 }));
 */
export const oneWayClient = defineWorkload({
  id: 'oneWayClient',
  title: 'a server replying to a client that sent one way and never receives',
  params: { servers: { type: 'int', min: 1, max: 2, doc: 'server threads' } },
  defaults: { servers: 2 },
  build: (c) => {
    const servers = c.servers as number;
    const threads: ThreadSpec[] = [
      { name: 'client 1', space: '1', program: [prepare(), send('svc')] },
      { name: 'client 2', space: '2', program: [prepare(), rpc('svc')] },
      ...Array.from({ length: servers }, (_, i) => ({ name: `server ${i + 1}`, space: `S${i + 1}`, program: [forever(serve('svc'), answer(), reply())], watch: true })),
    ];
    return {
      name: `oneWayClient(servers=${servers})`,
      threads,
      objects: [{ name: 'svc', kind: 'service' }],
      values: 2,
      stuckName: 'no thread stuck forever',
      witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
    };
  },
});
