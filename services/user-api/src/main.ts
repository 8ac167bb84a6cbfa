// Tracing first: the SDK must be registered before any module asks for a tracer or a meter.
import { tracingSdk } from './tracing';
import { isLoopbackHost, markDraining } from '@threadline/service-kit';
import { userApiConfig } from './config';
import { createFaultSwitches } from './faults';
import { createUserApiServer } from './server';
import { userApiLogger } from './telemetry';
import { openPostgresUserStore } from './store/postgres-user-store';
import { openSqliteUserStore } from './store/sqlite-user-store';
import type { UserStore } from './store/user-store';
import { createUserRepository } from './user-repository';

const SHUTDOWN_GRACE_MS = 10_000;

/** PostgreSQL when DATABASE_URL names one (replicas share it), else the SQLite file USER_API_DB_PATH. */
function openStore({ databaseUrl, databasePath }: { databaseUrl: string | undefined; databasePath: string }): Promise<UserStore> {
  return databaseUrl ? openPostgresUserStore(databaseUrl) : Promise.resolve(openSqliteUserStore(databasePath));
}

async function main(): Promise<void> {
  const config = userApiConfig();
  const store = await openStore(config);
  const faults = createFaultSwitches(config.faults, store);
  const server = createUserApiServer(
    {
      users: createUserRepository(store, faults),
      faults,
      faultsAccess: { token: config.faultsToken, listensOnLoopbackOnly: isLoopbackHost(config.host) },
    },
    { traced: !config.telemetry.disabled },
  );

  server.on('error', (error) => {
    userApiLogger.error({ err: error }, `user-api could not listen on ${config.host}:${config.port}`);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    userApiLogger.info(
      { address: `http://${config.host}:${config.port}`, database: config.databaseUrl ? 'postgresql' : config.databasePath },
      'user-api listening',
    );
    void faults.current().then((current) => {
      if (Object.values(current).some((value) => value > 0)) userApiLogger.warn({ faults: current }, 'faults are switched on');
    });
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    markDraining();
    userApiLogger.info({ signal }, 'finishing requests in flight and flushing spans before exit');
    const forceExit = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    forceExit.unref();
    server.close(() => {
      void tracingSdk
        .shutdown()
        .catch((error: unknown) => userApiLogger.warn({ err: error }, 'telemetry flush at exit failed'))
        .finally(() => {
          void store.close().finally(() => process.exit(0));
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  userApiLogger.error({ err: error }, 'user-api could not start');
  process.exit(1);
});
