/**
 * Reading verdicts in protocol-model tests: a trace's actions as the model labels them, the
 * properties that did not pass, and a registry entry's runs against their expected verdicts.
 */
import { expect } from 'vitest';
import { check } from '../../checker/check.js';
import type { CheckResult, VerdictStatus } from '../../checker/result.js';
import type { RegistryEntry } from '../../registry/entry.js';
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

/** Every verdict that is not `holds` or `witnessed`: a violation's trace length in steps, else the status. */
export function failingLengths<S, A extends Action>(r: CheckResult<S, A>): Record<string, number | string> {
  const out: Record<string, number | string> = {};
  for (const [k, v] of Object.entries(r.verdicts)) {
    if (v.status === 'violated') out[k] = v.trace.steps.length;
    else if (v.status !== 'holds' && v.status !== 'witnessed') out[k] = v.status;
  }
  return out;
}

/**
 * Checks every run of `entry` and expects exactly the verdicts the run lists; returns each run's
 * distinct-state count, in the entry's order.
 */
export function registryRunCounts(entry: RegistryEntry): number[] {
  const counts: number[] = [];
  for (const rr of entry.runs) {
    const r = check(entry.make({ ...entry.defaults, ...rr.set }));
    expect(Object.keys(r.verdicts).sort(), rr.label).toEqual(Object.keys(rr.expect).sort());
    for (const [p, status] of Object.entries(rr.expect)) expect(r.verdicts[p].status, `${rr.label}: ${p}`).toBe(status);
    counts.push(r.stats.distinct);
  }
  return counts;
}
