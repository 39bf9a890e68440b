export { check, checkAsync } from './check.js';
export { checkParallel, type ParallelOptions } from './parallel/checkParallel.js';
export type { ModelSpec, ModelEntry } from './parallel/modelSpec.js';
export { replay, type ExpectedWords } from './replay.js';
export { findGrowthWitness } from './growth.js';
export { ReplayError, type ModelError, type ModelErrorCode } from './errors.js';
export { lastState, traceStates, endsInDeadlock, type Trace, type TraceStep, type TracePath } from './trace.js';
export type { CheckOptions, Progress } from './options.js';
export {
  verdictOutcome,
  type CheckResult,
  type CheckStats,
  type LevelStats,
  type PropertyResult,
  type Verdict,
  type VerdictStatus,
  type GrowthWitness,
  type StopReason,
} from './result.js';
