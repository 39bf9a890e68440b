/**
 * The CLI's exit codes. Each kind of outcome has its own code so that scripts can tell them apart.
 */
import { match } from 'ts-pattern';
import type { Action } from '../model/core/model.js';
import type { CheckResult, PropertyResult } from '../checker/result.js';

/**
 * Exit codes, documented in the README.
 *
 * @example
 * process.exitCode = ExitCode.Deadlock; // 3
 */
export const ExitCode = {
  /** Every property passed on a complete search (or, for the whole registry, every verdict was as expected). */
  Ok: 0,
  /** An `always`, `step` or liveness (`leadsTo`, `eventually`, `alwaysEventually`) property was violated. */
  Violated: 1,
  /** Bad command line: unknown model, option or value, or a `--replay` file that cannot be read, is not a trace or names no registry model. Nothing was written. */
  Usage: 2,
  /** A deadlock was found: a state with no enabled action, or a thread stuck forever (`neverStuck`). */
  Deadlock: 3,
  /** A `sometimes` property was never witnessed: the model may be vacuous. */
  Unwitnessed: 4,
  /** A `bounded` measure exceeded its bound (or grows without bound), or a `responseBound` is infinite. */
  BoundExceeded: 5,
  /** The model threw, left its declared shape, or is not deterministic; or its definition was rejected before any search (a `ModelDefinitionError`, such as an ill-formed Singularity contract). */
  ModelError: 6,
  /** A search bound (states, depth, time) stopped the search before any failure was found, or a property could not be decided in this mode. */
  Incomplete: 7,
  /** `--replay`: the recorded trace does not replay to the recorded states, or cannot be replayed at all (an action index out of range). */
  ReplayMismatch: 8,
  /** `npm run check` (whole registry): some verdict differs from the registry's expectation. */
  UnexpectedVerdict: 9,
  /**
   * The verdicts and statistics were printed (and `--json` output), but a counterexample file or
   * its directory, or standard output itself (a full disk), could not be written; each is named
   * on stderr with the reason. Wins over every verdict's code, so that a script never takes the
   * files for written. A reader that stops reading (`| head`) is no failure.
   */
  NotWritten: 10,
  /** No usable temporary directory (`TMPDIR` and `/tmp` missing, not directories or not writable): nothing was checked; set `TMPDIR` to a writable directory. */
  NoTempDir: 11,
  /** The CLI itself failed (a bug). */
  Internal: 70,
  /** Interrupted with Ctrl-C (SIGINT): the statistics so far were printed, written files kept, temporary files removed. */
  Interrupted: 130,
  /** Stopped by SIGTERM (`kill`, a CI timeout): handled as Ctrl-C is, the statistics so far printed, temporary files removed. */
  Terminated: 143,
} as const;

/**
 * One of the exit code values: the numbers in {@link ExitCode}, 0 to 11, 70, 130 or 143.
 *
 * @example
 * const code: ExitCodeValue = exitCodeOf(check(dieHard())); // 1
 */
export type ExitCodeValue = (typeof ExitCode)[keyof typeof ExitCode];

function propertyExitCode<S, A extends Action>(pr: PropertyResult<S, A>): ExitCodeValue {
  // An unknown verdict with a reason was left undecided by a complete search (`neverStuck` in
  // fingerprint mode): as inconclusive as a search a bound stopped.
  if (pr.verdict.status === 'unknown') return pr.verdict.reason === undefined ? ExitCode.Ok : ExitCode.Incomplete;
  return match(pr.verdict.status)
    .with('holds', 'witnessed', () => ExitCode.Ok)
    .with('unwitnessed', () => ExitCode.Unwitnessed)
    .with('unbounded', () => ExitCode.BoundExceeded)
    .with('violated', () =>
      match(pr.kind)
        .with('deadlockFree', 'neverStuck', () => ExitCode.Deadlock)
        .with('bounded', 'responseBound', () => ExitCode.BoundExceeded)
        .with('always', 'step', 'sometimes', 'leadsTo', () => ExitCode.Violated)
        .exhaustive(),
    )
    .exhaustive();
}

/**
 * Which failure wins when several kinds occur: the most fundamental first. A violated liveness
 * property (`LIVENESS`, exit code 1) comes after a deadlock: a deadlock usually is why a call is
 * never answered, and it is the more specific report.
 */
const LIVENESS = -1;
const PRECEDENCE: readonly number[] = [
  ExitCode.Interrupted,
  ExitCode.ModelError,
  ExitCode.Violated,
  ExitCode.Deadlock,
  LIVENESS,
  ExitCode.BoundExceeded,
  ExitCode.Unwitnessed,
  ExitCode.Incomplete,
];

/**
 * The exit code of checking one model.
 *
 * @example
 * exitCodeOf(check(dieHard())); // 1: 'big jug never holds 4' is violated
 */
export function exitCodeOf<S, A extends Action>(result: CheckResult<S, A>): ExitCodeValue {
  const codes = new Set<number>(result.properties.map((pr) => (pr.kind === 'leadsTo' && pr.verdict.status === 'violated' ? LIVENESS : propertyExitCode(pr))));
  if (result.stoppedBy === 'interrupted') codes.add(ExitCode.Interrupted);
  if (result.modelError) codes.add(ExitCode.ModelError);
  if (!result.complete) codes.add(ExitCode.Incomplete);
  const first = PRECEDENCE.find((c) => codes.has(c));
  return first === undefined ? ExitCode.Ok : first === LIVENESS ? ExitCode.Violated : (first as ExitCodeValue);
}
