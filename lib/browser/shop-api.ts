import { isErrorBody } from '@threadline/service-kit/errors';
import type { Order } from '../shared/model';
import type { OrderInput } from '../shared/order-input';
import { parseTraceContextHeader } from '@threadline/traces';

/** The answer of a shop API call, with the trace the server put the request in (from `traceresponse`). */
export type ShopApiResult<T> =
  | { ok: true; value: T; traceId: string | undefined; traceSampled: boolean }
  | { ok: false; status: number; code: string; message: string; traceId: string | undefined };

/**
 * Starts the request before anything is awaited, so a surrounding click span is its parent. Each
 * click gets its own Idempotency-Key, so a retry of the same request can never order twice.
 */
export function submitOrder(input: OrderInput): Promise<ShopApiResult<Order>> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // randomUUID exists only in secure contexts (https, localhost); elsewhere the order goes without a key.
  const idempotencyKey = globalThis.crypto?.randomUUID?.();
  if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
  return readResult<Order>(fetch('/api/orders', { method: 'POST', headers, body: JSON.stringify(input) }));
}

async function readResult<T>(pending: Promise<Response>): Promise<ShopApiResult<T>> {
  let response: Response;
  try {
    response = await pending;
  } catch {
    return {
      ok: false,
      status: 0,
      code: 'network_error',
      message: 'The shop could not be reached. Check your connection and try again.',
      traceId: undefined,
    };
  }
  const traceContext = parseTraceContextHeader(response.headers.get('traceresponse'));
  const traceId = traceContext?.traceId;
  const body: unknown = await response.json().catch(() => undefined);
  if (response.ok) return { ok: true, value: body as T, traceId, traceSampled: traceContext?.sampled ?? false };
  if (isErrorBody(body)) return { ok: false, status: response.status, ...body.error, traceId };
  return {
    ok: false,
    status: response.status,
    code: 'unexpected_response',
    message: `The shop answered ${response.status}.`,
    traceId,
  };
}
