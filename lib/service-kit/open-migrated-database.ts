import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Opens (creating if needed) a SQLite file in WAL mode with foreign keys on, and applies the
 * migrations it has not seen yet, in one transaction. PRAGMA user_version records how many have run,
 * so every service creates and upgrades its own database on start, with no manual step.
 */
export function openMigratedDatabase(file: string, migrations: readonly string[]): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  const applied = db.pragma('user_version', { simple: true }) as number;
  db.transaction(() => {
    migrations.slice(applied).forEach((step) => db.exec(step));
    db.pragma(`user_version = ${migrations.length}`);
  })();
  return db;
}
