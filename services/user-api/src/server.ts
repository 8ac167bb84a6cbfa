import http from 'node:http';
import { context, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { ApiError, errorBody } from '../../../lib/http/api-error';
import { recordError } from '../../../lib/otel/node/record-error';
import { formatTraceResponse } from '../../../lib/otel/node/traceresponse';
import { matchRoute } from './routes';
import type { UserRepository } from './user-repository';

/** The user API's HTTP server: JSON in the one error shape, `traceresponse` on every answer. */
export function createUserApiServer(users: UserRepository): http.Server {
  return http.createServer((request, response) => {
    const { status, body } = handle(request, users);
    const span = trace.getActiveSpan();
    if (span) response.setHeader('traceresponse', formatTraceResponse(span.spanContext()));
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(request.method === 'HEAD' ? undefined : JSON.stringify(body));
  });
}

function handle(request: http.IncomingMessage, users: UserRepository): { status: number; body: unknown } {
  try {
    const { pathname } = new URL(request.url ?? '/', 'http://user-api.invalid');
    const match = matchRoute(request.method ?? 'GET', pathname, users);
    // Tells the HTTP instrumentation the route, which names the server span "GET /users/:id".
    const rpcMetadata = getRPCMetadata(context.active());
    if (rpcMetadata?.type === RPCType.HTTP) rpcMetadata.route = match.route;
    return match.handle();
  } catch (error) {
    if (error instanceof ApiError) {
      trace.getActiveSpan()?.setAttribute('app.error.code', error.code);
      return { status: error.status, body: error.toBody() };
    }
    recordError(error);
    console.error('Unhandled error in user-api', error);
    return { status: 500, body: errorBody('internal_error', 'The user service failed to answer.') };
  }
}
