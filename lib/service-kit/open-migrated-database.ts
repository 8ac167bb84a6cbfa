import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/**
 * Opens (creating if needed) a SQLite file in WAL mode with foreign keys on, and applies the
 * migrations it has not seen yet, in one transaction. Each applied step is recorded in
 * `schema_migrations` (its number and when), as the PostgreSQL side records it
 * (postgres-migrations.ts), so every service creates and upgrades its own database on start, with
 * no manual step. A file migrated before the table existed (PRAGMA user_version) is adopted.
 */
export function openMigratedDatabase(file: string, migrations: readonly string[]): Database.Database {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.transaction(() => {
    db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
    adoptUserVersion(db);
    const applied = new Set(db.prepare('SELECT version FROM schema_migrations').pluck().all() as number[]);
    const record = db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)');
    migrations.forEach((step, index) => {
      if (applied.has(index + 1)) return;
      db.exec(step);
      record.run(index + 1, new Date().toISOString());
    });
    db.pragma(`user_version = ${migrations.length}`);
  })();
  return db;
}

function adoptUserVersion(db: Database.Database): void {
  const recorded = db.prepare('SELECT count(*) FROM schema_migrations').pluck().get() as number;
  const before = db.pragma('user_version', { simple: true }) as number;
  if (recorded > 0 || before === 0) return;
  const record = db.prepare("INSERT INTO schema_migrations (version, applied_at) VALUES (?, 'before schema_migrations')");
  for (let version = 1; version <= before; version += 1) record.run(version);
}
