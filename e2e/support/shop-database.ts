import fs from 'node:fs';
import Database from 'better-sqlite3';

/** Reads the shop's SQLite file directly (read-only), to prove what was and was not written. */
export function countOrders(dbPath: string, where: { traceIds?: string[] } = {}): number {
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
