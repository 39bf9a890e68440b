/**
 * The machine-readable summary `--json` prints: verdicts and statistics without the states.
 */
import type { Action, Model } from '../model/core/model.js';
import type { CheckResult } from '../checker/result.js';
import { fairnessArgument } from '../counterexamples/fairnessArgument.js';

/**
 * A JSON-ready summary of a result. Given the `model`, a liveness lasso also carries its fairness
 * argument in words (`argument`), as its counterexample file does.
 *
 * @example
 * JSON.stringify(resultSummary(check(dieHard()), []));
 * JSON.stringify(resultSummary(check(model), [], undefined, model)); // with each lasso's argument
 */
export function resultSummary<S, A extends Action>(result: CheckResult<S, A>, files: readonly string[], expectedMismatches?: readonly string[], model?: Model<S, A>) {
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
        ...(v.status === 'violated' && v.instance !== undefined ? { instance: v.instance } : {}),
        ...(v.status === 'violated' && v.trace.loop !== undefined && model !== undefined ? { argument: fairnessArgument(model, pr) } : {}),
      };
    }),
    modelError: result.modelError ? { code: result.modelError.code, phase: result.modelError.phase, message: result.modelError.message } : null,
    ...(expectedMismatches ? { unexpected: expectedMismatches } : {}),
    files,
  };
}
