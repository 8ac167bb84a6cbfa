import { randomBytes } from 'node:crypto';

/** A fresh sampled W3C traceparent, as an API client that starts its own trace would send it. */
export function newTraceparent(): { traceId: string; spanId: string; header: string } {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, header: `00-${traceId}-${spanId}-01` };
}
