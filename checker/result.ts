/**
 * What a check returns: statistics, completeness, and one verdict per property.
 */
import type { Action, Config } from '../model/core/model.js';
import type { PropertyKind } from '../properties/property.js';
import type { ModelError } from './errors.js';
import type { Trace } from './trace.js';

/**
 * A growth witness: steps `loopStart…loopEnd-1` of the trace, repeated from the state where the
 * bound was first exceeded, stay enabled and grow the measure every round. The verdict's trace
 * carries the prefix and the repeated rounds.
 *
 * @example
 * `steps ${g.loopStart + 1}–${g.loopEnd} repeated ${g.rounds} more times: +${g.growthPerRound} ${g.unit} per round`
 */
export interface GrowthWitness {
  /** First step (0-based index into `trace.steps`) of the repeated segment. */
  readonly loopStart: number;
  /** One past its last step. */
  readonly loopEnd: number;
  /** Steps in the trace before the replayed rounds (the bound is exceeded at the end of this prefix). */
  readonly prefixSteps: number;
  readonly rounds: number;
  /** The measure at the end of the prefix and after each round. */
  readonly measures: readonly number[];
  /** The smallest growth of one round. */
  readonly growthPerRound: number;
  readonly unit: string;
}

/**
 * The verdict on one property.
 * - `holds`: the search was complete and found no violation (for `bounded`, `maxReached` is exact;
 *   for `responseBound`, `bound` is the worst case and `witness` a trace that reaches it);
 * - `violated`: the trace is a shortest counterexample; for a liveness property, a lasso (a path
 *   to a cycle that repeats for ever, or to a deadlock), and for `responseBound`, `why` it is unbounded;
 * - `unbounded`: a bounded measure grows without limit, with a growth witness;
 * - `witnessed` / `unwitnessed`: for `sometimes`; unwitnessed is a failure (a vacuous model);
 * - `unknown`: the search was incomplete and found neither a violation nor a witness.
 *
 * @example
 * if (v.status === 'violated') console.log(v.trace.steps.length, 'steps');
 */
export type Verdict<S, A extends Action> =
  | {
      readonly status: 'holds';
      readonly maxReached?: number;
      /** `responseBound`: the worst-case number of (counted) steps from a request to its response. */
      readonly bound?: number;
      /** `responseBound`: a trace on which the response takes `bound` steps (from state `premiseAt`). */
      readonly witness?: Trace<S, A>;
      /** `responseBound`: the state of `witness` (0 is the initial state) where the request is outstanding. */
      readonly premiseAt?: number;
    }
  | {
      readonly status: 'violated';
      /** For a liveness property, a lasso: `trace.loop` says where it repeats (or that it ends in a deadlock). */
      readonly trace: Trace<S, A>;
      readonly maxReached?: number;
      /** `neverStuck`: the thread that, from the trace's last state, can never be unblocked. */
      readonly stuckThread?: string;
      /** Liveness: the state of the lasso (0 is the initial state) where the premise (`p`, the request) holds and the answer never comes. */
      readonly premiseAt?: number;
      /** `responseBound`: why the bound is infinite. */
      readonly why?: 'never answered' | 'postponed by a cycle';
      /** A family of leads-to (`leadsToEach`): the instance the lasso violates. */
      readonly instance?: string;
    }
  | { readonly status: 'unbounded'; readonly trace: Trace<S, A>; readonly growth: GrowthWitness }
  | { readonly status: 'witnessed'; readonly trace: Trace<S, A> }
  | { readonly status: 'unwitnessed' }
  | {
      readonly status: 'unknown';
      readonly maxReached?: number;
      /** Why the property could not be decided when the search was complete. */
      readonly reason?: string;
    };

/**
 * Every verdict status: `holds`, `violated`, `unbounded`, `witnessed`, `unwitnessed` or `unknown`.
 *
 * @example
 * const status: VerdictStatus = check(dieHard()).verdicts['deadlock free'].status; // 'holds'
 */
export type VerdictStatus = Verdict<unknown, Action>['status'];

/**
 * A property's name, kind and verdict.
 *
 * @example
 * result.properties.filter((p) => p.verdict.status === 'violated').map((p) => p.name);
 */
export interface PropertyResult<S, A extends Action> {
  readonly name: string;
  readonly kind: PropertyKind;
  readonly verdict: Verdict<S, A>;
}

/**
 * Why a search stopped before exploring everything: a search bound, an interrupt, a violation
 * (with `stopOnViolation`) or a model error. Found in {@link CheckResult.stoppedBy}.
 *
 * @example
 * const r = check(model, { maxStates: 1000 });
 * if (r.stoppedBy === 'maxStates') console.log('incomplete: raise --max-states');
 */
export type StopReason = 'maxStates' | 'maxDepth' | 'timeLimit' | 'maxMemory' | 'interrupted' | 'violation' | 'modelError';

/**
 * One breadth-first level (the states at one depth): as BEEM publishes its models' levels.
 *
 * @example
 * stats.levels[0]; // { states: 1, transitions: 2 }: one initial state, with two enabled actions
 */
export interface LevelStats {
  /** Distinct states first reached at this depth. */
  readonly states: number;
  /** Transitions generated from them: one per enabled action of each that was expanded. */
  readonly transitions: number;
}

/**
 * Statistics with TLC's conventions: `generated` counts the initial states plus one per enabled
 * action of every expanded state (self-loops and duplicates included); `depth` counts states on the
 * longest shortest path, initial states at depth 1.
 *
 * @example
 * `${stats.distinct} distinct, ${stats.generated} generated, depth ${stats.depth}`
 */
export interface CheckStats {
  readonly distinct: number;
  readonly generated: number;
  readonly depth: number;
  /** Distinct initial states (the states at depth 1; `init()` may return one twice). */
  readonly initial: number;
  /**
   * Transitions generated: one per enabled action of every expanded state, self-loops and
   * transitions to states already seen included (`generated` less the states `init()` returned).
   */
  readonly transitions: number;
  /**
   * Deadlock states: expanded states with no enabled action that are not valid ends. A state is
   * a valid end when every `deadlockFree` property of the model accepts it (`validEnd`); with no
   * such property, every state without an enabled action counts, as BEEM and DiVinE count them. A
   * state whose successors all lie outside `withinBounds` has enabled actions, so it is not one;
   * nor is a state left unexpanded by a bound.
   */
  readonly deadlocks: number;
  /** Per breadth-first level, index 0 for depth 1: its states and the transitions generated from them. */
  readonly levels: readonly LevelStats[];
  /** States discovered but not expanded when the search ended. */
  readonly queue: number;
  /** The search's time: `statesPerSecond` is `distinct` over it. */
  readonly elapsedMs: number;
  readonly statesPerSecond: number;
  /**
   * Time spent after the search deciding the properties that need the whole state graph
   * (`neverStuck`, the liveness properties), not included in `elapsedMs`; absent when no such analysis ran.
   */
  readonly analysisMs?: number;
  /** Store bytes per distinct state: arena slots in use, the whole visited table, parent and action records. */
  readonly bytesPerState: number;
  /** Encoded size of one state. */
  readonly stateBytes: number;
  /**
   * Present in fingerprint mode: TLC's optimistic estimate of the probability that two distinct
   * states shared a 64-bit fingerprint, distinct × (generated − distinct) / 2^64.
   */
  readonly fingerprint?: { readonly bits: 64; readonly collisionProbability: number };
  /** Worker threads of a parallel check (absent for the one-worker `check`). */
  readonly workers?: number;
  /**
   * Present under symmetry reduction: the groups of interchangeable threads and the number of
   * renamings they allow. `distinct` then counts orbits (one stored state each), and `depth` and
   * the levels are those of the reduced graph: an orbit is as deep as its nearest state.
   */
  readonly symmetry?: { readonly groups: readonly (readonly number[])[]; readonly permutations: number };
}

/**
 * The result of `check`. `complete` is false when a bound, an interrupt, a model error or
 * `stopOnViolation` ended the search; `stoppedBy` then says which.
 *
 * @example
 * const r = check(model);
 * r.ok;                           // every property passed on a complete search
 * r.verdicts['deadlock free'];    // { status: 'holds' }
 */
export interface CheckResult<S, A extends Action> {
  readonly model: string;
  readonly config?: Config;
  readonly ok: boolean;
  readonly complete: boolean;
  readonly stoppedBy?: StopReason;
  readonly properties: readonly PropertyResult<S, A>[];
  readonly verdicts: Readonly<Record<string, Verdict<S, A>>>;
  readonly modelError?: ModelError<S, A>;
  readonly stats: CheckStats;
}

/**
 * Whether a verdict passes (`holds`, `witnessed`), fails, or is inconclusive (`unknown`).
 *
 * @example
 * verdictOutcome({ status: 'unwitnessed' }); // 'fail'
 */
export function verdictOutcome(v: { readonly status: VerdictStatus }): 'pass' | 'fail' | 'inconclusive' {
  switch (v.status) {
    case 'holds':
    case 'witnessed':
      return 'pass';
    case 'unknown':
      return 'inconclusive';
    default:
      return 'fail';
  }
}
