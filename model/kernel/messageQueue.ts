/**
 * A bounded kernel message queue, as asynchronous IPC keeps it (a Mach port's kmsg queue, a
 * pipe's buffer of chunks): messages `{ sender, value }` in FIFO order, with a configurable
 * limit (`null` for none). Each queued message is one kernel object, counted through
 * `model/kernel/kernelMemory`'s `allocate` and `release`, so a `bounded` property over the count
 * tells a bounded design from an unbounded one. Whether a full queue blocks the sender, fails
 * it, or is ignored (an exempt message) is the protocol's choice: {@link canEnqueue} answers the
 * question and {@link enqueueMessage} refuses to overflow unless the message is exempt.
 */
import { int, queue, record, type Infer } from '../core/shape/index.js';
import { allocate, release } from './kernelMemory.js';
import { threadId } from '../core/shape/roles.js';

/**
 * The shape of one message from threads 1..threads with values 0..values-1.
 *
 * @example
 * const shape = messageShape(2, 3); // { sender: 1..2, value: 0..2 }
 */
export function messageShape(threads: number, values: number) {
  return record({ sender: threadId(threads, 1), value: int(0, values - 1) });
}

/**
 * One queued message: who sent it and what it carries.
 *
 * @example
 * const m: Message = { sender: 1, value: 0 };
 */
export type Message = Infer<ReturnType<typeof messageShape>>;

/**
 * The shape of a message queue. `maxLen` is only how long the state may grow before it leaves
 * its shape (for an unlimited queue, set it above the bound the property checks); the queue's
 * own limit is a parameter of {@link enqueueMessage}.
 *
 * @example
 * const shape = messageQueueShape(5, 2, 3);
 */
export function messageQueueShape(maxLen: number, threads: number, values: number) {
  return queue(maxLen, messageShape(threads, values));
}

/**
 * A queue limit: at most this many messages, or `null` for no limit.
 *
 * @example
 * const machDefault: QueueLimit = 5;
 * const seedPostMach: QueueLimit = null;
 */
export type QueueLimit = number | null;

/**
 * Whether a message fits under `limit` (an exempt message always fits).
 *
 * @example
 * canEnqueue([{ sender: 1, value: 0 }], 1);          // false
 * canEnqueue([{ sender: 1, value: 0 }], 1, true);    // true
 * canEnqueue([{ sender: 1, value: 0 }], null);       // true
 */
export function canEnqueue(q: readonly Message[], limit: QueueLimit, exempt = false): boolean {
  return exempt || limit === null || q.length < limit;
}

/**
 * Appends `msg` and allocates one kernel object for it. Throws when the queue is full and the
 * message is not exempt: the caller must have checked {@link canEnqueue} and blocked or failed.
 *
 * @example
 * enqueueMessage([], 0, { sender: 1, value: 0 }, 5); // { queue: [{ sender: 1, value: 0 }], objects: 1 }
 */
export function enqueueMessage(q: readonly Message[], objects: number, msg: Message, limit: QueueLimit, exempt = false): { queue: Message[]; objects: number } {
  if (!canEnqueue(q, limit, exempt)) throw new Error(`message queue: enqueue past the limit ${limit}`);
  const out = q.slice();
  out.push(msg);
  return { queue: out, objects: allocate(objects) };
}

/**
 * Removes the head message and releases its kernel object. Throws on an empty queue.
 *
 * @example
 * dequeueMessage([{ sender: 1, value: 0 }], 1); // { msg: { sender: 1, value: 0 }, queue: [], objects: 0 }
 */
export function dequeueMessage(q: readonly Message[], objects: number): { msg: Message; queue: Message[]; objects: number } {
  if (q.length === 0) throw new Error('message queue: dequeue from an empty queue');
  return { msg: q[0], queue: q.slice(1), objects: release(objects) };
}
