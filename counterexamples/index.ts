export { textTrace, textReport, verdictSummary, traceNote, propertyTraceText, modelErrorText, argumentText, type TextTraceOptions } from './text.js';
export { fairnessArgument } from './fairnessArgument.js';
export {
  traceToJson,
  modelErrorToJson,
  parseTraceJson,
  replayJson,
  TRACE_FORMAT,
  TRACE_VERSION,
  MODEL_ERROR_VERDICT,
  type TraceJson,
  type ParseResult,
  type JsonReplay,
} from './json.js';
export {
  traceToDot,
  modelErrorToDot,
  type DotOptions,
  type DotTone,
  type DotTraceSource,
} from './dot.js';
export { renderSvg } from './render.js';
export { writeCounterexamples, slug, chartHighlight, type WriteOptions } from './write.js';
export { traceToSequenceText, traceToSequenceSvg, SEQUENCE_MARK_PREFIX, type SequenceChartOptions } from './msc.js';
export { assertModel, ModelCheckFailure } from './assertModel.js';
