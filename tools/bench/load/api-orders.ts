import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isErrorBody } from '@threadline/service-kit';
import { parseTraceContextHeader } from '@threadline/traces';
import { ShopVisit } from '../../../scripts/lib/shop-visit';
import type { LoadOptions } from './options';
import { pick } from './random';
import { orderIdOf, type LoadTally, type OrderOutcome } from './tally';

/** An answer later than this counts as a timeout: longer than any fault can delay an order. */
const ORDER_TIMEOUT_MS = 30_000;
/** Beyond this many unanswered orders the generator stops adding more: it must not pile up on a shop that has stalled. */
const MAX_IN_FLIGHT = 200;

export interface Catalogue {
  userIds: string[];
  skus: string[];
}

/** The users and products to order, from the shop itself; a user API that is down leaves user 1. */
export async function readCatalogue(shopUrl: URL): Promise<Catalogue> {
  const products = await getJson(new URL('/api/products', shopUrl));
  const skus = (products as { products?: { sku: string }[] }).products?.map((product) => product.sku) ?? [];
  if (skus.length === 0) throw new Error(`${shopUrl.origin}/api/products listed no products`);
  const users = await getJson(new URL('/api/users', shopUrl)).catch(() => undefined);
  const userIds = (users as { users?: { id: string }[] } | undefined)?.users?.map((user) => user.id) ?? [];
  return { userIds: userIds.length > 0 ? userIds : ['1'], skus };
}

async function getJson(url: URL): Promise<unknown> {
  const response = await fetch(url, { signal: AbortSignal.timeout(ORDER_TIMEOUT_MS) });
  if (!response.ok) throw new Error(`${url.href} answered ${response.status}`);
  return response.json();
}

/**
 * Sends orders at a steady rate for the duration, without waiting for one answer before the next
 * (an open loop, as independent visitors would), and records each outcome. Resolves when the last
 * answer is in.
 */
export async function placeApiOrders(
  options: LoadOptions,
  catalogue: Catalogue,
  random: () => number,
  tally: LoadTally,
  inFlight: Set<Promise<void>>,
): Promise<void> {
  // Each simulated visitor is a visit of the shop's, with its own cookie and its own traces.
  const visits = await Promise.all(Array.from({ length: options.sessions }, () => ShopVisit.start(options.target)));
  const total = Math.max(1, Math.round(options.ratePerSecond * options.durationSeconds));
  const intervalMs = 1000 / options.ratePerSecond;
  const started = performance.now();
  for (let index = 0; index < total; index += 1) {
    const dueInMs = started + index * intervalMs - performance.now();
    if (dueInMs > 0) await sleep(dueInMs);
    // Every choice is drawn whether or not the order is sent, so a seed makes the same orders on any machine.
    const visit = visits[index % visits.length]!;
    const userId = random() < options.badShare ? `unknown-user-${index}` : pick(catalogue.userIds, random);
    const order = { userId, items: [{ sku: pick(catalogue.skus, random), quantity: 1 + Math.floor(random() * 3) }] };
    if (inFlight.size >= MAX_IN_FLIGHT) {
      tally.skip();
      continue;
    }
    const pending = placeOrderWithRetries(visit, order, options.retries).then((outcome) => tally.record(outcome));
    inFlight.add(pending);
    void pending.finally(() => inFlight.delete(pending));
  }
  await Promise.all(inFlight);
}

/** Answers worth another attempt with the same key: the order may not have been placed, and may be. */
const RETRIED_STATUSES = new Set<OrderOutcome['status']>([502, 503, 504, 'timeout', 'network_error']);
/** The wait between attempts when the answer names none (Retry-After), and the longest honoured. */
const RETRY_WAIT_MS = { fallback: 500, max: 5000 } as const;

/**
 * Places an order, sending it again with the same Idempotency-Key while the answer says it may pass
 * (a replica killed mid-request, a database restarting): each attempt is a request of its own, in a
 * trace of its own; the shop answers the stored order to whichever comes after it landed.
 */
async function placeOrderWithRetries(visit: ShopVisit, order: unknown, retries: number): Promise<OrderOutcome> {
  const idempotencyKey = randomUUID();
  for (let attempt = 1; ; attempt += 1) {
    const { outcome, retryAfterMs } = await placeOrder(visit, order, idempotencyKey);
    if (attempt > retries || !RETRIED_STATUSES.has(outcome.status)) return { ...outcome, attempts: attempt };
    await sleep(retryAfterMs ?? RETRY_WAIT_MS.fallback);
  }
}

/** POSTs one order as a visitor's page would: a sampled trace of its visit, and its cookie. */
async function placeOrder(
  visit: ShopVisit,
  order: unknown,
  idempotencyKey: string,
): Promise<{ outcome: OrderOutcome; retryAfterMs?: number }> {
  const sentAtMs = Date.now();
  const started = performance.now();
  // Known once the visit has answered: a rotated cookie makes it ask the shop, which can fail too.
  let traceId = '';
  let sessionId: string | undefined;
  try {
    const request = await visit.nextRequest();
    ({ traceId, sessionId } = request);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      traceparent: request.traceparent,
      cookie: request.cookie,
      'idempotency-key': idempotencyKey,
    };
    const response = await fetch(new URL('/api/orders', visit.shopUrl), {
      method: 'POST',
      headers,
      body: JSON.stringify(order),
      signal: AbortSignal.timeout(ORDER_TIMEOUT_MS),
    });
    const body: unknown = await response.json().catch(() => undefined);
    // A 201 whose body was cut off (the replica killed mid-answer) told the client nothing: it is
    // retried with the same key like any lost answer, and the retry answers the stored order.
    if (response.status === 201 && orderIdOf(body) === undefined) throw new TypeError('the 201 answer was cut off');
    visit.keepCookieOf(response);
    const retryAfterSeconds = Number(response.headers.get('retry-after') ?? Number.NaN);
    return {
      outcome: {
        status: response.status,
        code: isErrorBody(body) ? body.error.code : undefined,
        latencyMs: performance.now() - started,
        sentAtMs,
        traceId,
        sessionId,
        sampled: parseTraceContextHeader(response.headers.get('traceresponse'))?.sampled ?? false,
        via: 'api',
        idempotencyKey,
        orderId: response.status === 201 ? orderIdOf(body) : undefined,
        servedBy: response.headers.get('x-served-by') ?? undefined,
      },
      retryAfterMs: Number.isFinite(retryAfterSeconds) ? Math.min(retryAfterSeconds * 1000, RETRY_WAIT_MS.max) : undefined,
    };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      outcome: {
        status: timedOut ? 'timeout' : 'network_error',
        code: undefined,
        latencyMs: performance.now() - started,
        sentAtMs,
        traceId,
        sessionId,
        sampled: false,
        via: 'api',
        idempotencyKey,
      },
    };
  }
}
