/**
 * Workload: a third thread's message reaching a client that waits for its reply (card M1 F2).
 * Clients 1 and 2 call the service; thread X sends client 1 a one-way message, which client 1
 * means to receive after its call. A design whose call waits for the reply from the server only
 * (seL4's reply capability, L4's closed receive) delivers X's message afterwards; one whose call
 * ends in an open receive (L4's Send then open Wait, the mutant `openReceiveReply`) can take X's
 * message as the reply, and can lose the real reply sent between its Send and its Wait.
 *
 * Properties beyond the framework's: the witness 'a call completes'.
 */
import { answer, choose, forever, prepare, receive, reply, replyServe, rpc, send, serve, set } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(l4({ openReceiveReply: true }), strayMessage.build(strayMessage.defaults));
 */
export const strayMessage = defineWorkload({
  id: 'strayMessage',
  title: "a third thread's message reaching a client that waits for its reply",
  params: {},
  defaults: {},
  build: () => ({
    name: 'strayMessage',
    threads: [
      { name: 'client 1', space: '1', program: [prepare(), rpc('svc'), forever(receive('inbox'))] },
      { name: 'client 2', space: '2', program: [prepare(), rpc('svc')] },
      { name: 'thread X', space: 'X', program: [set(1), send('inbox')] },
      { name: 'server', space: 'S', program: [serve('svc'), forever(answer(), choose([replyServe('svc')], [reply(), serve('svc')]))] },
    ],
    objects: [
      { name: 'svc', kind: 'service' },
      { name: 'inbox', kind: 'channel' },
    ],
    values: 2,
    witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
  }),
});
