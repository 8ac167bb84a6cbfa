/** @threadline/traces: reading traces back, for the page, the servers and the tools alike. Import from here. */

export {
  JaegerQueryClient,
  type JaegerDependency,
  type JaegerKeyValue,
  type JaegerReference,
  type JaegerSpan,
  type JaegerTrace,
  type TraceSearch,
} from './jaeger-api';
export { jaegerSpanReader } from './jaeger-span-reader';
export { isJaegerUiPage } from './jaeger-ui';
export {
  pollTrace,
  type TraceSpanReader,
  type TracePollProgress,
  type TracePollOptions,
  type TracePollResult,
} from './poll-trace';
export { serviceColour } from './service-colours';
export { parseTraceContextHeader, type TraceContextHeader } from './trace-context-header';
export {
  traceHealth,
  describeTraceHealth,
  QUIET_PERIOD_MS,
  UNTRACED_CALLEE_GRACE_MS,
  callsWithoutCalleeSpans,
  spanCountClock,
  hasStoppedArriving,
  isCompleteTrace,
  isSettledTrace,
  type TraceHealth,
  type SettleTiming,
  type SettleCheck,
} from './trace-health';
export { isTraceId } from './trace-id';
export {
  toTraceSpans,
  analyseTrace,
  parentOf,
  isDescendantOf,
  orderSpansAsTree,
  renderTraceTree,
  type TraceSpan,
  type TraceShape,
  type OrderedSpan,
} from './trace-tree';
export { buildWaterfall, formatDuration, type WaterfallRow, type Waterfall } from './trace-waterfall';
export { isWholeTrace, continuesRemoteCaller, hasExpectedServices, type WholenessRule } from './trace-wholeness';
