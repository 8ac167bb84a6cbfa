/**
 * npm run test:containers: the container paths, run for real. Brings up a Docker engine (the one that
 * answers, or dockerd started here as root), makes the images the project's files name available
 * (stand-ins where no registry can be reached, see README.md here), runs the suite, and stops what it
 * started. Outside CI, a machine where no engine can be had skips the suite with one line; in CI
 * that is a failure.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { assertPortFree } from '../../scripts/lib/port';
import { acquireDockerEngine } from './support/docker-engine';
import { ensureStandInImages } from './support/stand-ins';

const repoRoot = path.resolve(__dirname, '..', '..');
const log = (line: string) => console.log(`[containers] ${line}`);

/** The ports both scenarios publish or listen on: a leftover Jaeger or shop there would be tested instead. */
const STACK_PORTS: Record<number, string> = {
  3000: 'the shop',
  8080: 'the user API',
  16686: 'Jaeger',
  4318: 'Jaeger',
  13133: 'Jaeger',
};

async function main(): Promise<number> {
  const started = Date.now();
  for (const [port, what] of Object.entries(STACK_PORTS)) await assertPortFree(Number(port), '127.0.0.1', what);
  const engine = await acquireDockerEngine(path.join(repoRoot, 'data', 'containers'));
  if ('unavailable' in engine) {
    if (process.env.CI) {
      console.error(`[containers] cannot run the container suite in CI: ${engine.unavailable}`);
      return 1;
    }
    log(`skipped: ${engine.unavailable}`);
    return 0;
  }
  log(`Docker engine: ${engine.description}`);
  try {
    for (const report of ensureStandInImages(log)) log(`${report.image}: ${report.source}`);
    const suite = spawnSync(
      'npx',
      ['playwright', 'test', '--config', 'e2e/containers/playwright.config.ts', ...process.argv.slice(2)],
      {
        cwd: repoRoot,
        stdio: 'inherit',
      },
    );
    return suite.status ?? 1;
  } finally {
    await engine.release();
    log(`took ${((Date.now() - started) / 60_000).toFixed(1)} min`);
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`[containers] ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
