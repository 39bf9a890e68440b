/**
 * Reading verdicts in protocol-model tests: a trace's actions as the model labels them, and the
 * properties that did not pass.
 */
import type { CheckResult, VerdictStatus } from '../../checker/result.js';
import { formatAction, type Action, type Model } from '../../model/core/model.js';

/** The actions of `property`'s trace, as the model labels them; throws when the verdict has no trace. */
export function traceActions<S, A extends Action>(model: Model<S, A>, r: CheckResult<S, A>, property: string): string[] {
  const v = r.verdicts[property];
  if (v === undefined) throw new Error(`no property '${property}'`);
  if (!('trace' in v)) throw new Error(`'${property}' is ${v.status}, with no trace`);
  return v.trace.steps.map((s) => formatAction(model, s.action));
}

/** Every verdict that is not `holds` or `witnessed`, by property name. */
export function failingVerdicts<S, A extends Action>(r: CheckResult<S, A>): Record<string, VerdictStatus> {
  return Object.fromEntries(r.properties.filter((p) => p.verdict.status !== 'holds' && p.verdict.status !== 'witnessed').map((p) => [p.name, p.verdict.status]));
}
