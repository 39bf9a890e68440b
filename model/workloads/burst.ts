/**
 * Workload: a client sending a burst of one-way messages to a slow server, or to one that never
 * receives (the survey's "client that sends forever"). On a rendezvous kernel the client blocks
 * until the server takes each message and nothing is allocated; on a kernel that buffers messages
 * kernel memory grows with the burst, bounded only by a queue limit.
 *
 * Properties beyond the framework's: the witness 'the burst is sent' (the client's program ends),
 * and the kernel-memory bound `memoryBound`.
 *
 * Variant `receiver=never`: the server never receives; the client is stuck where the kernel makes
 * it wait, and kernel memory passes any bound where it does not.
 */
import { forever, prepare, receive, repeat, send } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(mach(), burst.build({ ...burst.defaults, receiver: 'never' }));
 */
export const burst = defineWorkload({
  id: 'burst',
  title: 'a client sending a burst to a slow server, or to one that never receives',
  params: {
    messages: { type: 'int', min: 1, max: 8, doc: 'messages in the burst' },
    receiver: { type: 'enum', values: ['slow', 'never'], doc: 'slow: the server receives; never: it never does' },
    memoryBound: { type: 'int', min: 0, max: 8, doc: 'the kernel-memory bound checked' },
  },
  defaults: { messages: 3, receiver: 'slow', memoryBound: 2 },
  build: (c) => {
    const { messages, receiver, memoryBound } = c as { messages: number; receiver: string; memoryBound: number };
    return {
      name: `burst(messages=${messages},receiver=${receiver},memoryBound=${memoryBound})`,
      threads: [
        { name: 'client', space: 'C', program: [repeat(messages, prepare(), send('ch'))] },
        { name: 'server', space: 'S', program: receiver === 'never' ? [forever(receive('idle'))] : [forever(receive('ch'))] },
      ],
      objects: [
        { name: 'ch', kind: 'channel' },
        { name: 'idle', kind: 'channel' },
      ],
      values: 1,
      memoryBound,
      witness: { name: 'the burst is sent', holds: (v, s) => v.finished(s, 'client') },
    };
  },
});
