import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Ordered schema steps; PRAGMA user_version records how many have run. */
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
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const applied = db.pragma('user_version', { simple: true }) as number;
  db.transaction(() => {
    MIGRATIONS.slice(applied).forEach((step) => db.exec(step));
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  })();
  return db;
}
