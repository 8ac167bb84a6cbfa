import { trace, type Histogram } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from '@opentelemetry/semantic-conventions';
import type { Logger } from 'pino';
import { ApiError, describeError, drainingHeaders, errorBody } from '@threadline/service-kit';
import { recordError } from './record-error';
import { formatTraceResponse } from './traceresponse';

export interface RouteInfo {
  method: string;
  /**
   * `http.route`, the template: "/api/orders". A service that finds the route by matching the path
   * sets it from inside the work; until then (a path nothing serves) the log line has none.
   */
  route?: string;
  logger: Logger;
  /** What a 500 says to the caller; the error itself goes to the log and the span only. */
  internalErrorMessage?: string;
  /** `http.server.request.duration`, for a service whose server spans do not record it already. */
  requestDuration?: () => Histogram;
  /** Health probes would drown the log, as they would the traces. */
  unlogged?: boolean;
  /**
   * The span the work runs in. `handler`: a span of the route's own below the server span (Next.js),
   * marked failed by every refusal, so bad input shows in its trace as a failure. `server`: the
   * server span itself (the user API), which by the HTTP conventions only a 5xx marks as failed.
   */
  activeSpan: 'handler' | 'server';
}

/**
 * How a service holds an answer: the web tier's fetch Responses, or the user API's plain records,
 * which it writes to node:http itself (a Response per request costs it a third more CPU; see
 * docs/benchmarks.md). The wrapper's rules are the same for both.
 */
export interface AnswerKind<Answer> {
  json(body: unknown, status: number, headers: Record<string, string>): Answer;
  status(answer: Answer): number;
  setHeaders(answer: Answer, headers: Record<string, string>): void;
}

export const RESPONSE_ANSWERS: AnswerKind<Response> = {
  json: (body, status, headers) => Response.json(body, { status, headers }),
  status: (response) => response.status,
  setHeaders: (response, headers) => {
    for (const [name, value] of Object.entries(headers)) response.headers.set(name, value);
  },
};

/** An answer as a plain record: what a node:http server writes with one JSON.stringify. */
export interface JsonAnswer {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

export const JSON_ANSWERS: AnswerKind<JsonAnswer> = {
  json: (body, status, headers) => ({ status, body, headers: { ...headers } }),
  status: (answer) => answer.status,
  setHeaders: (answer, headers) => Object.assign(answer.headers, headers),
};

/**
 * Runs a route's work and turns its outcome into the answer, the same way in both services: an
 * ApiError becomes the one error shape with its status and headers, anything else a 500 whose
 * details stay in the log and the span; every answer carries `traceresponse` and the draining
 * headers, and is logged with its trace ID.
 *
 * Every refusal names its code in `error.type`; whether a 4xx also marks the span failed depends on
 * which span the work runs in (RouteInfo.activeSpan). A 4xx is logged as a warning, a 5xx as an error.
 */
export async function jsonRoute<Answer>(info: RouteInfo, kind: AnswerKind<Answer>, work: () => Promise<Answer>): Promise<Answer> {
  const started = performance.now();
  let answer: Answer;
  try {
    answer = await work();
  } catch (error) {
    answer = errorAnswer(error, info, kind);
  }
  const span = trace.getActiveSpan();
  kind.setHeaders(answer, {
    ...(span ? { traceresponse: formatTraceResponse(span.spanContext()) } : {}),
    ...drainingHeaders(),
  });

  const status = kind.status(answer);
  const seconds = (performance.now() - started) / 1000;
  info.requestDuration?.().record(seconds, {
    [ATTR_HTTP_REQUEST_METHOD]: info.method,
    ...(info.route === undefined ? {} : { [ATTR_HTTP_ROUTE]: info.route }),
    [ATTR_HTTP_RESPONSE_STATUS_CODE]: status,
    ...(status >= 500 ? { [ATTR_ERROR_TYPE]: String(status) } : {}),
  });
  if (!info.unlogged) {
    info.logger.info({ method: info.method, route: info.route, status, duration_ms: Math.round(seconds * 1000) }, 'request');
  }
  return answer;
}

function errorAnswer<Answer>(
  error: unknown,
  { logger, internalErrorMessage, activeSpan }: RouteInfo,
  kind: AnswerKind<Answer>,
): Answer {
  const span = trace.getActiveSpan();
  if (error instanceof ApiError) {
    if (error.status >= 500 || activeSpan === 'handler') recordError(error, span);
    span?.setAttribute(ATTR_ERROR_TYPE, error.code);
    const log = error.status >= 500 ? logger.error.bind(logger) : logger.warn.bind(logger);
    log(
      { code: error.code, status: error.status, cause: error.cause === undefined ? undefined : describeError(error.cause) },
      error.message,
    );
    return kind.json(error.toBody(), error.status, error.headers());
  }
  recordError(error, span);
  logger.error({ err: error }, 'unhandled error in route handler');
  return kind.json(
    errorBody('internal_error', internalErrorMessage ?? 'Something went wrong on our side. Please try again.'),
    500,
    {},
  );
}
