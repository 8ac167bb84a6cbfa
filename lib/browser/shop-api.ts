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
  const send = () => fetch('/api/orders', { method: 'POST', headers, body: JSON.stringify(input) });
  return idempotencyKey ? sendUntilKnown(send) : readResult<Order>(send());
}

/** Attempts after the first while the outcome is unknown, and the wait before each. */
const UNKNOWN_OUTCOME_RETRIES = 2;
const RETRY_WAIT_MS = 1000;

/**
 * Sends the order again, with the same Idempotency-Key, while the answer says nothing of it: no
 * answer at all, a success whose body was cut off, or a 502 or 504 not from the shop (a balancer
 * whose replica died mid-request). The order may have been stored then; the key makes the shop
 * answer that order rather than store it twice. Every answer of the shop's own (its error body) is final.
 */
async function sendUntilKnown(send: () => Promise<Response>): Promise<ShopApiResult<Order>> {
  for (let attempt = 0; ; attempt += 1) {
    const result = await readResult<Order>(send());
    const unknown =
      !result.ok &&
      (result.code === 'network_error' ||
        result.code === 'answer_cut_off' ||
        (result.code === 'unexpected_response' && [502, 504].includes(result.status)));
    if (!unknown || attempt >= UNKNOWN_OUTCOME_RETRIES) return result;
    await new Promise((resolve) => setTimeout(resolve, RETRY_WAIT_MS));
  }
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
  if (response.ok && body === undefined) {
    // The server said yes and then its connection broke (a replica killed mid-answer): what it
    // stored is unknown until asked again.
    return {
      ok: false,
      status: response.status,
      code: 'answer_cut_off',
      message: "The shop's answer was cut off. Check your recent orders before ordering again.",
      traceId,
    };
  }
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
