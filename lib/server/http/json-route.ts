import { metrics, trace } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from '@opentelemetry/semantic-conventions';
import type { Logger } from 'pino';
import { formatTraceResponse, httpServerDuration, recordError } from '@threadline/otel-node';
import { ApiError, describeError, errorBody, withDrainingHeaders } from '@threadline/service-kit';

export interface RouteInfo {
  /** `http.route`, the template: "/api/orders". */
  route: string;
  request: Request;
  logger: Logger;
}

let requestDuration: ReturnType<typeof httpServerDuration> | undefined;

/**
 * Runs a route handler's work and turns its outcome into a response: errors become the one error
 * shape with the span marked as failed; every answer carries `traceresponse`, is logged (with its
 * trace ID) and is counted in `http.server.request.duration`.
 */
export async function jsonRoute({ route, request, logger }: RouteInfo, work: () => Promise<Response>): Promise<Response> {
  const started = performance.now();
  let response: Response;
  try {
    response = await work();
  } catch (error) {
    response = errorResponse(error, logger);
  }
  const span = trace.getActiveSpan();
  if (span) response.headers.set('traceresponse', formatTraceResponse(span.spanContext()));
  withDrainingHeaders(response);

  const seconds = (performance.now() - started) / 1000;
  requestDuration ??= httpServerDuration(metrics.getMeter('threadline-shop'));
  requestDuration.record(seconds, {
    [ATTR_HTTP_REQUEST_METHOD]: request.method,
    [ATTR_HTTP_ROUTE]: route,
    [ATTR_HTTP_RESPONSE_STATUS_CODE]: response.status,
    ...(response.status >= 500 ? { [ATTR_ERROR_TYPE]: String(response.status) } : {}),
  });
  logger.info({ method: request.method, route, status: response.status, duration_ms: Math.round(seconds * 1000) }, 'request');
  return response;
}

function errorResponse(error: unknown, logger: Logger): Response {
  const span = trace.getActiveSpan();
  recordError(error, span);
  if (error instanceof ApiError) {
    span?.setAttribute(ATTR_ERROR_TYPE, error.code);
    const log = error.status >= 500 ? logger.error.bind(logger) : logger.warn.bind(logger);
    log(
      { code: error.code, status: error.status, cause: error.cause === undefined ? undefined : describeError(error.cause) },
      error.message,
    );
    return Response.json(error.toBody(), { status: error.status, headers: error.headers() });
  }
  logger.error({ err: error }, 'unhandled error in route handler');
  return Response.json(errorBody('internal_error', 'Something went wrong on our side. Please try again.'), { status: 500 });
}
