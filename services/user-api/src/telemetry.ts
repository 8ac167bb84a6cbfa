import { trace } from '@opentelemetry/api';
import { createLogger } from '../../../lib/logging/logger';
import { lazyCounter } from '../../../lib/otel/node/metrics';

/** The user API's own tracer, logger and counters. */
export const userApiTracer = trace.getTracer('threadline-user-api');
export const userApiLogger = createLogger('user-api');
export const userLookups = lazyCounter('threadline-user-api', 'user_api.user_lookups', 'Lookups of one user, by outcome');
