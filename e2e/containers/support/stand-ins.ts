import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dockerImageFor, ensureJaegerBinary, pinnedJaegerVersion } from '../../../scripts/lib/jaeger-binary';
import { docker, imageExists, imageLabel, run, runOrThrow } from './docker-cli';
import { assembleCassandraStandIn, CASSANDRA_IMAGE } from './cassandra-stand-in';
import { assembleCollectorStandIn, COLLECTOR_IMAGE } from './collector-stand-in';
import { assembleKafkaStandIn, KAFKA_IMAGE } from './kafka-stand-in';
import { assemblePrometheusStandIn, PROMETHEUS_IMAGE } from './prometheus-stand-in';

const STAND_IN_LABEL = 'org.threadline.stand-in';
const standInsDir = path.resolve(__dirname, '..', 'stand-ins');

/** A Debian bookworm root file system imported as an image: the base every stand-in is built on. */
export const BASE_IMAGE = 'threadline-stand-in/debian:bookworm-minbase';
export const NODE_IMAGE = 'node:26-bookworm-slim';
export const JAEGER_IMAGE = dockerImageFor(pinnedJaegerVersion());
/** compose.team.yaml's database and balancer: the versions Debian bookworm ships, whose packages the stand-ins use. */
export const POSTGRES_IMAGE = 'postgres:15-bookworm';
export const HAPROXY_IMAGE = 'haproxy:2.6-bookworm';

export interface StandInReport {
  image: string;
  /** `stand-in` when built here, `upstream` when the real image was already on this machine. */
  source: 'stand-in' | 'upstream';
}

/**
 * Makes the images the project's files name available under those names. An upstream image that is
 * already here (pulled by the user) is used as it is and never overwritten; otherwise a stand-in is
 * built, since no registry can be reached from this machine.
 */
export function ensureStandInImages(log: (line: string) => void): StandInReport[] {
  return [
    ensureImage(NODE_IMAGE, log, (context) => {
      copyNodeRuntime(context);
      return 'node.Dockerfile';
    }),
    ensureImage(JAEGER_IMAGE, log, (context) => {
      fs.copyFileSync(ensureJaegerBinary(), path.join(context, 'jaeger'));
      fs.cpSync(path.join(standInsDir, 'jaeger-ui'), path.join(context, 'jaeger-ui'), { recursive: true });
      return 'jaeger.Dockerfile';
    }),
    ensureImage(POSTGRES_IMAGE, log, (context) => {
      fs.copyFileSync(path.join(standInsDir, 'postgres-entrypoint.sh'), path.join(context, 'postgres-entrypoint.sh'));
      return 'postgres.Dockerfile';
    }),
    ensureImage(HAPROXY_IMAGE, log, () => 'haproxy.Dockerfile'),
    ensureImage(KAFKA_IMAGE, log, (context) => assembleKafkaStandIn(context, log)),
    ensureImage(CASSANDRA_IMAGE, log, (context) => assembleCassandraStandIn(context, log)),
    ensureImage(COLLECTOR_IMAGE, log, (context) => assembleCollectorStandIn(context)),
    ensureImage(PROMETHEUS_IMAGE, log, (context) => assemblePrometheusStandIn(context)),
  ];
}

function ensureImage(image: string, log: (line: string) => void, assemble: (context: string) => string): StandInReport {
  if (imageExists(image) && !imageLabel(image, STAND_IN_LABEL)) {
    log(`${image}: the upstream image is on this machine; using it`);
    return { image, source: 'upstream' };
  }
  ensureBaseImage(log);
  const context = fs.mkdtempSync(path.join(os.tmpdir(), 'threadline-stand-in-'));
  try {
    const dockerfile = assemble(context);
    fs.copyFileSync(path.join(standInsDir, dockerfile), path.join(context, 'Dockerfile'));
    const started = Date.now();
    // Host network: apt inside the build reaches Debian's mirror the way this machine does.
    docker(['build', '--network', 'host', '--build-arg', `BASE_IMAGE=${BASE_IMAGE}`, '--tag', image, context], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    log(`${image}: stand-in built in ${((Date.now() - started) / 1000).toFixed(0)} s (${dockerfile})`);
    return { image, source: 'stand-in' };
  } finally {
    fs.rmSync(context, { recursive: true, force: true });
  }
}

function ensureBaseImage(log: (line: string) => void): void {
  if (imageExists(BASE_IMAGE)) return;
  if (run('debootstrap', ['--version']).status !== 0) {
    throw new Error(`${BASE_IMAGE} must be built with debootstrap, which is not installed (apt-get install debootstrap)`);
  }
  const rootfs = fs.mkdtempSync(path.join(os.tmpdir(), 'threadline-rootfs-'));
  try {
    const started = Date.now();
    const mirror = process.env.DEBIAN_MIRROR || 'http://deb.debian.org/debian';
    runOrThrow('debootstrap', ['--variant=minbase', 'bookworm', rootfs, mirror], { stdio: ['ignore', 'ignore', 'pipe'] });
    runOrThrow('sh', ['-c', `tar -C "${rootfs}" -c . | docker import --change 'CMD ["bash"]' - ${BASE_IMAGE}`]);
    log(`${BASE_IMAGE}: debootstrapped and imported in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  } finally {
    fs.rmSync(rootfs, { recursive: true, force: true });
  }
}

/** The running Node.js, its npm and headers, and this machine's CA bundle, laid out for node.Dockerfile. */
function copyNodeRuntime(context: string): void {
  const major = /^node:(\d+)-/.exec(NODE_IMAGE)?.[1];
  if (process.versions.node.split('.')[0] !== major) {
    throw new Error(`the ${NODE_IMAGE} stand-in is made from the running Node.js, which is ${process.version}, not ${major}`);
  }
  const prefix = path.dirname(path.dirname(process.execPath));
  const npmDir = [path.join(prefix, 'lib', 'node_modules', 'npm')].find((dir) => fs.existsSync(path.join(dir, 'package.json')));
  const headers = [process.env.npm_config_nodedir, prefix]
    .filter((dir): dir is string => Boolean(dir))
    .map((dir) => path.join(dir, 'include', 'node'))
    .find((dir) => fs.existsSync(path.join(dir, 'node.h')));
  const caBundle = process.env.NODE_EXTRA_CA_CERTS || '/etc/ssl/certs/ca-certificates.crt';
  if (!npmDir || !headers || !fs.existsSync(caBundle)) {
    throw new Error(
      `cannot assemble the Node stand-in: npm ${npmDir ?? 'not found'}, headers ${headers ?? 'not found'}, CA bundle ${caBundle}`,
    );
  }
  fs.copyFileSync(process.execPath, path.join(context, 'node'));
  fs.cpSync(npmDir, path.join(context, 'npm'), { recursive: true, dereference: true });
  fs.cpSync(headers, path.join(context, 'include-node'), { recursive: true, dereference: true });
  fs.copyFileSync(caBundle, path.join(context, 'ca-certificates.crt'));
}
