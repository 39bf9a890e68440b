/**
 * Workload: a one-thread server that must wait for an event from another client before it can
 * reply. The client calls; the server takes the request, keeps the caller (seL4 SaveCaller, an
 * MCS reply object, a Mach send-once right, a remembered thread id in L4), waits for the event
 * client's one-way message, and only then answers the kept caller.
 *
 * Properties beyond the framework's: the witness 'a call completes'.
 *
 * Seeded bug `noSave` (card M3 F1 in this setting): the server waits for the event without
 * keeping the caller and then replies to whoever it served last; on seL4 the wait deletes the
 * caller slot and the client is stuck for ever.
 */
import { answer, forever, prepare, receive, reply, replySaved, repeat, rpc, save, send, serve, set } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(sel4(), deferredReply.build(deferredReply.defaults));
 */
export const deferredReply = defineWorkload({
  id: 'deferredReply',
  title: 'a one-thread server waiting for another client\'s event before replying',
  params: {
    rounds: { type: 'int', min: 1, max: 3, doc: 'calls by the client, and events by the event client' },
    bug: { type: 'enum', values: ['none', 'noSave'], doc: 'noSave: the server does not keep the caller before waiting' },
  },
  defaults: { rounds: 1, bug: 'none' },
  build: (c) => {
    const rounds = c.rounds as number;
    const bug = c.bug as string;
    const server = bug === 'noSave' ? [forever(serve('svc'), answer(), receive('ev'), reply())] : [forever(serve('svc'), answer(), save(0), receive('ev'), replySaved(0))];
    return {
      name: `deferredReply(rounds=${rounds}${bug === 'none' ? '' : `,bug=${bug}`})`,
      threads: [
        { name: 'client', space: 'C', program: [repeat(rounds, prepare(), rpc('svc'))] },
        { name: 'event client', space: 'E', program: [repeat(rounds, set(1), send('ev'))] },
        { name: 'server', space: 'S', program: server },
      ],
      objects: [
        { name: 'svc', kind: 'service' },
        { name: 'ev', kind: 'channel' },
      ],
      values: 2,
      slots: 1,
      witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
    };
  },
});
