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
 * No thread stuck forever: from every reachable state in which thread `t` is blocked, some state
 * in which `t` is not blocked stays reachable (CTL: AG(blocked(t) → EF ¬blocked(t))). It catches
 * the partial deadlocks that deadlock freedom misses: a lost reply leaves one client blocked for
 * ever while the rest of the system runs on. Decided after a complete search, over the whole
 * state graph. Made by {@link neverStuck}.
 *
 * @example
 * const p: NeverStuck<State> = neverStuck({ threads: ['client', 'server'], blocked: (s: State, t) => s.blocked[t] });
 */
export interface NeverStuck<S> {
  readonly kind: 'neverStuck';
  readonly name: string;
  /** The threads, by the names counterexamples use; `blocked` receives their indices. */
  readonly threads: readonly string[];
  /** Whether thread `thread` (an index into `threads`) is blocked in `s`. */
  readonly blocked: (s: S, thread: number) => boolean;
}

/**
 * Leads-to under the model's fairness (TLA+'s `p ~> q`): on every fair path, every state where
 * `p` holds is followed (or accompanied) by a state where `q` holds. Made by {@link leadsTo},
 * {@link eventually} (`p` true in the initial states only) and {@link alwaysEventually} (`p`
 * true everywhere). Decided after a complete exact search, over the whole state graph; a
 * violation's trace is a lasso (`trace.loop`).
 *
 * @example
 * const p: LeadsTo<State> = leadsTo('a hungry philosopher eats', (s: State) => s.hungry[0], (s: State) => s.eating[0]);
 */
export interface LeadsTo<S, A = any> { // eslint-disable-line @typescript-eslint/no-explicit-any
  readonly kind: 'leadsTo';
  readonly name: string;
  /**
   * The premise: a state predicate (`k` is the instance, 0 without instances), `'initial'` for
   * `eventually` (it holds in the initial states only), or a step predicate made by `afterStep`
   * (it holds after each step it accepts).
   */
  readonly p: ((s: S, k: number) => boolean) | 'initial' | StepPredicate<S, A>;
  /** The goal: a state predicate, or a step predicate (`afterStep`): the goal is reached by taking such a step. */
  readonly q: ((s: S, k: number) => boolean) | StepPredicate<S, A>;
  /**
   * A family of leads-to, one per instance (`p(s, k) ~> q(s, k)` for each `k`), holding when
   * every one holds: made by {@link leadsToEach}. A violation names the instance that fails.
   */
  readonly instances?: readonly string[];
}

/**
 * A predicate over steps (an action predicate, TLA+'s `<<A>>_v`) for a liveness premise or goal:
 * made by {@link afterStep}. As a premise it holds after each step it accepts; as a goal it is
 * reached when such a step is taken.
 *
 * @example
 * const calls: StepPredicate<State, Act> = afterStep((_s, a: Act) => a.kind === 'Call');
 */
export interface StepPredicate<S, A> {
  readonly step: (s: S, a: A, t: S) => boolean;
}

/**
 * Worst-case response time under the model's fairness: over every fair path, the largest number
 * of steps (or of steps `unit` counts) from a state where `request` holds to the first state
 * where `response` holds. Made by {@link responseBound}. Holds with the bound and a witness that
 * takes that long, or is violated with a lasso: the request is never answered on some fair path,
 * or a cycle can postpone the answer any number of rounds.
 *
 * @example
 * const p: ResponseBound<State, Act> = responseBound('reply latency', (s: State) => s.waiting, (s: State) => !s.waiting);
 */
export interface ResponseBound<S, A> {
  readonly kind: 'responseBound';
  readonly name: string;
  readonly request: (s: S) => boolean;
  readonly response: (s: S) => boolean;
  /** Which transitions count as a step; every one when absent. */
  readonly unit?: (s: S, a: A, t: S) => boolean;
}

/**
 * Any property a model can list.
 *
 * @example
 * const props: Property<Jugs, JugAction>[] = [always('big jug never holds 4', (s) => s.big !== 4), deadlockFree()];
 */
export type Property<S, A> = Always<S> | Sometimes<S> | Step<S, A> | DeadlockFree<S> | NeverStuck<S> | Bounded<S> | LeadsTo<S, A> | ResponseBound<S, A>;

/**
 * The kinds of property, in the order reports list them: the `kind` tag of each {@link Property}.
 *
 * @example
 * const kind: PropertyKind = deadlockFree().kind; // 'deadlockFree'
 */
export type PropertyKind = Property<unknown, unknown>['kind'];
