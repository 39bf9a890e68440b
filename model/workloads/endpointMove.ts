/**
 * Workload: a consumer hands its endpoint of a one-way channel to another thread while the
 * producer sends (card M12 F5, Singularity only: the transfer is a native call). Producer C sends
 * two events on `ch`; consumer A holds the receiving endpoint at first and moves it to B, who
 * accepts it and receives until C has gone. A moves it after receiving the first event (`move=
 * afterReceive`: the endpoint then owes an acknowledgement and can receive nothing) or at once
 * (`move=atOnce`: it can receive an event carrying an exchange-heap block, which the Sing# rule
 * "Endpoint must move in a state without pointer receives" forbids).
 *
 * Properties beyond the framework's: the witness 'B receives an event'.
 *
 * Seeded bug (F5): `move=atOnce` on a design that lets endpoints move in any state: an event C
 * sends while the endpoint is in flight gets A's owner PID; A exits, the cleanup frees the block,
 * and B still holds it (OWN fails).
 */
import { forever, ifReceived, native, receive, send, set, type ProgramStep } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const m = compose(singularity({ moveRule: false }), endpointMove.build({ move: 'atOnce' }));
 */
export const endpointMove = defineWorkload({
  id: 'endpointMove',
  title: 'a consumer sending its endpoint to another thread while the producer sends (M12 F5)',
  params: { move: { type: 'enum', values: ['afterReceive', 'atOnce'], doc: 'A moves the endpoint after receiving the first event, or at once (F5)' } },
  defaults: { move: 'afterReceive' },
  build: (c) => {
    const move = c.move as string;
    const moveCall = { kind: 'MoveEndpoint', obj: 0, to: 3 };
    const acceptCall = { kind: 'AcceptEndpoint', obj: 0 };
    const moveToB = native('MoveEndpoint(ch → B)', { Singularity: moveCall });
    // A holds the receiving endpoint from boot: moving at once, its receive sits in a branch never taken.
    const a: ProgramStep[] = move === 'atOnce' ? [ifReceived(1, [receive('ch')]), moveToB] : [receive('ch'), moveToB];
    return {
      name: `endpointMove(move=${move})`,
      threads: [
        { name: 'C', space: 'C', program: [set(1), send('ch'), set(2), send('ch')] },
        { name: 'A', space: 'A', program: a },
        { name: 'B', space: 'B', program: [native('AcceptEndpoint(ch)', { Singularity: acceptCall }), forever(receive('ch'))] },
      ],
      objects: [{ name: 'ch', kind: 'channel' }],
      values: 3,
      witness: { name: 'B receives an event', holds: (v, s) => v.received(s, 'B') !== 0 },
    };
  },
});
