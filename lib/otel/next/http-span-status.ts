import { SpanKind, SpanStatusCode } from '@opentelemetry/api';

/**
 * HTTP semantic conventions: a server that answers 4xx did its job (the caller erred), so only 5xx
 * marks a server span as failed; for a client every 4xx and 5xx is a failed call.
 */
export function isHttpErrorStatus(kind: SpanKind, statusCode: number): boolean {
  if (statusCode < 100 || statusCode > 599) return true;
  return kind === SpanKind.SERVER ? statusCode >= 500 : statusCode >= 400;
}

export function spanStatusCodeFor(kind: SpanKind, statusCode: number): SpanStatusCode {
  return isHttpErrorStatus(kind, statusCode) ? SpanStatusCode.ERROR : SpanStatusCode.UNSET;
}
