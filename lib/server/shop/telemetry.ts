import { trace } from '@opentelemetry/api';
import { createLogger, lazyCounter } from '@threadline/otel-node';
import { SERVICE_NAMES } from '@threadline/stack-layout';

/** The shop’s own tracer, logger and counters (order placement, user lookups, the browser span relay). */
export const shopTracer = trace.getTracer('threadline-shop');
export const shopLogger = createLogger(SERVICE_NAMES.web);

export const ordersPlaced = lazyCounter('threadline-shop', 'shop.orders.placed', 'Orders stored');
export const ordersFailed = lazyCounter('threadline-shop', 'shop.orders.failed', 'Orders refused or failed, by error.type');
export const userLookups = lazyCounter('threadline-shop', 'shop.user_lookups', 'Calls to the user API for one user, by outcome');
export const spanRelayRefused = lazyCounter(
  'threadline-shop',
  'shop.span_relay.refused',
  'Span batches the browser relay refused whole, by reason (the error code it answered)',
);
export const spanRelayDropped = lazyCounter(
  'threadline-shop',
  'shop.span_relay.dropped',
  'Parts of relayed span batches left out or cut (attributes, events, links, values), by reason',
);
