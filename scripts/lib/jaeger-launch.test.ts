import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONTAINER_VOLUME_PATH, DEFAULT_JAEGER_SETTINGS, dockerJaegerLaunch } from './jaeger-launch';
import { parseJaegerMode } from './stack-config';

describe('Jaeger mode', () => {
  it('accepts only the documented JAEGER_MODE values', () => {
    assert.equal(parseJaegerMode(undefined), 'auto');
    assert.equal(parseJaegerMode('binary'), 'binary');
    assert.throws(() => parseJaegerMode('podman'), /JAEGER_MODE="podman"/);
  });
});

describe('Jaeger in Docker', () => {
  const launch = dockerJaegerLaunch('jaegertracing/jaeger:2.12.0', DEFAULT_JAEGER_SETTINGS);
  const valueAfter = (flag: string, matching: RegExp) =>
    launch.args.filter((_, index) => launch.args[index - 1] === flag).find((value) => matching.test(value));

  // The image runs as user 10001: a volume mounted anywhere but its own VOLUME path is root's, and
  // Badger fails with "mkdir …/keys: permission denied".
  it('keeps Badger inside the volume mounted on the image’s own VOLUME path', () => {
    assert.equal(CONTAINER_VOLUME_PATH, '/tmp');
    assert.equal(valueAfter('-v', /^threadline-jaeger-data-/), `threadline-jaeger-data-16686:${CONTAINER_VOLUME_PATH}`);
    const dataDir = valueAfter('-e', /^JAEGER_DATA_DIR=/)?.split('=')[1];
    assert.ok(dataDir?.startsWith(`${CONTAINER_VOLUME_PATH}/`), `JAEGER_DATA_DIR=${dataDir}`);
  });

  it('publishes every port on the host’s loopback only', () => {
    const published = launch.args.filter((_, index) => launch.args[index - 1] === '-p');
    assert.deepEqual(published, ['127.0.0.1:4317:4317', '127.0.0.1:4318:4318', '127.0.0.1:16686:16686', '127.0.0.1:13133:13133']);
  });
});
