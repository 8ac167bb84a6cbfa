import { withAsyncDbSpan, type DbTarget } from '@threadline/otel-node';
import { openMigratedDatabase } from '@threadline/service-kit';
import { userApiTracer as tracer } from '../telemetry';
import { faultsFromRows, USER_ROWS_SEED, type UserStore } from './user-store';
import type { User } from '../../client/contract';

/** Ordered schema steps, applied on start by openMigratedDatabase. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE users (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     email TEXT NOT NULL UNIQUE
   );
   ${USER_ROWS_SEED}`,
  // Fault switches live with the data, so every process of the user API reads the same ones.
  `CREATE TABLE user_api_faults (name TEXT PRIMARY KEY, value REAL NOT NULL);`,
];

const SQL = {
  userById: 'SELECT id, name, email FROM users WHERE id = ?',
  users: 'SELECT id, name, email FROM users ORDER BY id',
  faults: 'SELECT name, value FROM user_api_faults',
  writeFault: 'INSERT INTO user_api_faults (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
} as const;

/** The user API's data in one SQLite file: the default, nothing to install. */
export function openSqliteUserStore(file: string): UserStore {
  const db = openMigratedDatabase(file, MIGRATIONS);
  const target: DbTarget = { system: 'sqlite', namespace: 'users' };
  const findById = db.prepare(SQL.userById);
  const listAll = db.prepare(SQL.users);
  return {
    findUserById: (id, whileQuerying) =>
      withAsyncDbSpan(tracer, { operation: 'SELECT', table: 'users', query: SQL.userById, target }, async (span) => {
        await whileQuerying(span);
        return findById.get(id) as User | undefined;
      }),
    listUsers: (whileQuerying) =>
      withAsyncDbSpan(tracer, { operation: 'SELECT', table: 'users', query: SQL.users, target }, async (span) => {
        await whileQuerying(span);
        return listAll.all() as User[];
      }),
    readFaults: () =>
      withAsyncDbSpan(tracer, { operation: 'SELECT', table: 'user_api_faults', query: SQL.faults, target }, async () =>
        faultsFromRows(db.prepare(SQL.faults).all() as { name: string; value: number }[]),
      ),
    writeFaults: (faults) =>
      withAsyncDbSpan(tracer, { operation: 'INSERT', table: 'user_api_faults', query: SQL.writeFault, target }, async () => {
        const write = db.prepare(SQL.writeFault);
        db.transaction(() => Object.entries(faults).forEach(([name, value]) => write.run(name, value)))();
      }),
    close: async () => {
      db.close();
    },
  };
}
