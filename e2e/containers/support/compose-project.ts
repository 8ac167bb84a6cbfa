import path from 'node:path';
import { composeCommand } from '../../../scripts/lib/docker';
import { docker, runOrThrow } from './docker-cli';

const repoRoot = path.resolve(__dirname, '..', '..', '..');

/**
 * One of the project's compose files brought up under a project name of the suite's own, so that it
 * never touches a stack you started yourself with `docker compose up`.
 */
export class ComposeProject {
  constructor(
    readonly name: string,
    readonly file: string,
    /** The services the file defines, in the order their state is reported. */
    readonly services: readonly string[],
    /** Variables every command of this project is given (secrets the file requires, say). */
    private readonly env: Record<string, string> = {},
  ) {}

  run(args: string[], env: Record<string, string> = {}, timeoutMs = 15 * 60_000): string {
    const cli = composeCommand();
    if (!cli) throw new Error('neither `docker compose` nor `docker-compose` is installed (apt-get install docker-compose)');
    return runOrThrow(cli.command, [...cli.prefix, '--project-name', this.name, '--file', this.file, ...args], {
      cwd: repoRoot,
      env: { ...process.env, ...this.env, ...env },
      timeout: timeoutMs,
    });
  }

  containerOf(service: string): string {
    const id = this.run(['ps', '-q', service]);
    if (!id) throw new Error(`compose service ${service} has no container`);
    return id;
  }

  /** Health of each service with a health check (`running` for one without), until all are healthy. */
  async allHealthy(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let states: string[] = [];
    while (Date.now() < deadline) {
      states = this.services.map(
        (service) =>
          `${service}=${docker(['inspect', '--format', '{{if .State.Health}}{{.State.Health.Status}}{{else}}{{.State.Status}}{{end}}', this.containerOf(service)])}`,
      );
      if (states.every((state) => state.endsWith('=healthy') || state.endsWith('=running'))) return;
      if (states.some((state) => state.endsWith('=unhealthy'))) break;
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    throw new Error(`not every container became healthy: ${states.join(', ')}\n${this.run(['logs', '--tail', '30'])}`);
  }

  /** Every host port any of the project's containers publishes, as "address:port". */
  publishedPorts(): string[] {
    return this.services
      .flatMap((service) => {
        const ports = JSON.parse(
          docker(['inspect', '--format', '{{json .NetworkSettings.Ports}}', this.containerOf(service)]),
        ) as Record<string, { HostIp: string; HostPort: string }[] | null>;
        return Object.values(ports).flatMap((bindings) =>
          (bindings ?? []).map((binding) => `${binding.HostIp}:${binding.HostPort}`),
        );
      })
      .sort();
  }
}
