import http from 'node:http';
import { context, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { ApiError, drainingHeaders, errorBody } from '@threadline/service-kit';
import { formatTraceResponse, recordError } from '@threadline/otel-node';
import { matchRoute } from './routes';
import { userApiLogger as logger } from './telemetry';
import type { UserRepository } from './user-repository';

/** The user API's HTTP server: JSON in the one error shape, `traceresponse` on every answer. */
export function createUserApiServer(users: UserRepository): http.Server {
  return http.createServer((request, response) => {
    const started = performance.now();
    const { status, body, route } = handle(request, users);
    const span = trace.getActiveSpan();
    if (span) response.setHeader('traceresponse', formatTraceResponse(span.spanContext()));
    for (const [name, value] of Object.entries(drainingHeaders())) response.setHeader(name, value);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(request.method === 'HEAD' ? undefined : JSON.stringify(body));
    // Health probes would drown the log, as they would the traces.
    if (route !== '/healthz') {
      logger.info({ method: request.method, route, status, duration_ms: Math.round(performance.now() - started) }, 'request');
    }
  });
}

function handle(
  request: http.IncomingMessage,
  users: UserRepository,
): { status: number; body: unknown; route: string | undefined } {
  let route: string | undefined;
  try {
    const { pathname } = new URL(request.url ?? '/', 'http://user-api.invalid');
    const match = matchRoute(request.method ?? 'GET', pathname, users);
    route = match.route;
    // Tells the HTTP instrumentation the route, which names the server span "GET /users/:id".
    const rpcMetadata = getRPCMetadata(context.active());
    if (rpcMetadata?.type === RPCType.HTTP) rpcMetadata.route = match.route;
    return { ...match.handle(), route };
  } catch (error) {
    if (error instanceof ApiError) {
      trace.getActiveSpan()?.setAttribute('app.error.code', error.code);
      return { status: error.status, body: error.toBody(), route };
    }
    recordError(error);
    logger.error({ err: error }, 'unhandled error in user-api');
    return { status: 500, body: errorBody('internal_error', 'The user service failed to answer.'), route };
  }
}
