import type { Order, OrderLine } from '../../../shared/model';

/** An order as the orders table holds it, before its lines are read. */
export type OrderRow = Omit<Order, 'items'>;
export type OrderItemRow = OrderLine & { orderId: string };

/** Puts each order's lines under it, in the order the query gave them. */
export function withLines(orders: readonly OrderRow[], items: readonly OrderItemRow[]): Order[] {
  const itemsByOrder = new Map<string, OrderLine[]>();
  for (const { orderId, ...line } of items) {
    const lines = itemsByOrder.get(orderId) ?? [];
    lines.push(line);
    itemsByOrder.set(orderId, lines);
  }
  return orders.map((order) => ({ ...order, items: itemsByOrder.get(order.id) ?? [] }));
}
