import type Database from 'better-sqlite3';
import { withAsyncDbSpan } from '@threadline/otel-node';
import { USER_DB_NAMESPACE } from './database';
import { injectSlowQuery, type FaultSwitches } from './faults';
import { userApiTracer as tracer } from './telemetry';

/** A row of the user API's own database, as it answers it. */
export interface UserRecord {
  id: string;
  name: string;
  email: string;
}

const SELECT_USER_BY_ID = 'SELECT id, name, email FROM users WHERE id = ?';
const SELECT_USERS = 'SELECT id, name, email FROM users ORDER BY id';

/**
 * Reads users; each query is a database span carrying the statement, never its values. The span is
 * async only so that the slow-query fault can wait inside it; the query itself is synchronous.
 */
export function createUserRepository(db: Database.Database, faults: FaultSwitches) {
  const findById = db.prepare(SELECT_USER_BY_ID);
  const listAll = db.prepare(SELECT_USERS);
  return {
    findUserById(id: string): Promise<UserRecord | undefined> {
      return withAsyncDbSpan(
        tracer,
        { operation: 'SELECT', table: 'users', query: SELECT_USER_BY_ID, namespace: USER_DB_NAMESPACE },
        async (span) => {
          await injectSlowQuery(faults.current(), span);
          return findById.get(id) as UserRecord | undefined;
        },
      );
    },
    listUsers(): Promise<UserRecord[]> {
      return withAsyncDbSpan(
        tracer,
        { operation: 'SELECT', table: 'users', query: SELECT_USERS, namespace: USER_DB_NAMESPACE },
        async (span) => {
          await injectSlowQuery(faults.current(), span);
          return listAll.all() as UserRecord[];
        },
      );
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
