import type Database from 'better-sqlite3';
import { withDbSpan } from '@threadline/otel-node';
import { USER_DB_NAMESPACE } from './database';
import { userApiTracer as tracer, userLookups } from './telemetry';

/** A row of the user API's own database, as it answers it. */
export interface UserRecord {
  id: string;
  name: string;
  email: string;
}

const SELECT_USER_BY_ID = 'SELECT id, name, email FROM users WHERE id = ?';
const SELECT_USERS = 'SELECT id, name, email FROM users ORDER BY id';

/** Reads users; each query is a database span carrying the statement, never its values. */
export function createUserRepository(db: Database.Database) {
  const findById = db.prepare(SELECT_USER_BY_ID);
  const listAll = db.prepare(SELECT_USERS);
  return {
    findUserById(id: string): UserRecord | undefined {
      const user = withDbSpan(
        tracer,
        { operation: 'SELECT', table: 'users', query: SELECT_USER_BY_ID, namespace: USER_DB_NAMESPACE },
        () => findById.get(id) as UserRecord | undefined,
      );
      userLookups().add(1, { outcome: user ? 'found' : 'not_found' });
      return user;
    },
    listUsers(): UserRecord[] {
      return withDbSpan(
        tracer,
        { operation: 'SELECT', table: 'users', query: SELECT_USERS, namespace: USER_DB_NAMESPACE },
        () => listAll.all() as UserRecord[],
      );
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
