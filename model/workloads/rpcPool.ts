/**
 * Workload: clients calling a pool of servers. `clients` threads each make `rounds` RPCs with a
 * request value of the environment's choice; `servers` threads serve the one service, answering
 * each request by echoing it, either with a combined reply-and-wait or with a reply and then a
 * wait (both are offered, as seL4 offers ReplyRecv and Reply then Recv). Every thread runs in a
 * space of its own. This is the survey's baseline: synchronous rendezvous with no allocation.
 *
 * Properties beyond the framework's: the witness 'a call completes'.
 *
 * `senders` more threads send one-way messages to the service (one per round).
 *
 * Seeded bugs: `lostReply` (card M3 F1), a server may wait for the next request before replying;
 * on seL4 the wait deletes the caller slot and the caller is stuck for ever. `selfFaultHandler`
 * (card M3 F4): client 1's message buffer is unmapped and its faults go to a fault object nobody
 * else serves: its fault message waits for ever.
 */
import { answer, choose, forever, prepare, reply, replyServe, repeat, rpc, send, serve, type ProgramStep } from './program.js';
import { defineWorkload, type ThreadSpec } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(sel4(), rpcPool.build({ clients: 2, servers: 1, rounds: 1, values: 2, bug: 'none' }));
 */
export const rpcPool = defineWorkload({
  id: 'rpcPool',
  title: 'clients calling a pool of servers',
  params: {
    clients: { type: 'int', min: 1, max: 4, doc: 'client threads' },
    servers: { type: 'int', min: 1, max: 3, doc: 'server threads serving the one service' },
    rounds: { type: 'int', min: 1, max: 4, doc: 'RPCs per client' },
    values: { type: 'int', min: 1, max: 4, doc: 'request values 0..values-1' },
    senders: { type: 'int', min: 0, max: 3, doc: 'threads sending one-way messages to the service, one per round' },
    bug: {
      type: 'enum',
      values: ['none', 'lostReply', 'selfFaultHandler'],
      doc: "lostReply: a server may wait again before replying (M3 F1); selfFaultHandler: client 1's message buffer is unmapped and its faults go to a fault object only it could serve (M3 F4)",
    },
  },
  defaults: { clients: 2, servers: 1, rounds: 1, values: 2, senders: 0, bug: 'none' },
  build: (c) => {
    const { clients, servers, rounds, values, bug } = c as { clients: number; servers: number; rounds: number; values: number; bug: string };
    const senders = (c.senders as number | undefined) ?? 0;
    const selfFault = bug === 'selfFaultHandler';
    const handle: ProgramStep[] = [answer(), choose([replyServe('svc')], [reply(), serve('svc')])];
    const server = [serve('svc'), forever(bug === 'lostReply' ? choose(handle, [serve('svc')]) : choose(handle))];
    const threads: ThreadSpec[] = [
      ...Array.from({ length: clients }, (_, i) => ({
        name: `client ${i + 1}`,
        space: `${i + 1}`,
        program: [repeat(rounds, prepare(), rpc('svc'))],
        ...(selfFault && i === 0 ? { faultHandler: 'faults' } : {}),
      })),
      ...Array.from({ length: senders }, (_, i) => ({ name: `sender ${i + 1}`, space: `${clients + i + 1}`, program: [repeat(rounds, prepare(), send('svc'))] })),
      ...Array.from({ length: servers }, (_, i) => ({ name: `server ${i + 1}`, space: `${clients + senders + i + 1}`, program: server })),
    ];
    return {
      name: `rpcPool(clients=${clients},servers=${servers},rounds=${rounds},values=${values}${senders > 0 ? `,senders=${senders}` : ''}${bug === 'none' ? '' : `,bug=${bug}`})`,
      threads,
      objects: [{ name: 'svc', kind: 'service' }, ...(selfFault ? [{ name: 'faults', kind: 'faults' as const }] : [])],
      ...(selfFault ? { unmapped: [{ space: '1', page: 0 }] } : {}),
      values,
      witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
    };
  },
});
