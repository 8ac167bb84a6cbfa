/**
 * Which database the e2e run's services keep their data in. `npm run test:e2e` runs the whole suite
 * on SQLite, the default, and then the specs of the order flow, the relay, the visit and the faults
 * again with THREADLINE_E2E_DATABASE=postgres: every service on a PostgreSQL cluster of the run's own.
 */
export const E2E_DATABASE: 'sqlite' | 'postgres' = process.env.THREADLINE_E2E_DATABASE === 'postgres' ? 'postgres' : 'sqlite';

/** The run's own cluster (e2e/support/postgres-stack.ts), on a loopback port no default uses. */
export const E2E_POSTGRES_PORT = 55432;
export const E2E_POSTGRES_SERVER_URL = `postgres://threadline@127.0.0.1:${E2E_POSTGRES_PORT}/postgres`;
