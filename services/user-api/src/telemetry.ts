import { metrics, trace, type Histogram } from '@opentelemetry/api';
import { SERVICE_NAMES } from '@threadline/otel-common';
import { createLogger, httpServerDuration, lazyCounter } from '@threadline/otel-node';

/** The user API's own tracer, logger and counters. */
export const userApiTracer = trace.getTracer('threadline-user-api');
export const userApiLogger = createLogger(SERVICE_NAMES.userApi);
export const userLookups = lazyCounter('threadline-user-api', 'user_api.user_lookups', 'Lookups of one user, by outcome');

let requestDuration: Histogram | undefined;
/** `http.server.request.duration`, from the meter provider the SDK registered before the first request. */
export const userApiRequestDuration = (): Histogram =>
  (requestDuration ??= httpServerDuration(metrics.getMeter('threadline-user-api')));
