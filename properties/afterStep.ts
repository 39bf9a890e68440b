import type { StepPredicate } from './property.js';

/**
 * A step predicate (an action predicate) for a liveness premise or goal: `leadsTo(name,
 * afterStep(isCall), afterStep(isReply))` reads "every Call step is followed, on every fair path,
 * by a Reply step". As a premise it holds in the state a step it accepts leads to (the trace's
 * premise is that step); as a goal it is reached by taking a step it accepts, whatever the
 * states. The checker decides it over the recorded state graph, with the states after an
 * accepted step told apart from the same states reached otherwise.
 *
 * @example
 * leadsTo('every Call is answered', afterStep((_s, a: Act) => a.kind === 'Call'), afterStep((_s, a: Act) => a.kind === 'Reply'));
 */
export function afterStep<S, A>(step: (s: S, a: A, t: S) => boolean): StepPredicate<S, A> {
  return { step };
}
