import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dockerIsAvailable, ensureDockerImage } from './docker';

const repoRoot = path.resolve(__dirname, '..', '..');
const toolsModule = path.join(repoRoot, 'tools', 'jaeger');
export const JAEGER_CONFIG_FILE = path.join(toolsModule, 'config.yaml');

/** The Go module version pinned in tools/jaeger/go.mod: the single place the version is written. */
export function pinnedJaegerVersion(): string {
  const goMod = fs.readFileSync(path.join(toolsModule, 'go.mod'), 'utf8');
  const match = /github\.com\/jaegertracing\/jaeger (v\d+\.\d+\.\d+)/.exec(goMod);
  if (!match?.[1]) throw new Error('tools/jaeger/go.mod does not require github.com/jaegertracing/jaeger');
  return match[1];
}

/**
 * Jaeger releases each version twice: module v1.N.0 is the v2 binary released as image 2.(N-63).0
 * (v1.76.0 is 2.13.0). The image tag follows the pinned module so both paths run the same Jaeger.
 */
export function dockerImageFor(moduleVersion: string): string {
  const minor = Number(/^v1\.(\d+)\.(\d+)$/.exec(moduleVersion)?.[1]);
  const patch = /^v1\.\d+\.(\d+)$/.exec(moduleVersion)?.[1] ?? '0';
  if (!Number.isInteger(minor) || minor < 63) throw new Error(`cannot map Jaeger module ${moduleVersion} to a v2 image`);
  return `jaegertracing/jaeger:2.${minor - 63}.${patch}`;
}

/** Where the built binary is cached: outside git, shared by every clone on this machine. */
export function jaegerBinaryPath(version = pinnedJaegerVersion()): string {
  const cacheRoot = process.env.THREADLINE_CACHE_DIR || path.join(process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache'), 'threadline');
  return path.join(cacheRoot, `jaeger-${version}`, 'jaeger');
}

/** Builds the pinned Jaeger from the Go module proxy unless the cached binary is already there. */
export function ensureJaegerBinary(): string {
  const version = pinnedJaegerVersion();
  const binary = jaegerBinaryPath(version);
  if (fs.existsSync(binary)) return binary;

  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    throw new Error(
      'Jaeger is not running, Docker cannot run it here, and there is no Go toolchain to build Jaeger from source.\n' +
        'Install Go (https://go.dev/dl/), start Docker, or run Jaeger yourself with OTLP on 127.0.0.1:4318 and set JAEGER_MODE=external.',
    );
  }
  console.log(`Building Jaeger ${version} from the Go module proxy into ${binary}.`);
  console.log('This happens once per machine and takes several minutes (about 6 on 2 cores).');
  fs.mkdirSync(path.dirname(binary), { recursive: true });
  const partial = `${binary}.partial-${process.pid}`;
  const build = spawnSync('go', ['build', '-buildvcs=false', '-o', partial, 'github.com/jaegertracing/jaeger/cmd/jaeger'], {
    cwd: toolsModule,
    stdio: 'inherit',
  });
  if (build.status !== 0) {
    fs.rmSync(partial, { force: true });
    throw new Error(`go build of Jaeger ${version} failed (exit ${build.status ?? build.signal}); see the output above.`);
  }
  // Rename last, so an interrupted build never leaves a binary that looks complete.
  fs.renameSync(partial, binary);
  console.log(`Built ${binary}.`);
  return binary;
}

/** The image Docker runs: JAEGER_IMAGE (a mirror's copy, say), else the official one for the pinned version. */
export function jaegerImage(): string {
  return process.env.JAEGER_IMAGE?.trim() || dockerImageFor(pinnedJaegerVersion());
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
  console.log(`[jaeger] Docker answers, but ${problem}; using the source-built Jaeger instead (JAEGER_MODE=binary skips Docker).`);
  return { kind: 'binary', binary: ensureJaegerBinary() };
}

export type JaegerMode = 'auto' | 'docker' | 'binary' | 'external';

export function jaegerModeFromEnv(raw = process.env.JAEGER_MODE): JaegerMode {
  const mode = (raw?.trim() || 'auto') as JaegerMode;
  if (!['auto', 'docker', 'binary', 'external'].includes(mode)) {
    throw new Error(`JAEGER_MODE="${raw}" must be auto, docker, binary or external`);
  }
  return mode;
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
  dataDir: process.env.JAEGER_DATA_DIR || path.join(repoRoot, 'data', 'jaeger'),
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
    ...(process.env.JAEGER_RETENTION ? { JAEGER_RETENTION: process.env.JAEGER_RETENTION } : {}),
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
export function jaegerLaunch(mode: Exclude<JaegerMode, 'external'>, settings: JaegerSettings = DEFAULT_JAEGER_SETTINGS): JaegerLaunch {
  const runtime = jaegerRuntime(mode);
  if (runtime.kind === 'docker') {
    const launch = dockerJaegerLaunch(runtime.image, settings);
    removeLeftoverContainer(launch.args[launch.args.indexOf('--name') + 1]!);
    return launch;
  }
  return {
    description: `Jaeger ${pinnedJaegerVersion()} built from source (${runtime.binary}), traces in ${settings.dataDir}`,
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
      'run', '--rm', '--name', `threadline-jaeger-${settings.queryHttpPort}`,
      // Published on the host's loopback only; inside the container it must listen on all interfaces.
      ...ports.flatMap((port) => ['-p', `127.0.0.1:${port}:${port}`]),
      ...Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
      '-v', `${volume}:${CONTAINER_VOLUME_PATH}`,
      '-v', `${JAEGER_CONFIG_FILE}:/etc/threadline/jaeger.yaml:ro`,
      image, '--config', '/etc/threadline/jaeger.yaml',
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
        'run', '--rm', '--network', 'host', '--name', name,
        ...Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
        '-v', `${COLLECTOR_CONFIG_FILE}:/etc/threadline/collector.yaml:ro`,
        runtime.image, '--config', '/etc/threadline/collector.yaml',
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
      args: [
        'run', '--rm', '--network', 'host',
        ...Object.entries(env).flatMap(([key, value]) => ['-e', `${key}=${value}`]),
        ...mounts.flatMap((dir) => ['-v', `${dir}:${dir}`]),
        runtime.image, ...configArgs,
      ],
      env: process.env,
    };
  }
  return { description: `Jaeger with ${described}`, command: runtime.binary, args: configArgs, env: { ...process.env, ...env } };
}
