/**
 * The shared e2e stack on PostgreSQL: a cluster of the run's own (initdb into a temporary folder, on
 * E2E_POSTGRES_PORT), then scripts/stack.ts with each service on its own database there. Playwright's
 * webServer starts it and stops it with SIGTERM; the cluster is stopped once the stack has.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { PostgresCluster } from '@threadline/service-kit/testing';
import { assertPortFree } from '../../scripts/lib/port';
import { E2E_POSTGRES_PORT } from './e2e-database';

const repoRoot = path.resolve(__dirname, '..', '..');

async function main(): Promise<number> {
  await assertPortFree(E2E_POSTGRES_PORT, '127.0.0.1', 'the e2e PostgreSQL cluster');
  const cluster = new PostgresCluster(E2E_POSTGRES_PORT);
  await cluster.start();
  console.log(`[postgres-stack] PostgreSQL on 127.0.0.1:${E2E_POSTGRES_PORT} (${cluster.dir})`);
  try {
    const stack = spawn(process.execPath, [require.resolve('tsx/cli'), path.join(repoRoot, 'scripts', 'stack.ts')], {
      cwd: repoRoot,
      stdio: 'inherit',
      env: { ...process.env, SHOP_DATABASE_URL: cluster.url('shop'), USER_API_DATABASE_URL: cluster.url('user_api') },
    });
    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stack.kill(signal));
    return await new Promise<number>((resolve) => stack.once('exit', (code) => resolve(code ?? 1)));
  } finally {
    await cluster.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[postgres-stack] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
