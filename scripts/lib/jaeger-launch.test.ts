import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
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

describe('JAEGER_BINARY', () => {
  /** jaegerLaunch('auto') as npm start computes it, in a process of its own (the settings are read once per process). */
  function launchWith(binary: string): { status: number | null; output: string } {
    const run = spawnSync(
      process.execPath,
      [
        require.resolve('tsx/cli'),
        '-e',
        "const { jaegerLaunch } = require('./scripts/lib/jaeger-launch'); console.log(JSON.stringify(jaegerLaunch('auto')));",
      ],
      {
        cwd: path.join(__dirname, '..', '..'),
        env: { ...process.env, JAEGER_MODE: 'auto', JAEGER_BINARY: binary },
        encoding: 'utf8',
        timeout: 60_000,
      },
    );
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  }

  /** A stand-in for a release's `jaeger`: it answers `version` as Jaeger v2 does. */
  function fakeRelease(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jaeger-release-'));
    const binary = path.join(dir, 'jaeger');
    fs.writeFileSync(binary, '#!/bin/sh\necho \'{"gitCommit":"abc","gitVersion":"v1.75.0","buildDate":"2025-11-05"}\'\n', {
      mode: 0o755,
    });
    return binary;
  }

  it('runs the binary it names, says which release it is, and builds nothing', () => {
    const binary = fakeRelease();
    const { status, output } = launchWith(binary);
    assert.equal(status, 0, output);
    assert.match(output, new RegExp(`Using JAEGER_BINARY ${binary} \\(v1\\.75\\.0\\)`));
    const launch = JSON.parse(output.trim().split('\n').at(-1)!) as { command: string; description: string; args: string[] };
    assert.equal(launch.command, binary);
    assert.match(launch.description, /^Jaeger from JAEGER_BINARY/);
    assert.deepEqual(launch.args.slice(0, 1), ['--config']);
  });

  it('refuses a binary that is not Jaeger, naming it', () => {
    const { status, output } = launchWith('/bin/false');
    assert.notEqual(status, 0);
    assert.match(output, /JAEGER_BINARY=\/bin\/false does not run as Jaeger/);
  });
});
