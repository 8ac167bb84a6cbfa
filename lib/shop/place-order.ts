import 'server-only';
import { randomUUID } from 'node:crypto';
import { ApiError } from '../http/api-error';
import { recordError } from '../otel/node/record-error';
import type { OrderInput } from './order-input';
import type { Order } from './model';
import { findProductsBySku, insertOrder } from './orders';
import { shopTracer } from './tracer';
import { fetchUser } from './user-api-client';

/**
 * Places a validated order: prices it from the shop's own catalogue (never from the client), checks the
 * user with the user API, then stores it with the trace ID of the request that placed it.
 */
export async function placeOrder(input: OrderInput): Promise<Order> {
  return shopTracer.startActiveSpan('place order', async (span) => {
    span.setAttributes({ 'app.user.id': input.userId, 'app.order.line_count': input.items.length });
    try {
      const products = findProductsBySku(input.items.map((item) => item.sku));
      const unknownSku = input.items.find((item) => !products.has(item.sku));
      if (unknownSku) throw new ApiError(422, 'unknown_sku', `There is no product with SKU "${unknownSku.sku}".`);

      const user = await fetchUser(input.userId);
      if (!user) throw new ApiError(422, 'user_not_found', `There is no user with ID "${input.userId}".`);

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
      insertOrder(order);
      span.setAttributes({ 'app.order.id': order.id, 'app.order.total_cents': order.totalCents });
      return order;
    } catch (error) {
      recordError(error, span);
      if (error instanceof ApiError) span.setAttribute('error.type', error.code);
      throw error;
    } finally {
      span.end();
    }
  });
}
