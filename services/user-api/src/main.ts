// Tracing first: the HTTP instrumentation can only patch `node:http` if it is set up before it loads.
import { tracingSdk } from './tracing';
import { readUserApiConfig } from './config';
import { openUserDatabase } from './database';
import { createUserApiServer } from './server';
import { createUserRepository } from './user-repository';

const SHUTDOWN_GRACE_MS = 10_000;

function main(): void {
  const config = readUserApiConfig();
  const db = openUserDatabase(config.databasePath);
  const server = createUserApiServer(createUserRepository(db));

  server.on('error', (error) => {
    console.error(`user-api could not listen on ${config.host}:${config.port}:`, error.message);
    process.exit(1);
  });
  server.listen(config.port, config.host, () => {
    console.log(`user-api listening on http://${config.host}:${config.port} (database ${config.databasePath})`);
  });

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`user-api: ${signal} received, finishing requests in flight and flushing spans`);
    const forceExit = setTimeout(() => process.exit(1), SHUTDOWN_GRACE_MS);
    forceExit.unref();
    server.close(() => {
      void tracingSdk
        .shutdown()
        .catch((error: unknown) => console.error('user-api: span flush failed', error))
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
