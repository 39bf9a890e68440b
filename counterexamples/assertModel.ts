/**
 * The throwing runner, for tests.
 */
import type { Action, Model } from '../model/core/model.js';
import { textReport } from './text.js';
import { check } from '../checker/check.js';
import type { CheckOptions } from '../checker/options.js';
import type { CheckResult } from '../checker/result.js';

/**
 * Thrown by {@link assertModel}; its message is the readable report, counterexamples included.
 *
 * @example
 * try { assertModel(model); } catch (e) { if (e instanceof ModelCheckFailure) e.result.stats.distinct; }
 */
export class ModelCheckFailure<S, A extends Action> extends Error {
  constructor(readonly result: CheckResult<S, A>, report: string) {
    super(report);
    this.name = 'ModelCheckFailure';
  }
}

/**
 * Checks `model` and throws a {@link ModelCheckFailure} with a readable report unless every
 * property passes on a complete search. Returns the result otherwise.
 *
 * @example
 * it('two-phase commit is consistent', () => { assertModel(twoPhase({ rms: 3 })); });
 */
export function assertModel<S, A extends Action>(model: Model<S, A>, options: CheckOptions = {}): CheckResult<S, A> {
  const result = check(model, options);
  if (!result.ok) throw new ModelCheckFailure(result, textReport(model, result));
  return result;
}
