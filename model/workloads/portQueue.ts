/**
 * Workload: a client filling a server's message queue (card M7's scenario). The client sends
 * `messages - 1` one-way messages with values 1, 2, … and then calls with the last; the server
 * receives them in turn, serves the call and answers it (an echo), or never receives at all.
 * The port holds `qlimit` messages (0: the workload sets no limit, the design's own applies).
 *
 * Properties beyond the framework's: 'no message lost or duplicated' (the server finds the values in order,
 * so nothing is reordered either; Xen's and UMP's designs name their own 'no message lost'), the kernel-memory bound qlimit + 1 (the queue plus the
 * reply in flight; 3 + 1 without a limit, as the monolithic model), the witnesses 'a message is
 * received' and 'the client blocks' (on a full queue: its message is neither queued nor received;
 * waiting for the reply is not counted), the liveness 'every message is received' (on every fair
 * path the server takes every message; never, when it never receives); the stuck threads property
 * keeps the monolithic name.
 *
 * Variants: `server=never` (F2: the client is stuck at the send past the limit, unless a send
 * timeout lets it go); `flood` (F1's sender: `messages` one-way messages of one value, in a loop
 * that repeats step for step, so that a queue without a limit shows a growth witness);
 * `intruder` adds a third task that sends on the client's reply port through a send right
 * (native: a shared reply right is Mach's alone; F4 forges the reply with it).
 */
import { add, answer, ifReceived, native, receive, repeat, reply, rpc, send, serve, set, type ProgramStep } from './program.js';
import { defineWorkload } from './workload.js';

/**
 * The workload.
 *
 * @example
 * const f2 = compose(mach(), portQueue.build({ ...portQueue.defaults, messages: 6, qlimit: 5, server: 'never' }));
 */
export const portQueue = defineWorkload({
  id: 'portQueue',
  title: 'a client sending messages then a call into a server port with a queue limit',
  params: {
    messages: { type: 'int', min: 1, max: 10, doc: 'messages the client sends, the last a call (unless flood)' },
    qlimit: { type: 'int', min: 0, max: 6, doc: "the port's queue limit (0: the design's own)" },
    server: { type: 'enum', values: ['receives', 'never'], doc: 'whether the server receives' },
    flood: { type: 'bool', doc: 'the client only sends, every message alike (F1)' },
    intruder: { type: 'bool', doc: "a third task sends on the client's reply port (F4)" },
  },
  defaults: { messages: 3, qlimit: 2, server: 'receives', flood: false, intruder: false },
  build: (c) => {
    const { messages: n, qlimit, server, flood, intruder } = c as { messages: number; qlimit: number; server: string; flood: boolean; intruder: boolean };
    const check = (v: number): ProgramStep => ifReceived(v, [], [add('lost')]);
    const ones = Array.from({ length: n - 1 }, (_, i) => i + 1);
    const client: ProgramStep[] = flood ? [repeat(n, set(1), send('port'))] : [...ones.flatMap((v) => [set(v), send('port')]), set(n), rpc('port')];
    const serves: ProgramStep[] = flood ? [repeat(n, receive('port'), check(1))] : [...ones.flatMap((v) => [receive('port'), check(v)]), serve('port'), check(n), answer(), reply()];
    const forge = { kind: 'SendReplyPort', to: 1 };
    return {
      name: `portQueue(messages=${n},qlimit=${qlimit},server=${server}${flood ? ',flood' : ''}${intruder ? ',intruder' : ''})`,
      threads: [
        { name: 'client', space: 'C', program: client },
        { name: 'server', space: 'S', program: server === 'receives' ? serves : [] },
        ...(intruder ? [{ name: 'intruder', space: 'I', program: [native('forge reply', { Mach: forge })] }] : []),
      ],
      objects: [{ name: 'port', kind: 'service', ...(qlimit > 0 ? { capacity: qlimit } : {}) }],
      values: n + 1,
      memoryBound: (qlimit || 3) + 1,
      shared: [{ name: 'lost', max: n }],
      invariants: [{ name: 'no message lost or duplicated', holds: (v, s) => v.shared(s, 'lost') === 0 }],
      // Message delivery: on every fair path the server takes every message (its program then ends); a server that never receives takes none.
      liveness: [{ name: 'every message is received', p: () => true, q: (v, s) => server === 'receives' && v.finished(s, 'server') }],
      stuckName: 'no thread stuck forever',
      witness: { name: 'a message is received', holds: (v, s) => v.received(s, 'server') !== 0 },
      // Blocked with its message neither received (the server holds the last value taken) nor queued (the kernel's messages).
      witnesses: [{ name: 'the client blocks', holds: (v, s) => v.blocked(s, 'client') && (flood || v.received(s, 'server') + v.memory(s) < v.message(s, 'client')) }],
    };
  },
});
