import { withAsyncDbSpan, type DbTarget } from '@threadline/otel-node';
import { createPostgresPool, migratePostgres, postgresTargetOf } from '@threadline/service-kit';
import { userApiTracer as tracer } from '../telemetry';
import { faultsFromRows, USER_ROWS_SEED, type UserRecord, type UserStore } from './user-store';

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
  return {
    findUserById: (id, whileQuerying) =>
      withAsyncDbSpan(tracer, { operation: 'SELECT', table: 'users', query: SQL.userById, target }, async (span) => {
        await whileQuerying(span);
        return (await pool.query<UserRecord>(SQL.userById, [id])).rows[0];
      }),
    listUsers: (whileQuerying) =>
      withAsyncDbSpan(tracer, { operation: 'SELECT', table: 'users', query: SQL.users, target }, async (span) => {
        await whileQuerying(span);
        return (await pool.query<UserRecord>(SQL.users)).rows;
      }),
    readFaults: () =>
      withAsyncDbSpan(tracer, { operation: 'SELECT', table: 'user_api_faults', query: SQL.faults, target }, async () =>
        faultsFromRows((await pool.query<{ name: string; value: number }>(SQL.faults)).rows),
      ),
    writeFaults: (faults) =>
      withAsyncDbSpan(tracer, { operation: 'INSERT', table: 'user_api_faults', query: SQL.writeFault, target }, async () => {
        for (const [name, value] of Object.entries(faults)) await pool.query(SQL.writeFault, [name, value]);
      }),
    close: () => pool.end(),
  };
}
