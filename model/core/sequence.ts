/**
 * How a model's traces are drawn as message-sequence charts, the way kernel people draw IPC: one
 * lane per thread (grouped by component), IPC as arrows between lanes, kernel entries, blocking
 * and faults marked on the lanes.
 */

/**
 * One lane of a sequence chart: a thread, in the component (address space) it belongs to.
 *
 * @example
 * const lane: SequenceLane = { name: 'client 1', group: 'A' };
 */
export interface SequenceLane {
  readonly name: string;
  /** The component the thread runs in; lanes of one component are drawn side by side under its name. */
  readonly group?: string;
}

/**
 * What one step shows on the chart: a message from one lane to another (an IPC transfer, a
 * reply, a fault message to a pager), or a mark on one lane.
 *
 * @example
 * const call: SequenceEvent = { kind: 'message', from: 0, to: 2, label: 'Call(7)' };
 * const block: SequenceEvent = { kind: 'mark', lane: 0, label: 'blocked on reply', mark: 'block' };
 */
export type SequenceEvent =
  | { readonly kind: 'message'; readonly from: number; readonly to: number; readonly label: string }
  | { readonly kind: 'mark'; readonly lane: number; readonly label: string; readonly mark: SequenceMark };

/**
 * The kinds of lane mark: entering the kernel, blocking, being unblocked, a page fault, any other note.
 *
 * @example
 * const m: SequenceMark = 'kernel';
 */
export type SequenceMark = 'kernel' | 'block' | 'unblock' | 'fault' | 'note';

/**
 * A model's sequence-chart view: its lanes (from the configuration) and the events of each step.
 * `events` must be pure, like `next`.
 *
 * @example
 * const sequence: SequenceStyle<State, Act> = {
 *   lanes: [{ name: 'client', group: 'A' }, { name: 'server', group: 'B' }],
 *   events: (s, a, t) => (a.kind === 'Call' ? [{ kind: 'message', from: 0, to: 1, label: 'Call' }] : []),
 * };
 */
export interface SequenceStyle<S, A> {
  readonly lanes: readonly SequenceLane[];
  events(s: S, a: A, t: S): readonly SequenceEvent[];
}
