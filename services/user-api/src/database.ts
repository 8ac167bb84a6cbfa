import type Database from 'better-sqlite3';
import { openMigratedDatabase } from '@threadline/service-kit';

/** Ordered schema steps, applied on start by openMigratedDatabase. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE users (
     id TEXT PRIMARY KEY,
     name TEXT NOT NULL,
     email TEXT NOT NULL UNIQUE
   );
   INSERT INTO users (id, name, email) VALUES
     ('1', 'Ada Lovelace', 'ada@example.com'),
     ('2', 'Grace Hopper', 'grace@example.com'),
     ('3', 'Alan Turing', 'alan@example.com'),
     ('4', 'Katherine Johnson', 'katherine@example.com');`,
];

export const USER_DB_NAMESPACE = 'users';

/** Opens the user database, creating and migrating it (with its demo users) on first start. */
export function openUserDatabase(file: string): Database.Database {
  return openMigratedDatabase(file, MIGRATIONS);
}
