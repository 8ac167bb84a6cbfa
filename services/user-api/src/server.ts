import http from 'node:http';
import { context, trace } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { ApiError, drainingHeaders, errorBody } from '@threadline/service-kit';
import { formatTraceResponse, recordError, traceHttpServer } from '@threadline/otel-node';
import { matchRoute, type RouteAnswer, type RouteCall, type UserApiServices } from './routes';
import { userApiLogger as logger, userApiRequestDuration, userApiTracer } from './telemetry';

/** A fault settings change is a few dozen bytes; 4 KiB leaves room and no more. */
const MAX_BODY_BYTES = 4 * 1024;

/**
 * The user API's HTTP server: JSON in the one error shape, `traceresponse` on every answer. Traced,
 * each request but the health probes gets a server span; with tracing off, no tracing code runs.
 */
export function createUserApiServer(services: UserApiServices, { traced }: { traced: boolean }): http.Server {
  const listener: http.RequestListener = (request, response) => {
    respond(request, response, services).catch((error: unknown) => {
      // Only writing the answer can get here (handle answers every error); the client has gone.
      logger.warn({ err: error }, 'could not answer a request');
    });
  };
  if (!traced) return http.createServer(listener);
  return http.createServer(
    traceHttpServer(listener, {
      tracer: userApiTracer,
      requestDuration: userApiRequestDuration,
      // Health probes are plumbing: a span per probe would bury the requests people care about.
      isUntraced: (request) => request.url === '/healthz',
    }),
  );
}

async function respond(request: http.IncomingMessage, response: http.ServerResponse, services: UserApiServices): Promise<void> {
  const started = performance.now();
  const { status, body, route, headers } = await handle(request, services);
  const span = trace.getActiveSpan();
  if (span) response.setHeader('traceresponse', formatTraceResponse(span.spanContext()));
  for (const [name, value] of Object.entries(drainingHeaders())) response.setHeader(name, value);
  response.writeHead(status, { ...headers, 'content-type': 'application/json' });
  response.end(request.method === 'HEAD' ? undefined : JSON.stringify(body));
  // Health probes would drown the log, as they would the traces.
  if (route !== '/healthz') {
    logger.info({ method: request.method, route, status, duration_ms: Math.round(performance.now() - started) }, 'request');
  }
}

async function handle(
  request: http.IncomingMessage,
  services: UserApiServices,
): Promise<RouteAnswer & { route: string | undefined }> {
  let route: string | undefined;
  try {
    const { pathname } = new URL(request.url ?? '/', 'http://user-api.invalid');
    const match = matchRoute(request.method ?? 'GET', pathname, services);
    route = match.route;
    // Tells the server span its route, which names it "GET /users/:id" (traceHttpServer).
    const rpcMetadata = getRPCMetadata(context.active());
    if (rpcMetadata?.type === RPCType.HTTP) rpcMetadata.route = match.route;
    return { ...(await match.handle(routeCall(request))), route };
  } catch (error) {
    if (error instanceof ApiError) {
      trace.getActiveSpan()?.setAttribute('threadline.error.code', error.code);
      return { status: error.status, body: error.toBody(), route, headers: error.headers() };
    }
    recordError(error);
    logger.error({ err: error }, 'unhandled error in user-api');
    return { status: 500, body: errorBody('internal_error', 'The user service failed to answer.'), route };
  }
}

function routeCall(request: http.IncomingMessage): RouteCall {
  return {
    caller: {
      header: (name) => {
        const value = request.headers[name];
        return Array.isArray(value) ? value.join(', ') : value;
      },
      // The socket's peer: unlike a header, the client cannot choose it.
      peerAddress: request.socket.remoteAddress,
    },
    readJson: () => readJsonBody(request),
  };
}

/** The request body as JSON: 415 for another media type, 413 past MAX_BODY_BYTES (checked while reading), 400 for broken JSON. */
async function readJsonBody(request: http.IncomingMessage): Promise<unknown> {
  const mediaType = (request.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new ApiError(415, 'unsupported_media_type', 'Send the body as JSON with "Content-Type: application/json".');
  }
  const chunks: Buffer[] = [];
  let received = 0;
  for await (const chunk of request) {
    received += (chunk as Buffer).byteLength;
    if (received > MAX_BODY_BYTES) {
      throw new ApiError(413, 'body_too_large', `The body is larger than the ${MAX_BODY_BYTES} bytes this endpoint accepts.`);
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks))) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid JSON.');
  }
}
