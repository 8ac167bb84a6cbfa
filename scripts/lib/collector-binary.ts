/**
 * The OpenTelemetry Collector this repository runs as its routing tier, described once in
 * tools/collector/builder-config.yaml, and the binary the pinned Collector Builder makes from it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { stackConfig } from './stack-config';

const repoRoot = path.resolve(__dirname, '..', '..');
const toolsModule = path.join(repoRoot, 'tools', 'collector');
const manifestPath = path.join(toolsModule, 'builder-config.yaml');
/** The generated module's go.mod and go.sum, committed so that every build compiles the same modules. */
const pinnedModuleDir = path.join(toolsModule, 'otelcol');

/** A field of the manifest's `dist:` block, which is flat, so a line match is enough. */
function distField(manifest: string, field: string): string {
  const dist = /^dist:\n((?:[ \t]+.*\n|[ \t]*#.*\n|\n)*)/m.exec(manifest)?.[1] ?? '';
  const value = new RegExp(`^[ \\t]+${field}:[ \\t]*"?([^"\\s#]+)"?`, 'm').exec(dist)?.[1];
  if (!value) throw new Error(`tools/collector/builder-config.yaml has no dist.${field}`);
  return value;
}

/**
 * The collector release the manifest's components come from (its dist.version): the tag of the
 * otel/opentelemetry-collector-contrib image the stand-in replaces. A component from another release
 * is refused, since the builder would compile the mix and fail only at run time, if at all.
 */
export function pinnedCollectorVersion(): string {
  const manifest = fs.readFileSync(manifestPath, 'utf8');
  const version = distField(manifest, 'version');
  const strays = [...manifest.matchAll(/gomod:\s*(\S+)\s+v0\.(\d+\.\d+)/g)].filter(([, , minor]) => `0.${minor}` !== version);
  if (strays.length > 0) {
    throw new Error(
      `tools/collector/builder-config.yaml mixes releases: ${strays.map(([, mod, v]) => `${mod} v0.${v}`).join(', ')} (dist.version ${version})`,
    );
  }
  return version;
}

/** Where the built binary is cached: outside git, shared by every clone on this machine. */
export function collectorBinaryPath(version = pinnedCollectorVersion()): string {
  const name = distField(fs.readFileSync(manifestPath, 'utf8'), 'name');
  return path.join(stackConfig().cacheDir, `otelcol-${version}`, name);
}

/**
 * Builds the manifest's collector unless the cached binary is already there. The builder generates
 * the sources only; the committed go.mod and go.sum go beside them and the builder compiles those
 * with `-mod=readonly`, so nothing is resolved anew at build time.
 */
export function ensureCollectorBinary(): string {
  const version = pinnedCollectorVersion();
  const binary = collectorBinaryPath(version);
  if (fs.existsSync(binary)) return binary;

  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    throw new Error(
      `Building the OpenTelemetry Collector ${version} needs a Go toolchain, and there is none on PATH.\n` +
        'Install Go (https://go.dev/dl/), or pull otel/opentelemetry-collector-contrib:' +
        `${version} so that no stand-in has to be built.`,
    );
  }
  const builder = spawnSync('go', ['tool', '-n', 'builder'], { cwd: toolsModule, encoding: 'utf8' });
  if (builder.status !== 0) {
    throw new Error(`cannot build the Collector Builder pinned in tools/collector/go.mod:\n${builder.stderr}`);
  }
  const builderBinary = builder.stdout.trim();

  // The manifest's relative output_path is resolved against the builder's working directory.
  const workDir = path.dirname(binary);
  const sourcesDir = path.join(workDir, distField(fs.readFileSync(manifestPath, 'utf8'), 'output_path'));
  console.log(`Building the OpenTelemetry Collector ${version} into ${binary}.`);
  console.log('This happens once per machine and takes a few minutes (about 3 on 2 cores).');
  fs.rmSync(sourcesDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const runBuilder = (step: string, flags: string[]): void => {
    const result = spawnSync(builderBinary, ['--config', manifestPath, '--skip-get-modules', ...flags], {
      cwd: workDir,
      env: { ...process.env, GOFLAGS: `${process.env.GOFLAGS ?? ''} -mod=readonly`.trim() },
      stdio: 'inherit',
    });
    if (result.status !== 0) {
      throw new Error(
        `the Collector Builder failed to ${step} (exit ${result.status ?? result.signal}); see the output above. ` +
          'If builder-config.yaml changed, regenerate tools/collector/otelcol/go.{mod,sum} as its header says.',
      );
    }
  };
  runBuilder('generate the sources', ['--skip-compilation']);
  for (const file of ['go.mod', 'go.sum']) fs.copyFileSync(path.join(pinnedModuleDir, file), path.join(sourcesDir, file));
  runBuilder('compile', ['--skip-generate']);
  // Rename last, so an interrupted build never leaves a binary that looks complete.
  fs.renameSync(path.join(sourcesDir, path.basename(binary)), binary);
  console.log(`Built ${binary}.`);
  return binary;
}
