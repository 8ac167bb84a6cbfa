import type { Tracer } from '@opentelemetry/api';
import { withDbSpan, type DbTarget } from '@threadline/otel-node';
import { isUniqueViolation, openMigratedDatabase } from '@threadline/service-kit';
import type { Order, Product } from '../../../shared/model';
import type { ShopFaultSettings } from '../../../shared/faults';
import { withLines, type OrderItemRow, type OrderRow } from './order-rows';
import { IdempotencyKeyTaken, type IdempotentOrder, type ShopRepository } from './shop-repository';

/** Ordered schema steps, applied on start by openMigratedDatabase. */
export const SQLITE_MIGRATIONS: readonly string[] = [
  `CREATE TABLE products (
     sku TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     price_cents INTEGER NOT NULL CHECK (price_cents >= 0)
   );
   CREATE TABLE orders (
     id TEXT PRIMARY KEY,
     user_id TEXT NOT NULL,
     user_name TEXT NOT NULL,
     total_cents INTEGER NOT NULL CHECK (total_cents >= 0),
     trace_id TEXT NOT NULL,
     created_at TEXT NOT NULL
   );
   CREATE INDEX orders_by_created_at ON orders (created_at DESC);
   CREATE TABLE order_items (
     order_id TEXT NOT NULL REFERENCES orders (id),
     sku TEXT NOT NULL REFERENCES products (sku),
     quantity INTEGER NOT NULL CHECK (quantity > 0),
     unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
     PRIMARY KEY (order_id, sku)
   );
   INSERT INTO products (sku, name, price_cents) VALUES
     ('TL-MUG', 'Threadline mug', 1200),
     ('TL-TEE', 'Span tree T-shirt', 2400),
     ('TL-STICKERS', 'Trace ID sticker pack', 450),
     ('TL-HOODIE', 'Distributed hoodie', 4900);`,
  // A retried POST /api/orders with the same Idempotency-Key returns the order the first one made.
  `CREATE TABLE idempotency_keys (
     key TEXT PRIMARY KEY,
     request_hash TEXT NOT NULL,
     order_id TEXT NOT NULL REFERENCES orders (id),
     created_at TEXT NOT NULL
   );`,
  // Lists show a visit its own orders only (lib/server/visit); older orders belong to none.
  `ALTER TABLE orders ADD COLUMN browser_session TEXT;
   CREATE INDEX orders_by_browser_session ON orders (browser_session, created_at DESC);`,
  // A replayed order links its trace to the span that placed the original (older keys have none).
  `ALTER TABLE idempotency_keys ADD COLUMN span_id TEXT;`,
  // A key is its caller's (a visit, or a cookieless client's address): another caller reusing it
  // places its own order instead of reading this one. Keys stored before have the scope 'legacy'.
  `CREATE TABLE idempotency_keys_scoped (
     scope TEXT NOT NULL,
     key TEXT NOT NULL,
     request_hash TEXT NOT NULL,
     order_id TEXT NOT NULL REFERENCES orders (id),
     created_at TEXT NOT NULL,
     span_id TEXT,
     PRIMARY KEY (scope, key)
   );
   INSERT INTO idempotency_keys_scoped (scope, key, request_hash, order_id, created_at, span_id)
     SELECT 'legacy', key, request_hash, order_id, created_at, span_id FROM idempotency_keys;
   DROP TABLE idempotency_keys;
   ALTER TABLE idempotency_keys_scoped RENAME TO idempotency_keys;`,
  // Fault switches live with the data, so every process of the shop reads the same ones.
  `CREATE TABLE shop_faults (name TEXT PRIMARY KEY, value REAL NOT NULL);`,
];

const ORDER_COLUMNS =
  'id, user_id AS userId, user_name AS userName, total_cents AS totalCents, trace_id AS traceId, created_at AS createdAt';
const SQL = {
  listProducts: 'SELECT sku, name, price_cents AS priceCents FROM products ORDER BY name',
  productsBySku: 'SELECT sku, name, price_cents AS priceCents FROM products WHERE sku IN (SELECT value FROM json_each(?))',
  insertOrder:
    'INSERT INTO orders (id, user_id, user_name, total_cents, trace_id, created_at, browser_session) VALUES (?, ?, ?, ?, ?, ?, ?)',
  insertOrderItem: 'INSERT INTO order_items (order_id, sku, quantity, unit_price_cents) VALUES (?, ?, ?, ?)',
  insertIdempotencyKey:
    'INSERT INTO idempotency_keys (scope, key, request_hash, order_id, created_at, span_id) VALUES (?, ?, ?, ?, ?, ?)',
  idempotencyKey:
    'SELECT request_hash AS requestHash, order_id AS orderId, span_id AS spanId FROM idempotency_keys WHERE key = ? AND scope IN (SELECT value FROM json_each(?)) ORDER BY created_at LIMIT 1',
  orderById: `SELECT ${ORDER_COLUMNS}, browser_session AS visitId FROM orders WHERE id = ?`,
  visitOrder: `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = ? AND browser_session IN (SELECT value FROM json_each(?))`,
  recentOrders: `SELECT ${ORDER_COLUMNS} FROM orders WHERE browser_session IN (SELECT value FROM json_each(?)) ORDER BY created_at DESC, rowid DESC LIMIT ?`,
  visitOrderTrace:
    'SELECT 1 AS found FROM orders WHERE trace_id = ? AND browser_session IN (SELECT value FROM json_each(?)) LIMIT 1',
  orderItems:
    'SELECT i.order_id AS orderId, i.sku, p.name, i.quantity, i.unit_price_cents AS unitPriceCents FROM order_items i JOIN products p ON p.sku = i.sku WHERE i.order_id IN (SELECT value FROM json_each(?)) ORDER BY p.name',
  faults: 'SELECT name, value FROM shop_faults',
  writeFault: 'INSERT INTO shop_faults (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
} as const;

/**
 * The shop's data in one SQLite file (SHOP_DB_PATH), the default: nothing to install. better-sqlite3
 * is synchronous, so each method runs whole, its transaction included, before any other request's
 * code can: no other request's statement lands inside it.
 */
export function openSqliteShopRepository(file: string, tracer: Tracer): ShopRepository {
  const db = openMigratedDatabase(file, SQLITE_MIGRATIONS);
  const target: DbTarget = { system: 'sqlite', namespace: 'shop' };
  const span = <T>(operation: string, table: string, query: string, run: () => T): T =>
    withDbSpan(tracer, { operation, table, query, target }, run);
  const list = (visitIds: readonly string[]) => JSON.stringify(visitIds);

  const withItems = (orders: OrderRow[]): Order[] => {
    if (orders.length === 0) return [];
    const items = span(
      'SELECT',
      'order_items',
      SQL.orderItems,
      () => db.prepare(SQL.orderItems).all(JSON.stringify(orders.map((order) => order.id))) as OrderItemRow[],
    );
    return withLines(orders, items);
  };

  return {
    async listProducts() {
      return span('SELECT', 'products', SQL.listProducts, () => db.prepare(SQL.listProducts).all() as Product[]);
    },
    async findProductsBySku(skus) {
      const rows = span(
        'SELECT',
        'products',
        SQL.productsBySku,
        () => db.prepare(SQL.productsBySku).all(JSON.stringify(skus)) as Product[],
      );
      return new Map(rows.map((row) => [row.sku, row]));
    },
    async insertOrder(order, visitId, idempotency) {
      db.transaction(() => {
        span('INSERT', 'orders', SQL.insertOrder, () =>
          db
            .prepare(SQL.insertOrder)
            .run(order.id, order.userId, order.userName, order.totalCents, order.traceId, order.createdAt, visitId),
        );
        span('INSERT', 'order_items', SQL.insertOrderItem, () => {
          const insertItem = db.prepare(SQL.insertOrderItem);
          for (const line of order.items) insertItem.run(order.id, line.sku, line.quantity, line.unitPriceCents);
        });
        if (!idempotency) return;
        try {
          span('INSERT', 'idempotency_keys', SQL.insertIdempotencyKey, () =>
            db
              .prepare(SQL.insertIdempotencyKey)
              .run(idempotency.scope, idempotency.key, idempotency.requestHash, order.id, order.createdAt, idempotency.spanId),
          );
        } catch (error) {
          if (isUniqueViolation(error)) throw new IdempotencyKeyTaken(idempotency.key);
          throw error;
        }
      })();
    },
    async findOrderByIdempotencyKey(key, scopes): Promise<IdempotentOrder | undefined> {
      const record = span(
        'SELECT',
        'idempotency_keys',
        SQL.idempotencyKey,
        () =>
          db.prepare(SQL.idempotencyKey).get(key, list(scopes)) as
            { requestHash: string; orderId: string; spanId: string | null } | undefined,
      );
      if (!record) return undefined;
      const row = span(
        'SELECT',
        'orders',
        SQL.orderById,
        () => db.prepare(SQL.orderById).get(record.orderId) as (OrderRow & { visitId: string | null }) | undefined,
      );
      if (!row) return undefined;
      const { visitId, ...order } = row;
      return {
        requestHash: record.requestHash,
        order: withItems([order])[0]!,
        visitId,
        placedBySpanId: record.spanId ?? undefined,
      };
    },
    async findVisitOrder(orderId, visitIds) {
      const row = span(
        'SELECT',
        'orders',
        SQL.visitOrder,
        () => db.prepare(SQL.visitOrder).get(orderId, list(visitIds)) as OrderRow | undefined,
      );
      return row ? withItems([row])[0] : undefined;
    },
    async listRecentOrders(limit, visitIds) {
      if (visitIds.length === 0) return [];
      return withItems(
        span('SELECT', 'orders', SQL.recentOrders, () => db.prepare(SQL.recentOrders).all(list(visitIds), limit) as OrderRow[]),
      );
    },
    async isVisitOrderTrace(traceId, visitIds) {
      if (visitIds.length === 0) return false;
      return (
        span('SELECT', 'orders', SQL.visitOrderTrace, () => db.prepare(SQL.visitOrderTrace).get(traceId, list(visitIds))) !==
        undefined
      );
    },
    async readFaults() {
      const rows = span(
        'SELECT',
        'shop_faults',
        SQL.faults,
        () => db.prepare(SQL.faults).all() as { name: string; value: number }[],
      );
      return faultsFromRows(rows);
    },
    async writeFaults(faults) {
      span('INSERT', 'shop_faults', SQL.writeFault, () => {
        const write = db.prepare(SQL.writeFault);
        db.transaction(() => Object.entries(faults).forEach(([name, value]) => write.run(name, value)))();
      });
    },
    async close() {
      db.close();
    },
  };
}

/** The switches as rows name them; undefined until a switch was first stored. */
export function faultsFromRows(rows: readonly { name: string; value: number }[]): ShopFaultSettings | undefined {
  const orderFailureRate = rows.find((row) => row.name === 'orderFailureRate')?.value;
  return orderFailureRate === undefined ? undefined : { orderFailureRate: Number(orderFailureRate) };
}
