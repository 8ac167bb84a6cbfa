import 'server-only';
import { withDbSpan, type DbCall } from '@threadline/otel-node';
import { SHOP_DB_NAMESPACE, shopDatabase } from './database';
import type { Order, OrderLine, Product } from '../../shared/model';
import { shopTracer } from './telemetry';

const SELECT_PRODUCTS_BY_SKU =
  'SELECT sku, name, price_cents AS priceCents FROM products WHERE sku IN (SELECT value FROM json_each(?))';
const INSERT_ORDER =
  'INSERT INTO orders (id, user_id, user_name, total_cents, trace_id, created_at, browser_session) VALUES (?, ?, ?, ?, ?, ?, ?)';
const INSERT_ORDER_ITEM = 'INSERT INTO order_items (order_id, sku, quantity, unit_price_cents) VALUES (?, ?, ?, ?)';
const INSERT_IDEMPOTENCY_KEY =
  'INSERT INTO idempotency_keys (scope, key, request_hash, order_id, created_at, span_id) VALUES (?, ?, ?, ?, ?, ?)';
const SELECT_IDEMPOTENCY_KEY =
  'SELECT request_hash AS requestHash, order_id AS orderId, span_id AS spanId FROM idempotency_keys WHERE key = ? AND scope IN (SELECT value FROM json_each(?)) ORDER BY created_at LIMIT 1';
const SELECT_SESSION_ORDER =
  'SELECT id, user_id AS userId, user_name AS userName, total_cents AS totalCents, trace_id AS traceId, created_at AS createdAt FROM orders WHERE id = ? AND browser_session IN (SELECT value FROM json_each(?))';
const SELECT_ORDER_BY_ID =
  'SELECT id, user_id AS userId, user_name AS userName, total_cents AS totalCents, trace_id AS traceId, created_at AS createdAt, browser_session AS visitId FROM orders WHERE id = ?';
const SELECT_RECENT_ORDERS =
  'SELECT id, user_id AS userId, user_name AS userName, total_cents AS totalCents, trace_id AS traceId, created_at AS createdAt FROM orders WHERE browser_session IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, rowid DESC LIMIT ?';
const SELECT_VISIT_ORDER_TRACE =
  'SELECT 1 AS found FROM orders WHERE trace_id = ? AND browser_session IN (SELECT value FROM json_each(?)) LIMIT 1';
const SELECT_ORDER_ITEMS =
  'SELECT i.order_id AS orderId, i.sku, p.name, i.quantity, i.unit_price_cents AS unitPriceCents FROM order_items i JOIN products p ON p.sku = i.sku WHERE i.order_id IN (SELECT value FROM json_each(?)) ORDER BY p.name';

function dbCall(operation: string, table: string, query: string): DbCall {
  return { operation, table, query, namespace: SHOP_DB_NAMESPACE };
}

export function findProductsBySku(skus: readonly string[]): Map<string, Product> {
  const rows = withDbSpan(
    shopTracer,
    dbCall('SELECT', 'products', SELECT_PRODUCTS_BY_SKU),
    () => shopDatabase().prepare(SELECT_PRODUCTS_BY_SKU).all(JSON.stringify(skus)) as Product[],
  );
  return new Map(rows.map((row) => [row.sku, row]));
}

export interface IdempotencyRecord {
  /** Whose key it is (idempotency-key.ts, idempotencyScopes): the first of the request's scopes. */
  scope: string;
  key: string;
  requestHash: string;
  /** The `place order` span that placed the order: a replay links to it. */
  spanId: string;
}

/** What an idempotency key leads back to: the order, the visit it was placed for, and the span that placed it. */
export interface IdempotentOrder {
  requestHash: string;
  order: Order;
  visitId: string | null;
  /** Undefined for keys stored before spans were kept with them. */
  placedBySpanId: string | undefined;
}

/** Thrown when another request stored an order under the same idempotency key first. */
export class IdempotencyKeyTaken extends Error {
  constructor(readonly key: string) {
    super(`idempotency key ${key} is already taken`);
    this.name = 'IdempotencyKeyTaken';
  }
}

/**
 * Writes the order, all its lines and its idempotency key in one transaction: either the whole
 * order is stored or none of it. A key stored meanwhile by a concurrent retry rolls this one back.
 */
export function insertOrder(order: Order, visitId: string, idempotency?: IdempotencyRecord): void {
  const db = shopDatabase();
  db.transaction(() => {
    withDbSpan(shopTracer, dbCall('INSERT', 'orders', INSERT_ORDER), () =>
      db
        .prepare(INSERT_ORDER)
        .run(order.id, order.userId, order.userName, order.totalCents, order.traceId, order.createdAt, visitId),
    );
    withDbSpan(shopTracer, dbCall('INSERT', 'order_items', INSERT_ORDER_ITEM), () => {
      const insertItem = db.prepare(INSERT_ORDER_ITEM);
      for (const line of order.items) insertItem.run(order.id, line.sku, line.quantity, line.unitPriceCents);
    });
    if (!idempotency) return;
    try {
      withDbSpan(shopTracer, dbCall('INSERT', 'idempotency_keys', INSERT_IDEMPOTENCY_KEY), () =>
        db
          .prepare(INSERT_IDEMPOTENCY_KEY)
          .run(idempotency.scope, idempotency.key, idempotency.requestHash, order.id, order.createdAt, idempotency.spanId),
      );
    } catch (error) {
      if ((error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_PRIMARYKEY') throw new IdempotencyKeyTaken(idempotency.key);
      throw error;
    }
  })();
}

type OrderRow = Omit<Order, 'items'>;
type OwnedOrderRow = OrderRow & { visitId: string | null };
type OrderItemRow = OrderLine & { orderId: string };

/** The order stored under an idempotency key by one of `scopes`, with the hash of the request that stored it. */
export function findOrderByIdempotencyKey(key: string, scopes: readonly string[]): IdempotentOrder | undefined {
  const db = shopDatabase();
  const record = withDbSpan(
    shopTracer,
    dbCall('SELECT', 'idempotency_keys', SELECT_IDEMPOTENCY_KEY),
    () =>
      db.prepare(SELECT_IDEMPOTENCY_KEY).get(key, JSON.stringify(scopes)) as
        { requestHash: string; orderId: string; spanId: string | null } | undefined,
  );
  if (!record) return undefined;
  const row = withDbSpan(
    shopTracer,
    dbCall('SELECT', 'orders', SELECT_ORDER_BY_ID),
    () => db.prepare(SELECT_ORDER_BY_ID).get(record.orderId) as OwnedOrderRow | undefined,
  );
  if (!row) return undefined;
  const { visitId, ...order } = row;
  return { requestHash: record.requestHash, order: withItems([order])[0]!, visitId, placedBySpanId: record.spanId ?? undefined };
}

/** One order of a visit (`visitIds`: the visit and the one it replaced): another visit's order is as good as missing. */
export function findVisitOrder(orderId: string, visitIds: readonly string[]): Order | undefined {
  const db = shopDatabase();
  const row = withDbSpan(
    shopTracer,
    dbCall('SELECT', 'orders', SELECT_SESSION_ORDER),
    () => db.prepare(SELECT_SESSION_ORDER).get(orderId, JSON.stringify(visitIds)) as OrderRow | undefined,
  );
  return row ? withItems([row])[0] : undefined;
}

/** The newest orders of a visit (`visitIds`: the visit and the one it replaced); none without a visit. */
export function listRecentOrders(limit: number, visitIds: readonly string[]): Order[] {
  if (visitIds.length === 0) return [];
  const db = shopDatabase();
  const orders = withDbSpan(
    shopTracer,
    dbCall('SELECT', 'orders', SELECT_RECENT_ORDERS),
    () => db.prepare(SELECT_RECENT_ORDERS).all(JSON.stringify(visitIds), limit) as OrderRow[],
  );
  return withItems(orders);
}

/** Whether `traceId` placed one of the visit's orders (`visitIds`: the visit and the one it replaced). */
export function isVisitOrderTrace(traceId: string, visitIds: readonly string[]): boolean {
  if (visitIds.length === 0) return false;
  const row = withDbSpan(shopTracer, dbCall('SELECT', 'orders', SELECT_VISIT_ORDER_TRACE), () =>
    shopDatabase().prepare(SELECT_VISIT_ORDER_TRACE).get(traceId, JSON.stringify(visitIds)),
  );
  return row !== undefined;
}

function withItems(orders: OrderRow[]): Order[] {
  if (orders.length === 0) return [];
  const items = withDbSpan(
    shopTracer,
    dbCall('SELECT', 'order_items', SELECT_ORDER_ITEMS),
    () =>
      shopDatabase()
        .prepare(SELECT_ORDER_ITEMS)
        .all(JSON.stringify(orders.map((order) => order.id))) as OrderItemRow[],
  );
  const itemsByOrder = new Map<string, OrderLine[]>();
  for (const { orderId, ...line } of items) {
    const lines = itemsByOrder.get(orderId) ?? [];
    lines.push(line);
    itemsByOrder.set(orderId, lines);
  }
  return orders.map((order) => ({ ...order, items: itemsByOrder.get(order.id) ?? [] }));
}
