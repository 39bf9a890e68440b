/**
 * Workload: two endpoints that each send three messages (values 1, 2, 3) on a channel of two-slot
 * rings, then receive three (card M10's scenario, Barrelfish UMP between two cores). Each sender
 * can send only while the other side has acknowledged enough; a sender that waits must still
 * drain and acknowledge what it is sent, or both wait for acknowledgements for ever.
 *
 * Properties beyond the framework's: the witnesses 'the client blocks' (endpoint A waits to send)
 * and 'a message is received'; 'no endpoint stuck forever' watches both.
 *
 * Seeded bugs are the design's (UMP): `ignoreCanSend` (F1: the sender laps the receiver and a
 * message is lost) and `blockedSenderStopsDraining` (F2: the acknowledgement deadlock).
 */
import { receive, repeat, send, set } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(ump({ blockedSenderStopsDraining: true }), duplex.build(duplex.defaults));
 */
export const duplex = defineWorkload({
  id: 'duplex',
  title: 'two endpoints each sending three messages, then receiving three, over two-slot rings',
  params: {},
  defaults: {},
  build: () => {
    const endpoint = [set(1), send('chan'), set(2), send('chan'), set(3), send('chan'), repeat(3, receive('chan'))];
    return {
      name: 'duplex',
      threads: [
        { name: 'A', space: 'A', program: endpoint },
        { name: 'B', space: 'B', program: endpoint },
      ],
      objects: [{ name: 'chan', kind: 'channel', capacity: 2 }],
      values: 4,
      stuckName: 'no endpoint stuck forever',
      witness: { name: 'the client blocks', holds: (v, s) => v.blocked(s, 'A') },
      witnesses: [{ name: 'a message is received', holds: (v, s) => v.received(s, 'A') !== 0 || v.received(s, 'B') !== 0 }],
    };
  },
});
