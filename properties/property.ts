/**
 * Properties are data: the checker interprets them, models only list them.
 */

/** An invariant: `holds` is true in every reachable state. */
export interface Always<S> {
  readonly kind: 'always';
  readonly name: string;
  readonly holds: (s: S) => boolean;
}

/** A reachability witness: some reachable state satisfies `holds`. Unwitnessed is a failure. */
export interface Sometimes<S> {
  readonly kind: 'sometimes';
  readonly name: string;
  readonly holds: (s: S) => boolean;
}

/** A transition invariant: `holds(s, a, t)` for every reachable transition `s --a--> t`. */
export interface Step<S, A> {
  readonly kind: 'step';
  readonly name: string;
  readonly holds: (s: S, a: A, t: S) => boolean;
}

/** No reachable state without enabled actions, except valid end states. */
export interface DeadlockFree<S> {
  readonly kind: 'deadlockFree';
  readonly name: string;
  readonly validEnd: (s: S) => boolean;
}

/** A measure (kernel memory, queue length) stays at most `max` in every reachable state. */
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

/** The kinds of property, in the order reports list them. */
export type PropertyKind = Property<unknown, unknown>['kind'];
