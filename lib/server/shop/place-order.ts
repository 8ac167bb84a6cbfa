import 'server-only';
import { TraceFlags, type Span } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { ApiError } from '@threadline/service-kit';
import { recordError } from '@threadline/otel-node';
import { orderRequestHash } from './idempotency-key';
import type { Order } from '../../shared/model';
import type { OrderInput } from '../../shared/order-input';
import { findOrderByIdempotencyKey, findProductsBySku, IdempotencyKeyTaken, insertOrder, type IdempotentOrder } from './orders';
import { ordersFailed, ordersPlaced, shopTracer } from './telemetry';
import { fetchUser } from './user-api-client';
import { injectOrderFailure } from './faults';

export interface PlacedOrder {
  order: Order;
  /** True when an earlier request with the same Idempotency-Key already placed this order. */
  replayed: boolean;
}

/**
 * Places a validated order: prices it from the shop's own catalogue (never from the client), checks the
 * user with the user API, then stores it with the trace ID of the request that placed it and the
 * browser session it came from. With an
 * idempotency key, a retry of the same order returns the first one instead of placing a second.
 */
export async function placeOrder(
  input: OrderInput,
  { browserSession, idempotencyKey }: { browserSession: string; idempotencyKey?: string | undefined },
): Promise<PlacedOrder> {
  return shopTracer.startActiveSpan('place order', async (span) => {
    span.setAttributes({ 'app.user.id': input.userId, 'app.order.line_count': input.items.length });
    try {
      const requestHash = orderRequestHash(input);
      const earlier = idempotencyKey ? replayOf(idempotencyKey, requestHash) : undefined;
      if (earlier) return answerReplay(span, earlier);

      const products = findProductsBySku(input.items.map((item) => item.sku));
      const unknownSku = input.items.find((item) => !products.has(item.sku));
      if (unknownSku) throw new ApiError(422, 'unknown_sku', `There is no product with SKU "${unknownSku.sku}".`);

      const user = await fetchUser(input.userId);
      if (!user) throw new ApiError(422, 'user_not_found', `There is no user with ID "${input.userId}".`);
      injectOrderFailure(span);

      const items = input.items.map(({ sku, quantity }) => {
        const product = products.get(sku)!;
        return { sku, name: product.name, quantity, unitPriceCents: product.priceCents };
      });
      const order: Order = {
        id: randomUUID(),
        userId: user.id,
        userName: user.name,
        items,
        totalCents: items.reduce((sum, line) => sum + line.quantity * line.unitPriceCents, 0),
        traceId: span.spanContext().traceId,
        createdAt: new Date().toISOString(),
      };
      try {
        const spanId = span.spanContext().spanId;
        insertOrder(order, browserSession, idempotencyKey ? { key: idempotencyKey, requestHash, spanId } : undefined);
      } catch (error) {
        // A concurrent retry with the same key won the race: answer with its order.
        if (error instanceof IdempotencyKeyTaken) {
          const winner = replayOf(error.key, requestHash);
          if (winner) return answerReplay(span, winner);
        }
        throw error;
      }
      span.setAttributes({ 'app.order.id': order.id, 'app.order.total_cents': order.totalCents });
      ordersPlaced().add(1);
      return { order, replayed: false };
    } catch (error) {
      recordError(error, span);
      const errorType = error instanceof ApiError ? error.code : error instanceof Error ? error.name : 'unknown';
      span.setAttribute('error.type', errorType);
      ordersFailed().add(1, { 'error.type': errorType });
      throw error;
    } finally {
      span.end();
    }
  });
}

/** The order stored under `key`, if any; a key reused for a different order is the client's error. */
function replayOf(key: string, requestHash: string): IdempotentOrder | undefined {
  const stored = findOrderByIdempotencyKey(key);
  if (!stored) return undefined;
  if (stored.requestHash !== requestHash) {
    throw new ApiError(422, 'idempotency_key_reused', 'This Idempotency-Key was already used for a different order.');
  }
  return stored;
}

/**
 * A retry answered with the order an earlier request placed. Its trace did none of the work, so it
 * links to the span that did: from the retry, one step leads to the original's trace.
 */
function answerReplay(span: Span, { order, placedBySpanId }: IdempotentOrder): PlacedOrder {
  span.setAttributes({ 'app.order.id': order.id, 'app.order.replayed': true });
  if (placedBySpanId) {
    span.addLink({
      context: { traceId: order.traceId, spanId: placedBySpanId, traceFlags: TraceFlags.SAMPLED, isRemote: true },
      attributes: { 'app.link.reason': 'idempotent_replay' },
    });
  }
  return { order, replayed: true };
}
