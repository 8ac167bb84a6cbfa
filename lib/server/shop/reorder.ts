import 'server-only';
import { ApiError } from '@threadline/service-kit';
import type { Order } from '../../shared/model';
import { shopRepository } from './database';
import { placeOrder } from './place-order';

const ORDER_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Places again, at today's prices, an order this visit placed before: the same customer and items,
 * through the same checks as any new order. Only the visit's own orders can be repeated, so an
 * order ID from elsewhere reveals nothing. `visitIds`: the visit, then the one it replaced.
 */
export async function reorder(orderId: string, visitIds: readonly string[]): Promise<Order> {
  if (!ORDER_ID.test(orderId)) throw new ApiError(400, 'invalid_order_id', 'An order ID is a UUID.');
  const earlier = visitIds.length === 0 ? undefined : await (await shopRepository()).findVisitOrder(orderId, visitIds);
  if (!earlier || visitIds[0] === undefined) throw new ApiError(404, 'order_not_found', 'This browser placed no such order.');
  const { order } = await placeOrder(
    { userId: earlier.userId, items: earlier.items.map(({ sku, quantity }) => ({ sku, quantity })) },
    { visitId: visitIds[0] },
  );
  return order;
}
