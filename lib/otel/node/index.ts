/**
 * @threadline/otel-node: the telemetry both Node services share. Import from here, never from its
 * files. A service reads its settings once (readNodeTelemetrySettings), builds its pipeline from
 * them (createNodeTracingPipeline) and hands the parts to its SDK.
 */
export { readNodeTelemetrySettings, type NodeTelemetrySettings, type ServiceTelemetryDefaults } from './settings';
export { createNodeTracingPipeline, type NodeTracingPipeline } from './tracing-pipeline';
export { NODE_RESOURCE_DETECTORS } from './resource';
export { otlpTracesUrl } from './otlp-endpoint';

// Inside a request: spans, metrics and logs of the service's own work.
export { withDbSpan, withAsyncDbSpan, recordPoolWait, type DbCall, type DbTarget } from './db-span';
export { recordError } from './record-error';
export { formatTraceResponse } from './traceresponse';
export { traceHttpServer, type TracedServerOptions } from './http-server-span';
export { httpServerDuration, lazyCounter } from './metrics';
export { jsonRoute, JSON_ANSWERS, RESPONSE_ANSWERS, type AnswerKind, type JsonAnswer, type RouteInfo } from './json-route';
export { createLogger } from './logger';
