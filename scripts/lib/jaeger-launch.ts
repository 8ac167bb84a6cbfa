/**
 * Where and how Jaeger and the collector start: the pinned image in Docker, or the binary that
 * jaeger-binary.ts builds, decided once per process.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { dockerIsAvailable, ensureDockerImage } from './docker';
import { dockerImageFor, ensureJaegerBinary, pinnedJaegerVersion } from './jaeger-binary';
import { stackConfig, type JaegerMode } from './stack-config';

const repoRoot = path.resolve(__dirname, '..', '..');
export const JAEGER_CONFIG_FILE = path.join(repoRoot, 'tools', 'jaeger', 'config.yaml');

export type { JaegerMode } from './stack-config';

/** The image Docker runs: JAEGER_IMAGE (a mirror's copy, say), else the official one for the pinned version. */
export function jaegerImage(): string {
  return stackConfig().jaegerImage ?? dockerImageFor(pinnedJaegerVersion());
}

/** Where Jaeger (and the collector) run: a Docker image, or the binary built from the pinned module. */
export type JaegerRuntime = { kind: 'docker'; image: string } | { kind: 'binary'; binary: string };

const runtimeByMode = new Map<Exclude<JaegerMode, 'external'>, JaegerRuntime>();

/**
 * Decides once per process where Jaeger runs. `auto` takes Docker when a daemon answers and the image
 * is there or can be pulled, and otherwise the source build, saying why in one line; `docker` insists
 * and fails with what to do instead.
 */
export function jaegerRuntime(mode: Exclude<JaegerMode, 'external'>): JaegerRuntime {
  const known = runtimeByMode.get(mode);
  if (known) return known;
  const runtime = decideRuntime(mode);
  runtimeByMode.set(mode, runtime);
  return runtime;
}

function decideRuntime(mode: Exclude<JaegerMode, 'external'>): JaegerRuntime {
  const given = stackConfig().jaegerBinary;
  // A release binary you downloaded (it embeds the UI) wins over Docker and over building one.
  if (given && mode !== 'docker') return { kind: 'binary', binary: checkedBinary(given) };
  if (mode === 'binary' || (mode === 'auto' && !dockerIsAvailable())) return { kind: 'binary', binary: ensureJaegerBinary() };
  const image = jaegerImage();
  const problem = ensureDockerImage(image);
  if (!problem) return { kind: 'docker', image };
  if (mode === 'docker') {
    throw new Error(
      `JAEGER_MODE=docker, but ${problem}.\n` +
        `Pull it where a registry is reachable (docker pull ${image}), point JAEGER_IMAGE at a copy you can reach, ` +
        'or set JAEGER_MODE=binary to build Jaeger from source with Go.',
    );
  }
  console.log(
    `[jaeger] Docker answers, but ${problem}; using the source-built Jaeger instead (JAEGER_MODE=binary skips Docker).`,
  );
  return { kind: 'binary', binary: ensureJaegerBinary() };
}

/** What runs: the binary JAEGER_BINARY names, or the pinned module built from source. */
function binaryDescription(binary: string): string {
  return binary === stackConfig().jaegerBinary
    ? `Jaeger from JAEGER_BINARY (${binary})`
    : `Jaeger ${pinnedJaegerVersion()} built from source (${binary})`;
}

/** JAEGER_BINARY as given, once it is shown to run and to be a Jaeger v2. */
function checkedBinary(binary: string): string {
  const version = spawnSync(binary, ['version'], { encoding: 'utf8', timeout: 10_000 });
  const said = `${version.stdout ?? ''}${version.stderr ?? ''}`;
  if (version.status !== 0 || !/gitVersion/.test(said)) {
    throw new Error(
      `JAEGER_BINARY=${binary} does not run as Jaeger (\`${binary} version\` failed: ${version.error?.message ?? said.trim()}).`,
    );
  }
  const release = /"gitVersion":"(v[0-9.]+)"/.exec(said)?.[1];
  console.log(`[jaeger] Using JAEGER_BINARY ${binary}${release ? ` (${release})` : ''}.`);
  return binary;
}

/** Where one Jaeger listens and keeps its data; the defaults are the ones the apps assume. */
export interface JaegerSettings {
  otlpHttpPort: number;
  otlpGrpcPort: number;
  queryHttpPort: number;
  queryGrpcPort: number;
  healthPort: number;
  metricsPort: number;
  /** Badger's folder: traces outlive restarts here. */
  dataDir: string;
}

export const DEFAULT_JAEGER_SETTINGS: JaegerSettings = {
  otlpHttpPort: 4318,
  otlpGrpcPort: 4317,
  queryHttpPort: 16686,
  queryGrpcPort: 16685,
  healthPort: 13133,
  metricsPort: 8888,
  dataDir: stackConfig().jaegerDataDir,
};

/** The variables tools/jaeger/config.yaml reads. */
function configEnv(settings: JaegerSettings, dataDir: string): Record<string, string> {
  return {
    JAEGER_OTLP_HTTP_PORT: String(settings.otlpHttpPort),
    JAEGER_OTLP_GRPC_PORT: String(settings.otlpGrpcPort),
    JAEGER_QUERY_HTTP_PORT: String(settings.queryHttpPort),
    JAEGER_QUERY_GRPC_PORT: String(settings.queryGrpcPort),
    JAEGER_HEALTH_PORT: String(settings.healthPort),
    JAEGER_METRICS_PORT: String(settings.metricsPort),
    JAEGER_DATA_DIR: dataDir,
    ...(stackConfig().jaegerRetention ? { JAEGER_RETENTION: stackConfig().jaegerRetention! } : {}),
    // Jaeger traces its own query API by default; those traces would crowd the shop's in searches.
    OTEL_TRACES_SAMPLER: 'always_off',
  };
}

export function jaegerHealthUrl(settings: JaegerSettings): string {
  return `http://127.0.0.1:${settings.healthPort}/status`;
}

export function jaegerQueryUrl(settings: JaegerSettings): string {
  return `http://127.0.0.1:${settings.queryHttpPort}`;
}

export interface JaegerLaunch {
  description: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

/**
 * The image runs as user 10001 and declares `VOLUME /tmp`. A named volume mounted on a path the
 * image has takes that path's owner and mode (world-writable /tmp); one mounted on a path the image
 * lacks is created owned by root, and Jaeger cannot write to it ("mkdir …/keys: permission denied").
 */
export const CONTAINER_VOLUME_PATH = '/tmp';
export const CONTAINER_DATA_DIR = `${CONTAINER_VOLUME_PATH}/threadline-jaeger`;

/** How to start Jaeger in the foreground: the Docker image or the built binary (see jaegerRuntime). */
export function jaegerLaunch(
  mode: Exclude<JaegerMode, 'external'>,
  settings: JaegerSettings = DEFAULT_JAEGER_SETTINGS,
): JaegerLaunch {
  const runtime = jaegerRuntime(mode);
  if (runtime.kind === 'docker') {
    const launch = dockerJaegerLaunch(runtime.image, settings);
    removeLeftoverContainer(launch.args[launch.args.indexOf('--name') + 1]!);
    return launch;
  }
  return {
    description: `${binaryDescription(runtime.binary)}, traces in ${settings.dataDir}`,
    command: runtime.binary,
    args: ['--config', JAEGER_CONFIG_FILE],
    env: { ...process.env, ...configEnv(settings, settings.dataDir) },
  };
}

/** `docker run` of the image with the same configuration, its traces in a named volume. */
export function dockerJaegerLaunch(image: string, settings: JaegerSettings): JaegerLaunch {
  const ports = [settings.otlpGrpcPort, settings.otlpHttpPort, settings.queryHttpPort, settings.healthPort];
  const volume = `threadline-jaeger-data-${settings.queryHttpPort}`;
  const env = { ...configEnv(settings, CONTAINER_DATA_DIR), JAEGER_LISTEN_HOST: '0.0.0.0' };
  return {
    description: `Jaeger ${image} in Docker (traces in volume ${volume})`,
    command: 'docker',
    args: [
      'run',
      '--rm',
      '--name',
      `threadline-jaeger-${settings.queryHttpPort}`,
      // Published on the host's loopback only; inside the container it must listen on all interfaces.
      ...ports.flatMap((port) => ['-p', `127.0.0.1:${port}:${port}`]),
      ...envFlags(env),
      '-v',
      `${volume}:${CONTAINER_VOLUME_PATH}`,
      '-v',
      `${JAEGER_CONFIG_FILE}:/etc/threadline/jaeger.yaml:ro`,
      image,
      '--config',
      '/etc/threadline/jaeger.yaml',
    ],
    env: process.env,
  };
}

/** A container of ours left by a stack that was killed would hold the name (and the ports). */
function removeLeftoverContainer(name: string): void {
  spawnSync('docker', ['rm', '--force', name], { stdio: 'ignore', timeout: 30_000 });
}

export const COLLECTOR_CONFIG_FILE = path.join(repoRoot, 'deploy', 'collector', 'config.yaml');

/** Where a collector (Jaeger in the collector role) listens, and where it forwards. */
export interface CollectorSettings {
  otlpHttpPort: number;
  otlpGrpcPort: number;
  healthPort: number;
  metricsPort: number;
  /** The storing Jaeger's OTLP/HTTP endpoint. */
  exportEndpoint: string;
  /** Further COLLECTOR_* variables of deploy/collector/config.yaml (sampling share, decision wait…). */
  tuning: Record<string, string>;
}

/** How to start the collector in the foreground: the same image or binary as Jaeger, another config. */
export function collectorLaunch(mode: Exclude<JaegerMode, 'external'>, settings: CollectorSettings): JaegerLaunch {
  const env: Record<string, string> = {
    COLLECTOR_OTLP_HTTP_PORT: String(settings.otlpHttpPort),
    COLLECTOR_OTLP_GRPC_PORT: String(settings.otlpGrpcPort),
    COLLECTOR_HEALTH_PORT: String(settings.healthPort),
    COLLECTOR_METRICS_PORT: String(settings.metricsPort),
    COLLECTOR_EXPORT_ENDPOINT: settings.exportEndpoint,
    OTEL_TRACES_SAMPLER: 'always_off',
    ...settings.tuning,
  };
  const runtime = jaegerRuntime(mode);
  if (runtime.kind === 'docker') {
    const name = `threadline-collector-${settings.otlpHttpPort}`;
    removeLeftoverContainer(name);
    return {
      description: `collector ${runtime.image} in Docker`,
      command: 'docker',
      args: [
        // Host networking: the collector forwards to a Jaeger on the host's loopback and listens there.
        ...runOnHostNetwork(env),
        '--name',
        name,
        '-v',
        `${COLLECTOR_CONFIG_FILE}:/etc/threadline/collector.yaml:ro`,
        runtime.image,
        '--config',
        '/etc/threadline/collector.yaml',
      ],
      env: process.env,
    };
  }
  return {
    description: `collector (Jaeger ${pinnedJaegerVersion()} built from source)`,
    command: runtime.binary,
    args: ['--config', COLLECTOR_CONFIG_FILE],
    env: { ...process.env, ...env },
  };
}

/**
 * Jaeger with configuration files of the caller's choosing (a production config under test, say).
 * With Docker, it runs on the host network with `mountDirs` mounted at the same paths, so files and
 * ports mean the same inside and out.
 */
export function jaegerLaunchWithConfigs(
  mode: Exclude<JaegerMode, 'external'>,
  configFiles: readonly string[],
  env: Record<string, string>,
  mountDirs: readonly string[] = [],
): JaegerLaunch {
  const configArgs = configFiles.flatMap((file) => ['--config', file]);
  const runtime = jaegerRuntime(mode);
  const described = configFiles.map((file) => path.basename(file)).join(' + ');
  if (runtime.kind === 'docker') {
    const mounts = [...new Set([...configFiles.map((file) => path.dirname(file)), ...mountDirs])];
    return {
      description: `Jaeger ${runtime.image} in Docker with ${described}`,
      command: 'docker',
      args: [...runOnHostNetwork(env), ...mounts.flatMap((dir) => ['-v', `${dir}:${dir}`]), runtime.image, ...configArgs],
      env: process.env,
    };
  }
  return { description: `Jaeger with ${described}`, command: runtime.binary, args: configArgs, env: { ...process.env, ...env } };
}

/** `docker run` of a throwaway container on the host's network, with these variables. */
function runOnHostNetwork(env: Record<string, string>): string[] {
  return ['run', '--rm', '--network', 'host', ...envFlags(env)];
}

function envFlags(env: Record<string, string>): string[] {
  return Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]);
}
