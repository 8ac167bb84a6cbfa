/**
 * The Jaeger this repository runs, pinned once in tools/jaeger/go.mod, and the binary built from it.
 * Apart from jaeger-launch.ts so that code needing only the pin (image names, validate-deploy) does
 * not take in the Docker decision.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stackConfig } from './stack-config';

const repoRoot = path.resolve(__dirname, '..', '..');
const toolsModule = path.join(repoRoot, 'tools', 'jaeger');

/** The Go module version pinned in tools/jaeger/go.mod: the single place the version is written. */
export function pinnedJaegerVersion(): string {
  const goMod = fs.readFileSync(path.join(toolsModule, 'go.mod'), 'utf8');
  const match = /github\.com\/jaegertracing\/jaeger (v\d+\.\d+\.\d+)/.exec(goMod);
  if (!match?.[1]) throw new Error('tools/jaeger/go.mod does not require github.com/jaegertracing/jaeger');
  return match[1];
}

/**
 * Jaeger releases each version twice: module v1.N.0 is the v2 binary released as image 2.(N-63).0
 * (v1.75.0 is 2.12.0). The image tag follows the pinned module so both paths run the same Jaeger.
 */
export function dockerImageFor(moduleVersion: string): string {
  const minor = Number(/^v1\.(\d+)\.(\d+)$/.exec(moduleVersion)?.[1]);
  const patch = /^v1\.\d+\.(\d+)$/.exec(moduleVersion)?.[1] ?? '0';
  if (!Number.isInteger(minor) || minor < 63) throw new Error(`cannot map Jaeger module ${moduleVersion} to a v2 image`);
  return `jaegertracing/jaeger:2.${minor - 63}.${patch}`;
}

/** Where the built binary is cached: outside git, shared by every clone on this machine. */
export function jaegerBinaryPath(version = pinnedJaegerVersion()): string {
  return path.join(stackConfig().cacheDir, `jaeger-${version}`, 'jaeger');
}

/**
 * The build information upstream's Makefile stamps in (scripts/makefiles/BuildInfo.mk), so "About
 * Jaeger", `jaeger version` and the `build_info` metric say which release runs. A module download has
 * no git history: the commit is the release tag it was made from, the date the module proxy's.
 */
export function versionLdflags(moduleVersion: string, releaseDate = moduleReleaseDate(moduleVersion)): string {
  const v2Tag = `v${dockerImageFor(moduleVersion).split(':')[1]}`;
  const buildInfo = 'github.com/jaegertracing/jaeger/internal/version';
  return [
    `-X ${buildInfo}.latestVersion=${v2Tag}`,
    `-X ${buildInfo}.commitSHA=${moduleVersion}`,
    `-X ${buildInfo}.date=${releaseDate}`,
  ].join(' ');
}

/** The release time the Go module proxy gives the version (its .info file), or '' where it is not downloaded yet. */
function moduleReleaseDate(moduleVersion: string): string {
  const info = spawnSync('go', ['mod', 'download', '-json', `github.com/jaegertracing/jaeger@${moduleVersion}`], {
    cwd: toolsModule,
    encoding: 'utf8',
  });
  if (info.status !== 0) return '';
  const infoFile = (JSON.parse(info.stdout) as { Info?: string }).Info;
  if (!infoFile) return '';
  return (JSON.parse(fs.readFileSync(infoFile, 'utf8')) as { Time?: string }).Time ?? '';
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
  const build = spawnSync(
    'go',
    [
      'build',
      '-buildvcs=false',
      '-ldflags',
      versionLdflags(version),
      '-o',
      partial,
      'github.com/jaegertracing/jaeger/cmd/jaeger',
    ],
    { cwd: toolsModule, stdio: 'inherit' },
  );
  if (build.status !== 0) {
    fs.rmSync(partial, { force: true });
    throw new Error(`go build of Jaeger ${version} failed (exit ${build.status ?? build.signal}); see the output above.`);
  }
  // Rename last, so an interrupted build never leaves a binary that looks complete.
  fs.renameSync(partial, binary);
  console.log(`Built ${binary}.`);
  return binary;
}
