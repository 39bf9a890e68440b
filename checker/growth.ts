/**
 * Growth witnesses for bounded measures: is the bound merely exceeded, or does the measure grow
 * without limit along a repeatable segment of the counterexample?
 */
import type { Action, Model } from '../model/core/model.js';
import type { Bounded } from '../properties/property.js';
import type { GrowthWitness } from './result.js';
import type { Trace, TraceStep } from './trace.js';
import { lastState } from './trace.js';

/** Longest segment tried, and how far back from the end of the trace a segment may end. */
const MAX_SEGMENT = 32;
const MAX_END_BACK = 32;

function actionKey(a: Action): string {
  return JSON.stringify(a);
}

/**
 * Repeats `segment` from `start` for `rounds` rounds; returns the steps and measures when every
 * action stays enabled and every round grows the measure, else undefined.
 */
function repeatSegment<S, A extends Action>(
  model: Model<S, A>,
  measure: (s: S) => number,
  start: S,
  segment: readonly A[],
  rounds: number,
  fitsShape: (s: S) => boolean,
): { steps: TraceStep<S, A>[]; measures: number[] } | undefined {
  const steps: TraceStep<S, A>[] = [];
  const measures = [measure(start)];
  let s = start;
  for (let r = 0; r < rounds; r++) {
    const before = steps.length;
    for (const wanted of segment) {
      const key = actionKey(wanted);
      const enabled = model.actions(s);
      const ai = enabled.findIndex((a) => actionKey(a) === key);
      if (ai < 0) return undefined;
      s = model.next(s, enabled[ai]);
      steps.push({ action: enabled[ai], actionIndex: ai, state: s });
    }
    if (!steps.slice(before).every((st) => fitsShape(st.state))) {
      // The declared shape has no room for another round: keep the rounds that fit (at least two).
      steps.length = before;
      return measures.length >= 3 ? { steps, measures } : undefined;
    }
    const m = measure(s);
    if (!(m > measures[measures.length - 1])) return undefined;
    measures.push(m);
  }
  return { steps, measures };
}

/**
 * Looks for a segment of `trace` that, repeated from its last state, stays enabled and grows the
 * property's measure every round, preferring short segments that end late. Rounds stop early
 * (keeping at least two) where a state would leave the declared shape. Returns the extended
 * trace and the witness, or undefined when no segment qualifies (the bound is merely exceeded).
 * Model exceptions during the search are treated as "this segment does not repeat".
 *
 * @example
 * const found = findGrowthWitness(model, kernelMemoryBound, trace, 5, () => true);
 * if (found) found.witness.growthPerRound; // 1
 */
export function findGrowthWitness<S, A extends Action>(
  model: Model<S, A>,
  property: Bounded<S>,
  trace: Trace<S, A>,
  rounds: number,
  fitsShape: (s: S) => boolean,
): { trace: Trace<S, A>; witness: GrowthWitness } | undefined {
  // A witness needs at least one repeated round that grows the measure.
  if (!(rounds >= 1)) return undefined;
  const n = trace.steps.length;
  const end = lastState(trace);
  for (let loopEnd = n; loopEnd >= 1 && loopEnd > n - MAX_END_BACK; loopEnd--) {
    for (let len = 1; len <= loopEnd && len <= MAX_SEGMENT; len++) {
      const loopStart = loopEnd - len;
      const segment = trace.steps.slice(loopStart, loopEnd).map((st) => st.action);
      let repeated: ReturnType<typeof repeatSegment<S, A>>;
      try {
        repeated = repeatSegment(model, property.measure, end, segment, rounds, fitsShape);
      } catch {
        repeated = undefined;
      }
      if (!repeated) continue;
      const { steps, measures } = repeated;
      let growthPerRound = Infinity;
      for (let i = 1; i < measures.length; i++) growthPerRound = Math.min(growthPerRound, measures[i] - measures[i - 1]);
      return {
        trace: {
          init: trace.init,
          steps: [...trace.steps, ...steps],
          path: { init: trace.path.init, actions: [...trace.path.actions, ...steps.map((st) => st.actionIndex)] },
        },
        witness: { loopStart, loopEnd, prefixSteps: n, rounds: measures.length - 1, measures, growthPerRound, unit: property.unit },
      };
    }
  }
  return undefined;
}
