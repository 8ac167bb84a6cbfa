import { trace } from '@opentelemetry/api';

/** The tracer for the shop's own spans (order placement, its database calls). */
export const shopTracer = trace.getTracer('threadline-shop');
