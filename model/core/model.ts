/**
 * The model API: a model is a plain value, not a class.
 */
import type { Property } from '../../properties/property.js';
import type { Shape } from './shape/shape.js';
import type { SequenceStyle } from './sequence.js';

/**
 * Every action is a discriminated union member on `kind`, named after a kernel step. A model's
 * action type extends it.
 *
 * @example
 * type CounterAction = { readonly kind: 'Inc' } | { readonly kind: 'Add'; readonly by: number };
 * const a: Action = { kind: 'Inc' };
 */
export interface Action {
  readonly kind: string;
}

/**
 * A configuration value a model is built from (`--set key=value` on the CLI).
 *
 * @example
 * const n: ConfigValue = 5;
 * const lefty0: ConfigValue = true;
 */
export type ConfigValue = number | string | boolean;

/**
 * A model's configuration: its sizes and seeded-bug switches.
 *
 * @example
 * const config: Config = { n: 11, lefty0: true };
 */
export type Config = Readonly<Record<string, ConfigValue>>;

/**
 * One fairness group: a thread's steps or a named set of actions, and how the scheduler must
 * treat it. `weak`: a group enabled continuously from some point on is taken infinitely often
 * (a thread that can always run eventually runs); `strong`: a group enabled infinitely often is
 * taken infinitely often; `none`: no promise (the environment: a timeout firing, a value chosen).
 *
 * @example
 * const g: FairnessGroup = { name: 'philosopher 0', kind: 'weak' };
 */
export interface FairnessGroup {
  readonly name: string;
  readonly kind: 'weak' | 'strong' | 'none';
}

/**
 * Which paths count for the liveness properties (`leadsTo`, `eventually`, `alwaysEventually`,
 * `responseBound`): the groups, the group of each action, and optionally which groups are enabled
 * in a state when that is not simply the groups of its enabled actions (a ready thread is enabled
 * in the scheduler's sense even while another holds the processor). Without it, no path is
 * excluded: every group is `none`.
 *
 * @example
 * const fairness: Fairness<State, Act> = {
 *   groups: [{ name: 'phil 0', kind: 'weak' }, { name: 'phil 1', kind: 'weak' }],
 *   groupOf: (_s, a) => a.phil, // every action belongs to its philosopher
 * };
 */
export interface Fairness<S, A> {
  readonly groups: readonly FairnessGroup[];
  /** The group (an index into `groups`) of action `a` taken in `s`, or −1 for none. */
  groupOf(s: S, a: A): number;
  /** The groups enabled in `s`; by default those of its enabled actions. */
  enabled?(s: S): readonly number[];
}

/**
 * Which threads of a model are interchangeable, and how a renaming of threads acts on a state:
 * what symmetry reduction (`check(model, { symmetry: true })`, `--symmetry`) needs to store one
 * state per orbit instead of every state that differs only in which thread is which.
 *
 * Threads are numbered by the model, from 0 (a model whose ids start at 1 subtracts one). A
 * permutation `perm` is an array over the threads 0..n−1, n being one more than the largest
 * index of any group: thread `i` becomes thread `perm[i]`. It moves threads only within their
 * group, and fixes every thread outside the groups.
 *
 * `permute(s, perm)` is pure and returns the state in which each thread plays the part thread
 * `i` played in `s`: it moves every per-thread part (thread `i`'s program counter, registers,
 * slot go to place `perm[i]`) and renames every thread id stored inside (queues, reply
 * capabilities, the current thread, ghost records), consistently. The contract, for every
 * permutation within the groups:
 * - it maps a reachable state to a reachable state (renaming threads in a reachable state gives
 *   a state some execution reaches), and a state of the shape to a state of the shape;
 * - it commutes with `next` up to the renaming of actions: for every enabled action `a` of `s`
 *   there is an enabled action `b` of `permute(s, perm)` with
 *   `next(permute(s, perm), b)` equal to `permute(next(s, a), perm)`, and the other way round;
 * - `init()` is closed under it up to reachability: the permuted initial states need not be
 *   initial (a scheduler that starts thread 1 first is fine), since the search only needs the
 *   orbits of what is reachable, which renaming the start state does not change;
 * - every property the check decides is symmetric: the same verdict on `s` and its permutations
 *   (the check samples the first few thousand states at its start and refuses an asymmetric one).
 *
 * @example
 * // Two interchangeable clients (threads 0 and 1), each with a program counter; `holder` is a
 * // client id (1-based, 0 for none), renamed with them.
 * const symmetry: Symmetry<{ pc: readonly number[]; holder: number }> = {
 *   groups: [[0, 1]],
 *   permute: (s, perm) => {
 *     const pc = s.pc.slice();
 *     for (let i = 0; i < s.pc.length; i++) pc[perm[i]] = s.pc[i];
 *     return { pc, holder: s.holder === 0 ? 0 : perm[s.holder - 1] + 1 };
 *   },
 * };
 */
export interface Symmetry<S> {
  /** Groups of interchangeable threads, each a list of distinct thread indices; no index in two groups. */
  readonly groups: readonly (readonly number[])[];
  /** The state with thread `i` renamed `perm[i]` everywhere (see the contract above); pure. */
  permute(s: S, perm: readonly number[]): S;
  /**
   * Optional, for speed: a number that describes thread `thread`'s part of `s` and travels with
   * it under renaming, `signature(permute(s, perm), perm[i]) === signature(s, i)` (its program
   * counter, its TCB's state, its place in a queue: nothing that names another thread by id).
   * With it, a state's threads are first sorted by signature and only threads with equal
   * signatures are tried in every order, instead of every permutation of the groups: still one
   * canonical state per orbit (the least encoding among the sorted renamings, not always among
   * all), found with far fewer permutations. The sample check at
   * the start of the search refuses a signature that does not travel with its thread.
   */
  signature?(s: S, thread: number): number;
  /**
   * Optional: how the groups were found, for messages (a derived symmetry says which threads it
   * found interchangeable and which candidates it dropped, and why).
   */
  readonly explain?: string;
}

/**
 * A transition system with its properties.
 *
 * - `actions(s)` returns only the actions enabled in `s`, in a deterministic order;
 * - `next(s, a)` is pure and total on those actions and never mutates `s`;
 * - `withinBounds(s)` is TLC's CONSTRAINT: a successor outside it is counted as generated
 *   but neither stored, checked nor expanded;
 * - `fairness` says which infinite paths the liveness properties consider (none excluded without it);
 * - `symmetry` says which threads are interchangeable, for symmetry reduction ({@link Symmetry}).
 *
 * The checker enforces determinism by replaying every counterexample.
 *
 * @example
 * const counter = defineModel({
 *   name: 'counter',
 *   shape: record({ n: int(0, 3) }),
 *   init: () => [{ n: 0 }],
 *   actions: (s) => (s.n < 3 ? [{ kind: 'Inc' } as const] : []),
 *   next: (s) => ({ n: s.n + 1 }),
 *   properties: [always('n stays below 3', (s) => s.n < 3)],
 * });
 */
export interface Model<S, A extends Action> {
  /** Name including the configuration, e.g. `dining(n=5)`. */
  readonly name: string;
  /** The configuration the model was built from, recorded in JSON counterexamples. */
  readonly config?: Config;
  /**
   * The declared state shape: the codec and printer of the states (and their arbitrary, by
   * `arbitraryOf`). A state is the shape's value and nothing more: the checker stores states
   * encoded, and `actions`, `next` and the properties may be given a decoded copy rather than the
   * object `next` returned, so a field outside the shape does not survive.
   */
  readonly shape: Shape<S>;
  /** The initial states, in a deterministic order. */
  init(): readonly S[];
  /** The enabled actions of `s`, in a deterministic order. */
  actions(s: S): readonly A[];
  /** The successor of `s` under the enabled action `a`; pure. */
  next(s: S, a: A): S;
  readonly properties: readonly Property<NoInfer<S>, NoInfer<A>>[];
  /** TLC's CONSTRAINT: successors outside are counted as generated, not stored. */
  withinBounds?(s: S): boolean;
  /** How an action is labelled in traces and graphs; the default prints `Kind(field=value, …)`. */
  showAction?(a: A): string;
  /** The fairness the liveness properties assume; without it, every path counts (no fairness). */
  readonly fairness?: Fairness<NoInfer<S>, NoInfer<A>>;
  /** How traces are drawn as message-sequence charts (lanes per thread, IPC as arrows); without it, none is drawn. */
  readonly sequence?: SequenceStyle<NoInfer<S>, NoInfer<A>>;
  /** The interchangeable threads, for `check(model, { symmetry: true })`; without it, the check refuses symmetry reduction. */
  readonly symmetry?: Symmetry<NoInfer<S>>;
}

/**
 * Identity function that gives a model literal its types.
 *
 * @example
 * const m = defineModel<State, Act>({ name: 'm', shape, init, actions, next, properties: [] });
 */
export function defineModel<S, A extends Action>(model: Model<S, A>): Model<S, A> {
  return model;
}

/**
 * The label of an action: the model's `showAction`, else `Kind(field=value, …)`.
 *
 * @example
 * formatAction(model, { kind: 'Call', client: 2 }); // "Call(client=2)"
 */
export function formatAction<S, A extends Action>(model: Model<S, A>, a: A): string {
  if (model.showAction) return model.showAction(a);
  const fields = Object.entries(a).filter(([k]) => k !== 'kind');
  if (fields.length === 0) return a.kind;
  return `${a.kind}(${fields.map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`).join(', ')})`;
}

/**
 * A model of any state and action type, as registries and CLIs hold them.
 *
 * @example
 * const models: AnyModel[] = [dieHard(), twoPhase()];
 */
export type AnyModel = Model<any, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
