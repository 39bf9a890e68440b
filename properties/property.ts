/**
 * Properties are data: the checker interprets them, models only list them.
 */

/**
 * An invariant: `holds` is true in every reachable state. Made by {@link always}.
 *
 * @example
 * const p: Always<Jugs> = always('big jug never holds 4', (s: Jugs) => s.big !== 4);
 */
export interface Always<S> {
  readonly kind: 'always';
  readonly name: string;
  readonly holds: (s: S) => boolean;
}

/**
 * A reachability witness: some reachable state satisfies `holds`. Unwitnessed is a failure.
 * Made by {@link sometimes}.
 *
 * @example
 * const p: Sometimes<Jugs> = sometimes('big jug holds 4', (s: Jugs) => s.big === 4);
 */
export interface Sometimes<S> {
  readonly kind: 'sometimes';
  readonly name: string;
  readonly holds: (s: S) => boolean;
}

/**
 * A transition invariant: `holds(s, a, t)` for every reachable transition `s --a--> t`.
 * Made by {@link step}.
 *
 * @example
 * const p: Step<Jugs, JugAction> = step('filling never empties', (s: Jugs, a: JugAction, t: Jugs) => a.kind !== 'FillBig' || t.big >= s.big);
 */
export interface Step<S, A> {
  readonly kind: 'step';
  readonly name: string;
  readonly holds: (s: S, a: A, t: S) => boolean;
}

/**
 * No reachable state without enabled actions, except valid end states. Made by {@link deadlockFree}.
 *
 * @example
 * const p: DeadlockFree<State> = deadlockFree({ validEnd: (s: State) => s.done });
 */
export interface DeadlockFree<S> {
  readonly kind: 'deadlockFree';
  readonly name: string;
  readonly validEnd: (s: S) => boolean;
}

/**
 * A measure (kernel memory, queue length) stays at most `max` in every reachable state.
 * Made by {@link bounded}.
 *
 * @example
 * const p: Bounded<State> = bounded('kernel memory ≤ 4 messages', (s: State) => s.queue.length, 4, 'kernel message');
 */
export interface Bounded<S> {
  readonly kind: 'bounded';
  readonly name: string;
  readonly measure: (s: S) => number;
  readonly max: number;
  /** What one unit of the measure is, for growth witnesses: `kernel message`. */
  readonly unit: string;
}

/**
 * Any property a model can list.
 *
 * @example
 * const props: Property<Jugs, JugAction>[] = [always('big jug never holds 4', (s) => s.big !== 4), deadlockFree()];
 */
export type Property<S, A> = Always<S> | Sometimes<S> | Step<S, A> | DeadlockFree<S> | Bounded<S>;

/**
 * The kinds of property, in the order reports list them: the `kind` tag of each {@link Property}.
 *
 * @example
 * const kind: PropertyKind = deadlockFree().kind; // 'deadlockFree'
 */
export type PropertyKind = Property<unknown, unknown>['kind'];
