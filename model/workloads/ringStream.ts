/**
 * Workload: a frontend pushing three requests (values 1, 2, 3) through a two-slot channel to a
 * backend that takes three (card M9's scenario, a Xen split driver's request ring). The frontend
 * must wait when the channel is full; the backend must be woken when a request arrives.
 *
 * Properties beyond the framework's: the liveness 'every message is received' (on every fair path
 * the backend takes all three), the witnesses 'the client blocks' (the frontend waits for room)
 * and 'a message is received'; 'no domain stuck forever' watches both.
 *
 * Seeded bugs are the design's (Xen): `noFinalCheck` (F1: the backend sleeps without re-checking
 * the ring after arming its event, and a request arriving in between never wakes it) and
 * `overwrite` (F2: the frontend writes into a full ring and a request is lost).
 */
import { receive, repeat, send, set } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(xen({ noFinalCheck: true }), ringStream.build(ringStream.defaults));
 */
export const ringStream = defineWorkload({
  id: 'ringStream',
  title: 'a frontend pushing requests through a two-slot ring to a backend',
  params: {},
  defaults: {},
  build: () => ({
    name: 'ringStream',
    threads: [
      { name: 'frontend', space: 'front', program: [set(1), send('ring'), set(2), send('ring'), set(3), send('ring')] },
      { name: 'backend', space: 'back', program: [repeat(3, receive('ring'))] },
    ],
    objects: [{ name: 'ring', kind: 'channel', capacity: 2 }],
    values: 4,
    // Message delivery: on every fair path the backend receives all three messages (its program then ends).
    liveness: [{ name: 'every message is received', p: () => true, q: (v, s) => v.finished(s, 'backend') }],
    stuckName: 'no domain stuck forever',
    witness: { name: 'the client blocks', holds: (v, s) => v.blocked(s, 'frontend') },
    witnesses: [{ name: 'a message is received', holds: (v, s) => v.received(s, 'backend') !== 0 }],
  }),
});
