/**
 * The workload language: small typed programs, one per thread, over design-neutral operations
 * (an RPC, serving requests, a deferred reply to a remembered caller, a one-way send, notify and
 * wait, touching a page, a user-level lock) and a little control flow (bounded loops, a server's
 * endless loop, a nondeterministic choice, a branch on a received value). Each design maps the
 * operations to its own system calls (`Design.operation`); design-specific calls stay available
 * as `native` operations.
 */

/**
 * One operation of a thread's program. The user-level ones (`prepare`, `set`, `answer`, `touch`,
 * `lock`, `unlock`) run in user mode through the MMU; the others are system calls the design
 * carries out. `obj` names one of the workload's objects.
 *
 * - `prepare`: write a request value of the environment's choice (0..values-1) into the message register;
 * - `set`: write a fixed value; `answer`: write the answer to the value last received (it echoes it);
 * - `rpc`: send the message as a request to the service and wait for the reply (seL4 Call, L4 Ipc(S, S));
 * - `serve`: wait for a request on the service; `reply`: answer the request being served;
 * - `replyServe`: reply and wait for the next request in one call (seL4 ReplyRecv);
 * - `save`: keep the caller being served in a slot; `replySaved`: answer the caller kept there;
 * - `send` / `receive`: a one-way message on a channel or service;
 * - `request`: the first half of an RPC written as two calls (L4's Send, then a receive): a send
 *   whose reply is the next message the thread receives (a design without its own mapping sends;
 *   the design reports the transfer as a `request` so that reply correctness knows the server);
 * - `signal` / `wait`: an event;
 * - `touch`: a user access to a page of the thread's space (a page fault if unmapped);
 * - `lock` / `unlock`: a user-level lock; a thread that finds it held blocks until it is released;
 * - `add` / `take`: counters in memory the threads share (items in a shared buffer): `add` puts one
 *   item; `take` moves items from one counter to another: one, as many as bits are set in the value
 *   last received (one per badge), or all;
 * - `exit`: the program ends (added at the end of every finite program);
 * - `native`: a design-specific call per design id; other designs cannot express it.
 *
 * @example
 * const op: Operation = { op: 'rpc', obj: 'svc' };
 */
export type Operation =
  | { readonly op: 'prepare' }
  | { readonly op: 'set'; readonly value: number }
  | { readonly op: 'answer' }
  | { readonly op: 'rpc'; readonly obj: string }
  | { readonly op: 'serve'; readonly obj: string }
  | { readonly op: 'reply' }
  | { readonly op: 'replyServe'; readonly obj: string }
  | { readonly op: 'save'; readonly slot: number }
  | { readonly op: 'replySaved'; readonly slot: number }
  | { readonly op: 'send'; readonly obj: string }
  | { readonly op: 'request'; readonly obj: string }
  | { readonly op: 'receive'; readonly obj: string }
  | { readonly op: 'signal'; readonly obj: string }
  | { readonly op: 'wait'; readonly obj: string }
  | { readonly op: 'touch'; readonly page: number; readonly access: 'read' | 'write' }
  | { readonly op: 'lock'; readonly lock: number }
  | { readonly op: 'unlock'; readonly lock: number }
  | { readonly op: 'add'; readonly counter: string }
  | { readonly op: 'take'; readonly from: string; readonly to: string; readonly how: 'one' | 'bits' | 'all' }
  | { readonly op: 'exit' }
  | { readonly op: 'native'; readonly label: string; readonly calls: Readonly<Record<string, { readonly kind: string }>> };

/**
 * A step of a program: an operation or a control construct.
 *
 * @example
 * const loop: ProgramStep = repeat(2, prepare(), rpc('svc'));
 */
export type ProgramStep =
  | Operation
  | { readonly ctl: 'repeat'; readonly times: number; readonly body: readonly ProgramStep[] }
  | { readonly ctl: 'forever'; readonly body: readonly ProgramStep[] }
  | { readonly ctl: 'choose'; readonly alternatives: readonly (readonly ProgramStep[])[] }
  | { readonly ctl: 'ifReceived'; readonly value: number; readonly then: readonly ProgramStep[]; readonly else: readonly ProgramStep[] }
  | { readonly ctl: 'until'; readonly counter: string; readonly value: number; readonly body: readonly ProgramStep[] };

/**
 * Writes a request value of the environment's choice into the message register.
 *
 * @example
 * const client = [prepare(), rpc('svc')];
 */
export const prepare = (): Operation => ({ op: 'prepare' });

/**
 * Writes `value` into the message register.
 *
 * @example
 * const p = [set(1), send('pipe')];
 */
export const set = (value: number): Operation => ({ op: 'set', value });

/**
 * Writes the answer to the last received value (an echo) into the message register.
 *
 * @example
 * const server = forever(serve('svc'), answer(), reply());
 */
export const answer = (): Operation => ({ op: 'answer' });

/**
 * Calls the service `obj` with the message register and waits for the reply.
 *
 * @example
 * const client = [prepare(), rpc('svc')];
 */
export const rpc = (obj: string): Operation => ({ op: 'rpc', obj });

/**
 * Waits for a request on service `obj`.
 *
 * @example
 * const server = forever(serve('svc'), answer(), reply());
 */
export const serve = (obj: string): Operation => ({ op: 'serve', obj });

/**
 * Answers the request being served with the message register.
 *
 * @example
 * const server = forever(serve('svc'), answer(), reply());
 */
export const reply = (): Operation => ({ op: 'reply' });

/**
 * Answers the request being served and waits for the next one on `obj`, in one call.
 *
 * @example
 * const server = [serve('svc'), forever(answer(), replyServe('svc'))];
 */
export const replyServe = (obj: string): Operation => ({ op: 'replyServe', obj });

/**
 * Keeps the caller being served in slot `slot`, to answer it later.
 *
 * @example
 * const server = [serve('svc'), save(0), serve('ev'), answer(), replySaved(0)];
 */
export const save = (slot: number): Operation => ({ op: 'save', slot });

/**
 * Answers the caller kept in slot `slot`.
 *
 * @example
 * const p = [replySaved(0)];
 */
export const replySaved = (slot: number): Operation => ({ op: 'replySaved', slot });

/**
 * Sends the message register one way on `obj`.
 *
 * @example
 * const producer = repeat(3, prepare(), send('pipe'));
 */
export const send = (obj: string): Operation => ({ op: 'send', obj });

/**
 * Sends the message register to `obj` as a request whose reply the thread receives later with
 * `receive`: an RPC in two calls.
 *
 * @example
 * const client = [prepare(), request('svc'), receive('svc')];
 */
export const request = (obj: string): Operation => ({ op: 'request', obj });

/**
 * Receives a one-way message on `obj`.
 *
 * @example
 * const consumer = forever(receive('pipe'));
 */
export const receive = (obj: string): Operation => ({ op: 'receive', obj });

/**
 * Signals the event `obj`.
 *
 * @example
 * const p = [signal('ev')];
 */
export const signal = (obj: string): Operation => ({ op: 'signal', obj });

/**
 * Waits for the event `obj`.
 *
 * @example
 * const p = forever(wait('ev'));
 */
export const wait = (obj: string): Operation => ({ op: 'wait', obj });

/**
 * A user-mode access to page `page` of the thread's own space.
 *
 * @example
 * const p = [touch(1, 'read')];
 */
export const touch = (page: number, access: 'read' | 'write' = 'read'): Operation => ({ op: 'touch', page, access });

/**
 * Takes user-level lock `lock`, blocking while another thread holds it.
 *
 * @example
 * const p = [lock(0), rpc('svc'), unlock(0)];
 */
export const lock = (l: number): Operation => ({ op: 'lock', lock: l });

/**
 * Releases user-level lock `lock`, waking the threads blocked on it.
 *
 * @example
 * const p = [lock(0), unlock(0)];
 */
export const unlock = (l: number): Operation => ({ op: 'unlock', lock: l });

/**
 * A design-specific call: `calls[designId]` is that design's call; designs not named cannot
 * express it.
 *
 * @example
 * const nb = native('NBSend(svc)', { seL4: { kind: 'NBSend', obj: 0 } });
 */
export const native = (label: string, calls: Readonly<Record<string, { readonly kind: string }>>): Operation => ({ op: 'native', label, calls });

/**
 * Puts one item into shared counter `counter`.
 *
 * @example
 * const producer = [repeat(2, add('items'), signal('ev'))];
 */
export const add = (counter: string): Operation => ({ op: 'add', counter });

/**
 * Moves items from shared counter `from` to counter `to`: one, one per bit set in the value last
 * received (a notification's badges), or all of them.
 *
 * @example
 * const consumer = [until('handled', 2, wait('ev'), take('items', 'handled', 'one'))];
 */
export const take = (from: string, to: string, how: 'one' | 'bits' | 'all'): Operation => ({ op: 'take', from, to, how });

/**
 * Runs `body` until shared counter `counter` holds `value` (tested before each round).
 *
 * @example
 * const consumer = [until('handled', 2, wait('ev'), take('items', 'handled', 'all'))];
 */
export const until = (counter: string, value: number, ...body: ProgramStep[]): ProgramStep => ({ ctl: 'until', counter, value, body });

/**
 * Runs `body` `times` times.
 *
 * @example
 * const client = [repeat(2, prepare(), rpc('svc'))];
 */
export const repeat = (times: number, ...body: ProgramStep[]): ProgramStep => ({ ctl: 'repeat', times, body });

/**
 * Runs `body` for ever: a server's loop. A thread blocked receiving inside it is at a valid end.
 *
 * @example
 * const server = [forever(serve('svc'), answer(), reply())];
 */
export const forever = (...body: ProgramStep[]): ProgramStep => ({ ctl: 'forever', body });

/**
 * Runs one of the alternatives, chosen by the environment (each is an action of its own).
 *
 * @example
 * const server = forever(serve('svc'), answer(), choose([replyServe('svc')], [reply()]));
 */
export const choose = (...alternatives: (readonly ProgramStep[])[]): ProgramStep => ({ ctl: 'choose', alternatives });

/**
 * Runs `then` when the value last received is `value`, `otherwise` else.
 *
 * @example
 * const p = [receive('pipe'), ifReceived(0, [signal('ev')], [])];
 */
export const ifReceived = (value: number, then: readonly ProgramStep[], otherwise: readonly ProgramStep[] = []): ProgramStep => ({ ctl: 'ifReceived', value, then, else: otherwise });

/**
 * Whether an operation runs in user mode (no system call).
 *
 * @example
 * isUserOperation({ op: 'touch', page: 0, access: 'read' }); // true
 */
export function isUserOperation(op: Operation): boolean {
  return op.op === 'prepare' || op.op === 'set' || op.op === 'answer' || op.op === 'touch' || op.op === 'lock' || op.op === 'unlock' || op.op === 'add' || op.op === 'take';
}

/**
 * A short label of an operation, as traces show it: `rpc svc`, `touch 1`.
 *
 * @example
 * operationLabel({ op: 'rpc', obj: 'svc' }); // 'rpc svc'
 */
export function operationLabel(op: Operation): string {
  switch (op.op) {
    case 'set':
      return `set ${op.value}`;
    case 'save':
    case 'replySaved':
      return `${op.op} ${op.slot}`;
    case 'touch':
      return `touch ${op.page}${op.access === 'write' ? ' (write)' : ''}`;
    case 'lock':
    case 'unlock':
      return `${op.op} ${op.lock}`;
    case 'native':
      return op.label;
    case 'add':
      return `add ${op.counter}`;
    case 'take':
      return `take ${op.how} ${op.from}→${op.to}`;
    case 'prepare':
    case 'answer':
    case 'reply':
    case 'exit':
      return op.op;
    default:
      return `${op.op} ${op.obj}`;
  }
}
