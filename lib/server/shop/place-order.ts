import 'server-only';
import { TraceFlags, type Span } from '@opentelemetry/api';
import { randomUUID } from 'node:crypto';
import { ApiError } from '@threadline/service-kit';
import { recordError } from '@threadline/otel-node';
import { orderRequestHash } from './idempotency-key';
import type { Order } from '../../shared/model';
import type { OrderInput } from '../../shared/order-input';
import { IdempotencyKeyTaken, shopRepository, type IdempotentOrder } from './database';
import { ordersFailed, ordersPlaced, shopTracer } from './telemetry';
import { fetchUser } from './user-api';
import { injectOrderFailure } from './faults';

export interface PlacedOrder {
  order: Order;
  /** True when an earlier request with the same Idempotency-Key already placed this order. */
  replayed: boolean;
  /** The visit the order belongs to: `visitId`, or for a replay the visit the original was placed for. */
  visitId: string;
}

/** An Idempotency-Key, and whose it is: the first scope stores it, any of them finds it (idempotencyScopes). */
export interface IdempotencyClaim {
  key: string;
  scopes: readonly string[];
}

/**
 * Places a validated order: prices it from the shop's own catalogue (never from the client), checks the
 * user with the user API, then stores it with the trace ID of the request that placed it and the
 * visit it belongs to. With an idempotency key, a retry of the same order by the same caller returns
 * the first one instead of placing a second.
 */
export async function placeOrder(
  input: OrderInput,
  { visitId, idempotency }: { visitId: string; idempotency?: IdempotencyClaim | undefined },
): Promise<PlacedOrder> {
  return shopTracer.startActiveSpan('place order', async (span) => {
    span.setAttributes({ 'threadline.user.id': input.userId, 'threadline.order.line_count': input.items.length });
    try {
      const repository = await shopRepository();
      const requestHash = orderRequestHash(input);
      const earlier = idempotency ? await replayOf(idempotency, requestHash) : undefined;
      if (earlier) return answerReplay(span, earlier, visitId);

      const products = await repository.findProductsBySku(input.items.map((item) => item.sku));
      const unknownSku = input.items.find((item) => !products.has(item.sku));
      if (unknownSku) throw new ApiError(422, 'unknown_sku', `There is no product with SKU "${unknownSku.sku}".`);

      const user = await fetchUser(input.userId);
      if (!user) throw new ApiError(422, 'user_not_found', `There is no user with ID "${input.userId}".`);
      await injectOrderFailure(span);

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
        const scope = idempotency?.scopes[0];
        await repository.insertOrder(
          order,
          visitId,
          idempotency && scope ? { scope, key: idempotency.key, requestHash, spanId } : undefined,
        );
      } catch (error) {
        // A concurrent retry with the same key won the race: answer with its order.
        if (error instanceof IdempotencyKeyTaken && idempotency) {
          const winner = await replayOf(idempotency, requestHash);
          if (winner) return answerReplay(span, winner, visitId);
        }
        throw error;
      }
      span.setAttributes({ 'threadline.order.id': order.id, 'threadline.order.total_cents': order.totalCents });
      ordersPlaced().add(1);
      return { order, replayed: false, visitId };
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

/** The order this caller stored under its key, if any; a key reused for a different order is the client's error. */
async function replayOf({ key, scopes }: IdempotencyClaim, requestHash: string): Promise<IdempotentOrder | undefined> {
  const stored = await (await shopRepository()).findOrderByIdempotencyKey(key, scopes);
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
function answerReplay(span: Span, { order, placedBySpanId, visitId }: IdempotentOrder, requestVisitId: string): PlacedOrder {
  span.setAttributes({ 'threadline.order.id': order.id, 'threadline.order.replayed': true });
  if (placedBySpanId) {
    span.addLink({
      context: { traceId: order.traceId, spanId: placedBySpanId, traceFlags: TraceFlags.SAMPLED, isRemote: true },
      attributes: { 'threadline.link.reason': 'idempotent_replay' },
    });
  }
  return { order, replayed: true, visitId: visitId ?? requestVisitId };
}
