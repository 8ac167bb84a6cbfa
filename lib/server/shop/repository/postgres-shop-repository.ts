import type { Tracer } from '@opentelemetry/api';
import type { Pool, PoolClient } from 'pg';
import { recordPoolWait, withAsyncDbSpan, type DbTarget } from '@threadline/otel-node';
import {
  createPostgresPool,
  inTransaction,
  isUniqueViolation,
  migratePostgres,
  postgresTargetOf,
  queryPool,
} from '@threadline/service-kit';
import type { Order, Product } from '../../../shared/model';
import { withLines, type OrderItemRow, type OrderRow } from './order-rows';
import { IdempotencyKeyTaken, type IdempotentOrder, type ShopRepository } from './shop-repository';
import { faultsFromRows } from './sqlite-shop-repository';

/**
 * The same schema as SQLITE_MIGRATIONS, as PostgreSQL writes it, from the start (no PostgreSQL
 * database predates it): one step per change from here on. `seq` orders orders placed in the same
 * millisecond, as SQLite's rowid does.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
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
     created_at TEXT NOT NULL,
     browser_session TEXT,
     seq BIGINT GENERATED ALWAYS AS IDENTITY
   );
   CREATE INDEX orders_by_browser_session ON orders (browser_session, created_at DESC);
   CREATE INDEX orders_by_trace_id ON orders (trace_id);
   CREATE TABLE order_items (
     order_id TEXT NOT NULL REFERENCES orders (id),
     sku TEXT NOT NULL REFERENCES products (sku),
     quantity INTEGER NOT NULL CHECK (quantity > 0),
     unit_price_cents INTEGER NOT NULL CHECK (unit_price_cents >= 0),
     PRIMARY KEY (order_id, sku)
   );
   CREATE TABLE idempotency_keys (
     scope TEXT NOT NULL,
     key TEXT NOT NULL,
     request_hash TEXT NOT NULL,
     order_id TEXT NOT NULL REFERENCES orders (id),
     created_at TEXT NOT NULL,
     span_id TEXT,
     PRIMARY KEY (scope, key)
   );
   CREATE TABLE shop_faults (name TEXT PRIMARY KEY, value DOUBLE PRECISION NOT NULL);
   INSERT INTO products (sku, name, price_cents) VALUES
     ('TL-MUG', 'Threadline mug', 1200),
     ('TL-TEE', 'Span tree T-shirt', 2400),
     ('TL-STICKERS', 'Trace ID sticker pack', 450),
     ('TL-HOODIE', 'Distributed hoodie', 4900);`,
];

const ORDER_COLUMNS =
  'id, user_id AS "userId", user_name AS "userName", total_cents AS "totalCents", trace_id AS "traceId", created_at AS "createdAt"';
const SQL = {
  listProducts: 'SELECT sku, name, price_cents AS "priceCents" FROM products ORDER BY name',
  productsBySku: 'SELECT sku, name, price_cents AS "priceCents" FROM products WHERE sku = ANY($1)',
  insertOrder:
    'INSERT INTO orders (id, user_id, user_name, total_cents, trace_id, created_at, browser_session) VALUES ($1, $2, $3, $4, $5, $6, $7)',
  insertOrderItems:
    'INSERT INTO order_items (order_id, sku, quantity, unit_price_cents) SELECT $1, * FROM unnest($2::text[], $3::int[], $4::int[])',
  insertIdempotencyKey:
    'INSERT INTO idempotency_keys (scope, key, request_hash, order_id, created_at, span_id) VALUES ($1, $2, $3, $4, $5, $6)',
  idempotencyKey:
    'SELECT request_hash AS "requestHash", order_id AS "orderId", span_id AS "spanId" FROM idempotency_keys WHERE key = $1 AND scope = ANY($2) ORDER BY created_at LIMIT 1',
  orderById: `SELECT ${ORDER_COLUMNS}, browser_session AS "visitId" FROM orders WHERE id = $1`,
  visitOrder: `SELECT ${ORDER_COLUMNS} FROM orders WHERE id = $1 AND browser_session = ANY($2)`,
  recentOrders: `SELECT ${ORDER_COLUMNS} FROM orders WHERE browser_session = ANY($1) ORDER BY created_at DESC, seq DESC LIMIT $2`,
  visitOrderTrace: 'SELECT 1 AS found FROM orders WHERE trace_id = $1 AND browser_session = ANY($2) LIMIT 1',
  orderItems:
    'SELECT i.order_id AS "orderId", i.sku, p.name, i.quantity, i.unit_price_cents AS "unitPriceCents" FROM order_items i JOIN products p ON p.sku = i.sku WHERE i.order_id = ANY($1) ORDER BY p.name',
  faults: 'SELECT name, value FROM shop_faults',
  writeFault: 'INSERT INTO shop_faults (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
} as const;

/**
 * The shop's data in PostgreSQL (DATABASE_URL), for more than one replica: what SQLite does in one
 * process, the database does here for every replica, the race for an idempotency key included
 * (its primary key). Migrates on open.
 */
export async function openPostgresShopRepository(databaseUrl: string, tracer: Tracer): Promise<ShopRepository> {
  const pool = createPostgresPool(databaseUrl);
  await migratePostgres(pool, POSTGRES_MIGRATIONS);
  const target: DbTarget = postgresTargetOf(databaseUrl);
  const query = <T>(on: Pool | PoolClient, operation: string, table: string, sql: string, params: unknown[] = []): Promise<T[]> =>
    withAsyncDbSpan(tracer, { operation, table, query: sql, target }, (span) =>
      queryPool<T & object>(on, sql, params, (waitedMs) => recordPoolWait(span, waitedMs)),
    );

  const withItems = async (orders: OrderRow[]): Promise<Order[]> => {
    if (orders.length === 0) return [];
    const items = await query<OrderItemRow>(pool, 'SELECT', 'order_items', SQL.orderItems, [orders.map((order) => order.id)]);
    return withLines(orders, items);
  };

  return {
    listProducts: () => query<Product>(pool, 'SELECT', 'products', SQL.listProducts),
    async findProductsBySku(skus) {
      const rows = await query<Product>(pool, 'SELECT', 'products', SQL.productsBySku, [skus]);
      return new Map(rows.map((row) => [row.sku, row]));
    },
    async insertOrder(order, visitId, idempotency) {
      await inTransaction(pool, async (client) => {
        await query(client, 'INSERT', 'orders', SQL.insertOrder, [
          order.id,
          order.userId,
          order.userName,
          order.totalCents,
          order.traceId,
          order.createdAt,
          visitId,
        ]);
        await query(client, 'INSERT', 'order_items', SQL.insertOrderItems, [
          order.id,
          order.items.map((line) => line.sku),
          order.items.map((line) => line.quantity),
          order.items.map((line) => line.unitPriceCents),
        ]);
        if (idempotency) {
          await query(client, 'INSERT', 'idempotency_keys', SQL.insertIdempotencyKey, [
            idempotency.scope,
            idempotency.key,
            idempotency.requestHash,
            order.id,
            order.createdAt,
            idempotency.spanId,
          ]);
        }
      }).catch((error: unknown) => {
        if (idempotency && isUniqueViolation(error)) throw new IdempotencyKeyTaken(idempotency.key);
        throw error;
      });
    },
    async findOrderByIdempotencyKey(key, scopes): Promise<IdempotentOrder | undefined> {
      const [record] = await query<{ requestHash: string; orderId: string; spanId: string | null }>(
        pool,
        'SELECT',
        'idempotency_keys',
        SQL.idempotencyKey,
        [key, scopes],
      );
      if (!record) return undefined;
      const [row] = await query<OrderRow & { visitId: string | null }>(pool, 'SELECT', 'orders', SQL.orderById, [record.orderId]);
      if (!row) return undefined;
      const { visitId, ...order } = row;
      return {
        requestHash: record.requestHash,
        order: (await withItems([order]))[0]!,
        visitId,
        placedBySpanId: record.spanId ?? undefined,
      };
    },
    async findVisitOrder(orderId, visitIds) {
      const rows = await query<OrderRow>(pool, 'SELECT', 'orders', SQL.visitOrder, [orderId, visitIds]);
      return (await withItems(rows))[0];
    },
    async listRecentOrders(limit, visitIds) {
      if (visitIds.length === 0) return [];
      return withItems(await query<OrderRow>(pool, 'SELECT', 'orders', SQL.recentOrders, [visitIds, limit]));
    },
    async isVisitOrderTrace(traceId, visitIds) {
      if (visitIds.length === 0) return false;
      return (await query(pool, 'SELECT', 'orders', SQL.visitOrderTrace, [traceId, visitIds])).length > 0;
    },
    async readFaults() {
      return faultsFromRows(await query<{ name: string; value: number }>(pool, 'SELECT', 'shop_faults', SQL.faults));
    },
    async writeFaults(faults) {
      for (const [name, value] of Object.entries(faults))
        await query(pool, 'INSERT', 'shop_faults', SQL.writeFault, [name, value]);
    },
    close: () => pool.end(),
  };
}
