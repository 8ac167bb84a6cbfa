import type { IncomingHttpHeaders, IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Histogram,
  type TextMapGetter,
  type Tracer,
} from '@opentelemetry/api';
import { RPCType, setRPCMetadata, type RPCMetadata } from '@opentelemetry/core';
import {
  ATTR_CLIENT_ADDRESS,
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_REQUEST_METHOD_ORIGINAL,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
  ATTR_NETWORK_PEER_ADDRESS,
  ATTR_NETWORK_PEER_PORT,
  ATTR_NETWORK_PROTOCOL_VERSION,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_PATH,
  ATTR_URL_QUERY,
  ATTR_URL_SCHEME,
  ATTR_USER_AGENT_ORIGINAL,
} from '@opentelemetry/semantic-conventions';

export interface TracedServerOptions {
  tracer: Tracer;
  /** `http.server.request.duration`, made on first use (once the SDK has registered its meter provider). */
  requestDuration: () => Histogram;
  /** Requests that get neither span nor metric, such as health probes. */
  isUntraced?: (request: IncomingMessage) => boolean;
}

/** The methods the HTTP conventions name; anything else is reported as `_OTHER`. */
const KNOWN_METHODS: ReadonlySet<string> = new Set([
  'GET',
  'HEAD',
  'POST',
  'PUT',
  'DELETE',
  'CONNECT',
  'OPTIONS',
  'TRACE',
  'PATCH',
]);

const headerGetter: TextMapGetter<IncomingHttpHeaders> = {
  keys: (headers) => Object.keys(headers),
  get: (headers, key) => headers[key],
};

/**
 * A server span per request, continuing the caller's trace, named and described by the HTTP semantic
 * conventions ("GET /users/:id"), with the `http.server.request.duration` histogram. The handler
 * names its route the way @opentelemetry/instrumentation-http expects, through the RPC metadata in
 * the active context. It replaces patching `node:http`: for a server we own, wrapping its one
 * listener does the same work in a fraction of the CPU (docs/benchmarks.md), and a span that is not
 * sampled costs a context and nothing else, because attributes are gathered only for recording spans.
 */
export function traceHttpServer(listener: RequestListener, options: TracedServerOptions): RequestListener {
  return (request, response) => {
    if (options.isUntraced?.(request)) {
      listener(request, response);
      return;
    }
    const started = performance.now();
    const method = conventionalMethod(request.method);
    const parent = propagation.extract(ROOT_CONTEXT, request.headers, headerGetter);
    const span = options.tracer.startSpan(method === '_OTHER' ? 'HTTP' : method, { kind: SpanKind.SERVER }, parent);
    if (span.isRecording()) span.setAttributes(requestAttributes(request, method));
    const metadata: RPCMetadata = { type: RPCType.HTTP, span };
    const answeredAt = whenAnswered(response);
    const ended = () => {
      response.off('finish', ended).off('close', ended);
      const answer = answerAttributes(method, metadata.route, response);
      if (span.isRecording()) {
        span.setAttributes(answer.span);
        if (metadata.route !== undefined) span.updateName(`${method === '_OTHER' ? 'HTTP' : method} ${metadata.route}`);
        if (answer.failed) span.setStatus({ code: SpanStatusCode.ERROR, message: answer.failed });
      }
      span.end(answeredAt() ?? performance.now());
      options.requestDuration().record((performance.now() - started) / 1000, answer.metric);
    };
    response.once('finish', ended).once('close', ended);
    context.with(setRPCMetadata(trace.setSpan(parent, span), metadata), () => listener(request, response));
  };
}

/**
 * When the handler handed over its answer (its call of `response.end`). 'finish' fires some time
 * later, once Node has flushed it, by which time the caller may already have it: a span ended then
 * would end after its client's span, as if the clocks disagreed.
 */
function whenAnswered(response: ServerResponse): () => number | undefined {
  let answeredAt: number | undefined;
  const end = response.end;
  response.end = function endAndNote(this: ServerResponse, ...args: unknown[]) {
    answeredAt ??= performance.now();
    return (end as (...endArgs: unknown[]) => ServerResponse).apply(this, args);
  } as ServerResponse['end'];
  return () => answeredAt;
}

export function conventionalMethod(method: string | undefined): string {
  const upper = method?.toUpperCase() ?? 'GET';
  return KNOWN_METHODS.has(upper) ? upper : '_OTHER';
}

/** What the request says about itself, as the stable HTTP server span conventions name it. */
export function requestAttributes(request: IncomingMessage, method: string): Attributes {
  const target = request.url ?? '/';
  const queryStart = target.indexOf('?');
  const [host, port] = splitHost(request.headers.host);
  const attributes: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_SCHEME]: 'http',
    [ATTR_URL_PATH]: queryStart === -1 ? target : target.slice(0, queryStart),
    [ATTR_NETWORK_PROTOCOL_VERSION]: request.httpVersion,
    [ATTR_NETWORK_PEER_ADDRESS]: request.socket.remoteAddress,
    [ATTR_NETWORK_PEER_PORT]: request.socket.remotePort,
    [ATTR_CLIENT_ADDRESS]: request.socket.remoteAddress,
  };
  if (queryStart !== -1) attributes[ATTR_URL_QUERY] = target.slice(queryStart + 1);
  if (method === '_OTHER') attributes[ATTR_HTTP_REQUEST_METHOD_ORIGINAL] = request.method;
  if (host !== undefined) attributes[ATTR_SERVER_ADDRESS] = host;
  if (port !== undefined) attributes[ATTR_SERVER_PORT] = port;
  const userAgent = request.headers['user-agent'];
  if (userAgent !== undefined) attributes[ATTR_USER_AGENT_ORIGINAL] = userAgent;
  return attributes;
}

/**
 * What the answer adds, for the span and for the duration metric (which carries only low-cardinality
 * attributes); `failed` is the error status message, for 5xx answers and answers cut off unsent.
 */
export function answerAttributes(
  method: string,
  route: string | undefined,
  response: Pick<ServerResponse, 'statusCode' | 'writableEnded'>,
): { span: Attributes; metric: Attributes; failed: string | undefined } {
  const status = response.statusCode;
  const errorType = !response.writableEnded ? 'aborted' : status >= 500 ? String(status) : undefined;
  const span: Attributes = { [ATTR_HTTP_RESPONSE_STATUS_CODE]: status };
  const metric: Attributes = {
    [ATTR_HTTP_REQUEST_METHOD]: method,
    [ATTR_URL_SCHEME]: 'http',
    [ATTR_HTTP_RESPONSE_STATUS_CODE]: status,
  };
  if (route !== undefined) span[ATTR_HTTP_ROUTE] = metric[ATTR_HTTP_ROUTE] = route;
  if (errorType !== undefined) span[ATTR_ERROR_TYPE] = metric[ATTR_ERROR_TYPE] = errorType;
  const failed = errorType === 'aborted' ? 'the connection closed before the answer was sent' : errorType && `answered ${status}`;
  return { span, metric, failed };
}

function splitHost(host: string | undefined): [string | undefined, number | undefined] {
  if (!host) return [undefined, undefined];
  const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host);
  if (!match) return [host, undefined];
  return [match[1]!.replace(/^\[|\]$/g, ''), match[2] === undefined ? undefined : Number(match[2])];
}
