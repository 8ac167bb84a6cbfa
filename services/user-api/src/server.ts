import http from 'node:http';
import { Readable } from 'node:stream';
import { context } from '@opentelemetry/api';
import { getRPCMetadata, RPCType } from '@opentelemetry/core';
import { ApiError, readJsonBody } from '@threadline/service-kit';
import { JSON_ANSWERS, jsonRoute, traceHttpServer, type RouteInfo } from '@threadline/otel-node';
import { matchRoute, type RouteCall, type UserApiServices } from './routes';
import { userApiLogger as logger, userApiRequestDuration, userApiTracer } from './telemetry';

/** A fault settings change is a few dozen bytes; 4 KiB leaves room and no more. */
const MAX_BODY_BYTES = 4 * 1024;

/**
 * The user API's HTTP server: each request answered by the route wrapper the web tier uses too (the
 * one error shape, `traceresponse`, the log line). Traced, each request but the health probes gets
 * a server span; with tracing off, no tracing code runs.
 */
export function createUserApiServer(services: UserApiServices, { traced }: { traced: boolean }): http.Server {
  const listener: http.RequestListener = (request, response) => {
    respond(request, response, services).catch((error: unknown) => {
      // Only writing the answer can get here (jsonRoute answers every error); the client has gone.
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
  const method = request.method ?? 'GET';
  // The server span (traceHttpServer) records the request's duration already.
  const route: RouteInfo = {
    method,
    logger,
    internalErrorMessage: 'The user service failed to answer.',
    unlogged: request.url === '/healthz',
    activeSpan: 'server',
  };
  const answer = await jsonRoute(route, JSON_ANSWERS, async () => {
    const match = matchRoute(method, pathnameOf(request), services);
    route.route = match.route;
    // Tells the server span its route, which names it "GET /users/:id" (traceHttpServer).
    const rpcMetadata = getRPCMetadata(context.active());
    if (rpcMetadata?.type === RPCType.HTTP) rpcMetadata.route = match.route;
    const { status, body, headers = {} } = await match.handle(routeCall(request));
    return { status, body, headers };
  });
  const body = Buffer.from(JSON.stringify(answer.body));
  response.writeHead(answer.status, {
    ...answer.headers,
    'content-type': 'application/json',
    'content-length': body.byteLength,
  });
  response.end(method === 'HEAD' ? undefined : body);
}

/** The request target's path; a target that is no URL at all (`GET http:// HTTP/1.1`) is refused 400. */
function pathnameOf(request: http.IncomingMessage): string {
  try {
    return new URL(request.url ?? '/', 'http://user-api.invalid').pathname;
  } catch {
    throw new ApiError(400, 'invalid_request_target', 'The request target is not a valid path.');
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
    readJson: () => readJsonBody(bodyRequest(request), MAX_BODY_BYTES),
  };
}

/**
 * The request's body as a fetch Request, for the body reader both services share. Only the two
 * headers the reader judges are carried: the Fetch API refuses some values Node's parser lets in,
 * and a header the reader does not read should not be able to fail the request.
 */
function bodyRequest(request: http.IncomingMessage): Request {
  const headers = new Headers();
  for (const name of ['content-type', 'content-length']) {
    const value = request.headers[name];
    if (typeof value === 'string') headers.set(name, value);
  }
  // A URL of its own: the Fetch API refuses one with credentials, which a request target may carry.
  return new Request('http://user-api.invalid/', {
    method: 'PUT',
    headers,
    body: Readable.toWeb(request) as ReadableStream<Uint8Array>,
    duplex: 'half',
  } as RequestInit);
}
