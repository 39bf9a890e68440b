/**
 * Workload: a component that takes a lock in its handler and calls a second component, which calls
 * back into the first through another entry that takes the same lock (card M11 F3). Component S1
 * serves s1 (take lock 0, call s2, release) and s1b (take lock 0, release); component S2 serves s2
 * by calling s1b. `released` releases the lock before the call out; `acrossCall` holds it across
 * the call, which comes back needing it. Under thread migration the lock is a blockpoint of the
 * user-level scheduler: with two clients the second waits at it while the first is inside S1, and
 * with the lock held across the call the thread that holds it waits on itself (deadlock, at user
 * level). With one thread per server, S1's second thread waits for S1's first, which waits for S2.
 *
 * Properties beyond the framework's: the witness 'a call completes'.
 */
import { answer, forever, lock, prepare, reply, rpc, serve, unlock, type ProgramStep } from './program.js';
import { defineWorkload, type ThreadSpec } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const f3 = compose(composite(), componentLock.build({ ...componentLock.defaults, lock: 'acrossCall' }));
 */
export const componentLock = defineWorkload({
  id: 'componentLock',
  title: 'a component holding a lock across a call that comes back into it (M11 F3)',
  params: {
    lock: { type: 'enum', values: ['released', 'acrossCall'], doc: 'released: S1 releases its lock before calling S2; acrossCall: it holds it across the call' },
    clients: { type: 'int', min: 1, max: 2, doc: 'client threads calling s1' },
  },
  defaults: { lock: 'released', clients: 1 },
  build: (c) => {
    const held = c.lock === 'acrossCall';
    const clients = c.clients as number;
    const s1: ProgramStep[] = held ? [serve('s1'), lock(0), answer(), rpc('s2'), answer(), unlock(0), reply()] : [serve('s1'), lock(0), answer(), unlock(0), rpc('s2'), answer(), reply()];
    const threads: ThreadSpec[] = [
      ...Array.from({ length: clients }, (_, i) => ({ name: `client ${i + 1}`, space: `${i + 1}`, program: [prepare(), rpc('s1')] })),
      { name: 'S1', space: 'S1', program: [forever(...s1)] },
      { name: 'S1 lookup', space: 'S1', program: [forever(serve('s1b'), lock(0), answer(), unlock(0), reply())] },
      { name: 'S2', space: 'S2', program: [forever(serve('s2'), answer(), rpc('s1b'), answer(), reply())] },
    ];
    return {
      name: `componentLock(lock=${c.lock},clients=${clients})`,
      threads,
      objects: [
        { name: 's1', kind: 'service' },
        { name: 's1b', kind: 'service' },
        { name: 's2', kind: 'service' },
      ],
      values: 2,
      locks: 1,
      witness: { name: 'a call completes', holds: (v, s) => v.replied(s) },
    };
  },
});
