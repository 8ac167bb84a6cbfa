import 'server-only';
import type Database from 'better-sqlite3';
import { openMigratedDatabase } from '@threadline/service-kit';
import { shopConfig } from '../config';

/** Ordered schema steps, applied on start by openMigratedDatabase. */
const MIGRATIONS: readonly string[] = [
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
  // Lists show a browser its own orders only (lib/server/browser-session.ts); older orders belong to none.
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
];

export const SHOP_DB_NAMESPACE = 'shop';

export function openShopDatabase(file: string): Database.Database {
  return openMigratedDatabase(file, MIGRATIONS);
}

// Next.js may evaluate this module once per route bundle; one connection per process is enough.
const holder = globalThis as typeof globalThis & { threadlineShopDb?: Database.Database };

export function shopDatabase(): Database.Database {
  holder.threadlineShopDb ??= openShopDatabase(shopConfig().databasePath);
  return holder.threadlineShopDb;
}
