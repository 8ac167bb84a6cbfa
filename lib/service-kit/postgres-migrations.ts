import type { Pool } from 'pg';

/** One advisory lock per service's database: replicas starting at once migrate one after another. */
const MIGRATION_LOCK = 7_265_537;

/**
 * Applies the migrations a PostgreSQL database has not seen, each in its own transaction with its
 * record in `schema_migrations`, under an advisory lock, so two replicas starting together do not
 * both run a step, and a step that fails leaves nothing half-applied.
 */
export async function migratePostgres(pool: Pool, migrations: readonly string[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)',
    );
    const { rows } = await client.query<{ version: number }>('SELECT version FROM schema_migrations');
    const applied = new Set(rows.map((row) => row.version));
    for (const [index, step] of migrations.entries()) {
      if (applied.has(index + 1)) continue;
      await client.query('BEGIN');
      try {
        await client.query(step);
        await client.query('INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())', [index + 1]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw error;
      }
    }
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    client.release();
  }
}
