import { trace } from '@opentelemetry/api';
import { createLogger, lazyCounter } from '@threadline/otel-node';
import { SERVICE_NAMES } from '@threadline/stack-layout';

/** The shop’s own tracer, logger and counters (order placement, user lookups). */
export const shopTracer = trace.getTracer('threadline-shop');
export const shopLogger = createLogger(SERVICE_NAMES.web);

export const ordersPlaced = lazyCounter('threadline-shop', 'shop.orders.placed', 'Orders stored');
export const ordersFailed = lazyCounter('threadline-shop', 'shop.orders.failed', 'Orders refused or failed, by error.type');
export const userLookups = lazyCounter('threadline-shop', 'shop.user_lookups', 'Calls to the user API for one user, by outcome');
