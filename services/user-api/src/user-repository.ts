import type Database from 'better-sqlite3';
import { withDbSpan } from '../../../lib/otel/node/db-span';
import { USER_DB_NAMESPACE } from './database';
import { userApiTracer as tracer, userLookups } from './telemetry';

export interface User {
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
    findUserById(id: string): User | undefined {
      const user = withDbSpan(
        tracer,
        { operation: 'SELECT', table: 'users', query: SELECT_USER_BY_ID, namespace: USER_DB_NAMESPACE },
        () => findById.get(id) as User | undefined,
      );
      userLookups().add(1, { outcome: user ? 'found' : 'not_found' });
      return user;
    },
    listUsers(): User[] {
      return withDbSpan(
        tracer,
        { operation: 'SELECT', table: 'users', query: SELECT_USERS, namespace: USER_DB_NAMESPACE },
        () => listAll.all() as User[],
      );
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
