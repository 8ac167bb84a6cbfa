import pg from 'pg';

/** The URL of `database` on the same server, as the same user, as `serverUrl`. */
export function databaseUrlOn(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * Drops and creates `databases` on the server: an isolated stack starts from nothing on PostgreSQL as
 * it does on SQLite, whose files it removes. Names are the stack's own (letters, digits, `_`).
 */
export async function recreateDatabases(serverUrl: string, databases: readonly string[]): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrlOn(serverUrl, 'postgres') });
  await client.connect();
  try {
    for (const database of databases) {
      if (!/^[a-z_][a-z0-9_]*$/.test(database)) throw new Error(`"${database}" is not a database name a stack may use`);
      // FORCE: a stack's earlier run killed mid-test may still hold connections.
      await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await client.query(`CREATE DATABASE ${database}`);
    }
  } finally {
    await client.end();
  }
}
