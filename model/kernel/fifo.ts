/**
 * FIFO queues of thread ids as immutable arrays, head first: endpoint queues, an L4 receiver's
 * queue of polling senders, the scheduler's run queue.
 */

/**
 * `q` with `t` appended at the tail.
 *
 * @example
 * enqueue([2], 3); // [2, 3]
 */
export function enqueue(q: readonly number[], t: number): number[] {
  const out = q.slice();
  out.push(t);
  return out;
}

/**
 * `q` without its head.
 *
 * @example
 * dequeue([2, 3]); // [3]
 */
export function dequeue(q: readonly number[]): number[] {
  return q.slice(1);
}

/**
 * `q` without `t` (where it is), as when a blocked thread is cancelled out of an endpoint queue.
 *
 * @example
 * without([2, 3, 4], 3); // [2, 4]
 */
export function without(q: readonly number[], t: number): number[] {
  return q.filter((x) => x !== t);
}

/**
 * Whether every element of `q` is distinct: the FIFO discipline of every kernel queue.
 *
 * @example
 * distinct([1, 2]); // true
 * distinct([1, 1]); // false
 */
export function distinct(q: readonly number[]): boolean {
  for (let i = 0; i < q.length; i++) for (let j = i + 1; j < q.length; j++) if (q[i] === q[j]) return false;
  return true;
}
