import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import pg from 'pg';
import { databaseUrlOn } from '../../scripts/lib/stack-databases';
import { E2E_DATABASE, E2E_POSTGRES_SERVER_URL } from './e2e-database';

/** Where a stack's shop keeps its orders: its PostgreSQL database when it has one, else its SQLite file. */
export interface ShopDatabase {
  shopDbPath: string;
  shopDatabaseUrl?: string | undefined;
}

/** The shared stack's (playwright.config.ts): data/e2e/shop.db, or the `shop` database of the run's cluster. */
export const SHARED_SHOP_DATABASE: ShopDatabase = {
  shopDbPath: path.resolve(__dirname, '..', '..', 'data', 'e2e', 'shop.db'),
  shopDatabaseUrl: E2E_DATABASE === 'postgres' ? databaseUrlOn(E2E_POSTGRES_SERVER_URL, 'shop') : undefined,
};

/** Reads the shop's orders directly, not through the shop, to prove what was and was not written. */
export async function countOrders(database: ShopDatabase, where: { traceIds?: string[] } = {}): Promise<number> {
  return database.shopDatabaseUrl
    ? countPostgresOrders(database.shopDatabaseUrl, where)
    : countSqliteOrders(database.shopDbPath, where);
}

async function countPostgresOrders(url: string, where: { traceIds?: string[] }): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    // The shop migrates its database on first use; before that there are no orders.
    const table = await client.query<{ exists: boolean }>("SELECT to_regclass('orders') IS NOT NULL AS exists");
    if (!table.rows[0]?.exists) return 0;
    const result = where.traceIds
      ? await client.query<{ n: string }>('SELECT count(*) AS n FROM orders WHERE trace_id = ANY($1)', [where.traceIds])
      : await client.query<{ n: string }>('SELECT count(*) AS n FROM orders');
    return Number(result.rows[0]?.n);
  } finally {
    await client.end();
  }
}

function countSqliteOrders(dbPath: string, where: { traceIds?: string[] }): number {
  // The shop creates its database on first use; before that there are no orders.
  if (!fs.existsSync(dbPath)) return 0;
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    if (where.traceIds) {
      const row = db
        .prepare('SELECT count(*) AS n FROM orders WHERE trace_id IN (SELECT value FROM json_each(?))')
        .get(JSON.stringify(where.traceIds)) as { n: number };
      return row.n;
    }
    return (db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
