/**
 * What the explorer's JSON API answers, shared by the server that builds it and the page that
 * draws it (the page imports these types only, so nothing of the server reaches the browser).
 */

/**
 * One leaf of the current state: its path from the root (`pc[1]`, `kernel.ep.sendQ`), its value
 * as the counterexample printers show it, and its value before the last step when that step
 * changed it.
 *
 * @example
 * const field: ViewField = { path: 'big', value: '5', before: '0' };
 */
export interface ViewField {
  readonly path: string;
  readonly value: string;
  /** The value before the last step, present only when the last step changed this leaf. */
  readonly before?: string;
}

/**
 * One enabled action of the current state, in the model's order (its position is the index a
 * path records), with where it leads.
 *
 * @example
 * const a: ViewAction = { index: 1, label: 'FillBig', key: '00000005', onPath: null };
 */
export interface ViewAction {
  /** The action's index among the enabled actions: what `path=` records for it. */
  readonly index: number;
  /** The label traces give it (`formatAction`: the model's `showAction`, else `Kind(field=value, …)`). */
  readonly label: string;
  /** The successor's identity (its encoding in hexadecimal); undefined when the successor could not be computed. */
  readonly key?: string;
  /** The successor is the state at this position of the current path (0 the initial state), if it is one. */
  readonly onPath: number | null;
  /** The successor lies outside the model's `withinBounds`: a search counts it but does not store it. */
  readonly outOfBounds?: boolean;
  /** Taking the action failed (the model threw, or the successor left the declared shape). */
  readonly error?: string;
}

/**
 * A property's verdict in the current state. `always`, `sometimes` and `bounded` are decided
 * by the state alone; `deadlockFree` says whether the state is a deadlock; `step` judges the
 * last step. The other kinds are decided over the whole state graph by a check, not here.
 *
 * @example
 * const v: ViewVerdict = { name: 'big jug never holds 4', kind: 'always', status: 'violated' };
 */
export interface ViewVerdict {
  readonly name: string;
  readonly kind: string;
  /**
   * `holds` / `violated` (`always`, `bounded`, `deadlockFree`, `step`), `witnessed` /
   * `not here` (`sometimes`), `not judged here` for properties of the whole graph or a `step`
   * property in the initial state, and `error` when the predicate threw.
   */
  readonly status: 'holds' | 'violated' | 'witnessed' | 'not here' | 'not judged here' | 'error';
  /** A `bounded` measure's value here and its bound, or the message of a predicate that threw. */
  readonly detail?: string;
}

/**
 * The explorer's view of one path through a model: the steps so far, the current state with what
 * the last step changed, the enabled actions, the verdicts here and the sequence chart.
 *
 * @example
 * const view: View = await (await fetch('/api/view?model=dieHard&path=1')).json();
 * view.fields; // [{ path: 'small', value: '0' }, { path: 'big', value: '5', before: '0' }]
 */
export interface View {
  /** The model's name, configuration included. */
  readonly model: string;
  /** The query that reproduces this view (`model=dieHard&set=big%3D7&path=1.5`), without `?`. */
  readonly query: string;
  /** How many initial states the model has, and which one the path starts from. */
  readonly initCount: number;
  readonly init: number;
  /** The path's action indices, and the label of each step. */
  readonly path: readonly number[];
  readonly steps: readonly string[];
  /** The identity of every state on the path, the initial one first (the last is the current state). */
  readonly pathKeys: readonly string[];
  readonly fields: readonly ViewField[];
  readonly actions: readonly ViewAction[];
  readonly verdicts: readonly ViewVerdict[];
  /** The path as a message-sequence chart (SVG), when the model has a sequence view and the path a step. */
  readonly chartSvg?: string;
  /** Why `actions` could not be listed (the model's `actions()` threw), if it could not. */
  readonly actionsError?: string;
}

/**
 * What the explorer was started on: the query of its first view, and, when it opened a
 * counterexample file, that trace's property and verdict.
 *
 * @example
 * const s: ExploreSession = { query: 'model=dieHard&path=1.5.2.5.1.5', title: 'dieHard(small=3,big=5,target=4)',
 *   trace: { file: 'big-jug-never-holds-4.json', property: 'big jug never holds 4', verdict: 'violated' } };
 */
export interface ExploreSession {
  readonly query: string;
  readonly title: string;
  readonly trace?: { readonly file: string; readonly property?: string; readonly verdict: string };
}
