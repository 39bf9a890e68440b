export { textTrace, textReport, verdictSummary, traceNote, propertyTraceText, modelErrorText, type TextTraceOptions } from './text.js';
