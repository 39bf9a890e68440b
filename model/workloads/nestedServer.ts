/**
 * Workload: the L4 "thread per server per client" problem (the survey's argument for thread
 * migration). Client A calls server 1 with request 0, which server 1 can answer only by calling
 * server 2; server 2 in turn waits for a device before it answers. A bystander calls server 1
 * with request 1, which server 1 answers alone. With one server-1 thread and synchronous IPC the
 * bystander waits for the device too, though its request has nothing to do with it.
 *
 * Properties beyond the framework's: 'bystander not held up by server 2' (never is the bystander
 * blocked while server 1 is blocked in its call to server 2 and server 2 waits for the device),
 * and the witness 'a call completes'. Seeded bug: none; the invariant itself is what fails on
 * designs with one thread per server.
 */
import { answer, forever, ifReceived, prepare, receive, repeat, reply, replySaved, rpc, save, send, serve, set } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(sel4(), nestedServer.build(nestedServer.defaults));
 */
export const nestedServer = defineWorkload({
  id: 'nestedServer',
  title: 'a server calling a slow second server, with a bystander client',
  params: { rounds: { type: 'int', min: 1, max: 2, doc: 'calls by each client' } },
  defaults: { rounds: 1 },
  build: (c) => {
    const rounds = c.rounds as number;
    return {
      name: `nestedServer(rounds=${rounds})`,
      threads: [
        { name: 'client A', space: 'A', program: [repeat(rounds, set(0), rpc('svc1'))] },
        { name: 'bystander', space: 'B', program: [repeat(rounds, set(1), rpc('svc1'))] },
        { name: 'server 1', space: 'S1', program: [forever(serve('svc1'), answer(), ifReceived(0, [rpc('svc2'), answer()]), reply())] },
        // Server 2 keeps its caller while it waits for the device (seL4's Recv would delete the caller slot).
        { name: 'server 2', space: 'S2', program: [forever(serve('svc2'), answer(), save(0), receive('dev'), replySaved(0))] },
        { name: 'device', space: 'D', program: [repeat(rounds, prepare(), send('dev'))] },
      ],
      objects: [
        { name: 'svc1', kind: 'service' },
        { name: 'svc2', kind: 'service' },
        { name: 'dev', kind: 'channel' },
      ],
      values: 2,
      slots: 1,
      invariants: [
        {
          name: 'bystander not held up by server 2',
          holds: (v, s) => !(v.blocked(s, 'bystander') && v.blocked(s, 'server 1') && v.blocked(s, 'server 2')),
        },
      ],
      witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
    };
  },
});
