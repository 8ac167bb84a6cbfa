import type { Span } from '@opentelemetry/api';
import { recordPoolWait, withAsyncDbSpan, type DbTarget } from '@threadline/otel-node';
import { createPostgresPool, migratePostgres, postgresTargetOf, queryPool } from '@threadline/service-kit';
import { userApiTracer as tracer } from '../telemetry';
import { faultsFromRows, USER_ROWS_SEED, type UserStore } from './user-store';
import type { User } from '../../client/contract';

/** The same schema as the SQLite store's, as PostgreSQL writes it; one step per change from here on. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE users (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     email TEXT NOT NULL UNIQUE
   );
   CREATE TABLE user_api_faults (name TEXT PRIMARY KEY, value DOUBLE PRECISION NOT NULL);
   ${USER_ROWS_SEED}`,
];

const SQL = {
  userById: 'SELECT id, name, email FROM users WHERE id = $1',
  users: 'SELECT id, name, email FROM users ORDER BY id',
  faults: 'SELECT name, value FROM user_api_faults',
  writeFault: 'INSERT INTO user_api_faults (name, value) VALUES ($1, $2) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
} as const;

/** The user API's data in PostgreSQL (DATABASE_URL), shared by its replicas; migrated on open. */
export async function openPostgresUserStore(databaseUrl: string): Promise<UserStore> {
  const pool = createPostgresPool(databaseUrl);
  await migratePostgres(pool, MIGRATIONS);
  const target: DbTarget = postgresTargetOf(databaseUrl);
  // A database that cannot be reached is a 503 with Retry-After, which the shop passes on as its own.
  const rows = <T extends object>(span: Span, sql: string, params: unknown[] = []): Promise<T[]> =>
    queryPool<T>(pool, sql, params, (waitedMs) => recordPoolWait(span, waitedMs));
  return {
    findUserById: (id, whileQuerying) =>
      withAsyncDbSpan(tracer, { operation: 'SELECT', table: 'users', query: SQL.userById, target }, async (span) => {
        await whileQuerying(span);
        return (await rows<User>(span, SQL.userById, [id]))[0];
      }),
    listUsers: (whileQuerying) =>
      withAsyncDbSpan(tracer, { operation: 'SELECT', table: 'users', query: SQL.users, target }, async (span) => {
        await whileQuerying(span);
        return rows<User>(span, SQL.users);
      }),
    readFaults: () =>
      withAsyncDbSpan(tracer, { operation: 'SELECT', table: 'user_api_faults', query: SQL.faults, target }, async (span) =>
        faultsFromRows(await rows<{ name: string; value: number }>(span, SQL.faults)),
      ),
    writeFaults: (faults) =>
      withAsyncDbSpan(tracer, { operation: 'INSERT', table: 'user_api_faults', query: SQL.writeFault, target }, async (span) => {
        for (const [name, value] of Object.entries(faults)) await rows(span, SQL.writeFault, [name, value]);
      }),
    close: () => pool.end(),
  };
}
