import Database from 'better-sqlite3';

/** Reads the shop's SQLite file directly (read-only), to prove what was and was not written. */
export function countOrders(dbPath: string, where: { traceIds?: string[] } = {}): number {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    if (where.traceIds) {
      const row = db.prepare('SELECT count(*) AS n FROM orders WHERE trace_id IN (SELECT value FROM json_each(?))').get(JSON.stringify(where.traceIds)) as { n: number };
      return row.n;
    }
    return (db.prepare('SELECT count(*) AS n FROM orders').get() as { n: number }).n;
  } finally {
    db.close();
  }
}
