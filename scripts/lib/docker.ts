/** The few Docker CLI questions the stack scripts ask; every answer comes from the `docker` command itself. */
import { spawnSync } from 'node:child_process';

export function dockerIsAvailable(): boolean {
  const info = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8', timeout: 10_000 });
  return info.status === 0;
}

/**
 * Makes `image` present locally, pulling it if need be. Returns why it could not, in a few words
 * (Docker's own last line), or undefined when the image is there.
 */
export function ensureDockerImage(image: string): string | undefined {
  if (spawnSync('docker', ['image', 'inspect', image], { stdio: 'ignore', timeout: 30_000 }).status === 0) return undefined;
  console.log(`[docker] Pulling ${image}.`);
  const pull = spawnSync('docker', ['pull', image], {
    encoding: 'utf8',
    stdio: ['ignore', 'inherit', 'pipe'],
    timeout: 10 * 60_000,
  });
  if (pull.status === 0) return undefined;
  const reason =
    pull.error?.message ??
    String(pull.stderr ?? '')
      .trim()
      .split('\n')
      .filter(Boolean)
      .pop() ??
    `exit ${pull.status}`;
  return `the image ${image} is not on this machine and could not be pulled (${reason})`;
}

/**
 * The Compose CLI this machine has: the `docker compose` plugin, else the standalone
 * `docker-compose` (1.29, as Debian ships it, reads compose.yaml too).
 */
export function composeCommand(): { command: string; prefix: string[] } | undefined {
  if (spawnSync('docker', ['compose', 'version'], { stdio: 'ignore' }).status === 0)
    return { command: 'docker', prefix: ['compose'] };
  if (spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0)
    return { command: 'docker-compose', prefix: [] };
  return undefined;
}
