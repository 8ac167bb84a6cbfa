import { SpanKind, SpanStatusCode, context, propagation, trace, type Tracer } from '@opentelemetry/api';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_URL_FULL,
} from '@opentelemetry/semantic-conventions';
import { describeError } from '@threadline/service-kit';
import { spanStatusCodeFor } from './http-span-status';
import type { NextFetchInit } from './next-fetch';

export type UpstreamFailure = 'unavailable' | 'timeout' | 'bad_response';

/** A call to another service that got no usable answer; `failure` says which way it failed. */
export class UpstreamError extends Error {
  constructor(
    readonly failure: UpstreamFailure,
    readonly service: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'UpstreamError';
  }
}

export interface JsonRequest {
  method: 'GET' | 'POST' | 'PUT';
  url: URL;
  /** `url.template`, and the span's name with the method: "GET /users/:id". */
  urlTemplate: string;
  /** `service.peer.name`, used in error messages too. */
  service: string;
  timeoutMs: number;
  /** Sent as JSON. */
  body?: unknown;
  /** Extra request headers, such as Authorization; never recorded on the span. */
  headers?: Readonly<Record<string, string>>;
}

export interface JsonResponse {
  status: number;
  body: unknown;
}

/**
 * Calls another service inside a CLIENT span of its own, following the HTTP client conventions: the
 * span is an error for any 4xx or 5xx, for a refused connection and for a timeout, and the trace
 * context travels with the request whatever the host name, so no URL allow-list can split the trace.
 */
export async function requestJson(tracer: Tracer, request: JsonRequest): Promise<JsonResponse> {
  const { method, url, urlTemplate, service, timeoutMs, body } = request;
  const span = tracer.startSpan(`${method} ${urlTemplate}`, {
    kind: SpanKind.CLIENT,
    attributes: {
      [ATTR_HTTP_REQUEST_METHOD]: method,
      [ATTR_URL_FULL]: url.toString(),
      'url.template': urlTemplate,
      [ATTR_SERVER_ADDRESS]: url.hostname,
      [ATTR_SERVER_PORT]: Number(url.port || (url.protocol === 'https:' ? 443 : 80)),
      'service.peer.name': service,
    },
  });
  const headers = new Headers({ ...request.headers, accept: 'application/json' });
  if (body !== undefined) headers.set('content-type', 'application/json');
  propagation.inject(trace.setSpan(context.active(), span), headers, {
    set: (carrier, key, value) => carrier.set(key, value),
  });
  // Next's fetch instrumentation stays out: this client makes its own span.
  const init: NextFetchInit = {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
    opentelemetry: { ignore: true },
  };

  try {
    const response = await fetch(url, init);
    const text = await response.text();
    span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, response.status);
    if (spanStatusCodeFor(SpanKind.CLIENT, response.status) === SpanStatusCode.ERROR) {
      span.setAttribute(ATTR_ERROR_TYPE, String(response.status));
      span.setStatus({ code: SpanStatusCode.ERROR, message: `${service} answered ${response.status}` });
    }
    return { status: response.status, body: parseJson(text, service) };
  } catch (error) {
    const upstreamError = toUpstreamError(error, service, timeoutMs);
    span.recordException(upstreamError);
    span.setAttribute(ATTR_ERROR_TYPE, upstreamError.failure);
    span.setStatus({ code: SpanStatusCode.ERROR, message: upstreamError.message });
    throw upstreamError;
  } finally {
    span.end();
  }
}

function parseJson(text: string, service: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new UpstreamError('bad_response', service, `${service} answered with a body that is not JSON`, { cause: error });
  }
}

function toUpstreamError(error: unknown, service: string, timeoutMs: number): UpstreamError {
  if (error instanceof UpstreamError) return error;
  if (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return new UpstreamError('timeout', service, `${service} did not answer within ${timeoutMs} ms`, { cause: error });
  }
  return new UpstreamError('unavailable', service, `${service} could not be reached (${describeError(error)})`, { cause: error });
}
