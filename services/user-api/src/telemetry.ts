import { metrics, trace, type Histogram } from '@opentelemetry/api';
import { SERVICE_NAMES } from '@threadline/stack-layout';
import { createLogger, httpServerDuration } from '@threadline/otel-node';

/** The user API's own tracer, logger and request metric. */
export const userApiTracer = trace.getTracer('threadline-user-api');
export const userApiLogger = createLogger(SERVICE_NAMES.userApi);

let requestDuration: Histogram | undefined;
/**
 * `http.server.request.duration`, from the meter provider the SDK registered before the first request.
 * It also counts lookups by outcome (`http_route="/users/:id"`, 200 found, 404 not found), so no
 * second instrument is kept per request for that.
 */
export const userApiRequestDuration = (): Histogram =>
  (requestDuration ??= httpServerDuration(metrics.getMeter('threadline-user-api')));
