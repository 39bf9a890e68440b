/**
 * Workload: the L4 "thread per server per client" problem (the survey's argument for thread
 * migration). Client A calls server 1 with request 0, which server 1 can answer only by calling
 * server 2; server 2 in turn waits for a device before it answers. A bystander calls server 1
 * with request 1, which server 1 answers alone. With one server-1 thread and synchronous IPC the
 * bystander waits for the device too, though its request has nothing to do with it.
 *
 * Properties beyond the framework's: 'bystander not held up by server 2' (never is the bystander
 * blocked while server 1 is blocked in its call to server 2 and server 2 waits for the device),
 * 'bystander reply latency' (the worst case, over every fair path, of the operations any thread
 * performs between the bystander's call and its reply: a response bound), and the witness 'a call
 * completes'. Seeded bug: none; the invariant itself is what fails on designs with one thread per
 * server.
 *
 * Parameters beyond the rounds: `device: 'mayNeverFire'` lets the device stop for ever instead of
 * firing (a choice of its own first step; paths never stutter while a thread can run, so a device
 * that merely is not scheduled fairly would still fire once nothing else can run), and a bystander
 * whose reply waits for it is then never answered: its latency is unbounded. `pool: 2` gives
 * server 1 a second thread (the thread-per-client answer), which serves the bystander while the
 * first waits for server 2.
 */
import { answer, choose, forever, ifReceived, prepare, receive, repeat, reply, replySaved, rpc, save, send, serve, set } from './program.js';
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
  params: {
    rounds: { type: 'int', min: 1, max: 2, doc: 'calls by each client' },
    device: { type: 'enum', values: ['fires', 'mayNeverFire'], doc: 'fires: the device sends once per round; mayNeverFire: it may instead stop for ever' },
    pool: { type: 'int', min: 1, max: 2, doc: 'threads of server 1' },
  },
  defaults: { rounds: 1, device: 'fires', pool: 1 },
  build: (c) => {
    const rounds = c.rounds as number;
    const pool = (c.pool as number | undefined) ?? 1;
    const device = (c.device as string | undefined) ?? 'fires';
    const fire = repeat(rounds, prepare(), send('dev'));
    const server1 = [forever(serve('svc1'), answer(), ifReceived(0, [rpc('svc2'), answer()]), reply())];
    return {
      name: `nestedServer(rounds=${rounds}${device === 'fires' ? '' : `,device=${device}`}${pool === 1 ? '' : `,pool=${pool}`})`,
      threads: [
        { name: 'client A', space: 'A', program: [repeat(rounds, set(0), rpc('svc1'))] },
        { name: 'bystander', space: 'B', program: [repeat(rounds, set(1), rpc('svc1'))] },
        { name: 'server 1', space: 'S1', program: server1 },
        ...(pool === 2 ? [{ name: 'server 1b', space: 'S1', program: server1 }] : []),
        // Server 2 keeps its caller while it waits for the device (seL4's Recv would delete the caller slot).
        { name: 'server 2', space: 'S2', program: [forever(serve('svc2'), answer(), save(0), receive('dev'), replySaved(0))] },
        { name: 'device', space: 'D', program: device === 'fires' ? [fire] : [choose([fire], [])] },
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
      responseBounds: [
        { name: 'bystander reply latency', request: (v, s) => v.calling(s, 'bystander'), response: (v, s) => !v.calling(s, 'bystander'), unit: 'operations' },
      ],
      witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
    };
  },
});
