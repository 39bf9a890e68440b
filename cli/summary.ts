/**
 * The machine-readable summary `--json` prints: verdicts and statistics without the states.
 */
import type { Action } from '../model/core/model.js';
import type { CheckResult } from '../checker/result.js';

/**
 * A JSON-ready summary of a result.
 *
 * @example
 * JSON.stringify(resultSummary(check(dieHard()), []));
 */
export function resultSummary<S, A extends Action>(result: CheckResult<S, A>, files: readonly string[], expectedMismatches?: readonly string[]) {
  return {
    model: result.model,
    config: result.config ?? {},
    ok: result.ok,
    complete: result.complete,
    stoppedBy: result.stoppedBy ?? null,
    stats: result.stats,
    properties: result.properties.map((pr) => {
      const v = pr.verdict;
      return {
        name: pr.name,
        kind: pr.kind,
        status: v.status,
        ...('trace' in v ? { traceStates: v.trace.steps.length + 1, path: v.trace.path } : {}),
        ...('maxReached' in v && v.maxReached !== undefined ? { maxReached: v.maxReached } : {}),
        ...(v.status === 'unbounded' ? { growth: v.growth } : {}),
        ...(v.status === 'unknown' && v.reason !== undefined ? { reason: v.reason } : {}),
        ...(v.status === 'holds' && v.bound !== undefined ? { bound: v.bound, ...(v.witness ? { witnessStates: v.witness.steps.length + 1, witnessPath: v.witness.path } : {}) } : {}),
        ...((v.status === 'holds' || v.status === 'violated') && v.premiseAt !== undefined ? { premiseAt: v.premiseAt } : {}),
        ...(v.status === 'violated' && v.why !== undefined ? { why: v.why } : {}),
      };
    }),
    modelError: result.modelError ? { code: result.modelError.code, phase: result.modelError.phase, message: result.modelError.message } : null,
    ...(expectedMismatches ? { unexpected: expectedMismatches } : {}),
    files,
  };
}
