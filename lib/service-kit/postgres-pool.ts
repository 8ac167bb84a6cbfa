import pg from 'pg';
import { asDatabaseError, isDatabaseUnreachable } from './database-unavailable';

/** Where a PostgreSQL database is, as the database span conventions name it (db.system.name, server.*, db.namespace). */
export interface PostgresTarget {
  system: 'postgresql';
  namespace: string;
  serverAddress: string;
  serverPort: number;
}

/** DATABASE_URL's parts the spans name; never its user or password. */
export function postgresTargetOf(databaseUrl: string): PostgresTarget {
  const url = new URL(databaseUrl);
  if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') {
    throw new Error(`DATABASE_URL must be a postgres:// URL (it is ${url.protocol}//…)`);
  }
  return {
    system: 'postgresql',
    namespace: decodeURIComponent(url.pathname.replace(/^\//, '')) || 'postgres',
    serverAddress: url.hostname,
    serverPort: Number(url.port || 5432),
  };
}

/**
 * A connection pool for one service's database. Small: each replica of each service holds its own,
 * and PostgreSQL's default limit is 100 connections for everyone. A query that waits longer than
 * the statement timeout fails instead of holding an order open.
 */
export function createPostgresPool(databaseUrl: string, { max = 10 }: { max?: number } = {}): pg.Pool {
  postgresTargetOf(databaseUrl);
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    idleTimeoutMillis: 30_000,
    connectionTimeoutMillis: 5_000,
    statement_timeout: 10_000,
  });
  // An idle client whose server went away (a restart) must not take the process down with it.
  pool.on('error', () => undefined);
  return pool;
}

/**
 * Runs one statement on a connection of the pool, as `pool.query` does, and tells `onWait` how long
 * it waited for that connection (a saturated pool queues requests). A database that cannot be reached
 * is a 503 (asDatabaseError), and a connection it cut off leaves the pool.
 */
export async function queryPool<Row extends object>(
  pool: pg.Pool | pg.PoolClient,
  sql: string,
  params: unknown[] = [],
  onWait?: (waitedMs: number) => void,
): Promise<Row[]> {
  // Told apart by shape, not instanceof: Next.js may bundle `pg` once per route.
  if ('release' in pool) {
    // Already a connection (a transaction's): nothing to wait for.
    return pool.query<Row>(sql, params).then(
      (result) => result.rows,
      (error: unknown) => {
        throw asDatabaseError(error);
      },
    );
  }
  return withConnection(pool, async (client) => (await client.query<Row>(sql, params)).rows, onWait);
}

/**
 * Runs `work` in one transaction on a connection of the pool: committed when it resolves, rolled back
 * when it throws. Errors come out as queryPool's do (unreachable is a 503, anything else as it was, so
 * the caller can still tell a unique violation), and a connection the server cut off leaves the pool
 * instead of serving the next caller.
 */
export function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  return withConnection(pool, async (client) => {
    await client.query('BEGIN');
    try {
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  });
}

/**
 * A connection of the pool for `work`, then back to the pool; errors as asDatabaseError makes them,
 * and a connection the server cut off leaves the pool instead of serving the next caller.
 */
async function withConnection<T>(
  pool: pg.Pool,
  work: (client: pg.PoolClient) => Promise<T>,
  onWait?: (waitedMs: number) => void,
): Promise<T> {
  const waitStarted = performance.now();
  const client = await pool.connect().catch((error: unknown) => {
    throw asDatabaseError(error);
  });
  onWait?.(performance.now() - waitStarted);
  let lost: Error | undefined;
  try {
    return await work(client);
  } catch (error) {
    if (isDatabaseUnreachable(error) && error instanceof Error) lost = error;
    throw asDatabaseError(error);
  } finally {
    client.release(lost);
  }
}

/** A unique or primary key violation, in either engine: the database settled a race. */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
