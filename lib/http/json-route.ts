import { trace } from '@opentelemetry/api';
import { formatTraceResponse } from '../otel/node/traceresponse';
import { recordError } from '../otel/node/record-error';
import { ApiError, errorBody } from './api-error';

/**
 * Runs a route handler's work and turns its outcome into a response: errors become the one error
 * shape with a span marked as failed, and every answer carries `traceresponse` so callers can find
 * their trace.
 */
export async function jsonRoute(work: () => Promise<Response>): Promise<Response> {
  let response: Response;
  try {
    response = await work();
  } catch (error) {
    response = errorResponse(error);
  }
  const span = trace.getActiveSpan();
  if (span) response.headers.set('traceresponse', formatTraceResponse(span.spanContext()));
  return response;
}

function errorResponse(error: unknown): Response {
  const span = trace.getActiveSpan();
  if (error instanceof ApiError) {
    recordError(error, span);
    span?.setAttribute('error.type', error.code);
    return Response.json(error.toBody(), { status: error.status });
  }
  recordError(error, span);
  console.error('Unhandled error in route handler', error);
  return Response.json(errorBody('internal_error', 'Something went wrong on our side. Please try again.'), { status: 500 });
}
