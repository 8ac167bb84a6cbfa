// Tracing first: the SDK must be registered before any module asks for a tracer or a meter.
import { tracingSdk } from './tracing';
import { isLoopbackHost, markDraining } from '@threadline/service-kit';
import { userApiConfig } from './config';
import { openUserDatabase } from './database';
import { createFaultSwitches } from './faults';
import { createUserApiServer } from './server';
import { userApiLogger } from './telemetry';
import { createUserRepository } from './user-repository';

const SHUTDOWN_GRACE_MS = 10_000;

function main(): void {
  const config = userApiConfig();
  const db = openUserDatabase(config.databasePath);
  const faults = createFaultSwitches(config.faults);
  const server = createUserApiServer(
    {
      users: createUserRepository(db, faults),
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
    userApiLogger.info({ address: `http://${config.host}:${config.port}`, database: config.databasePath }, 'user-api listening');
    if (Object.values(config.faults).some((value) => value > 0))
      userApiLogger.warn({ faults: config.faults }, 'faults switched on from the environment');
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
          db.close();
          process.exit(0);
        });
    });
    server.closeIdleConnections();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}

main();
