import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { isErrorBody } from '@threadline/service-kit';
import { parseTraceContextHeader } from '@threadline/traces';
import { ShopVisit } from '../lib/shop-visit';
import type { LoadOptions } from './options';
import { pick } from './random';
import type { LoadTally, OrderOutcome } from './tally';

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
    const pending = placeOrder(visit, order).then((outcome) => tally.record(outcome));
    inFlight.add(pending);
    void pending.finally(() => inFlight.delete(pending));
  }
  await Promise.all(inFlight);
}

/** POSTs one order as a visitor's page would: a sampled trace of its visit, and its cookie. */
async function placeOrder(visit: ShopVisit, order: unknown): Promise<OrderOutcome> {
  const { traceId, traceparent, cookie, sessionId } = await visit.nextRequest();
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    traceparent,
    cookie,
    'idempotency-key': randomUUID(),
  };
  const started = performance.now();
  try {
    const response = await fetch(new URL('/api/orders', visit.shopUrl), {
      method: 'POST',
      headers,
      body: JSON.stringify(order),
      signal: AbortSignal.timeout(ORDER_TIMEOUT_MS),
    });
    const body: unknown = await response.json().catch(() => undefined);
    visit.keepCookieOf(response);
    return {
      status: response.status,
      code: isErrorBody(body) ? body.error.code : undefined,
      latencyMs: performance.now() - started,
      traceId,
      sessionId,
      sampled: parseTraceContextHeader(response.headers.get('traceresponse'))?.sampled ?? false,
      via: 'api',
    };
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      status: timedOut ? 'timeout' : 'network_error',
      code: undefined,
      latencyMs: performance.now() - started,
      traceId,
      sessionId,
      sampled: false,
      via: 'api',
    };
  }
}
