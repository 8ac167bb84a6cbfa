/**
 * The shop's domain, as route handlers and pages call it. They come in through here only
 * (.dependency-cruiser.cjs); the database, the user API client and the spans stay behind it.
 */
export { changeFaultSettings, readFaultSettings } from './faults';
export { idempotencyScopes, isValidIdempotencyKey } from './idempotency-key';
export { isVisitOrderTrace, listProducts, listRecentOrders } from './orders';
export { placeOrder } from './place-order';
export { reorder } from './reorder';
export { shopLogger } from './telemetry';
export { listCustomers } from './user-api';
